"""Compile knowledge/sources into the database: validate everything, then swap in atomically.

    python -m knowledge.build            # build the database named by KB_DATABASE_URL
    python -m knowledge.build --check    # validate only

SQLite: the new database is written to a temporary file and renamed over the old one, so readers
never see a half-built file. Other databases (PostgreSQL): tables are dropped, recreated and
filled in one transaction, which PostgreSQL rolls back as a whole on any error.
"""

import argparse
import datetime as dt
import hashlib
import os
import sys
import tempfile
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from knowledge import divisions, schema
from knowledge.db import database_url, engine_for
from knowledge.freshness import Report, report
from knowledge.loader import SOURCES_DIR, ValidationError, load
from knowledge.search import create_search_index


def content_hash(root: Path = SOURCES_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _fill(session: Session, bundle, root: Path) -> None:
    session.add_all(schema.Source(**s) for s in bundle.sources.values())
    session.flush()
    session.add_all(schema.NotCovered(**n) for n in bundle.not_covered)
    session.add_all(schema.Law(**law) for law in bundle.laws)
    session.flush()
    session.add_all(schema.Article(**a) for a in bundle.articles)
    session.add_all(schema.FactKind(**k) for k in bundle.fact_kinds)
    for region in sorted(bundle.regions, key=lambda r: r["parent_id"] is not None):
        session.add(schema.Region(**region))
        session.flush()
    session.add_all(schema.RegionAlias(alias=a, region_id=r) for a, r in bundle.aliases.items())
    session.flush()
    session.add_all(schema.RegionFact(**f) for f in bundle.facts)
    divisions.fill(session, bundle)  # every division, from the official codes (knowledge/divisions.py)
    session.add_all(schema.Vocabulary(**v) for v in bundle.vocabulary)
    session.add_all(schema.Document(**d) for d in bundle.documents)
    session.add_all(schema.Topic(**t) for t in bundle.topics)
    session.flush()
    for answer in bundle.answers:
        fields = {k: v for k, v in answer.items() if k not in ("steps", "documents", "cites")}
        session.add(schema.Answer(**fields))
        session.flush()
        session.add_all(
            schema.AnswerStep(answer_id=answer["id"], position=i, text_zh=zh, text_en=en)
            for i, (zh, en) in enumerate(answer["steps"])
        )
        session.add_all(
            schema.AnswerDocument(answer_id=answer["id"], document_id=d, position=i)
            for i, d in enumerate(answer["documents"])
        )
        session.add_all(
            schema.AnswerCitation(answer_id=answer["id"], position=i, **cite) for i, cite in enumerate(answer["cites"])
        )
    session.add_all(schema.RuleSection(**r) for r in bundle.rule_sections)
    session.flush()
    session.add_all(schema.RuleRow(**r) for r in bundle.rule_rows)
    session.add_all(
        [
            schema.Meta(key="content_hash", value=content_hash(root)),
            schema.Meta(key="built_at", value=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
        ]
    )
    session.flush()
    create_search_index(session)  # the staff console's full-text index (knowledge/search/)


def build(url: str = None, root: Path = SOURCES_DIR, today: dt.date = None) -> dict:
    """Build the database at url (default: KB_DATABASE_URL); returns row counts."""
    return build_with_report(url, root, today)[0]


def freshness(bundle, today: dt.date) -> Report:
    """The freshness report; a national fact past its end date stops the build."""
    kinds = {k["key"]: k["kind"] for k in bundle.fact_kinds}
    found = report(bundle.facts, kinds, bundle.regions, today)
    if found.national_lapsed:
        raise ValidationError(
            [
                f"regions.yml: regions.national {f['key']}: past its end date {f['valid_until']} "
                "(replace it with the figure in force, or remove it)"
                for f in found.national_lapsed
            ]
        )
    return found


def build_with_report(url: str = None, root: Path = SOURCES_DIR, today: dt.date = None) -> tuple:
    """Build as build() does; returns (row counts, freshness Report)."""
    url = url or database_url()
    bundle = load(root)  # raises ValidationError before anything is written
    fresh = freshness(bundle, today or dt.date.today())
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _build_sqlite(parsed.database, bundle, root)
    else:
        engine = engine_for(url)
        with engine.begin() as connection:
            schema.Base.metadata.drop_all(connection)
            schema.Base.metadata.create_all(connection)
            with Session(bind=connection, future=True) as session:
                _fill(session, bundle, root)
    counts = {
        "sources": len(bundle.sources),
        "articles": len(bundle.articles),
        "regions": len(bundle.regions),
        "places": len(divisions.places()),
        "facts": len(bundle.facts),
        "topics": len(bundle.topics),
        "answers": len(bundle.answers),
        "documents": len(bundle.documents),
    }
    return counts, fresh


def _build_sqlite(path: str, bundle, root: Path) -> None:
    target = Path(path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".knowledge-", suffix=".db", dir=target.parent)
    os.close(fd)
    try:
        engine = create_engine(f"sqlite:///{tmp}", future=True)
        schema.Base.metadata.create_all(engine)
        with Session(engine, future=True) as session, session.begin():
            _fill(session, bundle, root)
        engine.dispose()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate the sources only")
    parser.add_argument("--url", help="database URL (default: KB_DATABASE_URL or build/knowledge.db)")
    args = parser.parse_args(argv)
    try:
        if args.check:
            load()
            print("knowledge sources: OK")
            return 0
        counts, fresh = build_with_report(args.url)
    except ValidationError as exc:
        print(f"knowledge build failed: {len(exc.problems)} problem(s)", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("knowledge base built: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    print("\n".join(fresh.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
