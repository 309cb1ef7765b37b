"""Estimate the monthly employee pension at statutory retirement, as a low/central/high range.

basic pension   = (C + C × index) / 2 × years × 1%      C = the region's calculation base at retirement
account pension = account balance at retirement ÷ divisor for the retirement age (years + months)

C and the future contribution base are projected with assumed wage growth, the account with an
assumed interest rate; the future is unknown, so the result is a range over scenarios, every
assumption is listed, and nothing is given for someone short of the minimum contribution years.
"""
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators import regional
from knowledge.calculators.common import (
    ESTIMATE_LABEL, HUNDRED, InvalidInputError, OutOfRangeError, Status, dec, money, plain, yuan,
)
from knowledge.calculators.divisor import Divisor, account_divisor
from knowledge.calculators.minimum_years import MinimumYears, minimum_contribution_years
from knowledge.calculators.retirement import RetirementAge, statutory_retirement
from knowledge.calculators.rules import Scenario, load_rules
from knowledge.query import Text

KEYS = ["pension_base", "pension_calc_base", "pension_account_rate"]
ALWAYS = (
    Text("未包括过渡性养老金（个人账户建立前的视同缴费年限）、地方补贴和退休后的年度调整。",
         "Not included: the transitional pension for deemed years before personal accounts existed, local "
         "supplements and yearly increases after retirement."),
    Text("个人账户每年按开年余额计息（不足一年按月折算），当年缴费从次年起计息，比实际略保守。",
         "The account earns interest once a year on its opening balance (pro rata for part years); a year's "
         "contributions earn interest from the next year, slightly conservative."),
    Text("金额为退休当年的名义金额；“按今天工资水平”一栏按假设的工资增长率折回今天，便于理解。",
         "Amounts are nominal, in the money of the retirement year; the 'at today's wage level' figure divides "
         "by the assumed wage growth to make them easier to judge."),
)


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    calc_base: Decimal            # projected calculation base in the retirement year
    account_balance: Decimal      # projected personal account at retirement
    basic_pension: Decimal        # per month
    account_pension: Decimal      # per month
    total: Decimal                # per month
    total_at_today_wages: Decimal  # total ÷ (1 + wage growth)^(years until retirement)


@dataclass(frozen=True)
class PensionEstimate:
    region: object
    retirement: RetirementAge
    minimum: MinimumYears
    divisor: Optional[Divisor]
    average_index: Decimal
    past_months: int
    future_months: int
    eligible: bool
    shortfall_months: int
    status: str
    scenarios: tuple              # ScenarioResult, in the order of the assumptions (low, central, high)
    assumptions: tuple
    caveats: tuple
    basis: tuple
    label: Text = ESTIMATE_LABEL
    is_estimate: bool = True

    @property
    def contribution_months(self) -> int:
        return self.past_months + self.future_months

    @property
    def total_range(self) -> Optional[tuple]:
        """(lowest, highest) monthly total over the scenarios; None when no amount is given."""
        totals = [s.total for s in self.scenarios]
        return (min(totals), max(totals)) if totals else None

    def scenario(self, scenario_id: str) -> Optional[ScenarioResult]:
        return next((s for s in self.scenarios if s.scenario.id == scenario_id), None)


