"""The leader digest as data: headline counts and change, at-risk reasons, milestones, reviews, signals."""

from coaching.digest import (
    DoneReviewLine,
    LateRep,
    OpenReviewLine,
    RepInput,
    RiskReason,
    build_digest,
    ecosystem_signals,
)
from coaching.response_stats import ResponseRate
from coaching.status import MetricProgress, MilestoneProgress, MilestoneState, RampStatus, Status

MEETINGS = MilestoneProgress(30, "8 meetings booked", MilestoneState.DUE)


def status(
    rep: str,
    state: Status,
    *,
    stall: str | None = None,
    milestones: list[MilestoneProgress] | None = None,
    meetings: float = 10.0,
    complete: int = 6,
) -> RampStatus:
    return RampStatus(
        rep_id=rep,
        day=complete * 7 + 3,
        week=complete + 1,
        total_weeks=13,
        complete_weeks=complete,
        logged_weeks=complete,
        missing_weeks=[],
        metrics=[
            MetricProgress("calls", "Calls", 200, 200),
            MetricProgress("meetings", "Meetings", meetings, 20),
        ],
        attainment={Status.ON_TRACK: 1.0, Status.AT_RISK: 0.8, Status.BEHIND: 0.5}.get(state),
        status=state,
        trend=[0.9, 1.0, None],
        projection=0.95,
        milestones=milestones if milestones is not None else [MEETINGS],
        conversions=[],
        stall=stall,
    )


def rep(
    rep_id: str, now: RampStatus, before: RampStatus | None, manager: str = "Max", plan: str = ""
) -> RepInput:
    return RepInput(rep_id, f"Rep {rep_id}", manager, now, before, plan)


def test_the_headline_counts_ramping_reps_and_the_change_since_last_week() -> None:
    reps = [
        rep("A", status("A", Status.ON_TRACK), status("A", Status.AT_RISK)),
        rep("B", status("B", Status.ON_TRACK), status("B", Status.ON_TRACK)),
        rep("C", status("C", Status.BEHIND), status("C", Status.AT_RISK)),
        rep("D", status("D", Status.AT_RISK), None),  # enrolled this week
        rep("E", status("E", Status.NOT_STARTED), None),  # starts next week: not ramping
        rep("F", status("F", Status.ON_TRACK, complete=13), status("F", Status.ON_TRACK)),  # finished
    ]
    h = build_digest(reps).headline
    assert h.ramping == 4
    assert h.counts == {"on track": 2, "at risk": 1, "behind": 1, "no data": 0}
    assert h.change == {"on track": 1, "at risk": -1, "behind": 1, "no data": 0}
    assert h.moved == [("Rep A", "at risk", "on track"), ("Rep C", "at risk", "behind")]
    assert [r.rep_id for r in build_digest(reps).rows] == ["A", "B", "C", "D", "E", "F"]


def test_an_at_risk_rep_gets_one_line_with_the_weakest_metric_a_missed_milestone_and_the_stall() -> None:
    missed = MilestoneProgress(30, "8 meetings booked", MilestoneState.MISSED)
    now = status("A", Status.BEHIND, stall="meetings → demos", milestones=[missed], meetings=5)
    (line,) = build_digest([rep("A", now, status("A", Status.AT_RISK))]).at_risk
    assert line.status == "behind"
    assert line.reason == RiskReason(("Meetings", 0.25), ("8 meetings booked", 30), "meetings → demos")


def test_milestones_hit_and_missed_are_only_those_that_changed_this_week() -> None:
    hit = MilestoneProgress(30, "8 meetings booked", MilestoneState.HIT)
    missed = MilestoneProgress(30, "8 meetings booked", MilestoneState.MISSED)
    reps = [
        rep("A", status("A", Status.ON_TRACK, milestones=[hit]), status("A", Status.ON_TRACK)),
        rep("B", status("B", Status.BEHIND, milestones=[missed]), status("B", Status.BEHIND)),
        rep(
            "C",
            status("C", Status.ON_TRACK, milestones=[hit]),
            status("C", Status.ON_TRACK, milestones=[hit]),
        ),
    ]
    digest = build_digest(reps)
    assert [(e.name, e.label) for e in digest.hit] == [("Rep A", "8 meetings booked")]
    assert [e.name for e in digest.missed] == ["Rep B"]


def test_the_ecosystem_signal_fires_at_the_threshold_and_not_below_it() -> None:
    stage = "conversations → meetings"
    at = [status(f"R{n}", Status.AT_RISK, stall=stage if n < 2 else None) for n in range(4)]
    (signal,) = ecosystem_signals(at, 0.5)
    assert (signal.kind, signal.name, signal.count, signal.of) == ("stage", stage, 2, 4)
    below = [status(f"R{n}", Status.AT_RISK, stall=stage if n < 2 else None) for n in range(5)]
    assert ecosystem_signals(below, 0.5) == []
    assert ecosystem_signals(below, 0.4)[0].count == 2


