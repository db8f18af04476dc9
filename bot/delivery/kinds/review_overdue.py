"""A manager's reminder of late reviews: two and five working days late, one line per rep."""

from bot.delivery.kinds.review_prompt import review_message
from bot.delivery.sender import Message
from bot.deps import Deps
from bot.services.review_prompts import review_dues
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind

KIND = Kind.REVIEW_OVERDUE


def due(deps: Deps, schedules: Schedules, /) -> list[Due]:
    return [d for d in review_dues(deps, schedules) if d.kind is KIND]


def render(deps: Deps, delivery: Delivery, /) -> Message | None:
    """None when every late review in it was done before it went."""
    return review_message(deps, delivery, overdue=True)
