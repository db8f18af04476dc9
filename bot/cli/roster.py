"""`rampcoach team leave|move|replan|offboard|reactivate`: roster changes from the command line."""

import datetime as dt
from typing import Annotated

import typer

from bot.cli.common import TeamOption, fail, invocation, out
from bot.cli.setup import team_cli
from bot.services import leave, roster
from bot.services.errors import NotAllowed
from bot.views.problems import problems_line
from coaching.errors import FieldProblem
from coaching.leave import LeaveRequest, LeaveVerb
from coaching.roster import MAX_REASON, ReplanRequest

ReasonOption = Annotated[str, typer.Option("--reason", help="Why, for the roster history.")]


@team_cli.command("leave")
def team_leave(
    ctx: typer.Context,
    rep: str,
    start: Annotated[str | None, typer.Option("--from", help="First day of leave, e.g. 2026-12-21.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day of leave, e.g. 2027-01-03.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="New last day of the current leave.")] = None,
    stop: Annotated[bool, typer.Option("--end", help="End the current leave today.")] = False,
    reason: ReasonOption = "",
    team: TeamOption = None,
) -> None:
    """Record a rep's leave (--from --to), change its last day (--until), or end it now (--end)."""
    request = _leave_request(rep, start, end, until, stop, reason)
    run = invocation(ctx)
    deps, workspace = run.deps(), run.team(team)
    try:
        result = leave.change_leave(deps, team_id=workspace, actor_id=None, request=request)
    except FieldProblem as error:
        fail(problems_line(error))
    except NotAllowed:
        fail(f"the command line may not record leave for {rep}")
    period = result.period
    state = f"{period.first} to {period.last}" if period else "cancelled"
    out.print(f"{rep}'s leave ({result.verb.value}): {state}.")


def _leave_request(
    rep: str, start: str | None, end: str | None, until: str | None, stop: bool, reason: str
) -> LeaveRequest:
    if [start is not None or end is not None, until is not None, stop].count(True) != 1:
        fail("give --from and --to, or --until, or --end")
    if len(reason) > MAX_REASON:
        fail(f"--reason: at most {MAX_REASON} characters")
    if stop:
        return LeaveRequest(rep, LeaveVerb.END, reason=reason)
    if until is not None:
        return LeaveRequest(rep, LeaveVerb.CHANGE, last=_day("--until", until), reason=reason)
    if start is None or end is None:
        fail("give both --from and --to")
    return LeaveRequest(rep, LeaveVerb.RECORD, _day("--from", start), _day("--to", end), reason)


def _day(option: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text[:20]} is not a date like 2026-12-21")


@team_cli.command("move")
def team_move(
    ctx: typer.Context,
    rep: str,
    to: Annotated[str, typer.Option("--to", help="Slack id of the new manager.")],
    reason: ReasonOption = "",
    team: TeamOption = None,
) -> None:
    """Give a rep a new manager: history, review history and open action items go with them."""
    run = invocation(ctx)
    deps, workspace = run.deps(), run.team(team)
    if len(reason) > MAX_REASON:
        fail(f"--reason: at most {MAX_REASON} characters")
    try:
        moved = roster.move(deps, team_id=workspace, actor_id=None, rep_id=rep, manager_id=to, reason=reason)
    except FieldProblem as error:
        fail(problems_line(error))
    except NotAllowed:
        fail(f"the command line may not move {rep}")
    if not moved.changed:
        out.print(f"{rep} reports to {to} already; nothing changed.")
        return
    out.print(
        f"{rep} moved from {moved.old_manager or 'nobody'} to {to} ({moved.open_items} open action items)."
    )


@team_cli.command("replan")
def team_replan(
    ctx: typer.Context,
    rep: str,
    plan: Annotated[str, typer.Option("--plan", help="The new plan's id, e.g. ae-90.")],
    start: Annotated[
        str | None, typer.Option("--from", help="Day 1 on the new plan (default: today).")
    ] = None,
    keep_day: Annotated[bool, typer.Option("--keep-day", help="Keep the rep's day count.")] = False,
    team: TeamOption = None,
) -> None:
    """Move a rep to another plan: from a date with its own day 1, or keeping their day count."""
    run = invocation(ctx)
    deps, workspace = run.deps(), run.team(team)
    request = ReplanRequest(rep, plan, _day("--from", start) if start else None, keep_day)
    if keep_day and start:
        fail("give --from or --keep-day, not both")
    try:
        result = roster.replan(deps, team_id=workspace, actor_id=None, request=request)
    except FieldProblem as error:
        fail(problems_line(error))
    except NotAllowed:
        fail(f"the command line may not change the plan of {rep}")
    a = result.after
    out.print(f"{rep} is on {a.plan_id} v{a.plan_version} from {a.start} (was {result.before.plan_id}).")


@team_cli.command("offboard")
def team_offboard(ctx: typer.Context, rep: str, reason: ReasonOption = "", team: TeamOption = None) -> None:
    """A rep has left: stop every scheduled message now, drop them from cohort figures, keep their history."""
    result = _run(ctx, roster.offboard, rep, reason, team)
    if not result.changed:
        out.print(f"{rep} already left on {result.left_on}; nothing changed.")
        return
    out.print(f"{rep} offboarded from {result.left_on}; {result.cancelled} pending messages cancelled.")


@team_cli.command("reactivate")
def team_reactivate(ctx: typer.Context, rep: str, reason: ReasonOption = "", team: TeamOption = None) -> None:
    """Undo an offboarding: the rep is back on the roster and scheduled messages resume."""
    result = _run(ctx, roster.reactivate, rep, reason, team)
    out.print(
        f"{rep} is back on the roster."
        if result.changed
        else f"{rep} is on the roster already; nothing changed."
    )


def _run(
    ctx: typer.Context, action: roster.Run, rep: str, reason: str, team: str | None
) -> roster.RosterResult:
    run = invocation(ctx)
    deps, workspace = run.deps(), run.team(team)
    if len(reason) > MAX_REASON:
        fail(f"--reason: at most {MAX_REASON} characters")
    try:
        return action(deps, team_id=workspace, actor_id=None, rep_id=rep, reason=reason)
    except FieldProblem as error:
        fail(problems_line(error))
    except NotAllowed:
        fail(f"the command line may not do this to {rep}")
