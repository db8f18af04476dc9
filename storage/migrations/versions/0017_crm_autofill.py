"""CRM auto-fill: records read from the CRM and the weekly values they propose

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0017"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "crm_record",
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("connector", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("owner_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("occurred_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("properties", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        sa.PrimaryKeyConstraint("team_id", "connector", "kind", "record_id"),
    )
    with op.batch_alter_table("crm_record", schema=None) as batch_op:
        batch_op.create_index(
            "ix_crm_record_owner", ["team_id", "connector", "owner_id", "occurred_at"], unique=False
        )
    op.create_table(
        "crm_proposal",
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("rep_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("metric", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("connector", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("synced_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("changed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id", "rep_id"], ["person.team_id", "person.slack_id"]),
        sa.PrimaryKeyConstraint("team_id", "rep_id", "week_start", "metric"),
    )


def downgrade() -> None:
    op.drop_table("crm_proposal")
    with op.batch_alter_table("crm_record", schema=None) as batch_op:
        batch_op.drop_index("ix_crm_record_owner")
    op.drop_table("crm_record")
