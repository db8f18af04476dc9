"""roster: offboarding (person.left_on), the roster change history, and leave periods

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
    op.create_table(
        "roster_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("actor_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("change", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("roster_change", schema=None) as batch_op:
        batch_op.create_index("ix_roster_change_team", ["team_id", "at"], unique=False)
    op.create_table(
        "leave_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("rep_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("recorded_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("leave_period", schema=None) as batch_op:
        batch_op.create_index("ix_leave_period_rep", ["team_id", "rep_id", "first_day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("leave_period", schema=None) as batch_op:
        batch_op.drop_index("ix_leave_period_rep")
    op.drop_table("leave_period")
    with op.batch_alter_table("roster_change", schema=None) as batch_op:
        batch_op.drop_index("ix_roster_change_team")
    op.drop_table("roster_change")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("left_on")
