"""Return on effort: what each rep's touches brought back per touch and per hour spent, week by week."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from coaching.errors import Code, FieldProblem, problem
from coaching.touches import REPLY_OR_BETTER, Channel, Outcome, Touch
from coaching.weeks import week_start

# Rough minutes a touch takes, research included; teams can set their own.
DEFAULT_MINUTES: Mapping[Channel, float] = {
    Channel.EMAIL: 5.0,
    Channel.CALL: 10.0,
    Channel.LINKEDIN: 4.0,
    Channel.OTHER: 5.0,
}


@dataclass(frozen=True)
class EffortWeek:
    rep: str
    week_start: dt.date  # the Monday, in the rep's time zone
    touches: int
    responses: int
    minutes: float
    per_touch: float
    per_hour: float


def return_on_effort(
    touches: Iterable[Touch],
    *,
    minutes: Mapping[Channel, float] | None = None,
    floor: Outcome = REPLY_OR_BETTER,
    time_zones: Mapping[str, str] | None = None,
) -> list[EffortWeek]:
    """Return each rep's responses per touch and per hour of effort for every week they sent touches.

    `minutes` overrides the effort per touch by channel; `time_zones` maps a rep to an IANA zone so a
    Sunday-night email lands in the rep's own week (UTC otherwise).
    """
    cost = {**DEFAULT_MINUTES, **(minutes or {})}
    bad = sorted(f"{channel.value}={value}" for channel, value in cost.items() if not value > 0)
    if bad:
        raise ValueError(f"minutes per touch must be positive: {', '.join(bad)}")
    zones = {rep: ZoneInfo(name) for rep, name in (time_zones or {}).items()}
    weeks: dict[tuple[str, dt.date], list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for touch in touches:
        day = touch.sent_at.astimezone(zones.get(touch.rep, dt.UTC)).date()
        week = weeks[(touch.rep, week_start(day))]
        week[0] += 1
        week[1] += touch.responded(floor)
        week[2] += cost[touch.channel]
    return [
        EffortWeek(rep, monday, int(n), int(k), spent, k / n, k / (spent / 60))
        for (rep, monday), (n, k, spent) in sorted(weeks.items())
    ]


@dataclass(frozen=True)
class TouchMinutes:
    """What a touch costs in minutes: by template where the team set one, else by channel."""

    channels: Mapping[Channel, float]
    templates: Mapping[str, float]

    def of(self, touch: Touch) -> float:
        return (
            self.templates.get(touch.template)
            or self.channels.get(touch.channel)
            or DEFAULT_MINUTES[touch.channel]
        )


def touch_minutes(costs: Mapping[str, float]) -> TouchMinutes:
    """Return costs from `channel=minutes` and `template:NAME=minutes` entries; FieldProblem names one."""
    channels: dict[Channel, float] = {}
    templates: dict[str, float] = {}
    for key, value in costs.items():
        if not 0 < value <= 24 * 60:
            raise FieldProblem([problem(Code.MINUTES_OUT_OF_RANGE, entry=key, value=value, max=24 * 60)])
        if key.startswith("template:") and key.removeprefix("template:").strip():
            templates[key.removeprefix("template:").strip()] = value
        elif key in {c.value for c in Channel}:
            channels[Channel(key)] = value
        else:
            raise FieldProblem(
                [problem(Code.MINUTES_UNKNOWN_KEY, entry=key, channels=[c.value for c in Channel])]
            )
    return TouchMinutes(channels, templates)
