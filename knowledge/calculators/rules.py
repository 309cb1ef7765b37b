"""The national tables of the calculators, read from the knowledge database (knowledge.query).

pension_rules.yml is validated and compiled by the build (knowledge/rules_loader.py) like every
other source, so the calculators follow KB_DATABASE_URL. This module only gives the tables their
types: the divisor table, the retirement-age reform, the minimum years, the unemployment benefit
durations, the contribution subsidy rules and the projection scenarios.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators.arithmetic import delay_months
from knowledge.calculators.common import Basis, CalculatorError, dec
from knowledge.query import Text


class RulesMissingError(CalculatorError):
    """The database has no calculator tables (built without pension_rules.yml)."""

    kind = "missing"


@dataclass(frozen=True)
class ReformCategory:
    """One group of the 2025 retirement-age reform (men 60, women 55, women 50)."""

    id: str
    sex: str
    original_age: int
    first_birth: tuple  # (year, month): the first birth month whose age is raised
    step_months: int  # one month of delay per this many months of birth
    target_age: int
    label: Text

    def delay_months(self, birth_year: int, birth_month: int) -> int:
        return delay_months(
            self.first_birth, self.step_months, self.target_age - self.original_age, birth_year, birth_month
        )


@dataclass(frozen=True)
class Scenario:
    """A projection assumption (not a sourced fact): yearly wage growth and account interest, in %."""

    id: str
    label: Text
    wage_growth_percent: Decimal
    interest_percent: Decimal


@dataclass(frozen=True)
class SubsidyRule:
    """A contribution subsidy for one group of flexible workers (hardship | graduate)."""

    group: str
    share_cap: tuple  # (numerator, denominator): at most this share of what is paid
    max_years: int
    left_school_within_years: Optional[int]
    basis: Basis
    caveat: Optional[Text]


@dataclass(frozen=True)
class PensionRules:
    divisors: dict  # integer age -> months
    divisor_basis: Basis
    interpolation_decimals: int
    interpolation_basis: Basis
    interpolation_caveat: Optional[Text]
    resident_divisor: int
    resident_divisor_basis: Basis
    resident_draw_age: int  # the resident pension is drawn from this age …
    resident_minimum_years: int  # … with at least these years paid (Guofa [2014] No. 8)
    resident_basis: Basis
    accrual_percent: Decimal
    basic_pension_basis: Basis
    base_band: tuple  # (min %, max %) of the average wage a base may be
    base_band_basis: Basis
    reform_start: tuple
    reform_categories: tuple
    reform_basis: Basis
    flexible_early_months: int  # flexible retirement: at most this much before the statutory age
    flexible_late_months: int  # … and after it
    flexible_basis: Basis
    minimum_params: dict  # base_years, rise_from, step_months_per_year, max_years
    minimum_schedule: dict  # retirement year -> years
    minimum_basis: Basis
    unemployment_bands: tuple  # ((from years, months), …) rising
    unemployment_qualifying_years: Decimal
    unemployment_cap_months: int
    unemployment_basis: Basis
    subsidies: dict  # group -> SubsidyRule
    near_retirement_years: int  # hardship subsidies run to retirement when fewer years are left
    near_retirement_basis: Basis
    near_retirement_caveat: Optional[Text]
    scenarios: tuple
    assumptions_rationale: Optional[Text]

    def category(self, category_id: str) -> ReformCategory:
        return next(c for c in self.reform_categories if c.id == category_id)


def _basis(table, value: str) -> Basis:
    return Basis(
        key=table.key,
        value=value,
        year=table.year or "",
        confidence=table.confidence or "",
        source_id=table.source_id,
        source_title=table.source_title,
        source_url=table.source_url,
        law_id=table.law_id,
        article=table.article,
    )


def load_rules(query=None) -> PensionRules:
    """The typed national tables of the database that query (default knowledge.query) reads."""
    from knowledge.calculators.regional import query_api

    tables = query_api(query).rule_tables()
    if not tables:
        raise RulesMissingError("rules_missing")
    hit = _TYPED.get(id(tables))
    if hit is None or hit[0] is not tables:  # the query layer caches one dict per database
        hit = _TYPED[id(tables)] = (tables, _typed(tables))
    return hit[1]


_TYPED: dict = {}


def _typed(t: dict) -> PensionRules:
    divisors = {int(age): months for age, months in t["account_divisor"].rows}
    band = t["base_band"].params
    basic = t["basic_pension"].params
    resident = t["resident_account_divisor"].params["value"]
    reform = t["retirement_reform"]
    categories = tuple(
        ReformCategory(
            cid,
            v["sex"],
            v["original_age"],
            tuple(v["first_birth"]),
            v["step_months"],
            v["target_age"],
            Text(v["label"]["zh"], v["label"]["en"]),
        )
        for cid, v in reform.rows
    )
    minimum = t["minimum_years"]
    flexible = t["flexible_retirement"]
    unemployment = t["unemployment_duration"]
    near = t["subsidy_near_retirement"]
    rationale = t["assumptions"].params.get("rationale")
    return PensionRules(
        divisors=divisors,
        divisor_basis=_basis(t["account_divisor"], f"40:{divisors[40]} … 60:{divisors[60]} … 70:{divisors[70]}"),
        interpolation_decimals=t["divisor_interpolation"].params["decimals"],
        interpolation_basis=_basis(t["divisor_interpolation"], "monthly_linear"),
        interpolation_caveat=t["divisor_interpolation"].caveat,
        resident_divisor=resident,
        resident_divisor_basis=_basis(t["resident_account_divisor"], str(resident)),
        resident_draw_age=t["resident_pension"].params["draw_age"],
        resident_minimum_years=t["resident_pension"].params["minimum_years"],
        resident_basis=_basis(
            t["resident_pension"],
            f"{t['resident_pension'].params['draw_age']}:{t['resident_pension'].params['minimum_years']}",
        ),
        accrual_percent=dec(basic["accrual_percent_per_year"]),
        basic_pension_basis=_basis(t["basic_pension"], f"{basic['accrual_percent_per_year']}%"),
        base_band=(dec(band["min_percent"]), dec(band["max_percent"])),
        base_band_basis=_basis(t["base_band"], f"{band['min_percent']}%–{band['max_percent']}%"),
        reform_start=tuple(reform.params["start"]),
        reform_categories=categories,
        reform_basis=_basis(reform, ", ".join(f"{c.original_age}→{c.target_age}" for c in categories)),
        flexible_early_months=flexible.params["max_early_months"],
        flexible_late_months=flexible.params["max_late_months"],
        flexible_basis=_basis(
            flexible, f"-{flexible.params['max_early_months']}/+{flexible.params['max_late_months']}"
        ),
        minimum_params=minimum.params,
        minimum_schedule={int(y): dec(v) for y, v in minimum.rows},
        minimum_basis=_basis(minimum, f"{minimum.params['base_years']}→{minimum.params['max_years']}"),
        unemployment_bands=tuple((dec(v["from_years"]), v["months"]) for _, v in unemployment.rows),
        unemployment_qualifying_years=dec(unemployment.params["qualifying_years"]),
        unemployment_cap_months=unemployment.params["combined_cap_months"],
        unemployment_basis=_basis(unemployment, "/".join(str(v["months"]) for _, v in unemployment.rows)),
        subsidies={
            table.params["group"]: SubsidyRule(
                table.params["group"],
                tuple(table.params["share_cap"]),
                table.params["max_years"],
                table.params.get("left_school_within_years"),
                _basis(
                    table, f"{table.params['share_cap'][0]}/{table.params['share_cap'][1]}, {table.params['max_years']}"
                ),
                table.caveat,
            )
            for table in (t["contribution_subsidy"], t["graduate_subsidy"])
        },
        near_retirement_years=near.params["years_left_below"],
        near_retirement_basis=_basis(near, f"<{near.params['years_left_below']}"),
        near_retirement_caveat=near.caveat,
        scenarios=tuple(
            Scenario(
                sid, Text(v["label"]["zh"], v["label"]["en"]), dec(v["wage_growth_percent"]), dec(v["interest_percent"])
            )
            for sid, v in t["assumptions"].rows
        ),
        assumptions_rationale=Text(rationale["zh"], rationale["en"]) if rationale else None,
    )
