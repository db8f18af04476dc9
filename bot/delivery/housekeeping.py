"""Work each tick does besides messages: refreshing people's time zones and applying retention."""

import datetime as dt
from urllib.error import URLError

import structlog
from slack_sdk.errors import SlackApiError

from bot.delivery.sender import Sender
from bot.deps import Deps
from storage.db import session_scope
from storage.repo import people, seen, touches

# Slack's zone for a person is checked again after a week (people travel and move).
TZ_REFRESH = dt.timedelta(days=7)
# Replay keys outlive Slack's 5-minute signature window and its retries (three, within an hour).
SEEN_KEPT = dt.timedelta(hours=2)
log = structlog.get_logger("rampcoach.delivery")


def refresh_time_zones(deps: Deps, sender: Sender, *, limit: int = 20) -> int:
    """Ask Slack (users.info) for the zone of a few people not checked this week; return how many."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        stale = people.stale_time_zones(session, checked_before=now - TZ_REFRESH, limit=limit)
    for team_id, user in stale:
        credentials = sender.credentials(team_id)
        if credentials is None:
            continue  # nothing is asked of a workspace that uninstalled the app
        sender.pacer.wait("users.info")
        try:
            tz = sender.client.users_info(user=user, **credentials)["user"].get("tz")
        except SlackApiError as error:
            log.warning(
                "time zone not refreshed",
                team_id=team_id,
                user_id=user,
                error=str(error.response.get("error")),
            )
            tz = None
        except (URLError, TimeoutError, ConnectionError) as error:
            # Slack is unreachable: the send pass will say so; asking about everyone else would wait too.
            log.warning("time zones not refreshed", error=f"{type(error).__name__}: {error}")
            break
        with session_scope(deps.engine) as session:
            people.set_time_zone(session, team_id=team_id, slack_id=user, tz=tz, now=now)
    return len(stale)


def apply_retention(deps: Deps) -> None:
    """Forget old replay keys and drop imported message text past its retention."""
    with session_scope(deps.engine) as session:
        seen.forget_before(session, before=deps.clock() - SEEN_KEPT)
        touches.drop_message_text(
            session, imported_before=deps.clock() - dt.timedelta(days=deps.tuning.message_text_days)
        )


def housekeeping(deps: Deps, sender: Sender) -> None:
    """Run everything a tick does before it looks at what is due."""
    refresh_time_zones(deps, sender)
    apply_retention(deps)
