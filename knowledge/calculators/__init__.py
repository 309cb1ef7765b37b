"""Contribution and pension calculators for self-paid (flexible-employment) social insurance.

Every figure comes from a sourced table — the national rules in sources/pension_rules.yml and the
regional facts through knowledge.query — and every result is labelled an estimate, lists its
assumptions and caveats, and carries the source, year and grade of each figure it used.

    from knowledge.calculators import contribution, estimate_pension, statutory_retirement
    contribution("北京", "lowest").total_monthly          # Decimal('2088.94')
"""
from knowledge.calculators.common import (
    Basis, CalculatorError, InvalidInputError, OutOfRangeError, Status, UnknownRegionError, money,
)
from knowledge.calculators.bases import BaseChoice, parse_base
from knowledge.calculators.contribution import ContributionEstimate, ContributionLine, contribution
from knowledge.calculators.divisor import Divisor, account_divisor
from knowledge.calculators.minimum_years import MinimumYears, minimum_contribution_years
from knowledge.calculators.pension import PensionEstimate, ScenarioResult, estimate_pension
from knowledge.calculators.resident import (
    ResidentCost, ResidentOptions, ResidentPensionEstimate, SchemeComparison, compare_schemes,
    estimate_resident_pension, resident_options,
)
from knowledge.calculators.retirement import RetirementAge, statutory_retirement
from knowledge.calculators.rules import (
    PensionRules, PensionRulesError, Scenario, load_rules, validate_pension_rules,
)

__all__ = [
    "Basis", "CalculatorError", "InvalidInputError", "OutOfRangeError", "Status", "UnknownRegionError", "money",
    "BaseChoice", "ContributionEstimate", "ContributionLine", "contribution", "parse_base",
    "Divisor", "account_divisor", "MinimumYears", "minimum_contribution_years",
    "PensionEstimate", "ScenarioResult", "estimate_pension",
    "ResidentCost", "ResidentOptions", "ResidentPensionEstimate", "SchemeComparison", "compare_schemes",
    "estimate_resident_pension", "resident_options",
    "RetirementAge", "statutory_retirement",
    "PensionRules", "PensionRulesError", "Scenario", "load_rules", "validate_pension_rules",
]
