"""Every command, callback, action and block id the app uses, in one place (the manifest test reads it)."""

LOG_COMMAND = "/log"
RAMP_COMMAND = "/ramp"
COMMANDS = (LOG_COMMAND, RAMP_COMMAND)

EVENTS = ("app_home_opened",)
SHORTCUTS: tuple[str, ...] = ()

OPEN_LOG_MODAL = "open_log_modal"  # the check-in DM's "Log this week" button
OPEN_PAST_WEEKS = "open_past_weeks"  # the rep Home tab's "Past weeks" button
LOG_MODAL = "log_week"  # view callback id
LOG_WEEK_PICK = "log_week_pick"  # the modal's week select (dispatches an action to refill the values)
LOG_WEEK_BLOCK = "week"
LOG_NOTE_BLOCK = "note"
LOG_VALUE = "value"  # action id of every text input in the modal
METRIC_BLOCK_PREFIX = "metric:"
