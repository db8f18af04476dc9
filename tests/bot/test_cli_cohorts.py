"""`rampcoach cohorts`: hire classes from the team file's start dates and segments, on a known cohort."""

import datetime as dt
import json
from pathlib import Path

import yaml

from tests.bot.test_cli import ROOT, run, workdir  # noqa: F401 (the fixture)


def known_cohort(path: Path) -> tuple[str, str]:
    """Write a team file: two reps who started 13 weeks ago (EMEA, NA) and one 5 weeks ago (EMEA)."""
    today = dt.datetime.now(dt.UTC).date()
    early, late = today - dt.timedelta(weeks=13), today - dt.timedelta(weeks=5)
    people = [
        {"slack_id": "U0LEAD", "name": "Dana Lead", "role": "leader"},
        {"slack_id": "U0MGR1", "name": "Max Manager", "role": "manager", "manager": "U0LEAD"},
    ]
    for n, (start, segment) in enumerate([(early, "EMEA"), (early, "NA"), (late, "EMEA")]):
        people.append(
            {
                "slack_id": f"U0REP{n}",
                "name": f"Rep {n}",
                "role": "rep",
                "manager": "U0MGR1",
                "plan": "ae-90",
                "start": start.isoformat(),
                "segment": segment,
            }
        )
    path.write_text(yaml.safe_dump({"people": people}))
    return f"{early:%Y-%m}", f"{late:%Y-%m}"


def test_cohorts_compares_hire_classes_at_the_same_ramp_week(workdir: Path) -> None:  # noqa: F811
    early, late = known_cohort(workdir / "team.yml")
    assert run("db", "upgrade")[0] == 0
    assert run("plan", "import", str(ROOT / "plans" / "ae-90.yml"))[0] == 0
    assert run("team", "import", str(workdir / "team.yml"))[0] == 0
    code, output = run("cohorts", "--json")
    assert code == 0, output
    found = json.loads(output)
    assert 4 <= found["week"] <= 5  # the younger class's complete weeks
    assert [(c["class"], c["reps"]) for c in found["classes"]] == [(early, 2), (late, 1)]
    assert all(c["median_attainment"] == 0 and c["share_on_track"] == 0 for c in found["classes"])
    code, output = run("cohorts", "--json", "--by-segment")
    assert [(c["class"], c["segment"]) for c in json.loads(output)["classes"]] == [
        (early, "EMEA"),
        (early, "NA"),
        (late, "EMEA"),
    ]
    code, output = run("cohorts")
    assert code == 0 and "Hire classes at ramp week" in output
