"""Read and validate the YAML sources into plain dicts ready for the database.

Every problem is reported as 'file: entry: problem' and all problems are collected before the
build stops, so a reviewer fixes a batch at once rather than one per run.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.legal import parse_statute
from knowledge.scope import SOCIAL_INSURANCE_TERMS, overlapping_term

SOURCES_DIR = Path(__file__).parent / "sources"
GRADES = ("A", "B", "C")
FACT_GRADES = GRADES + ("UNCONFIRMED",)
FACT_TYPES = ("range", "percent", "amount", "amounts", "text")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
WHEN_KEYS = {"scheme": "schemes", "insurance_type": "insurance_types"}
WHEN_ALL = tuple(WHEN_KEYS) + ("keywords",)
OFFICES = ("hrss", "medical", "tax")
# The first message is the lead plus the condition line: short enough to read at a glance.
LEAD_LIMITS = {"zh": 140, "en": 320}
CONDITION_LIMITS = {"zh": 50, "en": 110}


class ValidationError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Bundle:
    """Everything the build writes, validated."""

    sources: dict = field(default_factory=dict)
    laws: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    fact_kinds: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    aliases: dict = field(default_factory=dict)
    facts: list = field(default_factory=list)
    vocabulary: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    not_covered: list = field(default_factory=list)
    rule_sections: list = field(default_factory=list)  # pension_rules.yml (knowledge/rules_loader.py)
    rule_rows: list = field(default_factory=list)


class _Checker:
    def __init__(self, root: Path):
        self.root = root
        self.problems = []

    def fail(self, file, entry, problem):
        self.problems.append(f"{file}: {entry}: {problem}")

    def read(self, rel):
        path = self.root / rel
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.fail(rel, "-", "file is missing")
            return {}
        except yaml.YAMLError as exc:
            self.fail(rel, "-", f"not valid YAML ({exc})")
            return {}
        if not isinstance(data, dict):
            self.fail(rel, "-", "top level must be a mapping")
            return {}
        return data

    def text(self, file, entry, value, name, required=True):
        """A bilingual text {zh, en}; returns (zh, en) or (None, None)."""
        if value is None and not required:
            return None, None
        if not isinstance(value, dict) or not all(
            isinstance(value.get(lang), str) and value.get(lang).strip() for lang in ("zh", "en")
        ):
            self.fail(file, entry, f"'{name}' needs non-empty zh and en texts")
            return None, None
        return value["zh"].strip(), value["en"].strip()

    def text_list(self, file, entry, value, name):
        if value is None:
            return [], []
        if not isinstance(value, dict) or not all(isinstance(value.get(lang), list) for lang in ("zh", "en")):
            self.fail(file, entry, f"'{name}' needs zh and en lists")
            return [], []
        zh, en = value["zh"], value["en"]
        if len(zh) != len(en):
            self.fail(file, entry, f"'{name}' has {len(zh)} zh items but {len(en)} en items")
        if not all(isinstance(item, str) and item.strip() for item in zh + en):
            self.fail(file, entry, f"'{name}' items must be non-empty strings")
        return [str(i).strip() for i in zh], [str(i).strip() for i in en]

    def year(self, file, entry, value):
        if value is None or str(value).strip() == "":
            self.fail(file, entry, "'year' is required")
            return ""
        return str(value).strip()

    def grade(self, file, entry, value, allowed=GRADES):
        if value not in allowed:
            self.fail(file, entry, f"'confidence' must be one of {', '.join(allowed)}, not {value!r}")
        return value


def load(root: Path = SOURCES_DIR) -> Bundle:
    """Validate every source file under root; raise ValidationError listing all problems."""
    c = _Checker(root)
    bundle = Bundle()
    _load_sources(c, bundle)
    _load_laws(c, bundle)
    _load_regions(c, bundle)
    _load_vocabulary(c, bundle)
    _load_documents(c, bundle)
    _load_topics(c, bundle)
    _load_not_covered(c, bundle)
    _load_pension_rules(c, bundle)
    if c.problems:
        raise ValidationError(c.problems)
    return bundle


def _load_pension_rules(c, bundle):
    """The calculators' national tables are part of the knowledge base: validated and built like the rest."""
    from knowledge.rules_loader import load_rules

    if not (c.root / "pension_rules.yml").exists():
        return  # a knowledge base without calculators (e.g. a test fixture)
    data = c.read("pension_rules.yml")
    if data:
        rules = load_rules(data, bundle.sources, c.articles)
        c.problems.extend(rules.problems)
        bundle.rule_sections, bundle.rule_rows = rules.sections, rules.rows


