"""What the early call reads: every ramp in a workspace with its plan version and logged weeks."""

from dataclasses import dataclass

from sqlmodel import Session

from coaching.activity import Enrollment, WeekLog
from coaching.plans import RampPlan
from storage.repo.activity import team_week_logs
from storage.repo.plans import team_enrollments


@dataclass(frozen=True)
class RampHistory:
    enrollment: Enrollment
    plan: RampPlan
    logs: list[WeekLog]


def ramp_histories(session: Session, *, team_id: str) -> list[RampHistory]:
    """Return every enrolled rep's ramp with all their logged weeks, by rep id, in three queries."""
    logs = team_week_logs(session, team_id=team_id)
    return [
        RampHistory(enrollment, plan, logs.get(enrollment.rep_id, []))
        for enrollment, plan in sorted(team_enrollments(session, team_id=team_id), key=lambda p: p[0].rep_id)
    ]
