"""Following other reviewers' commits: what changed since the last look (no UI here).

The app polls :meth:`LiveFollower.poll` from a thread worker every
:data:`POLL_INTERVAL` seconds. ``PRAGMA data_version`` moves only when another
connection commits, so an idle database costs one pragma per poll; when it moves,
the audit log says which claims changed (``changes_since``) and only those are
reloaded. Presence heartbeats move the version too but log no change: then only
who-is-where is re-read.

A refetch (``workbench source refresh`` elsewhere) appends snapshots and drift
flags, which the audit log does not record. So when the version moves, the review
screen compares the ``Store.source_marks`` of the claim it shows (a few indexed reads,
only for a claim with sources) with the marks of what it drew (:func:`report_marks`)
and reads the detail again only when they differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.store import Presence, Store

if TYPE_CHECKING:
    from workbench.fetch.service import SourceReport

POLL_INTERVAL = 0.25
"""Seconds between two looks at ``data_version`` (a commit shows within ~0.5 s)."""
HEARTBEAT_INTERVAL = 10.0
"""Seconds between presence heartbeats (sessions expire 30 s after the last one)."""
_PAGE = 1000


@dataclass(frozen=True)
class LiveUpdate:
    """What other processes changed since the previous poll."""

    claim_ids: frozenset[int] = frozenset()
    changed: bool = False  # any logged change (article list, progress)
    settings_changed: bool = False  # review rules changed: reload everything
    presence: list[Presence] = field(default_factory=list)


class LiveFollower:
    """A cursor on the audit log and the last ``data_version`` seen. One per app."""

    def __init__(self) -> None:
        self.cursor: int | None = None
        self.version: int | None = None

    def poll(self, store: Store) -> LiveUpdate | None:
        """None when nothing moved; blocks on the store, so call it from a worker."""
        if self.cursor is None:
            self.version = store.data_version()
            self.cursor = store.latest_change_id()
            return None
        version = store.data_version()
        if version == self.version:
            return None
        self.version = version
        claim_ids: set[int] = set()
        changed = settings = False
        while True:
            changes, self.cursor = store.changes_since(self.cursor, limit=_PAGE)
            for change in changes:
                changed = True
                if change.claim_id is not None:
                    claim_ids.add(change.claim_id)
                if change.entity == "team_settings":
                    settings = True
            if len(changes) < _PAGE:
                break
        return LiveUpdate(frozenset(claim_ids), changed, settings, store.presence())


SourceMarks = tuple[tuple[int, int, tuple[int, ...]], ...]
"""Per source of a claim: its id, its latest snapshot id (0: none) and its flag ids.

Snapshots and flags are append-only, so equal marks mean nothing to redraw."""


def report_marks(reports: Sequence[SourceReport]) -> SourceMarks:
    """The marks of the source reports a detail pane drew (no I/O)."""
    return tuple((r.source.id, r.latest.id if r.latest else 0, tuple(f.id for f in r.flags))
                 for r in reports)
