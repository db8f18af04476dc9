"""APScheduler drives the tick once a minute inside `rampcoach serve`; the ledger holds all the state."""

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import structlog
from apscheduler.schedulers.background import BackgroundScheduler

from bot.delivery.jobs import Job
from bot.delivery.sender import Sender
from bot.delivery.tick import tick
from bot.deps import Deps
from coaching.cadence import Schedules

log = structlog.get_logger("rampcoach.scheduler")


@dataclass
class Ticking:
    """The running scheduler, and what it takes to stop it between two sends."""

    scheduler: BackgroundScheduler
    sender: Sender
    busy: threading.Lock = field(default_factory=threading.Lock)

    def stop(self, timeout: float) -> bool:
        """Stop ticking and claiming rows; wait up to `timeout` s for the send in flight. True if it ended."""
        self.scheduler.shutdown(wait=False)
        self.sender.stop.set()
        if not self.busy.acquire(timeout=max(timeout, 0.0)):
            return False
        self.busy.release()
        return True


def start_scheduler(deps: Deps, sender: Sender, schedules: Schedules, jobs: Sequence[Job] = ()) -> Ticking:
    """Start ticking every minute in a background thread; a slow tick is never run twice at once."""
    ticking = Ticking(BackgroundScheduler(timezone="UTC"), sender)
    ticking.scheduler.add_job(
        _tick_and_log,
        "interval",
        minutes=1,
        args=[deps, ticking, schedules, jobs],
        max_instances=1,
        coalesce=True,
        id="rampcoach-tick",
        next_run_time=deps.clock(),
    )
    ticking.scheduler.start()
    return ticking


def _tick_and_log(deps: Deps, ticking: Ticking, schedules: Schedules, jobs: Sequence[Job]) -> None:
    with ticking.busy:
        if ticking.sender.stop.is_set():
            return
        report = tick(deps, ticking.sender, schedules, jobs)
    if (
        report.recorded
        or report.sending.sent
        or report.sending.failed
        or report.interrupted
        or report.jobs.ran
    ):
        log.info(
            "tick",
            recorded=report.recorded,
            interrupted=report.interrupted,
            sent=report.sending.sent,
            failed=report.sending.failed,
            skipped=report.sending.skipped,
            jobs_ran=report.jobs.ran,
            jobs_failed=report.jobs.failed,
        )
