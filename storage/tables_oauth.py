"""Multi-workspace mode: Slack installations (tokens sealed by the bot layer) and OAuth states."""

import datetime as dt

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

SLACK_ID = 32


class InstallationRow(SQLModel, table=True):
    """One installation of the app by one user. Ids and times are clear so rows can be found and listed;
    everything else Slack returned, tokens included, is in `sealed`, encrypted before it gets here."""

    __tablename__ = "slack_installation"
    __table_args__ = (Index("ix_slack_installation_team", "enterprise_id", "team_id", "installed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: str | None = Field(default=None, max_length=SLACK_ID)
    team_id: str | None = Field(default=None, max_length=SLACK_ID)
    user_id: str = Field(max_length=SLACK_ID)
    is_enterprise_install: bool = False
    has_bot: bool = False  # whether `sealed` holds a bot token
    bot_token_expires_at: dt.datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    installed_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    sealed: str = Field(sa_column=Column(Text, nullable=False))


class OAuthStateRow(SQLModel, table=True):
    """A state issued for one install attempt: consumed once, refused after it expires."""

    __tablename__ = "oauth_state"
    __table_args__ = (Index("ix_oauth_state_expires", "expires_at"),)

    state: str = Field(primary_key=True, max_length=64)
    expires_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