def estimate_pension(region, *, birth_year: int, birth_month: int, sex: str, average_index,
                     female_original_age: int = None, past_contribution_months: int = 0, account_balance=0,
                     future_contribution_months: int = None, as_of=None, scenarios=None,
                     calc_base=None, calc_base_year: int = None, query=None) -> PensionEstimate:
    """Monthly pension at statutory retirement for a flexible worker contributing in region.

    average_index: the average contribution index over the whole career (0.6 = always the lowest
    base, 1 = the average wage, 3 = the highest), assumed also for future months.
    as_of: (year, month) from which future contributions are paid and to which account_balance
    applies (default: this month). future_contribution_months: default every month until the month
    before retirement. calc_base/calc_base_year: a calculation base supplied by the user when the
    knowledge base has none for the region (labelled as user-supplied).
    """
    rules = load_rules()
    scenarios = tuple(scenarios) if scenarios is not None else rules.scenarios
    as_of = _year_month(as_of)
    index = _index(average_index)
    past = _whole(past_contribution_months, "past_contribution_months")
    balance = dec(account_balance)
    if balance < 0:
        raise InvalidInputError(Text("个人账户余额不能为负数。", "The account balance cannot be negative."))
    retirement = statutory_retirement(birth_year, birth_month, sex, female_original_age)
    months_left = (retirement.retire_year * 12 + retirement.retire_month) - (as_of[0] * 12 + as_of[1])
    if months_left <= 0:
        raise InvalidInputError(Text(
            f"按出生年月，{retirement.retire_year}年{retirement.retire_month}月已达到法定退休年龄，本估算只适用于尚未退休的人。",
            f"By the birth month given, the statutory age was reached in {retirement.retire_year}-{retirement.retire_month:02d}; "
            "this estimate is for people who have not retired yet."))
    working_months = (as_of[0] - birth_year - 16) * 12 + as_of[1] - birth_month
    if past > max(working_months, 0):
        raise InvalidInputError(Text(f"已缴费{past}个月超过了16岁以来的月数，请核对。",
                                     f"{past} months of past contributions is more than the months since age 16; please check."))
    future = months_left if future_contribution_months is None else _whole(future_contribution_months, "future_contribution_months")
    if future > months_left:
        raise InvalidInputError(Text(f"今后缴费月数{future}超过了距退休的{months_left}个月。",
                                     f"{future} future months is more than the {months_left} months left before retirement."))
    minimum = minimum_contribution_years(retirement.retire_year)
    divisor = account_divisor(retirement.age_years, retirement.age_months)
    facts = regional.load(region, KEYS, query)
    assumptions = [
        Text(f"整个缴费期的平均缴费指数为{plain(index)}，今后缴费也按此指数。",
             f"Average contribution index {plain(index)} over the whole career, future months included."),
        Text(f"从{as_of[0]}年{as_of[1]}月起再缴费{future}个月；此前已缴{past}个月，个人账户余额{yuan(balance)}元。",
             f"{future} more months of contributions from {as_of[0]}-{as_of[1]:02d}; {past} months already paid; "
             f"account balance CNY {yuan(balance)}."),
        Text("情形（工资年增长率/记账利率）：" + "；".join(f"{s.label.zh} {plain(s.wage_growth_percent)}%/{plain(s.interest_percent)}%" for s in scenarios),
             "Scenarios (wage growth / account interest a year): "
             + "; ".join(f"{s.label.en} {plain(s.wage_growth_percent)}%/{plain(s.interest_percent)}%" for s in scenarios)),
    ]
    caveats = list(ALWAYS)
    basis = [*retirement.basis, minimum.basis, *divisor.basis, rules.basic_pension_basis, rules.base_band_basis]
    if divisor.caveat:
        caveats.append(divisor.caveat)
    if balance == 0 and past:
        caveats.append(Text("未填写现有个人账户余额，按0计算，实际养老金可能更高；余额可在社保个人权益记录中查到。",
                            "No current account balance was given, so 0 is used and the pension is probably higher; the "
                            "balance is in your social insurance record."))
    total_months = past + future
    base = dict(region=facts.region, retirement=retirement, minimum=minimum, divisor=divisor, average_index=index,
                past_months=past, future_months=future)
    if total_months < minimum.months:
        short = minimum.months - total_months
        caveats.insert(0, Text(
            f"到{retirement.retire_year}年退休时累计缴费{total_months}个月，少于最低的{minimum.months}个月（差{short}个月），"
            "不能按月领取基本养老金；可以延长缴费至满足年限，或按规定转入城乡居民养老保险（社会保险法第十六条）。",
            f"At retirement in {retirement.retire_year} you would have {total_months} months of contributions, fewer than the "
            f"{minimum.months} required (short by {short}), so no monthly pension is payable; you may keep paying until the "
            "minimum is met, or transfer to the resident scheme (Social Insurance Law Art. 16)."))
        return PensionEstimate(**base, eligible=False, shortfall_months=short, status=Status.INELIGIBLE, scenarios=(),
                               assumptions=tuple(assumptions), caveats=tuple(caveats), basis=tuple(basis))
    status = Status.CAVEAT if divisor.confidence == "C" else Status.OK
    account_rate, wage0, calc0 = _regional_inputs(facts, future, calc_base, calc_base_year, assumptions, caveats, basis)
    if account_rate is None or wage0 is None or calc0 is None:
        return PensionEstimate(**base, eligible=True, shortfall_months=0, status=Status.MISSING, scenarios=(),
                               assumptions=tuple(assumptions), caveats=tuple(caveats), basis=tuple(basis))
    results = tuple(_scenario(s, retirement, divisor, index, total_months, balance, future, as_of,
                              account_rate, wage0, calc0, rules.accrual_percent) for s in scenarios)
    if any(b.confidence == "C" for b in basis):
        status = Status.CAVEAT
    return PensionEstimate(**base, eligible=True, shortfall_months=0, status=status, scenarios=results,
                           assumptions=tuple(dict.fromkeys(assumptions)), caveats=tuple(dict.fromkeys(caveats)),
                           basis=tuple(dict.fromkeys(basis)))


