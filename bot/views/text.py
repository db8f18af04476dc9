"""Escaping for text that people typed and that we echo back in mrkdwn."""


def escape(text: str) -> str:
    """Return `text` safe for mrkdwn: no <!channel> pings, links or user mentions can be smuggled in."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def number(value: float) -> str:
    """Return a number as people write it: 1,200 or 1,200.5."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def packed(lines: list[str], limit: int = 2900, *, sep: str = "\n") -> list[str]:
    """Return the lines joined into as few texts as fit under `limit` characters each.

    Slack refuses a section or context text over 3,000 characters (the whole view with it), so long lists
    such as a big plan's milestones are split over several blocks instead of being cut."""
    chunks: list[str] = []
    chunk = ""
    for whole in lines:
        line = whole[:limit]  # one line longer than a block is cut; the others are never cut
        if chunk and len(chunk) + len(sep) + len(line) > limit:
            chunks.append(chunk)
            chunk = ""
        chunk = f"{chunk}{sep}{line}" if chunk else line
    return [*chunks, chunk] if chunk else chunks
