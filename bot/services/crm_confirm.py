"""The rep's side of CRM auto-fill: what the CRM proposes for their week, confirming it in one click, and
editing it in the /log modal. Values the rep typed always win over the CRM's."""

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from bot.deps import Deps
from bot.services.activity import LogForm, LogResult, log_form, log_result, own_ramp, weeks_on_offer
from bot.services.crm_sync import CRM_ACTOR, SOURCE
from coaching.activity import WeekLog
from coaching.policy import Action
from storage.db import session_scope
from storage.repo import activity, crm


class NothingProposed(LookupError):
    """No sync proposed anything for that week (or it is not a week the rep can still log)."""


@dataclass(frozen=True)
class CrmWeek:
    """What the CRM says about a rep's week, in plan order, and where it disagrees with what they typed."""

    week_start: dt.date
    connector: str  # hubspot, salesforce
    values: list[tuple[str, str, float]]  # (metric key, label, value)
    disagreements: list[tuple[str, float, float]]  # (label, typed, CRM value)
    confirmed: bool  # every proposed value is already in the log


def crm_week(deps: Deps, *, team_id: str, rep_id: str, week: dt.date) -> CrmWeek | None:
    """Return the CRM's proposal for the rep's week against their plan, or None when there is none."""
    with session_scope(deps.engine) as session:
        plan, _, _ = own_ramp(session, team_id, rep_id, Action.LOG)
        proposal = crm.get_proposal(session, team_id=team_id, rep_id=rep_id, week_start=week)
        typed = _typed(session, team_id, rep_id, week)
        logged = activity.get_week(session, team_id=team_id, rep_id=rep_id, week_start=week)
    if proposal is None:
        return None
    lines = [(m.key, m.label, proposal.values[m.key]) for m in plan.metrics if m.key in proposal.values]
    if not lines:
        return None
    disagree = [(label, typed[key], value) for key, label, value in lines if typed.get(key, value) != value]
    done = logged is not None and all(logged.values.get(key) is not None for key, _, _ in lines)
    return CrmWeek(week, proposal.connector, lines, disagree, done)


def confirm_crm_week(deps: Deps, *, team_id: str, actor_id: str, week: dt.date) -> LogResult:
    """Store the CRM's values as the actor's own log for `week` (source `crm`), keeping what they typed.

    Raise NothingProposed when there is nothing to confirm or the week can no longer be logged.
    """
    now = deps.clock()
    with session_scope(deps.engine) as session:
        plan, enrollment, tz = own_ramp(session, team_id, actor_id, Action.LOG)
        proposal = crm.get_proposal(session, team_id=team_id, rep_id=actor_id, week_start=week)
        if proposal is None or week not in weeks_on_offer(deps, tz):
            raise NothingProposed(week)
        typed = _typed(session, team_id, actor_id, week)
        keys = {m.key for m in plan.metrics}
        values = {k: v for k, v in proposal.values.items() if k in keys and k not in typed}
        log = WeekLog(week, values)
        changes = activity.write_week(
            session, team_id=team_id, rep_id=actor_id, log=log, actor=actor_id, source=SOURCE, now=now
        )
        return log_result(session, deps, team_id, plan, enrollment, log, changes, now)


def crm_log_form(deps: Deps, *, team_id: str, rep_id: str, week: dt.date) -> LogForm:
    """Return the /log modal's content for the week, filled with the CRM's values where nothing was typed."""
    form = log_form(deps, team_id=team_id, rep_id=rep_id, week=week)
    with session_scope(deps.engine) as session:
        proposal = crm.get_proposal(session, team_id=team_id, rep_id=rep_id, week_start=form.week)
        typed = _typed(session, team_id, rep_id, form.week)
    if proposal is None:
        return form
    current = form.current or WeekLog(form.week)
    filled = {k: v for k, v in proposal.values.items() if k not in typed} | {
        k: v for k, v in current.values.items() if k in typed
    }
    return dataclasses.replace(form, current=dataclasses.replace(current, values=filled))


def _typed(session: Session, team_id: str, rep_id: str, week: dt.date) -> dict[str, float]:
    """Return the week's values a person wrote (not the sync's auto-confirm), which the CRM never replaces."""
    logged = crm.logged_by(session, team_id=team_id, rep_id=rep_id, weeks=[week]).get(week, {})
    return {metric: value for metric, (value, by) in logged.items() if by != CRM_ACTOR}
