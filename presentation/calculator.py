"""Calculator turns as replies: the person's own figure first, every detail in sections on demand.

The first message is a few lines: the figure with its base, rate, year and source; the defaults
that were assumed; one plain caveat when a figure is uncertain. Everything else (each insurance
line, the 8% / 12% split, the resident-scheme comparison, the subsidy, the assumptions, the
sources with year and grade, what changes a pension) is in payload Sections. Refinements are
quick replies. A question asks for everything still missing at once.
"""

from typing import Optional

from knowledge import query
from knowledge.calculators import Status
from presentation import calc_text as words
from presentation.calc_text import FIRST_LIMITS, duration, fen, join, money, number, short_source
from presentation.payload import Payload, Reply, Section
from presentation.wording import msg

TOPICS = {"contribution": "calculate_contribution", "pension": "estimate_pension"}
CONTRIBUTION_ARTICLES = (10, 12)
PENSION_ARTICLES = (15, 16)
SUGGESTED_REGIONS = ("beijing", "shanghai", "guangzhou", "shenzhen", "hangzhou", "chengdu")


def render(turn, lang: str) -> Reply:
    """The reply for an assistant.calculator.Turn."""
    if turn.stopped:
        return stopped(lang)
    if turn.result is None:
        return question(turn, lang)
    if turn.kind == "contribution":
        return contribution(turn.result, lang)
    return pension(turn.result, lang)


def _option(kind: str, option: str) -> str:
    return '/%s{"calc_option": "%s"}' % (TOPICS[kind], option)


def _button(key: str, payload: str, lang: str) -> dict:
    return {"title": msg(key, lang), "payload": payload}


def _section(section_id: str, lines, lang: str) -> Optional[Section]:
    lines = [line for line in dict.fromkeys(lines) if line]
    return Section(section_id, msg(f"calc_sec_{section_id}", lang), lines) if lines else None


def _sources(basis, articles, lang: str) -> tuple:
    """(sources section lines, payload citations): law articles, then every figure with year and grade."""
    lines, citations = [], []
    found = query.articles("social_insurance_law", list(articles))
    for art in found:
        lines.append(
            msg("calc_law_line", lang, law=art.law.in_(lang), label=art.label, number=art.number, year=art.year)
        )
        citations.append(art.as_payload())
    seen = set()
    for item in basis:
        lines.append(words.basis_line(item, lang))
        if (item.source_id, item.year) not in seen:
            seen.add((item.source_id, item.year))
            citations.append(words.citation(item))
    return lines, citations


def _plain_caveat(basis, lang: str) -> str:
    return msg("calc_plain_caveat", lang) if words.has_low_confidence(basis) else ""


def _text(lines) -> str:
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- contribution


def _base_words(choice, base, lang: str) -> str:
    if choice.kind == "percent":
        return msg("calc_base_percent", lang, percent=number(choice.value, lang), base=money(base, lang))
    if choice.kind == "grade":
        return msg("calc_base_grade", lang, grade=int(choice.value), base=money(base, lang))
    return msg(f"calc_base_{choice.kind}", lang, base=money(base, lang))


def _part(line, lang: str) -> str:
    label = msg(f"calc_ins_{line.insurance}", lang)
    if line.status == Status.NOT_INCLUDED:
        return ""
    if not line.has_amount:
        return msg("calc_part_missing", lang, label=label)
    if line.fixed and line.per == "year":
        return msg(
            "calc_part_fixed_year", lang, label=label, monthly=fen(line.monthly, lang), yearly=money(line.yearly, lang)
        )
    if line.fixed:
        return msg("calc_part_fixed", lang, label=label, monthly=fen(line.monthly, lang))
    return msg("calc_part", lang, label=label, monthly=fen(line.monthly, lang))


def _base_source(est) -> str:
    item = next((b for b in est.basis if b.key == "pension_base"), None)
    return short_source(item.source_title) if item else ""


