"""Outreach touches on both databases: idempotent saves, outcome upgrades, reply credit, reading back."""

import datetime as dt

from sqlalchemy import Engine

from coaching.rep_match import match_reps
from coaching.team import Person, Role
from coaching.templates import TemplateRegistry, derive_tags
from coaching.touches import Channel, Outcome, Touch
from storage.db import session_scope
from storage.repo import connectors, people
from storage.repo.touches import SaveReport, credit_replies, drop_message_text, save_touches, team_touches

TEAM = "T111"
NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def touch(rep: str = "U0REP", minutes: int = 0, outcome: Outcome = Outcome.NONE, step: int = 1) -> Touch:
    return Touch(
        rep=rep,
        sent_at=NOW - DAY + dt.timedelta(minutes=minutes),
        channel=Channel.EMAIL,
        step=step,
        template="issue-opener",
        subject="Quick question",
        body="Hi Sam,\nHow do you ramp new reps today?",
        outcome=outcome,
    )


def seed(engine: Engine) -> None:
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=NOW)
        team = [
            Person(slack_id="U0REP", name="Riley", role=Role.REP, email="Riley@Example.com"),
            Person(slack_id="U0REP2", name="Sam", role=Role.REP),
        ]
        people.upsert_people(session, team_id=TEAM, people=team, now=NOW)


def save(engine: Engine, touches: list[Touch], threads: dict[str, str] | None = None) -> SaveReport:
    with session_scope(engine) as session:
        return save_touches(session, TEAM, touches, "csv", NOW, threads)


def test_saving_the_same_touches_twice_adds_nothing(engine: Engine) -> None:
    seed(engine)
    touches = [touch(minutes=i) for i in range(3)]
    assert save(engine, touches) == SaveReport(added=3, updated=0, unchanged=0)
    assert save(engine, touches) == SaveReport(added=0, updated=0, unchanged=3)
    with session_scope(engine) as session:
        loaded = team_touches(session, TEAM)
    assert [t.model_copy(update={"body_tags": None}) for t in loaded] == touches
    assert [t.body_tags for t in loaded] == [derive_tags(t.body).tags if t.body else None for t in touches]


def test_a_better_outcome_upgrades_a_touch_and_a_worse_one_never_downgrades_it(engine: Engine) -> None:
    seed(engine)
    save(engine, [touch(outcome=Outcome.REPLY)])
    assert save(engine, [touch(outcome=Outcome.MEETING_BOOKED)]) == SaveReport(0, 1, 0)
    assert save(engine, [touch(outcome=Outcome.NONE)]) == SaveReport(0, 0, 1)
    with session_scope(engine) as session:
        (stored,) = team_touches(session, TEAM)
    assert stored.outcome is Outcome.MEETING_BOOKED


def test_one_touch_named_twice_in_one_batch_is_stored_once_with_the_better_outcome(engine: Engine) -> None:
    seed(engine)
    assert save(engine, [touch(), touch(outcome=Outcome.REPLY)]) == SaveReport(1, 0, 0)
    with session_scope(engine) as session:
        assert [t.outcome for t in team_touches(session, TEAM)] == [Outcome.REPLY]


def test_reps_match_by_slack_id_or_email_ignoring_case_and_unknown_reps_are_kept_apart(
    engine: Engine,
) -> None:
    seed(engine)
    given = [touch("riley@EXAMPLE.com"), touch("u0rep2", minutes=1), touch("nobody@example.com", 2)]
    with session_scope(engine) as session:
        found = match_reps(given, people.rep_directory(session, team_id=TEAM))
    assert [t.rep for t in found.matched] == ["U0REP", "U0REP2"]
    assert [t.rep for t in found.unmatched] == ["nobody@example.com"]
    # The same touch named by email and by Slack id has one key once matched.
    assert found.matched[0].key == touch("U0REP").key


def test_reading_back_filters_by_time_and_rep(engine: Engine) -> None:
    seed(engine)
    save(engine, [touch("U0REP", 0), touch("U0REP2", 60), touch("U0REP", 120)])
    since = NOW - DAY + dt.timedelta(minutes=30)
    with session_scope(engine) as session:
        recent = team_touches(session, TEAM, since=since)
        riley = team_touches(session, TEAM, rep_ids=["U0REP"])
        other_team = team_touches(session, "T999")
    assert [(t.rep, t.sent_at) for t in recent] == [
        ("U0REP2", since + dt.timedelta(minutes=30)),
        ("U0REP", since + dt.timedelta(minutes=90)),
    ]
    assert [t.rep for t in riley] == ["U0REP", "U0REP"]
    assert other_team == []
    assert recent[0].sent_at.tzinfo is not None


def test_a_reply_is_credited_once_to_the_latest_touch_before_it_in_its_thread(engine: Engine) -> None:
    seed(engine)
    opener, follow_up = touch(minutes=0), touch(minutes=60, step=2)
    save(engine, [opener, follow_up], {opener.key: "th-1", follow_up.key: "th-1"})
    replied = NOW - DAY + dt.timedelta(minutes=90)
    with session_scope(engine) as session:
        assert credit_replies(session, TEAM, [("th-1", replied), ("th-other", replied)]) == 1
    with session_scope(engine) as session:
        assert credit_replies(session, TEAM, [("th-1", replied)]) == 0  # read again: no change
        assert [t.outcome for t in team_touches(session, TEAM)] == [Outcome.NONE, Outcome.REPLY]


def test_connector_state_is_kept_per_team_and_connector(engine: Engine) -> None:
    seed(engine)
    with session_scope(engine) as session:
        assert connectors.get_state(session, team_id=TEAM, connector="hubspot") == connectors.ConnectorState(
            None, None
        )
        state = connectors.ConnectorState("after-200", NOW)
        connectors.save_state(session, team_id=TEAM, connector="hubspot", state=state, now=NOW)
    with session_scope(engine) as session:
        assert connectors.get_state(session, team_id=TEAM, connector="hubspot") == state


def test_a_person_email_is_stored_and_cleared_by_the_team_file(engine: Engine) -> None:
    seed(engine)
    with session_scope(engine) as session:
        again = [Person(slack_id="U0REP", name="Riley", role=Role.REP)]
        assert people.upsert_people(session, team_id=TEAM, people=again, now=NOW) == 1
        assert people.rep_directory(session, team_id=TEAM).find("riley@example.com") is None


def test_message_text_is_not_kept_when_configured_or_after_its_days_but_its_tags_are(engine: Engine) -> None:
    seed(engine)
    body = touch().body or ""
    with session_scope(engine) as session:
        save_touches(session, TEAM, [touch()], "csv", NOW, keep_text=False)
        save_touches(session, TEAM, [touch(minutes=5)], "csv", NOW - dt.timedelta(days=40))
    with session_scope(engine) as session:
        assert drop_message_text(session, imported_before=NOW - dt.timedelta(days=30)) == 1
    with session_scope(engine) as session:
        stored = team_touches(session, TEAM)
    assert [(t.subject, t.body) for t in stored] == [(None, None), (None, None)]
    assert [t.body_tags for t in stored] == [derive_tags(body).tags] * 2
    registry = TemplateRegistry()
    assert (
        registry.tags_for(stored[0].template, stored[0].body, stored[0].body_tags) == derive_tags(body).tags
    )
