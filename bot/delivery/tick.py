"""One tick, in order: housekeeping, record what every kind finds due (once, in the ledger), settle rows
interrupted mid-send, send, and run the scheduled jobs that are due. The kinds live in
bot/delivery/kinds/, the chores in housekeeping.py, the jobs (the CRM sync) in jobs.py."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.delivery.housekeeping import housekeeping
from bot.delivery.jobs import Job, JobsReport, run_jobs
from bot.delivery.kinds import all_due, compose
from bot.delivery.sender import Sender, SendReport
from bot.delivery.wiring import make_sender, sender_client
from bot.deps import Deps
from coaching.cadence import Schedules
from coaching.decisions import parted
from storage.db import session_scope
from storage.repo import decisions, deliveries

# Callers build the sender and its composer through this module too.
__all__ = ["TickReport", "compose", "make_sender", "record_due", "sender_client", "tick"]

# A row still `sending` after this long belongs to a sender that died (a send takes seconds).
LEASE = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class TickReport:
    recorded: int
    interrupted: int
    sending: SendReport
    jobs: JobsReport = JobsReport()


def record_due(deps: Deps, schedules: Schedules) -> int:
    """Record every message of every kind due now; return how many were new."""
    dues = all_due(deps, schedules)
    with session_scope(deps.engine) as session:
        # After parting ways nothing scheduled reaches the rep any more (their history stays).
        gone = {key for key, made in decisions.every_decision(session).items() if parted(made)}
        dues = [due for due in dues if (due.team_id, due.person_id) not in gone]
        return deliveries.record_due(session, dues=dues, now=deps.clock())


def tick(deps: Deps, sender: Sender, schedules: Schedules, jobs: Sequence[Job] = ()) -> TickReport:
    """Run the scheduler once for `deps.clock()`: record, recover, send, run the jobs due; safe to repeat
    for one instant."""
    housekeeping(deps, sender)
    recorded = record_due(deps, schedules)
    with session_scope(deps.engine) as session:
        interrupted = deliveries.recover_interrupted(session, now=deps.clock(), lease=LEASE)
    sending = sender.send_due()
    # After the sends, so a slow or failing job (a CRM sync) never holds a message back; a process that is
    # stopping starts none (its slot is still unclaimed for the next tick, here or in another instance).
    ran = JobsReport() if sender.stop.is_set() else run_jobs(deps, schedules, jobs)
    return TickReport(recorded, len(interrupted), sending, ran)
