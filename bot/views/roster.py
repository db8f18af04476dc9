"""Answers to the roster commands (/ramp offboard, /ramp reactivate) and the note to a manager."""

import datetime as dt

from bot.services.leave import LeaveResult
from bot.services.roster import Moved, Replanned, RosterResult
from bot.views.text import escape
from coaching.leave import LeaveVerb

OFFBOARD_EXAMPLE = "/ramp offboard @rep [reason]"
REACTIVATE_EXAMPLE = "/ramp reactivate @rep [reason]"
REPLAN_EXAMPLE = "/ramp replan @rep plan=ae-90 [from=2026-12-07] [--keep-day]"
MOVE_EXAMPLE = "/ramp move @rep to @manager [reason]"
LEAVE_EXAMPLE = "/ramp leave @rep from 2026-12-21 to 2027-01-03 [reason] (or: until 2027-01-05, or: end)"


def offboarded_text(result: RosterResult) -> str:
    who = f"<@{result.person.slack_id}>"
    if not result.changed:
        return f"{who} already left on {_day(result.left_on)}. Nothing was changed."
    return (
        f"Offboarded {who} from {_day(result.left_on)}: no more check-ins, reminders, nudges or review "
        f"prompts ({result.cancelled} pending cancelled), and out of cohort figures. Their history stays. "
        f"Undo with `/ramp reactivate <@{result.person.slack_id}>`."
    )


def reactivated_text(result: RosterResult) -> str:
    who = f"<@{result.person.slack_id}>"
    if not result.changed:
        return f"{who} is on the roster already. Nothing was changed."
    return f"{who} is back on the roster: scheduled messages resume."


def roster_refused_text(action: str) -> str:
    return (
        f"Only the rep's manager (or someone above them, a leader or an admin) can {action} them. "
        "Nothing was changed."
    )


def deactivated_note(result: RosterResult) -> str:
    """Tell the manager that Slack deactivated their rep's account and what Ramp Coach did."""
    return (
        f"{escape(result.person.name)} (<@{result.person.slack_id}>)'s Slack account was deactivated, so "
        f"Ramp Coach offboarded them from {_day(result.left_on)}: no more scheduled messages, and out of "
        "cohort figures. Their history stays. "
        f"If this was a mistake: `/ramp reactivate <@{result.person.slack_id}>`."
    )


def _day(day: dt.date | None) -> str:
    return f"{day:%a %b %-d, %Y}" if day else "an earlier day"


def leave_text(result: LeaveResult) -> str:
    who = f"<@{result.rep.slack_id}>"
    period = result.period
    if period is None:
        start = _short(result.before.first if result.before else None)
        return f"Cancelled {who}'s leave that was to start {start}."
    span = f"from {_short(period.first)} to {_short(period.last)}"
    if result.verb is LeaveVerb.RECORD:
        return (
            f"Recorded {who}'s leave {span}. No check-ins, reminders or nudges reach them while away, "
            "and their review prompts wait."
        )
    if result.verb is LeaveVerb.END:
        return f"Ended {who}'s leave: it ran {span}. Welcome back!"
    return f"Changed {who}'s leave: now {span}."


def leave_refused_text() -> str:
    return (
        "Only the rep (for their own leave), their manager, someone above them, a leader or an admin can "
        "record leave. Nothing was changed."
    )


def on_leave_text(until: dt.date) -> str:
    return f"On leave until {until:%a %b %-d}"


def _short(day: dt.date | None) -> str:
    return f"{day:%a %b %-d, %Y}" if day else "later"


def moved_text(result: Moved) -> str:
    who, to = f"<@{result.rep.slack_id}>", f"<@{result.new_manager.slack_id}>"
    if not result.changed:
        return f"{who} reports to {to} already. Nothing was changed."
    return (
        f"Moved {who} to {to}. Their history, review history and {_items(result.open_items)} go with "
        "them; both managers have been told."
    )


def move_refused_text() -> str:
    return roster_refused_text("move")


def move_notes(result: Moved) -> list[tuple[str, str]]:
    """Return (manager, text) for the DM to each manager about a move."""
    rep = f"{escape(result.rep.name)} (<@{result.rep.slack_id}>)"
    notes = [
        (
            result.new_manager.slack_id,
            f"{rep} now reports to you. Their ramp, review history and {_items(result.open_items)} are on "
            "your Home tab, and their next review prompts come to you.",
        )
    ]
    if result.old_manager:
        notes.append(
            (
                result.old_manager,
                f"{rep} now reports to <@{result.new_manager.slack_id}>, who gets their next prompts.",
            )
        )
    return notes


def _items(n: int) -> str:
    return f"{n} open action item" if n == 1 else f"{n} open action items"


def replanned_text(result: Replanned) -> str:
    a = result.after
    how = "keeping their day count" if a.start == result.before.start else f"day 1 on {a.start:%a %b %-d, %Y}"
    return (
        f"<@{a.rep_id}> is now on *{escape(result.plan_name)}* (`{a.plan_id}` v{a.plan_version}), {how}. "
        f"Their `{result.before.plan_id}` plan ends there; their logs stay."
    )