def _contribution_first(result, lang: str) -> list:
    est = result.estimate
    region = result.region.name.in_(lang)
    pension = est.line("pension")
    priced = [line for line in est.lines if line.has_amount]
    if not priced:
        return [msg("calc_c_first_none", lang, region=region)]
    base = _base_words(est.base_choice, est.base, lang) if est.base is not None else ""
    where = (
        msg("calc_year_source", lang, year=est.base_year, source=_base_source(est))
        if est.base_year
        else msg("calc_unchecked_base", lang)
    )
    if [line.insurance for line in est.lines] == ["pension"] and pension.has_amount:
        first = msg(
            "calc_c_first_pension",
            lang,
            region=region,
            base=base,
            monthly=fen(pension.monthly, lang),
            amount=money(pension.base, lang),
            rate=number(pension.rate, lang),
            where=where,
        )
    else:
        first = msg(
            "calc_c_first_total",
            lang,
            region=region,
            base=base,
            parts=join([_part(line, lang) for line in est.lines], lang),
            total=fen(est.total_monthly, lang),
            where=where,
        )
    extra = [
        _defaults(result.defaults, lang),
        _plain_caveat(est.basis, lang),
        _subsidy_first(result, lang) if result.subsidy is not None else "",
        "" if est.complete else msg("calc_c_first_partial", lang),
    ]
    if result.comparison is not None and result.comparison.resident_costs:
        yearly = [c.yearly for c in result.comparison.resident_costs]
        extra.append(msg("calc_c_first_resident", lang, low=money(min(yearly), lang), high=money(max(yearly), lang)))
    return _fit(first, extra, lang)


def _defaults(defaults, lang: str) -> str:
    return (
        msg("calc_defaults", lang, defaults=join([msg(f"calc_default_{d}", lang) for d in defaults], lang))
        if defaults
        else ""
    )


def _fit(first: str, extra: list, lang: str) -> list:
    """The figure, then the other lines in order of importance while the first message stays short
    (every one of them is also in the sections)."""
    lines, size = [first], len(first)
    for line in extra:
        if line and size + len(line) + 1 <= FIRST_LIMITS[lang]:
            lines.append(line)
            size += len(line) + 1
    return lines


def _subsidy_first(result, lang: str) -> str:
    sub = result.subsidy
    prefix = msg("calc_s_4050", lang) if result.group == "4050" else ""
    span = duration(sub.duration_months, lang)
    if sub.amounts_published:
        year = next((line.subsidy_year for line in sub.lines if line.subsidy_year), "")
        return prefix + msg(
            f"calc_s_first_{sub.group}",
            lang,
            subsidy=fen(sub.total_subsidy, lang),
            net=fen(sub.total_net, lang),
            year=year,
            duration=span,
        )
    return prefix + msg(
        f"calc_s_first_cap_{sub.group}",
        lang,
        share=f"{sub.share_cap[0]}/{sub.share_cap[1]}",
        net=fen(sub.total_net, lang),
        duration=span,
    )


def _line_text(line, lang: str) -> str:
    label = msg(f"calc_ins_long_{line.insurance}", lang)
    note = words.note(line.note, lang) if line.note else ""
    if line.status == Status.NOT_INCLUDED:
        return msg("calc_c_not_included", lang, label=label, note=note)
    if not line.has_amount:
        return msg("calc_c_missing", lang, label=label, note=note or msg("calc_unverified", lang))
    if line.fixed and line.per == "year":
        text = msg(
            "calc_c_fixed_year",
            lang,
            label=label,
            yearly=fen(line.yearly, lang),
            tier=line.tier,
            options=join([money(o, lang) for o in line.options], lang),
            monthly=fen(line.monthly, lang),
        )
    elif line.fixed:
        text = msg(
            "calc_c_fixed_month", lang, label=label, monthly=fen(line.monthly, lang), yearly=fen(line.yearly, lang)
        )
    else:
        text = msg(
            "calc_c_rate_line",
            lang,
            label=label,
            base=money(line.base, lang),
            rate=number(line.rate, lang),
            monthly=fen(line.monthly, lang),
            yearly=fen(line.yearly, lang),
        )
    if line.personal_account_monthly is not None:
        text += "\n" + msg(
            "calc_c_split",
            lang,
            account_rate=number(line.account_rate, lang),
            account=fen(line.personal_account_monthly, lang),
            pooled_rate=number(line.rate - line.account_rate, lang),
            pooled=fen(line.pooled_monthly, lang),
        )
    return text


