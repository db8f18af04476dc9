"""Calendar weeks in a person's own time zone: activity is logged per week starting on Monday."""

import datetime as dt
from zoneinfo import ZoneInfo


def local_today(now: dt.datetime, tz: str) -> dt.date:
    """Return the date it is for someone in time zone `tz` at the UTC-aware instant `now`."""
    return now.astimezone(ZoneInfo(tz)).date()


def week_start(day: dt.date) -> dt.date:
    """Return the Monday of the week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


def ramp_week(start: dt.date, week_monday: dt.date) -> int:
    """Return the 1-based ramp week of the calendar week from `week_monday`, for a ramp begun on `start`."""
    return (week_monday - week_start(start)).days // 7 + 1


def ramp_day(start: dt.date, today: dt.date) -> int:
    """Return day N of the ramp (day 1 is the start date)."""
    return (today - start).days + 1