def _extra_files(c, stem: str) -> list:
    """stem.yml plus stem-*.yml: one file per area, so parallel edits do not collide."""
    return [f"{stem}.yml"] + sorted(p.relative_to(c.root).as_posix() for p in c.root.glob(f"{stem}-*.yml"))


def _load_sources(c, bundle):
    for file in _extra_files(c, "sources"):
        _load_source_file(c, bundle, file)


def _load_source_file(c, bundle, file):
    for i, item in enumerate(c.read(file).get("sources") or []):
        sid = item.get("id") if isinstance(item, dict) else None
        entry = sid or f"#{i + 1}"
        if not sid or not ID_PATTERN.match(str(sid)):
            c.fail(file, entry, "needs an 'id' of lower-case letters, digits, '_' or '-'")
            continue
        if sid in bundle.sources:
            c.fail(file, entry, "duplicate id")
        if not str(item.get("title") or "").strip():
            c.fail(file, entry, "'title' is required")
        url = item.get("url")
        if url is not None and not str(url).startswith("https://"):
            c.fail(file, entry, "'url' must be an https:// address")
        bundle.sources[sid] = {
            "id": sid,
            "title": str(item.get("title") or "").strip(),
            "title_en": str(item.get("title_en") or "").strip() or None,
            "provenance": str(item.get("provenance") or "").strip() or None,
            "publisher": item.get("publisher"),
            "url": url,
            "year": c.year(file, entry, item.get("year")),
            "confidence": c.grade(file, entry, item.get("confidence")),
        }


def _check_source(c, file, entry, sid, bundle):
    if sid not in bundle.sources:
        c.fail(file, entry, f"unknown source {sid!r} (not in sources.yml)")


def _load_laws(c, bundle):
    file = "laws.yml"
    known = {}
    for i, item in enumerate(c.read(file).get("laws") or []):
        lid = item.get("id") or f"#{i + 1}"
        title = c.text(file, lid, item.get("title"), "title")
        short = c.text(file, lid, item.get("short"), "short")
        version = c.text(file, lid, item.get("version"), "version")
        _check_source(c, file, lid, item.get("source"), bundle)
        path = c.root / str(item.get("file") or "")
        if not item.get("file") or not path.is_file():
            c.fail(file, lid, f"statute file {item.get('file')!r} not found")
            continue
        parsed = parse_statute(path)
        if [a.number for a in parsed] != list(range(1, len(parsed) + 1)):
            c.fail(item["file"], lid, "articles are not numbered 1..N without gaps")
        known[lid] = {a.number: a for a in parsed}
        bundle.laws.append(
            {
                "id": lid,
                "title_zh": title[0],
                "title_en": title[1],
                "short_zh": short[0],
                "short_en": short[1],
                "version_zh": version[0],
                "version_en": version[1],
                "source_id": item.get("source"),
            }
        )
    summaries = {}
    for sfile in _extra_files(c, "legal/summaries_en"):
        _load_summaries(c, sfile, known, summaries)
    bundle.articles = [
        {
            "law_id": lid,
            "number": a.number,
            "label_zh": a.label,
            "chapter_zh": a.chapter,
            "text_zh": a.text,
            "summary_en": summaries.get((lid, a.number)),
        }
        for lid, arts in known.items()
        for a in arts.values()
    ]
    c.articles = {(a["law_id"], a["number"]): a for a in bundle.articles}


def _load_summaries(c, sfile, known, summaries):
    """Our own English summaries of articles (one file per area: summaries_en-*.yml)."""
    for _i, item in enumerate(c.read(sfile).get("summaries") or []):
        key = (item.get("law"), item.get("article"))
        entry = f"{key[0]} art. {key[1]}"
        if key[0] not in known or key[1] not in known.get(key[0], {}):
            c.fail(sfile, entry, "no such law article")
        elif not str(item.get("en") or "").strip():
            c.fail(sfile, entry, "'en' summary is empty")
        elif key in summaries:
            c.fail(sfile, entry, "duplicate summary")
        summaries[key] = str(item.get("en") or "").strip()


