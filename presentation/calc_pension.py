"""The pension estimate's reply: the estimate first, retirement, scenarios and levers on demand."""

from presentation import calc_text as words
from presentation.calc_parts import (
    PENSION_ARTICLES,
    TOPICS,
    _button,
    _defaults,
    _fit,
    _option,
    _plain_caveat,
    _section,
    _sources,
    _text,
)
from presentation.calc_text import duration, fen, number
from presentation.payload import Payload, Reply
from presentation.wording import msg


def _who(result, lang: str) -> str:
    born = result.birth
    est = result.estimate
    sex = msg(f"calc_{result.sex}", lang)
    if result.sex == "female":
        sex = msg("calc_female_category", lang, age=est.retirement.original_age)
    return msg(
        "calc_p_who",
        lang,
        birth=words.year_month(born.year, born.month, lang),
        sex=sex,
        paid=duration(est.past_months, lang),
        region=result.region.name.in_(lang),
        base=_index_words(result, lang),
    )


def _index_words(result, lang: str) -> str:
    percent = number(result.index * 100, lang)
    return msg("calc_p_index", lang, percent=percent)


def _pension_first(result, lang: str) -> list:
    est = result.estimate
    retire = words.age(est.claim_age[0], est.claim_age[1], lang)
    date = words.year_month(est.claim_year, est.claim_month, lang)
    mid = est.central
    if est.reached:
        reached = msg(
            "calc_p_reached",
            lang,
            date=words.year_month(est.retirement.retire_year, est.retirement.retire_month, lang),
            age=words.age(est.retirement.age_years, est.retirement.age_months, lang),
        )
        lead = reached + (
            msg("calc_p_claim_later", lang, future=duration(est.future_months, lang), date=date)
            if est.future_months
            else msg("calc_p_claim_now", lang)
        )
    else:
        lead = msg("calc_p_retire", lang, who=_who(result, lang), age=retire, date=date)
    if not est.eligible:
        first = lead + msg(
            "calc_p_first_ineligible",
            lang,
            total=duration(est.contribution_months, lang),
            minimum=duration(est.minimum.months, lang),
            short=duration(est.shortfall_months, lang),
        )
    elif mid is None:
        first = lead + msg(
            "calc_p_first_missing",
            lang,
            region=result.region.name.in_(lang),
            minimum=duration(est.minimum.months, lang),
        )
    else:
        low, high = est.total_range
        first = lead + msg(
            "calc_p_first_range",
            lang,
            low=words.whole(low, lang),
            high=words.whole(high, lang),
            central=words.whole(mid.total, lang),
            today=words.whole(mid.total_at_today_wages, lang),
            year=est.claim_year,
        )
    extra = [
        msg("calc_p_inputs", lang, who=_who(result, lang)) if est.reached else "",
        _defaults(result.defaults, lang),
        _plain_caveat(est.basis, lang),
    ]
    return _fit(first, extra, lang)


def _retirement_lines(result, lang: str) -> list:
    est = result.estimate
    r = est.retirement
    lines = [
        msg(
            "calc_p_statutory",
            lang,
            age=words.age(r.age_years, r.age_months, lang),
            date=words.year_month(r.retire_year, r.retire_month, lang),
            original=r.original_age,
            delay=duration(r.delay_months, lang) if r.delay_months else msg("calc_no_delay", lang),
            category=r.category_label.in_(lang),
        ),
        msg(
            "calc_p_minimum",
            lang,
            year=est.minimum.retirement_year,
            minimum=number(est.minimum.years, lang),
            total=duration(est.contribution_months, lang),
            past=duration(est.past_months, lang),
            future=duration(est.future_months, lang),
        ),
    ]
    if est.divisor is not None:
        lines.append(
            msg(
                "calc_p_divisor",
                lang,
                age=words.age(est.claim_age[0], est.claim_age[1], lang),
                divisor=number(est.divisor.months, lang),
            )
        )
    return lines


def _scenario_lines(result, lang: str) -> list:
    est = result.estimate
    mid = est.central
    if mid is None:
        return []
    low, high = est.total_range
    today = [s.total_at_today_wages for s in est.scenarios]
    return [
        msg(
            "calc_p_range",
            lang,
            low=fen(low, lang),
            central=fen(mid.total, lang),
            high=fen(high, lang),
            year=est.claim_year,
        ),
        msg("calc_p_today", lang, low=fen(min(today), lang), high=fen(max(today), lang)),
        msg(
            "calc_p_parts",
            lang,
            basic=fen(mid.basic_pension, lang),
            account=fen(mid.account_pension, lang),
            balance=fen(mid.account_balance, lang),
            divisor=number(est.divisor.months, lang),
        ),
    ]


