"""The tables. Every row carries the Slack team id so one deployment can serve several workspaces."""

import datetime as dt

from sqlalchemy import BigInteger, Column, ForeignKeyConstraint, Index, Text, false
from sqlmodel import Field, SQLModel

from storage.tables_crm import CrmProposalRow, CrmRecordRow  # noqa: F401 (registered with the rest)
from storage.tables_decisions import (  # noqa: F401 (registered with the rest)
    DecisionAmendmentRow,
    DecisionRow,
    MilestoneMarkRow,
)
from storage.tables_oauth import InstallationRow, OAuthStateRow  # noqa: F401 (registered with the rest)
from storage.tables_roster import LeaveRow, PlanPeriodRow, RosterChangeRow  # noqa: F401 (registered with the rest)
from storage.types import UTCDateTime

TEAM = 20  # Slack team ids are short, e.g. T0123ABCD
USER = 24
KEY = 40
EMAIL = 254


def _at() -> Column[dt.datetime]:
    return Column(UTCDateTime(), nullable=False)


class Workspace(SQLModel, table=True):
    team_id: str = Field(primary_key=True, max_length=TEAM)
    name: str = Field(default="", max_length=120)
    created_at: dt.datetime = Field(sa_column=_at())
    # Set when the app is uninstalled or its bot token revoked: nothing is sent there until reinstalled.
    disabled_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class PersonRow(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (
        ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        Index("ix_person_manager", "team_id", "manager_id"),
    )

    team_id: str = Field(primary_key=True, max_length=TEAM)
    slack_id: str = Field(primary_key=True, max_length=USER)
    name: str = Field(max_length=80)
    role: str = Field(max_length=10)
    manager_id: str | None = Field(default=None, max_length=USER)
    tz: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=EMAIL)  # matches imported touches to people
    segment: str | None = Field(default=None, max_length=40)  # region or market; splits hire classes
    # Set in the team file: never overwritten from Slack.
    tz_from_admin: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    tz_checked_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    updated_at: dt.datetime = Field(sa_column=_at())
    # Offboarded on this day: nothing is sent to them and they leave cohort figures; history stays.
    left_on: dt.date | None = None


class PlanRow(SQLModel, table=True):
    """One version of a ramp plan, with the YAML it came from so it can be shown and exported as written."""

    __tablename__ = "ramp_plan"
    __table_args__ = (ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),)

    team_id: str = Field(primary_key=True, max_length=TEAM)
    plan_id: str = Field(primary_key=True, max_length=KEY)
    version: int = Field(primary_key=True)
    name: str = Field(max_length=120)
    source: str = Field(sa_column=Column(Text, nullable=False))
    imported_at: dt.datetime = Field(sa_column=_at())


class EnrollmentRow(SQLModel, table=True):
    """A rep's ramp: the plan version they were enrolled on stays theirs when the plan changes."""

    __tablename__ = "enrollment"
    __table_args__ = (
        ForeignKeyConstraint(["team_id", "rep_id"], ["person.team_id", "person.slack_id"]),
        ForeignKeyConstraint(
            ["team_id", "plan_id", "plan_version"],
            ["ramp_plan.team_id", "ramp_plan.plan_id", "ramp_plan.version"],
        ),
    )

    team_id: str = Field(primary_key=True, max_length=TEAM)
    rep_id: str = Field(primary_key=True, max_length=USER)
    plan_id: str = Field(max_length=KEY)
    plan_version: int
    start_date: dt.date
    # After a replan that kept the day count: the day this plan took over (the weeks before are earlier).
    counted_from: dt.date | None = None
    enrolled_by: str = Field(max_length=USER)
    enrolled_at: dt.datetime = Field(sa_column=_at())


class WeekLogRow(SQLModel, table=True):
    """A rep's week: its note and who last changed it. Its absence means "not logged", unlike zeros."""

    __tablename__ = "week_log"
    __table_args__ = (ForeignKeyConstraint(["team_id", "rep_id"], ["person.team_id", "person.slack_id"]),)

    team_id: str = Field(primary_key=True, max_length=TEAM)
    rep_id: str = Field(primary_key=True, max_length=USER)
    week_start: dt.date = Field(primary_key=True)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_by: str = Field(max_length=USER)
    updated_at: dt.datetime = Field(sa_column=_at())


