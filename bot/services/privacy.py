"""Forgetting a person: every row about them goes, and the admin trail keeps only that it happened."""

from bot.deps import Deps
from bot.services.access import OPERATOR_ID
from bot.services.errors import NotAMember
from storage.db import session_scope
from storage.repo import admin_audit, people
from storage.repo.forget import FORGOTTEN as FORGOTTEN
from storage.repo.forget import forget_person


def forget(deps: Deps, *, team_id: str, user_id: str, apply: bool) -> dict[str, int]:
    """Return how many rows of each kind hold the person; delete them only when `apply` is set."""
    with session_scope(deps.engine) as session:
        if people.get_member(session, team_id=team_id, slack_id=user_id) is None:
            raise NotAMember(user_id)
        report = forget_person(session, team_id=team_id, slack_id=user_id)
        if not apply:
            session.rollback()
        else:  # the trail keeps that someone was forgotten, and how much, never who
            admin_audit.record(
                session,
                team_id=team_id,
                actor_id=OPERATOR_ID,
                action="forget",
                subject_id=None,
                now=deps.clock(),
                detail=f"{sum(report.values())} rows",
            )
    return report