def _check_cites(c, file, entry, cites, bundle, require_summary=True):
    if not isinstance(cites, list) or not cites:
        c.fail(file, entry, "'cites' needs at least one citation")
        return []
    out = []
    for cite in cites:
        if not isinstance(cite, dict):
            c.fail(file, entry, f"citation {cite!r} must be a mapping")
        elif "law" in cite:
            article = c.articles.get((cite.get("law"), cite.get("article")))
            if article is None:
                c.fail(file, entry, f"cites {cite.get('law')} art. {cite.get('article')}, which does not exist")
            elif require_summary and not article["summary_en"]:
                c.fail(
                    file,
                    entry,
                    f"cites {cite['law']} art. {cite['article']}, which has no English "
                    "summary in legal/summaries_en.yml",
                )
            out.append({"law_id": cite.get("law"), "article": cite.get("article"), "source_id": None})
        elif "source" in cite:
            _check_source(c, file, entry, cite["source"], bundle)
            out.append({"law_id": None, "article": None, "source_id": cite["source"]})
        else:
            c.fail(file, entry, f"citation {cite!r} needs 'law'+'article' or 'source'")
    return out


def _check_fact_value(c, file, entry, kind, value):
    ok = {
        "range": lambda v: isinstance(v, dict)
        and all(isinstance(v.get(k), (int, float)) for k in ("min", "max"))
        and 0 < v["min"] <= v["max"],
        "percent": lambda v: isinstance(v, (int, float)) and 0 < v <= 100,
        "amount": lambda v: isinstance(v, (int, float)) and v > 0,
        "amounts": lambda v: isinstance(v, list) and v and all(isinstance(x, (int, float)) and x > 0 for x in v),
        "text": lambda v: isinstance(v, dict) and all(isinstance(v.get(k), str) and v[k].strip() for k in ("zh", "en")),
    }[kind]
    if not ok(value):
        c.fail(file, entry, f"value {value!r} is not a valid {kind}")


def _load_regions(c, bundle):
    file = "regions.yml"
    data = c.read(file)
    kinds = {}
    for i, item in enumerate(data.get("fact_kinds") or []):
        key = item.get("key") or f"#{i + 1}"
        label = c.text(file, f"fact_kinds.{key}", item.get("label"), "label")
        if item.get("type") not in FACT_TYPES:
            c.fail(file, f"fact_kinds.{key}", f"'type' must be one of {', '.join(FACT_TYPES)}")
        if key in kinds:
            c.fail(file, f"fact_kinds.{key}", "duplicate key")
        kinds[key] = item.get("type")
        if item.get("province_wide") is not None and item.get("province_wide") not in bundle.sources:
            c.fail(file, f"fact_kinds.{key}", f"unknown source {item.get('province_wide')!r} in 'province_wide'")
        bundle.fact_kinds.append(
            {
                "key": key,
                "province_wide": item.get("province_wide"),
                "kind": item.get("type"),
                "per": item.get("per"),
                "label_zh": label[0],
                "label_en": label[1],
                "position": i,
            }
        )
    c.fact_kinds = kinds
    # regions.yml declares the fact kinds and holds the first regions; regions-*.yml add more.
    listed = [(f, item) for f in _extra_files(c, "regions") for item in (c.read(f).get("regions") or [])]
    ids = [item.get("id") for _, item in listed if isinstance(item, dict)]
    for pos, (file, item) in enumerate(listed):
        rid = item.get("id") or f"#{pos + 1}"
        entry = f"regions.{rid}"
        if not ID_PATTERN.match(str(rid)) or ids.count(rid) > 1:
            c.fail(file, entry, "region ids must be unique lower-case identifiers")
        name = c.text(file, entry, item.get("name"), "name")
        if item.get("parent") is not None and item.get("parent") not in ids:
            c.fail(file, entry, f"unknown parent {item.get('parent')!r}")
        aliases = list(item.get("aliases") or []) + [name[0] or "", name[1] or ""]
        for alias in aliases:
            norm = str(alias).strip().lower()
            if not norm:
                continue
            if bundle.aliases.get(norm, rid) != rid:
                c.fail(file, entry, f"alias {alias!r} already belongs to {bundle.aliases[norm]}")
            bundle.aliases[norm] = rid
        code = item.get("code")
        if code is not None and not re.fullmatch(r"\d{6}", str(code)):
            c.fail(file, entry, "'code' must be the 6-digit official division code")
        bundle.regions.append(
            {
                "id": rid,
                "code": str(code) if code is not None else None,
                "name_zh": name[0],
                "name_en": name[1],
                "level": item.get("level") or "province",
                "parent_id": item.get("parent"),
                "position": pos,
            }
        )
        for j, fact in enumerate(item.get("facts") or []):
            _load_fact(c, file, f"{entry}.facts[{j + 1}] {fact.get('key')}", rid, fact, bundle)


