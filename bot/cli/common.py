"""What every CLI command shares: one callback that holds settings, deps and the workspace to act on,
and one-line failures (exit 2) for bad input or settings."""

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NoReturn

import structlog
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from bot.cli.workspace import WorkspaceProblem, choose_workspace
from bot.deps import Deps, Tuning
from bot.logs import configure_logging
from bot.services import operations
from bot.services.errors import NotAllowed
from bot.services.workspaces import workspace_ids
from bot.settings import Settings, SettingsError, load_settings
from bot.views.problems import problem_texts
from coaching.errors import FieldProblem
from coaching.templates import TemplateRegistry

out = Console()
log = structlog.get_logger("rampcoach")
err = Console(stderr=True)

TeamOption = Annotated[str | None, typer.Option("--team", help="Slack team id (default: SLACK_TEAM_ID).")]


NewWorkspaceOption = Annotated[
    bool, typer.Option("--new-workspace", help="Import into a workspace the database does not have yet.")
]


def fail(message: str) -> NoReturn:
    """Print one clear line to stderr and exit 2."""
    err.print(f"[bold red]rampcoach:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


@dataclass
class Invocation:
    """One command's shared setup, each part built the first time a command asks for it: commands that
    need no settings (plan validate, demo) never read them, and a bad setting stops only those that do."""

    _settings: Settings | None = None
    _deps: dict[bool, Deps] = field(default_factory=dict)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings()
            except SettingsError as error:
                fail(str(error))
            configure_logging(self._settings.log_level, self._settings.log_format)
        return self._settings

    def deps(self, *, pooled: bool = False, templates: bool = False) -> Deps:
        """Return the deps for a command that uses the database, or stop if it is unreachable or not
        migrated; with `templates`, also the template registry (nudges, draft feedback, deliveries)."""
        registry = _templates(self.settings) if templates else None  # a bad file fails before the database
        if pooled not in self._deps:
            self._deps[pooled] = _deps(self.settings, pooled=pooled)
        deps = self._deps[pooled]
        return dataclasses.replace(deps, tuning=dataclasses.replace(deps.tuning, templates=registry))

    def team(self, given: str | None, *, starts: bool = False, new: bool = False) -> str:
        """Return the workspace to act on (see choose_workspace); an import `starts` one, and may start
        a second only when told so (`new`, its --new-workspace flag)."""
        try:
            return choose_workspace(given, self.settings, workspace_ids(self.deps()), starts=starts, new=new)
        except WorkspaceProblem as error:
            fail(str(error))


class CommandLine(TyperGroup):
    """The root command: a missing setting or a refusal met deep in a command (a token needed only to
    send) ends as one line and exit 2, never a traceback (issue 20)."""

    def invoke(self, ctx: Any) -> Any:  # a click Context; typer vendors click under a private name
        try:
            return super().invoke(ctx)
        except (SettingsError, WorkspaceProblem) as error:
            fail(str(error))
        except NotAllowed as error:
            fail(f"the command line may not do this to {error}")
        except Exception as error:
            # click's UsageError (a missing argument, an unknown option or command) is known by its shape:
            # typer may vendor click under a private name. Anything else is a bug and keeps its traceback.
            if getattr(error, "exit_code", None) != 2 or not hasattr(error, "format_message"):
                raise
            where = getattr(getattr(error, "ctx", None), "command_path", "rampcoach")
            fail(f"{error.format_message().rstrip('.')} (see `{where} --help`)")


@contextmanager
def working(message: str) -> Iterator[None]:
    """Show a spinner on stderr while a long command works, only on a terminal: piped or in cron, the
    command stays quiet and stdout holds only its answer."""
    if not err.is_terminal:
        yield
        return
    with err.status(message):
        yield


def shared(ctx: typer.Context) -> None:
    """The root callback: every command below finds the same Invocation in its context."""
    ctx.obj = Invocation()


def invocation(ctx: typer.Context) -> Invocation:
    """Return the command's Invocation (a fresh one when a command group runs on its own, as in tests)."""
    found = ctx.find_object(Invocation)
    return found if found is not None else ctx.ensure_object(Invocation)


def tuning(config: Settings) -> Tuning:
    """Return the behaviour settings that services read from deps."""
    return Tuning(
        log_weeks_back=config.rampcoach_log_weeks_back,
        nudge_days=config.rampcoach_nudge_days,
        touch_minutes=config.touch_minutes(),
        keep_message_text=config.rampcoach_keep_message_text,
        message_text_days=config.rampcoach_message_text_days,
        holidays=frozenset(config.rampcoach_holidays),
        digest_channel=config.rampcoach_digest_channel,
        ecosystem_share=config.rampcoach_ecosystem_share,
        first_review_days=config.rampcoach_first_review_days,
        early_call_visible_to=config.rampcoach_early_call_visible_to,
        team_summary_off=frozenset(config.rampcoach_team_summary_off),
        leave_status_match=tuple(config.rampcoach_leave_status_match),
    )


def _deps(config: Settings, *, pooled: bool) -> Deps:
    missing = operations.missing_sqlite_file(config.database_url)
    if missing is not None:  # connecting would leave an empty file there
        fail(f"there is no database at {missing}: run `rampcoach db upgrade` to create it")
    try:
        current = operations.schema_is_current(config.database_url)
    except operations.DatabaseUnreachable as error:
        fail(str(error))
    if not current:
        fail("the database is not up to date: run `rampcoach db upgrade` first")
    # A one-off command keeps no pool: each connection closes with its session. The server pools.
    engine = operations.open_engine(config.database_url, pooled=pooled)
    return Deps(engine=engine, tuning=tuning(config))


def _templates(config: Settings) -> TemplateRegistry | None:
    try:
        return config.templates()
    except SettingsError as error:
        fail(str(error))


def read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{path}: cannot read it ({error})")


def problems(path: Path, error: FieldProblem) -> NoReturn:
    for problem in problem_texts(error.problems):
        err.print(f"{path}: {problem}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(2)
