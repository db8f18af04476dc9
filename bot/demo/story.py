"""The demo's story in the terminal: the cast, then what the leader, one manager and two reps received."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.demo import org
from bot.demo.world import Received


def tell(console: Console, received: list[Received], folder: Path) -> None:
    """Print the story in a few screens, and where the chart and the transcript are."""
    _cast(console)
    mine = _mine(received)
    _leader(console, mine(org.LEADER))
    _manager(console, mine(org.SHOWN_MANAGER))
    for rep in org.SHOWN_REPS:
        _rep(console, rep, mine(rep))
    _around(console, mine)
    console.rule("[bold]Open it yourself")
    console.print(f"Chart:      {folder / 'chart.png'}")
    console.print(
        f"Transcript: {folder / 'transcript.html'}  ({len(received)} messages, open it in a browser)"
    )


def _mine(received: list[Received]) -> Callable[[str], list[Received]]:
    def of(person: str) -> list[Received]:
        return [r for r in received if r.person == person]

    return of


def _cast(console: Console) -> None:
    console.rule("[bold]Ramp Coach demo[/]: an AE hire class's 90 days, Sep 7 to Dec 7 2026")
    table = Table(title="The example org (one workspace, the AE 90-day plan)")
    for column in ("who", "role", "manager", "story"):
        table.add_column(column)
    table.add_row(org.NAMES[org.LEADER], "sales leader", "", "gets the Monday digest")
    for manager in org.MANAGERS:
        table.add_row(org.NAMES[manager], "manager", org.NAMES[org.LEADER], "gets review prompts, reviews")
    for rep in org.REPS:
        table.add_row(rep.name, "new AE", org.NAMES[rep.manager], rep.story)
    console.print(table)
    console.print(
        "Every Friday the scheduler sends check-ins, reps answer with /log, Mondays bring reminders, "
        "messaging nudges and the digest, and managers review from the prompt's button. All of it runs "
        "through the real app: signed requests in, Web API calls out to a local fake Slack."
    )


def _leader(console: Console, items: list[Received]) -> None:
    console.rule(f"[bold]{org.NAMES[org.LEADER]}[/], the sales leader")
    digests = [r for r in items if r.where == "DM"]
    console.print(f"{len(digests)} weekly digests arrived, each with its chart in the thread. The last one:")
    if digests:
        _panel(console, digests[-1], "magenta")
    console.print("Their Home tab is the cockpit over every manager's team:")
    _home(console, items)


def _manager(console: Console, items: list[Received]) -> None:
    name = org.NAMES[org.SHOWN_MANAGER]
    console.rule(f"[bold]{name}[/], a manager")
    prompts = [r for r in items if r.text.startswith("Reviews due")]
    console.print(
        f"{len(prompts)} review prompts, each review opening filled with the rep's numbers. Day 60:"
    )
    day60, shown_rep = org.START + dt.timedelta(days=56), org.NAMES[org.SHOWN_REPS[0]]
    for item in (
        _first(prompts, lambda r: r.at.date() >= day60),
        _first(items, lambda r: r.where == "modal" and r.at.date() >= day60 and shown_rep in r.text),
    ):
        if item is not None:
            _panel(console, item, "yellow")
    homes = [r for r in items if r.where == "Home tab"]
    if len(homes) > 1:
        console.print(
            "In week 3 the Home lists milestones to confirm; one press on Confirm, and the first is settled:"
        )
        _panel(console, homes[1], "green", limit=30)
    console.print(
        "From a team row's Open button: the rep page, and its 1:1 agenda posted to the DM with the rep."
    )
    for item in (
        _first(items, lambda r: r.where == "modal" and r.text == shown_rep),
        _first(items, lambda r: r.where == "group DM"),
    ):
        if item is not None:
            _panel(console, item, "yellow")
    _home(console, items)


def _around(console: Console, mine: Callable[[str], list[Received]]) -> None:
    """Two more stories in brief: Eli's leave and Fay's last review, from the day-60 checkpoint."""
    console.rule("[bold]Around the team[/]: a leave, and a ramp that ends")
    eli, fay, mia = mine("U0ELI"), mine("U0FAY"), mine("U0MGR2")
    leave = _first(mia, lambda r: r.where.startswith("reply to /ramp leave"))
    for item in (leave, _first(eli, lambda r: r.where == "Home tab")):
        if item is not None:
            _panel(console, item, "cyan", limit=8)
    last = _last(fay, lambda r: "reviewed your ramp" in r.text or r.text.startswith("Your review"))
    if last is not None:
        _panel(console, last, "red", limit=8)
        after = [r for r in fay if r.at > last.at]
        console.print(
            f"After that review, {len(after)} messages reached {org.NAMES['U0FAY']}: her ramp has ended."
        )


def _rep(console: Console, rep_id: str, items: list[Received]) -> None:
    rep = next(r for r in org.REPS if r.slack_id == rep_id)
    console.rule(f"[bold]{rep.name}[/], {rep.story}")
    pick = (
        _first(items, lambda r: r.text.startswith("Time to log")),
        _first(items, lambda r: r.where.startswith("reply to Confirm")),
        _last(items, lambda r: r.where.startswith("reply to /log")),
        _last(items, lambda r: r.text.startswith("Your messaging")),
        _last(items, lambda r: "reviewed your ramp" in r.text),
    )
    for item in pick:
        if item is not None:
            _panel(console, item, "blue")
    _home(console, items)


def _home(console: Console, items: list[Received]) -> None:
    home = _last(items, lambda r: r.where == "Home tab")
    if home is not None:
        _panel(console, home, "green", limit=30)


def _first(items: list[Received], test: Callable[[Received], bool]) -> Received | None:
    return next((r for r in items if test(r)), None)


def _last(items: list[Received], test: Callable[[Received], bool]) -> Received | None:
    return next((r for r in reversed(items) if test(r)), None)


def _panel(console: Console, item: Received, colour: str, *, limit: int = 24) -> None:
    lines = (blocks_text(item.blocks) or item.text).splitlines()
    if len(lines) > limit:
        lines = [*lines[:limit], f"… {len(lines) - limit} more lines in the transcript"]
    when = item.at.strftime("%a %b %-d")
    title = f"{when} · {item.where}" + (f": {item.text}" if item.where == "modal" else "")
    console.print(
        Panel(Text("\n".join(lines)), title=Text(title[:90]), title_align="left", border_style=colour)
    )


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    """Return the readable text of a message's blocks for the terminal; buttons show as [Button]."""
    parts: list[str] = []
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(str(text.get("text", "")))
        parts += [str(f.get("text", "")) for f in block.get("fields") or []]
        for element in [*block.get("elements", []), *([block["accessory"]] if "accessory" in block else [])]:
            label = element.get("text", "")
            parts.append(f"[{label['text']}]" if isinstance(label, dict) else str(label))
        if block.get("type") == "input":
            parts.append(f"{block['label']['text']}: …")
    text = "\n".join(p for p in parts if p).replace(":wave:", "👋").replace("*", "").replace("`", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
