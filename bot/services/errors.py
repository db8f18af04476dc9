"""Refusals that a person can act on; bot/views turns them into words."""


class NotAMember(LookupError):
    """The Slack user is not in this workspace's team file."""


class NotEnrolled(LookupError):
    """The person has no ramp plan to log against."""


class NotAllowed(PermissionError):
    """The person may not do this to this person's data."""
