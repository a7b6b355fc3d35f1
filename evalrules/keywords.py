"""The keyword table: every keyword of the rule language, in one place.

The grammar file names keyword terminals (``KW_SCORE`` …) without spelling them; the parser appends
the terminal definitions made here. Each keyword has one or more spellings. A keyword is recognised
only where it is not run on into a following letter (``得分`` is a keyword, ``得分均值`` a name),
except for the counters in ``每出现1次无人在岗``, which are written touching the name that follows.
"""

from __future__ import annotations

import re

import attrs


@attrs.frozen
class Keyword:
    terminal: str
    spellings: tuple[str, ...]
    meaning: str
    touches_name: bool = False
    # What must follow a spelling for it to be this keyword (a regex lookahead), for a word too
    # common to be a keyword everywhere: 为 compares only before a number that is not points.
    before: str = ""
    # What never follows it: 每少于50公斤 is a step below (每少于), not a count (每少).
    not_before: tuple[str, ...] = ()


# The leaf's own weight by any of the names tables give it; one meaning everywhere: read as a
# keyword after 得/计 (得分值的80%), as a name in formulas (完成率×该项分值).
_WEIGHT_SPELLINGS = ("分值", "本项分值", "该项分值", "指标分值", "该指标分值", "该项指标分值", "本指标分值",
                     "权重分")

# This indicator by the names tables give it, and the ways they say it scores nothing: each one
# with each other is how 该项不得分 is spelt.
_THIS_INDICATOR = ("该项", "本项", "此项", "该指标", "本指标", "该项指标", "本项指标", "此项指标")
_NOTHING = ("不得分", "得0分", "计0分", "记0分", "不计分", "不记分", "得零分")

# 建账和资料不完整的按账扣2分: what each one is, after 按 (as after 每) before a deduction.
_BY, _BY_EACH = "按", ("次", "起", "处", "项", "个", "例", "件", "笔", "户", "人", "份", "条", "家", "本",
                       "账", "篇")

