"""The fake's oauth.v2.access install answers, shaped as https://api.slack.com/methods/oauth.v2.access
shows them: `enterprise` is null outside a Grid org and names the org inside one; an org-wide install
says `is_enterprise_install: true` and has no `team`."""

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.fake_slack import FakeSlack

CLIENT = ("111.222", "client-secret")


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack("xoxb-unused") as running:
        running.set_oauth_client(*CLIENT)
        yield running


def exchange(fake: FakeSlack, code: str) -> dict[str, object]:
    client = WebClient(base_url=fake.api_url, retry_handlers=[])
    answer = client.oauth_v2_access(client_id=CLIENT[0], client_secret=CLIENT[1], code=code)
    return dict(answer.data) if isinstance(answer.data, dict) else {}


def test_a_plain_workspace_install_has_no_enterprise(fake: FakeSlack) -> None:
    fake.add_install_code("c1", "T0AAA")

    answer = exchange(fake, "c1")

    assert answer["enterprise"] is None and answer["is_enterprise_install"] is False
    assert answer["team"] == {"id": "T0AAA", "name": "Workspace T0AAA"}


def test_a_grid_workspace_install_names_its_org(fake: FakeSlack) -> None:
    fake.add_install_code("c2", "T0GRID", enterprise_id="E0GRID")

    answer = exchange(fake, "c2")

    assert answer["enterprise"] == {"id": "E0GRID", "name": "Org E0GRID"}
    assert answer["is_enterprise_install"] is False and answer["team"] == {
        "id": "T0GRID",
        "name": "Workspace T0GRID",
    }
    assert fake.team_of(str(answer["access_token"])) == "T0GRID"


def test_an_org_wide_install_has_no_team(fake: FakeSlack) -> None:
    fake.add_install_code("c3", "T0GRID", enterprise_id="E0GRID", org_wide=True)

    answer = exchange(fake, "c3")

    assert answer["is_enterprise_install"] is True and answer["team"] is None
    assert answer["enterprise"] == {"id": "E0GRID", "name": "Org E0GRID"}
