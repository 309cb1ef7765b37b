"""The contribution base: how a person states it, and checking it against a region's range.

A base outside the published range is an OutOfRangeError naming the range and its year; it is
never moved to the nearest allowed value, because paying on a base the office rejects costs people
money and time.
"""
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators import regional
from knowledge.calculators.common import (
    HUNDRED, InvalidInputError, OutOfRangeError, Status, dec, plain, whole_yuan, yuan,
)
from knowledge.calculators.rules import load_rules
from knowledge.query import Text

_LOWEST = {"lowest", "min", "minimum", "最低", "最低档", "下限", "最低基数"}
_HIGHEST = {"highest", "max", "maximum", "最高", "最高档", "上限", "最高基数"}
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*[%％]$")
_GRADE = re.compile(r"^(?:grade\s*(\d+)|第?\s*(\d+)\s*档|档次\s*(\d+))$")


@dataclass(frozen=True)
class BaseChoice:
    """How the contribution base is chosen."""

    kind: str                       # amount | percent | lowest | highest | grade
    value: Optional[Decimal] = None  # yuan, percent of the average wage, or grade number (1-based)

    @property
    def description(self) -> Text:
        if self.kind == "lowest":
            return Text("最低基数", "the lowest base")
        if self.kind == "highest":
            return Text("最高基数", "the highest base")
        if self.kind == "percent":
            return Text(f"平均工资的{plain(self.value)}%", f"{plain(self.value)}% of the average wage")
        if self.kind == "grade":
            return Text(f"第{self.value}档", f"grade {self.value}")
        return Text(f"{plain(self.value)}元/月", f"CNY {plain(self.value)} a month")


def parse_base(spec) -> BaseChoice:
    """7162 / '7162' -> amount; 'lowest'/'最低' ; 'highest'/'最高' ; '60%' -> percent ; 'grade 3'/'第3档' -> grade."""
    if isinstance(spec, BaseChoice):
        return spec
    if isinstance(spec, bool) or spec is None:
        raise InvalidInputError(Text(f"缴费基数无法识别：{spec!r}", f"unrecognised contribution base: {spec!r}"))
    if isinstance(spec, (int, float, Decimal)):
        return _amount(dec(spec))
    text = str(spec).strip().lower()
    if text in _LOWEST:
        return BaseChoice("lowest")
    if text in _HIGHEST:
        return BaseChoice("highest")
    match = _PERCENT.match(text)
    if match:
        return BaseChoice("percent", dec(match.group(1)))
    match = _GRADE.match(text)
    if match:
        return BaseChoice("grade", Decimal(int(next(g for g in match.groups() if g))))
    try:
        return _amount(dec(text.replace("元", "")))
    except InvalidInputError:
        raise InvalidInputError(Text(
            f"缴费基数无法识别：{spec!r}。可填金额（如7162）、“最低”“最高”、百分比（如60%）或档次（如第3档）。",
            f"unrecognised contribution base {spec!r}: give an amount (e.g. 7162), lowest, highest, "
            "a percentage (e.g. 60%) or a grade (e.g. grade 3)."), spec=spec) from None


def _amount(value: Decimal) -> BaseChoice:
    if value <= 0:
        raise InvalidInputError(Text(f"缴费基数必须大于0：{value}", f"the base must be above zero: {value}"))
    return BaseChoice("amount", value)


@dataclass(frozen=True)
class BaseRange:
    min: Decimal
    max: Decimal
    year: str
    fact: object

    @property
    def average(self) -> Decimal:
        """The 100% average wage implied by the range: the 300% ceiling ÷ 3 (ceilings are the least rounded)."""
        return self.max / 3


def range_of(fact) -> Optional[BaseRange]:
    if fact is None or not regional.is_range(fact.value) or regional.status_of(fact) not in (Status.OK, Status.CAVEAT):
        return None
    return BaseRange(dec(fact.value["min"]), dec(fact.value["max"]), str(fact.year), fact)


