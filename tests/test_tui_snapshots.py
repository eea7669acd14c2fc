"""SVG snapshots of each screen at 80x24 (pytest-textual-snapshot).

Identity, reviewer and clock are frozen by the fixtures, so the snapshots match on
any host and user. Regenerate with ``pytest tests/test_tui_snapshots.py
--snapshot-update`` after an intended change, and review the SVG diff.
"""

from __future__ import annotations

from pathlib import Path

import test_tui_support as support
from test_tui_support import add_article, make_app, settle
from textual.pilot import Pilot

from workbench.config import DEFAULT_SCALE
from workbench.store import Store

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
