"""The managers' Monday team summary: their own tree's slice of the digest, in their DM, off per manager."""

import dataclasses
import datetime as dt

from bot.delivery.tick import tick
from bot.deps import Tuning
from bot.settings import Settings
from coaching.cadence import Schedules
from tests.delivery.conftest import World, delivery_key

MONDAY_NEW_YORK = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)  # 08:00 for Max (U0MGR1)


def summaries(world: World, tuning: Tuning) -> list[str]:
    deps = dataclasses.replace(world.deps(MONDAY_NEW_YORK), tuning=tuning)
    tick(deps, world.sender(deps), Schedules())
    return [c.args["channel"] for c in world.posted() if delivery_key(c).startswith("team_summary")]


def test_a_manager_gets_their_teams_slice_of_the_digest_on_monday_morning(world: World) -> None:
    assert summaries(world, Tuning()) == ["U0MGR1"]
    (summary,) = [c for c in world.posted() if delivery_key(c).startswith("team_summary")]
    assert "Riley Rep" in str(summary.args["blocks"]) and "Sam Seller" in str(summary.args["blocks"])


def test_a_manager_who_turned_it_off_gets_none(world: World) -> None:
    assert summaries(world, Tuning(team_summary_off=frozenset({"U0MGR1"}))) == []


def test_the_setting_takes_a_comma_separated_list_of_slack_ids() -> None:
    config = Settings.model_validate({"rampcoach_team_summary_off": "U0MGR1, U0MGR2"})
    assert config.rampcoach_team_summary_off == ["U0MGR1", "U0MGR2"]
