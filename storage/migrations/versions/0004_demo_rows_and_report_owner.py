"""Demo rows and the report's owner in its key.

Samples shipped with xxgk and the console session are marked ``demo``, so supervisors'
views and reminders leave them out. A stored report is the same one only for the same file,
organ and status: a copy of another organ's file kept as a clerk's draft no longer blocks
importing that file as the other organ's published report.

Revision ID: 0004
Revises: 0005
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organs") as batch:
        batch.add_column(sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("chats") as batch:
        batch.add_column(sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("reports") as batch:
        batch.drop_constraint(op.f("uq_reports_content_hash"), type_="unique")
        batch.create_unique_constraint(
            op.f("uq_reports_content_hash_organ_id_status"),
            ["content_hash", "organ_id", "status"],
        )
        batch.create_index(op.f("ix_reports_content_hash"), ["content_hash"])


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_index(op.f("ix_reports_content_hash"))
        batch.drop_constraint(op.f("uq_reports_content_hash_organ_id_status"), type_="unique")
        batch.create_unique_constraint(op.f("uq_reports_content_hash"), ["content_hash"])
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("demo")
    with op.batch_alter_table("organs") as batch:
        batch.drop_column("demo")
