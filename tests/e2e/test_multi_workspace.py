"""Multi-workspace mode end to end: OAuth installs, each workspace's own token, rotation, uninstalls,
and Enterprise Grid: a workspace of an org gets its scheduled messages; an org-wide install is refused."""

import datetime as dt
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text

from bot.app import build_app, listener_executor
from bot.delivery.pacing import Pacer
from bot.delivery.sender import GONE, Sender
from bot.delivery.tick import make_sender, sender_client, tick
from bot.deps import Deps, SettableClock
from bot.fake_slack import FakeSlack
from bot.metrics import exposition, registry
from bot.oauth.setup import BOT_SCOPES, TeamTokens, installation_store
from bot.oauth.store import DatabaseInstallationStore
from bot.server import serving_in_background
from bot.services import setup
from bot.settings import Settings
from bot.testing.payloads import app_home_opened, event_callback
from bot.testing.signing import SlackPoster
from coaching.cadence import Schedules
from coaching.delivery import Due, Kind, State
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import deliveries, installations, people
from tests.delivery.conftest import FRIDAY_CHICAGO, IMPORTED

ROOT = Path(__file__).resolve().parents[2]
SECRET = "multi-signing-secret"
CLIENT = ("111.222", "client-secret")
TOKENS = {"T0AAA": "xoxb-T0AAA-token", "T0BBB": "xoxb-T0BBB-token"}


@dataclass
class Multi:
    fake: FakeSlack
    poster: SlackPoster
    deps: Deps
    settings: Settings
    store: DatabaseInstallationStore
    root_url: str

    def install(self, team_id: str, token: str, **extra: object) -> None:
        values: dict[str, object] = {"app_id": "A0FAKE", "team_id": team_id, "user_id": "U0INSTALLER"}
        self.store.save(Installation(**(values | {"bot_token": token, "bot_user_id": "UBOT"} | extra)))  # type: ignore[arg-type]

    def open_home(self, team_id: str, user_id: str) -> httpx.Response:
        return self.poster.post_json(event_callback(app_home_opened(user_id=user_id), team_id=team_id))

    def raw_installation_cells(self) -> list[str]:
        with self.deps.engine.connect() as connection:
            rows = connection.execute(text("SELECT * FROM slack_installation")).mappings().all()
        return [str(value) for row in rows for value in row.values()]


@pytest.fixture
def multi(tmp_path: Path) -> Iterator[Multi]:
    url = f"sqlite:///{tmp_path / 'multi.db'}"
    migrate.upgrade(url)
    deps = Deps(engine=make_engine(url))
    with FakeSlack("xoxb-unused", team_id="T0AAA") as fake:
        fake.set_oauth_client(*CLIENT)
        settings = Settings.model_validate(
            {
                "slack_signing_secret": SECRET,
                "slack_api_url": fake.api_url,
                "database_url": url,
                "slack_client_id": CLIENT[0],
                "slack_client_secret": CLIENT[1],
                "rampcoach_token_key": Fernet.generate_key().decode(),
            }
        )
        executor = listener_executor()
        app = build_app(settings, deps, http=True, executor=executor)
        with serving_in_background(app) as events_url, SlackPoster(events_url, SECRET) as poster:
            store = installation_store(settings, deps)
            yield Multi(fake, poster, deps, settings, store, events_url.removesuffix("/slack/events"))
        executor.shutdown(wait=True)
    deps.engine.dispose()


def test_the_oauth_scopes_are_the_manifests_bot_scopes() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))

    assert set(BOT_SCOPES) == set(manifest["oauth_config"]["scopes"]["bot"])


def test_installing_through_oauth_stores_the_bot_token_sealed(multi: Multi) -> None:
    multi.fake.add_install_code("code-1", "T0AAA")
    with httpx.Client(base_url=multi.root_url, timeout=5) as browser:
        page = browser.get("/slack/install")
        state = re.search(r"state=([\w-]+)", page.text)
        assert page.status_code == 200 and state is not None
        link = page.text.replace("&amp;", "&")
        assert f"client_id={CLIENT[0]}&scope={','.join(BOT_SCOPES)}" in link

        # The state cookie is Secure, so a client on plain http (this loopback) must be handed it.
        cookie = page.headers["set-cookie"].split(";")[0]
        done = browser.get(
            "/slack/oauth_redirect",
            params={"code": "code-1", "state": state.group(1)},
            headers={"Cookie": cookie},
        )

    assert done.status_code == 200
    bot = multi.store.find_bot(enterprise_id=None, team_id="T0AAA")
    assert bot is not None and bot.bot_token is not None and bot.bot_token.startswith("xoxb-T0AAA-")
    assert not any(bot.bot_token in cell for cell in multi.raw_installation_cells())
    assert [call.args.get("code") for call in multi.fake.calls("oauth.v2.access")] == ["code-1"]


