"""outreach touches, connector state, and people's emails

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outreach_touch",
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("touch_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("rep_id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("template", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("thread", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("imported_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        sa.PrimaryKeyConstraint("team_id", "touch_key"),
    )
    with op.batch_alter_table("outreach_touch", schema=None) as batch_op:
        batch_op.create_index("ix_outreach_touch_rep", ["team_id", "rep_id", "sent_at"], unique=False)
        batch_op.create_index("ix_outreach_touch_sent", ["team_id", "sent_at"], unique=False)
        batch_op.create_index("ix_outreach_touch_thread", ["team_id", "thread"], unique=False)

    op.create_table(
        "connector_state",
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("connector", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("cursor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("last_seen_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        sa.PrimaryKeyConstraint("team_id", "connector"),
    )

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("email")

    op.drop_table("connector_state")
    with op.batch_alter_table("outreach_touch", schema=None) as batch_op:
        batch_op.drop_index("ix_outreach_touch_thread")
        batch_op.drop_index("ix_outreach_touch_sent")
        batch_op.drop_index("ix_outreach_touch_rep")
    op.drop_table("outreach_touch")
