"""The registry of scheduled jobs: work a tick does that is not a message (today, the CRM sync).

A job has a `name` and a `run` that does what is due at `deps.clock()`, claiming each slot in the
database first so it runs once across instances and restarts. `scheduled_jobs` builds the jobs the
settings turn on: a new job is one class and one line there. The tick runs them after its sends, so a
slow or failing job never holds a message back. Messages are kinds instead: bot/delivery/kinds/.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import structlog

from bot.deps import Deps
from bot.metrics import JOB_RUNS
from bot.settings import Settings
from coaching.cadence import Schedules

log = structlog.get_logger("rampcoach.jobs")


@dataclass(frozen=True)
class JobRun:
    """One run of a job for one workspace and slot, and why it failed or stopped early (None: it did not)."""

    job: str
    team_id: str
    slot: dt.datetime
    error: str | None = None
    counts: Mapping[str, int] = field(default_factory=dict)  # what it did, for the log


class Job(Protocol):
    @property
    def name(self) -> str:
        """The job's name in logs and metrics, and its slot's key in the database."""
        ...

    def run(self, deps: Deps, schedules: Schedules) -> list[JobRun]:
        """Run what is due at `deps.clock()` that no instance has claimed yet; return the runs."""
        ...


@dataclass(frozen=True)
class JobsReport:
    ran: int = 0
    failed: int = 0


def scheduled_jobs(settings: Settings) -> tuple[Job, ...]:
    """Return the jobs the settings turn on; raise SettingsError naming a setting that is wrong."""
    from bot.delivery.crm_sync_job import crm_sync_jobs  # reads the CRM settings only when asked

    return (*crm_sync_jobs(settings),)


def run_jobs(deps: Deps, schedules: Schedules, jobs: Sequence[Job]) -> JobsReport:
    """Run every job; log each run (a failure as a warning) and count it. Return the counts."""
    runs = [run for job in jobs for run in job.run(deps, schedules)]
    for run in runs:
        JOB_RUNS.labels(run.job, "ok" if run.error is None else "failed").inc()
        fields = {"job": run.job, "team_id": run.team_id, "slot": run.slot.isoformat(), **run.counts}
        if run.error is None:
            log.info("scheduled job ran", **fields)
        else:
            log.warning("scheduled job failed", error=run.error, **fields)
    return JobsReport(len(runs), sum(run.error is not None for run in runs))
