"""plan periods: the plans a rep was on before a replan, and the day a kept-day replan took over

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counted_from", sa.Date(), nullable=True))
    op.create_table(
        "plan_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("rep_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("plan_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("counted_from", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("ended_by", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("ended_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_period", schema=None) as batch_op:
        batch_op.create_index("ix_plan_period_rep", ["team_id", "rep_id", "last_day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_period", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_period_rep")
    op.drop_table("plan_period")
    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.drop_column("counted_from")
