"""weekly experiments: the arm suggested to each rep each week, its share and its outcome

Revision ID: 0024
Revises: 0017
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0024"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "experiment",
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("rep_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("week", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("arm", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("best", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("suggested_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tried_touches", sa.Integer(), nullable=True),
        sa.Column("tried_responses", sa.Integer(), nullable=True),
        sa.Column("other_touches", sa.Integer(), nullable=True),
        sa.Column("other_responses", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        sa.PrimaryKeyConstraint("team_id", "rep_id", "week"),
    )


def downgrade() -> None:
    op.drop_table("experiment")
