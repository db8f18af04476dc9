"""What listeners, services and jobs need from the outside world, built once and passed down.

`Deps` holds what a test swaps: the database, the clock, Slack and the CRM, each behind a small
Protocol. The numbers that tune behaviour are settings, not dependencies: they live apart, in `Tuning`.
"""

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, Self

from sqlalchemy import Engine

from coaching.effort import TouchMinutes
from coaching.templates import TemplateRegistry

if TYPE_CHECKING:
    from bot.connectors.hubspot import EmailPage
    from coaching.crm import CrmOwner

# A person's zone until Slack tells us theirs (and the zone of anything not tied to a person).
DEFAULT_TZ = "UTC"


class Clock(Protocol):
    """Says what instant it is (UTC-aware): the real time in production, a set one in tests and the demo."""

    def __call__(self) -> dt.datetime: ...


class SlackSender(Protocol):
    """The Web API calls that scheduled work makes; slack_sdk's WebClient is one, a test may pass a fake."""

    def chat_postMessage(self, *, channel: str, **kwargs: Any) -> Any: ...

    def files_upload_v2(self, **kwargs: Any) -> Any: ...

    def users_info(self, *, user: str, **kwargs: Any) -> Any: ...


class EmailSource(Protocol):
    """A CRM connector that reads outreach emails page by page (HubSpotClient is one)."""

    def owners(self) -> list["CrmOwner"]: ...

    def email_pages(self, since: dt.datetime, owners: dict[str, str]) -> Iterator["EmailPage"]: ...


def utc_now() -> dt.datetime:
    """Return the current UTC-aware instant (the production clock)."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Tuning:
    """Settings that shape behaviour (from the environment); tests rarely need more than the defaults."""

    log_weeks_back: int = 4  # how many past weeks the logging modal offers besides this one
    templates: TemplateRegistry | None = None  # approach tags of the team's templates, for nudges
    nudge_days: int = 90  # nudges and draft feedback use the touches of this many days back
    touch_minutes: TouchMinutes | None = None  # what a touch costs; None: nudges show no replies per hour
    keep_message_text: bool = True  # store outreach subjects and bodies at all
    message_text_days: int = 30  # and drop them after this many days
    holidays: frozenset[dt.date] = frozenset()  # company holidays: review slots move past them too
    digest_channel: str | None = None  # leader digests go here instead of each leader's DM
    ecosystem_share: float = 0.5  # the share of a cohort stuck at one stage that the digest calls a pattern
    first_review_days: int = 10  # a rep who joins mid-ramp is first reviewed within this many working days
    early_call_visible_to: str = "managers"  # or "leaders": who sees the early call (never the rep)
    team_summary_off: frozenset[str] = frozenset()  # managers who turned off the Monday team summary
    leave_status_match: tuple[str, ...] = ()  # Slack statuses that skip a rep's check-in that week; (): off


@dataclass(frozen=True)
class Deps:
    engine: Engine
    clock: Clock = utc_now
    tuning: Tuning = field(default_factory=Tuning)
    slack: SlackSender | None = None  # scheduled sends; None: the sender builds a client from settings
    crm: EmailSource | None = None  # the CRM to read touches from, when one is configured

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        # Bolt deep-copies the context for lazy listeners; these are shared services, not request state.
        return self


@dataclass
class SettableClock:
    """A clock that says whatever instant it was set to: for `tick --at`, the demo and tests."""

    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now


class RunningClock:
    """A clock that starts at a given instant and runs at real speed: `rampcoach tick --at` uses it, so
    retries after a 429 come due while the run waits, as they would at that instant."""

    def __init__(self, start: dt.datetime) -> None:
        self._start = start
        self._began = time.monotonic()

    def __call__(self) -> dt.datetime:
        return self._start + dt.timedelta(seconds=time.monotonic() - self._began)
