"""nudge insights and feedback

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "nudge_feedback",
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("rep_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("week", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("better", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("worse", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("reaction", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspace.team_id"],
        ),
        sa.PrimaryKeyConstraint("team_id", "rep_id", "week", "kind", "stage", "better", "worse"),
    )
    with op.batch_alter_table("nudge_feedback", schema=None) as batch_op:
        batch_op.create_index("ix_nudge_feedback_reaction", ["team_id", "rep_id", "reaction"], unique=False)

    op.create_table(
        "nudge_insight",
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("rep_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("week", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("better", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("worse", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("rendered_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspace.team_id"],
        ),
        sa.PrimaryKeyConstraint("team_id", "rep_id", "week", "kind", "stage", "better", "worse"),
    )


def downgrade() -> None:
    op.drop_table("nudge_insight")
    with op.batch_alter_table("nudge_feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_nudge_feedback_reaction")

    op.drop_table("nudge_feedback")