def _resident_lines(comparison, lang: str) -> list:
    resident, est = comparison.resident, comparison.flexible
    lines = [msg("calc_r_flex", lang, yearly=fen(est.total_yearly, lang))]
    sources = {b.key: short_source(b.source_title) for b in resident.basis}
    if resident.pension_tiers:
        lines.append(
            msg(
                "calc_r_tiers",
                lang,
                tiers=join([money(t, lang) for t in resident.pension_tiers], lang),
                count=len(resident.pension_tiers),
                year=resident.pension_tiers_year,
                source=sources.get("resident_pension_tiers", ""),
            )
        )
    else:
        lines.append(msg("calc_r_missing", lang, region=est.region.name.in_(lang)))
    if resident.medical_personal is not None:
        lines.append(
            msg(
                "calc_r_medical",
                lang,
                amount=money(resident.medical_personal, lang),
                year=resident.medical_year,
                source=sources.get("resident_medical_personal", ""),
            )
        )
    if comparison.resident_costs:
        yearly = [c.yearly for c in comparison.resident_costs]
        lines.append(msg("calc_r_total", lang, low=fen(min(yearly), lang), high=fen(max(yearly), lang)))
    return lines + [words.note(n, lang) for n in comparison.notes]


def _subsidy_lines(result, lang: str) -> list:
    sub = result.subsidy
    lines = [
        msg(
            f"calc_s_rule_{sub.group}",
            lang,
            share=f"{sub.share_cap[0]}/{sub.share_cap[1]}",
            years=sub.max_years,
            near=sub.near_retirement_years,
            left=sub.left_school_within_years or "",
        )
    ]
    if result.group == "4050":
        lines.insert(0, msg("calc_s_4050", lang))
    if sub.to_retirement:
        lines.append(msg("calc_s_to_retirement", lang, months=duration(sub.months_to_retirement, lang)))
    for line in sub.lines:
        label = msg(f"calc_ins_long_{line.insurance}", lang)
        if line.subsidy is not None:
            lines.append(
                msg(
                    "calc_s_line",
                    lang,
                    label=label,
                    contribution=fen(line.contribution, lang),
                    subsidy=fen(line.subsidy, lang),
                    year=line.subsidy_year,
                    net=fen(line.net, lang),
                )
            )
        else:
            lines.append(
                msg(
                    "calc_s_line_cap",
                    lang,
                    label=label,
                    contribution=fen(line.contribution, lang),
                    cap=fen(line.cap, lang),
                    net=fen(line.net, lang),
                )
            )
    return lines + [words.note(n, lang) for n in sub.notes]


def contribution(result, lang: str) -> Reply:
    est = result.estimate
    basis = list(est.basis)
    caveats = list(est.caveats)
    if result.comparison is not None:
        basis += [b for b in result.comparison.resident.basis if b not in basis]
        caveats += list(result.comparison.resident.caveats)
    if result.subsidy is not None:
        basis += [b for b in result.subsidy.basis if b not in basis]
    detail = [_line_text(line, lang) for line in est.lines]
    if any(line.has_amount for line in est.lines):
        detail.append(
            msg("calc_c_total", lang, monthly=fen(est.total_monthly, lang), yearly=fen(est.total_yearly, lang))
        )
    assumptions = []
    if est.base is not None and est.base_range:
        assumptions.append(
            msg(
                "calc_c_base",
                lang,
                base=money(est.base, lang),
                year=est.base_year,
                min=money(est.base_range[0], lang),
                max=money(est.base_range[1], lang),
            )
        )
    if est.base_period is not None:
        assumptions.append(msg("calc_c_period", lang, year=est.base_year, period=est.base_period.in_(lang)))
    assumptions += [words.note(n, lang) for n in est.assumptions]
    source_lines, citations = _sources(basis, CONTRIBUTION_ARTICLES, lang)
    sections = [
        _section("lines", detail, lang),
        _section("resident", _resident_lines(result.comparison, lang), lang) if result.comparison else None,
        _section("subsidy", _subsidy_lines(result, lang), lang) if result.subsidy else None,
        _section("assumptions", assumptions, lang),
        _section("caveats", [words.note(n, lang) for n in caveats] + [msg("calc_estimate_label", lang)], lang),
        _section("sources", source_lines, lang),
    ]
    payload = Payload(
        kind="calculation",
        language=lang,
        topic=TOPICS["contribution"],
        in_kb=True,
        region=result.region.name_zh,
        region_id=result.region.id,
        confidence=words.worst_grade(basis),
        year=est.base_year,
        caveats=[_plain_caveat(basis, lang)] if words.has_low_confidence(basis) else [],
        sections=[s for s in sections if s],
        citations=citations,
        calculation=contribution_data(result),
    )
    return Reply(_text(_contribution_first(result, lang)), payload, contribution_buttons(result, lang))


