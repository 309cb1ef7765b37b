"""Staff console: server-side sessions and login attempts (rate limiting).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_staff_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("username", sa.String(64), nullable=False, index=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False, index=True),
    )
    op.create_table(
        "app_staff_login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, index=True),
        sa.Column("client", sa.String(64), nullable=False, index=True),
        sa.Column("success", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
    )
    op.create_index("ix_app_review_marks_conversation_reason", "app_review_marks", ["conversation_id", "reason"])


def downgrade() -> None:
    op.drop_index("ix_app_review_marks_conversation_reason", table_name="app_review_marks")
    op.drop_table("app_staff_login_attempts")
    op.drop_table("app_staff_sessions")
