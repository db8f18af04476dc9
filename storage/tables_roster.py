"""The roster's history: every change to who is where (issue 16), and leave periods."""

import datetime as dt

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

TEAM = 20
USER = 24


class RosterChangeRow(SQLModel, table=True):
    """One roster change: who did what to whom, when, and why. Never edited: a reversal is a new row."""

    __tablename__ = "roster_change"
    __table_args__ = (Index("ix_roster_change_team", "team_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=TEAM)
    person_id: str = Field(max_length=USER)
    actor_id: str = Field(max_length=USER)
    change: str = Field(max_length=20)
    detail: str = Field(default="", max_length=300)
    reason: str = Field(default="", max_length=300)
    at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class LeaveRow(SQLModel, table=True):
    """A rep's leave, first and last day included (dates in the rep's own calendar)."""

    __tablename__ = "leave_period"
    __table_args__ = (Index("ix_leave_period_rep", "team_id", "rep_id", "first_day"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=TEAM)
    rep_id: str = Field(max_length=USER)
    first_day: dt.date
    last_day: dt.date
    reason: str = Field(default="", max_length=300)
    recorded_by: str = Field(max_length=USER)
    recorded_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class PlanPeriodRow(SQLModel, table=True):
    """A plan a rep was on before a replan, in force until `last_day`: its weeks stay read against it."""

    __tablename__ = "plan_period"
    __table_args__ = (Index("ix_plan_period_rep", "team_id", "rep_id", "last_day"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=TEAM)
    rep_id: str = Field(max_length=USER)
    plan_id: str = Field(max_length=40)
    plan_version: int
    start_date: dt.date
    counted_from: dt.date | None = None
    last_day: dt.date
    ended_by: str = Field(max_length=USER)
    ended_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
