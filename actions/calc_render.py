"""Calculator results as text a person reads and the payload every channel gets.

The payload is the one the other answers carry (topic, region, region_id, language, confidence,
year, citations with their year) plus `calculation`: every number shown, as JSON numbers, with the
inputs, statuses, assumptions and caveats in both languages.
"""
from decimal import Decimal
from typing import Optional

from knowledge.calculators import Status, parse_base
from knowledge.query import Text

from actions.calculator import (
    CONTRIBUTION_ARTICLES, PENSION_ARTICLES, ContributionResult, Inputs, PensionResult, _duration_text, central,
    law_citations,
)
from presentation.wording import msg
from actions.render import Reply

GRADE_ORDER = ("A", "B", "C")


# ---------------------------------------------------------------- numbers

def money(value, lang: str) -> str:
    """Yuan to the fen: 1432.4 -> '1432.40' (zh) / '1,432.40' (en)."""
    d = Decimal(str(value)).quantize(Decimal("0.01"))
    return f"{d:,.2f}" if lang == "en" else f"{d:.2f}"


def amount(value, lang: str) -> str:
    """A base: whole yuan without decimals (7162), others to the fen."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return f"{int(d):,}" if lang == "en" else str(int(d))
    return money(d, lang)


def plain(value) -> str:
    d = Decimal(str(value))
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d.normalize(), "f")


def num(value) -> Optional[float]:
    return None if value is None else float(value)


def text_payload(text: Optional[Text]) -> Optional[dict]:
    return None if text is None else {"zh": text.zh, "en": text.en}


def duration(months: int, lang: str) -> str:
    return _duration_text(months).in_(lang)


def join(items, lang: str) -> str:
    return msg("calc_list_sep", lang).join(items)


# ---------------------------------------------------------------- shared blocks

def base_text(spec: str, lang: str) -> str:
    choice = parse_base(spec)
    return choice.description.in_(lang)


def insurances_text(insurances, lang: str) -> str:
    return join([msg(f"calc_ins_{i}", lang) for i in insurances], lang)


def describe_inputs(inputs: Inputs, lang: str) -> list:
    """Short 'field value' strings for the inputs that are set (used in 'updated' and 'offer' lines)."""
    parts = []
    if inputs.birth_year is not None and inputs.birth_month is not None:
        parts.append(msg("calc_f_birth", lang, v=msg("calc_ym", lang, year=inputs.birth_year, month=inputs.birth_month)))
    elif inputs.birth_year is not None:
        parts.append(msg("calc_f_birth", lang, v=inputs.birth_year))
    if inputs.age is not None:
        parts.append(msg("calc_f_age", lang, v=inputs.age))
    if inputs.sex:
        parts.append(msg("calc_f_sex", lang, v=msg(f"calc_{inputs.sex}", lang)))
    if inputs.female_age:
        parts.append(msg("calc_f_female_age", lang, v=inputs.female_age))
    if inputs.paid_months is not None:
        parts.append(msg("calc_f_paid", lang, v=duration(inputs.paid_months, lang)))
    if inputs.region:
        parts.append(msg("calc_f_region", lang, v=inputs.region))
    if inputs.base:
        try:
            parts.append(msg("calc_f_base", lang, v=base_text(inputs.base, lang)))
        except Exception:  # noqa: BLE001 - an unreadable base is described as typed
            parts.append(msg("calc_f_base", lang, v=inputs.base))
    if inputs.balance is not None:
        value = msg("calc_unknown", lang) if inputs.balance == "unknown" else \
            (f"{amount(inputs.balance, lang)}元" if lang == "zh" else f"CNY {amount(inputs.balance, lang)}")
        parts.append(msg("calc_f_balance", lang, v=value))
    if inputs.insurances:
        parts.append(msg("calc_f_insurances", lang, v=insurances_text(inputs.insurances, lang)))
    if inputs.compare:
        parts.append(msg("calc_f_compare", lang))
    return parts


def basis_lines(basis, lang: str) -> list:
    lines = []
    for b in basis:
        lines.append(msg("calc_basis_line", lang, label=b.label.in_(lang), value=b.value, year=b.year,
                         grade=b.confidence, source=b.source_title or b.source_id))
    return lines


def source_citations(basis) -> list:
    out, seen = [], set()
    for b in basis:
        key = (b.source_id, b.year)
        if key in seen:
            continue
        seen.add(key)
        out.append({"type": "source", "source_id": b.source_id, "title": b.source_title, "url": b.source_url,
                    "year": b.year, "confidence": b.confidence, "label": b.label.zh, "label_en": b.label.en,
                    "value": b.value})
    return out


def worst_grade(basis) -> Optional[str]:
    grades = [b.confidence for b in basis if b.confidence in GRADE_ORDER]
    return max(grades, key=GRADE_ORDER.index) if grades else None


def block(header_key: str, texts, lang: str) -> str:
    items = [t.in_(lang) if isinstance(t, Text) else t for t in texts]
    items = [i for i in dict.fromkeys(items) if i]
    if not items:
        return ""
    return msg(header_key, lang) + "\n" + "\n".join(i if i.startswith("•") else f"• {i}" for i in items)


# ---------------------------------------------------------------- contribution

def _line_text(line, lang: str, tier: int = 1) -> str:
    label = line.label.in_(lang)
    note = line.note.in_(lang) if line.note else ""
    if line.status == Status.NOT_INCLUDED:
        return msg("calc_c_not_included", lang, label=label, note=note)
    if not line.has_amount:
        return msg("calc_c_missing", lang, label=label, note=note or msg("unconfirmed", lang))
    if line.fixed and line.per == "year":
        text = msg("calc_c_fixed_year", lang, label=label, yearly=money(line.yearly, lang), tier=tier,
                   options=join([money(o, lang) for o in line.options], lang), monthly=money(line.monthly, lang))
    elif line.fixed:
        text = msg("calc_c_fixed_month", lang, label=label, monthly=money(line.monthly, lang),
                   yearly=money(line.yearly, lang))
    else:
        text = msg("calc_c_rate_line", lang, label=label, base=amount(line.base, lang), rate=plain(line.rate),
                   monthly=money(line.monthly, lang), yearly=money(line.yearly, lang))
    if line.personal_account_monthly is not None and line.base:
        account_rate = (line.personal_account_monthly / line.base * 100).quantize(Decimal("0.1"))
        text += "\n" + msg("calc_c_split", lang, account_rate=plain(account_rate),
                           account=money(line.personal_account_monthly, lang),
                           pooled_rate=plain(Decimal(line.rate) - account_rate), pooled=money(line.pooled_monthly, lang))
    return text


def _line_payload(line) -> dict:
    return {"insurance": line.insurance, "label": line.label.zh, "label_en": line.label.en, "status": line.status,
            "base": num(line.base), "rate": num(line.rate), "fixed": line.fixed, "per": line.per,
            "monthly": num(line.monthly), "yearly": num(line.yearly),
            "personal_account_monthly": num(line.personal_account_monthly),
            "pooled_monthly": num(line.pooled_monthly), "options": [num(o) for o in line.options],
            "note": text_payload(line.note)}


def contribution_buttons(lang: str) -> list:
    return [{"title": msg("calc_button_compare", lang), "payload": '/calculate_contribution{"calc_option": "compare"}'},
            {"title": msg("calc_button_change_base", lang),
             "payload": '/calculate_contribution{"calc_option": "change_base"}'},
            {"title": msg("calc_button_pension", lang), "payload": "/estimate_pension"}]


def render_contribution(result: ContributionResult, inputs: Inputs, lang: str) -> Reply:
    est, region = result.estimate, result.region
    name = region.name.in_(lang)
    insurances = tuple(line.insurance for line in est.lines)
    blocks = [msg("calc_c_title", lang, region=name),
              msg("calc_c_inputs", lang, region=name, base=est.base_choice.description.in_(lang),
                  insurances=insurances_text(insurances, lang))]
    if est.base is not None and est.base_range:
        blocks.append(msg("calc_c_base", lang, base=amount(est.base, lang), year=est.base_year,
                          min=amount(est.base_range[0], lang), max=amount(est.base_range[1], lang)))
    elif est.base is not None:
        blocks.append(msg("calc_c_base_unchecked", lang, base=amount(est.base, lang)))
    blocks.append("\n".join(_line_text(line, lang) for line in est.lines))
    if any(line.has_amount for line in est.lines):
        total = msg("calc_c_total", lang, monthly=money(est.total_monthly, lang), yearly=money(est.total_yearly, lang))
        if not est.complete:
            total += msg("calc_c_total_partial", lang)
        blocks.append(total)
    else:
        blocks.append(msg("calc_c_no_amount", lang, region=name))
    comparison = result.comparison
    basis = list(est.basis)
    resident_payload = None
    if comparison is not None:
        blocks.append(_resident_block(comparison, est, lang, name))
        basis += [b for b in comparison.resident.basis if b not in basis]
        resident_payload = _resident_payload(comparison)
    blocks.append(block("calc_assumptions", est.assumptions, lang))
    caveats = list(est.caveats) + (list(comparison.notes) + list(comparison.resident.caveats) if comparison else [])
    blocks.append(block("calc_caveats", caveats, lang))
    blocks.append(block("calc_basis", basis_lines(basis, lang), lang))
    blocks.append(est.label.in_(lang))
    blocks.append(msg("calc_correct_hint", lang))
    citations = law_citations(CONTRIBUTION_ARTICLES) + source_citations(basis)
    calculation = {
        "kind": "contribution",
        "inputs": {"region": region.name_zh, "base": inputs.base, "insurances": list(insurances),
                   "compare": bool(inputs.compare)},
        "base_choice": {"kind": est.base_choice.kind, "value": num(est.base_choice.value)},
        "base": num(est.base), "base_year": est.base_year,
        "base_range": [num(v) for v in est.base_range] if est.base_range else None,
        "lines": [_line_payload(line) for line in est.lines],
        "total_monthly": num(est.total_monthly), "total_yearly": num(est.total_yearly),
        "complete": est.complete, "status": est.status,
        "assumptions": [text_payload(a) for a in est.assumptions],
        "caveats": [text_payload(c) for c in dict.fromkeys(caveats)],
        "is_estimate": True, "label": text_payload(est.label),
        "resident": resident_payload,
    }
    payload = {"topic": "calculate_contribution", "region": region.name_zh, "region_id": region.id,
               "language": lang, "confidence": worst_grade(basis), "year": est.base_year,
               "citations": citations, "calculation": calculation}
    return Reply("\n\n".join(b for b in blocks if b), contribution_buttons(lang), payload)


def _resident_block(comparison, est, lang: str, region_name: str) -> str:
    resident = comparison.resident
    lines = [msg("calc_r_header", lang), msg("calc_r_flex", lang, yearly=money(est.total_yearly, lang))]
    sources = {b.label.zh: b.source_title for b in resident.basis}
    if resident.pension_tiers:
        lines.append(msg("calc_r_tiers", lang, tiers=join([amount(t, lang) for t in resident.pension_tiers], lang),
                         count=len(resident.pension_tiers), year=resident.pension_tiers_year,
                         source=next((s for k, s in sources.items() if "档次" in k), "")))
    else:
        lines.append(msg("calc_r_missing", lang, region=region_name))
    if resident.medical_personal is not None:
        lines.append(msg("calc_r_medical", lang, amount=money(resident.medical_personal, lang),
                         year=resident.medical_year, source=next((s for k, s in sources.items() if "医保" in k), "")))
    if comparison.resident_costs:
        yearly = [c.yearly for c in comparison.resident_costs]
        lines.append(msg("calc_r_total", lang, low=money(min(yearly), lang), high=money(max(yearly), lang)))
    return "\n".join(lines)


def _resident_payload(comparison) -> dict:
    resident = comparison.resident
    return {"pension_tiers": [num(t) for t in resident.pension_tiers], "pension_tiers_year": resident.pension_tiers_year,
            "medical_personal": num(resident.medical_personal), "medical_year": resident.medical_year,
            "basic_pension_minimum": num(resident.basic_pension_minimum),
            "basic_pension_year": resident.basic_pension_year,
            "yearly_costs": [{"pension_tier": num(c.pension_tier), "medical": num(c.medical), "yearly": num(c.yearly)}
                             for c in comparison.resident_costs],
            "notes": [text_payload(n) for n in comparison.notes]}


# ---------------------------------------------------------------- pension

def pension_buttons(lang: str) -> list:
    return [{"title": msg("calc_button_change_base", lang), "payload": '/estimate_pension{"calc_option": "change_base"}'},
            {"title": msg("calc_button_contribution", lang), "payload": "/calculate_contribution"},
            {"title": msg("calc_button_restart", lang), "payload": '/estimate_pension{"calc_option": "restart"}'}]


def render_pension(result: PensionResult, inputs: Inputs, lang: str) -> Reply:
    est, region = result.estimate, result.region
    name = region.name.in_(lang)
    retirement = est.retirement
    category = msg("calc_p_category", lang, age=retirement.original_age) if inputs.sex == "female" else ""
    balance = (f"{money(inputs.balance, lang)}元" if lang == "zh" else f"CNY {money(inputs.balance, lang)}") \
        if result.balance_known else msg("calc_unknown", lang)
    blocks = [msg("calc_p_title", lang, region=name),
              msg("calc_p_inputs", lang, birth=msg("calc_ym", lang, year=inputs.birth_year, month=inputs.birth_month),
                  sex=msg(f"calc_{inputs.sex}", lang), category=category, paid=duration(est.past_months, lang),
                  base=base_text(inputs.base, lang), index=plain(result.index), balance=balance)]
    facts = [msg("calc_p_retire", lang, description=retirement.description.in_(lang)),
             msg("calc_p_minimum", lang, minimum=est.minimum.description.in_(lang),
                 total=duration(est.contribution_months, lang), past=duration(est.past_months, lang),
                 future=duration(est.future_months, lang))]
    mid = central(est)
    if not est.eligible:
        facts.append(msg("calc_p_ineligible", lang, total=duration(est.contribution_months, lang),
                         minimum=duration(est.minimum.months, lang), short=duration(est.shortfall_months, lang)))
    elif mid is None:
        facts.append(msg("calc_p_missing", lang, region=name))
    else:
        low, high = est.total_range
        facts.append(msg("calc_p_range", lang, low=money(low, lang), central=money(mid.total, lang),
                         high=money(high, lang)))
        today_values = [s.total_at_today_wages for s in est.scenarios]
        facts.append(msg("calc_p_today", lang, low=money(min(today_values), lang), high=money(max(today_values), lang)))
        facts.append(msg("calc_p_parts", lang, basic=money(mid.basic_pension, lang),
                         account=money(mid.account_pension, lang), balance=money(mid.account_balance, lang),
                         divisor=plain(est.divisor.months)))
    blocks.append("\n".join(facts))
    levers = []
    if mid is not None:
        if result.higher_base:
            alt_index, total = result.higher_base
            levers.append(msg("calc_p_lever_base", lang, base=f"{plain(alt_index * 100)}%", total=money(total, lang),
                              now=money(mid.total, lang)))
        if result.minimum_only:
            months, total = result.minimum_only
            key = "calc_p_lever_years" if months else "calc_p_lever_years_now"
            levers.append(msg(key, lang, months=duration(months, lang), total=money(total, lang),
                              now=money(mid.total, lang)))
        else:
            levers.append(msg("calc_p_lever_years_more", lang))
    else:
        levers.append(msg("calc_p_lever_years_more", lang))
    levers.append(msg("calc_p_lever_later", lang))
    blocks.append(msg("calc_p_levers", lang) + "\n" + "\n".join(levers))
    assumptions = ([result.index_note] if result.index_note else []) + list(est.assumptions)
    blocks.append(block("calc_assumptions", assumptions, lang))
    blocks.append(block("calc_caveats", est.caveats, lang))
    blocks.append(block("calc_basis", basis_lines(est.basis, lang), lang))
    blocks.append(msg("calc_p_not_promise", lang) + " " + est.label.in_(lang))
    blocks.append(msg("calc_correct_hint", lang))
    citations = law_citations(PENSION_ARTICLES) + source_citations(est.basis)
    scenarios = [{"id": s.scenario.id, "label": text_payload(s.scenario.label),
                  "wage_growth_percent": num(s.scenario.wage_growth_percent),
                  "interest_percent": num(s.scenario.interest_percent), "calc_base": num(s.calc_base),
                  "account_balance": num(s.account_balance), "basic_pension": num(s.basic_pension),
                  "account_pension": num(s.account_pension), "total": num(s.total),
                  "total_at_today_wages": num(s.total_at_today_wages)} for s in est.scenarios]
    calculation = {
        "kind": "pension",
        "inputs": {"region": region.name_zh, "birth_year": inputs.birth_year, "birth_month": inputs.birth_month,
                   "sex": inputs.sex, "female_original_age": inputs.female_age if inputs.sex == "female" else None,
                   "paid_months": inputs.paid_months, "base": inputs.base,
                   "account_balance": num(inputs.balance) if result.balance_known else None},
        "retirement": {"category": retirement.category, "original_age": retirement.original_age,
                       "delay_months": retirement.delay_months, "age_years": retirement.age_years,
                       "age_months": retirement.age_months, "year": retirement.retire_year,
                       "month": retirement.retire_month},
        "minimum_years": num(est.minimum.years), "minimum_months": est.minimum.months,
        "past_months": est.past_months, "future_months": est.future_months,
        "contribution_months": est.contribution_months, "eligible": est.eligible,
        "shortfall_months": est.shortfall_months, "status": est.status, "average_index": num(result.index),
        "divisor": num(est.divisor.months) if est.divisor else None,
        "range": ({"low": num(est.total_range[0]), "central": num(mid.total), "high": num(est.total_range[1])}
                  if mid is not None else None),
        "scenarios": scenarios,
        "alternatives": {
            "higher_base": ({"average_index": num(result.higher_base[0]), "central_total": num(result.higher_base[1])}
                            if result.higher_base else None),
            "minimum_years_only": ({"future_months": result.minimum_only[0],
                                    "central_total": num(result.minimum_only[1])} if result.minimum_only else None),
        },
        "assumptions": [text_payload(a) for a in assumptions],
        "caveats": [text_payload(c) for c in est.caveats],
        "is_estimate": True, "label": text_payload(est.label),
    }
    payload = {"topic": "estimate_pension", "region": region.name_zh, "region_id": region.id, "language": lang,
               "confidence": worst_grade(est.basis), "year": str(retirement.retire_year),
               "citations": citations, "calculation": calculation}
    return Reply("\n\n".join(b for b in blocks if b), pension_buttons(lang), payload)
