"""What a team file sync would do: added, changed, moved, offboarded (reps only), kept."""

from coaching.roster_sync import Stored, sync_plan
from coaching.team import Person, Role

STORED = {
    "U0LEAD": Stored("U0LEAD", "Dana", Role.LEADER, None, left=False),
    "U0MGR1": Stored("U0MGR1", "Max", Role.MANAGER, "U0LEAD", left=False),
    "U0REP1": Stored("U0REP1", "Riley", Role.REP, "U0MGR1", left=False),
    "U0REP2": Stored("U0REP2", "Sam", Role.REP, "U0MGR1", left=False),
    "U0REP3": Stored("U0REP3", "Gone", Role.REP, "U0MGR1", left=True),
}


def test_a_sync_lists_each_kind_of_change_and_offboards_only_reps_still_on_the_roster() -> None:
    wanted = [
        Person(slack_id="U0LEAD", name="Dana", role=Role.LEADER),
        Person(slack_id="U0MGR2", name="Mo", role=Role.MANAGER, manager="U0LEAD"),
        Person(slack_id="U0REP2", name="Sam S.", role=Role.REP, manager="U0MGR2"),
    ]

    plan = sync_plan(STORED, wanted)

    assert plan.added == ["U0MGR2"]
    assert plan.changed == ["U0REP2"]
    assert plan.moved == [("U0REP2", "U0MGR1", "U0MGR2")]
    assert plan.offboarded == ["U0REP1"]  # U0REP3 has left already
    assert plan.kept == ["U0MGR1"]
    assert not plan.empty


def test_syncing_the_same_team_changes_nothing() -> None:
    wanted = [
        Person(slack_id=s.slack_id, name=s.name, role=s.role, manager=s.manager_id)
        for s in STORED.values()
        if not s.left
    ]
    assert sync_plan(STORED, wanted).empty
