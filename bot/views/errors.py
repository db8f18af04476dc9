"""What a person is told when Ramp Coach itself fails."""


def database_down_text() -> str:
    return (
        "Ramp Coach can't reach its database right now, so nothing was saved. "
        "Please try again in a few minutes."
    )


def unexpected_error_text() -> str:
    return "Something went wrong on Ramp Coach's side and it has been logged. Please try again in a minute."
