"""The check-in's CRM part: "From HubSpot: 52 calls, 11 meetings" with Confirm and Edit, and the answers."""

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.crm_confirm import CrmWeek
from bot.views import ids
from bot.views.text import escape, number

CRM_NAMES = {"hubspot": "HubSpot", "salesforce": "Salesforce"}


def crm_name(connector: str) -> str:
    """Return how people know the CRM stored as `connector`."""
    return CRM_NAMES.get(connector, connector)


def crm_blocks(week: CrmWeek) -> list[Block]:
    """Return the proposed numbers with Confirm and Edit; once confirmed, only where the CRM now differs."""
    name = crm_name(week.connector)
    blocks: list[Block] = []
    if not week.confirmed:
        shown = ", ".join(f"{number(value)} {escape(label.lower())}" for _, label, value in week.values)
        value = week.week_start.isoformat()
        blocks += [
            SectionBlock(text=MarkdownTextObject(text=f"*From {name}:* {shown}")),
            ActionsBlock(
                block_id="crm",
                elements=[
                    ButtonElement(text="Confirm", action_id=ids.CRM_CONFIRM, value=value, style="primary"),
                    ButtonElement(text="Edit", action_id=ids.CRM_EDIT, value=value),
                ],
            ),
        ]
    if week.disagreements:
        lines = [
            f"{name} now says {number(crm)} {escape(label.lower())} (you logged {number(typed)})"
            for label, typed, crm in week.disagreements
        ]
        note = "; ".join(lines) + ". Your numbers stay as they are: edit them with `/log` if it is right."
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return blocks


def nothing_to_confirm_text() -> str:
    """Return the answer to a Confirm click when there is no proposal (or the week is too old to log)."""
    return "There is nothing from your CRM to confirm for that week any more. Use `/log` to log it."
