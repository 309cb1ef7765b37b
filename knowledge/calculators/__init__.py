"""Calculators for self-paid (flexible-employment) social insurance: numbers and reason codes, no prose.

Every figure comes from a sourced table — the national rules (pension_rules.yml, compiled into the
database) and the regional facts, both read through knowledge.query — and every result lists its
assumptions and caveats as Notes (codes with values) and the source, year and grade of each figure
it used. presentation/calculator.py words them.

    from knowledge.calculators import contribution, estimate_pension, statutory_retirement
    contribution("北京", "lowest").total_monthly          # Decimal('2088.94')
"""

from knowledge.calculators.bases import BaseChoice, average_wage, parse_base
from knowledge.calculators.common import (
    Basis,
    CalculatorError,
    InvalidInputError,
    Note,
    OutOfRangeError,
    Status,
    UnknownRegionError,
    money,
)
from knowledge.calculators.contribution import (
    INSURANCES,
    ContributionEstimate,
    ContributionLine,
    contribution,
)
from knowledge.calculators.divisor import Divisor, account_divisor
from knowledge.calculators.minimum_years import MinimumYears, minimum_contribution_years
from knowledge.calculators.pension import PensionEstimate, ScenarioResult, estimate_pension
from knowledge.calculators.resident import (
    ResidentCost,
    ResidentOptions,
    ResidentPensionEstimate,
    SchemeComparison,
    compare_schemes,
    estimate_resident_pension,
    resident_options,
)
from knowledge.calculators.retirement import RetirementAge, normalise_sex, statutory_retirement
from knowledge.calculators.rules import PensionRules, RulesMissingError, Scenario, load_rules
from knowledge.calculators.subsidy import GROUPS, SubsidyEstimate, SubsidyLine, contribution_subsidy
from knowledge.calculators.unemployment import BenefitDuration, unemployment_duration

__all__ = [
    "BaseChoice",
    "average_wage",
    "parse_base",
    "Basis",
    "CalculatorError",
    "InvalidInputError",
    "Note",
    "OutOfRangeError",
    "Status",
    "UnknownRegionError",
    "money",
    "INSURANCES",
    "ContributionEstimate",
    "ContributionLine",
    "contribution",
    "Divisor",
    "account_divisor",
    "MinimumYears",
    "minimum_contribution_years",
    "PensionEstimate",
    "ScenarioResult",
    "estimate_pension",
    "ResidentCost",
    "ResidentOptions",
    "ResidentPensionEstimate",
    "SchemeComparison",
    "compare_schemes",
    "estimate_resident_pension",
    "resident_options",
    "RetirementAge",
    "normalise_sex",
    "statutory_retirement",
    "PensionRules",
    "RulesMissingError",
    "Scenario",
    "load_rules",
    "GROUPS",
    "SubsidyEstimate",
    "SubsidyLine",
    "contribution_subsidy",
    "BenefitDuration",
    "unemployment_duration",
]
