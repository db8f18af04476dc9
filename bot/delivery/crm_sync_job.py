"""The scheduled CRM sync (issue 17): nightly and an hour before each rep's check-in (coaching/sync_slots.py),
for each workspace with enrolled reps, when RAMPCOACH_CRM names a CRM.

A sync stopped by the CRM (an error, HubSpot's daily limit) keeps what it stored, and the next slot
resumes from there; its slot stays claimed, so a failing CRM is not asked again every minute.
"""

import datetime as dt
from dataclasses import dataclass

from bot.connectors.base import CrmConnector
from bot.delivery.jobs import JobRun
from bot.deps import DEFAULT_TZ, Deps
from bot.services.crm_sync import EmailLookup, sync_crm
from bot.services.setup import load_yaml
from bot.settings import Settings, SettingsError
from coaching.cadence import Ramp, Schedules
from coaching.crm_mapping import CrmMapping, parse_mapping
from coaching.errors import FieldProblem
from coaching.sync_slots import sync_slot
from storage.db import session_scope
from storage.repo import job_slots, people, plans

JOB = "crm-sync"  # the slot's key in connector_state (at most 20 characters)


@dataclass(frozen=True)
class CrmSyncJob:
    """Sync the CRM into proposed weekly values, once per slot and workspace."""

    connector: CrmConnector
    mapping: CrmMapping
    lookup_email: EmailLookup
    auto_confirm: bool = False
    team_id: str | None = None  # SLACK_TEAM_ID: only this workspace; None: every one with enrolled reps
    name: str = JOB

    def run(self, deps: Deps, schedules: Schedules) -> list[JobRun]:
        """Sync each workspace whose slot is due now and not yet claimed; return the runs."""
        runs = []
        for team_id, slot in due_slots(deps, schedules, only=self.team_id):
            if not claim(deps, team_id, slot):
                continue  # another instance, or an earlier tick, has it
            report = sync_crm(
                deps,
                team_id=team_id,
                connector=self.connector,
                mapping=self.mapping,
                lookup_email=self.lookup_email,
                auto_confirm=self.auto_confirm,
            )
            counts = {
                "records": report.records,
                "changed": report.changed,
                "confirmed": report.confirmed,
                "unmatched": len(report.unmatched),
                "disagreements": len(report.disagreements),
            }
            runs.append(JobRun(self.name, team_id, slot, report.error, counts))
        return runs


def due_slots(deps: Deps, schedules: Schedules, *, only: str | None) -> list[tuple[str, dt.datetime]]:
    """Return each live workspace's sync slot due now (workspaces with enrolled reps; uninstalled: none)."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        by_team: dict[str, list[Ramp]] = {}
        for ramp in plans.ramps(session, default_tz=DEFAULT_TZ):
            if only in (None, ramp.team_id):
                by_team.setdefault(ramp.team_id, []).append(ramp)
        live = [t for t in sorted(by_team) if not people.workspace_disabled(session, team_id=t)]
    slots = [(team_id, sync_slot(by_team[team_id], schedules, now)) for team_id in live]
    return [(team_id, slot) for team_id, slot in slots if slot is not None]


def claim(deps: Deps, team_id: str, slot: dt.datetime) -> bool:
    """Claim a workspace's slot in its own unit of work (committed before the sync starts)."""
    with session_scope(deps.engine) as session:
        return job_slots.claim_slot(session, team_id=team_id, job=JOB, slot=slot, now=deps.clock())


def crm_sync_jobs(settings: Settings) -> tuple[CrmSyncJob, ...]:
    """Return the CRM sync job when RAMPCOACH_CRM is set (none otherwise); raise SettingsError naming a
    missing credential or a mapping file that cannot be used."""
    if settings.rampcoach_crm is None:
        return ()
    from bot.connectors.from_settings import crm_connector
    from bot.slack_people import settings_lookup

    mapping = crm_mapping(settings)
    return (
        CrmSyncJob(
            crm_connector(settings),
            mapping,
            settings_lookup(settings),
            auto_confirm=settings.rampcoach_crm_auto_confirm,
            team_id=settings.slack_team_id,
        ),
    )


def crm_mapping(settings: Settings) -> CrmMapping:
    """Return the mapping file RAMPCOACH_CRM_MAPPING names, or raise SettingsError saying what is wrong."""
    path = settings.rampcoach_crm_mapping
    try:
        return parse_mapping(load_yaml(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"RAMPCOACH_CRM_MAPPING: cannot read {path} ({error})") from None
    except FieldProblem as error:
        raise SettingsError(
            f"RAMPCOACH_CRM_MAPPING: {path}: {error} (check it with `rampcoach crm check`)"
        ) from None
