"""People and the reporting line: who is a rep, manager, leader or admin, and who reports to whom."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from coaching.errors import Code, FieldProblem, Problem, describe, problem

SlackUserId = Annotated[str, Field(pattern=r"^[UW][A-Z0-9]{2,20}$")]
# Loose on purpose: one @, a dot in the domain, no spaces. Only used to match touches to people.
Email = Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class Role(StrEnum):
    REP = "rep"
    MANAGER = "manager"
    LEADER = "leader"
    ADMIN = "admin"


class Person(BaseModel):
    """One entry of a team file: a Slack user, their role, manager and (for reps) ramp plan."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    slack_id: SlackUserId
    name: Annotated[str, Field(min_length=1, max_length=80)]
    role: Role
    manager: SlackUserId | None = None
    tz: str | None = None
    email: Email | None = None
    plan: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")] | None = None
    start: dt.date | None = None

    @field_validator("name")
    @classmethod
    def _no_control_characters(cls, name: str) -> str:
        if any(ord(c) < 32 for c in name):
            raise FieldProblem([problem(Code.CONTROL_CHARACTERS)])
        return name.strip()

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, tz: str | None) -> str | None:
        if tz is not None:
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError):
                raise FieldProblem([problem(Code.UNKNOWN_TIME_ZONE, tz=tz[:64])]) from None
        return tz

    @model_validator(mode="after")
    def _plan_and_start_together(self) -> "Person":
        if (self.plan is None) != (self.start is None):
            raise FieldProblem([problem(Code.PLAN_WITHOUT_START)])
        if self.plan is not None and self.role is not Role.REP:
            raise FieldProblem([problem(Code.PLAN_FOR_NON_REP)])
        if self.manager == self.slack_id:
            raise FieldProblem([problem(Code.OWN_MANAGER)])
        return self


class TeamFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    people: Annotated[list[Person], Field(min_length=1, max_length=20000)]


def parse_team(data: Any) -> list[Person]:
    """Return the people of a loaded team file; raise FieldProblem naming each bad entry and field."""
    if not isinstance(data, dict):
        raise FieldProblem([problem(Code.NOT_A_TEAM, "")])
    try:
        people = TeamFile.model_validate(data).people
    except ValidationError as err:
        raise FieldProblem(describe(err)) from None
    problems = _reference_problems(people)
    if problems:
        raise FieldProblem(problems)
    return people


def _reference_problems(people: list[Person]) -> list[Problem]:
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for i, person in enumerate(people):
        if person.slack_id in index:
            first = index[person.slack_id]
            problems.append(
                problem(Code.PERSON_REPEATED, f"people[{i}].slack_id", id=person.slack_id, first=first)
            )
        index.setdefault(person.slack_id, i)
    for i, person in enumerate(people):
        manager = person.manager
        if manager is not None and manager not in index:
            problems.append(problem(Code.MANAGER_NOT_IN_FILE, f"people[{i}].manager", id=manager))
        elif manager is not None and people[index[manager]].role is Role.REP:
            problems.append(problem(Code.MANAGER_IS_REP, f"people[{i}].manager", id=manager))
    return problems or _email_problems(people) or _cycle_problems(people)


def _email_problems(people: list[Person]) -> list[Problem]:
    # Touches are matched to people by email, so one address must name one person.
    first: dict[str, int] = {}
    problems: list[Problem] = []
    for i, person in enumerate(people):
        if person.email is None:
            continue
        address = person.email.lower()
        if address in first:
            problems.append(
                problem(Code.EMAIL_REPEATED, f"people[{i}].email", email=person.email, first=first[address])
            )
        first.setdefault(address, i)
    return problems


def _cycle_problems(people: list[Person]) -> list[Problem]:
    manager_of = {p.slack_id: p.manager for p in people}
    for i, person in enumerate(people):
        seen = {person.slack_id}
        current = person.manager
        while current is not None:
            if current in seen:
                return [problem(Code.REPORTING_LOOP, f"people[{i}].manager", id=person.slack_id)]
            seen.add(current)
            current = manager_of.get(current)
    return []


@dataclass(frozen=True)
class Member:
    """A person as stored for a workspace."""

    team_id: str
    slack_id: str
    name: str
    role: Role
    manager_id: str | None
    tz: str | None
