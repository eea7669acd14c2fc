"""Sources in the TUI: fetched from a real HTTP server on 127.0.0.1 (allowed by the
test config only), evidence highlighted, failures stored with reasons, cancel, drift
flags; and the matches panel's confirm / reject / reuse keys."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
import test_tui_support as support
from test_fetch_support import ARTICLE_TEXT, DRIP_SECONDS, STALL_SECONDS, TestServer, serving
from test_tui_support import add_article, make_app, settle, wait_until
from textual.content import Content
from textual.widgets import Static
from textual.widgets._toast import Toast

from workbench.config import DEFAULT_SCALE, Config
from workbench.extraction.model import ExtractedClaim
from workbench.fetch.service import guard_from_config, refresh_sources
from workbench.store import Store, open_store
from workbench.store.snapshots import SOURCE_CHANGED, SOURCE_GONE
from workbench.tui.screens.articles import ArticlesScreen
from workbench.tui.screens.prompts import FetchDialog, SourceForm
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.detail import MatchesPanel

SIZE = (80, 24)
LOOPBACK = Config(fetch_allow_hosts=("127.0.0.1",))
KABUL = ["Four people were killed and five wounded in an explosion in Kabul on Monday.",
         "Markets reopened on Tuesday."]
frozen_store = support.frozen_store


@pytest.fixture(scope="module")
def server() -> Iterator[TestServer]:
    with serving() as running:
        yield running


@pytest.fixture
def store(db_path: Path) -> Store:
    """A store on the real clock: drift flags compare snapshot and verdict times."""
    return open_store(db_path)


def kabul_article(store: Store) -> int:
    """The blast claim with the values extraction gives it (4 killed, 5 wounded)."""
    text = " ".join(KABUL)
    quantities = [
        {"value": 4, "text": "Four", "qualifier": None, "unit": "people", "counts": "people",
         "event": "killed"},
        {"value": 5, "text": "five", "qualifier": None, "unit": None, "counts": None,
         "event": "wounded"},
    ]
    claims = [ExtractedClaim(
        ordinal=i, text=sentence, start=text.index(sentence),
        end=text.index(sentence) + len(sentence), kinds=("quantity",), score=0.8,
        reasons=("numbers",), values={"quantities": quantities if i == 1 else []})
        for i, sentence in enumerate(KABUL, start=1)]
    return store.insert_article(text, claims, title="Kabul")


def plain(widget: Static) -> str:
    return str(widget.render())


def styled_words(widget: Static, style: str) -> list[str]:
    """The pieces of text in ``widget`` drawn with ``style`` (e.g. underline)."""
    content = widget.visual
    assert isinstance(content, Content)
    return [content.plain[s.start:s.end] for s in content.spans if style in str(s.style)]


MARKUP_TITLE = "[/bold] [@click=app.quit]Official report[/]"
MARKUP_REASON = "Not [/bold] here [@click=app.quit]x[/]"


class _MarkupHandler(BaseHTTPRequestHandler):
    """A page whose <title> and a 404 whose reason phrase are Textual markup."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path == "/titled":
            body = (f"<html><head><title>{MARKUP_TITLE}</title></head><body><article>"
                    f"<p>{ARTICLE_TEXT}</p></article></body></html>").encode()
            self.send_response(200)
        else:
            body = b"<h1>gone</h1>"
            self.send_response(404, MARKUP_REASON)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def markup_server() -> Iterator[TestServer]:
    """The shared test server, answering with :class:`_MarkupHandler`."""
    with serving() as server:
        server.RequestHandlerClass = _MarkupHandler  # before any request is made
        yield server


