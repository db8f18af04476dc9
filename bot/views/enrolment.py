"""Answers to /ramp enroll."""

from bot.services.enrolment import Enrolled
from bot.views.text import escape


def enrolled_text(result: Enrolled) -> str:
    e = result.enrollment
    verb = "Enrolled" if result.changed else "Already enrolled:"
    plan = f"*{escape(result.plan_name)}* (`{e.plan_id}` v{e.plan_version})"
    return f"{verb} <@{e.rep_id}> on {plan} from {e.start:%a %b %-d, %Y}."


def not_allowed_text() -> str:
    return "Only the rep's manager (or a leader or admin) can enroll them. Nothing was changed."
