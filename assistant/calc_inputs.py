"""Read calculator inputs from what people type, in any order and in Chinese or English.

    parse("我38岁，交了5年，按60%交")            -> age 38, paid 60 months, base "60%"
    parse("女，原来55岁退休的")                  -> sex female, original retirement age 55
    parse("born March 1985")                      -> birth 1985-03
    parse("8000", expecting="base")          -> base "8000"

Only reading happens here: whether a value is allowed (age 300, 500%, a base below the local
minimum) is decided by the form validation with the calculators, which explain the allowed range.
A value is taken from context words ("岁", "交了…年", "base", "born") or, for a bare answer such
as "38" or "60%", from the question that was asked (`expecting`, the form's requested slot).
"""

import re
from decimal import Decimal
from typing import Optional

from assistant.calc_values import INSURANCES, MONTH_EN, MONTHS_EN, Reading, Values, normalise, plain, read_amount

# ---------------------------------------------------------------- the patterns

_STOP_STRONG = (
    r"不算了|不用算了|不想算了|别算了|不要算了|先不算|不用再?算|退出计算|取消计算|停止计算|结束计算|不填了|不想填了"
    r"|不想继续|放弃计算|不继续了|不想弄了|不弄了|别问了|不要再问了|到此为止|退出表单"
    r"|\bnever ?mind\b|\bforget (?:it|about it)\b|\bcancel (?:it|this|that|the (?:calculation|calculator))\b"
    r"|\bstop (?:it|this|that|asking|the (?:calculation|calculator|questions))\b|\bi (?:want to|wanna) (?:stop|quit)\b"
    r"|\blet'?s stop\b|\bno more questions\b|\bi'?m done\b"
)
_STOP_WEAK_ZH = r"^\s*(?:算了|退出|取消|停止|停|结束|放弃|先这样|不问了|不要了)\s*(?:吧|了|啦|呗)*\s*[。！!.~～]*\s*$"
_STOP_WEAK_EN = r"\b(?:stop|cancel|quit|exit|abort|enough)\b"
_RESTART = r"重新(?:计算|算|开始|来)|从头(?:开始|算|来)|\bstart over\b|\brestart\b|\bnew calculation\b|\bfrom scratch\b"


def is_stop(text: str) -> bool:
    """'算了' / '不算了' / 'stop' / 'never mind' — leave the calculator."""
    norm = normalise(text)
    if re.search(_STOP_STRONG, norm) or re.search(_STOP_WEAK_ZH, norm):
        return True
    words = re.findall(r"[a-z']+", norm)
    return bool(words) and len(words) <= 4 and re.search(_STOP_WEAK_EN, norm) is not None


_WOMAN = r"女|\b(?:female|woman|lady)\b"
_BEFORE = r"原来?|原本|本来|之前|以前|过去|老规定|原先|\boriginal(?:ly)?|\bprevious(?:ly)?|\bused to|\bwas (?:going|supposed) to|\bwould have"  # noqa: E501


def _female_age(t: Reading, v: Values) -> None:
    """A woman's previous statutory age (50 or 55): said as such ('原来55岁退休') or by a woman;
    otherwise '55岁退休' is a retirement age (read by _retirement)."""
    pattern = (
        rf"(?:({_BEFORE}))?\s*(?:是|的|应该|应当|该)?\s*(50|55)\s*(?:周岁|岁)?\s*(?:就)?(?:退休|退)"
        r"|(?:退休年龄|退休)\s*(?:是|为|原来是|原本是)?\s*(50|55)\s*(?:周岁|岁)?"
        rf"|(?:({_BEFORE}))?\s*retire\w*\s*(?:age\s*)?(?:at|was|is|of)?\s*(?:age\s*)?(50|55)\b"
        r"|\b(50|55)\s*(?:was|is)?\s*(?:my|the)?\s*(original|previous|old)\s*retirement age\b"
    )
    m = re.search(pattern, t.text)
    if m and (m.group(1) or m.group(4) or m.group(7) or re.search(_WOMAN, t.text)):
        t.take(re.escape(m.group(0)))
        v.female_age = int(m.group(2) or m.group(3) or m.group(5) or m.group(6))
        return
    if t.has(r"女工人|工人身份|工人岗|\bworker\b|\bblue[- ]collar\b"):
        v.female_age = 50
    elif t.has(r"女干部|干部身份|管理岗|干部岗|\bcadre\b|\bmanagement\b|\bmanagerial\b|\boffice staff\b"):
        v.female_age = 55


