"""Refreshing sources: append-only snapshots, and flags on the verdicts that relied on them."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_fetch_support import TEST_LIMITS, TestServer, allowing_loopback, serving

from tests.test_export_fixtures import add_article
from workbench.cli.main import cli
from workbench.extraction.model import ExtractedClaim
from workbench.fetch import service
from workbench.store import Store, open_store
from workbench.store.snapshots import SOURCE_CHANGED, SOURCE_GONE, SnapshotData

TEXT = "The page says version one."


@pytest.fixture
def server() -> Iterator[TestServer]:
    with serving() as running:
        yield running


@pytest.fixture
def store(db_path: Path, tmp_path: Path) -> Iterator[Store]:
    (tmp_path / "config.toml").write_text('[fetch]\nallow_hosts = ["127.0.0.1"]\n')
    opened = open_store(db_path)
    claim = ExtractedClaim(ordinal=1, text=TEXT, start=0, end=len(TEXT), kinds=("event",),
                           score=0.5, reasons=("r",), values={})
    opened.insert_article(TEXT, [claim], title="t")
    yield opened
    opened.close()


def _add(store: Store, server: TestServer) -> int:
    added = service.add_fetched_source(store, 1, server.url("/mutable"),
                                       guard=allowing_loopback(), limits=TEST_LIMITS)
    assert added.snapshot.outcome == "extracted"
    return added.source_id


def _refresh(store: Store, claim_id: int | None = 1) -> list[service.Refreshed]:
    return service.refresh_sources(store, claim_id, guard=allowing_loopback(),
                                   limits=TEST_LIMITS)


def test_unchanged_page_raises_no_flag(store: Store, server: TestServer) -> None:
    source_id = _add(store, server)
    store.add_verdict(1, "True")
    [item] = _refresh(store)
    assert (item.state, item.flags) == ("unchanged", [])
    assert len(store.snapshots(source_id)) == 2
    assert store.source_flags(1) == []


def test_changed_page_flags_the_verdict_and_keeps_the_old_snapshot(store: Store,
                                                                   server: TestServer) -> None:
    source_id = _add(store, server)
    store.add_verdict(1, "True")
    server.mutable = "<html><body><p>Version two, rewritten.</p></body></html>"
    [item] = _refresh(store)
    assert (item.state, item.flags) == ("changed", [SOURCE_CHANGED])
    [flag] = store.source_flags(1)
    assert flag.flag == "source changed since verdict" and flag.source_id == source_id
    first, second = store.snapshots(source_id)
    assert "Version one" in (first.text or "") and "Version two" in (second.text or "")
    assert first.sha256 != second.sha256
    # The same change found again is not a second flag.
    assert _refresh(store)[0].flags == []
    assert len(store.source_flags(1)) == 1


def test_dead_link_flags_source_gone_with_the_reason(store: Store, server: TestServer) -> None:
    _add(store, server)
    store.add_verdict(1, "Mostly true")
    server.mutable = None
    [item] = _refresh(store)
    assert item.state == "gone" and item.flags == [SOURCE_GONE]
    [flag] = store.source_flags(1)
    assert flag.detail == "HTTP 404 Not Found"


def test_server_gone_entirely_is_a_gone_source(store: Store) -> None:
    with serving() as server:
        _add(store, server)
    store.add_verdict(1, "True")
    [item] = _refresh(store)
    assert item.state == "gone" and item.snapshot.failure == "refused"
    assert [f.flag for f in store.source_flags(1)] == [SOURCE_GONE]


def test_a_new_verdict_starts_without_flags(store: Store, server: TestServer) -> None:
    _add(store, server)
    store.add_verdict(1, "True")
    server.mutable = None
    _refresh(store)
    assert store.source_flags(1)
    store.add_verdict(1, "Unverifiable")
    assert store.source_flags(1) == []


def test_no_verdict_means_no_flag_but_the_snapshot_is_kept(store: Store,
                                                            server: TestServer) -> None:
    source_id = _add(store, server)
    server.mutable = "<p>changed</p>"
    [item] = _refresh(store)
    assert item.state == "changed" and item.flags == []
    assert len(store.snapshots(source_id)) == 2


def test_snapshots_are_append_only(store: Store, server: TestServer, db_path: Path) -> None:
    _add(store, server)
    conn = sqlite3.connect(db_path)
    try:
        for statement in ("UPDATE source_snapshots SET text = 'forged'",
                          "DELETE FROM source_snapshots"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
    finally:
        conn.close()


def test_refresh_cancelled_stores_nothing_more(store: Store, server: TestServer) -> None:
    source_id = _add(store, server)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(service.FetchCancelled):
        service.refresh_sources(store, 1, guard=allowing_loopback(), limits=TEST_LIMITS,
                                cancel_event=cancel)
    assert len(store.snapshots(source_id)) == 1


def test_cancelled_add_stores_no_source(store: Store, server: TestServer) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(service.FetchCancelled):
        service.add_fetched_source(store, 1, server.url("/article"), guard=allowing_loopback(),
                                   cancel_event=cancel)
    assert store.sources(1) == []


def test_cli_refresh_all_reports_each_source(store: Store, server: TestServer,
                                             db_path: Path) -> None:
    _add(store, server)
    store.add_source(1, server.url("/missing"))
    store.add_verdict(1, "True")
    server.mutable = "<p>Version three</p>"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "source", "refresh", "--all"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "source 1: changed; flagged verdict: source changed since verdict",
        "source 2: gone (http: HTTP 404 Not Found); flagged verdict: source gone",
    ]
    shown = CliRunner().invoke(cli, ["--db", str(db_path), "source", "show", "2"]).output
    assert "  ! source gone (HTTP 404 Not Found)" in shown


def test_cli_refresh_with_no_sources_says_so(store: Store, db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db_path), "source", "refresh", "1"])
    assert result.exit_code == 0 and result.output == "no sources to refresh\n"


def test_source_marks_are_the_ids_the_detail_pane_draws(db_path: Path) -> None:
    """``source_marks`` (ids only, for the TUI's live check) agrees with reading each
    source's latest snapshot and the flags on the verdict in force."""
    store = Store(db_path)
    [claim] = add_article(store, ["Turnout was 61 percent in 2024."])
    assert store.source_marks(claim) == ()
    bare = store.add_source(claim, "https://prices.example/cpi")
    source, _ = store.add_source_with_snapshot(
        claim, "https://stats.example/t", None, None,
        SnapshotData(requested_url="https://stats.example/t", outcome="extracted",
                     sha256="a" * 64, text="61 percent"))
    store.add_verdict(claim, "True")
    store.record_refresh(source, SnapshotData(
        requested_url="https://stats.example/t", outcome="extracted", sha256="b" * 64,
        text="58 percent"))

    def slow_way() -> tuple:
        flags = store.source_flags(claim)
        return tuple((s, (store.latest_snapshot(s) or _NONE).id,
                      tuple(f.id for f in flags if f.source_id == s))
                     for s in store.source_ids(claim))

    marks = store.source_marks(claim)
    assert marks == slow_way()
    assert marks[0] == (bare, 0, ()) and marks[1][0] == source and len(marks[1][2]) == 1
    store.add_verdict(claim, "False")  # a new verdict: the old one's flags no longer count
    assert store.source_marks(claim) == slow_way() and store.source_marks(claim)[1][2] == ()
    store.close()


class _NONE:
    id = 0
