"""The command line's contract, held for every command the Typer app registers (README, "The command line").

`--json` prints exactly one JSON document on stdout and nothing else; exit 0 means everything asked was
done, 2 means bad input or settings, with one line on stderr naming the problem and no traceback.

The commands are found by walking the click tree, so a command added later is covered too: it needs a row
in CASES below (a happy run and a bad-input run), and the test fails until it has one.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PLAN = str(ROOT / "plans" / "ae-90.yml")
TEAM = str(ROOT / "examples" / "team.yml")
TOUCHES = "rep,sent_at,channel,step,template,subject,body,outcome\nU0REP1,2026-11-02T09:30:00Z,email,1,a,,,\n"
ACTIVITY = "rep,week_start,metric,value,note\nU0REP1,2026-10-05,calls,12,\n"
MISSING_DB = {"DATABASE_URL": "sqlite:///{tmp}/nowhere/none.db"}  # {tmp}: the test's directory


@dataclass(frozen=True)
class Case:
    """How to run one command: arguments that succeed, and arguments (or settings) that are bad input.

    `None` with a `why` says where that run is tested instead (a server that runs until stopped, a
    command that needs a failed delivery first). `{tmp}` in an argument or setting is the test's directory.
    """

    happy: list[str] | None
    bad: list[str] | None
    bad_env: dict[str, str] = field(default_factory=dict)
    why: str = ""


CASES: dict[str, Case] = {
    "db upgrade": Case([], [], bad_env={"DATABASE_URL": "mysql://nope"}),
    "plan validate": Case([PLAN], ["{tmp}/bad-plan.yml"]),
    "plan import": Case([PLAN], ["--team", "T0TYPO", PLAN]),
    "team import": Case([TEAM], ["--team", "T0TYPO", TEAM]),
    "deliveries": Case(["--json"], [], bad_env=MISSING_DB),
    "deliveries retry": Case(None, ["no:such:key"], why="tests/delivery/test_tick.py retries a failed one"),
    "tick": Case(None, ["--at", "2026-11-20T22:00:00"], why="tests/bot/test_cli_fresh_install.py, test_tick"),
    "touches import": Case(["{tmp}/touches.csv"], ["{tmp}/missing.csv"]),
    "touches sync-hubspot": Case(None, [], why="tests/bot/test_hubspot.py runs it against a fake HubSpot"),
    "nudges": Case(["--json"], ["--rep", "U0NOPE"]),
    "reviews": Case(["--json"], ["--manager", "U0NOPE"]),
    "forget": Case(["--user", "U0REP2"], ["--user", "U0NOPE"]),
    "digest": Case(["--json"], ["--leader", "U0NOPE"]),
    "export logs": Case(["--format", "json"], ["--since", "last-week"]),
    "export deliveries": Case(["--format", "json"], ["--since", "last-week"]),
    "export admin-actions": Case(["--format", "json"], ["--since", "last-week"]),
    "backup": Case(["{tmp}/backup.db"], ["{tmp}/no/such/dir/backup.db"]),
    "restore": Case(None, ["{tmp}/no-such-backup.db"], why="tests/bot/test_backup.py restores a backup"),
    "calibration": Case(["--json"], ["--team", "T0WRONG"]),
    "activity import": Case(["{tmp}/activity.csv"], ["{tmp}/missing.csv"]),
    "status": Case(["--json"], ["--team", "T0WRONG"]),
    "experiments": Case(["--json"], ["--rep", "U0NOPE"]),
    "decide": Case(
        None,
        ["--rep", "U0NOPE", "--decision", "continue", "--why", "steady progress on every metric so far"],
        why="tests/bot/test_decisions_cli.py decides for an enrolled rep",
    ),
    "decisions": Case(["--json"], ["--rep", "U0NOPE"]),
    "amend-decision": Case(
        None, ["--id", "999", "--text", "the reason was the other rep"], why="tests/bot/test_decisions_cli.py"
    ),
    "milestone": Case(
        None, ["--rep", "U0NOPE", "--label", "Certified"], why="tests/bot/test_decisions_cli.py confirms one"
    ),
    "team leave": Case(
        ["U0REP1", "--from", "2099-03-01", "--to", "2099-03-05"],
        ["U0REP1", "--from", "2020-01-01", "--to", "2020-01-05"],
    ),
    "team move": Case(None, ["U0REP1", "--to", "U0REP2"], why="tests/bot/test_cli_roster.py moves a rep"),
    "team replan": Case(
        ["U0REP1", "--plan", "ae-90", "--from", "2030-01-07"], ["U0REP1", "--plan", "no-such-plan"]
    ),
    "team offboard": Case(["U0REP2"], ["U0NOPE"]),
    "team reactivate": Case(["U0REP2"], ["U0NOPE"]),
    "export roster": Case(["--format", "json"], ["--since", "last-week"]),
    "cohorts": Case(["--json"], ["--team", "T0WRONG"]),
    "export reviews": Case(["--format", "json"], ["--since", "last-week"]),
    "crm check": Case([str(ROOT / "examples" / "crm-mapping.yml")], ["{tmp}/missing.yml"]),
    "crm sync": Case(None, ["--since", "yesterday"], why="tests/bot/test_cli_crm.py syncs a fake HubSpot"),
    "serve": Case(None, ["--http"], bad_env={"SLACK_BOT_TOKEN": "not-a-token"}, why="runs until stopped"),
    "demo": Case(None, None, why="takes no input; tests/bot/test_demo.py runs it"),
}


def commands(group: typer.Typer = cli) -> dict[str, object]:
    """Return every runnable command by its full name, found by walking the click tree."""
    found: dict[str, object] = {}

    def walk(command: object, path: tuple[str, ...]) -> None:
        subcommands: dict[str, object] = getattr(command, "commands", {})
        if path and (not subcommands or getattr(command, "invoke_without_command", False)):
            found[" ".join(path)] = command
        for name, sub in subcommands.items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(group), ())
    return found


COMMANDS = commands()


def test_the_walk_finds_nested_and_top_level_commands() -> None:
    assert {"db upgrade", "deliveries", "deliveries retry", "status", "export logs"} <= set(COMMANDS)


def test_every_row_names_a_command_that_exists() -> None:
    assert set(CASES) - set(COMMANDS) == set(), "CASES has rows for commands that no longer exist"


def test_every_command_with_json_output_is_run_with_json() -> None:
    for name, command in COMMANDS.items():
        has_json = any("--json" in getattr(p, "opts", []) for p in getattr(command, "params", []))
        case = CASES.get(name)
        if has_json and case is not None and case.happy is not None:
            assert "--json" in case.happy, f"`{name}` has --json: run its happy case with it"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """One imported workspace (the only one, so no command needs --team) and the files the rows use."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    (tmp_path / "bad-plan.yml").write_text("id: x\nversion: 1\nname: X\nmetrics: []\n")
    (tmp_path / "touches.csv").write_text(TOUCHES)
    (tmp_path / "activity.csv").write_text(ACTIVITY)
    for args in (["db", "upgrade"], ["plan", "import", "--team", "T111", PLAN], ["team", "import", TEAM]):
        assert CliRunner().invoke(cli, args).exit_code == 0
    yield tmp_path


