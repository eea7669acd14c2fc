"""Sources end to end: fetch, extract, store a snapshot, refresh, locate the evidence.

These are the functions front ends call. They block while fetching, so the TUI runs
them in a thread worker::

    cancel = threading.Event()           # set it from the UI to stop the fetch
    added = add_fetched_source(store, claim_id, url, note, quote,
                               cancel_event=cancel, progress=on_progress)

``progress(stage, received_bytes, expected_bytes_or_None)`` is called from the
worker's thread (post it to the UI with ``call_from_thread``). A cancelled fetch
raises :class:`FetchCancelled` and stores nothing; every other failure (DNS,
refused, timeout, too big, blocked, TLS, HTTP error) is stored with its reason and
never raised. The store is thread-safe (one lock per connection).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.config import Config, load_config
from workbench.fetch.client import FetchCancelled, FetchLimits, FetchResult, Progress, fetch
from workbench.fetch.extract import extract_page, is_extractable
from workbench.fetch.guard import Guard, parse_allow_hosts
from workbench.fetch.locate import Evidence, locate
from workbench.store.records import Source
from workbench.store.snapshots import Snapshot, SnapshotData, SourceFlag

if TYPE_CHECKING:
    from workbench.store import Store

__all__ = [
    "AddedSource", "FetchCancelled", "FetchLimits", "Refreshed", "SourceReport",
    "add_fetched_source", "fetch_snapshot", "guard_from_config", "refresh_sources",
    "source_report",
]


def guard_from_config(config: Config | None = None) -> Guard:
    """The guard with the config's ``[fetch] allow_hosts`` exceptions."""
    config = config or load_config()
    return Guard(allow=parse_allow_hosts(config.fetch_allow_hosts))


def snapshot_of(result: FetchResult) -> SnapshotData:
    """Turn a fetch result into what the store keeps, extracting text where it can."""
    if not result.ok or result.body is None:
        return SnapshotData(
            requested_url=result.requested_url, final_url=result.final_url,
            http_status=result.status, outcome="failed", failure=result.failure,
            reason=result.reason,
        )
    common = {
        "requested_url": result.requested_url, "final_url": result.final_url,
        "http_status": result.status, "content_type": result.content_type,
        "sha256": result.sha256, "byte_count": len(result.body),
    }
    if not is_extractable(result.content_type):
        return SnapshotData(outcome="link", reason=f"kept as a link: {result.content_type} "
                            "is not a text page", **common)
    try:
        page = extract_page(result.body, result.content_type, result.charset, result.final_url)
    except Exception as err:  # noqa: BLE001 - a malformed page must not crash the fetch
        return SnapshotData(outcome="link", reason=f"kept as a link: text extraction failed "
                            f"({type(err).__name__})", **common)
    return SnapshotData(outcome="extracted", title=page.title, published=page.published,
                        text=page.text, **common)


def fetch_snapshot(
    url: str, guard: Guard | None = None, limits: FetchLimits | None = None,
    cancel_event: threading.Event | None = None, progress: Progress | None = None,
) -> SnapshotData:
    """Fetch and extract one URL (no store involved)."""
    result = fetch(url, guard or guard_from_config(), limits, cancel_event, progress)
    if progress is not None and result.ok:
        progress("extracting", len(result.body or b""), len(result.body or b""))
    return snapshot_of(result)


@dataclass(frozen=True)
class AddedSource:
    """A source just attached, with the snapshot of its first fetch."""

    source_id: int
    snapshot_id: int
    snapshot: SnapshotData


def add_fetched_source(
    store: Store, claim_id: int, url: str, note: str | None = None, quote: str | None = None,
    *, guard: Guard | None = None, limits: FetchLimits | None = None,
    cancel_event: threading.Event | None = None, progress: Progress | None = None,
) -> AddedSource:
    """Fetch ``url`` and attach it to the claim with its snapshot (failed or not).

    The claim is checked before fetching, so a wrong id costs no network time.
    Raises :class:`FetchCancelled` (nothing stored) when ``cancel_event`` is set.
    """
    store.claim(claim_id)
    snapshot = fetch_snapshot(url, guard, limits, cancel_event, progress)
    source_id, snapshot_id = store.add_source_with_snapshot(claim_id, url, note, quote, snapshot)
    return AddedSource(source_id, snapshot_id, snapshot)


@dataclass(frozen=True)
class Refreshed:
    """One source refetched: its new snapshot's outcome and the flags it raised."""

    source_id: int
    state: str  # "unchanged" | "changed" | "gone" | "fetched" (no earlier good snapshot)
    snapshot: SnapshotData
    flags: list[str] = field(default_factory=list)


def refresh_sources(
    store: Store, claim_id: int | None = None, *, guard: Guard | None = None,
    limits: FetchLimits | None = None, cancel_event: threading.Event | None = None,
    progress: Progress | None = None,
) -> list[Refreshed]:
    """Refetch the sources of one claim (or all, when ``claim_id`` is None).

    Each new snapshot is appended; a changed hash or a failed fetch flags the
    claim's verdict in force ("source changed since verdict" / "source gone").
    Cancelling stops before the next source; the ones done stay stored.
    """
    guard = guard or guard_from_config()
    done: list[Refreshed] = []
    for source_id in store.source_ids(claim_id):
        if cancel_event is not None and cancel_event.is_set():
            raise FetchCancelled()
        source = store.source(source_id)
        previous = _last_good(store.snapshots(source_id))
        snapshot = fetch_snapshot(source.url, guard, limits, cancel_event, progress)
        flags = store.record_refresh(source_id, snapshot)
        if snapshot.outcome == "failed":
            state = "gone"
        elif previous is None:
            state = "fetched"
        else:
            state = "unchanged" if previous.sha256 == snapshot.sha256 else "changed"
        done.append(Refreshed(source_id, state, snapshot, flags))
    return done


def _last_good(snapshots: list[Snapshot]) -> Snapshot | None:
    good = [s for s in snapshots if s.outcome != "failed"]
    return good[-1] if good else None


@dataclass(frozen=True)
class SourceReport:
    """Everything ``source show`` and the TUI display for one source.

    ``latest`` is the newest snapshot (maybe a failure); ``archived`` the newest one
    with text, which the evidence is read from; when no snapshot has text, the
    reviewer's pasted quote is searched instead (``evidence_from`` says which).
    """

    source: Source
    latest: Snapshot | None
    archived: Snapshot | None
    evidence: Evidence | None
    evidence_from: str | None  # "snapshot N" | "pasted quote" | None
    flags: list[SourceFlag]


def source_report(store: Store, source_id: int) -> SourceReport:
    """The source, its snapshots' state, and the claim's evidence located in it."""
    source = store.source(source_id)
    claim = store.claim(source.claim_id)
    snapshots = store.snapshots(source_id)
    latest = snapshots[-1] if snapshots else None
    with_text = [s for s in snapshots if s.outcome == "extracted" and s.text]
    archived = with_text[-1] if with_text else None
    evidence, origin = None, None
    if archived is not None and archived.text:
        evidence = locate(claim.text, claim.values, archived.text)
        origin = f"snapshot {archived.id}"
    elif source.quote:
        evidence, origin = locate(claim.text, claim.values, source.quote), "pasted quote"
    flags = [f for f in store.source_flags(source.claim_id) if f.source_id == source_id]
    return SourceReport(source, latest, archived, evidence, origin if evidence else None, flags)