def test_a_milestone_most_reps_missed_is_a_signal_and_one_rep_never_is() -> None:
    missed = MilestoneProgress(30, "8 meetings booked", MilestoneState.MISSED)
    hit = MilestoneProgress(30, "8 meetings booked", MilestoneState.HIT)
    reps = [status("A", Status.BEHIND, milestones=[missed]), status("B", Status.BEHIND, milestones=[missed])]
    reps.append(status("C", Status.ON_TRACK, milestones=[hit]))
    (signal,) = ecosystem_signals(reps, 0.5)
    assert (signal.kind, signal.count, signal.of) == ("milestone", 2, 3)
    assert ecosystem_signals([status("A", Status.BEHIND, stall="x → y")], 0.5) == []


def test_the_ecosystem_signal_counts_the_reps_of_one_plan_and_names_it() -> None:
    # Issue 13, defect 8: pooled with three AEs, 2 of 3 SDRs stalling were 2 of 6 reps, under 50%.
    stage = "conversations → meetings_booked"
    sdrs = [
        rep(f"S{n}", status(f"S{n}", Status.AT_RISK, stall=stage if n < 2 else None), None, plan="SDR")
        for n in range(3)
    ]
    aes = [rep(f"A{n}", status(f"A{n}", Status.ON_TRACK, milestones=[]), None, plan="AE") for n in range(3)]
    signals = build_digest(sdrs + aes).signals
    assert [(s.plan, s.kind, s.name, s.count, s.of) for s in signals] == [("SDR", "stage", stage, 2, 3)]


def test_one_stall_on_each_of_two_plans_is_not_a_pattern() -> None:
    stage = "conversations → meetings_booked"  # the same stage name in both plans
    reps = [rep("S", status("S", Status.AT_RISK, stall=stage), None, plan="SDR")]
    reps += [rep("A", status("A", Status.AT_RISK, stall=stage), None, plan="AE")]
    reps += [rep("B", status("B", Status.ON_TRACK), None, plan="AE")]
    assert [s for s in build_digest(reps).signals if s.kind == "stage"] == []


def test_reviews_are_summed_per_manager_with_very_late_ones_and_drive_by_signs() -> None:
    thin = ("short evidence", "done in under a minute")
    opened = [
        OpenReviewLine("Max", "Riley", 6),
        OpenReviewLine("Max", "Sam", 2),
        OpenReviewLine("Max", "Ana", 0),
        OpenReviewLine("Max", "Bo", -3),
    ]
    done = [
        DoneReviewLine("Max", "Cy", 1, thin),
        DoneReviewLine("Max", "Di", 9, thin),
        DoneReviewLine("Lee", "Ed", 2, ()),
    ]
    lee, max_ = build_digest([], opened, done).reviews
    assert (max_.done, max_.due, max_.overdue, max_.very_late, max_.drive_by) == (
        1,
        2,
        2,
        [LateRep("Riley", 1, 6, None)],
        True,
    )
    assert max_.signs == ["done in under a minute", "short evidence"]
    assert (lee.done, lee.due, lee.drive_by) == (1, 0, False)


def test_a_rep_with_many_open_reviews_is_one_line_with_the_count_and_days_since_their_last() -> None:
    # Issue 13, defect 5: the digest listed "Alex Slow 70d, Alex Slow 56d, Alex Slow 55d…".
    opened = [OpenReviewLine("Max", "Alex Slow", days, "U1") for days in (70, 56, 55, -2)]
    opened += [OpenReviewLine("Max", "Alex Slow", 9, "U2"), OpenReviewLine("Max", "Bo", 1, "U3")]
    done = [
        DoneReviewLine("Lee", "Alex Slow", 84, (), "U1"),
        DoneReviewLine("Max", "Alex Slow", 90, (), "U1"),
    ]
    max_ = next(m for m in build_digest([], opened, done).reviews if m.manager == "Max")
    assert (max_.due, max_.overdue) == (0, 3)  # three reps overdue, not six slots
    assert max_.very_late == [LateRep("Alex Slow", 3, 70, 84), LateRep("Alex Slow", 1, 9, None)]


def test_winning_approaches_rank_by_the_low_end_and_need_a_sample() -> None:
    rates = [
        ResponseRate(None, None, "question", 30, 100, 0.30, 0.22, 0.40),
        ResponseRate(None, None, "lucky", 3, 5, 0.60, 0.23, 0.88),
        ResponseRate(None, None, "case study", 40, 100, 0.40, 0.31, 0.50),
        ResponseRate("U1", None, "rep only", 40, 100, 0.40, 0.35, 0.50),
    ]
    digest = build_digest([], rates=rates, touches=205)
    assert [a.arm for a in digest.approaches] == ["case study", "question"]
    assert build_digest([]).touches == 0
