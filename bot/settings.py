"""Settings from the environment and `.env`. There is no module-level instance: the CLI builds one."""

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.oauth.crypto import TokenKeyError, parse_keys
from bot.views.problems import problem_text, problems_line
from coaching.cadence import Schedules
from coaching.effort import TouchMinutes, touch_minutes
from coaching.errors import FieldProblem, describe
from coaching.schedule import Shift, Weekly
from coaching.templates import TemplateRegistry, parse_registry
from storage.db import normalize_url

DEFAULT_DATABASE_URL = "sqlite:///data/rampcoach.db"
DEFAULT_TEMPLATES = Path("templates.yml")


class SettingsError(ValueError):
    """A setting is missing or invalid; the message is one line naming the variable and the reason."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_team_id: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"
    rampcoach_holidays: Annotated[list[dt.date], NoDecode] = []
    rampcoach_log_weeks_back: Annotated[int, Field(ge=0, le=12)] = 4
    rampcoach_templates: Path | None = None  # the template registry; default templates.yml if present
    rampcoach_nudge_day: Literal["mon", "tue", "wed", "thu", "fri"] = "mon"
    rampcoach_nudge_time: dt.time = dt.time(9, 0)  # local time of each rep
    rampcoach_nudge_days: Annotated[int, Field(ge=7, le=3650)] = 90  # touches window for nudges
    # Minutes a touch takes, per channel or template: email=5,call=10,template:issue-brief=6. When set,
    # nudges show replies per hour beside reply rates (a cheaper arm with a lower rate can win).
    rampcoach_touch_minutes: Annotated[dict[str, float], NoDecode] = {}
    # Outreach message text (subject and body): stored at all, and for how many days; the tags derived
    # from it stay either way.
    rampcoach_keep_message_text: bool = True
    rampcoach_message_text_days: Annotated[int, Field(ge=1, le=3650)] = 30
    hubspot_token: SecretStr | None = None
    hubspot_api_url: str = "https://api.hubapi.com/"
    # CRM auto-fill: which CRM fills the weekly log, the mapping file, and whether its values need a click.
    rampcoach_crm: Literal["hubspot", "salesforce"] | None = None
    rampcoach_crm_mapping: Path = Path("crm-mapping.yml")
    rampcoach_crm_auto_confirm: bool = False
    # Salesforce: a connected app, signed in with the JWT bearer flow (username and private key) or the
    # client credentials flow (client secret; the login URL is then the org's My Domain URL).
    salesforce_login_url: str = "https://login.salesforce.com/"
    salesforce_client_id: str | None = None
    salesforce_client_secret: SecretStr | None = None
    salesforce_username: str | None = None
    salesforce_private_key_file: Path | None = None
    salesforce_api_version: Annotated[str, Field(pattern=r"^v\d{2,3}\.\d$")] = "v60.0"
    rampcoach_shutdown_seconds: Annotated[float, Field(gt=0, le=600)] = 20
    rampcoach_digest_channel: Annotated[str, Field(pattern=r"^[CG][A-Z0-9]{2,20}$")] | None = None
    rampcoach_ecosystem_share: Annotated[float, Field(gt=0, le=1)] = 0.5
    rampcoach_first_review_days: Annotated[int, Field(ge=0, le=60)] = 10  # working days; 0: the next slot
    # Who sees the early call: `managers` (the line of managers, leaders, admins) or only `leaders`
    # (leaders and admins). Never the rep.
    rampcoach_early_call_visible_to: Literal["managers", "leaders"] = "managers"
    # Managers who do not want the Monday team summary: RAMPCOACH_TEAM_SUMMARY_OFF=U0MGR1,U0MGR2
    rampcoach_team_summary_off: Annotated[
        list[Annotated[str, Field(pattern=r"^[UW][A-Z0-9]{2,20}$")]], NoDecode
    ] = []
    # Off by default: a rep whose Slack status text or emoji matches one of these when their check-in (or
    # its reminder) is sent is skipped that week: RAMPCOACH_LEAVE_STATUS_MATCH=🌴,:palm_tree:,vacation,OOO
    rampcoach_leave_status_match: Annotated[list[Annotated[str, Field(max_length=100)]], NoDecode] = []
    # Multi-workspace mode (OAuth installs) when all three are set; token mode otherwise.
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    rampcoach_token_key: SecretStr | None = None  # Fernet keys, comma-separated; the first one encrypts
    slack_redirect_uri: str | None = None  # only if the app has several redirect URLs

    @field_validator(
        "rampcoach_holidays", "rampcoach_team_summary_off", "rampcoach_leave_status_match", mode="before"
    )
    @classmethod
    def _comma_list(cls, value: object) -> object:
        # A comma-separated list: RAMPCOACH_HOLIDAYS=2026-12-25,2027-01-01
        return (
            [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value
        )

    @field_validator("rampcoach_touch_minutes", mode="before")
    @classmethod
    def _minutes_list(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        pairs = [part.split("=", 1) for part in value.split(",") if part.strip()]
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError("expected entries like email=5,template:issue-brief=6")
        return {key.strip(): number.strip() for key, number in pairs}

    @field_validator("rampcoach_touch_minutes")
    @classmethod
    def _minutes_known(cls, value: dict[str, float]) -> dict[str, float]:
        touch_minutes(value)  # names the bad entry
        return value

    def touch_minutes(self) -> TouchMinutes | None:
        """Return the time cost of touches when the team set one (RAMPCOACH_TOUCH_MINUTES), else None."""
        return touch_minutes(self.rampcoach_touch_minutes) if self.rampcoach_touch_minutes else None

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        return _prefixed(value, "xoxb-", "a bot token")

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        return _prefixed(value, "xapp-", "an app-level token (Socket Mode)")

    @field_validator("rampcoach_token_key")
    @classmethod
    def _token_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            try:
                parse_keys(value.get_secret_value())
            except TokenKeyError as error:
                raise ValueError(str(error)) from None
        return value

    @field_validator("slack_api_url", "hubspot_api_url", "salesforce_login_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("slack_team_id")
    @classmethod
    def _team_id(cls, value: str | None) -> str | None:
        if value is not None and not (value.startswith(("T", "E")) and value.isalnum()):
            raise ValueError("must be a Slack team id such as T0123ABCD")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            backend = make_url(normalize_url(value)).get_backend_name()
        except ArgumentError:
            raise ValueError("is not a database URL (sqlite:///path or postgresql://user@host/db)") from None
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(f"uses {backend}; Ramp Coach supports sqlite and postgresql")
        return value

    @field_validator("rampcoach_nudge_day", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower()[:3] if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    def schedules(self) -> Schedules:
        """Return the delivery schedules: the defaults, the nudge's day and time, the company holidays."""
        weekday = ("mon", "tue", "wed", "thu", "fri").index(self.rampcoach_nudge_day)
        nudge = Weekly(weekday=weekday, at=self.rampcoach_nudge_time.replace(tzinfo=None), shift=Shift.LATER)
        return Schedules(nudge=nudge, holidays=frozenset(self.rampcoach_holidays))

    def templates(self) -> TemplateRegistry | None:
        """Return the template registry (RAMPCOACH_TEMPLATES, else ./templates.yml if present), or None.

        Raise SettingsError naming the file and every problem when it cannot be read or is not valid.
        """
        path = self.rampcoach_templates or (DEFAULT_TEMPLATES if DEFAULT_TEMPLATES.is_file() else None)
        if path is None:
            return None
        from bot.services.setup import load_yaml  # the YAML helper lives with the other file loaders

        try:
            return parse_registry(load_yaml(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise SettingsError(f"RAMPCOACH_TEMPLATES: cannot read {path} ({error})") from None
        except FieldProblem as error:
            raise SettingsError(
                f"RAMPCOACH_TEMPLATES: {path} is not a valid template registry: {problems_line(error)}"
            ) from None

    def multi_workspace(self) -> bool:
        """Return whether OAuth installs are on; raise SettingsError when only some of their settings are."""
        names = ("slack_client_id", "slack_client_secret", "rampcoach_token_key")
        given = [getattr(self, name) is not None for name in names]
        if any(given):
            self.require(*names)
        return all(given)

    def require(self, *names: str) -> None:
        """Raise SettingsError for the first of `names` that is not set."""
        for name in names:
            if getattr(self, name) is None:
                raise SettingsError(
                    f"{name.upper()} is not set: {_WHY_NEEDED.get(name, 'it is required here')}"
                )

    def secret(self, name: str) -> str:
        """Return the plain value of a required secret setting."""
        self.require(name)
        value: SecretStr = getattr(self, name)
        return value.get_secret_value()


_MULTI = "multi-workspace mode needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and RAMPCOACH_TOKEN_KEY"
_WHY_NEEDED = {
    "slack_bot_token": "the bot needs its xoxb- token to call Slack (OAuth & Permissions page of your app)",
    "slack_app_token": "Socket Mode needs an xapp- token with connections:write (Basic Information page)",
    "slack_signing_secret": "HTTP mode verifies Slack's requests with it (Basic Information page)",
    "slack_client_id": _MULTI,
    "slack_client_secret": _MULTI,
    "rampcoach_token_key": _MULTI,
    "hubspot_token": "the HubSpot sync needs a private app token with the sales-email-read and "
    "crm.objects.owners.read scopes",
    "rampcoach_crm": "say which CRM fills the weekly log: hubspot or salesforce",
    "salesforce_client_id": "the Salesforce sync needs the consumer key of a connected app",
}


def _prefixed(value: SecretStr | None, prefix: str, what: str) -> SecretStr | None:
    if value is not None and not value.get_secret_value().startswith(prefix):
        raise ValueError(f"must be {what} starting with {prefix}")
    return value


def load_settings(**overrides: object) -> Settings:
    """Return the settings, or raise SettingsError with one line naming the first bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as err:
        first = err.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        # Our validators' messages are ours; pydantic's own (types, bounds) are said in our words instead.
        own = first["type"] == "value_error"
        detail = (
            first["msg"].removeprefix("Value error, ") if own else problem_text(describe(err)[0].at(None))
        )
        raise SettingsError(f"{name} is invalid: {detail}") from None
