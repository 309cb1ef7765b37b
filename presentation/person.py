"""A person's own situation in words: whom it is about, what was used, the chain of their figures.

    render(step, lang) -> Reply     (assistant.personal.PersonAnswer | Cleared)
    about(people, lang) -> dict     (the "about you" line every channel shows, for Payload.person)

The first message starts with whom it is about and the facts used ("按您说的（1970年5月出生、男、
已交12年）："), then the figure asked for; one short question with buttons when something that
decides the answer is missing.
"""

from assistant.personal import Cleared, PersonAnswer
from assistant.situation import RESIDENT
from presentation import calc_text as words
from presentation.payload import Payload, Reply, Section
from presentation.wording import msg

SELF = "self"


def who(about: str, lang: str) -> str:
    return msg(f"person_who_{about}", lang)


def facts(profile, lang: str, month_assumed: bool = False) -> list:
    """Short 'field value' strings for what was said about one person."""
    parts = []
    if profile.birth_year is not None and profile.birth_month is not None:
        parts.append(msg("calc_f_birth", lang, v=words.year_month(profile.birth_year, profile.birth_month, lang)))
    elif profile.birth_year is not None:
        parts.append(msg("calc_f_birth", lang, v=msg("calc_y", lang, year=profile.birth_year)))
    elif profile.age is not None:
        parts.append(msg("calc_f_age", lang, v=profile.age))
    if profile.sex:
        parts.append(msg(f"calc_{profile.sex}", lang))
    if profile.category:
        parts.append(msg(f"person_cat_{profile.category}", lang))
    elif profile.rural:
        parts.append(msg("person_f_rural", lang))
    if profile.paid_months is not None:
        parts.append(msg("calc_f_paid", lang, v=words.duration(profile.paid_months, lang)))
    if month_assumed and profile.birth_month is None and parts:
        parts.append(msg("person_f_month_assumed", lang))
    return parts


def about(people, lang: str) -> dict:
    """Everyone the conversation has spoken of, one line each (the person first)."""
    lines = []
    for name, profile in sorted(people.persons.items(), key=lambda item: item[0] != SELF):
        said = facts(profile, lang)
        if not said:
            continue
        key = "person_about_line" if name == SELF else "person_about_other"
        lines.append({"about": name, "line": msg(key, lang, who=who(name, lang), facts=words.join(said, lang))})
    return {"about": people.about, "people": lines}


def estimate(reply: Reply, people, lang: str) -> Reply:
    """The pension calculator's reply for someone in the family: it says whom it is about."""
    if people.about != SELF:
        reply.text = msg("person_estimate_for", lang, who=who(people.about, lang)) + reply.text
    reply.payload.person = about(people, lang)
    return reply


def _head(s, lang: str) -> str:
    said = facts(s.profile, lang, month_assumed=bool(s.birth and s.birth.month_assumed))
    return msg("person_used", lang, who=who(s.about, lang), facts=words.join(said, lang)) if said else ""