def toasts(app: Any) -> list[str]:
    """The text of every notification on screen, as drawn."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def add_source(pilot, url: str, note: str = "") -> None:  # noqa: ANN001 - Pilot
    await pilot.press("s")
    assert isinstance(pilot.app.screen, SourceForm)
    pilot.app.screen.query_one("#source-url").value = url
    await pilot.press("enter", *note, "enter", "enter")


async def test_fetched_source_shows_title_highlighted_passage_and_summary(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    article_id = kabul_article(store)
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        await add_source(pilot, server.url("/article"), "police figures")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        [source] = store.sources(claim.id)
        assert source.note == "police figures"
        snapshot = store.latest_snapshot(source.id)
        assert snapshot is not None and snapshot.outcome == "extracted"
        sources = app.screen.query_one("#detail-sources", Static)
        assert await wait_until(pilot, lambda: "Blast in Kabul" in plain(sources))
        shown = plain(sources)
        assert "supports: 4 killed ✓, 5 wounded ✓" in shown and "police figures" in shown
        highlighted = styled_words(sources, "underline")
        assert {"killed", "wounded", "Kabul", "Monday"} <= set(highlighted)
        assert any("stored" in n.message for n in app._notifications)


async def test_a_source_that_disagrees_shows_the_conflict(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    article_id = add_article(store, KABUL, title="Kabul")  # claims 1,200 people
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await add_source(pilot, server.url("/article"))
        await settle(pilot)
        sources = app.screen.query_one("#detail-sources", Static)
        assert await wait_until(pilot, lambda: "conflicts: people 1,200 vs 4" in plain(sources))
        assert "conflicts: people 1,200 vs 4" in styled_words(sources, "red")


async def test_failed_fetch_is_stored_with_its_reason_and_shown(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    article_id = add_article(store, KABUL, title="Kabul")
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        await add_source(pilot, server.url("/missing"))
        await settle(pilot)
        [source] = store.sources(claim.id)
        snapshot = store.latest_snapshot(source.id)
        assert snapshot.outcome == "failed" and "404" in (snapshot.reason or "")
        sources = app.screen.query_one("#detail-sources", Static)
        assert await wait_until(pilot, lambda: "fetch failed" in plain(sources))
        assert "404" in plain(sources)
        assert any("fetch failed" in n.message for n in app._notifications)


async def test_markup_in_a_page_title_or_reason_phrase_shows_literally(
        store: Store, tmp_path: Path) -> None:
    article_id = add_article(store, KABUL, title="Kabul")
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    with markup_server() as server:
        async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts drawn
            await settle(pilot)
            claim = app.screen.query_one(ClaimList).current
            await add_source(pilot, server.url("/titled"))
            await settle(pilot)
            await add_source(pilot, server.url("/gone"))
            await settle(pilot)
            assert app.is_running and app.return_code is None  # no MarkupError, no quit
            titled, gone = store.sources(claim.id)
            assert store.latest_snapshot(titled.id).title == MARKUP_TITLE
            assert MARKUP_REASON in (store.latest_snapshot(gone.id).reason or "")
            assert await wait_until(pilot, lambda: len(toasts(app)) >= 2)
            shown = "\n".join(toasts(app))
            assert f"source stored: {MARKUP_TITLE}" in shown
            assert MARKUP_REASON in shown
            for toast in app.screen.query(Toast):  # no live action link in any toast
                assert "@click" not in str([s.style for s in toast.render().spans])
            sources = plain(app.screen.query_one("#detail-sources", Static))
            assert MARKUP_TITLE in sources and MARKUP_REASON in sources
            await pilot.click(Toast)  # clicking the toast runs no action
            await settle(pilot)
            assert app.is_running


async def test_loopback_is_refused_without_the_config_exception(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    article_id = add_article(store, KABUL, title="Kabul")
    app = make_app(store, tmp_path, article_id=article_id)  # default config: no exception
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        hits = server.hits["/plain"]
        await add_source(pilot, server.url("/plain"))
        await settle(pilot)
        [source] = store.sources(claim.id)
        snapshot = store.latest_snapshot(source.id)
        assert snapshot.outcome == "failed" and snapshot.failure == "blocked"
        assert server.hits["/plain"] == hits  # never reached the server
        assert "fetch failed" in plain(app.screen.query_one("#detail-sources", Static))


async def test_escape_cancels_a_slow_fetch_and_stores_nothing(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    article_id = add_article(store, KABUL, title="Kabul")
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        await add_source(pilot, server.url("/drip"))
        assert isinstance(app.screen, FetchDialog)
        progress = app.screen.query_one("#fetch-progress", Static)
        assert await wait_until(pilot, lambda: "bytes" in plain(progress))  # shown live
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)  # closed at once
        await settle(pilot)
        assert store.sources(claim.id) == []
        assert any("cancelled" in n.message for n in app._notifications)


async def test_quitting_during_a_fetch_cancels_it_and_stores_nothing(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    """ctrl+q while the fetch dialog is open: the fetch stops at its next chunk, as
    escape would, instead of running on (and storing a source) after the app closed."""
    article_id = add_article(store, KABUL, title="Kabul")
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        await add_source(pilot, server.url("/drip"))
        dialog = app.screen
        assert isinstance(dialog, FetchDialog)
        progress = dialog.query_one("#fetch-progress", Static)
        assert await wait_until(pilot, lambda: "bytes" in plain(progress))
        started = time.monotonic()
        await pilot.press("ctrl+q")
    # The fetch runs on the loop's executor, which a real exit waits for at the end.
    await asyncio.get_running_loop().shutdown_default_executor()
    assert time.monotonic() - started < DRIP_SECONDS / 2  # not the whole drip
    assert store.sources(claim.id) == []


def fetching(app: Any) -> list[Any]:
    """The app's source fetch and refetch workers still running."""
    return [w for w in app.workers if w.group == "fetch" and not w.is_finished]


