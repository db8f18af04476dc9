"""People and the reporting line: who is a rep, manager, leader or admin, and who reports to whom."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from coaching.errors import FieldProblem, describe

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
    # An optional group for comparing hire classes, such as a region or market.
    segment: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[^\x00-\x1f<>&]+$")] | None = None

    @field_validator("name")
    @classmethod
    def _no_control_characters(cls, name: str) -> str:
        if any(ord(c) < 32 for c in name):
            raise ValueError("must not contain control characters")
        return name.strip()

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, tz: str | None) -> str | None:
        if tz is not None:
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"{tz[:64]!r} is not an IANA time zone such as Europe/Berlin") from None
        return tz

    @model_validator(mode="after")
    def _plan_and_start_together(self) -> "Person":
        if (self.plan is None) != (self.start is None):
            raise ValueError("give `plan` and `start` together")
        if self.plan is not None and self.role is not Role.REP:
            raise ValueError("only a rep can be enrolled in a ramp plan")
        if self.manager == self.slack_id:
            raise ValueError("a person cannot be their own manager")
        return self


class TeamFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    people: Annotated[list[Person], Field(min_length=1, max_length=20000)]


def parse_team(data: Any) -> list[Person]:
    """Return the people of a loaded team file; raise FieldProblem naming each bad entry and field."""
    if not isinstance(data, dict):
        raise FieldProblem(["(top level): expected a mapping with a `people` list"])
    try:
        people = TeamFile.model_validate(data).people
    except ValidationError as err:
        raise FieldProblem(describe(err)) from None
    problems = _reference_problems(people)
    if problems:
        raise FieldProblem(problems)
    return people


def _reference_problems(people: list[Person]) -> list[str]:
    index: dict[str, int] = {}
    problems: list[str] = []
    for i, person in enumerate(people):
        if person.slack_id in index:
            first = index[person.slack_id]
            problems.append(
                f"people[{i}].slack_id: {person.slack_id} is listed twice (first at people[{first}])"
            )
        index.setdefault(person.slack_id, i)
    for i, person in enumerate(people):
        manager = person.manager
        if manager is not None and manager not in index:
            problems.append(f"people[{i}].manager: {manager} is not in this file")
        elif manager is not None and people[index[manager]].role is Role.REP:
            problems.append(f"people[{i}].manager: {manager} is a rep, not a manager, leader or admin")
    return problems or _email_problems(people) or _cycle_problems(people)


def _email_problems(people: list[Person]) -> list[str]:
    # Touches are matched to people by email, so one address must name one person.
    first: dict[str, int] = {}
    problems: list[str] = []
    for i, person in enumerate(people):
        if person.email is None:
            continue
        address = person.email.lower()
        if address in first:
            problems.append(f"people[{i}].email: {person.email} is also people[{first[address]}]'s email")
        first.setdefault(address, i)
    return problems


def _cycle_problems(people: list[Person]) -> list[str]:
    manager_of = {p.slack_id: p.manager for p in people}
    for i, person in enumerate(people):
        seen = {person.slack_id}
        current = person.manager
        while current is not None:
            if current in seen:
                return [f"people[{i}].manager: the reporting line of {person.slack_id} loops back on itself"]
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
    segment: str | None = None  # the team file's optional segment (region, market)
