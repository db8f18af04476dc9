"""The installation store: tokens sealed at rest, round trips on both databases, key rotation, states."""

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from bot.cli import cli
from bot.deps import Deps, SettableClock
from bot.oauth.crypto import InvalidToken, TokenCipher
from bot.oauth.store import DatabaseInstallationStore, DatabaseStateStore
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import people

KEY = Fernet.generate_key().decode()
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
SECRETS = {
    "bot_token": "xoxe.xoxb-T0AAA-very-secret-bot",
    "bot_refresh_token": "xoxe-1-very-secret-bot-refresh",
    "user_token": "xoxp-very-secret-user",
    "user_refresh_token": "xoxe-1-very-secret-user-refresh",
    "incoming_webhook_url": "https://hooks.slack.com/services/T0AAA/B0/very-secret",
}


def installation(team_id: str = "T0AAA", **changes: object) -> Installation:
    values: dict[str, object] = {
        "app_id": "A0APP",
        "team_id": team_id,
        "team_name": "Acme",
        "user_id": "U0INSTALLER",
        "bot_id": "B0BOT",
        "bot_user_id": "U0BOT",
        "bot_scopes": "commands,chat:write",
        "bot_token_expires_at": int(time.time()) + 3600,
        "installed_at": 1_790_000_000.5,
        **SECRETS,
    }
    return Installation(**(values | changes))  # type: ignore[arg-type]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def store_on(engine: Engine, keys: str = KEY) -> DatabaseInstallationStore:
    return DatabaseInstallationStore(Deps(engine=engine, clock=SettableClock(NOW)), TokenCipher(keys))


def test_no_token_appears_in_clear_in_any_column_of_any_row(engine: Engine) -> None:
    store = store_on(engine)
    store.save(installation())
    store.save(installation("T0BBB", installed_at=1_790_000_100.0))

    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM slack_installation")).mappings().all()

    assert len(rows) == 2
    cells = [str(value) for row in rows for value in row.values()]
    leaked = {
        name for name, secret in SECRETS.items() for cell in cells if secret in cell or "very-secret" in cell
    }
    assert leaked == set()


def test_an_installation_round_trips_through_find_installation_and_find_bot(engine: Engine) -> None:
    store = store_on(engine)
    saved = installation()
    store.save(saved)

    found = store.find_installation(enterprise_id=None, team_id="T0AAA")
    bot = store.find_bot(enterprise_id=None, team_id="T0AAA")

    assert found is not None and bot is not None
    assert found.to_dict() == saved.to_dict()
    assert (bot.bot_token, bot.bot_refresh_token, bot.bot_token_expires_at) == (
        saved.bot_token,
        saved.bot_refresh_token,
        saved.bot_token_expires_at,
    )
    assert store.find_bot(enterprise_id=None, team_id="T0OTHER") is None


def test_saving_again_at_the_same_install_time_replaces_the_tokens(engine: Engine) -> None:
    store = store_on(engine)
    store.save(installation())
    store.save(installation(bot_token="xoxe.xoxb-refreshed"))

    bot = store.find_bot(enterprise_id=None, team_id="T0AAA")

    assert bot is not None and bot.bot_token == "xoxe.xoxb-refreshed"
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM slack_installation")).scalar_one() == 1


def test_delete_all_removes_the_workspaces_rows_only(engine: Engine) -> None:
    store = store_on(engine)
    store.save(installation())
    store.save(installation("T0BBB"))

    store.delete_all(enterprise_id=None, team_id="T0AAA")

    assert store.find_installation(enterprise_id=None, team_id="T0AAA") is None
    assert store.find_bot(enterprise_id=None, team_id="T0BBB") is not None


def test_installing_enables_a_disabled_workspace(engine: Engine) -> None:
    with session_scope(engine) as session:
        people.set_workspace_disabled(session, team_id="T0AAA", now=NOW, disabled=True)

    store_on(engine).save(installation())

    with session_scope(engine) as session:
        assert not people.workspace_disabled(session, team_id="T0AAA")


def test_a_new_key_in_front_reads_old_rows_and_a_dropped_key_cannot(engine: Engine) -> None:
    store_on(engine).save(installation())
    new = Fernet.generate_key().decode()

    rotated = store_on(engine, f"{new},{KEY}").find_bot(enterprise_id=None, team_id="T0AAA")

    assert rotated is not None and rotated.bot_token == SECRETS["bot_token"]
    with pytest.raises(InvalidToken):
        store_on(engine, new).find_bot(enterprise_id=None, team_id="T0AAA")


def test_the_first_key_encrypts() -> None:
    new = Fernet.generate_key().decode()

    sealed = TokenCipher(f"{new},{KEY}").seal("xoxb-1")

    assert TokenCipher(new).open(sealed) == "xoxb-1"
    with pytest.raises(InvalidToken):
        TokenCipher(KEY).open(sealed)


def test_an_oauth_state_is_consumed_once_and_not_after_it_expires(engine: Engine) -> None:
    clock = SettableClock(NOW)
    states = DatabaseStateStore(Deps(engine=engine, clock=clock), expiration_seconds=600)
    first, second = states.issue(), states.issue()

    assert states.consume(first) is True
    assert states.consume(first) is False
    assert states.consume("never-issued") is False
    clock.now = NOW + dt.timedelta(minutes=11)
    assert states.consume(second) is False


@pytest.mark.parametrize("key", ["not-a-key", f"{KEY},short", ","])
def test_a_bad_token_key_stops_start_up_with_one_line_naming_the_setting(
    key: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RAMPCOACH_TOKEN_KEY", key)
    monkeypatch.setenv("SLACK_CLIENT_ID", "1.2")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "client-secret")

    result = CliRunner().invoke(cli, ["serve", "--http"])

    lines = result.output.strip().splitlines()
    assert result.exit_code == 2
    assert len(lines) == 1 and "RAMPCOACH_TOKEN_KEY is invalid" in lines[0]
    assert "short" not in lines[0] and "Traceback" not in result.output


def test_half_the_multi_workspace_settings_stop_start_up_naming_the_missing_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_CLIENT_ID", "1.2")
    monkeypatch.setenv("RAMPCOACH_TOKEN_KEY", KEY)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")

    result = CliRunner().invoke(cli, ["serve", "--http"])

    assert result.exit_code == 2
    assert "SLACK_CLIENT_SECRET is not set" in result.output
