"""The error every fake method raises to answer like Slack does: ok=false with an error code."""


class ApiError(Exception):
    """A Slack error answer: {"ok": false, "error": code} plus response_metadata messages."""

    def __init__(self, error: str, *messages: str) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)
