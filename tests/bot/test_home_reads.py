"""What a Home render reads once and shares: the data's fingerprint within one render, the review slots
of reps who share their dates (but not their reviews), and the people of the viewer's tree."""

from sqlalchemy import event
from status import NOW, TEAM  # bench/, on the path from tests/bot/conftest.py

from bot.deps import Deps
from bot.services import figures_memo
from bot.services.access import Reach
from bot.services.cockpit import open_review_slots
from bot.services.reviews import NEXT_REVIEW_AHEAD
from coaching.policy import Action
from coaching.review_form import Assessment, ReviewInput
from storage.db import session_scope
from storage.repo import decisions, people, plans, reviews

ALIKE = ["UR00001", "UR00002", "UR00003"]  # one manager, one start, one day they joined Ramp Coach
UNTIL = NOW.date() + NEXT_REVIEW_AHEAD


def _slots(deps: Deps, rep_ids: list[str]) -> dict[str, object]:
    with session_scope(deps.engine) as session:
        return dict(open_review_slots(session, deps, team_id=TEAM, rep_ids=rep_ids, until=UNTIL))


def test_reps_alike_share_slots_but_not_their_reviews(bench_org: Deps) -> None:
    engine, deps = bench_org.engine, bench_org
    first = _slots(deps, ALIKE)["UR00001"][0]  # type: ignore[index]
    review = ReviewInput({}, "", "", "", "", Assessment.ON_TRACK, None, [], None)
    with session_scope(engine) as session:  # one rep reviewed for the first slot, one had it moved
        reviews.save_review(
            session,
            team_id=TEAM,
            rep_id="UR00002",
            author_id="UM00000",
            slot=first.slot,
            checkpoint=first.checkpoint,
            review=review,
            seconds=None,
            now=NOW,
        )
        reviews.move_slot(
            session,
            team_id=TEAM,
            rep_id="UR00003",
            slot=first.slot,
            due=UNTIL,
            reason="",
            by="UM00000",
            now=NOW,
        )
    together = _slots(deps, ALIKE)
    assert together == {rep: _slots(deps, [rep])[rep] for rep in ALIKE}  # each worked out alone
    assert len({str(slots) for slots in together.values()}) == 3


def test_a_render_reads_the_fingerprint_once(bench_org: Deps) -> None:
    engine = bench_org.engine
    counted: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "count(" in statement.lower():
            counted.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    with session_scope(engine) as session:
        figures_memo.data_key(session, TEAM)
        figures_memo.data_key(session, TEAM)
        assert len(counted) == 2
        with figures_memo.one_state():
            inside = [figures_memo.data_key(session, TEAM) for _ in range(3)]
        assert len(counted) == 3 and inside == [figures_memo.data_key(session, TEAM)] * 3


def test_the_people_of_the_viewers_tree_are_those_stored(bench_org: Deps) -> None:
    engine = bench_org.engine
    with session_scope(engine) as session:
        leader = people.get_member(session, team_id=TEAM, slack_id="UL00300")
        assert leader is not None
        reach = Reach(session, leader)
        seen = reach.permitted(Action.VIEW_STATUS)
        wanted = {*seen, *(m for m in seen.values() if m), "UL00300"}
        assert sorted(reach.members(wanted), key=str) == sorted(
            people.members(session, team_id=TEAM, slack_ids=wanted), key=str
        )
        outside = [*wanted, "UL02000"]  # not below this leader: read from the table
        assert {m.slack_id for m in reach.members(outside)} == {*wanted, "UL02000"}


def test_review_subjects_from_what_a_home_read_are_those_stored(bench_org: Deps) -> None:
    engine = bench_org.engine
    with session_scope(engine) as session:
        ids = [f"UR{n:05d}" for n in range(50)]
        enrolled, since = plans.enrollments_since(session, team_id=TEAM, rep_ids=ids)
        assert enrolled == plans.team_enrollments(session, team_id=TEAM, rep_ids=ids)
        everyone = people.members(session, team_id=TEAM, slack_ids=[*ids, "UM00000", "UM00001"])
        made = plans.subjects_of(
            TEAM,
            enrolled,
            {m.slack_id: m for m in everyone},
            decisions.decisions(session, team_id=TEAM, rep_ids=ids),
            since,
        )
        stored = plans.review_subjects(session, team_id=TEAM, rep_ids=ids)
    assert sorted(made, key=repr) == sorted(stored, key=repr) and len(made) == 50
    assert {s.manager_tz for s in made} == {"UTC"}
