"""The contribution calculator's reply: the person's monthly cost first, lines, subsidy and sources on demand."""

from knowledge.calculators import Status
from presentation import calc_text as words
from presentation.calc_parts import (
    CONTRIBUTION_ARTICLES,
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
from presentation.calc_text import duration, fen, join, money, number, short_source
from presentation.payload import Payload, Reply
from presentation.wording import msg


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
