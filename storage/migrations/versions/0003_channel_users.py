"""Channel users (WeCom members, group robots) and the channel messages they sent.

channel_users maps a WeCom user id (or a region's group robot) to an integer chat id;
channel_messages holds the ids of messages received, each claimed once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("user_key", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_users")),
        sa.UniqueConstraint("channel", "user_key", name=op.f("uq_channel_users_channel_user_key")),
    )
    op.create_table(
        "channel_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("message_key", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_messages")),
        sa.UniqueConstraint(
            "channel", "message_key", name=op.f("uq_channel_messages_channel_message_key")
        ),
    )
    op.create_index(
        op.f("ix_channel_messages_received_at"), "channel_messages", ["received_at"]
    )


def downgrade() -> None:
    op.drop_table("channel_messages")
    op.drop_table("channel_users")
