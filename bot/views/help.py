"""/ramp help."""


def ramp_help_text() -> str:
    return (
        "*Ramp Coach*\n"
        "• `/log calls=42 meetings=5`: log this week's numbers (`/log last week calls=40` for last week)\n"
        "• `/ramp status`: your week against your plan\n"
        "• The Home tab shows your ramp."
    )
