"""Did a nudge change anything? The rep's use of the better approach and response rate, before and after.

For an insight sent in week W, the four weeks before W are compared with the four weeks from W on.
Only the rep's touches in the insight's stage count, since the insight was about that stage. This shows
what changed, not why: a rising rate after a nudge is a lift, not proof that the nudge caused it.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coaching.touches import REPLY_OR_BETTER, Outcome, Stage, Touch

WINDOW_WEEKS = 4
ArmsOf = Callable[[Touch], Iterable[str]]


@dataclass(frozen=True)
class Window:
    """The rep's touches in a stage during a window: how many, how many used the better arm, responses."""

    touches: int
    with_better: int
    responses: int

    @property
    def share(self) -> float | None:
        return self.with_better / self.touches if self.touches else None

    @property
    def rate(self) -> float | None:
        return self.responses / self.touches if self.touches else None

    def to_json(self) -> dict[str, object]:
        return {
            "touches": self.touches,
            "with_better": self.with_better,
            "responses": self.responses,
            "share": self.share,
            "rate": self.rate,
        }


@dataclass(frozen=True)
class Adoption:
    week: dt.date  # the Monday of the week the insight was sent
    before: Window
    after: Window

    @property
    def share_change(self) -> float | None:
        """After minus before: how much more of the rep's touches use the better arm."""
        before, after = self.before.share, self.after.share
        return None if before is None or after is None else after - before

    @property
    def lift(self) -> float | None:
        """After minus before: the change in the rep's response rate in that stage."""
        before, after = self.before.rate, self.after.rate
        return None if before is None or after is None else after - before

    @property
    def extra_responses(self) -> float | None:
        """How many more responses the after window's touches brought than at the before rate."""
        lift = self.lift
        return None if lift is None else lift * self.after.touches

    def to_json(self) -> dict[str, object]:
        return {
            "week": self.week.isoformat(),
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "share_change": self.share_change,
            "lift": self.lift,
        }


def adoption(
    touches: Iterable[Touch],
    *,
    rep: str,
    stage: Stage,
    better: str,
    arms_of: ArmsOf,
    week: dt.date,
    weeks: int = WINDOW_WEEKS,
    floor: Outcome = REPLY_OR_BETTER,
) -> Adoption:
    """Return the rep's share of `stage` touches using `better`, and their response rate, around `week`.

    `arms_of` names a touch's arms the way the insight did (its template, or its approach tags). Weeks
    start at Monday 00:00 UTC.
    """
    start = dt.datetime.combine(week, dt.time(), tzinfo=dt.UTC)
    span = dt.timedelta(weeks=weeks)
    mine = [t for t in touches if t.rep == rep and t.stage is stage]
    before = [t for t in mine if start - span <= t.sent_at < start]
    after = [t for t in mine if start <= t.sent_at < start + span]
    return Adoption(week, _window(before, better, arms_of, floor), _window(after, better, arms_of, floor))


def _window(touches: list[Touch], better: str, arms_of: ArmsOf, floor: Outcome) -> Window:
    return Window(
        len(touches),
        sum(better in arms_of(t) for t in touches),
        sum(t.responded(floor) for t in touches),
    )


MIN_SWITCH = 0.2  # how much more of the rep's touches must use the better arm to count as a switch


def switched(measured: Adoption, *, min_change: float = MIN_SWITCH) -> bool:
    """Return whether the rep moved their mix toward the better arm after the insight (with touches)."""
    change = measured.share_change
    return change is not None and change >= min_change and measured.lift is not None
