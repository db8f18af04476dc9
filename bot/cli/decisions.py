"""`rampcoach decide`, `rampcoach decisions` and `rampcoach milestone`: checkpoint decisions and milestone
confirmations from the command line, which acts as the operator (an admin)."""

import datetime as dt
import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli.common import TeamOption, fail, invocation, out
from bot.services import decisions
from bot.services.access import OPERATOR_ID
from bot.services.errors import NotAllowed, NotAMember, NotEnrolled
from bot.services.workspaces import people_names
from bot.views.problems import form_texts, problems_line
from coaching.decisions import StoredDecision
from coaching.errors import FieldProblem, FormProblems
from coaching.milestone_marks import Mark
from coaching.review_form import Decision

RepOption = Annotated[str, typer.Option("--rep", help="The rep's Slack user id.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def decide_command(
    ctx: typer.Context,
    rep: RepOption,
    decision: Annotated[str, typer.Option("--decision", help=" | ".join(d.value for d in Decision))],
    why: Annotated[str, typer.Option("--why", help="Why: kept as written with today's numbers.")],
    weeks: Annotated[str | None, typer.Option("--weeks", help="Extend: by how many weeks.")] = None,
    goal: Annotated[
        list[str] | None, typer.Option("--goal", help="Performance plan: `goal by DATE`.")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Performance plan: its decision date.")] = None,
    as_json: JsonOption = False,
    team: TeamOption = None,
) -> None:
    """Record a checkpoint decision: continue, extend, performance plan, graduate or part ways."""
    run = invocation(ctx)
    try:
        decide_by = dt.date.fromisoformat(by) if by else None
    except ValueError:
        fail(f"--by {by!r} is not a date such as 2027-01-15")
    try:
        made = decisions.decide(
            run.deps(),
            team_id=run.team(team),
            actor_id=OPERATOR_ID,
            rep_id=rep,
            kind=decision,
            why=why,
            weeks=weeks,
            goals="\n".join(goal or []),
            decide_by=decide_by,
            as_operator=True,
        )
    except FormProblems as problems:
        fail(
            "; ".join(
                f"{field.removeprefix('decision_')}: {text}" for field, text in form_texts(problems).items()
            )
        )
    except (NotAMember, NotEnrolled, NotAllowed):
        fail(f"{rep} is not an enrolled rep in this workspace")
    if as_json:
        sys.stdout.write(json.dumps(decision_json(made), indent=2) + "\n")
    else:
        out.print(f"Recorded: {made.decision.kind.value} for {rep} (decision {made.id}).", highlight=False)


def decisions_command(
    ctx: typer.Context,
    rep: Annotated[str | None, typer.Option("--rep", help="One rep's Slack user id.")] = None,
    as_json: JsonOption = False,
    team: TeamOption = None,
) -> None:
    """List the checkpoint decisions made, oldest first, with their amendments."""
    run = invocation(ctx)
    deps, workspace = run.deps(), run.team(team)
    if rep is not None and rep not in people_names(deps, team_id=workspace):
        fail(f"--rep {rep} is not a person in workspace {workspace} (`rampcoach status` lists the reps)")
    found = decisions.rep_decisions(deps, team_id=workspace, rep_ids=[rep] if rep else None)
    rows = [decision_json(d) for made in found.values() for d in made]
    if as_json:
        sys.stdout.write(json.dumps({"decisions": rows}, indent=2) + "\n")
        return
    table = Table("rep", "on", "decision", "by", "why")
    for row in rows:
        table.add_row(row["rep"], row["on"], row["decision"], row["by"], row["why"])
    out.print(table)


def amend_command(
    ctx: typer.Context,
    decision_id: Annotated[int, typer.Option("--id", help="The decision's id (see `rampcoach decisions`).")],
    text: Annotated[str, typer.Option("--text", help="The correction, in a sentence or two.")],
    as_json: JsonOption = False,
    team: TeamOption = None,
) -> None:
    """Add a correction to a checkpoint decision: the decision itself never changes."""
    run = invocation(ctx)
    try:
        updated = decisions.amend_decision(
            run.deps(),
            team_id=run.team(team),
            actor_id=OPERATOR_ID,
            decision_id=decision_id,
            text=text,
            as_operator=True,
        )
    except FormProblems as problems:
        fail("; ".join(form_texts(problems).values()))
    except LookupError:
        fail(f"there is no decision {decision_id} in this workspace")
    if as_json:
        sys.stdout.write(json.dumps(decision_json(updated), indent=2) + "\n")
    else:
        out.print(f"Decision {decision_id} now has {len(updated.amendments)} correction(s).", highlight=False)


def milestone_command(
    ctx: typer.Context,
    rep: RepOption,
    label: Annotated[str, typer.Option("--label", help="The milestone's label in the plan.")],
    not_yet: Annotated[
        bool, typer.Option("--not-yet", help="Mark it not yet done (default: confirm).")
    ] = False,
    team: TeamOption = None,
) -> None:
    """Confirm a milestone a manager confirms (or mark it not yet) for a rep."""
    run = invocation(ctx)
    mark = Mark.NOT_YET if not_yet else Mark.CONFIRMED
    try:
        decisions.mark_milestone(
            run.deps(),
            team_id=run.team(team),
            actor_id=OPERATOR_ID,
            rep_id=rep,
            label=label,
            mark=mark,
            as_operator=True,
        )
    except (NotAMember, NotEnrolled, NotAllowed):
        fail(f"{rep} is not an enrolled rep in this workspace")
    except FieldProblem as problem:
        fail(problems_line(problem))
    out.print(f"{label}: {mark.value} for {rep}.", highlight=False)


def decision_json(d: StoredDecision) -> dict[str, Any]:
    """Return a stored decision as `--json` prints it."""
    made = d.decision
    return {
        "id": d.id,
        "rep": d.rep_id,
        "decision": made.kind.value,
        "why": made.why,
        "weeks": made.weeks,
        "goals": [{"text": g.text, "due": g.due.isoformat()} for g in made.goals],
        "decide_by": made.decide_by.isoformat() if made.decide_by else None,
        "by": d.by,
        "at": d.at.isoformat(),
        "on": d.on.isoformat(),
        "checkpoint": d.checkpoint,
        "snapshot": dict(d.snapshot),
        "amendments": list(d.amendments),
    }
