"""Per-chat rate limits in the database, shared by every bot process.

Several webhook workers behind one proxy each kept their own token buckets in memory, so a
chat got the documented limit once per worker, and anew after a restart.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_buckets",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("stamp", sa.Float(), nullable=False),
        sa.Column("warned", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_rate_buckets")),
    )
    op.create_index(op.f("ix_rate_buckets_stamp"), "rate_buckets", ["stamp"])


def downgrade() -> None:
    op.drop_index(op.f("ix_rate_buckets_stamp"), table_name="rate_buckets")
    op.drop_table("rate_buckets")
