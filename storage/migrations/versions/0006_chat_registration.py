"""The number of each chat's current registration request.

``chats.registration`` is raised whenever a chat asks for another organ or role, and
``/approve 会话ID 申请号`` approves only that request: a chat that re-registers between the
supervisor's look and the approval is no longer approved for an organ the supervisor never saw.
Chats registered before this revision get request 1 (those without an organ keep 0).

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("chats") as batch:
        batch.add_column(
            sa.Column("registration", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute("UPDATE chats SET registration = 1 WHERE organ_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("registration")