def _lever_lines(result, lang: str) -> list:
    est = result.estimate
    mid = est.central
    levers = []
    if mid is not None and result.higher_base:
        index, total = result.higher_base
        levers.append(
            msg(
                "calc_p_lever_base",
                lang,
                base=f"{number(index * 100, lang)}%",
                total=fen(total, lang),
                now=fen(mid.total, lang),
            )
        )
    if mid is not None and result.minimum_only:
        months, total = result.minimum_only
        key = "calc_p_lever_years" if months else "calc_p_lever_years_now"
        levers.append(msg(key, lang, months=duration(months, lang), total=fen(total, lang), now=fen(mid.total, lang)))
    else:
        levers.append(msg("calc_p_lever_years_more", lang))
    levers.append(msg("calc_p_lever_later", lang))
    return levers


def pension(result, lang: str) -> Reply:
    est = result.estimate
    source_lines, citations = _sources(est.basis, PENSION_ARTICLES, lang)
    assumptions = [words.note(n, lang) for n in result.notes if n.code != "retire_age_not_used"] + [
        words.note(n, lang) for n in est.assumptions
    ]
    caveats = (
        [words.note(n, lang) for n in result.notes if n.code == "retire_age_not_used"]
        + [words.note(n, lang) for n in est.caveats]
        + [msg("calc_p_not_promise", lang)]
    )
    sections = [
        _section("retirement", _retirement_lines(result, lang), lang),
        _section("scenarios", _scenario_lines(result, lang), lang),
        _section("levers", _lever_lines(result, lang), lang),
        _section("assumptions", assumptions, lang),
        _section("caveats", caveats, lang),
        _section("sources", source_lines, lang),
    ]
    payload = Payload(
        kind="calculation",
        language=lang,
        topic=TOPICS["pension"],
        in_kb=True,
        region=result.region.name_zh,
        region_id=result.region.id,
        confidence=words.worst_grade(est.basis),
        year=str(est.claim_year),
        caveats=[_plain_caveat(est.basis, lang)] if words.has_low_confidence(est.basis) else [],
        sections=[s for s in sections if s],
        citations=citations,
        calculation=pension_data(result),
    )
    return Reply(_text(_pension_first(result, lang)), payload, pension_buttons(result, lang))


def pension_buttons(result, lang: str) -> list:
    buttons = []
    if result.index < 1:
        buttons.append(_button("calc_btn_average_pension", _option("pension", "base_average"), lang))
    if result.index < 3:
        buttons.append(_button("calc_btn_highest", _option("pension", "base_highest"), lang))
    if result.index > 0.6:
        buttons.append(_button("calc_btn_lowest", _option("pension", "base_lowest"), lang))
    buttons.append(_button("calc_btn_contribution", "/calculate_contribution", lang))
    return buttons


def pension_data(result) -> dict:
    est = result.estimate
    j = words.jsonable
    r = est.retirement
    mid = est.central
    return {
        "kind": "pension",
        "region": result.region.name_zh,
        "inputs": {
            "birth_year": result.birth.year,
            "birth_month": result.birth.month,
            "birth_month_assumed": result.birth.month_assumed,
            "sex": result.sex,
            "female_original_age": r.original_age if result.sex == "female" else None,
            "paid_months": est.past_months,
            "base": result.base,
            "balance_given": result.balance_given,
        },
        "retirement": {
            "category": r.category,
            "original_age": r.original_age,
            "delay_months": r.delay_months,
            "age_years": r.age_years,
            "age_months": r.age_months,
            "year": r.retire_year,
            "month": r.retire_month,
        },
        "reached": est.reached,
        "claim": {
            "year": est.claim_year,
            "month": est.claim_month,
            "age_years": est.claim_age[0],
            "age_months": est.claim_age[1],
        },
        "minimum_years": j(est.minimum.years),
        "minimum_months": est.minimum.months,
        "past_months": est.past_months,
        "future_months": est.future_months,
        "contribution_months": est.contribution_months,
        "eligible": est.eligible,
        "shortfall_months": est.shortfall_months,
        "status": est.status,
        "average_index": j(result.index),
        "divisor": j(est.divisor.months) if est.divisor else None,
        "range": (
            {"low": j(est.total_range[0]), "central": j(mid.total), "high": j(est.total_range[1])}
            if mid is not None
            else None
        ),
        "scenarios": [
            {
                "id": s.scenario.id,
                "label": j(s.scenario.label),
                "wage_growth_percent": j(s.scenario.wage_growth_percent),
                "interest_percent": j(s.scenario.interest_percent),
                "calc_base": j(s.calc_base),
                "account_balance": j(s.account_balance),
                "basic_pension": j(s.basic_pension),
                "account_pension": j(s.account_pension),
                "total": j(s.total),
                "total_at_today_wages": j(s.total_at_today_wages),
            }
            for s in est.scenarios
        ],
        "alternatives": {
            "higher_base": (
                {"average_index": j(result.higher_base[0]), "central_total": j(result.higher_base[1])}
                if result.higher_base
                else None
            ),
            "minimum_years_only": (
                {"future_months": result.minimum_only[0], "central_total": j(result.minimum_only[1])}
                if result.minimum_only
                else None
            ),
        },
        "defaults": list(result.defaults),
        "notes": j(result.notes),
        "assumptions": j(est.assumptions),
        "caveats": j(est.caveats),
        "is_estimate": True,
    }
