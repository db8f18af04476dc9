"""`rampcoach tick` and `rampcoach deliveries`: run the scheduler once, and look after the ledger."""

import dataclasses
import datetime as dt
import json
import logging
import sys
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import err, fail, invocation, out, working
from bot.delivery.jobs import Job, scheduled_jobs
from bot.delivery.tick import make_sender, tick
from bot.deps import RunningClock
from bot.services import operations
from bot.settings import Settings, SettingsError
from coaching.delivery import Delivery, State

deliveries_cli = typer.Typer(help="The delivery ledger: pending, failed and recently sent messages.")
RECENT = dt.timedelta(days=7)


def tick_command(
    ctx: typer.Context,
    at: Annotated[
        dt.datetime | None,
        typer.Option("--at", help="Run as if it were this instant (ISO 8601, e.g. 2026-11-27T21:00:00Z)."),
    ] = None,
) -> None:
    """Run the scheduler once: record what is due, send it, and exit when every due row is sent or failed;
    then run the scheduled jobs due (the CRM sync)."""
    run = invocation(ctx)
    config = run.settings
    start = _utc(at) if at else dt.datetime.now(dt.UTC)
    jobs = jobs_or_fail(config)
    deps = dataclasses.replace(run.deps(templates=True), clock=RunningClock(start))
    # The command reports each failure itself; slack_sdk's own lines (three per refused connection)
    # would bury it.
    logging.getLogger("slack_sdk").setLevel(logging.CRITICAL)
    with working("Sending what is due"):
        report = tick(deps, make_sender(deps, config), config.schedules(), jobs)
    sending = report.sending
    out.print(
        f"{report.recorded} newly due, {sending.sent} sent, {sending.failed} failed, "
        f"{sending.skipped} skipped, {report.interrupted} interrupted sends settled.",
        highlight=False,
    )
    for error in sending.errors:
        err.print(f"  failed: {error}", markup=False, highlight=False, soft_wrap=True)
    if sending.unreachable:
        err.print(
            f"rampcoach: Slack could not be reached at {config.slack_api_url} ({sending.unreachable}); "
            "what is due stays in the ledger for the next tick.",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if report.jobs.ran:
        out.print(f"{report.jobs.ran} scheduled jobs run, {report.jobs.failed} failed (see the log).")

    if sending.failed or sending.unreachable or report.jobs.failed:
        raise typer.Exit(1)


def jobs_or_fail(config: Settings) -> tuple[Job, ...]:
    """Return the scheduled jobs the settings turn on, or stop (exit 2) naming the setting that is wrong."""
    try:
        return scheduled_jobs(config)
    except SettingsError as error:
        fail(str(error))


def _utc(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        fail("--at needs a time zone, e.g. 2026-11-27T21:00:00Z")
    return at.astimezone(dt.UTC)


@deliveries_cli.callback(invoke_without_command=True)
def deliveries_list(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False
) -> None:
    """List pending, failed and unknown deliveries, and those sent in the last 7 days."""
    if ctx.invoked_subcommand is not None:
        return
    rows = operations.ledger(invocation(ctx).deps(), sent_since=dt.datetime.now(dt.UTC) - RECENT)
    if as_json:
        sys.stdout.write(json.dumps([dataclasses.asdict(row) for row in rows], default=str, indent=2) + "\n")
    else:
        out.print(_table(rows))


def _table(rows: list[Delivery]) -> Table:
    # Keys are shown whole, never cut with an ellipsis: `deliveries retry KEY` needs all of it.
    table = Table(expand=False)
    table.add_column("key", no_wrap=True, min_width=max((len(r.key) for r in rows), default=3))
    for name in ("state", "due (UTC)", "attempts", "last error"):
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(
            row.key, row.state.value, f"{row.due_at:%Y-%m-%d %H:%M}", str(row.attempts), row.last_error or ""
        )
    return table


@deliveries_cli.command("retry")
def deliveries_retry(ctx: typer.Context, key: str) -> None:
    """Put a failed or unknown delivery back in line; the next tick sends it."""
    row = operations.retry_delivery(invocation(ctx).deps(), key=key)
    if row is None:
        fail(f"there is no delivery {key} (`rampcoach deliveries` lists the keys)")
    if row.state is not State.PENDING:
        fail(f"{key} is {row.state.value}: only a failed or unknown delivery can be retried")
    out.print(f"{key} is pending again; it goes out with the next tick.")
