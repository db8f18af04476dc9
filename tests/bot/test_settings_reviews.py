import pytest

from bot.settings import SettingsError, load_settings


def test_the_first_review_of_a_rep_who_joins_mid_ramp_is_within_ten_working_days_unless_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings(_env_file=None).rampcoach_first_review_days == 10
    monkeypatch.setenv("RAMPCOACH_FIRST_REVIEW_DAYS", "0")
    assert load_settings(_env_file=None).rampcoach_first_review_days == 0


def test_a_negative_number_of_days_is_refused_with_the_settings_name() -> None:
    with pytest.raises(SettingsError, match="RAMPCOACH_FIRST_REVIEW_DAYS"):
        load_settings(_env_file=None, rampcoach_first_review_days=-1)
