"""Calculator turns as replies: the person's own figure first, every detail in sections on demand.

The first message is a few lines: the figure with its base, rate, year and source; the defaults
that were assumed; one plain caveat when a figure is uncertain. Everything else (each insurance
line, the 8% / 12% split, the resident-scheme comparison, the subsidy, the assumptions, the
sources with year and grade, what changes a pension) is in payload Sections. Refinements are
quick replies. A question asks for everything still missing at once.
"""

from knowledge import query
from presentation import calc_text as words
from presentation.calc_contribution import contribution, contribution_buttons, contribution_data
from presentation.calc_parts import SUGGESTED_REGIONS, TOPICS, _button, _option, _text
from presentation.calc_pension import pension, pension_buttons, pension_data
from presentation.calc_text import join
from presentation.payload import Payload, Reply
from presentation.wording import msg

__all__ = [
    "render",
    "contribution",
    "contribution_buttons",
    "contribution_data",
    "pension",
    "pension_buttons",
    "pension_data",
    "question",
    "question_buttons",
    "stopped",
    "nothing_to_stop",
    "TOPICS",
]


def render(turn, lang: str) -> Reply:
    """The reply for an assistant.calculator.Turn."""
    if turn.stopped:
        return stopped(lang)
    if turn.result is None:
        return question(turn, lang)
    if turn.kind == "contribution":
        return contribution(turn.result, lang)
    return pension(turn.result, lang)


def question(turn, lang: str) -> Reply:
    """What was wrong (each problem with the allowed range), then everything still needed, at once."""
    lines = [words.problem(p, lang) for p in turn.problems]
    needs = turn.needs
    if needs == ("base",):
        lines.append(msg("calc_q_base", lang))
    elif needs:
        lines.append(
            msg(
                f"calc_q_{turn.kind}",
                lang,
                needs=join([msg(f"calc_need_{n}", lang) for n in needs], lang),
                example=msg(f"calc_q_example_{turn.kind}", lang),
            )
        )
    elif turn.problems:
        lines.append(msg("calc_q_retry", lang))
    region = turn.state.region
    payload = Payload(
        kind="question",
        language=lang,
        topic=TOPICS[turn.kind],
        region=region.name_zh if region else None,
        region_id=region.id if region else None,
        extra={
            "calculator": turn.kind,
            "needs": list(needs),
            "problems": [{"field": p.field, "code": p.code, **words.jsonable(p.details)} for p in turn.problems],
        },
    )
    return Reply(_text(lines), payload, question_buttons(turn, lang))


def question_buttons(turn, lang: str) -> list:
    needs = turn.needs
    buttons = []
    if needs == ("region",):
        for region_id in SUGGESTED_REGIONS:
            region = query.get_region(region_id)
            if region:
                buttons.append({"title": region.name.in_(lang), "payload": region.name.in_(lang)})
    elif needs == ("sex",):
        buttons = [_button(k, msg(k, lang), lang) for k in ("calc_btn_male", "calc_btn_female")]
    elif needs == ("female_age",):
        buttons = [
            {"title": msg(k, lang), "payload": msg(f"{k}_payload", lang)} for k in ("calc_btn_50", "calc_btn_55")
        ]
    elif needs == ("base",):
        buttons = [
            _button(f"calc_btn_{b}", _option(turn.kind, f"base_{b}"), lang) for b in ("lowest", "average", "highest")
        ]
    return buttons + [_button("calc_btn_stop", msg("calc_btn_stop", lang), lang)]


def stopped(lang: str) -> Reply:
    return Reply(
        msg("calc_stopped", lang), Payload(kind="smalltalk", language=lang, topic="stop_form", extra={"stopped": True})
    )


def nothing_to_stop(lang: str) -> Reply:
    return Reply(msg("calc_nothing_to_stop", lang), Payload(kind="smalltalk", language=lang, topic="stop_form"))
