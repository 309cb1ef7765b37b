"""Rasa's SQL tracker store with personal data masked before anything is written.

    tracker_store:
      type: bot.store.tracker_store.MaskingSQLTrackerStore
      url: ${TRACKER_DATABASE_URL}        # postgresql://user:pass@host:5432/db  (production)
      # or: dialect: sqlite / db: build/tracker.db                         (make run)

The unmasked text of the current turn lives only in memory (NLU and the actions see it); what
is stored is the masked copy: user text, entity values, parse data, metadata, slot values and
bot text pass through bot.privacy.mask_text. A conversation ID that is itself personal data (a
phone number used as sender) is replaced by its masked form when the message arrives
(bot.runtime.resilience), so it is stored only masked; and it cannot be looked up in raw form: a read
with such an ID finds nothing (Rasa's HTTP API refuses it first, bot.runtime.api_guard). The event
broker, if one is configured, gets the same masked copy.

Production differences from Rasa's SQLTrackerStore:
- connections are checked before use (pool_pre_ping) and PostgreSQL connects time out after
  a few seconds, so a restarted database is picked up again without restarting Rasa;
- `fail_fast` (default on): bot.runtime.resilience unwraps Rasa's FailSafeTrackerStore for this store,
  so an unreachable database fails the turn (the user gets a polite "please try again / 12333")
  instead of Rasa silently continuing on an empty per-instance in-memory tracker, which would
  lose turns and split a conversation between instances.
"""

import json
import logging
from typing import Callable, List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.privacy import is_personal_id, mask_value, storage_key
from bot.store.db import private_sqlite

logger = logging.getLogger(__name__)

# Top-level event fields that are structure, not content: kept as they are. Everything else
# (text, metadata and its keys, slot values, bot data, the client-chosen input_channel, …) is
# masked, at any depth.
EVENT_STRUCTURE = frozenset(
    {
        "event",
        "name",
        "policy",
        "timestamp",
        "message_id",
        "confidence",
        "action_text",
        "hide_rule_turn",
        "use_text_for_featurization",
    }
)
ENTITY_STRUCTURE = frozenset(
    {
        "entity",
        "start",
        "end",
        "extractor",
        "role",
        "group",
        "confidence_entity",
        "confidence_role",
        "confidence_group",
        "processors",
    }
)

# Called after every successful save with (tracker, new event dicts); bot.channels.ops counts
# turns and fallbacks this way. Hooks must not raise; errors are logged and ignored.
SAVE_HOOKS: List[Callable] = []


def _mask_parse_data(parse_data: dict) -> dict:
    masked = {}
    for key, value in parse_data.items():
        if key in ("intent", "intent_ranking"):  # intent names and confidences
            masked[key] = value
        elif key == "entities" and isinstance(value, list):
            masked[key] = [
                {k: (v if k in ENTITY_STRUCTURE else mask_value(v)) for k, v in entity.items()}
                if isinstance(entity, dict)
                else mask_value(entity)
                for entity in value
            ]
        else:
            masked[key] = mask_value(value)
    return masked


def mask_event(data: dict) -> dict:
    """The stored form of one serialised event."""
    masked = {}
    for key, value in data.items():
        if key in EVENT_STRUCTURE and not isinstance(value, (dict, list)):
            masked[key] = value if key != "action_text" else mask_value(value)
        elif key == "parse_data" and isinstance(value, dict):
            masked[key] = _mask_parse_data(value)
        elif key == "entities" and isinstance(value, list):
            masked[key] = _mask_parse_data({"entities": value})["entities"]
        else:
            masked[key] = mask_value(value)
    return masked


def _sqlite_wal(connection, _record) -> None:
    """SQLite (make run): write-ahead log and one sync per checkpoint instead of one per commit.
    A commit (one per turn) cost about 30 ms of fsync; readers (the staff console) no longer
    block the writer. A power cut can lose the last turns, never corrupt the file."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class MaskingSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        domain=None,
        dialect: Text = "sqlite",
        host: Optional[Text] = None,
        port: Optional[int] = None,
        db: Text = "rasa.db",
        username: Text = None,
        password: Text = None,
        event_broker=None,
        login_db: Optional[Text] = None,
        query: Optional[dict] = None,
        fail_fast: bool = True,
        connect_timeout: int = 5,
        **kwargs,
    ) -> None:
        super().__init__(
            domain=domain,
            dialect=dialect,
            host=host,
            port=port,
            db=db,
            username=username,
            password=password,
            event_broker=event_broker,
            login_db=login_db,
            query=query,
            **kwargs,
        )
        self.fail_fast = str(fail_fast).lower() not in ("false", "0", "no")
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database:
            private_sqlite(f"sqlite:///{url.database}")  # conversations: this user only
        options = create_engine_kwargs(url)
        if url.get_backend_name() == "postgresql":
            options.setdefault("connect_args", {})["connect_timeout"] = int(connect_timeout)
        if url.get_backend_name() != "sqlite":
            options["pool_pre_ping"] = True
        else:  # keep connections open: SQLAlchemy's default for a SQLite file opens one per session,
            # and closing the last one checkpoints the write-ahead log (about 15 ms a turn)
            options["poolclass"] = sa.pool.QueuePool
            options.setdefault("connect_args", {})["check_same_thread"] = False
        self.engine.dispose()
        self.engine = sa.create_engine(url, **options)
        if url.get_backend_name() == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_wal)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    # --- where a conversation is stored -----------------------------------------------------
    def _event_query(self, session, sender_id: Text, fetch_events_from_all_sessions: bool):
        # a raw personal ID is never a key: it matches nothing (stored rows carry the masked form)
        key = "\x00unknown" if is_personal_id(sender_id) else storage_key(sender_id)  # bounded length
        return super()._event_query(session, key, fetch_events_from_all_sessions)

    def has_conversation(self, sender_id: Text) -> bool:
        """Whether anything is stored for this (masked) conversation ID; cheap (one row)."""
        with self.session_scope() as session:
            return (
                session.query(self.SQLEvent.id)
                .filter(self.SQLEvent.sender_id == storage_key(sender_id))
                .limit(1)
                .first()
                is not None
            )

    async def save(self, tracker) -> None:
        """Rasa's save, writing the masked copy of each new event."""
        await self.stream_events(tracker)
        key = storage_key(tracker.sender_id)
        stored = []
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = mask_event(event.as_dict())
                session.add(
                    self.SQLEvent(
                        sender_id=key,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
                stored.append(data)
            session.commit()
        for hook in SAVE_HOOKS:
            try:
                hook(tracker, stored)
            except Exception:  # metrics must never break a conversation
                logger.exception("tracker save hook failed")

    async def _stream_new_events(self, event_broker, new_events, sender_id: Text) -> None:
        for event in new_events:
            body = {"sender_id": storage_key(sender_id)}
            body.update(mask_event(event.as_dict()))
            event_broker.publish(body)

    # --- readiness ---------------------------------------------------------------------------
    def ping(self) -> None:
        """Raises when the database cannot be reached (blocking; run it in an executor)."""
        with self.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
