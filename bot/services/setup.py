"""Loading ramp plans and the team structure from files (CLI and demo)."""

from dataclasses import dataclass
from typing import Any

import yaml
from sqlmodel import Session

from bot.deps import Deps
from bot.services.roster import record_replan
from coaching.activity import Enrollment
from coaching.errors import Code, FieldProblem, Problem, problem
from coaching.plan_periods import ended_period
from coaching.plans import RampPlan, parse_plan
from coaching.team import Person, parse_team
from storage.db import session_scope
from storage.repo import people, plans
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
        for current, new in enrollments:
            # A new plan from a later start is a replan, as with /ramp replan; an earlier or equal start
            # corrects the enrollment instead.
            if current and current.plan_id != new.plan_id and ended_period(current, new.start):
                record_replan(session, team_id, (current, new, new.start), "team-import", "team import", now)
        enrolled = sum(
            plans.enroll(session, team_id=team_id, enrollment=new, by="team-import", now=now)
            for _, new in enrollments
        )
    return TeamImport(changed, enrolled)


def _enrollments(
    session: Session, team_id: str, team: list[Person]
) -> list[tuple[Enrollment | None, Enrollment]]:
    """Return each rep's stored enrollment (None: none yet) and the one the team file asks for."""
    found: list[tuple[Enrollment | None, Enrollment]] = []
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
        found.append((current, Enrollment(person.slack_id, person.plan, version, person.start)))
    if problems:
        raise FieldProblem(problems)
    return found
