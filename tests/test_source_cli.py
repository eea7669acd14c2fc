"""``workbench source add|show|refresh`` against a real server, a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_fetch_support import ARTICLE_TEXT, TestServer, serving

from workbench.cli import source_render
from workbench.cli.main import cli
from workbench.extraction.model import ExtractedClaim
from workbench.store import open_store
from workbench.store.snapshots import SnapshotData

CLAIM = "Four people were killed and five wounded in Kabul on Monday, Zadran said."
VALUES = {
    "quantities": [
        {"value": 4, "text": "Four", "qualifier": None, "unit": None, "counts": "people",
         "event": "killed"},
        {"value": 5, "text": "five", "qualifier": None, "unit": None, "counts": "people",
         "event": "wounded"},
    ],
    "ordinals": [],
    "dates": [{"text": "Monday", "iso": "2025-11-10", "granularity": "day"}],
    "speaker": {"name": "Zadran", "role": None},
    "quotes": [],
    "places": ["Kabul"],
    "negated": False,
}


@pytest.fixture(scope="module")
def server() -> Iterator[TestServer]:
    with serving() as running:
        yield running


@pytest.fixture
def claim_id(db_path: Path, tmp_path: Path) -> int:
    """A stored claim, and a config that lets the guard reach the test server."""
    (tmp_path / "config.toml").write_text('[fetch]\nallow_hosts = ["127.0.0.1"]\n')
    store = open_store(db_path)
    claim = ExtractedClaim(ordinal=1, text=CLAIM, start=0, end=len(CLAIM), kinds=("quantity",),
                           score=0.9, reasons=("number: 4",), values=VALUES)
    article_id = store.insert_article(CLAIM, [claim], title="t", published="2025-11-10")
    [stored] = list(store.claims(article_id))
    store.close()
    return stored.id


def run(db_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)


def table_counts(db_path: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db_path)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("sources", "source_snapshots", "source_flags"))
    finally:
        conn.close()


def test_add_fetches_archives_and_locates_the_evidence(db_path: Path, claim_id: int,
                                                       server: TestServer) -> None:
    result = run(db_path, "source", "add", str(claim_id), server.url("/article"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"source 1 added to claim {claim_id}: fetched \"Blast in Kabul\"")
    assert "published 2025-11-10" in lines[0]
    assert lines[1] == ("  evidence: supports: 4 killed ✓, 5 wounded ✓, Monday ✓, "
                        "Zadran named ✓")
    store = open_store(db_path)
    [snapshot] = store.snapshots(1)
    assert snapshot.outcome == "extracted" and snapshot.http_status == 200
    assert snapshot.requested_url == snapshot.final_url == server.url("/article")
    assert snapshot.content_type == "text/html" and len(snapshot.sha256 or "") == 64
    assert ARTICLE_TEXT in (snapshot.text or "")
    assert "Home" not in (snapshot.text or "")  # boilerplate left out by trafilatura
    assert snapshot.fetched_by == store.reviewer and snapshot.fetched_at


def test_show_json_has_passage_spans_and_summary(db_path: Path, claim_id: int,
                                                 server: TestServer) -> None:
    run(db_path, "source", "add", str(claim_id), server.url("/redirect/2"))
    result = run(db_path, "source", "show", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["latest"]["final_url"] == server.url("/article")
    assert data["latest"]["requested_url"] == server.url("/redirect/2")
    evidence = data["evidence"]
    assert evidence["summary"].startswith("supports: 4 killed ✓")
    words = [evidence["passage"][s:e] for s, e in evidence["spans"]]
    assert {"Four", "killed", "five", "wounded", "Kabul", "Monday"} <= set(words)
    assert data["evidence_from"] == f"snapshot {data['archived_snapshot_id']}"


def test_show_text_names_the_fetch_and_the_passage(db_path: Path, claim_id: int,
                                                   server: TestServer) -> None:
    run(db_path, "source", "add", str(claim_id), server.url("/article"), "--note", "police")
    result = run(db_path, "source", "show", "1")
    assert result.exit_code == 0
    assert "  note: police" in result.output
    assert "passage (snapshot 1," in result.output
    assert "Four people were killed" in result.output


@pytest.mark.parametrize(("path", "failure", "reason"), [
    ("/missing", "http", "HTTP 404 Not Found"),
    ("/broken", "http", "HTTP 500 Internal Server Error"),
    ("/loop/a", "redirect_loop", "redirect loop back to http://127.0.0.1:{port}/loop/a"),
    ("/big", "too_big", "body of 6000007 bytes is over the 5242880 byte cap"),
])
def test_a_failed_fetch_is_stored_with_its_reason(db_path: Path, claim_id: int,
                                                  server: TestServer, path: str,
                                                  failure: str, reason: str) -> None:
    reason = reason.replace("{port}", str(server.server_address[1]))
    result = run(db_path, "source", "add", str(claim_id), server.url(path), "--quote",
                 "Four people were killed and five wounded in Kabul on Monday")
    assert result.exit_code == 0, result.output
    assert f"fetch failed ({failure}): {reason}" in result.output
    snapshot = open_store(db_path).latest_snapshot(1)
    assert snapshot is not None and snapshot.outcome == "failed"
    assert (snapshot.failure, snapshot.reason) == (failure, reason)
    shown = run(db_path, "source", "show", "1")
    assert "passage (pasted quote" in shown.output


def test_blocked_fetch_is_stored_when_the_config_does_not_allow_loopback(
        db_path: Path, claim_id: int, server: TestServer, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("")
    result = run(db_path, "source", "add", str(claim_id), server.url("/article"))
    assert result.exit_code == 0
    assert "fetch failed (blocked): blocked by the address guard: loopback" in result.output
    assert table_counts(db_path) == (1, 1, 0)


def test_binary_is_kept_as_a_link_with_its_type(db_path: Path, claim_id: int,
                                                server: TestServer) -> None:
    result = run(db_path, "source", "add", str(claim_id), server.url("/binary"))
    assert "kept as a link: application/pdf is not a text page (HTTP 200" in result.output
    snapshot = open_store(db_path).latest_snapshot(1)
    assert snapshot is not None and snapshot.outcome == "link" and snapshot.text is None
    assert snapshot.byte_count == 2048


def test_plain_text_is_kept_as_is(db_path: Path, claim_id: int, server: TestServer) -> None:
    run(db_path, "source", "add", str(claim_id), server.url("/plain"))
    snapshot = open_store(db_path).latest_snapshot(1)
    assert snapshot is not None and snapshot.text == ARTICLE_TEXT


def test_markup_and_escapes_in_a_title_are_shown_literally_and_harmlessly(
        db_path: Path, claim_id: int, server: TestServer) -> None:
    result = run(db_path, "source", "add", str(claim_id), server.url("/evil"))
    shown = run(db_path, "source", "show", "1")
    for output in (result.output, shown.output):
        for bad in ("\x1b", "\x00", "\x9b", "\u202e", "\u202c", "\u2066", "\x07"):
            assert bad not in output
    assert "Breaking" in result.output and "<b>" not in result.output
    as_json = run(db_path, "source", "show", "1", "--json").output
    assert "\x1b" not in as_json and "\u202e" not in as_json


def test_rendering_strips_escapes_and_bidi_from_stored_page_strings() -> None:
    evil = "Title\x1b]0;pwned\x07 \x1b[31mred\x1b[0m \u202eevil\u202c \x00\x9b end"
    line = source_render.snapshot_line(SnapshotData(
        requested_url="http://x/", outcome="extracted", http_status=200,
        content_type="text/html", title=evil, text="t"))
    assert line == 'fetched "Title red evil end" (HTTP 200, text/html, 1 characters)'
    failed = source_render.snapshot_line(SnapshotData(
        requested_url="http://x/", outcome="failed", failure="http", reason=evil))
    assert failed == "fetch failed (http): Title red evil end"


def test_no_fetch_records_only_the_url(db_path: Path, claim_id: int, server: TestServer) -> None:
    before = server.hits["/article"]
    result = run(db_path, "source", "add", str(claim_id), server.url("/article"), "--no-fetch")
    assert result.output == f"source 1 added to claim {claim_id} (not fetched)\n"
    assert server.hits["/article"] == before
    assert table_counts(db_path) == (1, 0, 0)
    assert "not fetched" in run(db_path, "source", "show", "1").output


@pytest.mark.parametrize(("args", "message"), [
    (["source", "add", "999", "http://127.0.0.1/"], "error: no claim with id 999"),
    (["source", "add", "{claim}", "ftp://example.org/x"], "must start with http:// or https://"),
    (["source", "show", "42"], "error: no source with id 42"),
    (["source", "refresh"], "error: give either a CLAIM_ID or --all"),
    (["source", "refresh", "{claim}", "--all"], "error: give either a CLAIM_ID or --all"),
    (["source", "refresh", "999"], "error: no claim with id 999"),
])
def test_bad_input_is_one_line_and_changes_nothing(db_path: Path, claim_id: int,
                                                   args: list[str], message: str) -> None:
    args = [a.replace("{claim}", str(claim_id)) for a in args]
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert table_counts(db_path) == (0, 0, 0)


def test_bad_allow_hosts_config_is_a_one_line_error(db_path: Path, claim_id: int,
                                                    tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[fetch]\nallow_hosts = ["not a host"]\n')
    result = CliRunner().invoke(cli, ["--db", str(db_path), "source", "add", str(claim_id),
                                      "http://127.0.0.1/"])
    assert result.exit_code == 1
    assert "[fetch] allow_hosts: 'not a host' is not an address" in result.output
    assert table_counts(db_path) == (0, 0, 0)
