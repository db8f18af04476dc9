"""CRM auto-fill: read the CRM's activity records, count them into each rep's week in the rep's own time
zone, and store the result as proposed values (source `crm`) beside the rep's log, never in place of it.

Records are read by last-modified time from a little before the newest change stored for each kind
(OVERLAP: CRM search indexes lag behind writes) and stored by record id, so a record read twice, or one
that changed between two syncs, counts once, in its latest state.

A number the rep typed or confirmed is never changed by a sync: a later sync that disagrees is stored as
the proposal and reported. With auto-confirm on, CRM values are written as the rep's log (actor CRM_ACTOR,
source `crm`) where the rep has not written the value themselves.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlmodel import Session

from bot.connectors.base import ConnectorError, CrmConnector, RecordPage
from bot.deps import DEFAULT_TZ, Deps
from bot.services.activity import own_ramp
from bot.services.errors import NotAMember, NotEnrolled
from coaching.activity import WeekLog
from coaching.crm import CrmOwner, CrmRecord, RecordKind, record_week, week_bounds
from coaching.crm_mapping import CrmMapping, metric_values, owner_people
from coaching.policy import Action
from storage.db import session_scope
from storage.repo import activity, connectors, crm, people

SOURCE = "crm"
CRM_ACTOR = "crm"  # who wrote an auto-confirmed value: a later sync may change it, unlike a person's
OVERLAP = dt.timedelta(minutes=10)
FIRST_SYNC = dt.timedelta(weeks=5)  # the weeks a rep can still log, when nothing was read before
EmailLookup = Callable[[str], str | None]  # an email's Slack user id (users.lookupByEmail), or None


@dataclass(frozen=True)
class Disagreement:
    """A value the rep wrote that the CRM now counts differently: shown, never changed by the sync."""

    rep_id: str
    week_start: dt.date
    metric: str
    logged: float
    crm: float


@dataclass
class CrmSyncReport:
    crm: str
    records: int = 0
    skipped: list[str] = field(default_factory=list)
    unmatched: list[CrmOwner] = field(default_factory=list)  # owners that name no one: reported, not guessed
    weeks: dict[str, dict[dt.date, dict[str, float]]] = field(default_factory=dict)  # rep -> week -> values
    changed: int = 0  # proposed values that are new or differ from the last sync's
    confirmed: int = 0  # values written to logs without a click (auto-confirm)
    disagreements: list[Disagreement] = field(default_factory=list)
    error: str | None = None  # why the run stopped early; the next run resumes after the last stored page


@dataclass(frozen=True)
class _Team:
    team_id: str
    zones: dict[str, str]  # rep -> time zone
    reps: dict[str, list[str]]  # rep -> their CRM owner ids


def sync_crm(
    deps: Deps,
    *,
    team_id: str,
    connector: CrmConnector,
    mapping: CrmMapping,
    lookup_email: EmailLookup,
    since: dt.datetime | None = None,
    dry_run: bool = False,
    auto_confirm: bool = False,
) -> CrmSyncReport:
    """Read records changed since `since` (default: since the last sync) and propose each touched week.

    A run stopped by the CRM (an error, a used-up daily limit) keeps what it stored and says why.
    """
    report = CrmSyncReport(connector.name)
    try:
        team = _match_owners(deps, team_id, connector, mapping, lookup_email, report)
    except ConnectorError as error:
        report.error = str(error)
        return report
    touched = _read(deps, team, connector, mapping, since, dry_run, report)
    if dry_run:
        for (rep, week), records in sorted(touched.items()):
            report.weeks.setdefault(rep, {})[week] = metric_values(mapping, records)
        return report
    with session_scope(deps.engine) as session:  # one unit of work: every touched week, or none
        for rep, weeks in _by_rep(touched).items():
            _propose(session, deps.clock(), team, connector.key, mapping, rep, weeks, auto_confirm, report)
    return report


def _by_rep(touched: Iterable[tuple[str, dt.date]]) -> dict[str, list[dt.date]]:
    weeks: dict[str, list[dt.date]] = {}
    for rep, week in sorted(touched):
        weeks.setdefault(rep, []).append(week)
    return weeks


def _match_owners(
    deps: Deps,
    team_id: str,
    connector: CrmConnector,
    mapping: CrmMapping,
    lookup_email: EmailLookup,
    report: CrmSyncReport,
) -> _Team:
    """Return the workspace's reps with their zones and CRM owner ids; report owners that match no one."""
    with session_scope(deps.engine) as session:
        people.ensure_workspace(session, team_id=team_id, now=deps.clock())
        directory = people.rep_directory(session, team_id=team_id)
        zones = {user: tz or DEFAULT_TZ for team, user, tz in people.time_zones(session) if team == team_id}
    owners = connector.owners()
    by_email: dict[str, str] = {}
    for owner in owners:
        email = (owner.email or "").strip().lower()
        if email and email not in by_email:
            found = directory.find(email) or lookup_email(email)
            if found in zones:  # Slack may know people this workspace's roster does not
                by_email[email] = found
    matched, report.unmatched = owner_people(mapping, owners, by_email)
    reps: dict[str, list[str]] = {}
    for owner in owners:
        rep = matched.get(owner.id)
        if rep in zones:
            reps.setdefault(rep, []).append(owner.id)
        elif rep is not None:  # an override naming someone who is not in this workspace
            report.unmatched.append(owner)
    return _Team(team_id, zones, reps)