KEYWORDS: tuple[Keyword, ...] = (
    Keyword("KW_TITLE", ("指标体系", "评价体系"), "ruleset title"),
    Keyword("KW_FULL_SCORE", ("满分",), "full score"),
    Keyword("KW_ROUNDING", ("舍入",), "rounding policy"),
    Keyword("KW_GRADE_ROUNDING", ("定级舍入",), "rounding of the total before grading"),
    Keyword("KW_KEEP", ("保留",), "keep (decimal places)"),
    Keyword("KW_DECIMALS", ("位小数",), "decimal places", touches_name=True),
    Keyword("KW_HALF_UP", ("四舍五入",), "round half up"),
    Keyword("KW_HALF_EVEN", ("四舍六入五成双", "银行家舍入"), "round half to even"),
    Keyword("KW_DOWN", ("截尾", "直接舍去"), "truncate"),
    Keyword("KW_UP", ("进一法",), "round up"),
    Keyword("KW_GRADES", ("等级",), "grade bands"),
    Keyword("KW_VALUE_RANGE", ("取值范围",), "the values a fact may take"),
    # Only ever after a number, so they may touch what follows (80%以下的不得分).
    Keyword("KW_BELOW", ("以下", "及以下", "以内"), "below", touches_name=True),
    Keyword("KW_ABOVE", ("以上", "及以上"), "above", touches_name=True),
    Keyword("KW_REACH", ("达到", "达", "在", "介于", "达到目标值", "达到预计值", "达到指标值",
                         "达到年度指标值"),
            "(the subject) is at (满意度达到90%以上, 资金支出率达到目标值95%的, 介于90%和95%之间)"),
    # 其余要素每符合一项增加10%: for each one of the elements met, the value goes up by
    Keyword("KW_EACH_MET", ("每符合一项", "每满足一项", "每具备一项", "每符合一个", "每具备一个"),
            "for each one met (其余要素每符合一项增加10%)", touches_name=True),
    Keyword("KW_RAISE", ("增加", "提高"), "(the value) goes up by", touches_name=True),
    # 5月31日前完成…得10分，每提前或推迟1天加扣1分: a deadline of a month and day, each day either way
    Keyword("KW_BY_DATE", ("之前", "以前", "前"), "before (a month and day)", touches_name=True),
    Keyword("KW_PER_EARLY_OR_LATE", ("每提前或推迟", "每提前或延迟", "每提前或滞后", "每提前或延后"),
            "per unit early or late", touches_name=True),
    Keyword("KW_ADD_OR_DEDUCT", ("加扣", "加或扣"), "add (early) or deduct (late)"),
    Keyword("KW_BETWEEN", ("之间",), "between (80%-90%之间)", touches_name=True),
    # 介于90%和95%之间: 和 or 与 joins the ends of a range only before the other end and 之间.
    Keyword("KW_RANGE_AND", ("和", "与"), "and (the other end of a range: 介于90%和95%之间)",
            touches_name=True, before=r"(?=\s*\d+(?:\.\d+)?\s*[%％]?\s*(?:[(（][^)）]{1,4}[)）]\s*)?之间)"),
    Keyword("KW_OF", ("的",), "(80%以下的不得分; 分值的80%)", touches_name=True),
    # 比例不足90%时，每减少5%扣1分: the end of a condition, as 的 is
    Keyword("KW_AT_TIME", ("时",), "(the values) at which (不足90%时)", touches_name=True),
    # Only after 得/计 or a cap's words, where no name may stand: there it is the leaf's weight.
    Keyword("KW_OWN_WEIGHT", _WEIGHT_SPELLINGS, "the indicator's own weight",
            touches_name=True),
    Keyword("KW_AT_MOST", ("最高不超过", "最多不超过", "最高得", "最高为", "最高", "最多为"),
            "(scores) at most", touches_name=True),
    # Comparison words of bands (满意度不低于90%): each sets an end, and whether it holds the number.
    Keyword("KW_NOT_OVER", ("不超过", "不高于", "不大于", "小于等于", "小于或等于", "低于或等于"),
            "at most (the number included)",
            touches_name=True),
    Keyword("KW_NOT_UNDER", ("不低于", "不少于", "不小于", "大于等于", "大于或等于", "高于或等于", "至少"),
            "at least (the number included)",
            touches_name=True),
    Keyword("KW_EQUAL", ("等于",), "equal to", touches_name=True),
    # 业绩值为2得满分, 投诉次数为0得4分: (the subject) is exactly; only before a number that is not
    # points (扣分上限为3分, 评为优 keep their meaning)
    Keyword("KW_IS", ("为",), "is exactly (投诉次数为0得4分)", touches_name=True,
            before=r"(?=\s*\d+(?:\.\d+)?\s*[%％]?(?![\d.．分]))"),
    # 有欠款，但不超过年初预算的5%: the quantity there, but within a share of another value
    Keyword("KW_BUT", ("但是", "但"), "but (有欠款，但不超过年初预算的5%)", touches_name=True),
    Keyword(
        "KW_LEVEL",
        ("指标", "一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "附加分", "加分项"),
        "indicator",
    ),
    Keyword("KW_SCORE", ("得分", "本项得分", "该项得分", "评价指标得分", "指标得分", "得分值"),
            "score formula"),
    # 计分公式：综合达标率×20: the score formula, introduced by a label
    Keyword("KW_SCORE_FORMULA", ("计分公式", "得分公式", "评分公式"), "(the) score formula:"),
    Keyword("KW_SHARE", ("权重", "占比"), "share of the parent (weighted combination)"),
    Keyword("KW_OVER", ("超过", "高于", "大于"), "over (the number excluded)"),
    Keyword("KW_UNDER", ("低于", "小于", "不足", "不满", "未达到", "未达"), "under (the number excluded)"),
    Keyword("KW_COUNT_AS", ("按",), "count as"),
    Keyword("KW_FULL_MARKS", ("按满分计", "计满分", "得满分", "记满分", "给满分", "为满分"), "full marks"),
    Keyword("KW_EARN", ("计", "得", "记"), "scores (计6分)", touches_name=True),
    Keyword("KW_NO_SCORE", ("不得分", "不计分", "不记分"), "scores nothing"),
    # 每开展一项加1分, 每举办一次…: the work a bonus counts, as 每发现 counts lapses.
    Keyword("KW_EACH", ("每出现", "每发现", "每发生", "每有", "每增加", "每新增", "每缺", "每缺少", "每少",
                        "每认定", "每开展", "每举办", "每组织", "每承担", "每获得", "每建成", "每刊登",
                        "每发表"),
            "per occurrence", touches_name=True, not_before=("于",)),
    Keyword("KW_ONE", ("一",), "one (每发现一处)", touches_name=True),
    # 每次扣1分 / 每起减2分: each one, the thing counted said before
    # 建账和资料不完整的按账扣2分 / 按次扣1分: 按 and what each one is say 每 so.
    Keyword("KW_PER_COUNT", ("每次", "每起", "每处", "每项", "每个", "每例", "每件", "每笔", "每户", "每人",
                             "每份", "每条", "每家", "每本", "每篇", "每一处", "每一次", "每一项", "每一个",
                             "每一例", "每一起", "每一件",
                             *(f"{_BY}{one}" for one in _BY_EACH)),
            "each one (每次扣1分, 每一处扣2分, 按账扣2分)", touches_name=True),
    # 以上情况每出现一例不符合要求的扣1分: the count covers the requirements listed before
    Keyword("KW_ABOVE_CASES", ("以上情况", "上述情况", "以上"), "the cases above", touches_name=True),
    Keyword("KW_TIMES", ("人次", "次", "例", "起", "项", "件", "处", "个", "份", "条", "家", "户",
                         "篇", "人", "笔", "段", "块", "名", "亩"), "occurrences", touches_name=True),
    # 每延迟下达1天扣0.5分 / 每滞后一年扣2分: a delay counted in its time units
    Keyword("KW_PER_DELAY", ("每延迟", "每滞后", "每推迟", "每延期", "每逾期", "每超期", "每拖延"),
            "per unit of delay", touches_name=True),
    Keyword("KW_TIME_UNIT", ("天", "日", "个工作日", "工作日", "周", "个月", "月", "个季度", "季度", "年"),
            "a unit of time (每滞后1天)", touches_name=True),
    Keyword("KW_DEDUCT", ("扣除", "扣", "减", "酌情扣除", "酌情扣", "视情况扣除", "视情况扣"),
            "deduct (制度不健全的，酌情扣1-2分: within the range the evaluator chooses)"),
    # 发生火灾事故，全部扣完 / 未经选举的扣该小类分: the lapse costs the whole weight
    Keyword("KW_DEDUCT_ALL", ("全部扣完", "全部扣除", "扣该小类分", "扣该项分", "扣除该项全部分值",
                              "扣除全部分值", "扣全部分值"), "deduct the whole weight"),
    # 记录不详将扣除1-10分: 将 before the deduction is not part of the lapse
    Keyword("KW_WILL", ("将",), "(will) deduct", touches_name=True),
    # 渠道未除杂草，涵闸堵塞将依次扣除4分、2分: the lapses listed, each its cost in turn
    Keyword("KW_IN_TURN", ("依次",), "each in turn", touches_name=True),
    Keyword("KW_ADD", ("加", "奖"), "add (bonus)"),
    # 每超额完成一例宫颈癌筛查奖一分: one point, spelt out after the verb that adds or deducts it
    Keyword("KW_ONE_POINT", ("一分",), "one point (奖一分)", touches_name=True),
    Keyword("KW_ADD_UP_TO", ("加分不超过", "最多加", "加满", "最高加"), "add at most"),
    Keyword("KW_UNTIL_ZERO", ("扣完为止", "扣完即止", "扣完本项分值为止", "扣完该项分值为止", "扣至0分为止",
                              "扣至零分为止", "直至扣完", "直至扣完为止", "扣完本项分为止"),
            "down to zero at most"),
    Keyword("KW_PER_OVER", ("每超过", "每超出", "每高于", "每上升", "每增加", "每提高", "每多", "每高",
                            "每多于"),
            "per step above", touches_name=True),
    Keyword("KW_PER_UNDER", ("每低于", "每少", "每降低", "每下降", "每减少", "每低", "每降", "每少于",
                             "每少完成"),
            "per step below",
            touches_name=True),
    Keyword("KW_PER_DIFFERENCE", ("每相差", "每偏离"), "per step of difference", touches_name=True),
    # 出生人口性别比与去年持平扣0.1分，每高0.1个比点加扣0.1分: level with the other value, and more
    Keyword("KW_LEVEL_WITH", ("持平",), "level with (another value)", touches_name=True),
    Keyword("KW_MORE_DEDUCT", ("加扣", "再扣", "另扣"), "deduct more (each step beyond)", touches_name=True),
    Keyword("KW_WITH", ("与",), "compared with", touches_name=True),
    Keyword("KW_PERCENT_POINT", ("个百分点", "百分点"), "percentage points", touches_name=True),
    Keyword("KW_ONE_PERCENT_POINT", ("一个百分点",), "one percentage point", touches_name=True),
    Keyword("KW_DEDUCT_UP_TO", ("扣满", "扣完", "最多扣", "最多扣除", "扣分不超过", "最高扣", "扣分上限为",
                                "最高减", "最多减", "减分不超过"),
            "deduct at most (扣完6分为止)"),
    # 以3分为限: the deduction at most 3 points
    Keyword("KW_TAKING", ("以",), "with (以3分为限)"),
    Keyword("KW_AS_LIMIT", ("为限",), "as the limit (以3分为限)", touches_name=True),
    Keyword("KW_AS_STANDARD", ("为标准", "为基准"), "as the standard (以100%为标准)", touches_name=True),
    Keyword("KW_STOP", ("为止",), "(at most)"),
    Keyword("KW_WHOLE_STEPS", ("按整档扣分", "不足一档不扣分"), "whole steps only"),
    Keyword("KW_PROPORTIONAL", ("按比例扣分",), "in proportion"),
    # 比例达到30%的得满分，10%以下不得分，在上述比例之间的按比例计分: a straight line between
    # the two bands' ends and points
    Keyword("KW_INTERPOLATE", ("在上述比例之间的按比例计分", "得分在上述比例之间的按比例计分",
                               "在上述区间之间的按比例计分", "介于两者之间的按比例计分",
                               "在两者之间的按比例计分", "其间按比例计分", "之间的按比例计分"),
            "in proportion between the two bands"),
    # 结余率（计算方法为：结余数/预算数）≤5%: the subject of the bands defined where it is named
    Keyword("KW_COMPUTED_AS", ("计算方法为", "计算公式为", "计算方法", "计算公式"), "computed as",
            touches_name=True),
    # 高于/低于 another value (甲高于乙的得满分，低于乙的…): touching the name that follows, as a
    # band's 高于 never does (it is followed by a number).
    Keyword("KW_ABOVE_VALUE", ("高于", "超过", "大于", "不低于", "不少于", "达到"),
            "(at or) above another value", touches_name=True),
    Keyword("KW_BELOW_VALUE", ("低于", "小于", "不足", "未达到", "未达", "未完成"), "below another value",
            touches_name=True),
    Keyword("KW_PROPORTIONAL_LOSS", ("按比例减分", "按比例计分", "按比例得分"),
            "(below the other value) scored in proportion to it"),
    Keyword("KW_CHECKLIST", ("评价要点",), "checklist"),
    Keyword("KW_VETO", ("一票否决",), "veto: scores 0"),
    Keyword("KW_EXEMPT", ("不扣分", "可不扣分", "免于扣分", "视同满分", "视同得满分", "视为满分"),
            "exemption: no points lost"),
    Keyword("KW_THIS_ZERO", tuple(this + nothing for this in _THIS_INDICATOR for nothing in _NOTHING),
            "this indicator scores nothing (该项不得分, 本项指标得0分)"),
    Keyword("KW_NOT_APPLICABLE", ("不适用",), "not applicable"),
    Keyword("KW_RESCALE", ("不计入总分", "按百分制折算", "总分按百分制折算"), "left out; total rescaled"),
    Keyword("KW_SHARE_TO", ("分值均摊到", "分值平均分配到"), "points shared out to"),
    Keyword("KW_CHOOSE_ONE", ("择一考核", "二者择其一", "择其一", "二者择其一进行考核", "择其一进行考核"),
            "one of the children applies"),
    Keyword("KW_VETO_BEST", ("一票否优",), "veto of the best grade"),
    Keyword("KW_JUDGE", ("评定",), "graded judgement"),
    # 好、中、差，分别扣0、2、4分 / 分别得6分、4分和2分: the cases listed, then their points in order
    Keyword("KW_RESPECTIVELY", ("分别",), "respectively", touches_name=True),
    # 核对 合计 = 甲 + 乙: a stated check, reported and never scored (as a report says 经核对)
    Keyword("KW_CHECK", ("核对",), "stated check"),
    Keyword("KW_DISCRETION_GIVE", ("酌情给分", "酌情计分"), "evaluator's score within a range"),
    # 组织专题调研的，酌情给予加分。最多加20分: the evaluator's bonus, from nothing up to a cap
    Keyword("KW_DISCRETION_ADD", ("酌情加分", "酌情给予加分", "分别酌情给予加分", "分别酌情加分",
                                  "视情况加分", "视情况酌情加分"), "evaluator's bonus"),
    Keyword("KW_DISCRETION_DEDUCT", ("酌情扣分", "视具体情况扣分", "视情况扣分", "视情况酌情扣分",
                                     "据实扣分"),
            "evaluator's deduction within a range"),
    # 按照该指标对应分值区间100-80%（含80%）、80-60%（含60%）、60-0%合理确定得分: the evaluator's score
    # within ranges of the weight (四川 自评表); 得分最高不能超过该指标分值上限 said with it
    Keyword("KW_SHARE_RANGES", ("按照该指标对应分值区间", "按该指标对应分值区间", "按照对应分值区间",
                                "按对应分值区间"), "(scored) within the ranges of the weight"),
    Keyword("KW_SCORED_FAIRLY", ("合理确定得分", "合理确定分值", "合理确定分数"),
            "(the evaluator) fairly sets the score", touches_name=True),
    Keyword("KW_WEIGHT_CAP", ("得分最高不能超过该指标分值上限", "最高不能超过该指标分值上限",
                              "得分最高不能超过该指标分值", "得分最高不超过该指标分值上限"),
            "the score at most the weight (as every leaf's is)"),
    Keyword("KW_WHEN", ("当",), "earned when"),
    Keyword("KW_IF", ("如果", "若"), "if"),
    # These four only ever follow a value, where no name may stand: they may touch what follows
    # (满意度≥80%且满意度<90%). A name still ends only where a letter does not follow it, so
    # 如果 达标 则 … needs its spaces.
    Keyword("KW_THEN", ("则",), "then", touches_name=True),
    Keyword("KW_ELSE", ("否则",), "else", touches_name=True),
    Keyword("KW_AND", ("并且", "且"), "and", touches_name=True),
    Keyword("KW_OR", ("或者", "或"), "or", touches_name=True),
    # 按 before the formula of 按实际完成值/年度指标值×分值计分, touching its first name.
    Keyword("KW_BY", ("按",), "(scored) by (a formula)", touches_name=True),
    # 按预算执行率×该指标分值计分 as a rule of its own: 按 before a formula and its 计分 in one
    # clause (按要求完成…年度计划，未完成的… stays a requirement).
    Keyword("KW_BY_FORMULA", ("按",), "(scored) by the formula (按预算执行率×分值计分)", touches_name=True,
            before=r"(?=[^，。；,;{}｛｝\n]{1,80}?[×*＊\/／÷][^，。；,;{}｛｝\n]{0,80}?(?:计分|记分|计算))"),
    Keyword("KW_SCORED", ("计分", "记分", "计算得分", "计算"), "(按 … 计分) scored so", touches_name=True),
    # 按完成比例计算得分，满分为止: the weight times the completion ratio, at most the weight
    Keyword("KW_BY_COMPLETION", ("按完成比例计算得分", "按完成比例计分", "按完成比例得分"),
            "scored by the completion ratio"),
    Keyword("KW_FULL_CAP", ("满分为止", "以满分为限"), "at most full marks"),
    # 完成率（超过100%以100%计算）: the value taken as, in a formula
    Keyword("KW_RECKONED", ("计算",), "(taken as a value) in reckoning", touches_name=True),
    Keyword("KW_NOT", ("非",), "not"),
    Keyword("KW_TRUE", ("是", "真"), "true"),
    Keyword("KW_FALSE", ("否", "假"), "false"),
)

# Keywords outrank names, so they are tried first wherever both may stand.
# What some spellings mean once read; the compiler resolves them and the plan keeps no spelling.
# Of the level keywords, those for bonus indicators: outside the full score, added to the total.
BONUS_LEVELS = frozenset({"附加分", "加分项"})
# The depth that a numbered level keyword says.
LEVEL_DEPTH = {"一级指标": 1, "二级指标": 2, "三级指标": 3, "四级指标": 4, "五级指标": 5}
# Names (read as names, not keywords) that stand for the weight of the leaf being scored.
WEIGHT_NAMES = frozenset(_WEIGHT_SPELLINGS)
WEIGHT_NAME = _WEIGHT_SPELLINGS[0]  # the one the compiler writes when it spells out a rule
# The verbs of 每出现/每发现…, written without 每 before a count (发现一处错误扣1分): they say
# what is counted no more than 每出现 does.
OCCURRENCE_VERBS = frozenset(s.removeprefix("每") for k in KEYWORDS if k.terminal == "KW_EACH"
                             for s in k.spellings)
# Of those, the ones that say a lapse was found: not part of what is counted (发现违规使用资金的).
FINDING_VERBS = ("发现", "出现", "发生")
# 有效投诉次数为0得4分，每发生1次有效投诉扣1分: the ends of a count's name, after what it counts
# (次数 before 数; 安全事故发生次数 counts 安全事故, what 发生 happened).
COUNT_ENDS = ("次数", "起数", "件数", "数量", "人次", "数")
# Where a table says its evidence comes from, kept as text: 以会议记录为准, 以公示照片为依据,
# 根据档案检查及其他抽查结果 (根据/依据 only with one of these endings: 依据充分 is a case).
SOURCE_TAKING, SOURCE_AS = ("以",), ("为准", "为依据", "为据")
SOURCE_BY, SOURCE_OF = ("根据", "依据"), ("结果", "情况", "记录")
# 同篇信息不重复计分: how the evaluator counts (one piece once), kept as text.
NOT_TWICE = ("不重复计分", "不重复加分", "不重复得分", "不重复计算", "不得重复计分", "不重复扣分")
# 如发现渠道未除杂草，…将依次扣除…: the words that say a lapse is looked for, not part of it;
# 瞒报多报一经查实每一处扣2分: nor those that say it was confirmed.
IF_FOUND = ("如发现", "若发现", "一经发现")
CONFIRMED = ("一经查实", "经查实", "一经发现", "经核实")
# 每缺席一次: 每 before what is counted (缺席), not part of its name.
EACH = "每"
# The words that open a cap or option after a deduction (，扣完为止 / ，最多扣5分; 以3分为限 too).
STEP_OPTION_WORDS = ("KW_UNTIL_ZERO", "KW_DEDUCT_UP_TO", "KW_ADD_UP_TO", "KW_WHOLE_STEPS",
                     "KW_PROPORTIONAL")
# 监督不到位、不及时、记录不全各扣1分: each of the lapses listed costs the points.
EACH_OF = "各"
# What 按完成比例 reads: the leaf's own 完成率 where it defines one, else a fact of this name.
COMPLETION_SUFFIX = "完成率"
COMPLETION_FACT = "完成比例"
# 若实施方案没有该项建设任务的，不扣分: the word that says if, not part of the condition stated first.
IF_WORDS = tuple(next(k.spellings for k in KEYWORDS if k.terminal == "KW_IF"))
# 实际完成量/目标任务的比值: the words after a divisor that name the quotient, not the divisor.
RATIO_WORDS = ("的比值", "之比值", "的比率", "之比")
# 赋分，即“评价指标得分=…”: the word that says the quoted formula is the rule just described.
NAMELY = "即"
# The case that holds when the one before does not (…的，得5分；否则不得分).
OTHERWISE = frozenset(next(k.spellings for k in KEYWORDS if k.terminal == "KW_ELSE"))
# 其他不得分 after the bands: the values no band above holds.
REST_WORDS = frozenset({"其他", "其它", "其余", "其他情况", "其它情况", "其余情况", "其他情形"})
# A last case worth nothing that speaks of the ones above ((3)上述两项均不符合0分): it says no
# more than that their points are lost, so it is not a case of its own.
ALL_ABOVE = ("上述", "以上", "前述")
# …，未开展相关工作的视情况扣分: the work of the cases listed before, as 上述 says it.
WORK_LISTED = "相关"
# 成本节约率≥0得满分，超支不得分: spending over the plan, said of a rate of savings (what its
# subject ends with), is that rate below 0.
OVERSPENT = ("超支", "超出预算", "超预算")
SAVINGS = ("节约率", "节支率", "节约额", "节约金额", "节约资金")
# ①…；②…。以上任一项不符合的，该项不得分: any one of the requirements listed (not met, it zeroes).
ANY_ONE = ("任一项", "任何一项", "其中任一项", "其中任何一项", "有一项", "其中一项")
# 与去年持平: a time before the value compared with, which is the first value of that time
# (去年出生人口性别比).
EARLIER = ("去年同期", "上年同期", "上年度", "上一年", "前一年", "去年", "上年", "同期")
# …经费不足，酌情给0~5分: the words before a range that the evaluator scores within.
AT_DISCRETION = ("酌情给", "酌情给予", "酌情")
# What may stand before the first case of a list scored 分别 and is not part of it:
# 环境卫生在本县属好、中、差 lists 好, 中 and 差.
LIST_INTRO = ("属于", "属", "评为", "分为", "为")
# … and the word before the last of its points (分别得6分、4分和2分).
LIST_AND = ("和", "及")
# The marks that number the points of a checklist written out in a sentence (①…，1分；②…，1分).
ITEM_MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# … or numbered 1、 1. (1) （1）: a pattern, as the numbers are any; or a box printed to tick
# (□张贴于大厅入口（3分）□张贴于大厅内（1分）).
BOXES = "□☐"
# Lettered options (A.…，6分。B.…) are numbered so too: a capital that no letter touches.
LETTER_MARK = r"(?<![A-Za-z])[A-H][、.．](?![A-Za-z\d])"
ITEM_MARK = rf"(?:[{ITEM_MARKS}{BOXES}]|[(（]\d{{1,2}}[)）]|\d{{1,2}}[、.．](?!\d)|{LETTER_MARK})"
# 近3年会员数量增加 / 前5名 / 连续2年: a number of years or a rank inside a case, after one of these
# words and before more of its words; never a threshold (近3年以上), a share or points.
PERIOD_WORDS = ("近", "前", "第", "连续", "最近")
# …2分、…2分，每完成1项取得该项分数，未完成项不得分: the words that say a list of cases is scored
# item by item, each earning its own points (a checklist): the verbs of done and not done, and
# what a done item earns.
ITEM_DONE = ("完成", "达到", "做到", "落实", "实现", "符合")
ITEM_EARNS = ("取得该项分数", "取得该项分值", "得该项分数", "得该项分值", "得该项分", "计该项分值",
              "计该项分数", "即得该项分值", "即得该项分数")
ITEM_LOST = ("不得分", "不计分", "得0分", "计0分")
ITEMS_EARN = tuple(f"每{verb}{one}项{earns}" for verb in ITEM_DONE for one in ("1", "一")
                   for earns in ITEM_EARNS)
# … and, only after those, the items not done (未完成项不得分): alone, 未完成的不得分 is a level.
ITEMS_LOST = tuple(f"未{verb}{which}{lost}" for verb in ITEM_DONE for which in ("项", "的项")
                   for lost in ITEM_LOST)
# …得10分，按实际情况评分: the evaluator scores each case as found; it says no more than the cases
# before it do (kept as text, with the separator before it).
AS_FOUND = tuple(f"{by}{found}{scored}" for by in ("按", "根据", "依据", "视")
                 for found in ("实际情况", "实际") for scored in ("评分", "打分", "计分", "给分"))
# 会员数量增加12分: words whose last character is a verb of points (加, 扣, 得), before bare points:
# the case's points, or the verb's (会员数量 … 加12分)? Told as two readings, never guessed.
VERB_ENDED = ("增加", "参加", "追加", "附加", "添加", "获得", "取得", "克扣")
# A target stated with its unit (委托业务项目数量≥50个): the units a number may carry.
UNITS = ("个", "万元", "亿元", "元", "万美元", "美元", "人次", "人", "户", "份", "项", "次", "家",
         "公里", "千米", "平方米", "立方米", "厘米", "米", "亩", "公顷", "吨", "天", "日", "小时", "个月",
         "月", "年", "周", "名", "篇", "场", "期", "批", "条", "处", "件", "台", "套", "辆", "所", "座",
         "株", "册", "本", "间", "张", "位", "种", "盏", "棵", "头", "只", "套次", "人天", "课时",
         "个比点", "比点", "公斤", "千克", "学时", "个工作日", "工作日", "平方公里", "人日", "千瓦", "起",
         "例")
# The cases of a stated target (≥50个，达成预期指标的得满分，未达成的按…计分): met, then not.
TARGET_MET = ("达成预期指标", "达到预期指标", "达到年度指标值", "达到年度指标", "达到指标值", "达到目标值",
              "达成", "达到", "完成", "未超出", "未超过")
# 未全面覆盖的 / 未全部完成的: not met, where the target is the whole (100%) and nothing less.
NOT_WHOLLY = "未全"
TARGET_UNMET = ("未达成预期指标", "未达到预期指标", "未达成", "未达到", "未完成", "超出", "超过",
                *(f"{NOT_WHOLLY}{whole}{verb}" for whole in ("面", "部", "")
                  for verb in ("覆盖", "完成", "达到")),
                "低于要求", "未达到要求", "达不到要求")
# In the formula of a target's unmet case, the words for its value and for the target itself:
# they name this indicator's subject and the number stated, never a fact shared with others.
# 以下各项均按实际完成值/目标值×该项分值计分: one formula for every indicator below, each with its
# own facts; these are what stands before 按 in place of an indicator's name.
BLOCK_SUBJECTS = frozenset({"以下各项均", "以下各项指标均", "下列各项均", "下列各项指标均", "以下指标均",
                            "下列指标均", "以下各项", "下列各项", "各项均", "各项指标均"})
TARGET_ACTUAL = frozenset({"实际完成值", "全年实际值", "实际值", "实际完成数", "完成值", "实际数",
                           "全年实际完成值", "实际人数"})
TARGET_STATED = frozenset({"年度指标值", "指标值", "预期指标值", "年初目标值", "目标值", "预计值",
                           "年度目标值", "计划值"})
# The marks that say a band holds its end, or does not: （含）, （含本数）, （包括30%）, （不含）.
INCLUDING = ("含", "包括", "包含")
EXCLUDING = ("不含", "不包括", "不包含")
# 该项指标总计分为20分: the weight said again in a criterion (a terminal of its own, WEIGHT_SAID, as
# the case of a level would otherwise take it: 该项指标总计分为 then 20分).
WEIGHT_SAID = ("该项指标总计分为", "该指标总计分为", "本项指标总计分为", "本指标总计分为", "该项总计分为",
               "本项总计分为", "本项满分为", "该项满分为", "本项共计", "该项共计", "本项合计", "该项合计")
# 达成年度指标的，得分为分值的80%（含）-100%: the words before a level's range given as shares of
# the weight (a terminal of its own, SHARE_OF, as 得分 would otherwise open a formula).
SHARE_SAID = ("得分为", "得分", "为")
# 根据指标完成情况分为：达成年度指标、部分达成年度指标、未达成年度指标三档，分别按照该指标对应分值区间…:
# the tiers named before their ranges of the weight, and how many there are said to be.
TIERS_SAID = ("分为",)
TIER_COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
TIER_WORD = "档"
# 在基础分上减分最高3分：… — at most so much is deducted by the rules that follow, from the score
# the indicator earns otherwise (a terminal of its own, PENALTY_CAP, as the case of a level would
# otherwise take it).
PENALTY_CAP = tuple(f"{base}{most}" for base in ("在基础分上", "基础分上", "")
                    for most in ("减分最高", "扣分最高", "最多减分", "最多扣分", "减分不超过", "扣分不超过"))
# 定量指标若为正向指标（即指标值为≥*），则得分=…；若为反向指标…: the kinds of quantitative
# indicator a formula is for (a higher value is better, or a lower one), the first the positive.
DIRECTIONS = ("正向指标", "反向指标")
# 此项5分扣完为止: the words that say the weight again before 扣完为止, a sentence of its own.
THIS_ITEM = ("此项", "本项", "该项")
# 查看报送材料：… / 现场查看：…: the words of an inspection, which a label before levels may open
# with; such a label is never the name of what the levels judge.
INSPECTIONS = ("查看", "查阅", "检查", "抽查", "核查", "现场查看", "实地查看")
# 群众满意度调查，满意度90%以上的得5分: how the value is found, a lead-in before bands that name
# it (a lead ending otherwise, 项目完成，到位率≥95%…, may be a condition of the points: not read).
SURVEYS = ("调查", "测评", "问卷", "评议", "回访", "抽查", "统计")
# 定性指标：达成年度指标得满分，…: the kind of indicator, as a label, is not what the levels judge.
KIND_LABELS = ("定性指标", "定量指标")
# 明确分管内控工作的领导（0.5）及岗位职责（0.5）: what joins items written with their points in
# brackets; and the verbs the first item may share with the items after it (明确…及岗位职责: 明确岗位职责).
ITEM_JOINS = "及和与、，,"
SHARED_VERBS = ("明确", "建立", "健全", "制定", "完善", "落实", "配备", "设立", "设置", "成立")
# 每缺一项扣1分: the words of 每 that count what is missing from a list of required items.
MISSING_EACH = ("每缺少", "每缺", "每少")
# 专职人员少于2人: words that compare a count (besides those of bands), never opening one.
COUNT_COMPARED = ("少于", "多于")
# 无欠款，4分；有欠款，但不超过年初预算的5%，2分: the quantity none, or some, when the bands are
# shares of another value (read only there; 无结余，3分 alone stays a level).
NONE_WORDS = ("没有", "无")
# 全部达标的得满分；部分达标的，按达标比例计算得分；全部未达标的不得分: what is met, in part or
# in full, and the share of it met (the fact the score is in proportion to)
RATIO_MET = ("达标", "完成", "合格")
RATIO_ALL = ("全部", "全面", "完全")
RATIO_NONE = ("全部未", "均未", "都未", "未")
# 项目按计划完成得满分，未完成的按完成比例得分: all of it done as planned, and the part short of it
RATIO_AS_PLANNED = ("按计划", "按期", "如期", "按时")
RATIO_SHORT = ("未全部", "未按计划", "未按期", "未")
RATIO_SHARE = ("比例", "率")
RATIO_SCORED = ("计算得分", "折算得分", "计算", "计分", "得分")
SOME_WORDS = ("有",)
# 达到计划面积的90%: the words of 达到 that compare with a share of another value (not 达 or 在:
# 下达全部补助资金的40% compares nothing).
SHARE_REACH = ("达到",)
# 高于上年决算数5%以内: a rise over another value, said without 的 (the share is 的5%).
RISE_WITHIN = "以内"
# 高于上年专项资金决算数的30%: above 30% of it, or more than 30% above it? These comparison words,
# or a base that is the same figure a year (a period) before, leave a share of another value
# with both readings.
RISE_WORDS = ("高于", "低于", "不高于", "不低于", "高于或等于", "低于或等于")
# The marks of a comparison word that looks up (高于, 不超过, 大于): read as a rise, 5% more than
# the base; the others (低于, 不足, 小于等于) 5% less.
UP_MARKS = "高超大多"
PRIOR_PERIOD = ("上年", "去年", "上一年", "前一年", "上年度", "上期", "同期", "上一年度")
# …以上的项目计10分。…300万元以上的奖10分 / 达5万元的，计3分，每超额完成1万的加计1分: points on top
# of the full weight, which a leaf's score (0 to its weight) has no room for.
ON_TOP = ("奖励", "奖", "加计", "另加", "再加")
# 未达到5万元的，扣3分 (after 达5万元的，计3分): points off below nothing.
BELOW_NOTHING = ("未达到", "未达", "未完成", "低于", "不足")
# 未配备专职人员扣3分 (beside 专职人员少于2人扣2分): a lapse of none of the number compared.
ABSENT_WORDS = ("未配备", "未配置", "未设置", "未设立", "未建立", "没有", "无", "未")
# 完成…任务得12分，每减少10%扣2分: the word that opens a task whose share done is counted.
TASK_WORD = "完成"
# 开工建设面积达到年度任务90%及以上的: a band's subject that says one thing reaches another is
# their ratio, which the table may name when it says the subject again (比例不足90%时).
REACHES = "达到"
# 在计划时间内完成的，得满分，超过计划时间的，…扣分。实际完成情况与计划每相差5%…: a sentence that
# deducts only for overrunning the plan (and says nothing of falling short of it) limits the
# difference after it to overruns.
OVERRUN_WORDS = ("超过计划", "超出计划", "超计划")
SHORTFALL_WORDS = ("提前", "低于", "少于", "不足", "未达", "未完成", "未按", "减少")
# 设施蔬菜面积占蔬菜种植面积的60%以上: a subject that says one thing's share of another, its 的
# before the number not part of the name.
SHARE_WORD, SHARE_OF_WORD = "占", "的"
# 具备要素1得20%，具备要素2得40%。业绩值为100%得满分… / 具备一个得分要素业绩值加0.5 / 其余要素每符合一项
# 增加10%: the elements a band's subject is made of, each worth so much.
HAVING = ("具备", "具有", "符合", "满足")
HAVING_EACH = ("每具备一个", "具备一个", "每具备1个", "具备1个", "每具有一个", "具有一个")
# 5月31日前完成生态河道清淤计划任务: the verbs a deadline's task opens with; the date it was done is
# a fact named by the verb (完成日期), the task kept as text. A day is the only step read.
DEADLINE_VERBS = ("完成", "上报", "报送", "提交", "下达", "拨付", "开工", "竣工", "建成", "验收")
DATE_WORD = "日期"
DAY_UNITS = ("天", "日")
# 且, 并且: what ends the words a band's points also need (完成全年蔬菜生产任务且…), longest first.
AND_WORDS = tuple(sorted(next(k.spellings for k in KEYWORDS if k.terminal == "KW_AND"), key=len,
                         reverse=True))
# 完成值达到指标值的，记满分；未达到指标值的，按…计分 / 项目完成时间≤计划时间，得满分；超过计划时间的，…:
# the words that compare a value with another value the unit reports (not a number), by the
# comparison each one makes, longest first where one begins another (未达到 before 达到).
COMPARED_WORDS = {
    ">=": ("达到或超过", "大于或等于", "高于或等于", "大于等于", "不低于", "不少于", "不小于", "达到",
           "≥", ">=", "＞＝", "≧"),
    ">": ("超过", "超出", "高于", "大于", "多于", ">", "＞"),
    "<=": ("小于或等于", "低于或等于", "小于等于", "未超过", "未超出", "不超过", "不超出", "不高于",
           "不大于", "不多于", "≤", "<=", "＜＝", "≦"),
    "<": ("未达到", "达不到", "未完成", "未达", "低于", "小于", "不足", "少于", "<", "＜"),
}
# … and the last words of the other value's name, which say it is a figure (计划数, 序时进度,
# 计划时间, 预算数, 指标值): 达到要求的, 达到国家标准的 compare with no figure and stay cases.
COMPARED_VALUE_ENDS = ("值", "数", "进度", "时间", "时限", "工期", "日期", "金额", "额", "量", "成本",
                       "预算", "水平", "率", "人口", "人数", "面积")
# In the formula of the case not met, 实际受益人口 is the value compared (受益人口) and 计划受益人口
# the other value (计划数: its words before 数 with the value's name), as a table says a pair again.
ACTUAL_WORDS = ("实际完成", "实际")
FIGURE_WORDS = ("数", "值", "量")
# 按实际完成值占年度指标值的比例计分: the share of one value in the other (甲占乙的比例).
PROPORTION_WORD = "比例"
# A name that ends so is a rate (完成率): a step of 1% against it may be a point or a share.
RATE_SUFFIX = "率"
# A step said in percentage points (每低0.1个百分点), as against a share (每减少1%).
PERCENT_POINT_WORDS = tuple(next(k.spellings for k in KEYWORDS if k.terminal == "KW_PERCENT_POINT"))
# The field that holds an indicator's 评价标准, and the word for "both" in 且/或.
CRITERION_LABEL = "评价标准"
BOTH = "且"
# The spellings of 核对: a metric named as if run on from one is a check that lost its space.
CHECK_SPELLINGS = next(k.spellings for k in KEYWORDS if k.terminal == "KW_CHECK")

_PRIORITY = 5
# Words a keyword may touch nonetheless: 奖一分 is 奖 and one point, 扣除权重分的1/4 is 扣除 and
# the weight.
_MAY_TOUCH = ("一分", "权重分")
_NOT_A_LETTER = rf"(?!(?!{'|'.join(_MAY_TOUCH)})[^\W\d])"


def _words(*terminals: str) -> str:
    """A regex alternation of every spelling of these keywords, longest first (each with what
    must, and must not, follow it)."""
    spelled = {s: _context(keyword) for keyword in KEYWORDS if keyword.terminal in terminals
               for s in keyword.spellings}
    assert spelled, terminals
    ordered = sorted(spelled, key=lambda s: (-len(s), s))
    return "(?:" + "|".join(re.escape(s) + spelled[s] for s in ordered) + ")"


def _context(keyword: Keyword) -> str:
    """What must follow a spelling of the keyword, and what must not."""
    never = f"(?!{_alternatives(keyword.not_before)})" if keyword.not_before else ""
    return keyword.before + never


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _mark(words: tuple[str, ...]) -> str:
    return rf"[(（]\s*(?:{_alternatives(words)})\s*(?:本数|\d+(?:\.\d+)?\s*[%％分]?)?\s*[)）]"


def spellings_of(*terminals: str) -> set[str]:
    return {s for keyword in KEYWORDS if keyword.terminal in terminals for s in keyword.spellings}


# The longest run a case, a name or a lead-in is looked for over, in characters. Each context
# terminal scans ahead for the words that end it; bounded, a line of many short clauses is lexed
# in time linear in its length (unbounded, every clause rescanned the rest of the line).
PHRASE_LIMIT = 200


def _bounded(pattern: str) -> str:
    """The pattern with every lazy repetition bounded by PHRASE_LIMIT."""
    return pattern.replace("*?", f"{{0,{PHRASE_LIMIT}}}?").replace("+?", f"{{1,{PHRASE_LIMIT}}}?")


def _context_terminals() -> list[tuple[str, int, str, str]]:
    return [(name, priority, _bounded(pattern), use)
            for name, priority, pattern, use in _lookahead_terminals()]


def _lookahead_terminals() -> list[tuple[str, int, str, str]]:
    """Terminals told apart by the keywords that follow them: (name, priority, pattern, use).

    Chinese score tables run a name into the next word (每出现1次无人在岗扣1分, 相符的得10分), and a
    semicolon may go on with a list or end a statement. These terminals end a name, or tell a
    separator, by looking ahead for keywords; their words come from the table above, so that a
    spelling added there (an English one, say) is seen here too.
    """
    letters = r"[^\W\d]"
    # Text never opens with an operator: after a formula's name (得分=完成率×分值；每发现…) the
    # lexer may start a body item, and 「×分值」 is the formula going on, not a requirement.
    operator = r"[×*＊÷\/／+＋\-－−|｜]"
    compare = "(?:[≥≤≧≦<>＜＞≠]|==|!=)"
    # After a band, a name and = go on with the bands (；差额=0，计10分): elsewhere they begin
    # a metric (完成率 = 实际/计划), so = ends a band's subject only there.
    compare_or_equal = "(?:[≥≤≧≦<>＜＞≠=＝═]|!=)"
    # … or where = and a number are followed by the points they score: 差额=0，计10分.
    scores = _words("KW_EARN", "KW_NO_SCORE", "KW_FULL_MARKS")
    met = _alternatives(TARGET_MET)
    equal_band = (rf"[=＝═]\s*\d[\d.]*\s*[%％分]?\s*(?:[,，:：]|{_words('KW_OF')})\s*"
                  rf"(?:{scores}|(?:{met}|{_alternatives(TARGET_UNMET)}){_words('KW_OF')})")
    # A comparison word starts a band only before its number: 项目不足之处 stays a name.
    comparing = _words('KW_UNDER', 'KW_OVER', 'KW_NOT_OVER', 'KW_NOT_UNDER', 'KW_EQUAL', 'KW_IS')
    beyond = rf"{comparing}\s*\d"
    steps = _words("KW_PER_OVER", "KW_PER_UNDER")
    reach = _words("KW_REACH")
    earn, of = _words("KW_EARN"), _words("KW_OF")
    met_ratio = _alternatives(RATIO_MET)
    ratio_part = rf"(?:部分|{_alternatives(RATIO_SHORT)})(?:{met_ratio})"
    ratio_by = rf"按{letters}{{0,20}}?(?:{met_ratio})"  # 按(质量)达标(比例计算得分)
    # What each one counted costs or adds: 扣1分, 加1分, or 得0.5分 (每篇得0.5分: a bonus).
    gains = rf"(?:{_words('KW_DEDUCT', 'KW_ADD')}|{earn}\s*\d)"
    difference = _words("KW_PER_DIFFERENCE", "KW_PER_OVER", "KW_PER_UNDER")
    after_value = _words("KW_AND", "KW_OR", "KW_THEN", "KW_ELSE")
    with_ = _words("KW_WITH")
    compared = _words("KW_ABOVE_VALUE")
    not_compared = rf"(?:(?!{compared}){letters})"
    full = _words("KW_FULL_MARKS")
    below = _words("KW_BELOW_VALUE")
    not_below = rf"(?:(?!{below}){letters})"
    in_proportion = _words("KW_PROPORTIONAL", "KW_PROPORTIONAL_LOSS")
    # …赋分，即“评价指标得分=实际完成量/目标任务*该项指标分值”: a formula in quotes.
    quoted_formula = (rf"(?:[,，]\s*)?(?:{NAMELY}\s*[:：]?\s*)?[“\"]"
                      rf"(?=\s*{_words('KW_SCORE')}\s*[=＝═])")
    # A band's subject may quote a word (“三公经费”变动率) or hold a parenthesis (因公出国（境）费).
    subject = rf"(?:“{letters}+”|{letters})(?:{letters}|“{letters}+”|[(（]{letters}+[)）])*"
    not_with = rf"(?:(?!{with_}){letters})"
    shortfall = _alternatives(SHORTFALL_WORDS)
    compared_word = f"(?:{_alternatives(tuple(w for ws in COMPARED_WORDS.values() for w in ws))})"
    not_compared_word = rf"(?:(?!{compared_word}){letters})"
    compared_met = rf"(?:{full}|{earn}\s*\d[\d.]*\s*分)"
    compared_unmet = (rf"(?:{_words('KW_NO_SCORE', 'KW_THIS_ZERO', 'KW_PROPORTIONAL', 'KW_BY_COMPLETION')}"
                      rf"|{_words('KW_PROPORTIONAL_LOSS', 'KW_BY', 'KW_PER_OVER', 'KW_PER_UNDER')})")
    quoted_word = rf"“{letters}{{1,20}}”"  # “三公”经费支出: a word set off, part of the name
    compared_first = (rf"(?:{not_compared_word}|{quoted_word}){{1,40}}?"
                      rf"(?=\s*{compared_word}\s*{letters}{{0,30}}?"
                      rf"(?:{_alternatives(COMPARED_VALUE_ENDS)})\s*(?:{_words('KW_OF')})?\s*"
                      rf"(?:[,，:：]\s*)?{compared_met}\s*[,，;；。]\s*(?:{not_compared_word}{{0,30}}?)?"
                      rf"{compared_word})")
    deadline_task = (rf"(?:{_alternatives(DEADLINE_VERBS)}){letters}{{0,60}}?"
                     rf"(?=\s*{earn}\s*\d[\d.]*\s*分\s*[,，]\s*"
                     rf"{_words('KW_PER_EARLY_OR_LATE', 'KW_PER_DELAY')})")
    element = (rf"(?:{letters}|\d){{1,30}}?(?=\s*(?:{_words('KW_EARN')}\s*\d[\d.]*\s*[%％]"
               rf"|{_words('KW_ADD')}\s*\d))")
    # 欠款超过年初预算的5% / 达到计划面积（新增绿地面积）的90%: a threshold that is a share of
    # another value, named before 的 and the percentage (高于上年决算数5%以内, with no 的, a rise).
    percent_after = r"\s*\d[\d.]*\s*[%％]"
    # (never opening with a comparison word: where a band's word may come, that word comes first)
    share_base = (rf"(?!{comparing}|{reach}){subject}"
                  rf"(?={of}{percent_after}|{percent_after}\s*{RISE_WITHIN})")
    # (达到 in full: 下达全部补助资金的40% is no comparison)
    share_words = rf"(?:{comparing}|{_alternatives(SHARE_REACH)})"
    shared = rf"{share_words}\s*{share_base}"
    # … after the subject, which 有 may open and 但 follow (有欠款，但不超过年初预算的5%)
    share_after = rf"(?:[,，]\s*)?(?:{_words('KW_BUT')}\s*)?{shared}"
    # (得分值的50%: a share of the weight, as 得50%分值)
    points_after = (rf"({earn}\s*(\d|{_words('KW_FULL_SCORE')}|{_words('KW_OWN_WEIGHT')}{of}?\s*\d)"
                    rf"|{_words('KW_NO_SCORE', 'KW_THIS_ZERO')})")
    # Past the first level, one may score the weight less some points (不齐全的扣2分); the first
    # may not, or 每发现一处资料缺失扣0.5分 would read as a level.
    deducted = rf"{_words('KW_DEDUCT')}\s*\d"
    # The points of a case: 得3分, 不得分, 扣2分, （3分）, ：3分, or the bare 3分 after a comma
    # (无结余，3分) or touching it (优5分), or a blank apart (某一间办公室 3分).
    # Touching only a phrase that does not end in a verb of its own (扣0.5分 is a deduction).
    verbs = "".join(sorted({s[-1] for s in spellings_of("KW_DEDUCT", "KW_ADD", "KW_EARN")}))
    # … or a range the evaluator's score is given in: 其他（0-1分）, 基本符合要求，6-8分.
    amount = r"\d[\d.]*(?:\s*(?:分\s*)?[-－−~～至—–]\s*\d[\d.]*)?\s*分"
    bare_points = rf"(?:\s*[:：,，]\s*|(?<![{verbs}])\s*){amount}"
    # Points in brackets: （3分）, or 〔0.5分〕 as some tables print them.
    bracketed = rf"\s*[(（〔]\s*{amount}\s*[)）〕]"
    # … or a range of shares of the weight, after a comma or colon and ending its clause:
    # 达成年度指标的，得分为分值的80%（含）-100%；部分达成的，60%（含）-80%；未达成的，60%以下.
    dash = "[-－−~～至—–]"  # of a range (扣0.5-1分): the grammar's MINUS and RANGE_DASH
    # The lower end may be bare (0-60%), the ends either way round (100-80%).
    share_end = rf"\d[\d.]*\s*[%％]\s*(?:{_mark(INCLUDING + EXCLUDING)}\s*)?"
    share_range = rf"{dash}\s*{share_end}"
    share_of = (rf"(?:(?:{_alternatives(SHARE_SAID)})?{_words('KW_OWN_WEIGHT')}{of})"
                rf"(?=\s*\d[\d.]*\s*(?:[%％]|{share_range}))")
    share = (rf"\s*[,，:：]\s*(?:{share_of})?(?:{share_end}(?:{share_range}|{_words('KW_BELOW')})"
             rf"|\d[\d.]*\s*{share_range})(?=\s*(?:[;；。}}｝\n]|$))")
    level_points = (rf"(\s*(?:[,，]\s*)?{points_after}|\s*{deducted}|{bracketed}|{share}"
                    rf"|{bare_points}|\s*[。.]\s*\d[\d.]*\s*分)")
    # A list without 评定 opens with （N分） only before a comma or the mark of the next case
    # (□…（3分）□…): one a line, or before a semicolon, it is a 评价要点 item.
    level_start = (rf"(\s*(?:[,，]\s*)?{points_after}|{share}"
                   rf"|{bracketed}\s*(?:[,，、;；]|{ITEM_MARK})"
                   rf"|{bare_points}|\s*[。.]\s*\d[\d.]*\s*分)")
    # A case never runs over the words that follow cases: 视情况扣分, 扣完5分为止, 每发现 ….
    case_ends = _words("KW_EACH", "KW_DISCRETION_DEDUCT", "KW_DISCRETION_ADD", "KW_DEDUCT_UP_TO",
                       "KW_ADD_UP_TO", "KW_UNTIL_ZERO", "KW_RESPECTIVELY", "KW_PER_DELAY")
    # … nor over 按账 before a deduction (…不完整的按账扣2分: each one costs), though 未按项目进度 is a case.
    stops = (rf"(?:{case_ends}"
             rf"|每(?:{_words('KW_ONE')}|\d+)?{_words('KW_TIMES')}"
             rf"|{_BY}(?:{_alternatives(_BY_EACH)})(?=\s*(?:[,，]\s*)?{_words('KW_DEDUCT', 'KW_ADD')}\s*\d))")
    # Nor is a count a case: 一处杂物扣1分 deducts for every 杂物, it is not a level worth 11.
    counted = (rf"(?:{_alternatives(tuple(sorted(OCCURRENCE_VERBS)))})?(?:{_words('KW_ONE')}|\d)"
               rf"\s*{_words('KW_TIMES')}")

    # 专职人员少于2人扣2分 compares a number, it does not count one: no count follows a comparison.
    compared_count = (rf"(?:{comparing}|{_alternatives(COUNT_COMPARED)})\s*"
                      rf"(?:{_words('KW_ONE')}|\d)")
    count_words = _alternatives(tuple(sorted(
        spellings_of("KW_UNDER", "KW_OVER", "KW_NOT_OVER", "KW_NOT_UNDER") | set(COUNT_COMPARED))))
    # The points a lapse costs: 扣1分, or 扣1 at the end of its clause (每处扣1；).
    cost_end = r"(?:\s*分|[ \t]*(?=[,，;；。}｝\n]|$))"
    source = r"[^\d\s,，。;；{}｛｝「」\"“”]"  # a source note's words: no number, no clause

    # 近3年会员数量增加: the one number a case may hold, a period or a rank (PERIOD_WORDS).
    period = "|".join(rf"(?<={word})" for word in PERIOD_WORDS)
    period_number = (rf"(?:{period})\d{{1,3}}(?![\d.])(?=\s*{letters})"
                     rf"(?!\s*(?:{_alternatives(UNITS)})?\s*{_words('KW_ABOVE', 'KW_BELOW')})")

    # 考查…的3项预期效益指标的完成情况: in a lead-in, kept as text, also a count of things named.
    counted_number = (rf"(?<={letters})\d{{1,3}}(?![\d.])(?=\s*{_words('KW_TIMES')}{letters})"
                      rf"(?!\s*{_words('KW_TIMES')}\s*{_words('KW_ABOVE', 'KW_BELOW')})")

    # 镇区主管网实行16小时以上供水: a measure inside a case that goes on past it, so that nothing is
    # compared with it (no name of a quantity before it, no points after it). Not a count (次, 项:
    # 缺1次扣1分 counts), not after a comparison word or 每, never touching %, 分, 的 or a verb of
    # points (面积1000平方米以上的得10分 is a band).
    measures = tuple(unit for unit in UNITS if unit not in spellings_of("KW_TIMES"))
    compared_before = "".join(rf"(?<!{word})" for word in
                              sorted(spellings_of("KW_UNDER", "KW_OVER", "KW_NOT_OVER", "KW_NOT_UNDER",
                                                  "KW_EQUAL", "KW_REACH") | {"每"}))
    points_words = _words("KW_EARN", "KW_NO_SCORE", "KW_FULL_MARKS", "KW_DEDUCT", "KW_ADD")
    above_below = _words("KW_ABOVE", "KW_BELOW")
    goes_on = rf"(?!{points_words}|{of}){letters}"
    measure_number = (rf"(?<={letters}){compared_before}\d{{1,4}}(?![\d.])"
                      rf"(?=\s*(?:{_alternatives(measures)})(?:{above_below}{goes_on}|(?!{above_below}){goes_on}))")
    case_number = rf"{period_number}|{measure_number}"

    def clause(never: str, within: str, number: str = period_number) -> str:
        """A case as tables word it: letters, 、 and ， (成立领导小组、明确管护人员的), quotes,
        《》 and a bracketed word, but no digit but a period's (近3年), so it never runs past a
        number into a band; not opening with ``never``, not running over ``within``."""
        return (rf"(?!{never}){letters}"
                rf"(?:(?!{within})(?:{letters}|{number})|[、，,“”《》]"
                rf"|[(（]{letters}+(?:[、，,]{letters}+)*[)）])*?")

    # A mark ①, 1、 or (1) may number a case.
    # (nor over 的 before a count and what it costs: 不齐全的缺少一项扣2分 counts what is missing, it is
    # no level; 的一次性补助 is no count)
    costed = rf"{counted}\s*(?:[,，]\s*)?{_words('KW_DEDUCT', 'KW_ADD')}"
    case = clause(rf"{stops}|{counted}", rf"{stops}|{of}\s*{costed}", case_number)
    phrase = rf"(?:{ITEM_MARK}\s*)?{case}"
    # A lapse is a case up to the first 扣N分 (its list is written with commas too); a count
    # inside it (缺一段扣0.5分) deducts per lapse, so it is not a lapse costing its points once.
    # Any measure word makes a count there (缺一段, 一张图纸), not only the counters of 每出现.
    measured = (rf"(?:{_alternatives(tuple(sorted(OCCURRENCE_VERBS)))})?(?:{_words('KW_ONE')}|\d)"
                rf"\s*(?:{_words('KW_TIMES')}|{_alternatives(UNITS)})")
    # Nor does it run over what the case before it scores (做到…的，得满分，未报扣1分).
    scored = _words("KW_FULL_MARKS", "KW_NO_SCORE", "KW_THIS_ZERO", "KW_EXEMPT")
    lapse = clause(rf"{stops}|{measured}|{after_value}|{scored}", rf"{stops}|{measured}|{scored}")

    # A lead-in holds no points and no scoring words: 评审程序公正的，得满分。 is a level.
    scoring = _words("KW_FULL_SCORE", "KW_NO_SCORE", "KW_EXEMPT", "KW_THIS_ZERO", "KW_DEDUCT",
                     "KW_DISCRETION_GIVE", "KW_DISCRETION_DEDUCT")
    lead = clause(rf"{stops}|{after_value}|{scoring}", rf"{stops}|{scoring}",
                  rf"{period_number}|{counted_number}")

    closing_formula = rf"{_words('KW_SCORED')}\s*[,，;；。]"
    after_no_formula = "".join(rf"(?<!{re.escape(word)})" for word in sorted(spellings_of("KW_SCORED")))

    # A level ends before its points, or at 的 before a comma and its points (按时完成的，得3分).
    def level(points: str, after_comma: str, first: bool = False, named: str = phrase) -> str:
        # The first case does not open with a word that goes on after a value (否则, 且 …),
        # nor with the 计分 that closes a formula (按…×分值计分，最高不超过10分).
        opening = rf"(?!{after_value}|{closing_formula})" if first else ""
        return rf"{opening}{named}(?:{of}(?=\s*[,，]\s*{after_comma})|{of}?(?={points}))"

    first_level = level(level_start, points_after, first=True)
    # The keywords a colon may follow (计分公式：, 一票否决：), which no label is.
    label_words = _words(*{k.terminal for k in KEYWORDS})
    # What a lead-in may hold before its colon, looked for first: a line with no colon in its
    # clause is no label, told without reading it as levels.
    unlabelled = rf"[^:：;；。\n{{}}｛｝]{{0,{4 * PHRASE_LIMIT}}}"
    # The words of a lettered option may hold numbers: the letter and its clause's end bound it.
    option = (rf"{LETTER_MARK}\s*[^;；。\n{{}}｛｝]*?"
              rf"(?=[,，]\s*{amount}\s*(?:[;；。}}｝\n]|$))")
    # An item and its points in brackets, with no 分 (岗位职责（0.5）).
    bracket_item = rf"{letters}+?[(（]\s*\d+(?:\.\d+)?\s*[)）]"
    # An item required: words and numbers (编织袋300条), no points and no clause.
    required = r"(?:(?!\d[\d.]*\s*分)[^\s、，,;；。:：{}｛｝「」\"“”]){1,40}"
    # The name of what levels judge, before its colon: not an inspection (查看会议材料).
    named = rf"(?!{_alternatives(INSPECTIONS + KIND_LABELS)}){letters}+"
    # What a label's colon is never followed by: a number, points in brackets, a comparison.
    not_text = rf"\s*(?:\d|[(（〔]\s*\d[\d.]*\s*分|{compare}|{beyond}|{reach}\s*\d)"
    not_respective = rf"(?:(?!{_words('KW_RESPECTIVELY')}){letters})"
    tier_list = rf"{letters}{{1,40}}(?:[、，,]\s*{letters}{{1,40}}){{1,5}}"
    tier_said = rf"[^;；。\n{{}}｛｝]{{0,{PHRASE_LIMIT}}}{TIER_WORD}"  # looked for first: 档 in the clause
    any_one = rf"(?:{_alternatives(ALL_ABOVE)})?(?:{_alternatives(ANY_ONE)})"
    return [
        # What is counted, written before the count without 每: 发现一处错误扣1分 (发现, as
        # 每发现), 未完成1次扣1分, 未落实的，每次扣1分, 违反《管理制度》每起扣5分.
        # 每缺席一次 is 每 and 缺席 counted, not 每缺 and a count: a lead opens with 每 only where
        # no count follows the counting word.
        ("OCCURRENCE_LEAD", 6,
         rf"(?!{_words('KW_EACH')}(?:{_words('KW_ONE')}|\d)|{_words('KW_PER_DELAY', 'KW_NOT_UNDER')})"
         rf"{letters}(?:(?!每|{compared_count}){letters}|[《》“”、])*?"
         rf"(?=(?:{_words('KW_ONE')}|\d+)\s*{_words('KW_TIMES')}(?!{_words('KW_PERCENT_POINT')})"
         rf"|(?:{of}?\s*[,，。]\s*)?{_words('KW_PER_COUNT')}{letters}{{0,4}}\s*(?:[,，]\s*)?"
         rf"{gains}"
         # 未制定年度计划的，每少1条扣1分: the case before 的 is what is counted (nothing named
         # after the count, or what each one is: 存在不符合标准的，1个项目扣1分); the comma may be
         # left out before 每 (不完整的每缺一项扣0.5分).
         rf"|{of}\s*(?:[,，]\s*|(?={costed}|每)){_words('KW_ABOVE_CASES')}?"
         rf"(?:{_words('KW_EACH')}|{_alternatives(tuple(sorted(OCCURRENCE_VERBS)))})?"
         rf"(?:{_words('KW_ONE')}|\d+)\s*{_words('KW_TIMES')}{letters}{{0,4}}\s*(?:[,，]\s*)?"
         rf"{_words('KW_DEDUCT', 'KW_ADD')})",
         "what is counted, before its count: 发现一处…扣1分, 未落实的，每次扣1分"),
        # 有效投诉每发生1次扣1分, 安全事故每发生一起扣2分: what is counted, run into 每 and its
        # count with no 的 (not 以上情况 or 否则, which say no name)
        ("EACH_LEAD", 6,
         rf"(?!(?:{_words('KW_ABOVE_CASES', 'KW_ELSE')})\s*{_words('KW_EACH')}|{_words('KW_EACH')})"
         rf"{letters}(?:(?!每){letters}|[《》“”])*?"
         rf"(?={_words('KW_EACH')}(?:{_words('KW_ONE')}|\d+)\s*{_words('KW_TIMES')}{letters}{{0,10}}\s*"
         rf"(?:[,，]\s*)?{_words('KW_DEDUCT', 'KW_ADD')})",
         "what is counted, run into 每 and its count: 有效投诉每发生1次扣1分"),
        # 编辑刊发信息浏览量超过500人次的，每篇得0.5分: a case closed by 的 before 每篇 may hold a
        # number that it compares (each one of the case is counted, the number is no count).
        ("COMPARED_LEAD", 7,
         rf"(?!每){letters}{{1,30}}?{comparing}\s*\d[\d.]*\s*(?:[%％]|{_alternatives(UNITS)})?{letters}{{0,10}}?"
         rf"(?={of}\s*[,，]\s*{_words('KW_PER_COUNT')}{letters}{{0,4}}\s*(?:[,，]\s*)?{gains})",
         "a case holding a number compared, counted: 浏览量超过500人次的，每篇得0.5分"),
        # 一处杂物扣1分: a count with nothing before it; only where a counter follows, so that
        # 一季度末… and 一般公共预算… stay words.
        ("FIRST_COUNT", 6, rf"(?:{_words('KW_ONE')}|\d+)(?=\s*{_words('KW_TIMES')}"
                           rf"(?!{_words('KW_PERCENT_POINT')}))",
         "a count that opens a deduction (一处杂物扣1分)"),
        # 没有及时拨付的，每延迟拨付1天扣1分: what is late, said before the delay.
        ("DELAY_LEAD", 7, rf"(?!每){letters}(?:(?!每){letters}|[《》“”])*?"
                          rf"(?=(?:{of}\s*(?:[,，]\s*)?|\s*[,，]\s*){_words('KW_PER_DELAY')})",
         "what is late, before 每滞后…: 资金到位滞后年度投资计划，每滞后一年扣2分 (未按时拨付的每延迟…)"),
        ("DELAYED", 6, rf"{letters}+?(?=(?:{_words('KW_ONE')}|\d+)\s*{_words('KW_TIME_UNIT')})",
         "what is delayed, between 每延迟 and its count: 每延迟拨付1天"),
        # A lapse and what it costs, once: 未召开年度工作会议扣2分；没有开展督查扣1分.
        # … or a range the evaluator deducts within (未落实的扣0.5-1分), or the whole weight
        # (发生火灾事故，全部扣完); 。 may end the lapse before its points (…和成果。扣5-10分).
        ("LAPSE", 6, rf"{lapse}(?={of}?\s*(?:[,，。]\s*)?{_words('KW_WILL')}?{_words('KW_IN_TURN')}?"
                     rf"(?:{_words('KW_DEDUCT', 'KW_ADD')}\s*\d[\d.]*(?:\s*分?\s*{dash}\s*\d[\d.]*)?"
                     rf"{cost_end}|{_words('KW_DEDUCT_ALL')}))",
         "a lapse that costs points once, or a merit that adds them (未召开年度工作会议扣2分, "
         "环境不美观，场地不整洁扣10分, 有自筹资金投入的，加2分)"),
        # The comma between lapses listed together, never the one before a cap (，扣完为止), nor
        # before a word of 扣 (no lapse opens with one; 扣玩为止 is a cap misspelt).
        # Nor the one before 最高 capping a bonus (每开展一项加1分，最高不超过3分).
        ("LAPSE_SEP", 4, rf"[,，](?!\s*(?:{_words(*STEP_OPTION_WORDS, 'KW_AT_MOST')}"
                         rf"|{_words('KW_TAKING')}\s*\d|{_words('KW_DEDUCT')}))",
         "a comma that goes on to the next lapse"),
        # 每篇得0.5分: what each one counted adds (得 before its number only: 每发现一次得分不实 counts)
        ("EARN_EACH", 6, rf"{earn}(?=\s*\d)", "得 before what each one counted adds: 每篇得0.5分"),
        ("PER_UNIT", 5, rf"[\/／]\s*{_words('KW_TIMES')}", "per each one (扣0.5分/例)"),
        ("OCCURRENCE_NAME", 0,
         rf"(?!{after_value}|{of})[^\s\d,，、;；。:：()（）{{}}｛｝「」\"“”]+?"
         rf"(?=\s*(?:(?:[,，]\s*)?(?:{_words('KW_WILL')}?{_words('KW_DEDUCT', 'KW_ADD')}"
         rf"|{_words('KW_NO_SCORE')})|{earn}\s*\d))",
         "the thing counted by 每出现N次…扣M分 (or …不计分), run up to the verb (or 将 before it)"),
        # Neither name holds 与 itself: a run of 与 is then read in one pass, not once for
        # every place the first name might end.
        ("NAME_BEFORE_WITH", 6,
         rf"{not_with}+?(?={with_}({not_with}+?|「[^」\n]+」){difference})",
         "the first name of 实际完成值与计划值每相差5%"),
        # 在计划时间内完成的，得满分，超过计划时间的，除不可抗力原因外，应根据…扣分。(实际…与计划
        # 每相差5%…): only overruns deducted, in words; no number in it, no word of falling short.
        ("OVERRUN_LEAD", 7,
         rf"(?:(?!{shortfall})[^\d\s{{}}｛｝「」\"“”;；。])*?(?:{_alternatives(OVERRUN_WORDS)})"
         rf"(?:(?!{shortfall})[^\d\s{{}}｛｝「」\"“”;；。])*?扣分\s*[。;；]"
         rf"(?=\s*{not_with}+?{with_}{not_with}+?{_words('KW_PER_DIFFERENCE')})",
         "a sentence deducting only for overruns, before 实际…与计划每相差…"),
        # Only before the rest of the deadline: 3月1日前下达全部补助资金的40% is a requirement.
        ("MONTH_DAY", 4, rf"\d{{1,2}}\s*月\s*\d{{1,2}}\s*日(?=\s*{_words('KW_BY_DATE')}\s*{deadline_task})",
         "a month and day before 前: 5月31日前"),
        ("DEADLINE_TASK", 6, deadline_task,
         "the task of a deadline: (5月31日前)完成生态河道清淤计划任务(得10分，每推迟1天扣1分)"),
        # 具备(要素1得20%) / 具备一个(得分要素业绩值加0.5): an element and what it is worth; the
        # element's name may hold a number (要素1), so it is a terminal of its own.
        ("ELEMENT_EACH", 8, rf"(?:{_alternatives(HAVING_EACH)})(?={element})",
         "具备一个 before an element counted: 具备一个得分要素业绩值加0.5"),
        ("ELEMENT_HAVE", 7, rf"(?:{_alternatives(HAVING)})(?={element})",
         "具备 before an element and its share: 具备要素1得20%"),
        ("ELEMENT_NAME", 6, element, "an element: 要素1 (具备要素1得20%)"),
        ("ELEMENT_REST", 7, rf"{letters}{{1,20}}?(?={_words('KW_EACH_MET')}\s*{_words('KW_RAISE')})",
         "the other elements, counted: 其余要素每符合一项增加10%"),
        # 完成全年蔬菜生产任务且(设施蔬菜面积占蔬菜种植面积的60%以上计3分): what the band's points
        # also need, before 且 and a subject with its number (not holding 且 itself).
        ("PREREQUISITE", 7,
         rf"(?:(?!{_words('KW_AND')}){letters}){{1,40}}{_words('KW_AND')}"
         rf"(?={letters}{{1,40}}?\d[\d.]*\s*[%％]\s*{_words('KW_ABOVE', 'KW_BELOW')})",
         "what a band's points also need: 完成全年蔬菜生产任务且…60%以上计3分"),
        # 出生人口性别比与去年持平扣0.1分，每高…: the value, the one it is compared with.
        ("NAME_BEFORE_LEVEL", 7,
         rf"{not_with}{{1,40}}?(?={with_}{letters}{{1,20}}?{_words('KW_LEVEL_WITH')}\s*{_words('KW_DEDUCT')}\s*\d)",
         "the value of 甲与乙持平扣N分"),
        ("NAME_LEVEL_OF", 6, rf"{letters}{{1,20}}?(?={_words('KW_LEVEL_WITH')})",
         "the value compared with, in 甲与乙持平扣N分"),
        ("NAME_BEFORE_DIFFERENCE", 6, rf"{letters}+?(?={difference})",
         "the second name of 实际完成值与计划值每相差5%"),
        # 年度增幅高于中央资金增幅的得满分，低于增幅的按比例减分: the first name never holds the
        # comparison word, so the rest of the sentence is looked at once from each start.
        ("NAME_BEFORE_COMPARED", 7,
         rf"{not_compared}+?(?={compared}{not_compared}+?{of}\s*(?:[,，]\s*)?{full}"
         rf"\s*[,，;；]\s*{_words('KW_BELOW_VALUE')}{letters}+?{of}\s*(?:[,，]\s*)?{in_proportion})",
         "the first name of 甲高于乙的得满分，低于乙的按比例减分"),
        # 年亩施用生物有机肥500公斤以上，提供正式发票，每少于50公斤扣5分: what the band also asks,
        # between it and the steps short of it; kept as text (no number, so never a band).
        ("STEP_NOTE", 6, rf"(?!{scores}){letters}(?:{letters}|[、“”《》])*?(?=\s*[,，]\s*{steps})",
         "what a band also asks, before the steps: 500公斤以上，提供正式发票，每少于50公斤扣5分"),
        # 完成沟渠疏浚计划任务（条数）得12分，每减少10%扣2分: a task done in full scores the points;
        # the phrase names how much of it was done.
        # 定量指标若为正向指标（即指标值为≥*），则(得分=…) / 定量指标计分原则：正向指标(得分=…):
        # the kind of indicator a formula is for, and the words around it (a label, the sign of
        # its target in brackets, 则), up to 得分=. Each stretch is bounded.
        ("DIRECTION_CASE", 7,
         rf"(?:{letters}{{1,20}}[:：]\s*)?{letters}{{0,20}}?(?:{_alternatives(DIRECTIONS)})"
         rf"(?:[(（][^()（）\n]{{0,40}}[)）])?\s*(?:[,，]\s*)?{_words('KW_THEN')}?"
         rf"(?=\s*{_words('KW_SCORE')}\s*[=＝═])",
         "the kind of indicator a formula is for: 若为正向指标（即指标值为≥*），则得分=…"),
        # 此项最高计5分。: the most the item scores, a sentence of its own (checked as the weight)
        ("CAP_SAID", 8,
         rf"(?:{_alternatives(THIS_ITEM)})(?:得分)?{_words('KW_AT_MOST')}{earn}?"
         rf"(?=\s*\d[\d.]*\s*分\s*(?:[。;；}}｝\n]|$))",
         "the most the item scores, said as a sentence: 此项最高计5分"),
        ("STOP_SAID", 8,
         rf"(?:{_alternatives(THIS_ITEM)})(?=\s*\d[\d.]*\s*分\s*{_words('KW_UNTIL_ZERO')})",
         "the weight said before 扣完为止: 此项5分扣完为止"),
        ("TASK_DONE", 7,
         rf"{TASK_WORD}(?:{letters}|[(（]{letters}+[)）]|[“”《》、])+?"
         rf"(?=\s*(?:{earn}\s*\d[\d.]*\s*分|{full})\s*[,，]\s*{_words('KW_PER_UNDER')})",
         "a task done in full, before its points and 每减少…扣"),
        # 建成面积低于年度任务的，每减少1%，扣1分: the first name never holds the word below.
        ("NAME_BEFORE_SHORT", 7,
         rf"{not_below}+?(?={below}{letters}+?{of}?\s*[,，]\s*{_words('KW_PER_UNDER')})",
         "the first name of 甲低于乙的，每减少1%扣1分"),
        ("NAME_SHORT_OF", 6, rf"{letters}+?(?={of}?\s*[,，]\s*{_words('KW_PER_UNDER')})",
         "the value fallen short of, in 甲低于乙的，每减少1%扣1分"),
        # 完成值达到指标值的，记满分；未达到指标值的，…: a value, the word comparing it, the other value
        # (a figure by its last words), the points, then the case left, opening with a comparison.
        ("VERSUS_LEAD", 8,
         rf"(?:{ITEM_MARK}\s*(?:{letters}{{1,20}}[,，:：])?|{letters}{{1,20}}[,，:：])(?=\s*{compared_first})",
         "what a comparison with another value is said after, or its number: 项目实施后，(受益人口达到"
         "计划数的…), 1、(完成值达到指标值的…)"),
        ("VERSUS_SUBJECT", 8, compared_first,
         "the value compared with another: (受益人口)达到计划数的得3分，未达到的…"),
        ("VERSUS_WORD", 8, compared_word, "the comparison with another value: 达到, 未超过, ≤"),
        ("VERSUS_OTHER", 7,
         rf"(?!{of}|{_words('KW_AT_TIME')}\s*[,，]){not_compared_word}+?"
         rf"(?=\s*(?:{of}|{_words('KW_AT_TIME')}\s*[,，]|[,，:：;；]|{compared_met}|{compared_unmet}))",
         "the other value: (达到)计划数(的得3分), (超过)计划时间(的，…)"),
        ("VERSUS_SEP", 8, rf"[,，;；。](?=\s*(?:{not_compared_word}{{0,30}}?)?{compared_word})",
         "the stop before the case a comparison with another value leaves: …得满分；(未达到的…)"),
        ("VERSUS_AGAIN", 6, rf"{not_compared_word}+?(?=\s*{compared_word})",
         "the value compared, said again: (实际完成值)<年度指标值，…"),
        ("NAME_BEFORE_PROPORTION", 6,
         rf"{letters}+?(?={of}\s*(?:[,，]\s*)?(?:{full}|{in_proportion}))",
         "the value compared with, in 甲高于乙的得满分，低于乙的按比例减分"),
        # Not a word that may follow a value (且, 或, 则, 否则, 每超过…): after a formula a band
        # rule may begin, and LALR states are shared, so this terminal is tried there too.
        ("BAND_NAME", 6,
         # (nor the weight's own name: 得80%分值，… is a band's points, not a subject)
         rf"(?!{steps}|{_words('KW_PER_DELAY')}|{after_value}|{beyond}|{_words('KW_SCORE')}\s*[=＝═]"
         rf"|{_words('KW_OWN_WEIGHT')}{_NOT_A_LETTER})"
         rf"{subject}?"
         rf"(?<!每)(?=\s*({reach}\s*\d|{beyond}|{compare}|{equal_band}"
         rf"|{_words('KW_IS')}\s*\d[\d.]*\s*[%％]?\s*{scores}"
         rf"|[,，]\s*\d[^,，;；。\n]*?[:：]\s*\d[\d.]*\s*分|{share_after}))"
         # “双签”到位率95%以上: a subject opening with a quoted word, which a name cannot, may
         # run straight into its number (满意度90%以上 is a name and a band already).
         rf"|“{letters}+”(?:{letters}|“{letters}+”|[(（]{letters}+[)）])*(?=[ \t]*\d)",
         "the subject of a band, run up to its comparison (预算执行率低于90%), or to a comma "
         "before its first band (项目投资计划完成率，100%：5分)"),
        # 群众满意度调查，(满意度90%以上的得5分，…): a lead-in closed by a comma, before a band that
        # names its subject (after a colon it is a LEAD_LABEL). Kept as text; the bands are read.
        ("BANDS_LEAD", 6,
         rf"(?!{steps}|{after_value}|{_words('KW_EACH')}){lead}(?<={_alternatives(SURVEYS)})"
         rf"(?=[,，]\s*(?!{steps}|{after_value}|{_words('KW_EACH')}){subject}"
         rf"\s*(?:{reach}\s*\d|{beyond}|{compare}\s*\d|\d[\d.]*\s*[%％]))",
         "a lead-in closed by a comma before a band naming its subject (群众满意度调查，满意度90%以上…)"),
        # 成本节约率≥0得满分，(超支不得分): spending over the plan, after the band of a rate of savings
        ("OVERSPENT_CASE", 7,
         rf"(?:{_alternatives(OVERSPENT)})(?={of}?\s*[,，]?\s*{_words('KW_NO_SCORE', 'KW_THIS_ZERO')})",
         "spending over the plan, scoring nothing (超支不得分)"),
        ("LEVEL_NAME", 6, level(level_points, rf"({points_after}|{deducted})"),
         "a level of 评定, run up to 得N分 / 计N分 / 不得分 / （N分） (相符的得10分, 好（10分）)"),
        # Numbered, a case needs no separator: (1)使用统一财务票据5分(2)违规使用收据0分.
        ("MARKED_LEVEL", 7, level(level_points, rf"({points_after}|{deducted})",
                                  named=rf"{ITEM_MARK}\s*{case}"),
         "a numbered level written straight after the one before"),
        ("LEVEL_START", 6, first_level,
         "the first level of a list written without 评定 (明确得4分，基本明确得2分)"),
        # A lead-in before levels, kept as text: a sentence (项目立项依据是否充分。), a label that
        # is more than a name (项目实施目的明确，内容具体：), an inspection (现场查看：). A bare name
        # and a colon stay the name of what is judged (立项依据：充分得3分), also after a lead-in;
        # an inspection never does (查看监事产生的会议材料：…得5分 judges the indicator).
        ("LEVELS_LEAD", 7, rf"(?!{named}[:：]\s*{first_level})(?:{lead}[:：。]\s*)+?"
                           rf"(?={first_level}|{named}[:：]\s*{first_level})",
         "a lead-in before a list of levels (现场查看：, 项目实施目的明确，内容具体：)"),
        # A label before the rules, kept as text: an inspection (查看报送材料：, 例会考勤：), one
        # after another (查看报送材料：查看监事产生的会议材料：). Not a keyword's own colon (计分公式：),
        # nor a name before what it names: text (指标解释：“…”), levels (立项依据：充分得3分, which
        # LEVELS_LEAD reads after a label), points (充分：3分) or a band (满意度：≥90%…).
        ("LEAD_LABEL", 6, rf"(?={unlabelled}[:：])(?!{first_level})(?:(?!{label_words}[:：]){lead}[:：]\s*)+"
                          rf"(?![\"“]|{first_level}|{named}[:：]\s*{first_level}|{not_text})",
         "a label before the rules (查看报送材料：, 例会考勤：)"),
        # The items a table requires, listed before what each one missing costs: 编织袋300条、
        # 救生衣10件、警示牌一块、(每缺一项扣1分). Kept as text; numbers and all, no points.
        ("REQUIRED_ITEMS", 7, rf"(?:{required}[、，,]\s*){{2,40}}"
                              rf"(?=(?:{_alternatives(MISSING_EACH)})\s*(?:{_words('KW_ONE')}|\d+)\s*项)",
         "the items required, before 每缺一项扣N分 (编织袋300条、救生衣10件、)"),
        # The indicator's name with its points, as a label: 污水集中处理率（2分）：. The points are
        # the weight said again; the name is kept as text.
        ("WEIGHTED_LABEL", 7, rf"{subject}\s*[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*[:：]",
         "the indicator's name and points as a label (污水集中处理率（2分）：)"),
        # 。3分*分散采购不得分: the star after the full points, before the exceptions to them.
        ("STARRED", 5, r"(?<=分)[ \t]*[*＊](?=\s*[^\W\d])", "the * after the full points (。3分*…)"),
        # 明确分管内控工作的领导（0.5）及岗位职责（0.5）。1分: an item and its points in brackets,
        # bare, before the next item or the total.
        ("BRACKET_ITEM", 7, rf"(?:{ITEM_MARK}\s*)?{bracket_item}"
                            rf"(?=\s*(?:[{ITEM_JOINS}]\s*{bracket_item}|[。.,，;；]?\s*\d+(?:\.\d+)?\s*分))",
         "an item and its points in brackets (明确分管内控工作的领导（0.5）)"),
        ("ITEM_JOIN", 8, rf"[{ITEM_JOINS}](?=\s*(?:{ITEM_MARK}\s*)?{bracket_item})",
         "及 or 、 between items with their points in brackets"),
        # The letter of an option that is a rule of its own, not a level (B.…，每项扣1分): only a
        # number, dropped. A lettered level (A.…，6分), or one lettered option of a list, keeps it.
        ("_OPTION_MARK", 8, rf"(?=[A-H])(?!{first_level}|{option}){LETTER_MARK}",
         "the letter of an option that is a rule of its own (B.…每项扣1分)"),
        # A lettered option, numbers and all, up to the comma before its points or range that end
        # its clause: B.基本符合要求，带动农户数超过计划户数60%，6-8分.
        ("LETTERED_LEVEL", 7, option, "a lettered option (B.…超过计划户数60%，6-8分)"),
        # The tiers named before their ranges of the weight, in turn: 分为达成年度指标、部分达成年度
        # 指标并具有一定效果、未达成年度指标且效果较差三档，分别按照该指标对应分值区间….
        ("TIER_NAMES", 8, rf"(?={tier_said})"
                          rf"(?:{letters}{{0,40}}?(?:{_alternatives(TIERS_SAID)})[:：]?\s*)?{tier_list}"
                          rf"\s*[{''.join(TIER_COUNTS)}]{TIER_WORD}\s*[,，]\s*(?:{_words('KW_RESPECTIVELY')})?"
                          rf"(?=\s*{_words('KW_SHARE_RANGES')})",
         "the tiers named before their ranges (分为达成、部分达成、未达成三档，分别按照…分值区间)"),
        # Cases listed with 、 before 分别 and their points (好、中、差，分别扣0、2、4分).
        ("LEVEL_LIST", 7, rf"{not_respective}{{1,60}}(?:[、，,]{not_respective}{{1,60}}){{1,20}}"
                          rf"(?=\s*(?:[,，]\s*)?{_words('KW_RESPECTIVELY')}"
                          rf"\s*{_words('KW_EARN', 'KW_DEDUCT')})",
         "the cases of a list scored 分别 (好、中、差，分别扣0、2、4分)"),
        # Before a number only, and above a case that might begin there (和1分 is no level).
        ("LIST_AND", 8, rf"(?:{_alternatives(LIST_AND)})(?=\s*\d)", "和 before the last points of 分别…"),
        # The case left to the evaluator's deduction: 不符合要求的(视具体情况扣分), 否则(酌情扣分).
        ("CASE_PHRASE", 6, rf"{phrase}{of}?(?=(?:[,，]\s*)?{_words('KW_DISCRETION_DEDUCT')})",
         "the case whose points the evaluator deducts (不符合要求的视具体情况扣分)"),
        # A full stop goes on to the next level only before its number: 1、…得2分。2、…得2分。
        ("LEVEL_SEP", 4, rf"[;；](?=\s*(?:{level(level_points, rf'({points_after}|{deducted})')}"
                         rf"|(?:{phrase})?{of}?{_words('KW_DISCRETION_DEDUCT')}|{option}))"
                         rf"|。(?=\s*(?:{ITEM_MARK}\s*{level(level_points, rf'({points_after}|{deducted})')}"
                         rf"|{option}))",
         "a semicolon that goes on to the next level of 评定"),
        # Not a name but a phrase (digits and all) that becomes a yes/no fact: 因政策调整未完成的，不扣分.
        ("CONDITION", 7,
         rf"(?!{ITEM_MARK})[^\s,，、;；。:：()（）{{}}｛｝「」\"“”]+?(?={of}\s*[,，]\s*"
         rf"{_words('KW_EXEMPT', 'KW_THIS_ZERO')}|(?:{of})?\s*(?:[,，]\s*)?{_words('KW_THIS_ZERO')})",
         "a condition stated first, up to 的，不扣分 / 的，该项不得分"),
        ("SHARE_OF", 8, share_of, "the words before a level's share of the weight: 得分为分值的80%"),
        ("UNIT", 5,
         rf"(?!{_words('KW_PERCENT_POINT')})(?:{_alternatives(UNITS)})(?:[\/／·](?:{_alternatives(UNITS)}))*|[(（]百分比[)）]",
         "the unit after a stated number: 50个, 5300元/户, 530元/人·月, >=98%（百分比）"),
        ("TARGET_MET", 7, rf"{_alternatives(TARGET_MET)}(?={of})", "a target met: 达成预期指标的"),
        ("TARGET_UNMET", 7, rf"{_alternatives(TARGET_UNMET)}(?={of})", "a target not met: 未达成的"),
        ("UNMET_SEP", 8, rf"[;；,，](?=\s*(?:{_alternatives(TARGET_UNMET)}){of})",
         "the comma or semicolon before the case of a target not met (；未达到的…)"),
        # A name run up to 计分, which a name would otherwise swallow (…×该指标分值计分).
        ("SCORED_NAME", 3, rf"{letters}+?(?={_words('KW_SCORED')})",
         "the last name of 按 … 计分"),
        # What a table requires, stated before what each lapse costs: 田间道路平整畅通，每发现一处
        # 管理不到位扣1分 / ①…；②…。以上情况每出现一例不符合要求的扣1分. No points, no formula.
        ("REQUIREMENT", 3,
         # …得2分；否则每发现一项问题扣0.5分: 否则 run into the count, as after its comma.
         rf"(?:{_alternatives(tuple(sorted(OTHERWISE)))})(?=\s*{_words('KW_EACH')})|"
         # Not opening with a separator: one between two rules is not part of a requirement.
         # A quoted word is one word, numbers and all: 建立“三账一册”（…）管理资料.
         rf"(?!{_words('KW_EACH')}|[,，。;；]|{operator}|{ITEM_MARK})"
         rf"(?:“[^“”\s]{{1,20}}”|\"[^\"\s]{{1,20}}\"|(?!\d[\d.]*\s*分)[^\s{{}}｛｝=＝═≥≤≧≦<>＜＞「」\"“”:：])+?"
         rf"(?=[,，。;；]\s*(?:(?:{_words('KW_ABOVE_CASES')})?{_words('KW_EACH')}"
         rf"|[^。；;\s]{{0,60}}?{_words('KW_PER_COUNT')}\s*{_words('KW_DEDUCT')}\s*\d"
         # …常务会，少1次会议纪要扣0.2分: a count said without 每
         rf"|(?:{_alternatives(tuple(sorted(OCCURRENCE_VERBS)))})(?:{_words('KW_ONE')}|\d+)\s*"
         rf"{_words('KW_TIMES')})"
         # 上报年度重点工作实施方案。未报扣10分: a sentence, then a lapse (after a comma the two
         # are one lapse: 环境不美观，场地不整洁扣10分)
         rf"|[。;；]\s*[^。；;,，\s]{{1,60}}?{of}?\s*{_words('KW_DEDUCT')}\s*\d"
         # ①…；②…。全部符合得4分，每有一项不符合扣1分: the list, then full marks and its lapses
         # (…。全部符合得满分，任一项不符合不得分: full marks, or none)
         rf"|。\s*[^。；;,，\s\d]{{1,20}}?{of}?[,，]?\s*(?:{earn}\s*\d|{full})[^。；;]*?"
         rf"(?:{_words('KW_EACH')}|{any_one})"
         # ①…；②…。以上任一项不符合的，该项不得分: the list, then any one not met scores nothing
         rf"|[。;；]\s*{any_one}[^。；;,，\s\d]{{1,20}}?{of}?\s*[,，]?\s*{_words('KW_THIS_ZERO')})",
         "what a table requires, before 每出现…扣N分 or …每件扣N分 (上报反馈报告。未上报每件扣10分)"),
        # The number a mark may say again (以上（含90%）) is checked against the end it marks.
        ("INCLUSIVE", 0, _mark(INCLUDING), "an end the band holds: （含）, （含90%）, （包括30%）"),
        ("EXCLUSIVE", 0, _mark(EXCLUDING),
         "an end outside the band, as an unmarked end is; written out by careful tables: （不含）"),
        ("COUNTING_NOTE", 7,
         rf"(?:{letters}{{1,20}}?)?(?:{_alternatives(NOT_TWICE)})(?=\s*(?:[,，。;；}}｝\n]|$))",
         "how the evaluator counts, kept as text: 同篇信息不重复计分"),
        ("SOURCE_NOTE", 7,
         rf"(?:[,，]\s*)?(?:(?:{_alternatives(SOURCE_TAKING)}){source}{{1,40}}?(?:{_alternatives(SOURCE_AS)})"
         rf"|(?:{_alternatives(SOURCE_BY)}){source}{{1,40}}?(?:{_alternatives(SOURCE_OF)}))"
         rf"(?=\s*(?:[,，。;；}}｝\n]|$))",
         "where the evidence comes from (以会议记录为准, 根据档案检查结果)"),
        ("LIMIT_OPEN", 2,
         rf"[(（](?=\s*{_words('KW_OVER', 'KW_UNDER', 'KW_AT_MOST', 'KW_NOT_OVER')})",
         "a parenthesis that opens a cap or floor, not a call's"),
        # A value capped where a formula reads it: 完成率（超过100%以100%计算）×20. A number, not
        # points (（超过10分按10分计） caps the score, LIMIT_OPEN); no blank run is scanned twice.
        ("VALUE_CAP_OPEN", 3,
         rf"[(（](?=\s*{_words('KW_OVER', 'KW_UNDER')}\s*\d+(?:\.\d+)?(?:\s*[%％])?{of}?\s*"
         rf"{_words('KW_TAKING', 'KW_COUNT_AS')})",
         "a parenthesis that caps a value in a formula: （超过100%以100%计算）"),
        # 应付账款率与应付账款变动率(二者择其一进行考核): what is chosen from, run up to the words.
        ("CHOICE_OPTIONS", 6, rf"{letters}+?(?={_words('KW_CHOOSE_ONE')})",
         "the measures one is chosen from: 应付账款率与应付账款变动率二者择其一"),
        ("PENALTY_CAP", 8, rf"(?:{_alternatives(PENALTY_CAP)})(?=\s*\d[\d.]*\s*分\s*[:：])",
         "at most so much deducted by what follows: 在基础分上减分最高3分："),
        # 每个问题减1分: what each one is, after 每个 (the thing counted is said before it).
        ("PER_COUNT_UNIT", 6, rf"{letters}{{1,4}}(?=\s*(?:[,，]\s*)?{gains})",
         "what each one counted is: 审计发现问题未整改的，每个问题减1分"),
        # 国家助学金人数(按实际完成值/年初目标值×分值计分): what the formula scores, before 按 and a
        # quotient or product (the name after 按 is bounded, so a long run is not scanned twice).
        ("SUBJECT_BY", 6,
         rf"{letters}+?(?={_words('KW_BY')}{letters}{{1,12}}\s*[\/／÷×*＊])",
         "what a formula written 按 … 计分 scores: 国家助学金人数按实际完成值/年初目标值×分值计分"),
        # 组织专题调研、专题培训的，(酌情给予加分): what earns the evaluator's bonus, kept as text.
        ("BONUS_CASE", 6, rf"{phrase}{of}?(?=\s*(?:[,，]\s*)?{_words('KW_DISCRETION_ADD')})",
         "what earns the evaluator's bonus (组织专题调研的，酌情给予加分)"),
        # 年内新增1个内设机构加15分，(新增1名正式人员编制加10分): a comma before another bonus
        # counted. Each stretch is bounded, so a long run is never scanned twice.
        ("BONUS_SEP", 7,
         rf"[,，](?=\s*{letters}{{1,30}}?(?:{_words('KW_ONE')}|\d+)\s*{_words('KW_TIMES')}"
         rf"[^\d\s,，;；。]{{0,30}}?{_words('KW_ADD')}\s*\d)",
         "a comma before another bonus counted: …加15分，新增1名正式人员编制加10分"),
        # 提供省级、市级观摩现场并通过验收(分别加5分、3分): the cases before 分别, which may be cut
        # into items in more than one way (省级 or 提供省级?): read only to be refused by name.
        ("RESPECTIVE_CASES", 6,
         rf"{phrase}{of}?(?=\s*(?:[,，]\s*)?{_words('KW_RESPECTIVELY')}\s*{_words('KW_ADD', 'KW_DEDUCT')}"
         rf"\s*\d)",
         "the cases before 分别加N分、M分"),
        # 在省、市级刊物刊登1篇〔项〕(分别加1分和0.5分): the same, each one counted (a terminal of
        # its own, so that the order in which the others are tried stays as it was)
        ("RESPECTIVE_COUNTED", 6,
         rf"{phrase}(?:{_words('KW_ONE')}|\d+)\s*{_words('KW_TIMES')}(?:\s*[〔(（]{letters}{{1,4}}[〕)）])?"
         rf"(?=\s*(?:[,，]\s*)?{_words('KW_RESPECTIVELY')}\s*{_words('KW_ADD', 'KW_DEDUCT')}\s*\d)",
         "the cases before 分别加N分、M分, each one counted"),
        ("AND_POINTS", 8, r"[和及与](?=\s*\d[\d.]*\s*分)", "和 between points: 加1分和0.5分"),
        # 获得市级表彰的加2分，获得省级表彰的加3分(，最高加5分): the stop before a cap on all bonuses.
        ("BONUS_CAP_SEP", 8,
         rf"{after_no_formula}[,，;；。]"
         rf"(?=\s*{_words('KW_ADD_UP_TO', 'KW_AT_MOST')}\s*\d[\d.]*\s*分\s*(?:[;；。]|$|[}}｝]))",
         "the comma before a cap on all the bonuses listed: …，最高加5分 (not after a formula's 计分)"),
        ("WEIGHT_SAID", 8, rf"(?:{_alternatives(WEIGHT_SAID)})(?=\s*\d)",
         "the weight said again: 该项指标总计分为20分"),
        # What a criterion describes, then its formula in brackets: 资金拨付到位占…的资金比例
        # （评价指标得分=资金到位率*该项指标分值）. Kept as text; the bracket is the score rule.
        ("FORMULA_LEAD", 6,
         rf"(?!{operator}|{ITEM_MARK})[^\s{{}}｛｝()（）=＝═「」\"“”:：;；。]+?"
         rf"(?=[(（]\s*{_words('KW_SCORE')}\s*[=＝═]|{quoted_formula})",
         "what a criterion describes, before its formula in brackets or quotes"),
        ("FORMULA_QUOTE", 8, quoted_formula,
         "the quote that opens a formula, after what it scores: …赋分，即“评价指标得分=…”"),
        # 改厨到位率每下降10%扣1分: steps of a rate with nothing said of where they start (100%?
        # last year's rate?), read only to be refused naming both. Bounded: a long run of
        # letters is never scanned twice. Not holding 与: 实际用时与计划用时每超出4% is a deviation.
        ("UNANCHORED_SUBJECT", 7,
         rf"(?:{not_with}|“{letters}{{1,20}}”|[(（]{letters}{{1,20}}[)）]){{1,40}}?(?<!每)"
         rf"(?={steps}\s*(?:\d[\d.]*\s*(?:[%％]|{_words('KW_PERCENT_POINT')})"
         rf"|{_words('KW_ONE_PERCENT_POINT')}))",
         "a rate before steps with no band to count them from (改厨到位率每下降10%扣1分)"),
        # (a word of its own: 超过 as a band's word stands only before a number)
        # 有工作简报，年≥六期，(没有的不得分，不足的据实扣分): the standard, kept as text, before
        # what none of it and short of it score. Its count (六期) is the evaluator's to judge.
        ("STANDARD_LEAD", 8,
         rf"[^\s,，;；。{{}}｛｝「」\"“”:：]{{1,40}}(?:[,，][^\s,，;；。{{}}｛｝「」\"“”:：]{{1,40}}){{0,3}}?[,，]"
         rf"(?=\s*(?:{_alternatives(NONE_WORDS)}){letters}{{0,10}}?{of}\s*(?:[,，]\s*)?"
         rf"{_words('KW_NO_SCORE')}\s*[,，]\s*[^;；。\n]{{1,30}}?{_words('KW_DISCRETION_DEDUCT')})",
         "a standard before what none of it and short of it score: 有工作简报，年≥六期，"),
        # 专职人员少于2人扣2分: a number compared (no percentage: 满意度低于80% opens bands),
        # then the points it costs; not 每少于50公斤扣5分, a step.
        ("COMPARED_LAPSE", 7,
         rf"(?!{after_value}|每){letters}(?:(?!{count_words}){letters}|[《》“”])*?(?:{count_words})\s*"
         rf"(?:\d+(?:\.\d+)?|{_words('KW_ONE')})(?![\d.]*\s*[%％])\s*(?:{_alternatives(UNITS)})?"
         rf"(?=\s*{of}?\s*(?:[,，]\s*)?{_words('KW_DEDUCT')}\s*\d)",
         "a lapse that compares a number: 专职人员少于2人(扣2分)"),
        # 能积极做好志愿者招募工作，年内新增10名以上注册志愿者(计2分): a count and its measure word
        # inside the case, 以上 or 以下 after it; what is counted is the words around the number.
        ("COUNTED_LEVEL", 7,
         rf"(?:{letters}{{1,40}}[,，]\s*)?(?!每){letters}{{1,20}}?\d+\s*(?:{_alternatives(UNITS)})\s*"
         rf"(?:{_words('KW_ABOVE', 'KW_BELOW')}){letters}{{1,20}}?(?=\s*{earn}\s*\d[\d.]*\s*分)",
         "a case holding a count reached: 年内新增10名以上注册志愿者(计2分)"),
        ("SHARE_WORD", 8, rf"{share_words}(?=\s*{share_base})",
         "the comparison before a share of another value: 超过(年初预算的5%)"),
        ("SHARE_BASE", 8, share_base,
         "the value a threshold is a share of, before 的 and the percentage: 超过年初预算的5%"),
        ("SOME_OF", 8, rf"(?:{_alternatives(SOME_WORDS)})(?={subject}\s*{share_after})",
         "有 before a quantity and a share of another value: 有欠款，但不超过年初预算的5%"),
        # 无欠款，4分；有欠款，但不超过…的5%: none at all, said only before the band of some.
        ("NONE_OF", 8, rf"(?:{_alternatives(NONE_WORDS)})"
                       rf"(?=[^\n;；。{{}}｛｝]{{1,60}}?[;；。]\s*(?:{_alternatives(SOME_WORDS)}){subject}"
                       rf"\s*{share_after})",
         "无 before a quantity, when the band of some of it is a share of another value"),
        # 1、…2、… / (1)…(2)… numbering the sentences of one criterion, wherever no case can take
        # the mark as its own (1、甲得2分。2、乙得2分。 stays a list of levels): a separator, kept
        # as data. Lowest of all, so that a number any other terminal reads stays a number.
        ("ITEM_NUMBER", 1, ITEM_MARK, "the number of a sentence in a criterion: 1、 (2) ①"),
        ("AS_FOUND_NOTE", 9, rf"(?:[,，;；。]\s*)?(?:{_alternatives(AS_FOUND)})(?=\s*(?:[,，;；。}}｝\n]|$))",
         "按实际情况评分 after the cases it speaks of"),
        ("ITEMS_SCORED", 9,
         rf"[,，;；]\s*(?:{_alternatives(ITEMS_EARN)})(?:\s*[,，;；]\s*(?:{_alternatives(ITEMS_LOST)}))?",
         "the words that say each case listed earns its own points: 每完成1项取得该项分数，未完成项不得分"),
        ("RATIO_ALL", 8,
         rf"{letters}{{0,20}}?(?:{_alternatives(RATIO_ALL + RATIO_AS_PLANNED)})(?:{met_ratio})"
         rf"(?={of}?\s*[,，:：]?\s*(?:{_words('KW_FULL_MARKS')}|{earn}\s*\d)[^\n。{{}}｛｝]{{0,40}}?"
         rf"{ratio_part}{of}?\s*[,，]?\s*{ratio_by})",
         "all of it met, before the case of part of it: (项目完成质量)全部达标(的得满分；部分达标的…), "
         "(项目)按计划完成(得满分，未完成的按完成比例得分)"),
        ("RATIO_PART", 8, rf"{ratio_part}(?={of}?\s*[,，]?\s*{ratio_by})",
         "part of it met, scored by the share met: 部分达标(的，按达标比例计算得分), 未完成(的按…得分)"),
        # (the separator before the case of none told from the one that ends the sentence)
        ("_RATIO_NONE_SEP", 9, rf"[;；,，](?=\s*(?:{_alternatives(RATIO_NONE)})(?:{met_ratio}))",
         "the separator before the case of none of it met: (…计算得分)；(全部未达标的不得分)"),
        ("RATIO_BY", 8,
         rf"{ratio_by}(?:{_alternatives(RATIO_SHARE)})(?:{_alternatives(RATIO_SCORED)})",
         "scored by the share met: 按达标比例计算得分"),
        ("RATIO_NONE", 8, rf"(?:{_alternatives(RATIO_NONE)})(?:{met_ratio})",
         "none of it met: 全部未达标"),
        ("BAND_SEP", 4,
         rf"[;；,，]\s*(?={compare}|\d|{beyond}|{steps}|{reach}\s*\d|"
         rf"{subject}\s*({compare_or_equal}|{beyond}|{reach}\s*\d|\d[\d.]*\s*[%％]?\s*[(（]\s*含)"
         rf"|{shared}|{subject}\s*{share_after})",
         "a semicolon or comma that goes on to the next band: a bound, a comparison, or a name "
         "and a comparison or a marked range (分数80（含）-85) follows"),
    ]


def grammar_terminals() -> str:
    """Lark definitions of every keyword and of the terminals that look ahead for keywords, to
    append to the grammar file."""
    lines = []
    for keyword in KEYWORDS:
        spellings = sorted(keyword.spellings, key=len, reverse=True)
        pattern = "(?:" + "|".join(re.escape(s) for s in spellings) + ")" + _context(keyword)
        if not keyword.touches_name:
            pattern += _NOT_A_LETTER
        lines.append(f"{keyword.terminal}.{_PRIORITY}: /{pattern}/")
    for name, priority, pattern, use in _context_terminals():
        lines.append(f"// {use}")
        lines.append(f"{name}{f'.{priority}' if priority else ''}: /{pattern}/")
    return "\n".join(lines) + "\n"


def context_patterns() -> list[tuple[str, str]]:
    """Each terminal that looks ahead for keywords, with its pattern."""
    return [(name, pattern) for name, _, pattern, _ in _context_terminals()]


def context_terminals() -> list[str]:
    """The names of the terminals that look ahead for keywords."""
    return [name for name, *_ in _context_terminals()]


def spellings() -> frozenset[str]:
    """Every spelling of every keyword."""
    return frozenset(s for keyword in KEYWORDS for s in keyword.spellings)


def keyword_prefix(name: str) -> str | None:
    """The keyword a name starts with, if any: ``如果达标`` starts with ``如果``.

    Only keywords that must not run into a following letter count: the others are recognised
    touching a name already, so a space would not change how the name is read."""
    bounded = (s for keyword in KEYWORDS if not keyword.touches_name for s in keyword.spellings)
    for spelling in sorted(bounded, key=len, reverse=True):
        if name.startswith(spelling) and len(name) > len(spelling):
            return spelling
    return None
