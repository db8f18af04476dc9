"""Run every benchmark and print one table of the headline figures against their targets (`make bench`).

Each bench/*.py script ends with one JSON line; this reads that line. The targets are the ones the issues
set (README, "Benchmarks"). A script with a `__main__` guard that is not in TARGETS still runs, and its
figures are listed without targets. `python bench/summary.py ack.py digest.py` runs only those.
Exits 1 if a script failed or printed no JSON line; a target not met is shown, not an error.
"""

import json
import operator
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

BENCH = Path(__file__).resolve().parent
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    ">=": operator.ge,
    ">": operator.gt,
}


@dataclass(frozen=True)
class Target:
    """A headline figure (`a.b` reads {"a": {"b": …}}) and, if it has one, its target: `op bound`, or
    `op bound × <of>` when the target is relative to another figure of the same run."""

    key: str
    op: str | None = None
    bound: float = 0.0
    of: str | None = None

    def text(self) -> str:
        if self.op is None:
            return ""
        bound = f"{self.bound:g}"
        return f"{self.op} {bound} × {self.of}" if self.of else f"{self.op} {bound}"


def _each(db: str) -> list[Target]:
    return [
        Target(f"{db}.all_reps_s", "<", 1),
        Target(f"{db}.one_rep_ms", "<", 20),
        Target(f"{db}.home_view_ms", "<", 20),
        Target(f"{db}.leader_home_300_ms", "<", 100),
        Target(f"{db}.leader_home_2000_ms", "<", 100),
        Target(f"{db}.manager_home_ms", "<", 100),
    ]


TARGETS: dict[str, list[Target]] = {
    "ack.py": [
        Target("p50_ms"),
        Target("p99_ms", "<=", 50),
        Target("errors", "==", 0),
        Target("rss_mb", "<", 200),
        Target("rps"),
    ],
    "fanout.py": [Target("ratio", "<=", 1.2), Target("lost", "==", 0), Target("duplicated", "==", 0)],
    "status.py": _each("sqlite") + _each("postgresql"),
    "digest.py": [Target("digest_50_s"), Target("digest_500_s", "<", 2), Target("digest_5000_s")],
    "nudge_quality.py": [Target("detection", ">=", 0.9), Target("false_nudge_rate", "<=", 0.05)],
    "early_call.py": [
        Target("auc_45", ">=", 0.85),
        Target("ece_45", "<=", 0.05),
        Target("brier_45", "<=", 0.8, of="baseline_brier_45"),
        Target("baseline_brier_45"),
    ],
    "crm_sync.py": [Target("ratio", "<=", 1.3), Target("lost", "==", 0), Target("duplicated", "==", 0)],
    "experiments.py": [
        Target("experiment_share_late", ">=", 0.95),
        Target("experiment_share", ">", 1, of="greedy_share"),
        Target("greedy_share"),
    ],
}


def figure(figures: Mapping[str, object], key: str) -> float | None:
    """Return the figure at a dotted key, or None when the run did not report it."""
    value: object = figures
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def verdict(target: Target, figures: Mapping[str, object]) -> bool | None:
    """Return whether the run met the target; None when there is no target or a figure is missing."""
    value = figure(figures, target.key)
    if target.op is None or value is None:
        return None
    bound = target.bound
    if target.of is not None:
        other = figure(figures, target.of)
        if other is None:
            return None
        bound *= other
    return OPERATORS[target.op](value, bound)


def _keys(figures: Mapping[str, object], prefix: str = "") -> list[str]:
    """Return every figure's dotted key, for a script without known targets."""
    keys: list[str] = []
    for name, value in figures.items():
        if isinstance(value, Mapping):
            keys += _keys(value, f"{prefix}{name}.")
        else:
            keys.append(f"{prefix}{name}")
    return keys


def last_json(lines: list[str]) -> dict[str, object] | None:
    """Return the JSON object on the last non-empty line of a script's output, or None."""
    for line in reversed(lines):
        if line.strip():
            try:
                found = json.loads(line)
            except json.JSONDecodeError:
                return None
            return found if isinstance(found, dict) else None
    return None


def scripts(names: list[str]) -> list[str]:
    """Return the benchmark scripts to run: those named, or every bench/*.py that runs on its own."""
    if names:
        return names
    runnable = sorted(
        path.name
        for path in BENCH.glob("*.py")
        if path.name != Path(__file__).name and '__name__ == "__main__"' in path.read_text(encoding="utf-8")
    )
    order = list(TARGETS)
    return sorted(runnable, key=lambda name: order.index(name) if name in order else len(order))


def run(script: str) -> tuple[int, dict[str, object] | None]:
    """Run one script, passing its output through; return its exit code and its last JSON line."""
    print(f"== {script}", flush=True)
    with subprocess.Popen(
        [sys.executable, str(BENCH / script)], stdout=subprocess.PIPE, text=True
    ) as process:
        lines = []
        for line in process.stdout or []:
            print(line, end="", flush=True)
            lines.append(line)
    return process.returncode, last_json(lines)


def table(results: dict[str, tuple[int, dict[str, object] | None]]) -> Table:
    """Return one row per headline figure: script, figure, value, target and whether it was met."""
    table = Table("benchmark", "figure", "value", "target", "met", title="Benchmarks against their targets")
    for script, (code, figures) in results.items():
        if code != 0 or figures is None:
            problem = f"failed (exit {code})" if code else "no JSON line"
            table.add_row(script, problem, "", "", "[red]✗[/]")
            continue
        known = TARGETS.get(script) or [Target(key) for key in _keys(figures)]
        for target in known:
            value = figure(figures, target.key)
            met = verdict(target, figures)
            mark = "" if met is None else "[green]✓[/]" if met else "[red]✗[/]"
            table.add_row(
                script, target.key, "missing" if value is None else f"{value:g}", target.text(), mark
            )
    return table


def main() -> None:
    results = {script: run(script) for script in scripts(sys.argv[1:])}
    Console().print(table(results))
    if any(code != 0 or figures is None for code, figures in results.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
