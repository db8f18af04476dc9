"""The check-in's CRM part: the proposed numbers with Confirm and Edit, and a later disagreement."""

import datetime as dt

from slack_sdk.models.blocks import ActionsBlock, ContextBlock, SectionBlock

from bot.services.crm_confirm import CrmWeek
from bot.views import ids
from bot.views.crm_checkin import crm_blocks

MONDAY = dt.date(2026, 11, 16)
VALUES = [("calls", "Calls", 52.0), ("meetings", "Meetings", 11.0), ("pipeline", "Pipeline <$>", 12000.0)]


def test_an_unconfirmed_week_shows_the_numbers_with_confirm_and_edit_for_that_week() -> None:
    blocks = crm_blocks(CrmWeek(MONDAY, "hubspot", VALUES, [], confirmed=False))
    section, actions = blocks
    assert isinstance(section, SectionBlock) and isinstance(actions, ActionsBlock)
    assert section.text.text == "*From HubSpot:* 52 calls, 11 meetings, 12,000 pipeline &lt;$&gt;"  # type: ignore[union-attr]
    assert [(b["action_id"], b["value"]) for b in actions.to_dict()["elements"]] == [
        (ids.CRM_CONFIRM, "2026-11-16"), (ids.CRM_EDIT, "2026-11-16"),
    ]  # fmt: skip
    for block in blocks:
        block.validate_json()


def test_a_confirmed_week_shows_only_where_the_crm_now_disagrees_and_that_nothing_changed() -> None:
    week = CrmWeek(MONDAY, "salesforce", VALUES, [("Calls", 52.0, 55.0)], confirmed=True)
    (note,) = crm_blocks(week)
    assert isinstance(note, ContextBlock)
    text = note.elements[0].text  # type: ignore[union-attr]
    assert text.startswith("Salesforce now says 55 calls (you logged 52)") and "stay as they are" in text
    assert crm_blocks(CrmWeek(MONDAY, "hubspot", VALUES, [], confirmed=True)) == []
