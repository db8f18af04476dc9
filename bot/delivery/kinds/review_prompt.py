"""A manager's review prompt: 09:00 on the day, one message listing every rep whose review is due, and
the late ones too, so a manager gets one review DM a day (the overdue reminder is dropped that day)."""

import datetime as dt

from bot.delivery.sender import Message
from bot.deps import Deps
from bot.services.review_prompts import due_for_manager, review_dues
from bot.views.review_messages import daily_prompt_blocks, prompt_blocks
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind

KIND = Kind.REVIEW_PROMPT


def due(deps: Deps, schedules: Schedules, /) -> list[Due]:
    return [d for d in review_dues(deps, schedules) if d.kind is KIND]


def render(deps: Deps, delivery: Delivery, /) -> Message | None:
    """The day's one review DM: the reviews due today and those already late (None when all are done)."""
    day = dt.date.fromisoformat(delivery.period)
    team, manager = delivery.team_id, delivery.person_id
    today = due_for_manager(deps, team_id=team, manager_id=manager, day=day, overdue=False)
    late = due_for_manager(deps, team_id=team, manager_id=manager, day=day, overdue=True)
    late = [d for d in late if d.rep_id not in {t.rep_id for t in today}]
    if not today and not late:
        return None
    if not today:
        return prompt_blocks(late, overdue=True, resent=delivery.resent)
    return daily_prompt_blocks(today, late, resent=delivery.resent)


def review_message(deps: Deps, delivery: Delivery, *, overdue: bool) -> Message | None:
    """Render a prompt or an overdue reminder from the reviews still open now."""
    reviews = due_for_manager(
        deps,
        team_id=delivery.team_id,
        manager_id=delivery.person_id,
        day=dt.date.fromisoformat(delivery.period),
        overdue=overdue,
    )
    return prompt_blocks(reviews, overdue=overdue, resent=delivery.resent) if reviews else None
