"""Reading HubSpot email engagements into touches, one committed page at a time, resuming where it stopped.

The sync reads emails by last-modified time, from a little before the newest change it stored (OVERLAP:
HubSpot's search index lags behind writes), so an email that was SCHEDULED when read and SENT later is
read again and counted; touches are keyed, so reading one twice stores it once.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from bot.connectors.base import ConnectorError
from bot.connectors.hubspot import EmailPage
from bot.deps import Deps
from coaching.rep_match import Directory, match_reps
from coaching.touches import Touch
from storage.db import session_scope
from storage.repo import connectors, people
from storage.repo.touches import credit_replies, save_touches

CONNECTOR = SOURCE = "hubspot"
OVERLAP = dt.timedelta(minutes=10)
BEGINNING = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass
class SyncReport:
    pages: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    replies_credited: int = 0
    unmatched: Counter[str] = field(default_factory=Counter)  # owner email -> emails not stored
    skipped: list[str] = field(default_factory=list)
    error: str | None = None  # why the run stopped early; the next run resumes after the last good page


def sync_hubspot(deps: Deps, *, team_id: str) -> SyncReport:
    """Read emails changed since the stored time from `deps.crm`; each page is stored with the time it
    reached at once.

    A page that fails (HTTP, a malformed answer, HubSpot's daily limit) stores nothing, so a later run
    re-reads it.
    """
    client = deps.crm
    if client is None:
        raise ValueError("sync_hubspot needs deps.crm: the caller builds the HubSpot connector")
    report = SyncReport()
    with session_scope(deps.engine) as session:
        people.ensure_workspace(session, team_id=team_id, now=deps.clock())
        state = connectors.get_state(session, team_id=team_id, connector=CONNECTOR)
        directory = people.rep_directory(session, team_id=team_id)
    since = state.last_seen_at - OVERLAP if state.last_seen_at else BEGINNING
    try:
        owners = {o.id: o.email for o in client.owners() if o.email}
        for page in client.email_pages(since, owners):
            state = connectors.ConnectorState(None, _latest(state.last_seen_at, page.last_modified))
            _store(deps, team_id, page, directory, state, report)
    except ConnectorError as error:
        report.error = str(error)
    return report


def _store(
    deps: Deps,
    team_id: str,
    page: EmailPage,
    directory: Directory,
    state: connectors.ConnectorState,
    report: SyncReport,
) -> None:
    """Store one page's touches, replies and the cursor after it in one unit of work; count the results."""
    touches: list[Touch] = []
    threads: dict[str, str] = {}
    for touch, thread in page.touches:
        found = match_reps([touch], directory)
        report.unmatched.update(t.rep for t in found.unmatched)
        touches += found.matched
        if thread and found.matched:
            threads[found.matched[0].key] = thread
    now = deps.clock()
    with session_scope(deps.engine) as session:
        saved = save_touches(
            session, team_id, touches, SOURCE, now, threads, keep_text=deps.tuning.keep_message_text
        )
        credited = credit_replies(session, team_id, page.replies)
        connectors.save_state(session, team_id=team_id, connector=CONNECTOR, state=state, now=now)
    report.pages += 1
    report.added, report.updated = report.added + saved.added, report.updated + saved.updated
    report.unchanged += saved.unchanged
    report.replies_credited += credited
    report.skipped += page.skipped


def _latest(stored: dt.datetime | None, seen: dt.datetime | None) -> dt.datetime | None:
    return max((t for t in (stored, seen) if t is not None), default=None)
