import datetime as dt

import pytest

from coaching.effort import return_on_effort
from coaching.touches import Channel, Outcome, Touch


def touch(rep: str, when: dt.datetime, channel: Channel, outcome: Outcome = Outcome.NONE) -> Touch:
    return Touch(rep=rep, sent_at=when, channel=channel, step=1, template="t", outcome=outcome)


MONDAY = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


def test_responses_per_touch_and_per_hour_each_week() -> None:
    touches = [
        touch("U1", MONDAY, Channel.EMAIL, Outcome.REPLY),
        touch("U1", MONDAY, Channel.CALL, Outcome.MEETING_BOOKED),
        touch("U1", MONDAY, Channel.LINKEDIN),
        touch("U1", MONDAY + dt.timedelta(days=7), Channel.OTHER, Outcome.POSITIVE_REPLY),
    ]
    first, second = return_on_effort(touches)
    assert (first.week_start, first.touches, first.responses, first.minutes) == (
        dt.date(2026, 11, 2),
        3,
        2,
        19,
    )
    assert first.per_touch == pytest.approx(2 / 3) and first.per_hour == pytest.approx(2 / (19 / 60))
    assert (second.week_start, second.per_hour) == (dt.date(2026, 11, 9), 12.0)
    meetings = return_on_effort(touches, floor=Outcome.MEETING_BOOKED, minutes={Channel.CALL: 30})
    assert (meetings[0].responses, meetings[0].minutes, meetings[1].responses) == (1, 39, 0)


def test_weeks_follow_the_reps_time_zone() -> None:
    sunday_night_in_la = dt.datetime(2026, 11, 2, 3, tzinfo=dt.UTC)  # Sunday 19:00 in Los Angeles
    touches = [touch("U1", sunday_night_in_la, Channel.EMAIL)]
    assert return_on_effort(touches)[0].week_start == dt.date(2026, 11, 2)
    local = return_on_effort(touches, time_zones={"U1": "America/Los_Angeles"})
    assert local[0].week_start == dt.date(2026, 10, 26)


def test_minutes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="call=0"):
        return_on_effort([], minutes={Channel.CALL: 0})
