"""Figures worked out once per state of the data they come from.

A leader's Home over 2,000 reps is rendered after every change and needs every rep's status and early
call (for the header counts and who needs attention first): working them out again takes seconds. The
same figures are kept here, keyed by the database, the workspace, what was asked (the reps, their
enrollments, their days) and a fingerprint of the logs, decisions and marks, so any change to the data
works them out afresh from the one definition (bot/services/status.py, bot/services/early_call.py).
A manager's or leader's whole team is kept here too, keyed by the data's revision (bot/services/home.py).
"""

import dataclasses
import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from operator import attrgetter, itemgetter
from typing import TypeVar, cast
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlmodel import Session

from coaching.activity import Enrollment
from storage.repo.early_call import data_fingerprint

T = TypeVar("T")

_MEMO: OrderedDict[Hashable, object] = OrderedDict()  # least recently used first
_LOCK = threading.Lock()
_MISSING = object()
_ENGINES: "WeakKeyDictionary[Engine, int]" = WeakKeyDictionary()  # one number per engine ever made
_COUNTER = itertools.count()
_KEPT = 64  # a few workspaces' Homes and figures for the day (a leader's are megabytes)
# Fingerprints read in a `one_state` block, by (session, workspace); None outside any block.
_READ: ContextVar[dict[tuple[int, str], tuple[int, ...]] | None] = ContextVar("figures_read", default=None)


@contextmanager
def one_state() -> Iterator[None]:
    """Read each workspace's fingerprint once in this block, not once per figure.

    For a caller that changes none of the data the fingerprint counts within the block (a Home tab
    reads the statuses and the early calls, both keyed by it): each reading is a round trip of counts.
    """
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


_FIELDS = attrgetter(*(f.name for f in dataclasses.fields(Enrollment)))  # every field, whatever they become


def enrollments_key(enrolled: Iterable[tuple[Enrollment, Hashable]]) -> tuple[Hashable, ...]:
    """Return what was asked about (enrollments, each with what else the figures depend on, such as the
    rep's day) as part of a key: every field of each, in plain tuples by rep id.

    A leader's Home asks about 2,000 reps on every render: plain tuples hash and compare without a
    Python call per enrollment, as the dataclasses would need.
    """
    return tuple(sorted(((*_FIELDS(e), also) for e, also in enrolled), key=itemgetter(0)))


def data_key(session: Session, team_id: str) -> tuple[Hashable, ...]:
    """Return the database and state of a workspace's data that the figures are worked out from.

    The database is named by its engine, not its address: every in-memory SQLite one is "sqlite://".
    """
    token = engine_token(session)
    read = _READ.get()
    if read is None:
        return (token, team_id, *data_fingerprint(session, team_id=team_id))
    fingerprint = read.get((id(session), team_id))
    if fingerprint is None:
        fingerprint = read[(id(session), team_id)] = data_fingerprint(session, team_id=team_id)
    return (token, team_id, *fingerprint)


def engine_token(session: Session) -> int:
    """Return a number for the session's engine, never given to another engine in this process."""
    engine = session.get_bind().engine
    token = _ENGINES.get(engine)
    if token is None:
        token = _ENGINES[engine] = next(_COUNTER)
    return token


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """Return the figures kept under `key`, working them out once with `compute`.

    The least recently used entry goes when the memo is full: on a Monday morning every manager opens
    their Home, and the leader's figures, read all day, must not go with the others. Listeners run in
    threads: two may both work the same figures out (outside the lock, as `compute` may remember
    figures of its own), and both get the same ones.
    """
    with _LOCK:
        found = _MEMO.get(key, _MISSING)
        if found is not _MISSING:
            _MEMO.move_to_end(key)
            return cast(T, found)
    worked = compute()
    with _LOCK:
        _MEMO[key] = worked
        if len(_MEMO) > _KEPT:
            _MEMO.popitem(last=False)
    return worked


def forget_all() -> None:
    """Drop every kept figure (tests compare kept and fresh figures)."""
    with _LOCK:
        _MEMO.clear()
