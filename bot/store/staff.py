"""Tables of the staff console's sign-in state: server-side sessions, sign-in counters and the
audit of lock-outs.

Declared on the project's Base (bot.store.models) and created by migrations 0002 and
0004_login_counters; the accounts themselves are app_staff_accounts (migration 0001).
"""

from sqlalchemy import Column, DateTime, Integer, String, Text

from bot.store.models import Base, utcnow


class StaffSession(Base):
    """One signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "app_staff_sessions"
    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    username = Column(String(64), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_seen_at = Column(DateTime, nullable=False, default=utcnow)
    expires_at = Column(DateTime, nullable=False, index=True)


class LoginCounter(Base):
    """Failed sign-ins within a window for one key: an account and address together
    ("pair:NAME|ADDRESS"), an account ("account:NAME") or an address ("client:ADDRESS"). An attempt
    is counted *before* its password is checked, in one transaction with the check of
    `next_allowed_at`, so parallel attempts cannot all slip under the limit."""

    __tablename__ = "app_staff_login_counters"
    key = Column(String(160), primary_key=True)
    failures = Column(Integer, nullable=False, default=0)
    window_started_at = Column(DateTime, nullable=False, default=utcnow)
    next_allowed_at = Column(DateTime)  # no attempt on this key before then (a lock or a delay)


class StaffAudit(Base):
    """Security events of the console (a lock-out, an account or address slowed down)."""

    __tablename__ = "app_staff_audit"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    event = Column(String(32), nullable=False)
    username = Column(String(64))
    client = Column(String(64))
    detail = Column(Text)