def _filled(values: list[str], tmp: Path) -> list[str]:
    return [v.replace("{tmp}", str(tmp)) for v in values]


def _case(name: str) -> Case:
    case = CASES.get(name)
    if case is None:
        pytest.fail(
            f"`rampcoach {name}` has no row in CASES in {__file__}: add one with a happy and a bad-input "
            "run, so the CLI contract covers it"
        )
    return case


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_command_that_succeeds_exits_0_and_its_json_is_one_document(name: str, workspace: Path) -> None:
    case = _case(name)
    if case.happy is None:
        assert case.why, f"say why `{name}` has no happy run here, and where it is tested"
        return
    args = _filled(case.happy, workspace)
    result = CliRunner().invoke(cli, [*name.split(), *args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    if "--json" in args or args[-2:] == ["--format", "json"]:
        json.loads(result.stdout)  # one document and nothing else: a second line of text would not parse


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_bad_input_exits_2_with_one_line_naming_the_problem(
    name: str, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = _case(name)
    if case.bad is None:
        assert case.why, f"say why `{name}` has no bad-input run"
        return
    for variable, value in case.bad_env.items():
        monkeypatch.setenv(variable, value.replace("{tmp}", str(workspace)))
    result = CliRunner().invoke(cli, [*name.split(), *_filled(case.bad, workspace)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    said = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("{")]
    assert len(said) == 1, f"expected one line naming the problem, got: {said}"
