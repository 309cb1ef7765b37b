"""Read the YAML sources, validate them with their models (knowledge/models) into database rows.

Every problem is reported as 'file: entry: problem' and all problems are collected before the
build stops, so a reviewer fixes a batch at once rather than one per run. The models declare what
one entry must hold; this module reads the files in order (later files refer to earlier ones) and
checks what spans entries: unique ids, aliases, the default answer last.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.legal import parse_statute
from knowledge.models.common import ID_PATTERN, KNOWN, Known, flat, problems
from knowledge.models.documents import Document
from knowledge.models.not_covered import Subject
from knowledge.models.regions import Fact, FactKind, Region
from knowledge.models.sources import Law, Source, Summary
from knowledge.models.topics import Answer, Topic
from knowledge.models.vocabulary import Term
from knowledge.scope import SOCIAL_INSURANCE_TERMS

SOURCES_DIR = Path(__file__).parent / "sources"


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


class _Reader:
    def __init__(self, root: Path):
        self.root, self.problems = root, []

    def fail(self, file, entry, problem):
        self.problems.append(f"{file}: {entry}: {problem}")

    def read(self, rel) -> dict:
        try:
            data = yaml.safe_load((self.root / rel).read_text(encoding="utf-8"))
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

    def check(self, model, data, file, entry):
        """The validated model, or None with its problems recorded."""
        found, lines = problems(model, data, file, entry)
        self.problems.extend(lines)
        return found

    def files(self, stem: str) -> list:
        """stem.yml plus stem-*.yml: one file per area, so parallel edits do not collide."""
        return [f"{stem}.yml"] + sorted(p.relative_to(self.root).as_posix() for p in self.root.glob(f"{stem}-*.yml"))


def load(root: Path = SOURCES_DIR) -> Bundle:
    """Validate every source file under root; raise ValidationError listing all problems."""
    r, bundle, known = _Reader(root), Bundle(), Known()
    token = KNOWN.set(known)
    try:
        for step in (_sources, _laws, _regions, _vocabulary, _documents, _topics, _not_covered, _pension_rules):
            step(r, bundle, known)
    finally:
        KNOWN.reset(token)
    if r.problems:
        raise ValidationError(r.problems)
    return bundle


def _sources(r, bundle, known):
    for file in r.files("sources"):
        for i, item in enumerate(r.read(file).get("sources") or []):
            sid = item.get("id") if isinstance(item, dict) else None
            entry = sid or f"#{i + 1}"
            if not sid or not ID_PATTERN.match(str(sid)):
                r.fail(file, entry, "needs an 'id' of lower-case letters, digits, '_' or '-'")
                continue
            if sid in bundle.sources:
                r.fail(file, entry, "duplicate id")
            source = r.check(Source, item, file, entry)
            bundle.sources[sid] = flat(source) if source else {"id": sid}
    known.sources = bundle.sources


def _laws(r, bundle, known):
    file, statutes = "laws.yml", {}
    for i, item in enumerate(r.read(file).get("laws") or []):
        lid = item.get("id") or f"#{i + 1}"
        law = r.check(Law, item, file, lid)
        path = r.root / str(item.get("file") or "")
        if not item.get("file") or not path.is_file():
            r.fail(file, lid, f"statute file {item.get('file')!r} not found")
            continue
        parsed = parse_statute(path)
        if [a.number for a in parsed] != list(range(1, len(parsed) + 1)):
            r.fail(item["file"], lid, "articles are not numbered 1..N without gaps")
        statutes[lid] = {a.number: a for a in parsed}
        if law:
            bundle.laws.append(flat(law, exclude=("file",), id=lid))
    summaries = {}
    for sfile in r.files("legal/summaries_en"):
        for item in r.read(sfile).get("summaries") or []:
            key = (item.get("law"), item.get("article"))
            entry = f"{key[0]} art. {key[1]}"
            if key[1] not in statutes.get(key[0], {}):
                r.fail(sfile, entry, "no such law article")
            elif key in summaries:
                r.fail(sfile, entry, "duplicate summary")
            else:
                summary = r.check(Summary, item, sfile, entry)
                summaries[key] = summary.en if summary else None
    bundle.articles = [
        {
            "law_id": lid,
            "number": a.number,
            "label_zh": a.label,
            "chapter_zh": a.chapter,
            "text_zh": a.text,
            "summary_en": summaries.get((lid, a.number)),
        }
        for lid, articles in statutes.items()
        for a in articles.values()
    ]
    known.articles = {(a["law_id"], a["number"]): a for a in bundle.articles}


def _regions(r, bundle, known):
    file = "regions.yml"
    for i, item in enumerate(r.read(file).get("fact_kinds") or []):
        key = item.get("key") or f"#{i + 1}"
        kind = r.check(FactKind, item, file, f"fact_kinds.{key}")
        if key in known.fact_kinds:
            r.fail(file, f"fact_kinds.{key}", "duplicate key")
        known.fact_kinds[key] = item.get("type")
        if kind:
            bundle.fact_kinds.append(flat(kind, key=key, position=i))
    # regions.yml declares the fact kinds and holds the first regions; regions-*.yml add more.
    listed = [(f, item) for f in r.files("regions") for item in (r.read(f).get("regions") or [])]
    ids = [item.get("id") for _, item in listed if isinstance(item, dict)]
    for pos, (file, item) in enumerate(listed):
        rid = item.get("id") or f"#{pos + 1}"
        entry = f"regions.{rid}"
        if not ID_PATTERN.match(str(rid)) or ids.count(rid) > 1:
            r.fail(file, entry, "region ids must be unique lower-case identifiers")
        region = r.check(Region, item, file, entry)
        if item.get("parent") is not None and item.get("parent") not in ids:
            r.fail(file, entry, f"unknown parent {item.get('parent')!r}")
        names = [region.name.zh, region.name.en] if region else []
        for alias in list(item.get("aliases") or []) + names:
            norm = str(alias).strip().lower()
            if norm and bundle.aliases.get(norm, rid) != rid:
                r.fail(file, entry, f"alias {alias!r} already belongs to {bundle.aliases[norm]}")
            elif norm:
                bundle.aliases[norm] = rid
        if region:
            bundle.regions.append(flat(region, exclude=("aliases",), id=rid, position=pos))
        for j, item_fact in enumerate(item.get("facts") or []):
            fact_entry = f"{entry}.facts[{j + 1}] {item_fact.get('key')}"
            if item_fact.get("key") not in known.fact_kinds:
                r.fail(file, fact_entry, f"unknown fact key {item_fact.get('key')!r} (declare it in fact_kinds)")
                continue
            fact = r.check(Fact, item_fact, file, fact_entry)
            if fact:
                bundle.facts.append(fact.row(rid, len(bundle.facts)))


def _vocabulary(r, bundle, known):
    file, seen = "vocabulary.yml", {}
    data = r.read(file)
    for section, kind in (("insurance_types", "insurance_type"), ("schemes", "scheme")):
        known.vocabulary[section] = set()
        for item in data.get(section) or []:
            vid = item.get("id")
            entry = f"{section}.{vid}"
            term = r.check(Term, item, file, entry)
            for alias in term.aliases if term else []:
                if seen.get(alias.lower(), vid) != vid:
                    r.fail(file, entry, f"alias {alias!r} already belongs to {seen[alias.lower()]}")
                seen[alias.lower()] = vid
            known.vocabulary[section].add(vid)
            if term:
                bundle.vocabulary.append(flat(term, id=vid, kind=kind))
    known.terms = SOCIAL_INSURANCE_TERMS + tuple(a for v in bundle.vocabulary for a in v["aliases"])


def _documents(r, bundle, known):
    for file in r.files("documents"):
        for i, item in enumerate(r.read(file).get("documents") or []):
            did = item.get("id") or f"#{i + 1}"
            if not ID_PATTERN.match(str(did)) or did in known.documents:
                r.fail(file, did, "document ids must be unique lower-case identifiers")
            known.documents.add(did)
            document = r.check(Document, item, file, did)
            if document:
                bundle.documents.append(flat(document, id=did))


def _topics(r, bundle, known):
    answer_ids = set()
    for path in sorted((r.root / "topics").glob("*.yml")):
        file, data = f"topics/{path.name}", r.read(f"topics/{path.name}")
        name = data.get("topic")
        if name != path.stem:
            r.fail(file, "topic", f"'topic' must equal the file name ({path.stem}), not {name!r}")
        topic = r.check(Topic, data, file, name)
        keywords = data.get("keywords") or {}
        bundle.topics.append(
            {
                "id": path.stem,
                "title_zh": topic.title.zh if topic else None,
                "title_en": topic.title.en if topic else None,
                "region_dependent": bool(data.get("region_dependent")),
                "keywords_zh": list(keywords.get("zh") or []),
                "keywords_en": list(keywords.get("en") or []),
            }
        )
        answers = data.get("answers") or []
        for pos, item in enumerate(answers):
            aid = item.get("id") or f"answer #{pos + 1}"
            if not ID_PATTERN.match(str(aid)) or aid in answer_ids:
                r.fail(file, aid, "answer ids must be unique lower-case identifiers")
            answer_ids.add(aid)
            if pos == len(answers) - 1 and item.get("when"):
                r.fail(file, aid, "the last answer must be the default one (no 'when')")
            if pos < len(answers) - 1 and not item.get("when"):
                r.fail(file, aid, "only the last answer may omit 'when' (later answers would never be used)")
            answer = r.check(Answer, item, file, aid)
            if answer:
                bundle.answers.append(answer.row(aid, path.stem, pos))


def _not_covered(r, bundle, known):
    """Subjects that are not social insurance, with who handles them (optional not_covered.yml)."""
    file, seen = "not_covered.yml", set()
    if not (r.root / file).exists():
        return
    for pos, item in enumerate(r.read(file).get("subjects") or []):
        sid = item.get("id") if isinstance(item, dict) else None
        if not sid or not ID_PATTERN.match(str(sid)) or sid in seen:
            r.fail(file, sid or f"#{pos + 1}", "subject ids must be unique lower-case identifiers")
            continue
        seen.add(sid)
        subject = r.check(Subject, item, file, sid)
        if subject:
            words = {f"keywords_{lang}": subject.keywords[lang] for lang in ("zh", "en")}
            bundle.not_covered.append(flat(subject, exclude=("keywords",), id=sid, position=pos, **words))


def _pension_rules(r, bundle, known):
    """The calculators' national tables are part of the knowledge base: validated and built like the rest."""
    from knowledge.rules_loader import load_rules

    if not (r.root / "pension_rules.yml").exists():
        return  # a knowledge base without calculators (e.g. a test fixture)
    data = r.read("pension_rules.yml")
    if data:
        rules = load_rules(data)
        r.problems.extend(rules.problems)
        bundle.rule_sections, bundle.rule_rows = rules.sections, rules.rows
