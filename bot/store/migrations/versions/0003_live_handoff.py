"""Live hand-off: request states, the messages of a hand-off, call-back requests.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Requests stored before the live hand-off were records for staff to read: they are closed.
    with op.batch_alter_table("app_handoff_requests") as table:
        table.add_column(sa.Column("state", sa.String(16), nullable=False, server_default="closed"))
        table.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="zh"))
        table.add_column(sa.Column("staffed", sa.Boolean, nullable=False, server_default=sa.false()))
        table.add_column(sa.Column("taken_by", sa.String(64)))
        table.add_column(sa.Column("taken_at", sa.DateTime))
        table.add_column(sa.Column("closed_by", sa.String(64)))
        table.add_column(sa.Column("closed_at", sa.DateTime))
        table.add_column(sa.Column("close_reason", sa.String(32)))
        table.add_column(sa.Column("last_activity_at", sa.DateTime, nullable=False,
                                   server_default=sa.text("CURRENT_TIMESTAMP")))
        table.create_index("ix_app_handoff_requests_state", ["state"])
    op.execute("UPDATE app_handoff_requests SET close_reason = 'recorded', closed_at = created_at")
    op.create_table(
        "app_handoff_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("handoff_id", sa.Integer, sa.ForeignKey("app_handoff_requests.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("conversation_id", sa.String(128), nullable=False, index=True),
        sa.Column("author", sa.String(16), nullable=False),
        sa.Column("staff_name", sa.String(64)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
        sa.Column("delivery", sa.String(16), nullable=False),
        sa.Column("delivered_at", sa.DateTime),
    )
    op.create_table(
        "app_callback_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("handoff_id", sa.Integer, sa.ForeignKey("app_handoff_requests.id", ondelete="SET NULL"),
                  index=True),
        sa.Column("conversation_id", sa.String(128), nullable=False, index=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("phone_encrypted", sa.Text, nullable=False),
        sa.Column("phone_last4", sa.String(4), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("consent", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
        sa.Column("handled_by", sa.String(64)),
        sa.Column("handled_at", sa.DateTime),
    )


def downgrade() -> None:
    op.drop_table("app_callback_requests")
    op.drop_table("app_handoff_messages")
    with op.batch_alter_table("app_handoff_requests") as table:
        table.drop_index("ix_app_handoff_requests_state")
        for column in ("last_activity_at", "close_reason", "closed_at", "closed_by", "taken_at", "taken_by",
                       "staffed", "language", "state"):
            table.drop_column(column)
