"""Escaping for text that people typed and that we echo back in mrkdwn, and words shared by views."""

from collections.abc import Sequence


def escape(text: str) -> str:
    """Return `text` safe for mrkdwn: no <!channel> pings, links or user mentions can be smuggled in."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def number(value: float) -> str:
    """Return a number as people write it: 1,200 or 1,200.5."""
    value = round(value, 2)  # a prorated target such as 50 x 0.2 is 9.999999999999998: shown as 10
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


NAMED_BLANKS = 2  # metrics named in a status line; more are counted, so a line stays short on a phone


def status_words(status: str, blanks: Sequence[tuple[str, int]]) -> str:
    """Return a status and the metrics left blank: `at risk; Pipeline not logged for 2 weeks`."""
    if not blanks:
        return status
    named = [f"{label} not logged for {weeks_text(n)}" for label, n in blanks[:NAMED_BLANKS]]
    if len(blanks) > NAMED_BLANKS:
        named.append(f"{len(blanks) - NAMED_BLANKS} more metrics left blank")
    return status + "; " + ", ".join(named)


def weeks_text(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


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
