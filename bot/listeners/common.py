"""Pieces every listener module shares."""

from slack_bolt import Ack


def ack_now(ack: Ack) -> None:
    """Acknowledge at once; the listener's lazy functions do the work after the ack."""
    ack()
