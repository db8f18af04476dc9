"""`make bench`'s table: each script's last JSON line read, and its figures held against their targets."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def summary() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_summary", BENCH / "summary.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_summary"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_last_json_line_is_read_after_the_scripts_own_output(summary: ModuleType) -> None:
    lines = ["digest of 50 reps: 0.1 s\n", '{"digest_500_s": 1.5}\n', "\n"]
    assert summary.last_json(lines) == {"digest_500_s": 1.5}
    assert summary.last_json(["no json here\n"]) is None


def test_nested_keys_and_relative_targets_are_judged(summary: ModuleType) -> None:
    target = summary.Target
    figures = {"sqlite": {"all_reps_s": 0.4}, "brier_45": 0.12, "baseline_brier_45": 0.26, "lost": 1}
    assert summary.verdict(target("sqlite.all_reps_s", "<", 1), figures) is True
    assert summary.verdict(target("brier_45", "<=", 0.8, of="baseline_brier_45"), figures) is True
    assert summary.verdict(target("lost", "==", 0), figures) is False
    assert summary.verdict(target("missing", "<", 1), figures) is None
    assert summary.verdict(target("brier_45"), figures) is None  # a figure without a target


def test_every_key_the_issues_ask_for_has_a_row(summary: ModuleType) -> None:
    # The keys each issue names for its script's last line (the lead's bench-keys list).
    asked = {
        "ack.py": "p50_ms p99_ms errors rss_mb rps",
        "fanout.py": "ratio lost duplicated",
        "status.py": "sqlite.all_reps_s sqlite.one_rep_ms sqlite.home_view_ms postgresql.all_reps_s "
        "postgresql.one_rep_ms postgresql.home_view_ms "
        # issue 19
        "sqlite.leader_home_300_ms sqlite.leader_home_2000_ms sqlite.manager_home_ms "
        "postgresql.leader_home_300_ms postgresql.leader_home_2000_ms postgresql.manager_home_ms",
        "digest.py": "digest_50_s digest_500_s digest_5000_s",
        "nudge_quality.py": "detection false_nudge_rate",
        "early_call.py": "auc_45 ece_45 brier_45 baseline_brier_45",
        "crm_sync.py": "ratio lost duplicated",
        "experiments.py": "experiment_share_late greedy_share experiment_share",
    }
    listed = {script: {t.key for t in targets} for script, targets in summary.TARGETS.items()}
    assert listed == {script: set(keys.split()) for script, keys in asked.items()}


def test_every_runnable_script_is_run_and_helpers_are_not(summary: ModuleType) -> None:
    found = summary.scripts([])
    assert found[:2] == ["ack.py", "fanout.py"] and "digest.py" in found
    assert "summary.py" not in found and "early_call_sim.py" not in found
