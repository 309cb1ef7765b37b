"""Tables of the staff console's sign-in state: server-side sessions and login attempts.

Declared on the project's Base (bot.store.models) and created by migration 0002; the accounts
themselves are app_staff_accounts (migration 0001).
"""

from sqlalchemy import Boolean, Column, DateTime, Integer, String

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


class LoginAttempt(Base):
    """A sign-in attempt, kept for rate limiting failed logins across processes."""

    __tablename__ = "app_staff_login_attempts"
    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, index=True)
    client = Column(String(64), nullable=False, index=True)
    success = Column(Boolean, nullable=False)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
