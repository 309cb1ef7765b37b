"""Delete conversations and the project's conversation-linked rows after the retention period.

    python -m bot.store.retention --days 180          # RETENTION_DAYS is the default for --days
    python -m bot.store.retention --days 180 --dry-run
    python -m bot.store.retention --callback-days 14  # CALLBACK_RETENTION_DAYS is the default

A conversation is deleted whole once its *last* event is older than the period (so an ongoing
conversation is never cut in half). In the project database, feedback, hand-off requests and
review marks older than the period are deleted too, as are rows of any other app_* table that
is tied to a conversation (a conversation_id column) and dated (created_at). Staff accounts are
kept. Call-back requests (a phone number left for a call back, encrypted) go much sooner: after
CALLBACK_RETENTION_DAYS (default 14; the staff console also drops expired ones whenever it lists
them). Run it daily (cron / systemd timer, see docs/deploy.md); it is safe to run while the
assistant serves.

Where: the tracker store is TRACKER_DATABASE_URL, else the `tracker_store` of the endpoints file
(--endpoints, default endpoints.yml: `make run`'s SQLite file); the project database is
APP_DATABASE_URL (default build/app.db).
"""

import argparse
import datetime as dt
import os
import sys
import time
from typing import Dict, Optional

import sqlalchemy as sa

import settings
from bot.store.db import database_url as app_database_url

# Table -> its date column, for the tables this project defines (bot/store/models.py).
DATED_TABLES = {"app_feedback": "created_at", "app_handoff_requests": "created_at", "app_review_marks": "handled_at"}
KEPT_TABLES = {"app_staff_accounts", "alembic_version"}


def tracker_database_url(endpoints: str = None) -> Optional[str]:
    if settings.get().tracker_database_url:
        return settings.get().tracker_database_url
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    path = endpoints or str(settings.PROJECT_ROOT / "endpoints.yml")
    config = read_endpoint_config(path, "tracker_store")
    if config is None:
        return None
    kwargs = dict(config.kwargs)
    if config.url and "://" in config.url:
        return config.url
    dialect = kwargs.get("dialect", "sqlite")
    db = kwargs.get("db", "rasa.db")
    if dialect == "sqlite" and not os.path.isabs(db):
        db = str(settings.PROJECT_ROOT / db)
    url = SQLTrackerStore.get_db_url(
        dialect,
        config.url,
        kwargs.get("port"),
        db,
        kwargs.get("username"),
        kwargs.get("password"),
        kwargs.get("login_db"),
        kwargs.get("query"),
    )
    return url.render_as_string(hide_password=False) if hasattr(url, "render_as_string") else str(url)


def purge_conversations(url: str, cutoff: float, dry_run: bool = False) -> int:
    """Delete every conversation whose newest event is older than `cutoff` (Unix time)."""
    engine = sa.create_engine(url, future=True)
    try:
        if not sa.inspect(engine).has_table("events"):
            return 0
        stale = sa.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff")
        with engine.begin() as connection:
            senders = [row[0] for row in connection.execute(stale, {"cutoff": cutoff})]
            if not dry_run:
                for start in range(0, len(senders), 500):
                    chunk = senders[start : start + 500]
                    connection.execute(
                        sa.text("DELETE FROM events WHERE sender_id IN :ids").bindparams(
                            sa.bindparam("ids", expanding=True)
                        ),
                        {"ids": chunk},
                    )
        return len(senders)
    finally:
        engine.dispose()


def purge_app_rows(url: str, cutoff: dt.datetime, dry_run: bool = False) -> Dict[str, int]:
    engine = sa.create_engine(url, future=True)
    counts = {}
    try:
        inspector = sa.inspect(engine)
        tables = {}
        for name in inspector.get_table_names():
            if not name.startswith("app_") or name in KEPT_TABLES:
                continue
            columns = {c["name"] for c in inspector.get_columns(name)}
            if name in DATED_TABLES and DATED_TABLES[name] in columns:
                tables[name] = DATED_TABLES[name]
            elif "conversation_id" in columns and "created_at" in columns:
                tables[name] = "created_at"
        with engine.begin() as connection:
            for name, column in sorted(tables.items()):
                where = f'FROM "{name}" WHERE "{column}" < :cutoff'
                counts[name] = connection.execute(sa.text(f"SELECT count(*) {where}"), {"cutoff": cutoff}).scalar()
                if not dry_run and counts[name]:
                    connection.execute(sa.text(f"DELETE {where}"), {"cutoff": cutoff})
        return counts
    finally:
        engine.dispose()


def run(
    days: int,
    tracker_url: Optional[str],
    app_url: Optional[str],
    dry_run: bool = False,
    now: float = None,
    callback_days: int = None,
) -> dict:
    from bot.store.handoff import callback_days as default_callback_days
    from bot.store.handoff import purge_callbacks

    now = time.time() if now is None else now
    cutoff_ts = now - days * 86400
    cutoff_dt = dt.datetime.fromtimestamp(cutoff_ts, dt.timezone.utc).replace(tzinfo=None)
    report = {"days": days, "cutoff": cutoff_dt.isoformat(timespec="seconds") + "Z", "dry_run": dry_run}
    if tracker_url:
        report["conversations"] = purge_conversations(tracker_url, cutoff_ts, dry_run)
    if app_url:
        moment = dt.datetime.fromtimestamp(now, dt.timezone.utc).replace(tzinfo=None)
        report["callbacks"] = purge_callbacks(callback_days or default_callback_days(), moment, app_url, dry_run)
        report["app_rows"] = purge_app_rows(app_url, cutoff_dt, dry_run)
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--days",
        type=int,
        default=settings.get().retention_days,
        help="retention period in days (default: RETENTION_DAYS or 180)",
    )
    parser.add_argument("--endpoints", help="endpoints file naming the tracker store (default endpoints.yml)")
    parser.add_argument(
        "--callback-days",
        type=int,
        default=None,
        help="keep call-back numbers this many days (default: CALLBACK_RETENTION_DAYS or 14)",
    )
    parser.add_argument("--dry-run", action="store_true", help="count, do not delete")
    args = parser.parse_args(argv)
    if args.days < 1 or (args.callback_days is not None and args.callback_days < 1):
        parser.error("--days and --callback-days must be at least 1")
    report = run(
        args.days,
        tracker_database_url(args.endpoints),
        app_database_url(),
        args.dry_run,
        callback_days=args.callback_days,
    )
    verb = "would delete" if args.dry_run else "deleted"
    print(
        f"retention {args.days} days (before {report['cutoff']}): {verb} "
        f"{report.get('conversations', 0)} conversation(s), {report.get('callbacks', 0)} call-back number(s); "
        "project rows: " + (", ".join(f"{k} {v}" for k, v in report.get("app_rows", {}).items()) or "none")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
