"""A manager's review prompt: 09:00 on the day, one message listing every rep whose review is due."""

import datetime as dt

from bot.delivery.sender import Message
from bot.deps import Deps
from bot.services.review_prompts import due_for_manager, review_dues
from bot.views.review_messages import prompt_blocks
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind

KIND = Kind.REVIEW_PROMPT


def due(deps: Deps, schedules: Schedules, /) -> list[Due]:
    return [d for d in review_dues(deps, schedules) if d.kind is KIND]


def render(deps: Deps, delivery: Delivery, /) -> Message | None:
    """None when every review in it was done before it went."""
    return review_message(deps, delivery, overdue=False)


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
