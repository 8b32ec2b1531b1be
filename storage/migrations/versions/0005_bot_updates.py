"""Bot updates claimed by a worker: each update is answered once by several webhook workers.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_updates",
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("bot_id", "update_id", name=op.f("pk_bot_updates")),
    )
    op.create_index(op.f("ix_bot_updates_claimed_at"), "bot_updates", ["claimed_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_bot_updates_claimed_at"), table_name="bot_updates")
    op.drop_table("bot_updates")
