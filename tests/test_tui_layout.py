"""The claim list at 80x24 and 120x40: claim text first, kinds and score when room."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_tui_support as support
from test_tui_support import SENTENCES, add_article, make_app, settle
from textual.widgets import Static

from workbench.config import DEFAULT_SCALE
from workbench.store import Store
from workbench.store.review import ClaimRow
from workbench.tui.render import row_text, short_label
from workbench.tui.screens.help import HelpScreen
from workbench.tui.widgets.claim_list import ClaimList

frozen_store = support.frozen_store


@pytest.mark.parametrize(("label", "cells", "short"), [
    ("True", 7, "True"),
    ("Mostly true", 7, "M.true"),
    ("Mostly false", 7, "M.false"),
    ("Mostly false", 6, "M.fal…"),
    ("Unverifiable", 7, "Unveri…"),
    ("Half true", 7, "H.true"),
])
def test_short_label_keeps_a_scale_apart(label: str, cells: int, short: str) -> None:
    assert short_label(label, cells) == short
    assert len(short) <= cells


def test_all_default_labels_stay_distinct_in_the_list() -> None:
    shorts = [short_label(label) for label in DEFAULT_SCALE]
    assert len(set(shorts)) == len(shorts)


def test_compact_row_leaves_kinds_and_score_out() -> None:
    row = ClaimRow(1, 1, 12, "Officials said 1,200 came.", ("quantity", "date"), 0.85,
                   "unreviewed", None)
    assert row_text(row).plain.startswith("  12 #D  0.85 ·")
    compact = row_text(row, compact=True).plain
    assert compact.startswith(" 12 ·       Officials")
    assert "0.85" not in compact and "#D" not in compact


def rendered_rows(claims: ClaimList) -> list[str]:
    return [claims.render_line(y).text for y in range(len(claims.rows))]


async def test_at_80_columns_the_list_shows_the_claim_text(frozen_store: Store,
                                                          tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        claims = app.screen.query_one(ClaimList)
        assert claims.size.width >= 42  # more than half the width
        lines = rendered_rows(claims)
        assert "0.85" not in lines[0]
        assert SENTENCES[0][:28] in lines[0]
        title = str(app.screen.query_one("#detail-title", Static).render())
        assert "quantity, date" in title and "0.85" in title  # what the list left out


async def test_at_120_columns_the_list_has_kinds_and_score(frozen_store: Store,
                                                          tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = rendered_rows(app.screen.query_one(ClaimList))
        assert "#D" in lines[0] and "0.85" in lines[0]
        assert SENTENCES[0][:28] in lines[0]


async def test_help_explains_the_badges_first(frozen_store: Store, tmp_path: Path) -> None:
    article_id = add_article(frozen_store)
    app = make_app(frozen_store, tmp_path, article_id=article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        legend = str(app.screen.query_one("#help-legend", Static).render())
        assert "# quantity" in legend and "C comparison" in legend
        assert app.screen.query_one("#help-legend").region.y < 5  # seen without scrolling


def test_styles_live_in_tcss_files_not_python() -> None:
    """Every style of the TUI is in workbench/tui/*.tcss (one place to read and theme)."""
    tui = Path(__file__).parent.parent / "workbench" / "tui"
    with_css = [str(p.relative_to(tui)) for p in tui.rglob("*.py")
                if "DEFAULT_CSS" in p.read_text(encoding="utf-8")
                or "\n    CSS = " in p.read_text(encoding="utf-8")]
    assert with_css == []
