"""Tables of the project's own data. Change them only together with a new migration."""

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Feedback(Base):
    __tablename__ = "app_feedback"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    topic = Column(String(64))
    helpful = Column(Boolean, nullable=False)
    comment = Column(Text)  # masked before storing
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)


class HandoffRequest(Base):
    """A citizen's request for a person: waiting in the staff queue, taken by one staff member
    (active), or closed (handed back, cancelled by the citizen, or recorded before live hand-off)."""

    __tablename__ = "app_handoff_requests"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    topic = Column(String(64))
    note = Column(Text)  # masked before storing
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    state = Column(String(16), nullable=False, default="waiting", index=True)  # waiting | active | closed
    language = Column(String(8), nullable=False, default="zh")
    staffed = Column(Boolean, nullable=False, default=True)  # asked while someone was on duty
    taken_by = Column(String(64))
    taken_at = Column(DateTime)
    closed_by = Column(String(64))
    closed_at = Column(DateTime)
    close_reason = Column(String(32))  # handed_back | cancelled | recorded
    last_activity_at = Column(DateTime, nullable=False, default=utcnow)


class HandoffMessage(Base):
    """One message of a live hand-off: the citizen's (relayed instead of answered), a staff reply,
    or a notice (taken, handed back). Masked before storing."""

    __tablename__ = "app_handoff_messages"
    id = Column(Integer, primary_key=True)
    handoff_id = Column(Integer, ForeignKey("app_handoff_requests.id", ondelete="CASCADE"), nullable=False, index=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    author = Column(String(16), nullable=False)  # citizen | staff | notice
    staff_name = Column(String(64))
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    delivery = Column(String(16), nullable=False, default="pending")  # pending | delivered | failed | received
    delivered_at = Column(DateTime)


class CallbackRequest(Base):
    """A phone number left for a call back, with the citizen's explicit consent. The number is
    encrypted (bot.store.secrets); only its last four digits are kept in the clear. Deleted after
    CALLBACK_RETENTION_DAYS (bot.store.retention)."""

    __tablename__ = "app_callback_requests"
    id = Column(Integer, primary_key=True)
    handoff_id = Column(Integer, ForeignKey("app_handoff_requests.id", ondelete="SET NULL"), index=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    language = Column(String(8), nullable=False, default="zh")
    phone_encrypted = Column(Text, nullable=False)
    phone_last4 = Column(String(4), nullable=False)
    note = Column(Text)  # masked before storing
    consent = Column(Text, nullable=False)  # the consent sentence the citizen agreed to, as shown
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    handled_by = Column(String(64))
    handled_at = Column(DateTime)


class StaffAccount(Base):
    __tablename__ = "app_staff_accounts"
    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    display_name = Column(String(128), nullable=False)
    password_hash = Column(String(256), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class ReviewMark(Base):
    """A staff member's 'handled' mark on a conversation that needed a human look."""

    __tablename__ = "app_review_marks"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    reason = Column(String(32), nullable=False)
    handled_by = Column(String(64), nullable=False)
    handled_at = Column(DateTime, nullable=False, default=utcnow)
    note = Column(Text)
