"""What every CLI command shares: settings, deps, the workspace to act on, and one-line failures."""

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import structlog
import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.deps import Deps
from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings
from coaching.errors import FieldProblem
from storage import migrate
from storage.db import make_engine, normalize_url, session_scope
from storage.repo import people

out = Console()
log = structlog.get_logger("rampcoach")
err = Console(stderr=True)

TeamOption = Annotated[str | None, typer.Option("--team", help="Slack team id (default: SLACK_TEAM_ID).")]


def fail(message: str) -> NoReturn:
    """Print one clear line to stderr and exit 2."""
    err.print(f"[bold red]rampcoach:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def settings() -> Settings:
    try:
        loaded = load_settings()
    except SettingsError as error:
        fail(str(error))
    configure_logging(loaded.log_level, loaded.log_format)
    return loaded


def deps_for(config: Settings, *, pooled: bool = False) -> Deps:
    """Return the deps for a command that uses the database, or stop if it is unreachable or not migrated."""
    with database_errors(config):
        current = migrate.is_current(config.database_url)
    if not current:
        fail("the database is not up to date: run `rampcoach db upgrade` first")
    # A one-off command keeps no pool: each connection closes with its session. The server pools.
    engine = make_engine(config.database_url, pooled=pooled)
    return Deps(
        engine=engine,
        log_weeks_back=config.rampcoach_log_weeks_back,
        nudge_days=config.rampcoach_nudge_days,
        keep_message_text=config.rampcoach_keep_message_text,
        message_text_days=config.rampcoach_message_text_days,
        holidays=frozenset(config.rampcoach_holidays),
        digest_channel=config.rampcoach_digest_channel,
        ecosystem_share=config.rampcoach_ecosystem_share,
    )


def with_templates(deps: Deps, config: Settings) -> Deps:
    """Return deps with the template registry (for nudges and draft feedback), or stop if it is not valid."""
    try:
        return dataclasses.replace(deps, templates=config.templates())
    except SettingsError as error:
        fail(str(error))


@contextmanager
def database_errors(config: Settings) -> Iterator[None]:
    """Turn an unreachable database into one line that names it (without its password)."""
    try:
        yield
    except OperationalError as error:
        where = make_url(normalize_url(config.database_url)).render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        fail(f"cannot use the database at DATABASE_URL {where}: {reason}")


def team_id(deps: Deps, config: Settings, given: str | None) -> str:
    """Return the workspace to act on: --team, SLACK_TEAM_ID, or the only one in the database."""
    if given or config.slack_team_id:
        return given or config.slack_team_id or ""
    with session_scope(deps.engine) as session:
        known = people.workspace_ids(session)
    if len(known) != 1:
        fail("say which workspace with --team T0123ABCD (or set SLACK_TEAM_ID)")
    return known[0]


def read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{path}: cannot read it ({error})")


def problems(path: Path, error: FieldProblem) -> NoReturn:
    for problem in error.problems:
        err.print(f"{path}: {problem}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(2)