def _load_fact(c, file, entry, rid, fact, bundle):
    key = fact.get("key")
    kind = c.fact_kinds.get(key)
    if kind is None:
        c.fail(file, entry, f"unknown fact key {key!r} (declare it in fact_kinds)")
        return
    grade = c.grade(file, entry, fact.get("confidence"), FACT_GRADES)
    note = c.text(file, entry, fact.get("note"), "note", required=False)
    value = fact.get("value")
    alternatives = fact.get("alternatives")
    if fact.get("conflict"):
        if grade != "C":
            c.fail(file, entry, "a conflicting fact must have confidence C")
        if not isinstance(alternatives, list) or len(alternatives) < 2:
            c.fail(file, entry, "a conflicting fact lists at least two 'alternatives'")
            alternatives = []
        for alt in alternatives:
            _check_fact_value(c, file, entry, kind, alt.get("value"))
            _check_source(c, file, entry, alt.get("source"), bundle)
            c.year(file, entry, alt.get("year"))
    elif grade == "UNCONFIRMED":
        if value is not None:
            c.fail(file, entry, "an UNCONFIRMED fact must not carry a value (it is never stated as fact)")
    elif value is None:
        if note[0] is None:
            c.fail(file, entry, "a fact without a value needs a 'note' saying why")
    else:
        _check_fact_value(c, file, entry, kind, value)
    if grade in ("C", "UNCONFIRMED") and note[0] is None:
        c.fail(file, entry, f"a {grade} fact needs a 'note' (the caveat shown with it)")
    _check_source(c, file, entry, fact.get("source"), bundle)
    period = c.text(file, entry, fact.get("period"), "period", required=False)
    provenance = c.text(file, entry, fact.get("provenance"), "provenance", required=False)
    valid_until = _date(c, file, entry, "valid_until", fact.get("valid_until"))
    bundle.facts.append(
        {
            "region_id": rid,
            "key": key,
            "value": value,
            "per": fact.get("per"),
            "year": c.year(file, entry, fact.get("year")),
            "period_zh": period[0],
            "period_en": period[1],
            "source_id": fact.get("source"),
            "confidence": grade,
            "conflict": bool(fact.get("conflict")),
            "alternatives": [
                {"value": a.get("value"), "year": str(a.get("year")), "source_id": a.get("source")}
                for a in alternatives or []
            ]
            or None,
            "note_zh": note[0],
            "note_en": note[1],
            "provenance_zh": provenance[0],
            "provenance_en": provenance[1],
            "valid_until": valid_until,
            "position": len(bundle.facts),
        }
    )


