"""Staff sign-in: atomic counters per account+address, account and address, and an audit table
(replacing the per-attempt rows of 0002, which parallel attempts could race past).

Revision ID: 0004_login_counters
Revises: 0003
Create Date: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_login_counters"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_staff_login_counters",
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("window_started_at", sa.DateTime, nullable=False),
        sa.Column("next_allowed_at", sa.DateTime),
    )
    op.create_table(
        "app_staff_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("username", sa.String(64)),
        sa.Column("client", sa.String(64)),
        sa.Column("detail", sa.Text),
    )
    op.drop_table("app_staff_login_attempts")


def downgrade() -> None:
    op.create_table(
        "app_staff_login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, index=True),
        sa.Column("client", sa.String(64), nullable=False, index=True),
        sa.Column("success", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
    )
    op.drop_table("app_staff_audit")
    op.drop_table("app_staff_login_counters")