async def test_escape_ends_a_fetch_from_a_stalled_server_within_a_second(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    """The server sent headers and a few bytes, then nothing: escape closes the dialog
    and the fetch itself ends within a second (not at the 20 s fetch deadline)."""
    article_id = add_article(store, KABUL, title="Kabul")
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        await add_source(pilot, server.url("/stall"))
        assert isinstance(app.screen, FetchDialog)
        progress = app.screen.query_one("#fetch-progress", Static)
        assert await wait_until(pilot, lambda: "bytes" in plain(progress))
        await pilot.pause(0.3)  # blocked in a read by now
        started = time.monotonic()
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        assert await wait_until(pilot, lambda: not fetching(app), bound=STALL_SECONDS * 2)
        assert time.monotonic() - started < 1.0
        await settle(pilot)
        assert store.sources(claim.id) == []
        assert any("cancelled" in n.message for n in app._notifications)


async def test_quitting_during_a_fetch_from_a_stalled_server_is_quick(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    """ctrl+q while the server sends nothing: the app is gone within about a second
    and stores no source, although no chunk arrives to check the cancel after."""
    article_id = add_article(store, KABUL, title="Kabul")
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        await add_source(pilot, server.url("/stall"))
        progress = app.screen.query_one("#fetch-progress", Static)
        assert await wait_until(pilot, lambda: "bytes" in plain(progress))
        await pilot.pause(0.3)
        started = time.monotonic()
        await pilot.press("ctrl+q")
    # The fetch runs on the loop's executor, which a real exit waits for at the end.
    await asyncio.get_running_loop().shutdown_default_executor()
    assert time.monotonic() - started < 1.5
    assert store.sources(claim.id) == []
    assert app.return_code == 0 and app._exception is None


async def test_quitting_during_a_refetch_cancels_it_and_appends_no_snapshot(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    """ctrl+q while ``f`` refetches a slow source: the refetch stops as a fetch does,
    instead of running on after the app closed and appending a snapshot (and maybe a
    drift flag) nobody saw arrive."""
    article_id = add_article(store, KABUL, title="Kabul")
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        source_id = store.add_source(claim.id, server.url("/drip"))
        hits = server.hits["/drip"]
        await pilot.press("f")
        assert await wait_until(pilot, lambda: server.hits["/drip"] > hits)
        await pilot.pause(0.3)  # downloading by now
        assert fetching(app)
        started = time.monotonic()
        await pilot.press("ctrl+q")
    await asyncio.get_running_loop().shutdown_default_executor()
    assert time.monotonic() - started < 1.5  # not the whole drip
    assert store.snapshots(source_id) == []
    assert store.source_flags(claim.id) == []
    assert app.return_code == 0 and app._exception is None


async def test_leaving_the_review_screen_during_a_refetch_ends_quietly(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    """The refetch finishes after the reviewer went back to the articles: its
    done-callback asks the closed review screen to reload the claim, whose worker
    looked up ``self.app`` in its thread and took the app down with Textual's
    NoActiveAppError. Now the late reload is dropped; the snapshot is still stored."""
    article_id = add_article(store, KABUL, title="Kabul")
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        source_id = store.add_source(claim.id, server.url("/plain"))
        record_refresh = store.record_refresh
        held, release = threading.Event(), threading.Event()

        def slow_record(source: int, snapshot: Any) -> list[str]:
            held.set()
            release.wait(10)
            return record_refresh(source, snapshot)

        store.record_refresh = slow_record  # type: ignore[method-assign]
        await pilot.press("f")
        assert await wait_until(pilot, held.is_set)  # fetched; about to store
        await pilot.press("escape")
        assert isinstance(app.screen, ArticlesScreen)
        release.set()
        await settle(pilot)
        del store.record_refresh
        assert len(store.snapshots(source_id)) == 1
        assert app.is_running and app._exception is None
    assert app._exception is None  # run_test re-raises a failed worker on the way out


async def test_refetch_flags_a_changed_then_a_dead_source(
        store: Store, server: TestServer, tmp_path: Path) -> None:
    article_id = add_article(store, KABUL, title="Kabul")
    server.mutable = "<html><body><p>Version one of the page.</p></body></html>"
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await add_source(pilot, server.url("/mutable"))
        await settle(pilot)
        await pilot.press("home", "1")  # a verdict based on version one
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        sources = app.screen.query_one("#detail-sources", Static)
        assert "⚠" not in plain(sources)
        server.mutable = "<html><body><p>Version two, edited.</p></body></html>"
        await pilot.press("f")
        await settle(pilot)
        assert await wait_until(pilot, lambda: "source changed since verdict" in plain(sources))
        server.mutable = None  # now a 404
        await pilot.press("f")
        await settle(pilot)
        assert await wait_until(pilot, lambda: "source gone" in plain(sources))
    server.mutable = "<html><body><p>Version one of the page.</p></body></html>"


async def test_a_refetch_by_another_process_shows_live(
        store: Store, server: TestServer, db_path: Path, tmp_path: Path) -> None:
    """``workbench source refresh`` in another terminal appends a snapshot (and may
    flag the verdict): the claim on screen shows it through the live poll, without a
    key press; a commit that changes none of its sources reads no detail again."""
    article_id = add_article(store, KABUL, title="Kabul")
    server.mutable = "<html><body><p>Version one of the page.</p></body></html>"
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    other = Store(db_path, _reviewer="cli")  # another terminal's connection
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            claim = screen.query_one(ClaimList).current
            await add_source(pilot, server.url("/mutable"))
            await settle(pilot)
            await pilot.press("home", "1", "home")  # a verdict based on version one
            await settle(pilot)
            [source] = store.sources(claim.id)
            sources = screen.query_one("#detail-sources", Static)
            assert "⚠" not in plain(sources)
            # The other terminal is seen once (its session row moves data_version and
            # logs nothing), so the poll has caught up with the log before the refetch.
            other.touch_presence(None)
            assert await wait_until(pilot, lambda: any(p.reviewer == "cli"
                                                       for p in app.presence))
            await settle(pilot)
            reads: list[int] = []
            load_detail = screen.load_detail
            screen.load_detail = lambda c: (reads.append(c), load_detail(c))  # type: ignore[method-assign]

            async def refetch_elsewhere(page: str | None) -> list[str]:
                server.mutable = page
                [done] = await asyncio.to_thread(
                    refresh_sources, other, claim.id, guard=guard_from_config(LOOPBACK))
                return done.flags

            assert await refetch_elsewhere(
                "<html><body><p>Version two, edited.</p></body></html>") == [SOURCE_CHANGED]
            second = store.latest_snapshot(source.id)
            assert await wait_until(pilot, lambda: SOURCE_CHANGED in plain(sources), bound=3.0)
            assert f"snapshot {second.id} · sha256 {second.sha256[:8]}" in plain(sources)

            # A new snapshot and no new flag: only the snapshot line tells.
            assert await refetch_elsewhere(
                "<html><body><p>Version three, edited again.</p></body></html>") == []
            third = store.latest_snapshot(source.id)
            assert third.sha256 != second.sha256
            assert await wait_until(
                pilot, lambda: f"snapshot {third.id} · sha256 {third.sha256[:8]}"
                in plain(sources), bound=3.0)

            assert await refetch_elsewhere(None) == [SOURCE_GONE]  # now a 404
            assert await wait_until(pilot, lambda: SOURCE_GONE in plain(sources), bound=3.0)
            assert "fetch failed" in plain(sources)
            await settle(pilot)
            assert reads == [claim.id] * 3  # one detail read per refetch

            # Polls where data_version stands still, and a commit that touches none of
            # the claim's sources (a heartbeat), read no detail again.
            other.touch_presence(None)
            await pilot.pause(1.0)
            await settle(pilot)
            assert reads == [claim.id] * 3
    finally:
        other.close()
        server.mutable = "<html><body><p>Version one of the page.</p></body></html>"


async def test_matches_panel_confirm_reject_and_reuse(frozen_store: Store, tmp_path: Path
                                                      ) -> None:
    checked = add_article(frozen_store)
    original = next(frozen_store.claims(checked))
    frozen_store.add_verdict(original.id, DEFAULT_SCALE[4], note="police said 900")
    frozen_store.add_source(original.id, "https://example.org/police", note="official")
    again = add_article(frozen_store, ["Officials said 1,200 people attended the rally.",
                                       "Nothing else happened."], title="Again")
    app = make_app(frozen_store, tmp_path, article_id=again)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = app.screen.query_one(ClaimList).current
        panel = app.screen.query_one(MatchesPanel)
        assert await wait_until(pilot, lambda: panel.highlighted is not None)
        assert panel.highlighted.claim_id == original.id
        await pilot.press("y")
        await settle(pilot)
        assert [(link.action, link.corpus_id) for link in frozen_store.match_links(claim.id)
                ] == [("confirmed", panel.highlighted.corpus_id)]
        assert await wait_until(pilot, lambda: "(confirmed)" in plain(panel))
        await pilot.press("p")
        await settle(pilot)
        [verdict] = frozen_store.verdict_history(claim.id)
        assert verdict.label == DEFAULT_SCALE[4] and "reused from claim" in verdict.note
        assert [link.action for link in frozen_store.match_links(claim.id)] == [
            "confirmed", "reused"]
        [source] = frozen_store.sources(claim.id)
        assert source.url == "https://example.org/police"
        assert app.screen.query_one(ClaimList).rows[0].verdict == DEFAULT_SCALE[4]
        await pilot.press("home")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert frozen_store.match_links(claim.id)[-1].action == "rejected"
        assert await wait_until(pilot, lambda: panel.highlighted is None)


async def test_conflicting_match_is_marked(frozen_store: Store, tmp_path: Path) -> None:
    def article(sentence: str, killed: int) -> int:
        values = {"quantities": [{"value": killed, "text": sentence.split()[0],
                                  "qualifier": None, "unit": "people", "counts": "people",
                                  "event": "killed"}]}
        claim = ExtractedClaim(ordinal=1, text=sentence, start=0, end=len(sentence),
                               kinds=("quantity",), score=0.8, reasons=("a count",),
                               values=values)
        return frozen_store.insert_article(sentence, [claim], title=sentence[:10])

    checked = article("Four people were killed in the blast in Kabul.", 4)
    frozen_store.add_verdict(next(frozen_store.claims(checked)).id, DEFAULT_SCALE[0])
    again = article("Five people were killed in the blast in Kabul.", 5)
    app = make_app(frozen_store, tmp_path, article_id=again)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(MatchesPanel)
        assert await wait_until(pilot, lambda: "CONFLICT" in plain(panel))
        assert "CONFLICT killed: 5 vs 4" in styled_words(panel, "red")


async def test_import_finds_matches_in_the_background_and_marks_them(
        frozen_store: Store, tmp_path: Path) -> None:
    checked = add_article(frozen_store)
    original = next(frozen_store.claims(checked))
    frozen_store.add_verdict(original.id, DEFAULT_SCALE[4])
    article = tmp_path / "again.txt"
    article.write_text("Rally again\n\nOfficials said 1,200 people attended the rally on "
                       "Friday. The weather in the city was described as mild by everyone.\n",
                       encoding="utf-8")
    app = make_app(frozen_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        app.screen.query_one("#import-path").value = str(article)
        await pilot.press("enter", "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        assert await wait_until(pilot, lambda: bool(screen.query_one(ClaimList).matched))
        await settle(pilot)
        [marked] = screen.query_one(ClaimList).matched
        assert "attended the rally" in frozen_store.claim(marked).text
        assert [link.action for link in frozen_store.match_links(marked)] == ["auto_linked"]
        assert any("resemble 1 of" in n.message for n in app._notifications)


async def test_a_failed_look_at_the_shown_sources_is_not_fatal(
        store: Store, db_path: Path, tmp_path: Path) -> None:
    """The live check of the shown claim's sources, run on another session's commit,
    fails once (a locked database, a busy disk): like a failed poll, it ends quietly
    instead of taking the app down."""
    article_id = add_article(store, KABUL, title="Kabul")
    app = make_app(store, tmp_path, article_id=article_id, config=LOOPBACK)
    other = Store(db_path, _reviewer="cli")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            claim = screen.query_one(ClaimList).current
            other.add_source(claim.id, "https://example.org/report")
            sources = screen.query_one("#detail-sources", Static)
            assert await wait_until(pilot, lambda: "example.org" in plain(sources))
            await settle(pilot)
            real = store.source_marks
            failed: list[int] = []

            def flaky(claim_id: int) -> Any:
                if not failed:
                    failed.append(claim_id)
                    raise sqlite3.OperationalError("database is locked")
                return real(claim_id)

            store.source_marks = flaky  # type: ignore[method-assign]
            other.touch_presence(None)  # moves data_version, logs nothing
            assert await wait_until(pilot, lambda: bool(failed))
            await settle(pilot)
            assert app.is_running and app._exception is None
            del store.source_marks
    finally:
        other.close()
    assert app._exception is None
