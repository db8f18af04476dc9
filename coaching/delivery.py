"""Deliveries: what kinds exist, their keys and states, and what happens to one interrupted mid-send."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    CHECKIN = "checkin"
    REMINDER = "reminder"
    REVIEW_PROMPT = "review_prompt"
    REVIEW_OVERDUE = "review_overdue"
    NUDGE = "nudge"
    DIGEST = "digest"
    TEAM_SUMMARY = "team_summary"  # a manager's Monday slice of the digest
    REMIND = "remind"  # a manager's "Remind" button: at most one a day per rep


class State(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"  # interrupted mid-send: it may or may not have reached Slack
    SKIPPED = "skipped"  # no longer needed when its turn came (a reminder for a week since logged)


# A crash between Slack's answer and the ledger update leaves a row in `sending`. Resending a nudge
# or a check-in twice is worse than losing it; a digest or review prompt matters enough to resend once.
RESEND_ONCE = frozenset({Kind.DIGEST, Kind.REVIEW_PROMPT})


@dataclass(frozen=True)
class Due:
    """A delivery that a tick found due: one ledger row, unique by its key."""

    kind: Kind
    team_id: str
    person_id: str
    period: str
    due_at: dt.datetime

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.team_id}:{self.person_id}:{self.period}"


@dataclass(frozen=True)
class Delivery:
    """A ledger row as the sender and the CLI see it."""

    key: str
    kind: Kind
    team_id: str
    person_id: str
    period: str
    due_at: dt.datetime
    state: State
    attempts: int
    last_error: str | None
    next_attempt_at: dt.datetime
    channel: str | None
    ts: str | None
    sent_at: dt.datetime | None
    resent: bool


def after_interruption(kind: Kind, already_resent: bool) -> State:
    """Return where a row found in `sending` after a crash goes: pending (resend once) or unknown."""
    return State.PENDING if kind in RESEND_ONCE and not already_resent else State.UNKNOWN
