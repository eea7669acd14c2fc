"""Plain-text and JSON rendering of sources, snapshots and evidence for the terminal.

Titles, text and URLs come from pages anyone can write: every string shown goes
through :func:`~workbench.text_safety.printable` or ``one_line`` (no escapes, no
control or bidi characters), and is never interpreted as markup.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from workbench.fetch.service import Refreshed, SourceReport
from workbench.store.snapshots import SnapshotData
from workbench.text_safety import one_line, printable


def snapshot_line(snapshot: SnapshotData) -> str:
    """One line on what a fetch got."""
    if snapshot.outcome == "failed":
        return f"fetch failed ({snapshot.failure}): {one_line(snapshot.reason or '')}"
    status = f"HTTP {snapshot.http_status}, {one_line(snapshot.content_type or '?')}"
    if snapshot.outcome == "link":
        return f"{one_line(snapshot.reason or 'kept as a link')} ({status})"
    title = f'"{one_line(snapshot.title)}" ' if snapshot.title else ""
    chars = len(snapshot.text or "")
    dated = f", published {one_line(snapshot.published)}" if snapshot.published else ""
    return f"fetched {title}({status}, {chars:,} characters{dated})"


def evidence_summary(report: SourceReport) -> str:
    """``evidence: <summary>``, or why there is none."""
    if report.evidence is None:
        if report.archived is None and not report.source.quote:
            return "evidence: no archived text and no pasted quote to search"
        return "evidence: no passage matches the claim"
    return f"evidence: {one_line(report.evidence.summary)}"


def report_lines(report: SourceReport, width: int | None = None) -> Iterator[str]:
    """The lines of ``workbench source show``."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 120)
    source = report.source
    yield f"source {source.id} of claim {source.claim_id}: {one_line(source.url)}"
    yield f"  added by {one_line(source.added_by)} at {source.added_at}"
    for label, value in (("note", source.note), ("quote", source.quote)):
        if value:
            yield f"  {label}: {one_line(value)}"
    latest = report.latest
    if latest is None:
        yield "  not fetched"
    else:
        yield f"  latest fetch {latest.fetched_at} by {one_line(latest.fetched_by)}: " \
              + snapshot_line(latest)
        if latest.final_url and latest.final_url != latest.requested_url:
            yield f"  redirected to {one_line(latest.final_url)}"
        if latest.sha256:
            yield f"  sha256 {latest.sha256}"
    if report.archived is not None and report.archived is not latest:
        yield f"  archived text from snapshot {report.archived.id} ({report.archived.fetched_at})"
    for flag in report.flags:
        detail = f" ({one_line(flag.detail)})" if flag.detail else ""
        yield f"  ! {flag.flag}{detail}"
    yield "  " + evidence_summary(report)
    if report.evidence is not None:
        yield f"  passage ({report.evidence_from}, {report.evidence.score:.0f}% alike):"
        for line in textwrap.wrap(one_line(report.evidence.passage), width - 4):
            yield "    " + line


def report_json(report: SourceReport) -> dict[str, Any]:
    """The stable JSON shape of ``workbench source show --json`` (raw strings, escaped by JSON).

    ``evidence.spans`` are [start, end] offsets into ``evidence.passage`` for highlighting.
    """

    def snapshot(value: SnapshotData | None) -> dict[str, Any] | None:
        return asdict(value) if value is not None else None

    return {
        "source": {**asdict(report.source)},
        "latest": snapshot(report.latest),
        "archived_snapshot_id": getattr(report.archived, "id", None),
        "evidence": report.evidence.as_json() if report.evidence is not None else None,
        "evidence_from": report.evidence_from,
        "flags": [asdict(f) for f in report.flags],
    }


def refresh_line(item: Refreshed) -> str:
    """One line per refreshed source."""
    line = f"source {item.source_id}: {item.state}"
    if item.state == "gone":
        line += f" ({item.snapshot.failure}: {one_line(item.snapshot.reason or '')})"
    for flag in item.flags:
        line += f"; flagged verdict: {flag}"
    return printable(line)
