"""Who may act on whose data: one pure answer for every listener and command."""

from collections.abc import Mapping

from coaching.team import Member, Role


def manages(actor_id: str, subject_id: str, manager_of: Mapping[str, str | None]) -> bool:
    """Return whether `actor_id` is anywhere above `subject_id` in the reporting line."""
    seen: set[str] = set()
    current = manager_of.get(subject_id)
    while current is not None and current not in seen:
        if current == actor_id:
            return True
        seen.add(current)
        current = manager_of.get(current)
    return False


def can_enroll(actor: Member, rep_id: str, manager_of: Mapping[str, str | None]) -> bool:
    """Admins and leaders enroll anyone; a manager enrolls their reports (and their reports' reports)."""
    if actor.role in (Role.ADMIN, Role.LEADER):
        return True
    return actor.role is Role.MANAGER and manages(actor.slack_id, rep_id, manager_of)


def can_review(actor: Member, rep_id: str, manager_of: Mapping[str, str | None]) -> bool:
    """Only the rep's manager (anywhere above them) or an admin writes a review."""
    return actor.role is Role.ADMIN or manages(actor.slack_id, rep_id, manager_of)


def can_read_reviews(actor: Member, rep_id: str, manager_of: Mapping[str, str | None]) -> bool:
    """A rep reads their own reviews, managers their reports', leaders and admins the org's."""
    return (
        actor.slack_id == rep_id
        or actor.role in (Role.ADMIN, Role.LEADER)
        or can_review(actor, rep_id, manager_of)
    )
