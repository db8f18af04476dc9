"""admin actions: the audit trail of what admins do to others' data

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "admin_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("actor_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("subject_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("admin_action", schema=None) as batch_op:
        batch_op.create_index("ix_admin_action_team", ["team_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("admin_action", schema=None) as batch_op:
        batch_op.drop_index("ix_admin_action_team")

    op.drop_table("admin_action")
