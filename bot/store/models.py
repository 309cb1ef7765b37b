"""Tables of the project's own data. Change them only together with a new migration."""
import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Text
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
    __tablename__ = "app_handoff_requests"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    topic = Column(String(64))
    note = Column(Text)  # masked before storing
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)


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
