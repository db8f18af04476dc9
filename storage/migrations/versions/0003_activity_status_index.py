"""an index that covers ramp status's aggregate queries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_activity_rep_metric", "activity", ["team_id", "rep_id", "metric", "week_start", "value"]
    )


def downgrade() -> None:
    op.drop_index("ix_activity_rep_metric", table_name="activity")