def test_a_callback_with_a_state_that_was_never_issued_installs_nothing(multi: Multi) -> None:
    multi.fake.add_install_code("code-2", "T0AAA")

    answer = httpx.get(f"{multi.root_url}/slack/oauth_redirect", params={"code": "code-2", "state": "forged"})

    assert answer.status_code == 400
    assert multi.fake.calls("oauth.v2.access") == []
    assert multi.store.find_bot(enterprise_id=None, team_id="T0AAA") is None


def test_each_workspaces_requests_use_that_workspaces_bot_token(multi: Multi) -> None:
    for team_id, token in TOKENS.items():
        multi.fake.add_workspace(team_id, token)
        multi.install(team_id, token)

    assert multi.open_home("T0AAA", "U0AAA1").status_code == 200
    assert multi.open_home("T0BBB", "U0BBB1").status_code == 200
    assert multi.open_home("T0AAA", "U0AAA2").status_code == 200

    published = multi.fake.wait_for("views.publish", 3)
    used = {call.args["user_id"]: call.headers["authorization"] for call in published}
    assert used == {
        "U0AAA1": f"Bearer {TOKENS['T0AAA']}",
        "U0BBB1": f"Bearer {TOKENS['T0BBB']}",
        "U0AAA2": f"Bearer {TOKENS['T0AAA']}",
    }


def test_an_expiring_token_is_refreshed_through_oauth_v2_access_and_stored_sealed(multi: Multi) -> None:
    multi.fake.add_workspace("T0AAA", "xoxe.xoxb-old", refresh_token="xoxe-1-old")
    multi.install(
        "T0AAA",
        "xoxe.xoxb-old",
        bot_refresh_token="xoxe-1-old",
        bot_token_expires_at=int(time.time()) + 600,  # inside Bolt's 120-minute refresh window
    )

    assert multi.open_home("T0AAA", "U0AAA1").status_code == 200

    [published] = multi.fake.wait_for("views.publish")
    [refresh] = multi.fake.calls("oauth.v2.access")
    assert (refresh.args["grant_type"], refresh.args["refresh_token"]) == ("refresh_token", "xoxe-1-old")
    bot = multi.store.find_bot(enterprise_id=None, team_id="T0AAA")
    assert bot is not None and bot.bot_token is not None and bot.bot_refresh_token is not None
    assert (
        bot.bot_token.startswith("xoxe.xoxb-T0AAA-")
        and published.headers["authorization"] == f"Bearer {bot.bot_token}"
    )
    assert bot.bot_token_expires_at is not None and bot.bot_token_expires_at > time.time() + 3600
    cells = multi.raw_installation_cells()
    assert not any(bot.bot_token in cell or bot.bot_refresh_token in cell for cell in cells)


def pending(deps: Deps, *team_ids: str) -> None:
    due = dt.datetime(2026, 11, 20, 22, 0, tzinfo=dt.UTC)
    with session_scope(deps.engine) as session:
        deliveries.record_due(
            session,
            dues=[Due(Kind.CHECKIN, team, f"U0{team[-3:]}1", "2026-W47", due) for team in team_ids],
            now=due,
        )


def wait_until_disabled(deps: Deps, team_id: str) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with session_scope(deps.engine) as session:
            if people.workspace_disabled(session, team_id=team_id):
                return
        time.sleep(0.02)
    raise AssertionError(f"{team_id} was not disabled within 5 s")


