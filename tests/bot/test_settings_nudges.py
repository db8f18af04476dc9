import datetime as dt

import pytest

from bot.settings import SettingsError, load_settings


def test_the_nudge_runs_monday_at_nine_unless_configured() -> None:
    default = load_settings(_env_file=None).schedules().nudge
    assert (default.weekday, default.at) == (0, dt.time(9, 0))
    moved = load_settings(_env_file=None, rampcoach_nudge_day="Tuesday", rampcoach_nudge_time="08:30")
    assert (moved.schedules().nudge.weekday, moved.schedules().nudge.at) == (1, dt.time(8, 30))


def test_a_weekend_nudge_day_is_refused_with_its_name() -> None:
    with pytest.raises(SettingsError, match="RAMPCOACH_NUDGE_DAY"):
        load_settings(_env_file=None, rampcoach_nudge_day="sat")
