"""touch body tags: the approach tags derived from a body, kept when the body itself is dropped

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outreach_touch", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("body_tags", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("outreach_touch", schema=None) as batch_op:
        batch_op.drop_column("body_tags")
