"""One tick: work out what is due now, record it in the ledger once, settle interrupted rows, and send."""

import datetime as dt
import os
import socket
from dataclasses import dataclass

import structlog
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.delivery.pacing import Pacer
from bot.delivery.sender import Composer, Message, Sender, SendReport, Thread, Upload
from bot.deps import DEFAULT_TZ, Deps
from bot.metrics import SlackCallCounter
from bot.services.checkins import week_for
from bot.services.decisions import plan_in_force
from bot.services.digest import digest_dues, leader_digest
from bot.services.nudges import nudge_dues, weekly_nudge
from bot.services.review_prompts import due_for_manager, review_dues
from bot.settings import Settings
from bot.views.checkin import checkin_blocks, reminder_blocks
from bot.views.decisions import goal_blocks
from bot.views.digest import digest_messages, is_split, table_csv
from bot.views.digest_chart import chart_png
from bot.views.nudge_messages import nudge_blocks
from bot.views.review_messages import prompt_blocks
from coaching.cadence import Schedules, due_checkins, due_reminders
from coaching.decisions import parted
from coaching.delivery import Delivery, Kind
from coaching.weeks import week_start
from storage.db import session_scope
from storage.repo import activity, decisions, deliveries, people, plans, seen, touches

# Slack's zone for a person is checked again after a week (people travel and move).
TZ_REFRESH = dt.timedelta(days=7)
log = structlog.get_logger("rampcoach.delivery")
# A row still `sending` after this long belongs to a sender that died (a send takes seconds).
LEASE = dt.timedelta(minutes=5)
# Replay keys outlive Slack's 5-minute signature window and its retries (three, within an hour).
SEEN_KEPT = dt.timedelta(hours=2)


@dataclass(frozen=True)
class TickReport:
    recorded: int
    interrupted: int
    sending: SendReport


def sender_client(settings: Settings) -> WebClient:
    """Return a WebClient that retries only connection errors: the sender handles 429s and 5xx itself,
    through the ledger, so a wait survives a restart and never blocks inside the client."""
    return WebClient(
        # Multi-workspace mode passes each workspace's token with each call instead.
        token=None if settings.multi_workspace() else settings.secret("slack_bot_token"),
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[SlackCallCounter(), ConnectionErrorRetryHandler(max_retry_count=2)],
    )


def worker_name() -> str:
    """Return a name for this sender process in the ledger's claimed_by column."""
    return f"{socket.gethostname()}:{os.getpid()}"


def record_due(deps: Deps, schedules: Schedules) -> int:
    """Record every check-in, reminder, review message, nudge and digest due now; return how many were new."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        ramps = plans.ramps(session, default_tz=DEFAULT_TZ)
        # Reminders are about last week in each rep's zone, which is one of these weeks in UTC.
        recent = {week_start(now.date()) - dt.timedelta(weeks=n) for n in (0, 1, 2)}
        logged = activity.logged_weeks(session, weeks=recent)
        dues = due_checkins(ramps, schedules, now) + due_reminders(ramps, schedules, now, logged)
        # After parting ways nothing scheduled reaches the rep any more (their history stays).
        gone = {key for key, made in decisions.every_decision(session).items() if parted(made)}
    dues += review_dues(deps, schedules) + nudge_dues(deps, schedules) + digest_dues(deps, schedules.holidays)
    dues = [due for due in dues if (due.team_id, due.person_id) not in gone]
    with session_scope(deps.engine) as session:
        return deliveries.record_due(session, dues=dues, now=now)


def compose(deps: Deps) -> Composer:
    """Return the function that renders a delivery when its turn comes (None: no longer needed)."""

    def render(delivery: Delivery) -> Message | Thread | None:
        if delivery.kind in (Kind.REVIEW_PROMPT, Kind.REVIEW_OVERDUE):
            return _review_message(deps, delivery)
        if delivery.kind is Kind.NUDGE:
            return _nudge_message(deps, delivery)
        if delivery.kind is Kind.DIGEST:
            return _digest_message(deps, delivery)
        summary, logged = week_for(deps, delivery)
        if delivery.kind is Kind.CHECKIN:
            text, blocks = checkin_blocks(summary, resent=delivery.resent)
            # A performance plan's goals are followed weekly: each check-in repeats them.
            goals = plan_in_force(deps, team_id=delivery.team_id, rep_id=delivery.person_id)
            return text, blocks + goal_blocks(goals)
        if delivery.kind is Kind.REMINDER and not logged:
            return reminder_blocks(summary, resent=delivery.resent)
        return None

    return render


def _review_message(deps: Deps, delivery: Delivery) -> Message | None:
    """Render a manager's review prompt or overdue reminder; None when every review in it was done."""
    overdue = delivery.kind is Kind.REVIEW_OVERDUE
    due = due_for_manager(
        deps,
        team_id=delivery.team_id,
        manager_id=delivery.person_id,
        day=dt.date.fromisoformat(delivery.period),
        overdue=overdue,
    )
    return prompt_blocks(due, overdue=overdue, resent=delivery.resent) if due else None


def _nudge_message(deps: Deps, delivery: Delivery) -> Message | None:
    """Render a rep's weekly nudge from their touches now; None when there is nothing true to say."""
    nudge = weekly_nudge(deps, team_id=delivery.team_id, rep_id=delivery.person_id, week=delivery.period)
    return nudge_blocks(nudge, resent=delivery.resent) if nudge else None


def _digest_message(deps: Deps, delivery: Delivery) -> Thread | None:
    """Render a leader's digest now, with its chart (and the CSV table when split); None: nobody to show."""
    data = leader_digest(deps, team_id=delivery.team_id, leader_id=delivery.person_id)
    if data is None:
        return None
    messages = digest_messages(data, resent=delivery.resent)
    uploads = []
    png = chart_png(data)
    if png is not None:
        uploads.append(Upload(f"ramp-digest-{data.week}.png", png, f"Ramp progress {data.week}"))
    if is_split(messages):
        uploads.append(Upload(f"ramp-digest-{data.week}.csv", table_csv(data.digest), "Cohort table"))
    return Thread(messages, uploads, channel=deps.tuning.digest_channel)


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
        with session_scope(deps.engine) as session:
            people.set_time_zone(session, team_id=team_id, slack_id=user, tz=tz, now=now)
    return len(stale)


def tick(deps: Deps, sender: Sender, schedules: Schedules) -> TickReport:
    """Run the scheduler once for `deps.clock()`: record, recover, send; safe to repeat for one instant."""
    refresh_time_zones(deps, sender)
    with session_scope(deps.engine) as session:
        seen.forget_before(session, before=deps.clock() - SEEN_KEPT)
        touches.drop_message_text(
            session, imported_before=deps.clock() - dt.timedelta(days=deps.tuning.message_text_days)
        )
    recorded = record_due(deps, schedules)
    with session_scope(deps.engine) as session:
        interrupted = deliveries.recover_interrupted(session, now=deps.clock(), lease=LEASE)
    return TickReport(recorded, len(interrupted), sender.send_due())


def make_sender(deps: Deps, settings: Settings, *, speedup: float = 1.0) -> Sender:
    """Return the sender for this process (with each workspace's token in multi-workspace mode)."""
    client = sender_client(settings)
    tokens = None
    if settings.multi_workspace():
        from bot.oauth.setup import TeamTokens

        tokens = TeamTokens(settings, deps, client)
    slack = client if deps.slack is None else deps.slack  # a test or the demo may swap Slack out
    return Sender(deps, slack, compose(deps), Pacer(speedup=speedup), worker_name(), tokens=tokens)