def _retirement(s, lang: str) -> str:
    r = s.retirement
    if r is None:
        return ""
    date = words.year_month(r["year"], r["month"], lang)
    age = words.age(r["age_years"], r["age_months"], lang)
    if s.scheme == RESIDENT:
        return msg("person_resident_rule", lang, age=r["age_years"], years=s.minimum_months // 12, date=date)
    return msg("person_retire_reached" if r["reached"] else "person_retire", lang, age=age, date=date)


def _years(s, lang: str) -> list:
    d = lambda months: words.duration(months, lang)  # noqa: E731
    if s.minimum_months is None:
        return []
    if s.scheme == RESIDENT:
        lines = []
        if s.paid_months is None:
            return [msg("person_ask_paid", lang)]
        years, age = s.minimum_months // 12, s.retirement["age_years"]
        if s.retirement["reached"]:
            if s.short_months:
                short = d(s.short_months)
                lines.append(msg("person_back_pay_now", lang, paid=d(s.paid_months), short=short, years=years))
            else:
                lines.append(msg("person_paid_enough", lang, paid=d(s.paid_months)))
        elif s.short_months:
            lines.append(
                msg("person_back_pay", lang, age=age, at=d(s.paid_at_retirement), short=d(s.short_months), years=years)
            )
        else:
            lines.append(msg("person_resident_enough", lang, age=age, at=d(s.paid_at_retirement), years=years))
        return lines
    lines = [msg("person_minimum", lang, minimum=d(s.minimum_months))]
    if s.paid_months is None:
        return lines + [msg("person_ask_paid", lang)]
    if s.paid_months >= s.minimum_months:
        lines.append(msg("person_paid_enough", lang, paid=d(s.paid_months)))
    elif s.retirement["reached"]:
        lines.append(msg("person_short_now", lang, paid=d(s.paid_months), short=d(s.short_months)))
    elif s.short_months:
        lines.append(
            msg(
                "person_short_at_retirement",
                lang,
                paid=d(s.paid_months),
                at=d(s.paid_at_retirement),
                short=d(s.short_months),
            )
        )
    else:
        lines.append(msg("person_enough_at_retirement", lang, paid=d(s.paid_months), at=d(s.paid_at_retirement)))
    if s.short_months:
        one_off = msg("person_option_one_off", lang) if "one_off" in s.options else ""
        lines.append(msg("person_options", lang, minimum=d(s.minimum_months), one_off=one_off))
    return lines


def _draw(s, lang: str) -> list:
    if s.scheme == RESIDENT or s.retirement is None or not s.retirement["reached"] or s.paid_months is None:
        return [_retirement(s, lang)] + _years(s, lang)
    d = lambda months: words.duration(months, lang)  # noqa: E731
    if s.short_months:
        return [
            msg("person_draw_no", lang, minimum=d(s.minimum_months), paid=d(s.paid_months), short=d(s.short_months))
        ]
    return [msg("person_draw_yes", lang, paid=d(s.paid_months), minimum=d(s.minimum_months))]


def _unemployment(s, lang: str) -> list:
    if s.unemployment is None:
        return [msg("person_ask_paid", lang)]
    if not s.unemployment["eligible"]:
        return [msg("person_unemployment_no", lang)]
    return [
        msg(
            "person_unemployment",
            lang,
            paid=words.duration(s.paid_months, lang),
            months=s.unemployment["max_months"],
        )
    ]


def _question(s, lang: str) -> tuple:
    """(the one short question, its buttons) for the first missing input that decides the answer."""
    need = next((n for n in s.needs if n != "paid"), None)
    if need is None:
        return "", []
    name = who(s.about, lang)
    key = f"person_ask_{need}_self" if s.about == SELF else f"person_ask_{need}"
    text = msg(key, lang, who=name, who_lower=name.lower())
    keys = {"female_age": ("person_btn_worker", "person_btn_cadre"), "sex": ("person_btn_male", "person_btn_female")}
    return text, [{"title": msg(key, lang), "payload": msg(key, lang)} for key in keys.get(need, ())]


def question_asked(s) -> bool:
    return any(n != "paid" for n in s.needs)


def _body(step: PersonAnswer, lang: str) -> tuple:
    s = step.situation
    question, buttons = _question(s, lang)
    if question and step.focus != "unemployment":
        return [question], buttons
    if step.focus == "unemployment":
        return _unemployment(s, lang), []
    if step.focus == "retire":
        return [_retirement(s, lang)], []
    if step.focus == "draw":
        return _draw(s, lang), []
    return [_retirement(s, lang)] + _years(s, lang), []


def _joined(head: str, lines: list, lang: str) -> str:
    if lang == "en":
        return " ".join(x for x in [head] + [line[:1].upper() + line[1:] for line in lines if line] if x)
    return head + "".join(line for line in lines if line)


def render(step, lang: str) -> Reply:
    if isinstance(step, Cleared):
        payload = Payload(kind="smalltalk", language=lang, topic="clear_profile", person={"about": SELF, "people": []})
        return Reply(msg("person_cleared", lang), payload)
    s = step.situation
    lines, buttons = _body(step, lang)
    head = _head(s, lang)
    text, sections = _joined(head, lines, lang), []
    options = msg("person_options_title", lang)
    if len(text) > words.FIRST_LIMITS[lang] and len(lines) > 1:  # the ways to make up the years on demand
        sections.append(Section("options", options, [lines[-1]]))
        text = _joined(head, lines[:-1] + [msg("person_options_more", lang)], lang)
    buttons = buttons + [
        {"title": msg("person_btn_estimate", lang), "payload": "/estimate_pension"},
        {"title": msg("person_btn_clear", lang), "payload": msg("person_btn_clear", lang)},
    ]
    payload = Payload(
        kind="question" if question_asked(s) else "answer",
        language=lang,
        topic=step.topic,
        in_kb=True,
        confidence=words.worst_grade(s.basis),
        citations=[words.citation(b) for b in s.basis],
        sections=sections
        + [Section("sources", msg("calc_sec_sources", lang), [words.basis_line(b, lang) for b in s.basis])],
        figure={"computation": "person", "focus": step.focus, "needs": list(s.needs)},
        person=about(step.people, lang),
    )
    return Reply(text, payload, buttons)
