"""A computed Figure (assistant/figures.py) in words: the first message and its detail sections.

The first message is the person's own figure with its year and the short name of its source,
within about 200 Chinese or 400 English characters; the details (every line, the general rule,
the sources with year and grade) are Sections shown on demand. The answer composer calls:

    first_message(figure, lang) -> str
    sections(figure, lang) -> [Section]
    payload_figure(figure) -> dict     (for Payload.figure)
"""

from knowledge.calculators.common import Note
from knowledge.query import Text
from presentation import calc_text as words
from presentation.calc_text import FIRST_LIMITS, duration, fen, join, money, number  # noqa: F401
from presentation.payload import Section
from presentation.wording import msg


def first_message(figure, lang: str) -> str:
    if figure.outcome == "invalid":
        return join_lines([words.error(p["code"], _details(p), lang) for p in figure.values["problems"]])
    render = _FIRST.get(figure.computation)
    return render(figure, lang) if render else ""


def sections(figure, lang: str) -> list:
    render = _SECTIONS.get(figure.computation)
    found = list(render(figure, lang)) if render and figure.outcome not in ("invalid",) else []
    found.append(_sources(figure, lang))
    return [s for s in found if s and s.lines]


def payload_figure(figure) -> dict:
    """The Figure as JSON for Payload.figure: computation, outcome, values, needs, grade and sources."""
    return {
        "computation": figure.computation,
        "outcome": figure.outcome,
        "values": figure.values,
        "needs": list(figure.needs),
        "confidence": figure.confidence,
        "basis": [words.citation(b) for b in figure.basis],
    }


def join_lines(lines) -> str:
    return "\n".join(line for line in lines if line)


def _details(problem: dict) -> dict:
    details = {k: v for k, v in problem.items() if k not in ("field", "code")}
    if isinstance(details.get("allowed"), list):
        details["allowed"] = tuple(details["allowed"])
    return details


def _source(figure, lang: str, key: str = None) -> str:
    """The short name of the figure's main source (the basis with that key, else the first)."""
    item = next((b for b in figure.basis if key is None or b.key == key), None) or (
        figure.basis[0] if figure.basis else None
    )
    return words.source_name(item, lang) if item else ""


def _caveat(figure, lang: str) -> str:
    return msg("calc_plain_caveat", lang) if figure.confidence == "C" else ""


def _sources(figure, lang: str) -> Section:
    return Section("sources", msg("calc_sec_sources", lang), [words.basis_line(b, lang) for b in figure.basis])


def _region(values: dict, lang: str) -> str:
    return values.get("region_en" if lang == "en" else "region_zh") or ""


def _label(insurance: str, lang: str) -> str:
    return msg(f"calc_ins_{insurance}", lang)


# ---------------------------------------------------------------- contribution_range


def _range_part(line: dict, lang: str) -> str:
    label = _label(line["insurance"], lang)
    if line["lowest"] is None:
        return msg("calc_part_missing", lang, label=label) if line["status"] != "not_included" else ""
    if line["fixed"]:
        key = "fig_range_fixed_year" if line["per"] == "year" else "fig_range_fixed"
        return msg(
            key,
            lang,
            label=label,
            amount=fen(line["lowest"], lang),
            options=join([money(o, lang) for o in line["options"]], lang),
        )
    return msg("fig_range_part", lang, label=label, low=fen(line["lowest"], lang), high=fen(line["highest"], lang))


def _contribution_range_first(figure, lang: str) -> str:
    v = figure.values
    if figure.outcome == "needs_input":
        return msg("fig_range_needs_region", lang)
    if figure.outcome in ("missing", "conflict"):
        return join_lines([msg("fig_range_missing", lang, region=_region(v, lang)), _caveat(figure, lang)])
    source = _source(figure, lang, "pension_base")
    focus = next((line for line in v["lines"] if line["insurance"] == v["focus"]), None)
    if focus is not None and focus["lowest"] is not None and not focus["fixed"]:
        first = msg(
            "fig_range_focus",
            lang,
            region=_region(v, lang),
            year=v["year"],
            label=_label(focus["insurance"], lang),
            low=fen(focus["lowest"], lang),
            high=fen(focus["highest"], lang),
            base_min=money(focus["lowest_base"], lang),
            base_max=money(focus["highest_base"], lang),
            rate=number(focus["rate"], lang),
            source=source,
        )
    elif focus is not None and focus["lowest"] is not None:
        first = msg(
            "fig_range_focus_fixed",
            lang,
            region=_region(v, lang),
            year=v["year"],
            part=_range_part(focus, lang),
            source=source,
        )
    else:
        first = msg(
            "fig_range_all",
            lang,
            region=_region(v, lang),
            year=v["year"],
            low=fen(v["total_lowest"], lang),
            high=fen(v["total_highest"], lang),
            parts=join([_range_part(line, lang) for line in v["lines"]], lang),
            source=source,
        )
    return join_lines([first, _caveat(figure, lang)])


