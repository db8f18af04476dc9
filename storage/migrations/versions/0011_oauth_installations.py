"""workspace disabled_at, slack installations and oauth states

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oauth_state",
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("state"),
    )
    with op.batch_alter_table("oauth_state", schema=None) as batch_op:
        batch_op.create_index("ix_oauth_state_expires", ["expires_at"], unique=False)

    op.create_table(
        "slack_installation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("has_bot", sa.Boolean(), nullable=False),
        sa.Column("bot_token_expires_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("installed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("slack_installation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_slack_installation_team", ["enterprise_id", "team_id", "installed_at"], unique=False
        )

    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disabled_at", storage.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.drop_column("disabled_at")

    with op.batch_alter_table("slack_installation", schema=None) as batch_op:
        batch_op.drop_index("ix_slack_installation_team")

    op.drop_table("slack_installation")
    with op.batch_alter_table("oauth_state", schema=None) as batch_op:
        batch_op.drop_index("ix_oauth_state_expires")

    op.drop_table("oauth_state")