def _regional_inputs(facts, future, calc_base, calc_base_year, assumptions, caveats, basis):
    """(account rate %, (wage, year) for contributions, (calc base, year)) — None where unknown."""
    rate_fact = facts.get("pension_account_rate")
    account_rate = dec(rate_fact.value) if regional.status_of(rate_fact) in (Status.OK, Status.CAVEAT) else None
    if rate_fact is not None:
        basis.append(regional.basis_of(rate_fact))
    wage0 = (Decimal(0), 0)
    if future:
        base_fact = facts.get("pension_base")
        if base_fact is not None and regional.is_range(base_fact.value) and regional.status_of(base_fact) in (Status.OK, Status.CAVEAT):
            wage0 = (dec(base_fact.value["max"]) / 3, regional.year_of(base_fact.year))
            basis.append(regional.basis_of(base_fact))
            assumptions.append(Text(
                f"今后缴费基数=平均缴费指数×平均工资；平均工资按{base_fact.year}年度基数上限÷3={yuan(wage0[0])}元，逐年按工资增长率增长。",
                f"Future bases = index × the average wage, taken as the {base_fact.year} base ceiling ÷ 3 = "
                f"CNY {yuan(wage0[0])} and grown each year by the wage growth."))
            if base_fact.confidence == "C":
                caveats.append(regional.caveat_of(base_fact))
        else:
            wage0 = None
            caveats.append(regional.caveat_of(base_fact) or Text(
                f"本库没有{facts.region.name_zh}的缴费基数，无法推算今后的个人账户积累。",
                f"The contribution base of {facts.region.name_en} is not in the knowledge base, so future account growth cannot be projected."))
    if calc_base is not None:
        if calc_base_year is None:
            raise InvalidInputError(Text("自行提供计发基数时，请同时说明是哪一年的。",
                                         "When you supply a calculation base, also give its year."))
        calc0 = (dec(calc_base), int(calc_base_year))
        assumptions.append(Text(f"计发基数{yuan(calc0[0])}元（{calc0[1]}年）为用户提供，未经本库核实。",
                                f"Calculation base CNY {yuan(calc0[0])} ({calc0[1]}) was supplied by the user, not verified here."))
        return account_rate, wage0, calc0
    calc_fact = facts.get("pension_calc_base")
    if calc_fact is None or regional.status_of(calc_fact) not in (Status.OK, Status.CAVEAT):
        caveats.append(regional.caveat_of(calc_fact) if calc_fact is not None else Text(
            f"本库没有{facts.region.name_zh}的养老金计发基数，无法估算基础养老金；可自行提供当地公布的计发基数。",
            f"The pension calculation base of {facts.region.name_en} is not in the knowledge base, so the basic pension "
            "cannot be estimated; you may supply the locally published figure."))
        if calc_fact is not None:
            basis.append(regional.basis_of(calc_fact))
        return account_rate, wage0, None
    basis.append(regional.basis_of(calc_fact))
    calc0 = (dec(calc_fact.value), regional.year_of(calc_fact.year))
    assumptions.append(Text(f"计发基数以{calc_fact.year}年的{yuan(calc0[0])}元为起点，逐年按工资增长率增长到退休当年。",
                            f"The calculation base starts from CNY {yuan(calc0[0])} ({calc_fact.year}) and grows with the "
                            "wage growth until the retirement year."))
    if calc_fact.confidence == "C":
        caveats.append(regional.caveat_of(calc_fact))
    return account_rate, wage0, calc0


