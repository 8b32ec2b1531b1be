"""Access and consistency: invite codes, reports' indexed mark, reminders' delivery mark.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("organ_id", sa.Integer(), nullable=False),
        sa.Column("created_by_chat", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_by_chat", sa.BigInteger(), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organ_id"], ["organs.id"], name=op.f("fk_invites_organ_id_organs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invites_code_hash")),
    )
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("reminders_sent") as batch:
        batch.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="1"))
    # reminders claimed before this revision were sent in the same step
    op.execute("UPDATE reminders_sent SET delivered_at = sent_at")


def downgrade() -> None:
    with op.batch_alter_table("reminders_sent") as batch:
        batch.drop_column("attempts")
        batch.drop_column("delivered_at")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("indexed_at")
    op.drop_table("invites")