def contribution_buttons(result, lang: str) -> list:
    est = result.estimate
    kind = est.base_choice.kind
    buttons = [
        _button("calc_btn_highest", _option("contribution", "base_highest"), lang)
        if kind != "highest"
        else _button("calc_btn_lowest", _option("contribution", "base_lowest"), lang),
        _button("calc_btn_average", _option("contribution", "base_average"), lang),
    ]
    if len(est.lines) < 3:
        buttons.append(_button("calc_btn_all", _option("contribution", "all_insurances"), lang))
    if result.comparison is None:
        buttons.append(_button("calc_btn_compare", _option("contribution", "compare"), lang))
    buttons.append(_button("calc_btn_pension", "/estimate_pension", lang))
    return buttons


def contribution_data(result) -> dict:
    """Every number shown, as JSON numbers, for channels and the staff console."""
    est = result.estimate
    j = words.jsonable
    data = {
        "kind": "contribution",
        "region": result.region.name_zh,
        "base_choice": {"kind": est.base_choice.kind, "value": j(est.base_choice.value)},
        "base": j(est.base),
        "base_year": est.base_year,
        "base_range": j(est.base_range),
        "lines": [
            {
                "insurance": line.insurance,
                "status": line.status,
                "base": j(line.base),
                "rate": j(line.rate),
                "fixed": line.fixed,
                "per": line.per,
                "monthly": j(line.monthly),
                "yearly": j(line.yearly),
                "personal_account_monthly": j(line.personal_account_monthly),
                "pooled_monthly": j(line.pooled_monthly),
                "options": j(line.options),
                "tier": line.tier,
                "note": j(line.note),
            }
            for line in est.lines
        ],
        "total_monthly": j(est.total_monthly),
        "total_yearly": j(est.total_yearly),
        "complete": est.complete,
        "status": est.status,
        "defaults": list(result.defaults),
        "assumptions": j(est.assumptions),
        "caveats": j(est.caveats),
        "is_estimate": True,
        "resident": None,
        "subsidy": None,
    }
    if result.comparison is not None:
        res = result.comparison.resident
        data["resident"] = {
            "pension_tiers": j(res.pension_tiers),
            "pension_tiers_year": res.pension_tiers_year,
            "medical_personal": j(res.medical_personal),
            "medical_year": res.medical_year,
            "basic_pension_minimum": j(res.basic_pension_minimum),
            "yearly_costs": [
                {"pension_tier": j(c.pension_tier), "medical": j(c.medical), "yearly": j(c.yearly)}
                for c in result.comparison.resident_costs
            ],
        }
    if result.subsidy is not None:
        sub = result.subsidy
        data["subsidy"] = {
            "group": result.group,
            "rule_group": sub.group,
            "share_cap": list(sub.share_cap),
            "max_years": sub.max_years,
            "duration_months": sub.duration_months,
            "to_retirement": sub.to_retirement,
            "amounts_published": sub.amounts_published,
            "total_subsidy": j(sub.total_subsidy),
            "total_net": j(sub.total_net),
            "lines": [
                {
                    "insurance": line.insurance,
                    "contribution": j(line.contribution),
                    "cap": j(line.cap),
                    "subsidy": j(line.subsidy),
                    "year": line.subsidy_year,
                    "net": j(line.net),
                }
                for line in sub.lines
            ],
        }
    return data


# ---------------------------------------------------------------- pension


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


# ---------------------------------------------------------------- questions and the rest


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
