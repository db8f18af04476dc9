"""`rampcoach serve` (Socket Mode or HTTP) and `rampcoach demo`."""

from typing import Annotated, Any

import typer

from bot.cli.common import fail, invocation, log, out
from bot.logs import configure_logging
from bot.services import operations
from bot.settings import SettingsError


def serve(
    ctx: typer.Context,
    http: Annotated[
        bool, typer.Option("--http", help="Serve HTTP at /slack/events instead of Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port.")] = 3000,
    host: Annotated[str, typer.Option(help="HTTP address to bind.")] = "0.0.0.0",  # noqa: S104 (a server)
    scheduler: Annotated[
        bool,
        typer.Option(help="Tick every minute to send check-ins and reminders (off: use `rampcoach tick`)."),
    ] = True,
) -> None:
    """Run the bot: Socket Mode (SLACK_APP_TOKEN) or HTTP mode (--http, SLACK_SIGNING_SECRET)."""
    from bot.app import build_app, listener_executor
    from bot.delivery.jobs import scheduled_jobs
    from bot.delivery.scheduler import start_scheduler
    from bot.delivery.tick import make_sender
    from bot.metrics import registry
    from bot.server import http_server
    from bot.shutdown import serve_until_terminated

    run = invocation(ctx)
    config = run.settings
    executor = listener_executor()
    try:
        if not config.multi_workspace() and not http:
            config.require("slack_app_token")
        jobs = scheduled_jobs(config) if scheduler else ()
        app_deps = run.deps(pooled=True, templates=True)
        app = build_app(config, app_deps, http=http, executor=executor)
    except SettingsError as error:
        fail(str(error))
    ticking = (
        start_scheduler(app_deps, make_sender(app_deps, config), config.schedules(), jobs)
        if scheduler
        else None
    )
    if http:
        engine = app_deps.engine
        metrics = registry(engine, app_deps.clock)
        sockets: dict[int, Any] = {}
        server = http_server(
            app,
            host=host,
            port=port,
            ready=lambda: operations.answers(engine),
            metrics=metrics,
            sockets=sockets,
        )
        log.info("serving Slack requests", url=f"http://{host}:{port}/slack/events")
        serve_until_terminated(server, sockets, executor, ticking, grace_s=config.rampcoach_shutdown_seconds)
    else:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        SocketModeHandler(app, config.secret("slack_app_token")).start()  # type: ignore[no-untyped-call]


def demo() -> None:
    """Run the demo: an example org's 90-day ramp on a local fake Slack; prints where its transcript is."""
    from bot.demo import run_demo

    configure_logging("WARNING", "console")
    run_demo(out)
