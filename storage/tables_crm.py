"""CRM auto-fill: the records read from a CRM (latest state of each) and the weekly values they propose."""

import datetime as dt

from sqlalchemy import Column, ForeignKeyConstraint, Index, Text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

TEAM = 20
USER = 24
KEY = 40


class CrmRecordRow(SQLModel, table=True):
    """One CRM record in the latest state read: a record read again replaces itself, so it counts once."""

    __tablename__ = "crm_record"
    __table_args__ = (
        ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        Index("ix_crm_record_owner", "team_id", "connector", "owner_id", "occurred_at"),
    )

    team_id: str = Field(primary_key=True, max_length=TEAM)
    connector: str = Field(primary_key=True, max_length=20)
    kind: str = Field(primary_key=True, max_length=10)
    record_id: str = Field(primary_key=True, max_length=64)
    owner_id: str | None = Field(default=None, max_length=64)
    occurred_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    modified_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    properties: str = Field(sa_column=Column(Text, nullable=False))  # JSON: the properties read


class CrmProposalRow(SQLModel, table=True):
    """The value a CRM proposes for one metric of a rep's week; the rep's log itself stays untouched."""

    __tablename__ = "crm_proposal"
    __table_args__ = (ForeignKeyConstraint(["team_id", "rep_id"], ["person.team_id", "person.slack_id"]),)

    team_id: str = Field(primary_key=True, max_length=TEAM)
    rep_id: str = Field(primary_key=True, max_length=USER)
    week_start: dt.date = Field(primary_key=True)
    metric: str = Field(primary_key=True, max_length=KEY)
    value: float
    connector: str = Field(max_length=20)  # which CRM: hubspot, salesforce
    source: str = Field(default="crm", max_length=20)
    # The last sync that saw this value, and the last one that changed it.
    synced_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    changed_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
