import datetime as dt

from coaching.nudge_adoption import adoption
from coaching.response_stats import by_template
from coaching.touches import Channel, Outcome, Stage, Touch

WEEK = dt.date(2026, 11, 23)  # a Monday: the nudge went out this week
START = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def touches(rep: str, template: str, n: int, replies: int, at: dt.datetime, step: int = 2) -> list[Touch]:
    return [
        Touch(
            rep=rep,
            sent_at=at + dt.timedelta(hours=i),
            channel=Channel.EMAIL,
            step=step,
            template=template,
            outcome=Outcome.REPLY if i < replies else Outcome.NONE,
        )
        for i in range(n)
    ]


def test_share_of_the_better_template_and_the_response_rate_before_and_after_the_nudge() -> None:
    before = START - dt.timedelta(weeks=3)
    after = START + dt.timedelta(days=2)
    found = (
        touches("U1", "pain", 5, 1, before)  # 5 of 20 used the better template before
        + touches("U1", "demo", 15, 1, before)
        + touches("U1", "pain", 15, 6, after)  # 15 of 20 after
        + touches("U1", "demo", 5, 0, after)
        + touches("U1", "pain", 40, 40, after, step=1)  # openers: another stage, not counted
        + touches("U2", "pain", 40, 40, after)  # another rep
        + touches("U1", "pain", 9, 9, START - dt.timedelta(weeks=5))  # too early
        + touches("U1", "pain", 9, 9, START + dt.timedelta(weeks=4))  # too late: the 4 weeks end here
    )
    result = adoption(found, rep="U1", stage=Stage.FOLLOW_UP, better="pain", arms_of=by_template, week=WEEK)
    assert (result.before.touches, result.before.with_better, result.before.responses) == (20, 5, 2)
    assert (result.after.touches, result.after.with_better, result.after.responses) == (20, 15, 6)
    assert (result.before.share, result.after.share) == (0.25, 0.75)
    assert (result.before.rate, result.after.rate) == (0.1, 0.3)
    assert result.share_change == 0.5
    assert result.lift is not None and round(result.lift, 10) == 0.2
    assert result.to_json()["after"] == {
        "touches": 20,
        "with_better": 15,
        "responses": 6,
        "share": 0.75,
        "rate": 0.3,
    }


def test_a_window_without_touches_has_no_rate_and_no_change() -> None:
    found = touches("U1", "pain", 4, 1, START + dt.timedelta(days=1))
    result = adoption(found, rep="U1", stage=Stage.FOLLOW_UP, better="pain", arms_of=by_template, week=WEEK)
    assert (result.before.touches, result.before.share, result.before.rate) == (0, None, None)
    assert (result.after.share, result.after.rate) == (1.0, 0.25)
    assert result.share_change is None and result.lift is None


def test_an_approach_counts_every_touch_tagged_with_it() -> None:
    found = touches("U1", "a", 4, 0, START) + touches("U1", "b", 6, 3, START)
    result = adoption(
        found,
        rep="U1",
        stage=Stage.FOLLOW_UP,
        better="brief",
        arms_of=lambda t: {"brief"} if t.template == "b" else {"long"},
        week=WEEK,
    )
    assert (result.after.with_better, result.after.share, result.after.rate) == (6, 0.6, 0.3)
