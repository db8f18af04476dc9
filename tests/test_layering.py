"""Imports flow one way: bot → coaching, storage; storage → coaching at most; coaching imports neither.
Inside bot, listeners and CLI commands reach storage only through services."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "coaching": {
        "bot",
        "storage",
        "slack_bolt",
        "slack_sdk",
        "sqlmodel",
        "sqlalchemy",
        "httpx",
        "apscheduler",
        "alembic",
        "yaml",
        "requests",
        "typer",
        "rich",
    },
    "storage": {"bot", "slack_bolt", "slack_sdk", "httpx", "apscheduler", "typer", "rich"},
    "bot/services": {"slack_bolt", "slack_sdk"},
    # Listeners and CLI commands reach the database only through bot/services.
    "bot/listeners": {"storage", "sqlmodel", "sqlalchemy"},
    "bot/cli": {"storage", "sqlmodel", "sqlalchemy"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_from_the_layers_above_it(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: bad for path, bad in offenders.items() if bad} == {}


def test_the_check_sees_imports_at_all() -> None:
    assert {"pydantic", "coaching"} <= imported_modules(ROOT / "coaching" / "plans.py")
