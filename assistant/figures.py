"""The user's own figures: named computations a sub-answer asks for with `compute:`.

A computation reads the question and what the person has told us, calls the knowledge layer's
calculators, and returns a Figure: numbers and a reason code, never prose (the presentation layer
words it). Registering one is the only Python a new kind of computed answer needs; using it from
another sub-answer is a YAML edit.
"""

from dataclasses import dataclass, field
from typing import Callable, Optional

from assistant.profile import Profile
from knowledge.query import Region

GRADE_ORDER = ("A", "B", "C", "UNCONFIRMED")


@dataclass(frozen=True)
class Ask:
    """Everything a computation may use."""

    text: str
    region: Optional[Region] = None
    insurance_type: Optional[str] = None  # vocabulary id
    scheme: Optional[str] = None  # vocabulary id
    profile: Profile = field(default_factory=Profile)
    today: tuple = (2026, 11)  # (year, month)


@dataclass(frozen=True)
class Figure:
    """A computed answer: outcome 'ok' with values, or a reason code and what is still needed."""

    computation: str
    outcome: str  # ok | needs_input | missing | conflict | ineligible | …
    values: dict = field(default_factory=dict)
    basis: tuple = ()  # knowledge.calculators.Basis of every figure used
    needs: tuple = ()  # region | birth | sex | female_age | paid | retire_year | …

    @property
    def confidence(self) -> Optional[str]:
        grades = [b.confidence for b in self.basis if b.confidence in GRADE_ORDER]
        return max(grades, key=GRADE_ORDER.index) if grades else None


COMPUTATIONS: dict = {}


def computation(name: str) -> Callable:
    """Register a computation under the name topics use in `compute:`."""

    def register(function: Callable) -> Callable:
        COMPUTATIONS[name] = function
        return function

    return register


def compute(name: str, ask: Ask) -> Optional[Figure]:
    """The figure for ask, or None when no computation has that name."""
    function = COMPUTATIONS.get(name)
    return function(ask) if function else None


# The computations register themselves on import; importing this module alone makes compute() work.
from assistant import computations  # noqa: E402,F401
