"""`rampcoach digest`: the leader digest, printed as text, as data (--json) or as Slack blocks (--dry-run)."""

import dataclasses
import json
import sys
from typing import Annotated, Any

import typer

from bot.cli.common import TeamOption, fail, invocation, out
from bot.services import digest
from bot.services.access import require_operator
from bot.services.errors import NotAllowed, NotAMember
from bot.views.digest import digest_messages, is_split, risk_reason_text
from bot.views.terminal import terminal_markup
from coaching.policy import Action

LeaderOption = Annotated[
    str | None, typer.Option("--leader", help="Whose digest: a leader's Slack id (default: every rep).")
]


def digest_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the digest's data as JSON.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the Slack messages as JSON blocks; nothing is sent.")
    ] = False,
    leader: LeaderOption = None,
    team: TeamOption = None,
) -> None:
    """Print the leader digest now. It is sent on its own every Monday at 08:00 in each leader's zone."""
    run = invocation(ctx)
    config, deps = run.settings, run.deps()
    workspace = run.team(team)
    if not leader:  # a leader's digest asks as that leader, below
        require_operator(deps, workspace, Action.SEE_DIGEST)
    try:
        data = (
            digest.viewer_digest(deps, team_id=workspace, viewer_id=leader)
            if leader
            else digest.team_digest(deps, team_id=workspace)
        )
    except NotAMember:
        fail(f"{leader} is not a person in this workspace")
    except NotAllowed:
        fail(f"{leader} is not a leader or an admin")
    messages = digest_messages(data)
    if as_json:
        body = {"team_id": data.team_id, "week": data.week, "today": data.today.isoformat()}
        facts = dataclasses.asdict(data.digest)
        # The JSON keeps a reason as the line people read; the digest holds its parts.
        for row, risk in zip(facts["at_risk"], data.digest.at_risk, strict=True):
            row["reason"] = risk_reason_text(risk.reason)
        _write(body | facts)
    elif dry_run:
        files = ["chart.png"] + (["table.csv"] if is_split(messages) else [])
        sent = [{"text": text, "blocks": [b.to_dict() for b in blocks]} for text, blocks in messages]
        _write({"messages": sent, "files": files, "channel": config.rampcoach_digest_channel or "DM"})
    else:
        for _, blocks in messages:
            for block in blocks:
                text = block.to_dict().get("text") or {}
                mrkdwn = text.get("text", "") if isinstance(text, dict) else str(text)
                out.print(terminal_markup(mrkdwn), highlight=False)
                out.print()


def _write(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
