"""Shared helpers for the TUI tests: a frozen clock and identity, hand-made claims.

Collected by pytest as a test module with no tests; it holds fixtures and helpers
so the snapshot and flow tests build identical databases.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from workbench.config import Config
from workbench.extraction.model import ExtractedClaim
from workbench.store import Store, open_store
from workbench.tui.app import WorkbenchApp
from workbench.tui.keymap import load_keymap

FROZEN_NOW = "2025-11-08T09:30:00Z"
IDENTITY = "reviewer@newsroom"

SENTENCES = [
    "Officials said 1,200 people attended the rally on Friday.",
    'The mayor said "turnout doubled since 2020".',
    "Critics disputed the count in Springfield.",
    "Rain fell later.",
]


def claims_of(text: str, sentences: list[str]) -> list[ExtractedClaim]:
    """One ExtractedClaim per sentence, with offsets found in ``text``."""
    kinds_cycle = [("quantity", "date"), ("quote",), ("place", "event")]
    claims = []
    for ordinal, sentence in enumerate(sentences, start=1):
        start = text.index(sentence)
        claims.append(ExtractedClaim(
            ordinal=ordinal, text=sentence, start=start, end=start + len(sentence),
            kinds=kinds_cycle[(ordinal - 1) % 3], score=round(0.9 - ordinal / 20, 2),
            reasons=(f"reason {ordinal}: it states a checkable fact",),
            values={"quantities": [{"value": 1200, "text": "1,200", "qualifier": None,
                                    "unit": "people", "counts": "people", "event": None}]
                    if ordinal == 1 else [],
                    "dates": [], "speaker": None, "quotes": [], "places": [],
                    "negated": False},
        ))
    return claims


@pytest.fixture
def frozen_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A real database whose rows get a fixed time and reviewer (stable snapshots)."""
    for module in ("articles", "verdicts", "sources"):
        monkeypatch.setattr(f"workbench.store.{module}.utc_now", lambda: FROZEN_NOW)
    store = open_store(db_path)
    store.reviewer = "reviewer"
    return store


def add_article(store: Store, sentences: list[str] | None = None,
                title: str = "Rally turnout") -> int:
    """Store an article made of ``sentences``, each one a claim."""
    sentences = sentences or SENTENCES
    text = " ".join(sentences)
    return store.insert_article(text, claims_of(text, sentences), title=title,
                                url="https://example.org/rally", published="2025-11-08")


def colleague_verdict(path: Path, reviewer: str, claim_id: int, label: str) -> None:
    """A verdict given by ``reviewer`` on a connection of their own."""
    store = Store(path, _reviewer=reviewer)
    try:
        store.add_verdict(claim_id, label)
    finally:
        store.close()


def make_app(store: Store, tmp_path: Path, *, article_id: int | None = None,
             keys_path: Path | None = None, config: Config | None = None) -> WorkbenchApp:
    return WorkbenchApp(store, config or Config(), load_keymap(keys_path),
                        article_id=article_id, identity=IDENTITY, export_dir=tmp_path)


@asynccontextmanager
async def reviewing(store: Store, tmp_path: Path, article_id: int | None = None,
                    size: tuple[int, int] = (80, 24)
                    ) -> AsyncIterator[tuple[WorkbenchApp, Pilot]]:
    """The app settled on the review screen of ``article_id`` (default: a new
    :func:`add_article`), as ``(app, pilot)``."""
    if article_id is None:
        article_id = add_article(store)
    app = make_app(store, tmp_path, article_id=article_id)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


async def wait_until(pilot: Pilot, condition: Callable[[], object], bound: float = 10.0
                     ) -> bool:
    """Poll ``condition`` every 0.1 s until it holds, for at most ``bound`` seconds of
    wall clock (no fixed sleep: a loaded machine only makes it slower)."""
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() >= deadline:
            return bool(condition())
        await pilot.pause(0.1)
    return True


def pending_work(app: WorkbenchApp) -> list[str]:
    """What the app is still doing: unfinished workers and queued writes."""
    busy = [f"worker {w.name or w.group!r} ({w.state.name})" for w in app.workers
            if not w.is_finished]
    if app.writes_pending:
        busy.append(f"{app.writes_pending} write(s)")
    return busy


async def settle(pilot: Pilot, bound: float = 15.0) -> None:
    """Wait until timers fired, workers finished and every write landed.

    Idle must be seen twice in a row (a finished worker's callback may start the
    next one). Fails with what is still pending after ``bound`` seconds of wall
    clock, so a test never reads the database while a worker is still writing it.
    """
    app = pilot.app
    deadline = time.monotonic() + bound
    idle = 0
    while idle < 2:
        await pilot.pause(0.05)
        busy = pending_work(app)
        idle = 0 if busy else idle + 1
        if busy and time.monotonic() >= deadline:
            raise AssertionError(f"not settled after {bound:g} s: " + "; ".join(busy))