def _balance(t: Reading, v: Values, expecting: Optional[str]) -> None:
    m = t.take(
        r"(?:个人账户|账户)\s*(?:余额|里面?|上|中)?\s*(?:已经|一共|大概|大约|约|差不多|还|有|是|为|存了|攒了)*\s*"
        r"(\d+(?:\.\d+)?)\s*(万|千|k|w)?\s*(?:多|左右)?\s*(?:元|块)?"
        r"|余额\s*(?:大概|大约|约|差不多|有|是|为)*\s*(\d+(?:\.\d+)?)\s*(万|千|k|w)?"
    )
    if m:
        amount = read_amount(m.group(1) or m.group(3), m.group(2) or m.group(4))
        v.balance = plain(amount) if amount is not None else None
        return
    m = t.take(r"\b(?:balance|account)\b[^0-9]{0,24}?(?:cny|rmb|¥|yuan)?\s*(\d+(?:\.\d+)?)\s*(k|w)?\b")
    if m:
        amount = read_amount(m.group(1), m.group(2))
        v.balance = plain(amount) if amount is not None else None
        return
    if expecting == "balance":
        if t.has(
            r"不知道|不清楚|没查|跳过|不确定|记不得|不记得|不晓得|忘了|\bskip\b|don'?t know|\bnot sure\b|\bno idea\b"
            r"|\bunknown\b|\bdunno\b|\bpass\b"
        ):
            v.balance = "unknown"
        elif t.has(r"^\s*(?:没有|没|无|零|0|none|nothing|zero|no)\s*[。.!！]?\s*$"):
            v.balance = "0"


