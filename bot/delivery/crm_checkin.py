"""The Friday check-in with the CRM's numbers for the week, when a sync proposed any."""

from slack_sdk.models.blocks import Block

from bot.deps import Deps
from bot.services.checkins import period_monday
from bot.services.crm_confirm import crm_week
from bot.views.crm_checkin import crm_blocks
from coaching.delivery import Delivery


def with_crm(deps: Deps, delivery: Delivery, message: tuple[str, list[Block]]) -> tuple[str, list[Block]]:
    """Return the check-in with the CRM's proposal and its Confirm and Edit buttons added before the end."""
    week = crm_week(
        deps, team_id=delivery.team_id, rep_id=delivery.person_id, week=period_monday(delivery.period)
    )
    if week is None:
        return message
    text, blocks = message
    return text, [*blocks[:-1], *crm_blocks(week), *blocks[-1:]]
