"""SVG snapshots of each screen at 80x24 (pytest-textual-snapshot).

Identity, reviewer and clock are frozen by the fixtures, so the snapshots match on
any host and user. Regenerate with ``pytest tests/test_tui_snapshots.py
--snapshot-update`` after an intended change, and review the SVG diff.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
import test_tui_support as support
from test_fetch_support import TestServer
from test_tui_support import add_article, make_app, settle, wait_until
from textual.pilot import Pilot
from textual.widgets import Input, Static

from workbench.config import DEFAULT_SCALE, Config
from workbench.store import Store
from workbench.tui.screens.prompts import ConflictDialog, FetchDialog

frozen_store = support.frozen_store
SIZE = (80, 24)


async def _settled(pilot: Pilot) -> None:
    await settle(pilot)


def test_empty_articles_screen(snap_compare, frozen_store: Store, tmp_path: Path) -> None:
    assert snap_compare(make_app(frozen_store, tmp_path), terminal_size=SIZE,
                        run_before=_settled)


def test_articles_screen(snap_compare, frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    add_article(frozen_store, ["A second article said 3 ships sank."], title="Ships")
    frozen_store.add_verdict(next(frozen_store.claims(article_id)).id, DEFAULT_SCALE[4])
    assert snap_compare(make_app(frozen_store, tmp_path), terminal_size=SIZE,
                        run_before=_settled)


def test_review_screen(snap_compare, frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    first = next(frozen_store.claims(article_id))
    frozen_store.add_verdict(first.id, DEFAULT_SCALE[1], note="police figure")
    frozen_store.add_source(first.id, "https://example.org/police", note="official count")
    app = make_app(frozen_store, tmp_path, article_id=article_id)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    assert snap_compare(app, terminal_size=SIZE, press=["question_mark"], run_before=_settled)


def test_search_screen(snap_compare, frozen_store: Store, tmp_path: Path) -> None:
    add_article(frozen_store)
    app = make_app(frozen_store, tmp_path)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"the", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_source_form(snap_compare, frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("s", *"not a url", "enter", "enter", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_export_form(snap_compare, frozen_store: Store, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The export form at its tallest: published chosen, a since date, and an unknown
    verdict (its suggestion showing) refused with the scale's labels on two lines."""
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    monkeypatch.chdir(tmp_path)  # a relative prefilled path: the same on any host
    (tmp_path / "exports").mkdir()
    app.export_dir = Path("exports")

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("e", "tab", "right", "right", "right", "tab", *"2025-11-01",
                          "tab", *"Fals", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_conflict_dialog(snap_compare, frozen_store: Store, db_path: Path, tmp_path: Path
                         ) -> None:
    """alice sets claim 1 while I look at it; my key (with a pending note) finds hers.

    Both notes carry Textual markup, which must show literally."""
    article_id = add_article(frozen_store)
    first = next(frozen_store.claims(article_id))
    app = make_app(frozen_store, tmp_path, article_id=article_id)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("n", *"per [b]police[/b]", "enter")  # a note for my verdict
        await settle(pilot)
        app._polling = True  # my next look comes after alice's commit and my key
        alice = Store(db_path, _reviewer="alice")
        try:
            alice.add_verdict(first.id, DEFAULT_SCALE[0], note="[bold]organisers' count[/]")
        finally:
            alice.close()
        await pilot.press("5")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


FETCH_PORT = 47813
"""The fetch dialog shows the URL, port included: the snapshot's server listens on a
fixed loopback port (the other tests' servers take any free one)."""
DECLARED, FIRST_PART = 4096, 1024


class _StallingHandler(BaseHTTPRequestHandler):
    """``/report``: declares 4,096 bytes, sends 1,024 and holds the rest until the
    fetch is cancelled, so the dialog's progress line stands still for the snapshot."""

    server: _FixedPortServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        body = (b"<html><body><p>" + b"x" * DECLARED)[:DECLARED]
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(DECLARED))
        self.end_headers()
        with suppress(OSError):
            self.wfile.write(body[:FIRST_PART])
            self.wfile.flush()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not self.server.released():
                time.sleep(0.01)
            self.wfile.write(body[FIRST_PART:])


class _FixedPortServer(TestServer):
    """The tests' HTTP server, bound to :data:`FETCH_PORT` and answering with
    :class:`_StallingHandler`."""

    hold: threading.Event | None = None
    """The fetch's cancel event: the held part is sent once it is set."""

    def server_bind(self) -> None:
        self.server_address = ("127.0.0.1", FETCH_PORT)
        super().server_bind()

    def released(self) -> bool:
        return self.hold is not None and self.hold.is_set()


@contextmanager
def stalling_server() -> Iterator[_FixedPortServer]:
    server = _FixedPortServer()
    server.RequestHandlerClass = _StallingHandler
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)


def test_fetch_dialog(snap_compare, frozen_store: Store, tmp_path: Path) -> None:
    """A source being fetched from the real loopback server, a quarter received."""
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id,
                   config=Config(fetch_allow_hosts=("127.0.0.1",)))
    with stalling_server() as server:

        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("s")
            app.screen.query_one("#source-url", Input).value = server.url("/report")
            await pilot.press("enter", *"police figures", "enter", "enter")
            dialog = app.screen
            assert isinstance(dialog, FetchDialog)
            server.hold = dialog.cancel  # quitting after the snapshot cancels the fetch
            progress = dialog.query_one("#fetch-progress", Static)
            assert await wait_until(
                pilot, lambda: "1,024 bytes of 4,096" in str(progress.render()))

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    # Quitting after the snapshot cancelled the fetch: nothing was stored.
    assert all(frozen_store.sources(c.id) == [] for c in frozen_store.claims(article_id))