def _scenario(scenario, retirement, divisor, index, total_months, balance, future, as_of,
              account_rate, wage0, calc0, accrual) -> ScenarioResult:
    growth = 1 + scenario.wage_growth_percent / HUNDRED
    interest = scenario.interest_percent / HUNDRED
    account = _project_account(balance, future, as_of, retirement, index, account_rate / HUNDRED, wage0, growth, interest)
    calc_base = calc0[0] * growth ** (retirement.retire_year - calc0[1])
    years = Decimal(total_months) / 12
    basic = (calc_base + calc_base * index) / 2 * years * accrual / HUNDRED
    from_account = account / divisor.months
    total = money(basic) + money(from_account)
    deflator = growth ** (retirement.retire_year - as_of[0])
    return ScenarioResult(scenario, money(calc_base), money(account), money(basic), money(from_account), total,
                          money(total / deflator))


def _project_account(balance, future, as_of, retirement, index, account_rate, wage0, growth, interest) -> Decimal:
    """Year by year from as_of to the retirement month: interest on the opening balance, then the year's contributions."""
    remaining = future
    year, month = as_of
    while (year, month) < (retirement.retire_year, retirement.retire_month):
        last = retirement.retire_month - 1 if year == retirement.retire_year else 12
        span = last - month + 1  # months of this calendar year before retirement
        paid = min(span, remaining)
        remaining -= paid
        wage = wage0[0] * growth ** (year - wage0[1]) if paid else Decimal(0)
        balance = balance + balance * interest * span / 12 + paid * wage * index * account_rate
        year, month = year + 1, 1
    return balance


def _index(value) -> Decimal:
    """The index is the base ÷ the average wage, so it is bounded by the allowed base band (60–300%)."""
    index, (low, high) = dec(value), load_rules().base_band
    low, high = low / HUNDRED, high / HUNDRED
    if not low <= index <= high:
        raise OutOfRangeError(Text(
            f"平均缴费指数须在{plain(low)}至{plain(high)}之间（缴费基数只能在平均工资的{plain(low * HUNDRED)}%至"
            f"{plain(high * HUNDRED)}%之间），{plain(index)}不在范围内。",
            f"The average contribution index must be {plain(low)} to {plain(high)} (bases are {plain(low * HUNDRED)}% to "
            f"{plain(high * HUNDRED)}% of the average wage); {plain(index)} is outside it."), allowed=(low, high), given=index)
    return index


def _whole(value, name) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(Text(f"{name}须为不小于0的整数：{value!r}", f"{name} must be a whole number ≥ 0: {value!r}"))
    return value


def _year_month(value) -> tuple:
    if value is None:
        today = dt.date.today()
        return today.year, today.month
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year, value.month
    try:
        year, month = value
    except (TypeError, ValueError):
        raise InvalidInputError(Text(f"日期须为（年, 月）：{value!r}", f"as_of must be (year, month): {value!r}")) from None
    if not (isinstance(year, int) and isinstance(month, int) and 1900 <= year <= 2200 and 1 <= month <= 12):
        raise InvalidInputError(Text(f"日期须为（年, 月）：{value!r}", f"as_of must be (year, month): {value!r}"))
    return year, month
