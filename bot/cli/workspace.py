"""Which workspace a command acts on, said once: a typo in --team must not start a second workspace,
and a new single-workspace install should not have to look its team id up by hand (issue 20)."""

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.settings import Settings


class WorkspaceProblem(ValueError):
    """The workspace cannot be chosen; the message is one line saying why and what exists."""


def choose_workspace(
    given: str | None, settings: Settings, known: list[str], *, starts: bool = False, new: bool = False
) -> str:
    """Return the workspace to act on: --team, SLACK_TEAM_ID, the only one in the database, or (for an
    import into an empty database) the one Slack's auth.test names for the bot token.

    Raise WorkspaceProblem for a workspace the database does not know, listing those it does: only an
    import (`starts`) may write to a new one, into an empty database or when told so (`new`).
    """
    chosen = given or settings.slack_team_id
    if chosen is None:
        if len(known) == 1:
            return known[0]
        if known:
            raise WorkspaceProblem(f"say which workspace with --team; the database has {', '.join(known)}")
        if starts:
            return team_of_token(settings)
        raise WorkspaceProblem(_EMPTY)
    if chosen in known or (starts and (new or not known)):
        return chosen
    source = "--team" if given else "SLACK_TEAM_ID"
    if not known:
        raise WorkspaceProblem(f"workspace {chosen} ({source}): {_EMPTY}")
    hint = "; to start another workspace, add --new-workspace" if starts else ""
    raise WorkspaceProblem(
        f"workspace {chosen} ({source}) is not in the database, which has {', '.join(known)}{hint}"
    )


_EMPTY = "nothing is stored yet: run `rampcoach plan import` and `rampcoach team import` first"


def team_of_token(settings: Settings) -> str:
    """Return the team id of SLACK_BOT_TOKEN from Slack's auth.test; raise WorkspaceProblem if there is
    no token to ask with or Slack does not answer."""
    hint = "say which workspace with --team T0123ABCD or set SLACK_TEAM_ID"
    if settings.slack_bot_token is None or settings.multi_workspace():
        raise WorkspaceProblem(f"{hint} (or set SLACK_BOT_TOKEN so Ramp Coach can ask Slack)")
    client = WebClient(
        token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url, timeout=10
    )
    try:
        team = client.auth_test().get("team_id")
    except SlackApiError as error:
        raise WorkspaceProblem(
            f"Slack refused SLACK_BOT_TOKEN in auth.test ({error.response.get('error')}): {hint}"
        ) from None
    except (SlackClientError, OSError) as error:
        raise WorkspaceProblem(f"cannot reach Slack to ask for the team id ({error}): {hint}") from None
    if not isinstance(team, str) or not team:
        raise WorkspaceProblem(f"Slack's auth.test named no team: {hint}")
    return team
