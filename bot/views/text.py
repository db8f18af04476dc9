"""Escaping for text that people typed and that we echo back in mrkdwn."""


def escape(text: str) -> str:
    """Return `text` safe for mrkdwn: no <!channel> pings, links or user mentions can be smuggled in."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def number(value: float) -> str:
    """Return a number as people write it: 1,200 or 1,200.5."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
