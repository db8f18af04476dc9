"""Every command, callback, action and block id the app uses, in one place (the manifest test reads it)."""

LOG_COMMAND = "/log"
RAMP_COMMAND = "/ramp"
COMMANDS = (LOG_COMMAND, RAMP_COMMAND)

EVENTS = ("app_home_opened",)
SHORTCUTS: tuple[str, ...] = ()