@pytest.mark.parametrize(
    "event", [{"type": "app_uninstalled"}, {"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}}]
)
def test_uninstalling_deletes_the_tokens_disables_the_workspace_and_skips_its_deliveries(
    multi: Multi, event: dict[str, object]
) -> None:
    for team_id, token in TOKENS.items():
        multi.fake.add_workspace(team_id, token)
        multi.install(team_id, token)
    pending(multi.deps, *TOKENS)

    assert multi.poster.post_json(event_callback(event, team_id="T0AAA")).status_code == 200
    wait_until_disabled(multi.deps, "T0AAA")

    assert multi.store.find_installation(enterprise_id=None, team_id="T0AAA") is None
    assert not any(TOKENS["T0AAA"] in cell for cell in multi.raw_installation_cells())
    client = sender_client(multi.settings)
    sender = Sender(
        multi.deps,
        client,
        lambda _d: ("Hi", []),
        Pacer(),
        "test",
        tokens=TeamTokens(multi.settings, multi.deps, client),
    )
    report = sender.send_due(wait_for_retries=dt.timedelta(0))
    assert (report.sent, report.skipped) == (1, 1)
    [posted] = multi.fake.calls("chat.postMessage")
    assert posted.headers["authorization"] == f"Bearer {TOKENS['T0BBB']}"
    with session_scope(multi.deps.engine) as session:
        states = {
            row.team_id: (row.state, row.last_error)
            for row in deliveries.listing(session, sent_since=dt.datetime.min.replace(tzinfo=dt.UTC))
        }
    assert states == {"T0AAA": (State.SKIPPED, GONE), "T0BBB": (State.SENT, None)}


def test_reinstalling_enables_the_workspace_again(multi: Multi) -> None:
    multi.fake.add_workspace("T0AAA", TOKENS["T0AAA"])
    multi.install("T0AAA", TOKENS["T0AAA"])
    multi.poster.post_json(event_callback({"type": "app_uninstalled"}, team_id="T0AAA"))
    wait_until_disabled(multi.deps, "T0AAA")

    multi.install("T0AAA", TOKENS["T0AAA"])

    with session_scope(multi.deps.engine) as session:
        assert not people.workspace_disabled(session, team_id="T0AAA")


# Enterprise Grid

GRID = "E0GRID"
GRID_TEAM = "T0GRID"


def install_through_oauth(multi: Multi, code: str) -> httpx.Response:
    with httpx.Client(base_url=multi.root_url, timeout=5) as browser:
        page = browser.get("/slack/install")
        state = re.search(r"state=([\w-]+)", page.text)
        assert state is not None
        cookie = page.headers["set-cookie"].split(";")[0]
        return browser.get(
            "/slack/oauth_redirect",
            params={"code": code, "state": state.group(1)},
            headers={"Cookie": cookie},
        )


def seed_team(multi: Multi) -> None:
    deps = Deps(engine=multi.deps.engine, clock=SettableClock(IMPORTED))
    setup.import_plan(deps, team_id=GRID_TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=GRID_TEAM, source=(ROOT / "examples" / "team.yml").read_text())


def test_a_grid_workspace_installed_through_oauth_receives_its_friday_check_in(multi: Multi) -> None:
    multi.fake.add_install_code("code-grid", GRID_TEAM, enterprise_id=GRID)
    assert install_through_oauth(multi, "code-grid").status_code == 200
    seed_team(multi)

    deps = Deps(engine=multi.deps.engine, clock=SettableClock(FRIDAY_CHICAGO))
    report = tick(deps, make_sender(deps, multi.settings), Schedules())

    bot = multi.store.find_bot(enterprise_id=GRID, team_id=GRID_TEAM)
    assert bot is not None and bot.bot_token is not None
    posted = {c.args["channel"]: c.headers["authorization"] for c in multi.fake.calls("chat.postMessage")}
    assert posted == {"U0REP1": f"Bearer {bot.bot_token}", "U0REP2": f"Bearer {bot.bot_token}"}
    assert (report.sending.sent, report.sending.skipped) == (2, 0)


def test_a_grid_workspaces_requests_are_answered_with_its_token(multi: Multi) -> None:
    multi.fake.add_install_code("code-grid", GRID_TEAM, enterprise_id=GRID)
    install_through_oauth(multi, "code-grid")
    home = event_callback(app_home_opened(user_id="U0REP1"), team_id=GRID_TEAM, enterprise_id=GRID)

    assert multi.poster.post_json(home).status_code == 200

    [published] = multi.fake.wait_for("views.publish")
    bot = multi.store.find_bot(enterprise_id=GRID, team_id=GRID_TEAM)
    assert bot is not None and published.headers["authorization"] == f"Bearer {bot.bot_token}"


def test_an_org_wide_install_is_refused_with_a_page_that_says_why_and_stores_nothing(multi: Multi) -> None:
    multi.fake.add_install_code("code-org", GRID_TEAM, enterprise_id=GRID, org_wide=True)

    answer = install_through_oauth(multi, "code-org")

    assert answer.status_code == 400
    assert "cannot be installed for a whole Enterprise Grid organization" in answer.text
    assert "Install it in each workspace" in answer.text
    with session_scope(multi.deps.engine) as session:
        assert installations.latest(session, enterprise_id=GRID, team_id=None) is None
        assert installations.enterprise_of(session, team_id=GRID_TEAM) is None


def test_a_delivery_skipped_for_a_workspace_without_a_token_is_counted_in_metrics(multi: Multi) -> None:
    seed_team(multi)  # imported, never installed: the scheduler finds no token for it
    deps = Deps(engine=multi.deps.engine, clock=SettableClock(FRIDAY_CHICAGO))
    metrics = registry(deps.engine, deps.clock)
    before = skipped_checkins(exposition(metrics).decode())

    report = tick(deps, make_sender(deps, multi.settings), Schedules())

    assert report.sending.skipped == 2 and multi.fake.calls("chat.postMessage") == []
    assert skipped_checkins(exposition(metrics).decode()) == before + 2


def skipped_checkins(text: str) -> float:
    line = 'rampcoach_deliveries_skipped_total{kind="checkin",reason="workspace_gone"}'
    found = [row for row in text.splitlines() if row.startswith(line)]
    return float(found[0].split()[-1]) if found else 0.0
