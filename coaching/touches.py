"""Outreach touches: one message or call to a buyer, its outcome, and what counts as a response."""

import datetime as dt
import hashlib
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from coaching.errors import Code, FieldProblem, problem

OPENER_STEP = 1
_KEY_SEPARATOR = "\x1f"  # the ASCII unit separator cannot occur in a CSV cell by accident


class Channel(StrEnum):
    EMAIL = "email"
    CALL = "call"
    LINKEDIN = "linkedin"
    OTHER = "other"


class Outcome(StrEnum):
    """What came back from a touch, from nothing to a meeting; each later member includes the earlier ones."""

    NONE = "none"
    REPLY = "reply"
    POSITIVE_REPLY = "positive_reply"
    MEETING_BOOKED = "meeting_booked"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def at_least(self, floor: "Outcome") -> bool:
        """Whether this outcome counts as a response when responses start at `floor`."""
        return self.rank >= floor.rank


_RANKS = {outcome: rank for rank, outcome in enumerate(Outcome)}

# The default definition of a response: any reply, even a "not now".
REPLY_OR_BETTER = Outcome.REPLY


class Stage(StrEnum):
    """Openers and follow-ups answer at different rates, so they are only compared within a stage."""

    OPENER = "opener"
    FOLLOW_UP = "follow-up"


class Touch(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rep: Annotated[str, Field(min_length=1, max_length=254)]  # a Slack user id or an email address
    sent_at: AwareDatetime
    channel: Channel
    step: Annotated[int, Field(ge=1, le=100)]
    template: Annotated[str, Field(min_length=1, max_length=120)]
    subject: Annotated[str, Field(max_length=500)] | None = None
    body: Annotated[str, Field(max_length=20_000)] | None = None
    outcome: Outcome = Outcome.NONE
    # The approach tags derived from the body when it was stored: they outlive the body (privacy).
    body_tags: frozenset[str] | None = None

    @field_validator("rep", "template")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise FieldProblem([problem(Code.BLANK)])
        if any(ord(c) < 32 for c in value):
            raise FieldProblem([problem(Code.CONTROL_CHARACTERS)])
        return value

    @property
    def stage(self) -> Stage:
        return Stage.OPENER if self.step == OPENER_STEP else Stage.FOLLOW_UP

    def responded(self, floor: Outcome = REPLY_OR_BETTER) -> bool:
        return self.outcome.at_least(floor)

    @property
    def key(self) -> str:
        """A stable idempotency key: a touch imported twice has one key (its outcome may have changed)."""
        sent = self.sent_at.astimezone(dt.UTC).isoformat()
        parts = [self.rep.lower(), sent, self.channel.value, str(self.step), self.template]
        parts.append(self.subject or "")
        return hashlib.sha256(_KEY_SEPARATOR.join(parts).encode("utf-8")).hexdigest()
