"""The CRM mapping file: which CRM records count for which plan metric, and who each CRM owner is.

    metrics:
      calls: {records: call}
      conversations: {records: call, where: {hs_call_disposition: [f240bbac-87c9-4f6e-bf70-924b57d47db7]}}
      demos: {records: meeting, where: {hs_meeting_outcome: COMPLETED, hs_activity_type: Demo}}
      pipeline: {records: deal, sum: amount}
    owners:            # overrides, before matching by email: CRM owner id or email -> Slack user id
      "31337": U0REP1

A record counts for a metric when it is of the metric's kind and every `where` property has one of the
listed values (compared without regard to case or surrounding spaces). A metric with no mapping stays
manual.
"""

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coaching.crm import CrmOwner, CrmRecord, RecordKind
from coaching.errors import Code, FieldProblem, describe, problem

MetricKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Property = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,79}$")]
SlackId = Annotated[str, Field(pattern=r"^[UW][A-Z0-9]{2,20}$")]


class MetricRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    records: RecordKind
    where: dict[Property, list[str]] = {}
    sum: Property | None = None  # add up this property (a deal's amount) instead of counting records

    @field_validator("where", mode="before")
    @classmethod
    def _listed(cls, value: object) -> object:
        # `prop: VALUE` is shorthand for `prop: [VALUE]`; numbers and booleans are compared as text.
        if isinstance(value, dict):
            return {k: [_text(x) for x in (v if isinstance(v, list) else [v])] for k, v in value.items()}
        return value

    def matches(self, record: CrmRecord) -> bool:
        """Return whether `record` counts for this metric."""
        if record.kind != self.records:
            return False
        return all(_norm(record.properties.get(p)) in {_norm(v) for v in vs} for p, vs in self.where.items())

    def amount(self, record: CrmRecord) -> float:
        """Return what `record` adds: 1, or its `sum` property (0 when missing or not a number)."""
        if self.sum is None:
            return 1.0
        try:
            return float(record.properties.get(self.sum) or 0)
        except ValueError:
            return 0.0


class CrmMapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    metrics: dict[MetricKey, MetricRule] = Field(min_length=1)
    owners: dict[str, SlackId] = {}

    def properties(self, kind: RecordKind) -> list[str]:
        """Return every property the rules for `kind` read, so a connector can ask for it."""
        rules = [r for r in self.metrics.values() if r.records == kind]
        return sorted({p for r in rules for p in r.where} | {r.sum for r in rules if r.sum})

    def kinds(self) -> list[RecordKind]:
        """Return the record kinds some metric counts, in a stable order."""
        return sorted({r.records for r in self.metrics.values()})


def parse_mapping(data: Any) -> CrmMapping:
    """Return the mapping in an already-loaded YAML document; raise FieldProblem naming each bad field."""
    if not isinstance(data, dict):
        raise FieldProblem([problem(Code.NOT_A_MAPPING_FILE, "", expected=("metrics", "owners"))])
    try:
        return CrmMapping.model_validate(data)
    except ValidationError as err:
        raise FieldProblem(describe(err)) from None


def metric_values(mapping: CrmMapping, records: Iterable[CrmRecord]) -> dict[str, float]:
    """Return each mapped metric's value over `records` (one rep's week): a count or a sum, 0 if none."""
    values = dict.fromkeys(mapping.metrics, 0.0)
    for record in records:
        for metric, rule in mapping.metrics.items():
            if rule.matches(record):
                values[metric] += rule.amount(record)
    return values


def owner_people(
    mapping: CrmMapping, owners: Iterable[CrmOwner], by_email: Mapping[str, str]
) -> tuple[dict[str, str], list[CrmOwner]]:
    """Return each owner's Slack id (overrides first, then `by_email`, lowercased) and the owners unmatched.

    An owner that matches no one is reported, never guessed from a name.
    """
    overrides = {k.strip().lower(): v for k, v in mapping.owners.items()}
    matched: dict[str, str] = {}
    unmatched: list[CrmOwner] = []
    for owner in owners:
        email = (owner.email or "").strip().lower()
        by_mail = (overrides.get(email) or by_email.get(email)) if email else None
        found = overrides.get(owner.id.lower()) or by_mail
        if found is None:
            unmatched.append(owner)
        else:
            matched[owner.id] = found
    return matched, unmatched


def _text(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int | float) else value


def _norm(value: str | None) -> str:
    return (value or "").strip().lower()
