"""evalrules: scoring rules for budget performance evaluation (预算绩效评价), exact and explained.

>>> import evalrules
>>> rules = evalrules.compile('''
... 满分 10分
... 指标 资金到位率（10分）{ 得分 = 实际到位资金/预算资金×10分 }
... ''')
>>> rules.evaluate({"实际到位资金": "7.1", "预算资金": "35.5"}).total
Decimal('2.0')
"""

import importlib
from typing import TYPE_CHECKING

from .errors import Diagnostic as Diagnostic
from .errors import EvalRulesError as EvalRulesError
from .errors import EvaluationError as EvaluationError
from .errors import FactError as FactError
from .errors import RuleCompileError as RuleCompileError
from .errors import RuleSyntaxError as RuleSyntaxError
from .ruleset import Ruleset as Ruleset
from .ruleset import compile as compile
from .ruleset import load as load

if TYPE_CHECKING:
    from .facts import Facts as Facts
    from .facts import load_facts as load_facts
    from .result import IndicatorResult as IndicatorResult
    from .result import Loss as Loss
    from .result import Result as Result

# What scoring needs is imported when first asked for, so that loading rules starts faster.
_LATER = {"Facts": "facts", "load_facts": "facts", "IndicatorResult": "result", "Loss": "result",
          "Result": "result"}


def __getattr__(name: str) -> object:
    if name in _LATER:
        return getattr(importlib.import_module(f".{_LATER[name]}", __name__), name)
    raise AttributeError(f"module 'evalrules' has no attribute {name!r}")

__all__ = [
    "Diagnostic", "EvalRulesError", "EvaluationError", "FactError", "Facts", "IndicatorResult",
    "Loss", "Result", "RuleCompileError", "RuleSyntaxError", "Ruleset", "compile", "load",
    "load_facts",
]
