"""Replies that are not knowledge answers: small talk, clarification tiers, honest "don't know".

The hand-off's replies are in presentation/handoff.py."""

from assistant.answering import MAX_SUGGESTIONS
from presentation.payload import Payload, Reply
from presentation.wording import msg


def small_talk(key: str, lang: str, topic: str = None) -> Reply:
    """greet, goodbye, thank, affirm, deny, bot_challenge, declined, out_of_scope, too_long, empty…"""
    return Reply(msg(key, lang), Payload(kind="smalltalk", language=lang, topic=topic or key))


def clarify(candidates: list, ranking: list, lang: str) -> Reply:
    """'Did you mean…' with candidate topics as buttons ([(intent, title)]), or an honest 'lost'."""
    shown = [
        {"intent": r["name"], "confidence": round(r.get("confidence") or 0, 3)}
        for r in ranking[: MAX_SUGGESTIONS + 1]
        if r.get("name") != "nlu_fallback"
    ]
    if not candidates:
        return Reply(
            msg("lost", lang),
            Payload(kind="clarify", language=lang, topic="nlu_fallback", tier="lost", candidates=shown),
        )
    buttons = [{"title": title, "payload": f"/{intent}"} for intent, title in candidates]
    buttons.append({"title": msg("none_of_these", lang), "payload": "/deny"})
    return Reply(
        msg("did_you_mean", lang),
        Payload(kind="clarify", language=lang, topic="nlu_fallback", tier="did_you_mean", candidates=shown),
        buttons,
    )


def not_in_kb(topic: str, lang: str) -> Reply:
    return Reply(msg("not_in_kb", lang), Payload(kind="answer", language=lang, topic=topic, in_kb=False))


def not_covered(subject, lang: str) -> Reply:
    """Names what was asked about and who handles it (knowledge.query.NotCoveredSubject)."""
    sources = [subject.source.as_payload()] if subject.source else []
    return Reply(
        msg("not_covered", lang, subject=subject.name.in_(lang), agency=subject.handled_by.in_(lang)),
        Payload(
            kind="not_covered", language=lang, topic="out_of_scope", citations=sources, extra={"subject": subject.id}
        ),
    )


def which_topic(region, topics: list, lang: str) -> Reply:
    """A region named on its own: which of the usual topics? topics: [TopicInfo]."""
    buttons = [{"title": t.title.in_(lang), "payload": f"/{t.id}"} for t in topics]
    return Reply(
        msg("which_topic_for_region", lang, region=region.name.in_(lang)),
        Payload(kind="question", language=lang, region=region.name_zh, region_id=region.id),
        buttons,
    )


def which_place(choices: list, lang: str) -> Reply:
    """A name several places share: one short question, a button for each (its full name)."""
    buttons = [
        {"title": r.key if lang == "zh" else f"{r.name_en} ({r.key})", "payload": '/inform{"region": "%s"}' % r.key}
        for r in choices
    ]
    return Reply(
        msg("which_place", lang, name=choices[0].name.in_(lang)), Payload(kind="question", language=lang), buttons
    )


def ask_region(lang: str, unknown: bool = False) -> Reply:
    """The region could not be recognised, or the person chose "other place"."""
    return Reply(
        msg("unknown_region" if unknown else "region_other_prompt", lang), Payload(kind="question", language=lang)
    )
