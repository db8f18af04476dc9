"""Checkpoint decisions, their amendments, and managers' marks on `confirm` milestones: all append-only."""

import datetime as dt

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

TEAM = 20
USER = 24


class DecisionRow(SQLModel, table=True):
    """A checkpoint decision. Never updated: a correction is an amendment."""

    __tablename__ = "checkpoint_decision"
    __table_args__ = (Index("ix_checkpoint_decision_rep", "team_id", "rep_id", "decided_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=TEAM)
    rep_id: str = Field(max_length=USER)
    review_id: int | None = Field(default=None, foreign_key="review.id")
    checkpoint: int | None = None
    kind: str = Field(max_length=30)
    why: str = Field(sa_column=Column(Text, nullable=False))
    weeks: int | None = None  # extend: by how many weeks
    goals: str = Field(sa_column=Column(Text, nullable=False))  # JSON: [{"text", "due"}]
    decide_by: dt.date | None = None  # performance plan: its decision date
    decided_by: str = Field(max_length=USER)
    decided_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    decided_on: dt.date  # the rep's local date: an ending decision ends the ramp that day
    snapshot: str = Field(sa_column=Column(Text, nullable=False))  # JSON: the data at that moment


class DecisionAmendmentRow(SQLModel, table=True):
    __tablename__ = "decision_amendment"

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="checkpoint_decision.id", index=True)
    team_id: str = Field(max_length=TEAM)
    author_id: str = Field(max_length=USER)
    text: str = Field(sa_column=Column(Text, nullable=False))
    added_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class MilestoneMarkRow(SQLModel, table=True):
    """A Confirm or Not yet click on a `confirm` milestone: who and when; every click is kept."""

    __tablename__ = "milestone_mark"
    __table_args__ = (Index("ix_milestone_mark_rep", "team_id", "rep_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=TEAM)
    rep_id: str = Field(max_length=USER)
    label: str = Field(max_length=120)
    day: int  # the milestone's day when it was marked
    mark: str = Field(max_length=10)
    marked_by: str = Field(max_length=USER)
    marked_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ramp_day: int