def _contribution_range_sections(figure, lang: str):
    v = figure.values
    lines = []
    for line in v.get("lines", []):
        label = msg(f"calc_ins_long_{line['insurance']}", lang)
        if line["lowest"] is None:
            lines.append(
                msg(
                    "fig_range_line_none",
                    lang,
                    label=label,
                    note=words.note(_note(line["note"]), lang) if line["note"] else msg("calc_unverified", lang),
                )
            )
        elif line["fixed"]:
            amounts = (
                [money(o, lang) for o in line["options"]] if line["per"] == "year" else [fen(line["lowest"], lang)]
            )
            lines.append(
                msg(
                    "fig_range_line_fixed",
                    lang,
                    label=label,
                    amount=join(amounts, lang),
                    per=msg(f"calc_per_{line['per']}", lang),
                )
            )
        else:
            lines.append(
                msg(
                    "fig_range_line",
                    lang,
                    label=label,
                    low=fen(line["lowest"], lang),
                    high=fen(line["highest"], lang),
                    base_min=money(line["lowest_base"], lang),
                    base_max=money(line["highest_base"], lang),
                    rate=number(line["rate"], lang),
                )
            )
    yield Section("lines", msg("calc_sec_lines", lang), lines)
    yield Section("caveats", msg("calc_sec_caveats", lang), [words.note(_note(c), lang) for c in v.get("caveats", [])])


def _note(data: dict):
    """A Note back from its JSON form (values that were Texts become Texts again)."""

    def back(value):
        if isinstance(value, dict) and set(value) == {"zh", "en"}:
            return Text(value["zh"], value["en"])
        if isinstance(value, dict) and "code" in value:
            return _note(value)
        if isinstance(value, list):
            return tuple(back(v) for v in value)
        return value

    return Note.of(data["code"], **{k: back(v) for k, v in data.items() if k != "code"})


# ---------------------------------------------------------------- retirement_age


def _track_age(track: dict, lang: str) -> str:
    age = words.age(track["age_years"], track["age_months"], lang)
    if "latest" in track:
        last = track["latest"]
        later = words.age(last["age_years"], last["age_months"], lang)
        if later != age:
            return msg("fig_age_range", lang, first=age, last=later)
    return age


def _track_date(track: dict, lang: str) -> str:
    date = words.year_month(track["year"], track["month"], lang)
    if "latest" in track:
        return msg(
            "fig_age_range",
            lang,
            first=date,
            last=words.year_month(track["latest"]["year"], track["latest"]["month"], lang),
        )
    return date


def _who(values: dict, lang: str) -> str:
    if values["birth_month"]:
        birth = words.year_month(values["birth_year"], values["birth_month"], lang)
    else:
        birth = msg("fig_year_only", lang, year=values["birth_year"])
    return msg("fig_who", lang, birth=birth, sex=msg(f"calc_{values['sex']}", lang))


def _retirement_first(figure, lang: str) -> str:
    v = figure.values
    source = _source(figure, lang)
    if figure.outcome == "needs_input":
        return msg("fig_retire_needs", lang, source=source)
    tracks = v["tracks"]
    if len(tracks) == 1:
        t = tracks[0]
        key = "fig_retire_reached" if t["reached"] else "fig_retire_one"
        lines = [
            msg(
                key,
                lang,
                who=_who(v, lang),
                age=_track_age(t, lang),
                date=_track_date(t, lang),
                original=t["original_age"],
                source=source,
            )
        ]
        if v.get("flexible"):
            lines.append(
                msg(
                    "fig_retire_flexible",
                    lang,
                    earliest=words.age(*v["flexible"]["earliest"], lang),
                    latest=words.age(*v["flexible"]["latest"], lang),
                )
            )
    else:
        parts = [
            msg(
                "fig_retire_track",
                lang,
                original=t["original_age"],
                age=_track_age(t, lang),
                date=_track_date(t, lang),
                label=msg(f"fig_category_{t['category']}", lang),
            )
            for t in tracks
        ]
        lines = [msg("fig_retire_both", lang, who=_who(v, lang), tracks=join(parts, lang), source=source)]
        lines.append(msg("fig_retire_flexible_worker" if v.get("flexible_worker") else "fig_retire_which", lang))
    return join_lines(lines + [_caveat(figure, lang)])


