"""The store: the one place that holds SQL.

Front ends call :func:`open_store` and the methods of :class:`Store`; nothing else
in workbench writes a SQL statement. The methods are grouped by table in the
modules of this package and combined here.
"""

from __future__ import annotations

from pathlib import Path

from workbench.store.articles import ArticleQueries
from workbench.store.audit import AuditQueries, Change
from workbench.store.claims import ClaimQueries
from workbench.store.corpus import CorpusQueries
from workbench.store.export import ExportQueries
from workbench.store.records import Article, Claim, Source, Verdict
from workbench.store.review import ReviewQueries
from workbench.store.reviews_import import ReviewImportQueries
from workbench.store.snapshots import SnapshotQueries
from workbench.store.sources import SourceQueries
from workbench.store.team import Presence, ReviewState, TeamQueries, VerdictConflict
from workbench.store.verdicts import VerdictQueries

__all__ = [
    "Article", "Change", "Claim", "Presence", "ReviewState", "Source", "Store", "Verdict",
    "VerdictConflict", "open_store",
]


class Store(
    ArticleQueries, ClaimQueries, VerdictQueries, SourceQueries, ExportQueries, CorpusQueries,
    ReviewQueries, AuditQueries, TeamQueries, SnapshotQueries, ReviewImportQueries,
):
    """A workbench database: every read and write the front ends need."""


def open_store(path: str | Path) -> Store:
    """Open (creating and migrating if needed) the workbench database at ``path``."""
    return Store(path)
