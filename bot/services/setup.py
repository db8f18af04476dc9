"""Loading ramp plans and the team structure from files (CLI and demo)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml
from sqlmodel import Session

from bot.deps import Deps
from coaching.activity import Enrollment
from coaching.errors import Code, FieldProblem, Problem, problem
from coaching.plan_periods import ended_period
from coaching.plans import RampPlan, parse_plan
from coaching.roster import Change, RosterChange
from coaching.team import Person, parse_team
from storage.db import session_scope
from storage.repo import people, plan_periods, plans, roster
from storage.repo.plans import PlanVersionConflict as PlanVersionConflict  # the CLI names it


@dataclass(frozen=True)
class TeamImport:
    people_changed: int
    enrollments_changed: int


class _TextDates(yaml.SafeLoader):
    """The safe loader without implicit dates: `start: 2026-13-02` stays text, so the file's parser
    reports it with its field path, where PyYAML itself would raise on the impossible date."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in found if tag != "tag:yaml.org,2002:timestamp"]
    for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    """Return the parsed YAML document; raise FieldProblem with the line of a syntax error."""
    try:
        return yaml.load(text, Loader=_TextDates)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else None
        raise FieldProblem([problem(Code.NOT_YAML, line=line, detail=err.problem)]) from None
    except yaml.YAMLError as err:
        raise FieldProblem([problem(Code.NOT_YAML, detail=str(err))]) from None


def import_plan(deps: Deps, *, team_id: str, source: str) -> tuple[RampPlan, bool]:
    """Store a plan version from its YAML; return it and whether it was new."""
    plan = parse_plan(load_yaml(source))
    now = deps.clock()
    with session_scope(deps.engine) as session:
        people.ensure_workspace(session, team_id=team_id, now=now)
        created = plans.save_plan(session, team_id=team_id, plan=plan, source=source, now=now)
    return plan, created


def import_team(deps: Deps, *, team_id: str, source: str) -> TeamImport:
    """Create or update people and enroll reps from a team file; nothing is stored if any entry is bad."""
    team = parse_team(load_yaml(source))
    now = deps.clock()
    with session_scope(deps.engine) as session:
        people.ensure_workspace(session, team_id=team_id, now=now)
        enrollments = _enrollments(session, team_id, team)
        changed = people.upsert_people(session, team_id=team_id, people=team, now=now)
        for e in enrollments:
            _keep_earlier_plan(session, team_id, e, now)
        enrolled = sum(
            plans.enroll(session, team_id=team_id, enrollment=e, by="team-import", now=now)
            for e in enrollments
        )
    return TeamImport(changed, enrolled)


def _keep_earlier_plan(session: Session, team_id: str, new: Enrollment, now: dt.datetime) -> None:
    """Keep the plan a team file moves a rep off as an earlier period, as `/ramp replan` does, when the
    new plan starts after the old one took over (an earlier or equal start corrects it instead)."""
    current = plans.get_enrollment(session, team_id=team_id, rep_id=new.rep_id)
    if current is None or current.plan_id == new.plan_id:
        return
    if (ended := ended_period(current, new.start)) is not None:
        plan_periods.record(session, team_id=team_id, period=ended, by="team-import", now=now)
        detail = f"{current.plan_id} v{current.plan_version} from {current.start}"
        detail += f" → {new.plan_id} v{new.plan_version} from {new.start}"
        change = RosterChange(new.rep_id, "team-import", Change.REPLAN, detail, "team import", now)
        roster.record(session, team_id=team_id, change=change)


def _enrollments(session: Session, team_id: str, team: list[Person]) -> list[Enrollment]:
    found: list[Enrollment] = []
    problems: list[Problem] = []
    for i, person in enumerate(team):
        if person.plan is None or person.start is None:
            continue
        plan = plans.latest_plan(session, team_id=team_id, plan_id=person.plan)
        if plan is None:
            problems.append(problem(Code.PLAN_NOT_IMPORTED, f"people[{i}].plan", plan=person.plan))
            continue
        current = plans.get_enrollment(session, team_id=team_id, rep_id=person.slack_id)
        # Re-importing keeps the plan version a rep was enrolled on; a new plan id or start re-enrolls.
        keep = current is not None and (current.plan_id, current.start) == (person.plan, person.start)
        version = current.plan_version if keep and current else plan.version
        found.append(Enrollment(person.slack_id, person.plan, version, person.start))
    if problems:
        raise FieldProblem(problems)
    return found
