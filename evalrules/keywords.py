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


# The leaf's own weight by any of the names tables give it; one meaning everywhere: read as a
# keyword after 得/计 (得分值的80%), as a name in formulas (完成率×该项分值).
_WEIGHT_SPELLINGS = ("分值", "本项分值", "该项分值", "指标分值", "该指标分值", "该项指标分值", "本指标分值")

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
    Keyword("KW_REACH", ("达到", "达", "在", "达到目标值", "达到预计值", "达到指标值", "达到年度指标值"),
            "(the subject) is at (满意度达到90%以上, 资金支出率达到目标值95%的)"),
    Keyword("KW_BETWEEN", ("之间",), "between (80%-90%之间)", touches_name=True),
    Keyword("KW_OF", ("的",), "(80%以下的不得分; 分值的80%)", touches_name=True),
    # Only after 得/计 or a cap's words, where no name may stand: there it is the leaf's weight.
    Keyword("KW_OWN_WEIGHT", _WEIGHT_SPELLINGS, "the indicator's own weight",
            touches_name=True),
    Keyword("KW_AT_MOST", ("最高不超过", "最多不超过", "最高得", "最高"),
            "(scores) at most", touches_name=True),
    # Comparison words of bands (满意度不低于90%): each sets an end, and whether it holds the number.
    Keyword("KW_NOT_OVER", ("不超过", "不高于", "不大于", "小于等于", "小于或等于", "低于或等于"),
            "at most (the number included)",
            touches_name=True),
    Keyword("KW_NOT_UNDER", ("不低于", "不少于", "不小于", "大于等于", "大于或等于", "高于或等于", "至少"),
            "at least (the number included)",
            touches_name=True),
    Keyword("KW_EQUAL", ("等于",), "equal to", touches_name=True),
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
    Keyword("KW_FULL_MARKS", ("按满分计", "计满分", "得满分"), "full marks"),
    Keyword("KW_EARN", ("计", "得", "记"), "scores (计6分)", touches_name=True),
    Keyword("KW_NO_SCORE", ("不得分", "不计分", "不记分"), "scores nothing"),
    # 每开展一项加1分, 每举办一次…: the work a bonus counts, as 每发现 counts lapses.
    Keyword("KW_EACH", ("每出现", "每发现", "每发生", "每有", "每增加", "每新增", "每缺", "每缺少", "每少",
                        "每认定", "每开展", "每举办", "每组织", "每承担", "每获得", "每建成", "每刊登",
                        "每发表"),
            "per occurrence", touches_name=True),
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
                         "篇", "人", "笔", "段", "块", "名"), "occurrences", touches_name=True),
    # 每延迟下达1天扣0.5分 / 每滞后一年扣2分: a delay counted in its time units
    Keyword("KW_PER_DELAY", ("每延迟", "每滞后", "每推迟", "每延期", "每逾期", "每超期", "每拖延"),
            "per unit of delay", touches_name=True),
    Keyword("KW_TIME_UNIT", ("天", "日", "个工作日", "工作日", "周", "个月", "月", "个季度", "季度", "年"),
            "a unit of time (每滞后1天)", touches_name=True),
    Keyword("KW_DEDUCT", ("扣除", "扣", "减"), "deduct"),
    # 发生火灾事故，全部扣完 / 未经选举的扣该小类分: the lapse costs the whole weight
    Keyword("KW_DEDUCT_ALL", ("全部扣完", "全部扣除", "扣该小类分", "扣该项分", "扣除该项全部分值",
                              "扣除全部分值", "扣全部分值"), "deduct the whole weight"),
    # 记录不详将扣除1-10分: 将 before the deduction is not part of the lapse
    Keyword("KW_WILL", ("将",), "(will) deduct", touches_name=True),
    # 渠道未除杂草，涵闸堵塞将依次扣除4分、2分: the lapses listed, each its cost in turn
    Keyword("KW_IN_TURN", ("依次",), "each in turn", touches_name=True),
    Keyword("KW_ADD", ("加",), "add (bonus)"),
    Keyword("KW_ADD_UP_TO", ("加分不超过", "最多加", "加满", "最高加"), "add at most"),
    Keyword("KW_UNTIL_ZERO", ("扣完为止", "扣完即止", "扣完本项分值为止", "扣完该项分值为止", "扣至0分为止",
                              "扣至零分为止", "直至扣完", "直至扣完为止", "扣完本项分为止"),
            "down to zero at most"),
    Keyword("KW_PER_OVER", ("每超过", "每超出", "每高于", "每上升", "每多", "每高", "每多于"),
            "per step above", touches_name=True),
    Keyword("KW_PER_UNDER", ("每低于", "每少", "每降低", "每下降", "每减少", "每低", "每降", "每少于"),
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
    Keyword("KW_THIS_ZERO", ("该项不得分", "本项不得分", "此项不得分", "该指标不得分", "该项得0分",
                             "本项得0分", "该项计0分", "本项计0分"), "this indicator scores nothing"),
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
    Keyword("KW_SCORED", ("计分", "记分", "计算得分"), "(按 … 计分) scored so", touches_name=True),
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
# The case that holds when the one before does not (…的，得5分；否则不得分).
OTHERWISE = frozenset(next(k.spellings for k in KEYWORDS if k.terminal == "KW_ELSE"))
# A last case worth nothing that speaks of the ones above ((3)上述两项均不符合0分): it says no
# more than that their points are lost, so it is not a case of its own.
ALL_ABOVE = ("上述", "以上", "前述")
# …，未开展相关工作的视情况扣分: the work of the cases listed before, as 上述 says it.
WORK_LISTED = "相关"
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
# A target stated with its unit (委托业务项目数量≥50个): the units a number may carry.
UNITS = ("个", "万元", "亿元", "元", "万美元", "美元", "人次", "人", "户", "份", "项", "次", "家",
         "公里", "千米", "平方米", "立方米", "厘米", "米", "亩", "公顷", "吨", "天", "日", "小时", "个月",
         "月", "年", "周", "名", "篇", "场", "期", "批", "条", "处", "件", "台", "套", "辆", "所", "座",
         "株", "册", "本", "间", "张", "位", "种", "盏", "棵", "头", "只", "套次", "人天", "课时",
         "个比点", "比点", "公斤", "千克")
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
               "本项总计分为", "本项满分为", "该项满分为")