def _retirement_sections(figure, lang: str):
    v = figure.values
    rule = [
        msg(
            "fig_reform_rule",
            lang,
            original=c["original_age"],
            target=c["target_age"],
            label=c["label"]["en" if lang == "en" else "zh"],
        )
        for c in v.get("categories", [])
    ]
    rule.append(msg("fig_reform_step", lang))
    yield Section("rule", msg("fig_sec_reform", lang), rule)
    lines = []
    for t in v.get("tracks", []):
        lines.append(
            msg(
                "fig_track_line",
                lang,
                label=t["label"]["en" if lang == "en" else "zh"],
                age=_track_age(t, lang),
                date=_track_date(t, lang),
                original=t["original_age"],
                delay=duration(t["delay_months"], lang) if t["delay_months"] else msg("calc_no_delay", lang),
            )
        )
    if v.get("birth_month") is None and v.get("tracks"):
        lines.append(msg("fig_month_unknown", lang))
    yield Section("tracks", msg("fig_sec_tracks", lang), lines)


# ---------------------------------------------------------------- minimum_years


def _minimum_first(figure, lang: str) -> str:
    v = figure.values
    source = _source(figure, lang)
    if figure.outcome == "needs_input":
        return msg(
            "fig_minimum_needs",
            lang,
            base=number(v["base_years"], lang),
            max=number(v["max_years"], lang),
            rise=v["rise_from"],
            last=v["rise_from"] + 9,
            source=source,
        )
    lines = []
    by_year = v["by_year"]
    if v["from"] == "birth" and len(v.get("tracks", [])) == 1:
        t = v["tracks"][0]
        lines.append(
            msg(
                "fig_minimum_birth",
                lang,
                date=words.year_month(t["year"], t["month"], lang),
                years=number(v["years"], lang),
                source=source,
            )
        )
    elif len(by_year) > 1:
        lines.append(
            msg(
                "fig_minimum_several",
                lang,
                items=join(
                    [
                        msg("fig_minimum_item", lang, year=b["retire_year"], years=number(b["years"], lang))
                        for b in by_year
                    ],
                    lang,
                ),
                source=source,
            )
        )
    else:
        lines.append(msg("fig_minimum_one", lang, year=v["retire_year"], years=number(v["years"], lang), source=source))
    if "short_months" in v:
        key = "fig_minimum_short" if v["short_months"] else "fig_minimum_met"
        lines.append(msg(key, lang, paid=duration(v["paid_months"], lang), short=duration(v["short_months"], lang)))
    return join_lines(lines + [_caveat(figure, lang)])


def _minimum_sections(figure, lang: str):
    v = figure.values
    rows = [
        msg("fig_minimum_row", lang, year=year, years=number(_minimum_by_rule(v, year), lang))
        for year in range(v["rise_from"] - 1, v["rise_from"] + 10)
    ]
    yield Section(
        "schedule",
        msg("fig_sec_schedule", lang),
        [
            msg(
                "fig_minimum_rule",
                lang,
                base=number(v["base_years"], lang),
                max=number(v["max_years"], lang),
                rise=v["rise_from"],
            )
        ]
        + rows,
    )


def _minimum_by_rule(v: dict, year: int) -> float:
    rises = max(0, year - v["rise_from"] + 1)
    return min(v["max_years"], v["base_years"] + v["step_months"] / 12 * rises)


# ---------------------------------------------------------------- unemployment_duration


def _unemployment_first(figure, lang: str) -> str:
    v = figure.values
    source = _source(figure, lang)
    if figure.outcome == "needs_input":
        return msg("fig_unemployment_needs", lang, bands=_bands(v, lang), source=source)
    if figure.outcome == "ineligible":
        return msg(
            "fig_unemployment_ineligible",
            lang,
            paid=duration(v["paid_months"], lang),
            qualifying=number(v["qualifying_years"], lang),
        )
    return msg(
        "fig_unemployment_one", lang, paid=duration(v["paid_months"], lang), months=v["max_months"], source=source
    )


def _bands(v: dict, lang: str) -> str:
    bands = v["bands"]
    parts = []
    for i, (start, months) in enumerate(bands):
        if i + 1 < len(bands):
            parts.append(
                msg("fig_band", lang, start=number(start, lang), end=number(bands[i + 1][0], lang), months=months)
            )
        else:
            parts.append(msg("fig_band_top", lang, start=number(start, lang), months=months))
    return join(parts, lang)


def _unemployment_sections(figure, lang: str):
    v = figure.values
    yield Section(
        "rule",
        msg("fig_sec_unemployment", lang),
        [
            _bands(v, lang),
            msg("fig_unemployment_combined", lang, cap=v["combined_cap_months"]),
            msg("fig_unemployment_qualifying", lang, qualifying=number(v["qualifying_years"], lang)),
        ],
    )


# ---------------------------------------------------------------- account_divisor