def _date(c, file, entry, name, value):
    """An optional YYYY-MM-DD date as ISO text (None when absent)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        c.fail(file, entry, f"'{name}' must be a date YYYY-MM-DD, not {value!r}")
        return None


def _load_vocabulary(c, bundle):
    file = "vocabulary.yml"
    data = c.read(file)
    seen = {}
    c.vocabulary = {}
    for section, kind in (("insurance_types", "insurance_type"), ("schemes", "scheme")):
        c.vocabulary[section] = set()
        for item in data.get(section) or []:
            vid = item.get("id")
            entry = f"{section}.{vid}"
            name = c.text(file, entry, item.get("name"), "name")
            aliases = [str(a).strip() for a in item.get("aliases") or [] if str(a).strip()]
            if not aliases:
                c.fail(file, entry, "needs at least one alias")
            for alias in aliases:
                norm = alias.lower()
                if seen.get(norm, vid) != vid:
                    c.fail(file, entry, f"alias {alias!r} already belongs to {seen[norm]}")
                seen[norm] = vid
            c.vocabulary[section].add(vid)
            bundle.vocabulary.append(
                {"id": vid, "kind": kind, "name_zh": name[0], "name_en": name[1], "aliases": aliases}
            )


def _load_documents(c, bundle):
    c.documents = set()
    for file in _extra_files(c, "documents"):
        _load_document_file(c, bundle, file)


def _load_document_file(c, bundle, file):
    for i, item in enumerate(c.read(file).get("documents") or []):
        did = item.get("id") or f"#{i + 1}"
        if not ID_PATTERN.match(str(did)) or did in c.documents:
            c.fail(file, did, "document ids must be unique lower-case identifiers")
        c.documents.add(did)
        name = c.text(file, did, item.get("name"), "name")
        note = c.text(file, did, item.get("note"), "note", required=False)
        grade = c.grade(file, did, item.get("confidence"))
        if grade == "C" and note[0] is None:
            c.fail(file, did, "a C-grade document needs a 'note' with the caveat")
        bundle.documents.append(
            {
                "id": did,
                "name_zh": name[0],
                "name_en": name[1],
                "note_zh": note[0],
                "note_en": note[1],
                "year": c.year(file, did, item.get("year")),
                "confidence": grade,
                "cites": _check_cites(c, file, did, item.get("cites"), bundle, require_summary=False),
            }
        )


def _load_topics(c, bundle):
    answer_ids = set()
    for path in sorted((c.root / "topics").glob("*.yml")):
        file = f"topics/{path.name}"
        data = c.read(file)
        topic = data.get("topic")
        if topic != path.stem:
            c.fail(file, "topic", f"'topic' must equal the file name ({path.stem}), not {topic!r}")
        title = c.text(file, topic, data.get("title"), "title")
        keywords = data.get("keywords") or {}
        bundle.topics.append(
            {
                "id": path.stem,
                "title_zh": title[0],
                "title_en": title[1],
                "region_dependent": bool(data.get("region_dependent")),
                "keywords_zh": list(keywords.get("zh") or []),
                "keywords_en": list(keywords.get("en") or []),
            }
        )
        answers = data.get("answers") or []
        if not answers:
            c.fail(file, topic, "needs at least one answer")
        for pos, item in enumerate(answers):
            _load_answer(c, file, path.stem, pos, item, answer_ids, bundle, is_last=pos == len(answers) - 1)


def _load_answer(c, file, topic, pos, item, answer_ids, bundle, is_last):
    aid = item.get("id") or f"answer #{pos + 1}"
    if not ID_PATTERN.match(str(aid)) or aid in answer_ids:
        c.fail(file, aid, "answer ids must be unique lower-case identifiers")
    answer_ids.add(aid)
    when = item.get("when") or {}
    for key, values in when.items():
        if key not in WHEN_ALL:
            c.fail(file, aid, f"'when' only knows {', '.join(WHEN_ALL)}, not {key!r}")
            continue
        if key == "keywords":
            continue
        for value in values if isinstance(values, list) else [values]:
            if value not in c.vocabulary.get(WHEN_KEYS[key], set()):
                c.fail(file, aid, f"'when.{key}' value {value!r} is not in vocabulary.yml")
    keywords = _keywords(c, file, aid, when["keywords"]) if "keywords" in when else ([], [])
    if is_last and when:
        c.fail(file, aid, "the last answer must be the default one (no 'when')")
    if not is_last and not when:
        c.fail(file, aid, "only the last answer may omit 'when' (later answers would never be used)")
    lead = c.text(file, aid, item.get("lead"), "lead")
    condition = c.text(file, aid, item.get("condition"), "condition", required=False)
    _check_length(c, file, aid, "lead", lead, LEAD_LIMITS)
    _check_length(c, file, aid, "condition", condition, CONDITION_LIMITS)
    compute = item.get("compute")
    if compute is not None and not ID_PATTERN.match(str(compute)):
        c.fail(file, aid, f"'compute' must name a computation (lower-case identifier), not {compute!r}")
    office = _as_list(item.get("office")) or []
    for name in office:
        if name not in OFFICES:
            c.fail(file, aid, f"'office' values are {', '.join(OFFICES)}, not {name!r}")
    script = c.text(file, aid, item.get("script"), "script", required=False)
    points = c.text_list(file, aid, item.get("points"), "points")
    steps = c.text_list(file, aid, item.get("steps"), "steps")
    caveat = c.text(file, aid, item.get("caveat"), "caveat", required=False)
    grade = c.grade(file, aid, item.get("confidence"))
    if grade == "C" and caveat[0] is None:
        c.fail(file, aid, "a C-grade answer needs a 'caveat'")
    for doc in item.get("documents") or []:
        if doc not in c.documents:
            c.fail(file, aid, f"unknown document {doc!r} (not in documents.yml)")
    for key in item.get("regional") or []:
        if key not in c.fact_kinds:
            c.fail(file, aid, f"unknown regional fact key {key!r}")
    verified = item.get("verified")
    try:
        verified = dt.date.fromisoformat(str(verified)).isoformat()
    except ValueError:
        c.fail(file, aid, f"'verified' must be a date YYYY-MM-DD, not {verified!r}")
        verified = ""
    bundle.answers.append(
        {
            "id": aid,
            "topic_id": topic,
            "position": pos,
            "when_scheme": _as_list(when.get("scheme")),
            "when_insurance_type": _as_list(when.get("insurance_type")),
            "when_keywords_zh": [k.lower() for k in keywords[0]] or None,
            "when_keywords_en": [k.lower() for k in keywords[1]] or None,
            "lead_zh": lead[0],
            "lead_en": lead[1],
            "condition_zh": condition[0],
            "condition_en": condition[1],
            "compute": compute,
            "office": office,
            "script_zh": script[0],
            "script_en": script[1],
            "points_zh": points[0],
            "points_en": points[1],
            "regional": list(item.get("regional") or []),
            "year": c.year(file, aid, item.get("year")),
            "confidence": grade,
            "caveat_zh": caveat[0],
            "caveat_en": caveat[1],
            "verified": verified,
            "steps": list(zip(*steps, strict=False)) if steps[0] else [],
            "documents": list(item.get("documents") or []),
            "cites": _check_cites(c, file, aid, item.get("cites"), bundle),
        }
    )


def _load_not_covered(c, bundle):
    """Subjects that are not social insurance, with who handles them (optional not_covered.yml)."""
    file = "not_covered.yml"
    if not (c.root / file).exists():
        return
    terms = SOCIAL_INSURANCE_TERMS + tuple(a for v in bundle.vocabulary for a in v["aliases"])
    seen = set()
    for pos, item in enumerate(c.read(file).get("subjects") or []):
        sid = item.get("id") if isinstance(item, dict) else None
        entry = sid or f"#{pos + 1}"
        if not sid or not ID_PATTERN.match(str(sid)) or sid in seen:
            c.fail(file, entry, "subject ids must be unique lower-case identifiers")
            continue
        seen.add(sid)
        name = c.text(file, entry, item.get("name"), "name")
        handled_by = c.text(file, entry, item.get("handled_by"), "handled_by")
        keywords = item.get("keywords")
        if not isinstance(keywords, dict) or not all(
            isinstance(keywords.get(lang), list) and keywords[lang] for lang in ("zh", "en")
        ):
            c.fail(file, entry, "'keywords' needs non-empty zh and en lists")
            keywords = {"zh": [], "en": []}
        words = {lang: [str(k).strip().lower() for k in keywords[lang] if str(k).strip()] for lang in ("zh", "en")}
        for word in words["zh"] + words["en"]:
            term = overlapping_term(word, terms)
            if term:
                c.fail(file, entry, f"keyword {word!r} overlaps the social-insurance term {term!r}")
        if item.get("source") is not None:
            _check_source(c, file, entry, item["source"], bundle)
        bundle.not_covered.append(
            {
                "id": sid,
                "position": pos,
                "name_zh": name[0],
                "name_en": name[1],
                "handled_by_zh": handled_by[0],
                "handled_by_en": handled_by[1],
                "keywords_zh": words["zh"],
                "keywords_en": words["en"],
                "source_id": item.get("source"),
            }
        )


def _keywords(c, file, entry, value):
    """when.keywords: {zh: [...], en: [...]}; the two lists are independent (not translations)."""
    if not isinstance(value, dict) or any(not isinstance(value.get(lang, []), list) for lang in ("zh", "en")):
        c.fail(file, entry, "'when.keywords' needs zh and/or en lists")
        return [], []
    zh, en = ([str(k).strip() for k in value.get(lang) or [] if str(k).strip()] for lang in ("zh", "en"))
    if not zh and not en:
        c.fail(file, entry, "'when.keywords' needs at least one keyword")
    return zh, en


def _check_length(c, file, entry, name, text, limits):
    for lang, value in zip(("zh", "en"), text, strict=False):
        if value is not None and len(value) > limits[lang]:
            c.fail(file, entry, f"'{name}' ({lang}) has {len(value)} characters; at most {limits[lang]}")


def _as_list(value):
    if value is None:
        return None
    return list(value) if isinstance(value, list) else [value]
