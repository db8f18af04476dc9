"""Slash commands: /log and /ramp. Each acks at once; the work runs after the ack as a lazy listener."""

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners import roster
from bot.listeners.common import ack_now, publish_home
from bot.listeners.reviews import open_review
from bot.listeners.roster import ramp_roster
from bot.services import activity, digest, enrolment, export, review_export
from bot.services.errors import NotAllowed, NotAMember, NotEnrolled
from bot.views import ids
from bot.views.activity import (
    ENROLL_EXAMPLE,
    REVIEW_EXAMPLE,
    not_a_member_text,
    not_enrolled_text,
    problems_blocks,
    ramp_so_far,
    week_blocks,
)
from bot.views.digest import digest_cut_text, digest_messages, digest_refused_text
from bot.views.enrolment import enrolled_text, not_allowed_text
from bot.views.export import export_comment, export_filename, export_refused_text, export_sent_text
from bot.views.help import ramp_help_text
from bot.views.log_modal import log_modal
from coaching.enroll_text import parse_mention
from coaching.errors import FieldProblem

MAX_RESPONSES = 5  # Slack accepts five posts to one response_url


def log_command(command: dict[str, str], respond: Respond, context: BoltContext, client: WebClient) -> None:
    """`/log` opens the logging modal; `/log calls=42 meetings=5` stores the actor's own numbers."""
    deps: Deps = context["deps"]
    team, user, text = context.team_id or "", command["user_id"], command.get("text", "").strip()
    try:
        if text:
            _log_text(deps, team, user, text, respond, client)
        else:
            form = activity.log_form(deps, team_id=team, rep_id=user)
            client.views_open(trigger_id=command["trigger_id"], view=log_modal(form))
    except FieldProblem as err:
        respond(blocks=problems_blocks(err.problems), text="Nothing was logged.", response_type="ephemeral")
    except NotAMember:
        respond(text=not_a_member_text(), response_type="ephemeral")
    except NotEnrolled:
        respond(text=not_enrolled_text(), response_type="ephemeral")


def _log_text(deps: Deps, team: str, user: str, text: str, respond: Respond, client: WebClient) -> None:
    result = activity.log_from_text(deps, team_id=team, actor_id=user, text=text)
    blocks = [*week_blocks(result.summary, changed=len(result.changes)), ramp_so_far(result.ramp)]
    respond(blocks=blocks, text="Logged.", response_type="ephemeral")
    if result.changes:
        publish_home(client, deps, team, user)


def ramp_command(command: dict[str, str], respond: Respond, context: BoltContext, client: WebClient) -> None:
    """`/ramp status|enroll|review|export|digest`, or a roster word (leave, move, …); else help."""
    word, _, rest = command.get("text", "").strip().partition(" ")
    if word.lower() == "review":
        _ramp_review(context, command, rest, respond, client)
        return
    if word.lower() == "digest":
        _ramp_digest(context["deps"], context.team_id or "", command["user_id"], respond)
        return
    if word.lower() in roster.ROSTER_WORDS:
        ramp_roster(
            context["deps"], context.team_id or "", command["user_id"], word.lower(), rest, respond, client
        )
        return
    if word.lower() == "export":
        what = "reviews" if rest.strip().lower() == "reviews" else "logs"
        _ramp_export(context["deps"], context.team_id or "", command["user_id"], respond, client, what)
        return
    handler = {"status": _ramp_status, "enroll": _ramp_enroll}.get(word.lower())
    if handler is None:
        respond(text=ramp_help_text(), response_type="ephemeral")
        return
    try:
        handler(context["deps"], context.team_id or "", command["user_id"], rest, respond)
    except FieldProblem as err:
        blocks = problems_blocks(err.problems, what="Nothing was changed", example=ENROLL_EXAMPLE)
        respond(blocks=blocks, text="Nothing was changed.", response_type="ephemeral")
    except NotAMember:
        respond(text=not_a_member_text(), response_type="ephemeral")
    except NotEnrolled:
        respond(text=not_enrolled_text(), response_type="ephemeral")
    except NotAllowed:
        respond(text=not_allowed_text(), response_type="ephemeral")


def _ramp_status(deps: Deps, team_id: str, user_id: str, _rest: str, respond: Respond) -> None:
    summary = activity.current_week(deps, team_id=team_id, rep_id=user_id)
    respond(blocks=week_blocks(summary), text="Your week", response_type="ephemeral")


def _ramp_review(
    context: BoltContext, command: dict[str, str], rest: str, respond: Respond, client: WebClient
) -> None:
    try:
        rep = parse_mention(rest)
    except FieldProblem as err:
        respond(
            blocks=problems_blocks(err.problems, what="No review opened", example=REVIEW_EXAMPLE),
            text="No review opened.",
            response_type="ephemeral",
        )
        return
    team, user = context.team_id or "", command["user_id"]
    open_review(client, context["deps"], team, user, rep, command["trigger_id"])


def _ramp_enroll(deps: Deps, team_id: str, user_id: str, rest: str, respond: Respond) -> None:
    result = enrolment.enroll_from_text(deps, team_id=team_id, actor_id=user_id, text=rest)
    respond(text=enrolled_text(result), response_type="ephemeral")


def _ramp_export(
    deps: Deps, team_id: str, user_id: str, respond: Respond, client: WebClient, what: str = "logs"
) -> None:
    """Send the logs (or reviews) the person may see as a CSV file in a DM; a rep is refused."""
    try:
        if what == "reviews":
            rows = review_export.visible_review_export(deps, team_id=team_id, viewer_id=user_id)
        else:
            rows = export.visible_log_export(deps, team_id=team_id, viewer_id=user_id)
    except NotAMember:
        respond(text=not_a_member_text(), response_type="ephemeral")
        return
    except NotAllowed:
        respond(text=export_refused_text(what), response_type="ephemeral")
        return
    # files.completeUploadExternal wants a channel id, not a user id: open the DM first.
    dm = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=dm,
        content=export.to_csv(rows),
        filename=export_filename(team_id, f"{deps.clock():%Y-%m-%d}", what),
        title=f"Ramp Coach {'reviews' if what == 'reviews' else 'weekly logs'}",
        initial_comment=export_comment(len(rows.rows), "the reps you can see", what),
    )
    respond(text=export_sent_text(len(rows.rows)), response_type="ephemeral")


def _ramp_digest(deps: Deps, team_id: str, user_id: str, respond: Respond) -> None:
    """Show the leader digest now, only to the person asking; anyone but a leader or admin is refused."""
    try:
        data = digest.viewer_digest(deps, team_id=team_id, viewer_id=user_id)
    except NotAMember:
        respond(text=not_a_member_text(), response_type="ephemeral")
        return
    except NotAllowed:
        respond(text=digest_refused_text(), response_type="ephemeral")
        return
    messages = digest_messages(data, thread=False)
    # A response_url takes five answers: four parts and, for a larger digest, where to find the rest.
    shown = messages if len(messages) <= MAX_RESPONSES else messages[: MAX_RESPONSES - 1]
    for text, blocks in shown:
        respond(text=text, blocks=blocks, response_type="ephemeral")
    if len(shown) < len(messages):
        respond(text=digest_cut_text(len(shown), len(messages)), response_type="ephemeral")


def register(app: App) -> None:
    app.command(ids.LOG_COMMAND)(ack=ack_now, lazy=[log_command])
    app.command(ids.RAMP_COMMAND)(ack=ack_now, lazy=[ramp_command])
