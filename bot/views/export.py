"""Answers to /ramp export (logs) and /ramp export reviews."""


def export_filename(team_id: str, day: str, what: str = "logs") -> str:
    return f"ramp-{what}-{team_id}-{day}.csv"


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def export_comment(rows: int, scope: str, what: str = "logs") -> str:
    if what == "reviews":
        return f"Here are the reviews of {scope}: {_rows(rows)}, one per review."
    return f"Here are the weekly logs of {scope}: {_rows(rows)}, one per rep and week."


def export_sent_text(rows: int) -> str:
    return f"Sent you the export ({_rows(rows)}) as a CSV file in a direct message."


def export_refused_text(what: str = "logs") -> str:
    if what == "reviews":
        return "Only managers, leaders and admins can export reviews. Your own reviews are in your DMs."
    return "Only managers, leaders and admins can export logs. Your own weeks are in the Home tab."
