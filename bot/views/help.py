"""/ramp help."""


def ramp_help_text() -> str:
    return (
        "*Ramp Coach*\n"
        "• `/log calls=42 meetings=5`: log this week's numbers (`/log last week calls=40` for last week)\n"
        "• `/ramp status`: your week against your plan\n"
        "• `/ramp enroll @rep plan=ae-90 start=2026-11-02`: enroll one of your reps (managers, leaders)\n"
        "• `/ramp review @rep`: review one of your reps now (managers)\n"
        "• `/ramp export`: your team's weekly logs as a CSV file in a DM (managers, leaders, admins)\n"
        "• `/ramp export reviews`: the reviews you may read, as CSV in a DM (managers, leaders, admins)\n"
        "• `/ramp digest`: the digest of the reps you lead, only to you (managers, leaders, admins)\n"
        "• `/ramp offboard @rep [reason]`: a rep has left: stop their messages, keep their history; "
        "`/ramp reactivate @rep` undoes it (managers, leaders, admins)\n"
        "• `/ramp leave @rep from 2026-12-21 to 2027-01-03`: record leave (`until DATE`, `end`)\n"
        "• `/ramp move @rep to @manager`: a rep gets a new manager, with their history and action items\n"
        "• `/ramp replan @rep plan=sdr-90 [from=DATE] [--keep-day]`: move a rep to another plan\n"
        "• The Home tab shows your ramp."
    )