def _read(
    deps: Deps,
    team: _Team,
    connector: CrmConnector,
    mapping: CrmMapping,
    since: dt.datetime | None,
    dry_run: bool,
    report: CrmSyncReport,
) -> dict[tuple[str, dt.date], list[CrmRecord]]:
    """Read every mapped kind, storing each page with its resume point; return the (rep, week)s touched,
    with the records read (a dry run stores nothing, so it counts only these)."""
    rep_of = {owner: rep for rep, owners in team.reps.items() for owner in owners}
    touched: dict[tuple[str, dt.date], dict[tuple[RecordKind, str], CrmRecord]] = {}
    if not rep_of:
        return {}
    try:
        for kind in mapping.kinds():
            start = since or _resume_point(deps, team.team_id, connector.key, kind)
            pages = connector.record_pages(
                kind, since=start, owner_ids=sorted(rep_of), properties=mapping.properties(kind)
            )
            for page in pages:
                report.records += len(page.records)
                report.skipped += page.skipped
                if not dry_run:
                    _store(deps, team.team_id, connector.key, kind, page)
                for record in page.records:
                    rep = rep_of.get(record.owner_id or "")
                    if rep is not None:
                        week = record_week(record, team.zones[rep])
                        touched.setdefault((rep, week), {})[record.key] = record
    except ConnectorError as error:
        report.error = str(error)
    return {key: list(records.values()) for key, records in touched.items()}


def _state_key(connector: str, kind: RecordKind) -> str:
    return f"crm:{connector}:{kind.value}"


def _resume_point(deps: Deps, team_id: str, connector: str, kind: RecordKind) -> dt.datetime:
    with session_scope(deps.engine) as session:
        state = connectors.get_state(session, team_id=team_id, connector=_state_key(connector, kind))
    if state.last_seen_at is None:
        return deps.clock() - FIRST_SYNC
    return state.last_seen_at - OVERLAP


def _store(deps: Deps, team_id: str, connector: str, kind: RecordKind, page: RecordPage) -> None:
    """Store a page's records and the newest change on it, in one unit of work."""
    newest = max((r.modified_at for r in page.records), default=None)
    key = _state_key(connector, kind)
    with session_scope(deps.engine) as session:
        crm.save_records(session, team_id=team_id, connector=connector, records=page.records)
        stored = connectors.get_state(session, team_id=team_id, connector=key).last_seen_at
        latest = max((t for t in (stored, newest) if t is not None), default=None)
        state = connectors.ConnectorState(None, latest)
        connectors.save_state(session, team_id=team_id, connector=key, state=state, now=deps.clock())


def _propose(
    session: Session,
    now: dt.datetime,
    team: _Team,
    connector: str,
    mapping: CrmMapping,
    rep: str,
    weeks: list[dt.date],
    auto_confirm: bool,
    report: CrmSyncReport,
) -> None:
    """Count each touched week of one rep from every record stored for it, and store the proposals."""
    tz = team.zones[rep]
    start, end = week_bounds(weeks[0], tz)[0], week_bounds(weeks[-1], tz)[1]
    stored = crm.records_between(
        session, team_id=team.team_id, connector=connector, owner_ids=team.reps[rep], start=start, end=end
    )
    by_week: dict[dt.date, list[CrmRecord]] = {}
    for record in stored:
        by_week.setdefault(record_week(record, tz), []).append(record)
    proposed = {week: metric_values(mapping, by_week.get(week, [])) for week in weeks}
    report.weeks.setdefault(rep, {}).update(proposed)
    report.changed += crm.save_proposals(
        session, team_id=team.team_id, rep_id=rep, weeks=proposed, connector=connector, now=now
    )
    logged = crm.logged_by(session, team_id=team.team_id, rep_id=rep, weeks=weeks)
    typed = {w: {m: v for m, (v, by) in values.items() if by != CRM_ACTOR} for w, values in logged.items()}
    for week, values in proposed.items():
        by_person = typed.get(week, {})
        report.disagreements += [
            Disagreement(rep, week, metric, by_person[metric], value)
            for metric, value in values.items()
            if metric in by_person and by_person[metric] != value
        ]
    if auto_confirm:
        _confirm(session, team.team_id, rep, proposed, typed, now, report)


def _confirm(
    session: Session,
    team_id: str,
    rep: str,
    proposed: dict[dt.date, dict[str, float]],
    typed: dict[dt.date, dict[str, float]],
    now: dt.datetime,
    report: CrmSyncReport,
) -> None:
    """Write the CRM's values as the rep's log (auto-confirm), except the ones a person typed."""
    try:
        plan, _, _ = own_ramp(session, team_id, rep, Action.LOG)
    except (NotAMember, NotEnrolled):
        return  # nothing to fill: the rep has no plan to log against
    keys = {metric.key for metric in plan.metrics}
    for week, values in proposed.items():
        fill = {m: v for m, v in values.items() if m in keys and m not in typed.get(week, {})}
        if fill:
            changes = activity.write_week(
                session, team_id=team_id, rep_id=rep, log=WeekLog(week, fill), actor=CRM_ACTOR,
                source=SOURCE, now=now,
            )  # fmt: skip
            report.confirmed += len(changes)