def _divisor_first(figure, lang: str) -> str:
    v = figure.values
    source = _source(figure, lang)
    samples = join([msg("fig_divisor_sample", lang, age=age, months=months) for age, months in v["samples"]], lang)
    if figure.outcome == "needs_input":
        return msg("fig_divisor_needs", lang, samples=samples, resident=v["resident_divisor"], source=source)
    if figure.outcome == "out_of_range":
        return msg("fig_divisor_outside", lang, low=v["allowed"][0], high=v["allowed"][1])
    age = words.age(v["age_years"], v["age_months"], lang)
    if v["interpolated"]:
        return join_lines(
            [
                msg(
                    "fig_divisor_interpolated",
                    lang,
                    age=age,
                    divisor=number(v["divisor"], lang),
                    row=v["row"],
                    next=v["next_row"],
                    source=source,
                ),
                _caveat(figure, lang),
            ]
        )
    return msg("fig_divisor_one", lang, age=age, divisor=number(v["divisor"], lang), source=source)


def _divisor_sections(figure, lang: str):
    v = figure.values
    lines = [msg("fig_divisor_formula", lang), msg("fig_divisor_resident", lang, resident=v["resident_divisor"])]
    if v.get("caveat"):
        lines.append(words.note(_note(v["caveat"]), lang))
    yield Section("rule", msg("fig_sec_divisor", lang), lines)


# ---------------------------------------------------------------- contribution_subsidy


def _subsidy_first(figure, lang: str) -> str:
    v = figure.values
    share = f"{v['share_cap'][0]}/{v['share_cap'][1]}"
    group = msg(f"fig_group_{v['group']}", lang)
    prefix = msg("calc_s_4050", lang) if v.get("is_4050") else ""
    if figure.outcome == "needs_input":
        return prefix + msg(
            f"fig_subsidy_needs_{v['group']}",
            lang,
            share=share,
            years=v["max_years"],
            near=v["near_retirement_years"],
            left=v.get("left_school_within_years") or "",
        )
    if figure.outcome == "missing":
        return prefix + msg("fig_subsidy_missing", lang, group=group, share=share, region=_region(v, lang))
    span = duration(v["duration_months"], lang)
    if v["amounts_published"]:
        first = msg(
            "fig_subsidy_amounts",
            lang,
            region=_region(v, lang),
            group=group,
            year=v["year"],
            subsidy=fen(v["total_subsidy"], lang),
            net=fen(v["total_net"], lang),
            duration=span,
            source=_source(figure, lang, "subsidy_pension"),
        )
    else:
        first = msg(
            "fig_subsidy_cap",
            lang,
            region=_region(v, lang),
            group=group,
            share=share,
            contribution=fen(v["total_contribution"], lang),
            net=fen(v["total_net"], lang),
            duration=span,
            source=_source(figure, lang, "contribution_subsidy"),
        )
    extra = msg("fig_subsidy_who", lang) if v.get("group_assumed") else ""
    return join_lines([prefix + first, extra, _caveat(figure, lang)])


def _subsidy_sections(figure, lang: str):
    v = figure.values
    rule = [
        msg(
            f"calc_s_rule_{v['group']}",
            lang,
            share=f"{v['share_cap'][0]}/{v['share_cap'][1]}",
            years=v["max_years"],
            near=v["near_retirement_years"],
            left=v.get("left_school_within_years") or "",
        )
    ]
    if v.get("caveat"):
        rule.append(words.note(_note({"code": "text", "text": v["caveat"]}), lang))
    yield Section("rule", msg("fig_sec_subsidy_rule", lang), rule)
    lines = []
    for line in v.get("lines", []):
        label = msg(f"calc_ins_long_{line['insurance']}", lang)
        if line["subsidy"] is not None:
            lines.append(
                msg(
                    "calc_s_line",
                    lang,
                    label=label,
                    contribution=fen(line["contribution"], lang),
                    subsidy=fen(line["subsidy"], lang),
                    year=v.get("year"),
                    net=fen(line["net"], lang),
                )
            )
        else:
            lines.append(
                msg(
                    "calc_s_line_cap",
                    lang,
                    label=label,
                    contribution=fen(line["contribution"], lang),
                    cap=fen(line["cap"], lang),
                    net=fen(line["net"], lang),
                )
            )
    lines += [words.note(_note(n), lang) for n in v.get("notes", [])]
    yield Section("subsidy", msg("calc_sec_subsidy", lang), lines)


_FIRST = {
    "contribution_range": _contribution_range_first,
    "retirement_age": _retirement_first,
    "minimum_years": _minimum_first,
    "unemployment_duration": _unemployment_first,
    "account_divisor": _divisor_first,
    "contribution_subsidy": _subsidy_first,
}
_SECTIONS = {
    "contribution_range": _contribution_range_sections,
    "retirement_age": _retirement_sections,
    "minimum_years": _minimum_sections,
    "unemployment_duration": _unemployment_sections,
    "account_divisor": _divisor_sections,
    "contribution_subsidy": _subsidy_sections,
}