def resolve_base(choice: BaseChoice, rng: BaseRange, region, what: Text, grades=(), assumptions=None) -> Decimal:
    """The base in yuan for a choice within one range; OutOfRangeError explains any bad choice."""
    assumptions = assumptions if assumptions is not None else []
    where = Text(f"{region.name_zh}{rng.year}年度{what.zh}", f"{region.name_en} {what.en} ({rng.year})")
    allowed = Text(f"{yuan_plain(rng.min)}–{yuan_plain(rng.max)}元/月", f"CNY {yuan_plain(rng.min)}–{yuan_plain(rng.max)} a month")
    if choice.kind == "lowest":
        return rng.min
    if choice.kind == "highest":
        return rng.max
    if choice.kind == "grade":
        if not grades:
            raise InvalidInputError(Text(f"{where.zh}没有公布缴费档次，请填写金额、百分比或“最低/最高”。",
                                         f"{where.en} has no published grades; give an amount, a percentage, lowest or highest."))
        n = int(choice.value)
        if not 1 <= n <= len(grades):
            raise OutOfRangeError(Text(
                f"{where.zh}只有第1至第{len(grades)}档（{'、'.join(yuan_plain(g) for g in grades)}元），没有第{n}档。",
                f"{where.en} has grades 1 to {len(grades)} ({', '.join(yuan_plain(g) for g in grades)} CNY); there is no grade {n}."),
                allowed=(1, len(grades)), year=rng.year, given=n)
        return grades[n - 1]
    if choice.kind == "percent":
        p, (low, high) = choice.value, load_rules().base_band
        if not low <= p <= high:
            raise OutOfRangeError(Text(
                f"缴费基数只能在平均工资的{plain(low)}%至{plain(high)}%之间选择，{plain(p)}%不在范围内（{where.zh}：{allowed.zh}）。",
                f"The base must be {plain(low)}% to {plain(high)}% of the average wage; {plain(p)}% is outside it "
                f"({where.en}: {allowed.en})."),
                allowed=(low, high), year=rng.year, given=p)
        average = rng.average
        base = whole_yuan(average * p / HUNDRED)
        if abs(average * low / HUNDRED - rng.min) > 1:
            assumptions.append(Text(
                f"{where.zh}公布的下限{yuan_plain(rng.min)}元不等于该平均工资的{plain(low)}%，说明下限因地而异；请看基数说明并以当地为准。",
                f"{where.en}: the published minimum CNY {yuan_plain(rng.min)} is not {plain(low)}% of this average, so the floor "
                "differs within the region; see the note on the base range and check locally."))
        if p == low and abs(base - rng.min) <= 1:
            base = rng.min  # the published floor, whatever rounding the region used
        elif p == high:
            base = rng.max
        assumptions.append(Text(
            f"{where.zh}的100%平均工资按上限÷3推算为{yuan(average)}元；{plain(p)}%取整到元为{yuan_plain(base)}元。",
            f"{where.en}: the 100% average wage is taken as the ceiling ÷ 3 = CNY {yuan(average)}; "
            f"{plain(p)}% of it, rounded to the yuan, is CNY {yuan_plain(base)}."))
        if not rng.min <= base <= rng.max:
            raise OutOfRangeError(Text(f"平均工资的{plain(p)}%约为{yuan_plain(base)}元，超出{where.zh}的允许范围{allowed.zh}。",
                                       f"{plain(p)}% of the average wage is about CNY {yuan_plain(base)}, outside "
                                       f"{where.en}'s allowed range {allowed.en}."),
                                  allowed=(rng.min, rng.max), year=rng.year, given=base)
        if grades and base not in grades:
            raise _not_a_grade(base, grades, where)
        return base
    amount = choice.value
    if grades and amount not in grades:
        raise _not_a_grade(amount, grades, where)
    if not rng.min <= amount <= rng.max:
        side = Text("低于下限", "below the minimum") if amount < rng.min else Text("高于上限", "above the maximum")
        raise OutOfRangeError(Text(f"缴费基数{yuan_plain(amount)}元{side.zh}。{where.zh}的允许范围是{allowed.zh}。",
                                   f"A base of CNY {yuan_plain(amount)} is {side.en}. {where.en} allows {allowed.en}."),
                              allowed=(rng.min, rng.max), year=rng.year, given=amount)
    return amount


def _not_a_grade(amount, grades, where) -> OutOfRangeError:
    listed = "、".join(yuan_plain(g) for g in grades)
    return OutOfRangeError(Text(f"{where.zh}的灵活就业人员按档次缴费，只能选择以下基数：{listed}元；{yuan_plain(amount)}元不是其中之一。",
                                f"{where.en}: flexible workers choose one of the published grades ({listed} CNY); "
                                f"CNY {yuan_plain(amount)} is not one of them."),
                           allowed=tuple(grades), given=amount)


def yuan_plain(value) -> str:
    """Whole-yuan bases without decimals, others to the fen: 7162 -> '7162', 7162.5 -> '7162.50'."""
    d = dec(value)
    return plain(d) if d == d.to_integral_value() else yuan(d)
