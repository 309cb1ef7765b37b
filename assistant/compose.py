"""Compose the answer to a question: which sub-answer, the person's own figure, the region's facts.

The result is structure, not wording: presentation/answer.py turns it into the first message (the
answer to the question asked, in a few lines) and the details on demand.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from assistant.choose import choose
from assistant.figures import Ask, Figure, Profile, compute
from assistant.turn import Turn
from knowledge import query
from knowledge.freshness import missing_successors
from knowledge.query import NATIONAL, Answer, Region, TopicInfo

# The calculator offered under answers about cost and pensions.
CALCULATORS = {"ask_cost": "calculate_contribution", "ask_pension_benefit": "estimate_pension"}


@dataclass(frozen=True)
class Composed:
    topic: TopicInfo
    answer: Answer  # the chosen sub-answer, with the facts of the region
    figure: Optional[Figure]  # the person's own figure, when the sub-answer computes one
    region: Optional[Region]  # the region answered for
    needs_region: bool  # the answer depends on the region and none is known
    local_facts: tuple  # facts of the region itself or its province (not national rules)
    missing_local: tuple  # fact labels (Text) the region has no figure for at all
    calculator: Optional[str]  # the calculator intent to offer, if any
    lapsed: tuple = ()  # fact_id() of facts whose rule has passed its end date (valid_until)
    due: tuple = ()  # (fact_id(), year) of figures whose next year's figure is due but not in the KB
    also_asked: Optional[TopicInfo] = None  # a second question in the same message, offered as one tap

    @property
    def figure_ok(self) -> bool:
        return self.figure is not None and self.figure.outcome == "ok"


def fact_id(fact) -> tuple:
    """A regional fact's identity within an answer (a key can hold several years)."""
    return fact.key, fact.region_id, fact.year


def _family(key: str) -> str:
    """pension_base and pension_grades answer the same need; so do medical_base and medical_fixed."""
    return key.split("_")[0]


def _missing_local(answer: Answer, local: tuple) -> tuple:
    """Labels of the local figures the region lacks: one per need, only where no national rule applies."""
    shown = {f.key for f in answer.facts}
    covered = {_family(f.key) for f in local}
    missing = {}
    for key, label in answer.regional_labels:
        if key not in shown and _family(key) not in covered:
            missing.setdefault(_family(key), label)
    return tuple(missing.values())


def _due(facts, today: dt.date) -> tuple:
    """Figures whose successor year is due by today and missing (knowledge.freshness)."""
    due = missing_successors(facts, today)
    return tuple((fact_id(f), due[id(f)]) for f in facts if id(f) in due)


def compose(
    turn: Turn,
    topic_id: str,
    profile: Profile = Profile(),
    today: dt.date = None,
    also_asked: Optional[str] = None,
    previous: Optional[str] = None,
) -> Optional[Composed]:
    """The composed answer for topic_id, or None when the knowledge base has no such topic.

    previous: the answer id a follow-up re-asks (see assistant.choose.choose).
    """
    today = today or dt.date.today()
    topic = query.topic(topic_id)
    rule = (
        choose(topic_id, turn.text, scheme=turn.scheme, insurance_type=turn.insurance_type, previous=previous)
        if topic
        else None
    )
    answer = query.answer(rule.answer_id, region=turn.region.id if turn.region else None) if rule else None
    if answer is None:
        return None
    region = turn.region if turn.region and turn.region.id != NATIONAL else None
    figure = None
    if rule.compute:
        figure = compute(
            rule.compute,
            Ask(
                text=turn.text,
                region=region,
                insurance_type=turn.insurance_type,
                scheme=turn.scheme,
                profile=profile,
                today=(today.year, today.month),
            ),
        )
    local = tuple(f for f in answer.facts if f.region_id != NATIONAL) if region else ()
    missing = _missing_local(answer, local) if region is not None and topic.region_dependent else ()
    second = query.topic(also_asked) if also_asked and also_asked != topic_id else None
    depends_on_region = bool(answer.regional_labels) or (figure is not None and "region" in figure.needs)
    return Composed(
        topic=topic,
        answer=answer,
        figure=figure,
        region=region,
        needs_region=topic.region_dependent and region is None and depends_on_region,
        local_facts=local,
        missing_local=missing,
        calculator=CALCULATORS.get(topic_id),
        lapsed=tuple(fact_id(f) for f in answer.facts if f.lapsed(today)),
        due=_due(answer.facts, today),
        also_asked=second,
    )