def _paid(t: Reading, v: Values) -> None:
    if t.take(
        r"没(?:有)?交过|从(?:来)?没(?:有)?交|还没(?:有)?(?:开始)?交|(?:一|1)(?:年|天)都没交|没缴过|从未缴"
        r"|\bnever (?:paid|contributed)\b|\bhaven'?t (?:paid|contributed)(?: anything| yet)?\b|\bno contributions?\b"
    ):
        v.paid_months = 0
        return
    if t.take(r"(?:交|缴)(?:了|过|费)?\s*(?:社保|养老保险|失业保险|养老)?\s*半年|\bhalf a year\b|\bsix months\b"):
        v.paid_months = 6
        return
    zh = (
        r"(?:已经?|累计|一共|总共|共|前后)?\s*(?:交|缴)(?:了|过|费|纳|社保|养老保险|养老)*\s*(?:了|满|够|有)?\s*"
        r"(\d+(?:\.\d+)?)\s*(年|个月)(半)?(?:\s*(?:零|又)?\s*(\d+)\s*个?月)?"
        r"|(?:缴费年限|缴费|参保|工龄|缴了|交了)\s*(?:是|为|有|已经|已)?\s*(\d+(?:\.\d+)?)\s*(年|个月)(半)?(?:\s*(\d+)\s*个?月)?"
        r"|(\d+(?:\.\d+)?)\s*(年|个月)(半)?(?:\s*(\d+)\s*个?月)?\s*(?:的)?\s*(?:社保|养老保险|缴费|养老)"
    )
    places = _paid_in_places(t)
    if places is not None:
        v.paid_months = places
        return
    m = t.take(zh)
    if m:
        g = m.groups()
        for i in (0, 4, 8):
            if g[i] is not None:
                number, unit, half, extra = g[i], g[i + 1], g[i + 2], g[i + 3]
                break
        months = Decimal(number) * (12 if unit == "年" else 1) + (6 if half else 0) + int(extra or 0)
        v.paid_months = int(months.to_integral_value())
        return
    en = (
        r"\b(?:paid|contributed|paying|contributing|been paying|been contributing)\b(?:\s+(?:in|into it|social insurance|shebao|"  # noqa: E501
        r"pension|contributions|for|about|around|roughly))*\s+(\d+(?:\.\d+)?)\s*(years?|yrs?|months?)"
        r"(?:\s*(?:and\s*)?(\d+)\s*months?)?"
        r"|\b(\d+(?:\.\d+)?)\s*(years?|yrs?|months?)(?:\s*(?:and\s*)?(\d+)\s*months?)?\s*(?:of\s*)?"
        r"(?:contributions?|payments?|paid|paying|contributing|in the system)\b"
    )
    m = t.take(en)
    if m:
        number, unit, extra = (
            (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        )
        months = Decimal(number) * (12 if unit.startswith("y") else 1) + int(extra or 0)
        v.paid_months = int(months.to_integral_value())


_PLACE_PAID = re.compile(
    r"(?:在|于|回)?((?:(?![我他她已共计险保金费在于回])[\u4e00-\u9fff]){2,6}?)(?:又|也|还)?(?:交|缴)(?:了|过)?\s*(\d+(?:\.\d+)?)\s*年(半)?"
    r"|\b(?:paid|contributed|and)\s+(\d+(?:\.\d+)?)\s*years?\s+in\s+([a-z]+)"
)


def _paid_in_places(t: "Reading") -> Optional[int]:
    """Years paid in several places ("在广州交了6年，在长沙交了5年"), added up; None unless two or more."""
    found = list(_PLACE_PAID.finditer(t.text))
    if len(found) < 2 or re.search(r"断|停|没交|欠|补", t.text):
        return None
    total = sum(Decimal(m.group(2) or m.group(4)) * 12 + (6 if m.group(3) else 0) for m in found)
    for m in found:
        t.text = t.text[: m.start()] + " " * (m.end() - m.start()) + t.text[m.end() :]
    return int(total.to_integral_value())


def _two_digit_year(yy: str) -> Optional[int]:
    n = int(yy)
    if n >= 30:
        return 1900 + n
    if n <= 10:
        return 2000 + n
    return None


def _birth(t: Reading, v: Values, expecting: Optional[str], latest_year: int) -> None:
    plausible = range(1900, latest_year + 1)
    # 1985年3月 / 1985.3 / 1985-03 (a year and a month)
    m = t.take(
        r"(?<!\d)((?:19|20)\d{2})\s*(?:年|\.|-|/)\s*(\d{1,2})(?!\d)\s*(?:月份?|月)?\s*(?:\d{1,2}\s*[日号])?\s*(?:出生|生人|生的|生)?"
    )
    if m and int(m.group(1)) in plausible and 1 <= int(m.group(2)) <= 12:
        v.birth_year, v.birth_month = int(m.group(1)), int(m.group(2))
        return
    # 85年3月出生 / 85年的
    m = t.take(
        r"(?<![\d.])(\d{2})\s*年\s*(?:(\d{1,2})\s*月份?)?\s*(?:\d{1,2}\s*[日号])?\s*(?:出生|生人|生的|生|的人|的)"
    )
    if m and _two_digit_year(m.group(1)):
        v.birth_year = _two_digit_year(m.group(1))
        if m.group(2) and 1 <= int(m.group(2)) <= 12:
            v.birth_month = int(m.group(2))
        return
    # March 1985 / mar. 1985 / 1985 march / 03/1985
    m = t.take(MONTH_EN + r"\s*,?\s*(?:of\s*|in\s*)?((?:19|20)\d{2})\b")
    if m:
        v.birth_month, v.birth_year = MONTHS_EN[m.group(1)], int(m.group(2))
        return
    m = t.take(r"\b((?:19|20)\d{2})\s*,?\s*" + MONTH_EN)
    if m:
        v.birth_year, v.birth_month = int(m.group(1)), MONTHS_EN[m.group(2)]
        return
    m = t.take(r"(?<![\d.])(\d{1,2})\s*/\s*((?:19|20)\d{2})\b")
    if m and 1 <= int(m.group(1)) <= 12:
        v.birth_month, v.birth_year = int(m.group(1)), int(m.group(2))
        return
    # a year alone: 1985年出生 / born in 1985 / 'actually 1986'
    m = t.take(
        r"((?:19|20)\d{2})\s*年?\s*(?:出生|生人|生的|生|的人)|\b(?:born|birth\s*year|year of birth)\b\D{0,12}((?:19|20)\d{2})\b"  # noqa: E501
        r"|(?:出生年份?|出生于|生于)\s*(?:是|为|在)?\s*((?:19|20)\d{2})|我是?\s*((?:19|20)\d{2})\s*年?的"
    )
    if m:
        v.birth_year = int(m.group(1) or m.group(2) or m.group(3) or m.group(4))
    # a month alone: 3月出生 / born in March
    m = t.take(
        r"(?<!\d)(\d{1,2})\s*月份?\s*(?:\d{1,2}\s*[日号])?\s*(?:出生|生的|生)|\bborn\b\D{0,10}?\b"
        + MONTH_EN.replace("(jan", "(?:in\\s*)?(jan")
    )
    if m:
        month = int(m.group(1)) if m.group(1) else MONTHS_EN[m.group(2)]
        if 1 <= month <= 12:
            v.birth_month = month
    if v.birth_month is None and expecting in ("birth_month", "birth"):
        m = t.take(r"(?<!\d)(\d{1,2})\s*月份?(?!\d)|\b" + MONTH_EN + r"(?![a-z])")
        if m:
            month = int(m.group(1)) if m.group(1) else MONTHS_EN[m.group(2)]
            if 1 <= month <= 12:
                v.birth_month = month


def _retirement(t: Reading, v: Values) -> None:
    """'2035年退休' is a retirement year and '60岁退休' a retirement age, never the age now."""
    m = t.take(
        r"((?:19|20)\d{2})\s*年?\s*(?:就|才|要|能|可以|时|的时候)?\s*(?:退休|退)"
        r"|\bretir\w*\s*(?:in|by)\s*((?:19|20)\d{2})\b"
    )
    if m:
        v.retire_year = int(m.group(1) or m.group(2))
    m = t.take(
        r"(?<!\d)(\d{2})\s*(?:周岁|岁)\s*(?:才|就|时|的时候|再)?\s*(?:退休|退)"
        r"|(?:退休年龄|退休)\s*(?:是|为|按)?\s*(\d{2})\s*(?:周岁|岁)"
        r"|\bretir\w*\s*at\s*(?:the\s*)?(?:age\s*(?:of\s*)?)?(\d{2})\b"
    )
    if m:
        v.retire_age = int(next(g for g in m.groups() if g))


def _rural(t: Reading, v: Values) -> None:
    if t.has(r"农村|农业户口|农民(?!工)|村里|\brural\b|\bfarmer\b|\bvillage\b|\bcountryside\b"):
        v.rural = True
    elif t.has(r"城镇户口|城市户口|非农|城镇户籍|\burban hukou\b|\bcity hukou\b"):
        v.rural = False


_CATEGORY = (
    ("public", r"事业单位|事业编|公务员|机关单位|参公|\bcivil servant\b|\bpublic (?:institution|sector)\b"),
    ("cadre", r"干部|管理岗|技术岗|\bcadre\b|\bmanagerial\b|\bmanagement (?:post|job|position)\b"),
    ("worker", r"工人|工厂|厂里|车间|流水线|\bworker\b|\bfactory\b|\bblue[- ]collar\b"),
    ("flexible", r"灵活就业|个体户|自由职业|打零工|跑外卖|\bflexibl[ey]\w* (?:work|employ)|\bself[- ]employed\b"),
    ("rural", r"农民(?!工)|务农|种地|种田|\bfarmer\b"),
)


def _category(t: Reading, v: Values) -> None:
    """What the person does: decides a woman's retirement track and which scheme fits."""
    v.category = next((name for name, pattern in _CATEGORY if t.has(pattern)), None)


def _group(t: Reading, v: Values) -> None:
    """Who may get a flexible-work contribution subsidy: people with employment difficulties
    (就业困难人员, of whom '4050' people are a common local group) and recent graduates."""
    if t.take(r"4050|四零五零|40\s*[、,/和]\s*50\s*人员"):
        v.group = "4050"
    elif t.has(r"就业困难|困难人员|零就业家庭|\bemployment difficult|\bhard to employ"):
        v.group = "hardship"
    elif t.has(r"毕业生|刚毕业|应届|离校|\bgraduate|\bgraduated\b"):
        v.group = "graduate"


def _age(t: Reading, v: Values) -> None:
    m = t.take(
        r"(\d{1,3})\s*(?:多|来)?\s*(?:周岁|岁)(?!\s*(?:退休|退))"
        r"|\b(\d{1,3})\s*(?:-|\s)?(?:years?|yrs?)(?:\s|-)?old\b|\bage[d]?\s*(?:is\s*)?(\d{1,3})\b"
        r"|\bi'?m\s+(?:now\s+)?(\d{1,3})\b(?!\s*(?:%|percent|yuan|cny|k\b|years? of|months?))"
        r"|\bi am\s+(?:now\s+)?(\d{1,3})\b(?!\s*(?:%|percent|yuan|cny|k\b|years? of|months?))"
    )
    if m:
        v.age = int(next(g for g in m.groups() if g))
        return
    # "a farmer, 57": only the number is taken, the word stays for sex and category
    m = re.search(r"\b(?:man|woman|male|female|farmer|worker),\s*(\d{2})\b(?!\s*(?:%|years?|months?))", t.text)
    if m:
        v.age = int(m.group(1))
        t.text = t.text[: m.start(1)] + "  " + t.text[m.end(1) :]


def _base(t: Reading, v: Values) -> None:
    m = t.take(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")
    if m:
        v.base = f"{plain(Decimal(m.group(1)))}%"
        return
    m = t.take(
        r"第\s*(\d{1,2})\s*(?:档|级)|(?<!\d)(\d{1,2})\s*档(?!次)|档次\s*(\d{1,2})"
        r"|\b(?:grade|tier|level|band)\s*(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)\s*(?:grade|tier|level|band)\b"
    )
    if m:
        v.base = f"grade {int(next(g for g in m.groups() if g))}"
        return
    if t.take(
        r"最低(?!缴费年限|年限|要交|交几年|几年)(?:档次|档|基数|标准|的那?档|那档|的)?|下限|最便宜|最少的那?档"
        r"|\b(?:lowest|minimum|min|cheapest|bottom)\b(?!\s*(?:years?|contribution years|number of years))"
    ):
        v.base = "lowest"
        return
    if t.take(
        r"最高(?:档次|档|基数|标准|的那?档|那档|的)?|上限|顶格|封顶|\b(?:highest|maximum|max|top)\b(?!\s*(?:years?))"
    ):
        v.base = "highest"
        return
    if t.take(r"社平(?:工资)?|社会平均工资|平均工资|\baverage (?:wage|salary|pay)\b"):
        v.base = "100%"
        return
    m = t.take(
        r"(?:基数|工资|收入|月薪|薪水)\s*(?:是|为|按|选|定|大概|大约|约|在)*\s*(\d+(?:\.\d+)?)\s*(万|千|k|w)?\s*(?:元|块)?"
        r"|按\s*(\d+(?:\.\d+)?)\s*(万|千|k|w)?\s*(?:元|块)?\s*(?:的)?\s*(?:基数|交|缴|算|来)"
        r"|(\d+(?:\.\d+)?)\s*(万|千|k|w)?\s*(?:元|块)\s*(?:的)?\s*(?:基数|交|缴|档)?"
        r"|\b(?:base|salary|income|wage)\s*(?:of|is|=|:|at|would be)?\s*(?:cny|rmb|¥|yuan)?\s*(\d+(?:\.\d+)?)\s*(k)?\b"
        r"|(?:cny|rmb|¥)\s*(\d+(?:\.\d+)?)\s*(k)?\b|\b(\d+(?:\.\d+)?)\s*(k)?\s*(?:yuan|cny|rmb)\b"
    )
    if m:
        g = m.groups()
        i = next(i for i in range(0, len(g), 2) if g[i] is not None)
        amount = read_amount(g[i], g[i + 1])
        if amount is not None:
            v.base = plain(amount)


def _sex(t: Reading, v: Values) -> None:
    zh = set(re.findall(r"(?<![男女子儿])(男|女)(?![女儿婿子])", t.text))
    if len(zh) == 1:
        v.sex = "male" if zh == {"男"} else "female"
        return
    female = re.search(r"\b(?:female|woman|lady|girl)\b", t.text)
    male = re.search(r"\b(?:male|man|guy|gentleman)\b", t.text)
    if female and not male:
        v.sex = "female"
    elif male and not female:
        v.sex = "male"
    elif re.fullmatch(r"\s*([mf])\s*[.!]?\s*", t.text):
        v.sex = "male" if t.text.strip()[0] == "m" else "female"


def _insurances(t: Reading, v: Values) -> None:
    if t.has(r"全部|全都|都算|都要|三个?险|三种|所有|\ball\b|\beverything\b|\ball three\b|\bevery\b"):
        v.insurances = INSURANCES
        return
    found = []
    if t.has(r"养老|\bpension\b"):
        found.append("pension")
    if t.has(r"医疗|医保|\bmedical\b|\bhealth\b"):
        found.append("medical")
    if t.has(r"失业|\bunemployment\b"):
        found.append("unemployment")
    if found:
        v.insurances = tuple(found)


def _compare(t: Reading, v: Values) -> None:
    if t.has(r"不(?:用|要|必|需要)?(?:对比|比较)|\bno comparison\b|\bdon'?t compare\b"):
        v.compare = False
    elif t.has(
        r"对比|比较|比一比|相比|城乡居民|居民(?:医保|养老|保险|制度)|\bcompare\b|\bcomparison\b"
        r"|\bresident (?:scheme|insurance|medical|pension|system)\b|\bversus\b|\bvs\b"
    ):
        v.compare = True


_FILLER_EN = {
    "about",
    "around",
    "roughly",
    "approximately",
    "maybe",
    "actually",
    "its",
    "it's",
    "it",
    "is",
    "i",
    "i'm",
    "im",
    "think",
    "my",
    "the",
    "base",
    "year",
    "years",
    "month",
    "months",
    "percent",
    "k",
    "w",
    "yuan",
    "cny",
    "rmb",
    "old",
    "paid",
    "born",
    "in",
    "of",
    "say",
    "like",
    "ok",
    "okay",
    "so",
    "um",
    "uh",
    "well",
    "no",
    "sorry",
    "make",
    "that",
    "please",
    "at",
    "just",
    "only",
    "yes",
}
_FILLER_ZH = r"大概|大约|约|差不多|左右|吧|了|是|我|的|年|个|月|岁|周|元|块|按|交|缴|其实|应该|就|那|呢|啊|哦|嗯|好|万|千|对|不|改成|改为|换成"  # noqa: E501


def _bare(t: Reading, v: Values, expecting: str, latest_year: int, context: str) -> None:
    """A message that is just a number answers the question that was asked."""
    numbers = re.findall(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万|千|k|w)?", t.text)
    v.numbers = [n for n, _ in numbers]
    if len(numbers) != 1 or (expecting is None and context == "contribution"):
        return
    number, unit = numbers[0]
    rest = re.sub(r"(?<![\d.])\d+(?:\.\d+)?", " ", t.text)
    words = [w for w in re.findall(r"[a-z']+", rest) if w not in _FILLER_EN]
    if len(re.sub(_FILLER_ZH, "", "".join(re.findall(r"[\u4e00-\u9fff]", rest)))) > 3 or len(words) > 1:
        return  # a sentence that happens to hold a number ('社会保险法第12条说什么') is not an answer
    value = read_amount(number, unit)
    if value is None:
        return
    whole = int(value) if value == value.to_integral_value() else None
    if (
        whole is not None
        and 1900 <= whole <= latest_year
        and not unit
        and context != "contribution"
        and expecting not in ("base", "balance")
        and not t.has(r"个月|months?|years? (?:of|paid)|交|缴")
    ):
        v.birth_year = whole
    elif expecting == "birth":
        if whole is not None and 1000 <= whole <= 2999:
            v.birth_year = whole
        elif whole is not None and t.has(r"^\s*\D{0,6}\d{1,3}\s*(?:岁|周岁)?\D{0,4}$"):
            v.age = whole
    elif expecting == "birth_month" and whole is not None:
        if 1000 <= whole <= 2999:
            v.birth_year = whole
        else:
            v.birth_month = whole  # 13 is read as 13 and refused by the validation
    elif expecting == "female_age" and whole is not None:
        v.female_age = whole
    elif expecting == "paid":
        months = value * (1 if t.has(r"个月|months?|月") else 12)
        v.paid_months = int(months.to_integral_value())
    elif expecting == "base":
        v.base = f"{plain(value)}%" if value < 1000 and not unit else plain(value)
    elif expecting == "balance":
        v.balance = plain(value)
    v.numbers = []


def parse(text: str, expecting: Optional[str] = None, context: str = None, latest_year: int = 2026) -> Values:
    """Everything a message says about the calculator inputs.

    expecting: the one input that was asked for (reads bare answers such as '38', '60%', '男').
    context: 'contribution' also reads insurance types and the resident-scheme comparison.
    latest_year: the current year (a bare year after it is not a birth year).
    """
    norm = normalise(text)
    v = Values()
    if not norm.strip() or norm.startswith("/"):
        return v
    v.restart = re.search(_RESTART, norm) is not None
    t = Reading(norm)
    if expecting == "female_age" and not re.search(r"交|缴|paid|contribut|年|year", norm):
        m = t.take(r"^\D{0,8}?(\d{2})\s*(?:周岁|岁)?\D{0,8}$")
        if m:
            v.female_age = int(m.group(1))
    _female_age(t, v)
    _group(t, v)
    _retirement(t, v)
    _balance(t, v, expecting)
    _paid(t, v)
    _birth(t, v, expecting, latest_year)
    _age(t, v)
    _base(t, v)
    if context == "contribution" or expecting == "insurances":
        _insurances(t, v)
        _compare(t, v)
    _sex(t, v)
    _rural(t, v)
    _category(t, v)
    leftover = [n for n in re.findall(r"(?<![\d.])\d+(?:\.\d+)?", t.text)]
    if leftover:
        _bare(t, v, expecting, latest_year, context)
    if not v.found() and not v.restart:
        v.stop = is_stop(text)
    return v