class ActivityRow(SQLModel, table=True):
    """One number for one plan metric in one week."""

    __tablename__ = "activity"
    __table_args__ = (
        ForeignKeyConstraint(
            ["team_id", "rep_id", "week_start"],
            ["week_log.team_id", "week_log.rep_id", "week_log.week_start"],
        ),
        # Covers ramp status's per-rep, per-metric sums: read in group order, never touching the table.
        Index("ix_activity_rep_metric", "team_id", "rep_id", "metric", "week_start", "value"),
    )

    team_id: str = Field(primary_key=True, max_length=TEAM)
    rep_id: str = Field(primary_key=True, max_length=USER)
    week_start: dt.date = Field(primary_key=True)
    metric: str = Field(primary_key=True, max_length=KEY)
    value: float
    updated_by: str = Field(max_length=USER)
    updated_at: dt.datetime = Field(sa_column=_at())


class RampFactsRow(SQLModel, table=True):
    """One rep's ramp facts, cached for one week of one enrollment; logging a week drops it."""

    __tablename__ = "ramp_facts_cache"

    team_id: str = Field(primary_key=True, max_length=TEAM)
    rep_id: str = Field(primary_key=True, max_length=USER)
    week: dt.date  # the Monday of the week the facts were computed in
    plan_id: str = Field(max_length=KEY)
    plan_version: int
    start_date: dt.date
    facts: str = Field(sa_column=Column(Text, nullable=False))
    # Bumped by every log of the rep: facts summed from older logs never overwrite a newer version.
    version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ActivityAuditRow(SQLModel, table=True):
    """Every change to a week's numbers or note: the old and new value, who, when and through what."""

    __tablename__ = "activity_audit"
    __table_args__ = (Index("ix_activity_audit_rep", "team_id", "rep_id", "week_start"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=TEAM)
    rep_id: str = Field(max_length=USER)
    week_start: dt.date
    field: str = Field(max_length=KEY)
    old_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    changed_by: str = Field(max_length=USER)
    source: str = Field(max_length=20)
    changed_at: dt.datetime = Field(sa_column=_at())


class DeliveryRow(SQLModel, table=True):
    """The delivery ledger: one row per scheduled message, unique by key (kind:team:person:period)."""

    __tablename__ = "delivery"
    __table_args__ = (
        Index("ix_delivery_claim", "state", "next_attempt_at"),
        Index("ix_delivery_team_person", "team_id", "person_id"),
    )

    key: str = Field(primary_key=True, max_length=120)
    team_id: str = Field(max_length=TEAM)
    kind: str = Field(max_length=20)
    person_id: str = Field(max_length=USER)
    period: str = Field(max_length=20)
    due_at: dt.datetime = Field(sa_column=_at())
    state: str = Field(max_length=10)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    next_attempt_at: dt.datetime = Field(sa_column=_at())
    claimed_by: str | None = Field(default=None, max_length=80)
    claimed_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    channel: str | None = Field(default=None, max_length=40)
    ts: str | None = Field(default=None, max_length=40)
    sent_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    resent: bool = False
    created_at: dt.datetime = Field(sa_column=_at())


class ReviewRow(SQLModel, table=True):
    """A submitted review. Never updated: a correction is an amendment."""

    __tablename__ = "review"
    __table_args__ = (
        ForeignKeyConstraint(["team_id", "rep_id"], ["person.team_id", "person.slack_id"]),
        Index("ix_review_rep", "team_id", "rep_id", "submitted_at"),
        Index("ix_review_author", "team_id", "author_id", "submitted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=TEAM)
    rep_id: str = Field(max_length=USER)
    author_id: str = Field(max_length=USER)
    slot: dt.date | None = None  # the cadence slot it fulfils (None: an extra review)
    checkpoint: int | None = None
    submitted_at: dt.datetime = Field(sa_column=_at())
    seconds: float | None = None  # from opening the modal to submitting it
    ratings: str = Field(sa_column=Column(Text, nullable=False))  # JSON: sales task -> 1..5
    people: str = Field(sa_column=Column(Text, nullable=False))
    control: str = Field(sa_column=Column(Text, nullable=False))
    environment: str = Field(sa_column=Column(Text, nullable=False))
    evidence: str = Field(sa_column=Column(Text, nullable=False))
    assessment: str = Field(max_length=20)
    decision: str | None = Field(default=None, max_length=30)
    next_review: dt.date | None = None


class ReviewActionRow(SQLModel, table=True):
    """An action item from a review; it shows on Home tabs until someone marks it done."""

    __tablename__ = "review_action"
    __table_args__ = (Index("ix_review_action_rep", "team_id", "rep_id", "done_at"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id")
    team_id: str = Field(max_length=TEAM)
    rep_id: str = Field(max_length=USER)
    owner: str = Field(max_length=10)
    text: str = Field(sa_column=Column(Text, nullable=False))
    due: dt.date
    done_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    done_by: str | None = Field(default=None, max_length=USER)


class ReviewAmendmentRow(SQLModel, table=True):
    __tablename__ = "review_amendment"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    team_id: str = Field(max_length=TEAM)
    author_id: str = Field(max_length=USER)
    text: str = Field(sa_column=Column(Text, nullable=False))
    added_at: dt.datetime = Field(sa_column=_at())


class ReviewDraftRow(SQLModel, table=True):
    """What a manager had typed when they closed the review modal, so reopening it loses nothing."""

    __tablename__ = "review_draft"

    team_id: str = Field(primary_key=True, max_length=TEAM)
    author_id: str = Field(primary_key=True, max_length=USER)
    rep_id: str = Field(primary_key=True, max_length=USER)
    state: str = Field(sa_column=Column(Text, nullable=False))  # JSON of the modal's values
    saved_at: dt.datetime = Field(sa_column=_at())


class ReviewMoveRow(SQLModel, table=True):
    """A rescheduled review slot: its new date and why."""

    __tablename__ = "review_move"

    team_id: str = Field(primary_key=True, max_length=TEAM)
    rep_id: str = Field(primary_key=True, max_length=USER)
    slot: dt.date = Field(primary_key=True)
    due: dt.date
    reason: str = Field(sa_column=Column(Text, nullable=False))
    moved_by: str = Field(max_length=USER)
    moved_at: dt.datetime = Field(sa_column=_at())


class OutreachTouchRow(SQLModel, table=True):
    """One outreach touch of a rep, unique by its idempotency key within a workspace."""

    __tablename__ = "outreach_touch"
    __table_args__ = (
        ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        # Nudges read a team's (or a rep's) recent touches: both filter on time after the team and rep.
        Index("ix_outreach_touch_rep", "team_id", "rep_id", "sent_at"),
        Index("ix_outreach_touch_sent", "team_id", "sent_at"),
        Index("ix_outreach_touch_thread", "team_id", "thread"),
    )

    team_id: str = Field(primary_key=True, max_length=TEAM)
    touch_key: str = Field(primary_key=True, max_length=64)  # Touch.key: a SHA-256 in hex
    rep_id: str = Field(max_length=USER)
    sent_at: dt.datetime = Field(sa_column=_at())
    channel: str = Field(max_length=10)
    step: int
    template: str = Field(max_length=120)
    subject: str | None = Field(default=None, max_length=500)
    body: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    body_tags: str | None = Field(default=None, max_length=200)  # derived from the body; outlives it
    outcome: str = Field(max_length=20)
    source: str = Field(max_length=20)
    # The conversation a connector saw it in, so a reply read later can be credited to it.
    thread: str | None = Field(default=None, max_length=100)
    imported_at: dt.datetime = Field(sa_column=_at())


class ConnectorStateRow(SQLModel, table=True):
    """Where a connector stopped reading for a workspace, so the next run resumes there."""

    __tablename__ = "connector_state"
    __table_args__ = (ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),)

    team_id: str = Field(primary_key=True, max_length=TEAM)
    connector: str = Field(primary_key=True, max_length=20)
    cursor: str | None = Field(default=None, max_length=200)
    last_seen_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    updated_at: dt.datetime = Field(sa_column=_at())


class SeenRequestRow(SQLModel, table=True):
    """A Slack request already handled (by event id or signature): a replay or a retry is not run twice."""

    __tablename__ = "seen_request"
    __table_args__ = (Index("ix_seen_request_at", "seen_at"),)

    key: str = Field(primary_key=True, max_length=120)
    seen_at: dt.datetime = Field(sa_column=_at())


class NudgeInsightRow(SQLModel, table=True):
    """An insight as rendered into a rep's weekly nudge: what adoption is measured against later."""

    __tablename__ = "nudge_insight"
    __table_args__ = (ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),)

    team_id: str = Field(primary_key=True, max_length=TEAM)
    rep_id: str = Field(primary_key=True, max_length=USER)
    week: str = Field(primary_key=True, max_length=8)  # ISO week label, e.g. 2026-W48
    kind: str = Field(primary_key=True, max_length=10)  # approach or template
    stage: str = Field(primary_key=True, max_length=10)
    better: str = Field(primary_key=True, max_length=120)
    worse: str = Field(primary_key=True, max_length=120)
    probability: float
    rendered_at: dt.datetime = Field(sa_column=_at())


class NudgeFeedbackRow(SQLModel, table=True):
    """A rep's reaction to one insight of one week's nudge: the first click is the one kept."""

    __tablename__ = "nudge_feedback"
    __table_args__ = (
        ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        # Snoozes are read per rep when their next nudges are rendered.
        Index("ix_nudge_feedback_reaction", "team_id", "rep_id", "reaction"),
    )

    team_id: str = Field(primary_key=True, max_length=TEAM)
    rep_id: str = Field(primary_key=True, max_length=USER)
    week: str = Field(primary_key=True, max_length=8)
    kind: str = Field(primary_key=True, max_length=10)
    stage: str = Field(primary_key=True, max_length=10)
    better: str = Field(primary_key=True, max_length=120)
    worse: str = Field(primary_key=True, max_length=120)
    reaction: str = Field(max_length=10)  # up, down or snooze
    at: dt.datetime = Field(sa_column=_at())


class ExperimentRow(SQLModel, table=True):
    """A rep's weekly experiment: the arm suggested for a share of their touches, and how it went."""

    __tablename__ = "experiment"
    __table_args__ = (ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),)

    team_id: str = Field(primary_key=True, max_length=TEAM)
    rep_id: str = Field(primary_key=True, max_length=USER)
    week: str = Field(primary_key=True, max_length=8)  # ISO week label of the nudge that suggested it
    stage: str = Field(max_length=10)
    arm: str = Field(max_length=120)
    best: str = Field(max_length=120)  # the rep's best arm so far, used for the rest
    share: float
    status: str = Field(max_length=10)  # suggested or skipped ("Not this week")
    suggested_at: dt.datetime = Field(sa_column=_at())
    # The outcome, measured once the week is over: touches with the arm and the rest, with responses.
    tried_touches: int | None = None
    tried_responses: int | None = None
    other_touches: int | None = None
    other_responses: int | None = None


class AdminActionRow(SQLModel, table=True):
    """What an admin did to someone else's data, and every `rampcoach forget`: who, what, to whom, when."""

    __tablename__ = "admin_action"
    __table_args__ = (Index("ix_admin_action_team", "team_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=TEAM)
    actor_id: str = Field(max_length=USER)
    action: str = Field(max_length=40)
    subject_id: str | None = Field(default=None, max_length=USER)
    detail: str = Field(default="", max_length=300)
    at: dt.datetime = Field(sa_column=_at())


class DataRevisionRow(SQLModel, table=True):
    """One row: the data's revision, which every committed change replaces (storage/revision.py)."""

    __tablename__ = "data_revision"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    revision: int = Field(sa_type=BigInteger)
