"""One tick, in order: housekeeping, record what every kind finds due (once, in the ledger), settle rows
interrupted mid-send, and send. The kinds live in bot/delivery/kinds/, the chores in housekeeping.py."""

import datetime as dt
from dataclasses import dataclass

from bot.delivery.housekeeping import housekeeping
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


def record_due(deps: Deps, schedules: Schedules) -> int:
    """Record every message of every kind due now; return how many were new."""
    dues = all_due(deps, schedules)
    with session_scope(deps.engine) as session:
        # After parting ways nothing scheduled reaches the rep any more (their history stays).
        gone = {key for key, made in decisions.every_decision(session).items() if parted(made)}
        dues = [due for due in dues if (due.team_id, due.person_id) not in gone]
        return deliveries.record_due(session, dues=dues, now=deps.clock())


def tick(deps: Deps, sender: Sender, schedules: Schedules) -> TickReport:
    """Run the scheduler once for `deps.clock()`: record, recover, send; safe to repeat for one instant."""
    housekeeping(deps, sender)
    recorded = record_due(deps, schedules)
    with session_scope(deps.engine) as session:
        interrupted = deliveries.recover_interrupted(session, now=deps.clock(), lease=LEASE)
    return TickReport(recorded, len(interrupted), sender.send_due())