# 达成年度指标的，得分为分值的80%（含）-100%: the words before a level's range given as shares of
# the weight (a terminal of its own, SHARE_OF, as 得分 would otherwise open a formula).
SHARE_SAID = ("得分为", "得分", "为")
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
# 专职人员少于2人: words that compare a count (besides those of bands), never opening one.
COUNT_COMPARED = ("少于", "多于")
# 完成…任务得12分，每减少10%扣2分: the word that opens a task whose share done is counted.
TASK_WORD = "完成"
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
_NOT_A_LETTER = r"(?![^\W\d])"


def _words(*terminals: str) -> str:
    """A regex alternation of every spelling of these keywords, longest first."""
    spelled = spellings_of(*terminals)
    assert spelled, terminals
    ordered = sorted(spelled, key=lambda s: (-len(s), s))
    return "(?:" + "|".join(re.escape(s) for s in ordered) + ")"


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
    comparing = _words('KW_UNDER', 'KW_OVER', 'KW_NOT_OVER', 'KW_NOT_UNDER', 'KW_EQUAL')
    beyond = rf"{comparing}\s*\d"
    steps = _words("KW_PER_OVER", "KW_PER_UNDER")
    reach = _words("KW_REACH")
    earn, of = _words("KW_EARN"), _words("KW_OF")
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
    # A band's subject may quote a word (“三公经费”变动率) or hold a parenthesis (因公出国（境）费).
    subject = rf"(?:“{letters}+”|{letters})(?:{letters}|“{letters}+”|[(（]{letters}+[)）])*"
    not_with = rf"(?:(?!{with_}){letters})"
    points_after = (rf"({earn}\s*(\d|{_words('KW_FULL_SCORE')})|{_words('KW_NO_SCORE')})")
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
    share_of = (rf"(?:(?:{_alternatives(SHARE_SAID)})?{_words('KW_OWN_WEIGHT')}{of})"
                rf"(?=\s*\d[\d.]*\s*[%％])")
    share = (rf"\s*[,，:：]\s*(?:{share_of})?\d[\d.]*\s*[%％]\s*(?:{_mark(INCLUDING + EXCLUDING)}\s*)?"
             rf"(?:[-－−~～至—–]\s*\d[\d.]*\s*[%％]\s*(?:{_mark(INCLUDING + EXCLUDING)}\s*)?"
             rf"|{_words('KW_BELOW')})(?=\s*(?:[;；。}}｝\n]|$))")
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
    # The points a lapse costs: 扣1分, or 扣1 at the end of its clause (每处扣1；).
    cost_end = r"(?:\s*分|[ \t]*(?=[,，;；。}｝\n]|$))"
    dash = "[-－−~～至—–]"  # of a range (扣0.5-1分): the grammar's MINUS and RANGE_DASH
    source = r"[^\d\s,，。;；{}｛｝「」\"“”]"  # a source note's words: no number, no clause

    def clause(never: str, within: str) -> str:
        """A case as tables word it: letters, 、 and ， (成立领导小组、明确管护人员的), quotes,
        《》 and a bracketed word, but no digit, so it never runs past a number into a band;
        not opening with ``never``, not running over ``within``."""
        return (rf"(?!{never}){letters}"
                rf"(?:(?!{within}){letters}|[、，,“”《》]|[(（]{letters}+(?:[、，,]{letters}+)*[)）])*?")

    # A mark ①, 1、 or (1) may number a case.
    case = clause(rf"{stops}|{counted}", stops)
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
    lead = clause(rf"{stops}|{after_value}|{scoring}", rf"{stops}|{scoring}")

    # A level ends before its points, or at 的 before a comma and its points (按时完成的，得3分).
    def level(points: str, after_comma: str, first: bool = False, named: str = phrase) -> str:
        # The first case does not open with a word that goes on after a value (否则, 且 …).
        opening = rf"(?!{after_value})" if first else ""
        return rf"{opening}{named}(?:{of}(?=\s*[,，]\s*{after_comma})|{of}?(?={points}))"

    first_level = level(level_start, points_after, first=True)
    not_respective = rf"(?:(?!{_words('KW_RESPECTIVELY')}){letters})"
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
         # after the count, or what each one is: 存在不符合标准的，1个项目扣1分).
         rf"|{of}\s*[,，]\s*{_words('KW_ABOVE_CASES')}?"
         rf"(?:{_words('KW_EACH')}|{_alternatives(tuple(sorted(OCCURRENCE_VERBS)))})?"
         rf"(?:{_words('KW_ONE')}|\d+)\s*{_words('KW_TIMES')}{letters}{{0,4}}\s*(?:[,，]\s*)?"
         rf"{_words('KW_DEDUCT', 'KW_ADD')})",
         "what is counted, before its count: 发现一处…扣1分, 未落实的，每次扣1分"),
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
                          rf"(?={of}?\s*[,，]\s*{_words('KW_PER_DELAY')})",
         "what is late, before 每滞后…: 资金到位滞后年度投资计划，每滞后一年扣2分"),
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
        ("NAME_BEFORE_PROPORTION", 6,
         rf"{letters}+?(?={of}\s*(?:[,，]\s*)?(?:{full}|{in_proportion}))",
         "the value compared with, in 甲高于乙的得满分，低于乙的按比例减分"),
        # Not a word that may follow a value (且, 或, 则, 否则, 每超过…): after a formula a band
        # rule may begin, and LALR states are shared, so this terminal is tried there too.
        ("BAND_NAME", 6,
         rf"(?!{steps}|{_words('KW_PER_DELAY')}|{after_value}|{beyond}|{_words('KW_SCORE')}\s*[=＝═])"
         rf"{subject}?"
         rf"(?<!每)(?=\s*({reach}\s*\d|{beyond}|{compare}|{equal_band}"
         rf"|[,，]\s*\d[^,，;；。\n]*?[:：]\s*\d[\d.]*\s*分))"
         # “双签”到位率95%以上: a subject opening with a quoted word, which a name cannot, may
         # run straight into its number (满意度90%以上 is a name and a band already).
         rf"|“{letters}+”(?:{letters}|“{letters}+”|[(（]{letters}+[)）])*(?=[ \t]*\d)",
         "the subject of a band, run up to its comparison (预算执行率低于90%), or to a comma "
         "before its first band (项目投资计划完成率，100%：5分)"),
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
        # and a colon stay the name of what is judged (立项依据：充分得3分), also after a lead-in.
        ("LEVELS_LEAD", 7, rf"(?!{letters}+[:：]\s*{first_level})(?:{lead}[:：。]\s*)+?"
                           rf"(?={first_level}|{letters}+[:：]\s*{first_level})",
         "a lead-in before a list of levels (现场查看：, 项目实施目的明确，内容具体：)"),
        # Cases listed with 、 before 分别 and their points (好、中、差，分别扣0、2、4分).
        ("LEVEL_LIST", 7, rf"{not_respective}{{1,60}}(?:[、，,]{not_respective}{{1,60}}){{1,20}}"
                          rf"(?=\s*[,，]?\s*{_words('KW_RESPECTIVELY')}\s*{_words('KW_EARN', 'KW_DEDUCT')})",
         "the cases of a list scored 分别 (好、中、差，分别扣0、2、4分)"),
        # Before a number only, and above a case that might begin there (和1分 is no level).
        ("LIST_AND", 8, rf"(?:{_alternatives(LIST_AND)})(?=\s*\d)", "和 before the last points of 分别…"),
        # The case left to the evaluator's deduction: 不符合要求的(视具体情况扣分), 否则(酌情扣分).
        ("CASE_PHRASE", 6, rf"{phrase}{of}?(?=(?:[,，]\s*)?{_words('KW_DISCRETION_DEDUCT')})",
         "the case whose points the evaluator deducts (不符合要求的视具体情况扣分)"),
        # A full stop goes on to the next level only before its number: 1、…得2分。2、…得2分。
        ("LEVEL_SEP", 4, rf"[;；](?=\s*(?:{level(level_points, rf'({points_after}|{deducted})')}"
                         rf"|(?:{phrase})?{of}?{_words('KW_DISCRETION_DEDUCT')}))"
                         rf"|。(?=\s*{ITEM_MARK}\s*{level(level_points, rf'({points_after}|{deducted})')})",
         "a semicolon that goes on to the next level of 评定"),
        # Not a name but a phrase (digits and all) that becomes a yes/no fact: 因政策调整未完成的，不扣分.
        ("CONDITION", 7,
         rf"[^\s,，、;；。:：()（）{{}}｛｝「」\"“”]+?(?={of}\s*[,，]\s*"
         rf"{_words('KW_EXEMPT', 'KW_THIS_ZERO')})",
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
         # Not opening with a separator: one between two rules is not part of a requirement.
         # A quoted word is one word, numbers and all: 建立“三账一册”（…）管理资料.
         rf"(?!{_words('KW_EACH')}|[,，。;；]|{operator})"
         rf"(?:“[^“”\s]{{1,20}}”|\"[^\"\s]{{1,20}}\"|(?!\d[\d.]*\s*分)[^\s{{}}｛｝=＝═≥≤≧≦<>＜＞「」\"“”:：])+?"
         rf"(?=[,，。;；]\s*(?:(?:{_words('KW_ABOVE_CASES')})?{_words('KW_EACH')}"
         rf"|[^。；;\s]{{0,60}}?{_words('KW_PER_COUNT')}\s*{_words('KW_DEDUCT')}\s*\d"
         # …常务会，少1次会议纪要扣0.2分: a count said without 每
         rf"|(?:{_alternatives(tuple(sorted(OCCURRENCE_VERBS)))})(?:{_words('KW_ONE')}|\d+)\s*"
         rf"{_words('KW_TIMES')})"
         # 上报年度重点工作实施方案。未报扣10分: a sentence, then a lapse (after a comma the two
         # are one lapse: 环境不美观，场地不整洁扣10分)
         rf"|[。;；]\s*[^。；;,，\s]{{1,60}}?{of}?\s*{_words('KW_DEDUCT')}\s*\d)",
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
         rf"[,，;；。](?=\s*{_words('KW_ADD_UP_TO', 'KW_AT_MOST')}\s*\d[\d.]*\s*分\s*(?:[;；。]|$|[}}｝]))",
         "the comma before a cap on all the bonuses listed: …，最高加5分"),
        ("WEIGHT_SAID", 8, rf"(?:{_alternatives(WEIGHT_SAID)})(?=\s*\d)",
         "the weight said again: 该项指标总计分为20分"),
        # What a criterion describes, then its formula in brackets: 资金拨付到位占…的资金比例
        # （评价指标得分=资金到位率*该项指标分值）. Kept as text; the bracket is the score rule.
        ("FORMULA_LEAD", 6,
         rf"(?!{operator})[^\s{{}}｛｝()（）=＝═「」\"“”:：;；。]+?(?=[(（]\s*{_words('KW_SCORE')}\s*[=＝═])",
         "what a criterion describes, before its formula in brackets"),
        # 改厨到位率每下降10%扣1分: steps of a rate with nothing said of where they start (100%?
        # last year's rate?), read only to be refused naming both. Bounded: a long run of
        # letters is never scanned twice. Not holding 与: 实际用时与计划用时每超出4% is a deviation.
        ("UNANCHORED_SUBJECT", 7,
         rf"(?:{not_with}|“{letters}{{1,20}}”|[(（]{letters}{{1,20}}[)）]){{1,40}}?(?<!每)"
         rf"(?={steps}\s*(?:\d[\d.]*\s*(?:[%％]|{_words('KW_PERCENT_POINT')})"
         rf"|{_words('KW_ONE_PERCENT_POINT')}))",
         "a rate before steps with no band to count them from (改厨到位率每下降10%扣1分)"),
        ("BAND_SEP", 4,
         rf"[;；,，]\s*(?={compare}|\d|{beyond}|{steps}|{reach}\s*\d|"
         rf"{subject}\s*({compare_or_equal}|{beyond}|{reach}\s*\d|\d[\d.]*\s*[%％]?\s*[(（]\s*含))",
         "a semicolon or comma that goes on to the next band: a bound, a comparison, or a name "
         "and a comparison or a marked range (分数80（含）-85) follows"),
    ]


def grammar_terminals() -> str:
    """Lark definitions of every keyword and of the terminals that look ahead for keywords, to
    append to the grammar file."""
    lines = []
    for keyword in KEYWORDS:
        spellings = sorted(keyword.spellings, key=len, reverse=True)
        pattern = "(?:" + "|".join(re.escape(s) for s in spellings) + ")"
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
