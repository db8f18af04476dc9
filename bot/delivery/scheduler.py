"""APScheduler drives the tick once a minute inside `rampcoach serve`; the ledger holds all the state."""

import structlog
from apscheduler.schedulers.background import BackgroundScheduler

from bot.delivery.sender import Sender
from bot.delivery.tick import tick
from bot.deps import Deps
from coaching.cadence import Schedules

log = structlog.get_logger("rampcoach.scheduler")


def start_scheduler(deps: Deps, sender: Sender, schedules: Schedules) -> BackgroundScheduler:
    """Start ticking every minute in a background thread; a slow tick is never run twice at once."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        _tick_and_log,
        "interval",
        minutes=1,
        args=[deps, sender, schedules],
        max_instances=1,
        coalesce=True,
        id="rampcoach-tick",
        next_run_time=deps.clock(),
    )
    scheduler.start()
    return scheduler


def _tick_and_log(deps: Deps, sender: Sender, schedules: Schedules) -> None:
    report = tick(deps, sender, schedules)
    if report.recorded or report.sending.sent or report.sending.failed or report.interrupted:
        log.info(
            "tick",
            recorded=report.recorded,
            interrupted=report.interrupted,
            sent=report.sending.sent,
            failed=report.sending.failed,
            skipped=report.sending.skipped,
        )
