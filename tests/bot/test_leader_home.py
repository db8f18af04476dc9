"""The leader's Home at scale: valid Block Kit at 300 and 2,000 reps, riskiest first, filters and pages."""

import dataclasses
import datetime as dt
import json

import pytest

from bot.fake_slack.blockkit import check_view
from bot.services.cockpit import ReviewNeeded
from bot.services.home import Home, TeamLine
from bot.services.leader_home import PAGE, HomeState, leader_home, manager_team, needs_attention
from bot.views import ids
from bot.views.leader_home import leader_home_view, manager_team_modal
from coaching.review_schedule import Slot
from coaching.status import RampStatus, Status
from coaching.team import Member, Role
from tests.coaching.test_digest import status

TODAY = dt.date(2026, 11, 20)
LEADER = Member("T1", "U0LEAD", "Dana Lead", Role.LEADER, None, None)
CYCLE = [Status.ON_TRACK, Status.ON_TRACK, Status.AT_RISK, Status.BEHIND, Status.NO_DATA]


def org(reps: int, per_manager: int = 10) -> Home:
    """Return a leader's Home data for `reps` reps: a fifth behind, a fifth at risk, three hire classes."""
    lines = []
    for n in range(reps):
        manager = f"UM{n // per_manager:04d}"
        rep = Member("T1", f"UR{n:05d}", f"Rep {n:05d}", Role.REP, manager, None)
        state: RampStatus = status(rep.slack_id, CYCLE[n % len(CYCLE)])
        start = dt.date(2026, 8 + n % 3, 3)
        lines.append(
            TeamLine(
                rep,
                f"Manager {manager}",
                state,
                TODAY,
                plan_id=("ae-90", "sdr-60")[n % 2],
                start=start,
                segment=("EMEA", "NA")[n % 2],
                early_call_p=(n % 7) / 7,
            )
        )
    needs = [
        ReviewNeeded(f"UR{n:05d}", Slot(TODAY, TODAY - dt.timedelta(days=3), 60)) for n in range(0, reps, 9)
    ]
    return Home(LEADER, team=tuple(lines), today=TODAY, needs=tuple(needs))


@pytest.mark.parametrize("reps", [300, 2000])
def test_the_leaders_home_is_valid_block_kit_at_scale_with_the_riskiest_first(reps: int) -> None:
    data = leader_home(org(reps), HomeState())
    view = leader_home_view(data).to_dict()
    check_view(view)  # the fake Slack's limits: 100 blocks, text lengths, options
    assert len(view["blocks"]) <= 100
    assert data.attention_total == reps * 2 // 5 + sum(
        1 for n in range(reps) if n % 5 in (0, 1, 4) and n % 7 < 4
    )
    assert [line.status.status for line in data.attention if line.status][0] is Status.BEHIND
    assert len(data.attention) == PAGE and data.managers_total == reps // 10
    counts = data.counts
    assert (counts["on track"], counts["at risk"], counts["behind"]) == (reps * 2 // 5, reps // 5, reps // 5)
    assert counts["decisions due"] == len(range(0, reps, 9))
    text = json.dumps(view)
    assert "Next" in text and "Previous" not in text


def test_behind_comes_before_at_risk_before_a_low_early_call() -> None:
    home = org(10)
    order = [line.status.status if line.status else None for line in needs_attention(list(home.team))]
    first_at_risk = order.index(Status.AT_RISK)
    assert set(order[:first_at_risk]) == {Status.BEHIND}
    first_at_risk_end = len(order) - order[::-1].index(Status.AT_RISK)
    # then reps neither behind nor at risk whose early call is low
    assert set(order[first_at_risk_end:]) <= {Status.ON_TRACK, Status.NO_DATA} and order[first_at_risk_end:]


def test_a_ramp_that_ended_or_a_rep_who_left_is_neither_at_risk_nor_counted() -> None:
    home = org(10)
    behind = [line for line in home.team if line.status and line.status.status is Status.BEHIND]
    ended = dataclasses.replace(behind[0], ended=True)  # parted ways at a checkpoint
    left = dataclasses.replace(behind[1], left_on=TODAY - dt.timedelta(days=3))
    rest = [line for line in home.team if line not in behind[:2]]
    data = leader_home(dataclasses.replace(home, team=(*rest, ended, left)), HomeState())
    shown = {line.rep.slack_id for line in data.attention}
    assert ended.rep.slack_id not in shown and left.rep.slack_id not in shown
    assert data.counts["behind"] == len(behind) - 2


def test_next_and_previous_page_through_the_list_and_a_page_past_the_end_is_the_last() -> None:
    home = org(300)
    second = leader_home(home, HomeState(page=1))
    assert second.attention != leader_home(home, HomeState()).attention
    far = leader_home(home, HomeState(page=99))
    assert far.state.page == -(-far.attention_total // PAGE) - 1
    buttons = [e for b in leader_home_view(second).to_dict()["blocks"] for e in b.get("elements", [])]
    values = {e["text"]["text"]: e["value"] for e in buttons if e.get("action_id") == ids.LEADER_PAGE}
    assert HomeState.from_json(values["Previous"]).page == 0 and HomeState.from_json(values["Next"]).page == 2


def test_filters_narrow_every_list_and_each_option_carries_the_whole_state() -> None:
    home = org(300)
    data = leader_home(home, HomeState(plan="ae-90", hire_class="2026-09"))
    shown = list(data.attention)
    assert shown and all(line.plan_id == "ae-90" and line.start and line.start.month == 9 for line in shown)
    selects = [
        e
        for b in leader_home_view(data).to_dict()["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id", "").startswith(ids.LEADER_FILTER_PREFIX)
    ]
    assert {s["action_id"] for s in selects} == {
        f"{ids.LEADER_FILTER_PREFIX}{f}" for f in ("plan", "manager", "hire_class", "segment")
    }
    plan = next(s for s in selects if s["action_id"].endswith("plan"))
    assert plan["initial_option"]["text"]["text"] == "ae-90"
    sdr = HomeState.from_json(next(o["value"] for o in plan["options"] if o["text"]["text"] == "sdr-60"))
    assert (sdr.plan, sdr.hire_class, sdr.page) == ("sdr-60", "2026-09", 0)


def test_a_bad_state_is_the_first_unfiltered_page() -> None:
    assert HomeState.from_json("not json") == HomeState()
    assert HomeState.from_json('{"pg": "x"}') == HomeState()
    assert HomeState.from_json('{"p": 5, "pg": -3}') == HomeState()


def test_a_managers_team_opens_as_a_valid_modal_even_for_a_big_team() -> None:
    home = org(400, per_manager=400)
    name, lines = manager_team(home, "UM0000")
    assert name == "Manager UM0000" and len(lines) == 400
    assert lines[0].status and lines[0].status.status is Status.BEHIND
    check_view(manager_team_modal(name, lines, TODAY).to_dict())
