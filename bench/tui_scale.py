"""Review TUI at scale: first paint and cursor moves, against a DataTable baseline.

Builds (once, deterministically) a database of 50 articles x 2,000 claims = 100,000
claims, every one containing the word "council", then measures in one process:

1. open ``workbench review`` on a 2,000-claim article until the list and the
   detail pane are painted, vs. a DataTable of the same 2,000 rows;
2. search "council" (100,000 matches) until the first page is painted, vs. a
   DataTable holding all 100,000 rows;
3. 200 cursor moves down the 2,000-claim list.

Run: ``/work/venv/bin/python bench/tui_scale.py [DB_PATH]`` (default /tmp/tui-bench.db).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from workbench.config import Config
from workbench.extraction.model import ExtractedClaim
from workbench.store import Store, open_store
from workbench.tui.app import WorkbenchApp
from workbench.tui.keymap import load_keymap
from workbench.tui.render import row_text
from workbench.tui.screens.search import SearchScreen
from workbench.tui.widgets.claim_list import ClaimList

ARTICLES, PER_ARTICLE = 50, 2_000
SIZE = (80, 24)


def build(path: Path) -> Store:
    """The benchmark database; rebuilt only when missing."""
    fresh = not path.exists()
    store = open_store(path)
    if not fresh:
        return store
    kinds = [("quantity",), ("date", "event"), ("quote",), ("place", "comparison")]
    for a in range(ARTICLES):
        sentences = [f"The council of town {a} reported {i * 7 % 997} new cases in week {i}."
                     for i in range(PER_ARTICLE)]
        text = " ".join(sentences)
        claims, pos = [], 0
        for i, s in enumerate(sentences):
            claims.append(ExtractedClaim(
                ordinal=i + 1, text=s, start=pos, end=pos + len(s), kinds=kinds[i % 4],
                score=(i * 37 % 100) / 100, reasons=("states a number",),
                values={"quantities": [{"value": i * 7 % 997, "text": str(i * 7 % 997)}]},
            ))
            pos += len(s) + 1
        store.insert_article(text, claims, title=f"Town {a} council", published="2025-11-08")
    return store


async def until(pilot, condition, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError
        await pilot.pause(0.005)


async def review_first_paint(store: Store, article_id: int) -> tuple[float, float]:
    app = WorkbenchApp(store, Config(), load_keymap(user=False), article_id=article_id,
                       identity="bench@host")
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: getattr(app.screen, "shown_claim_id", None) is not None)
        first_paint = time.perf_counter() - start
        claims = app.screen.query_one(ClaimList)
        assert len(claims.rows) == PER_ARTICLE
        moves = 200
        t0 = time.perf_counter()
        for _ in range(moves):
            await pilot.press("down")
        per_move = (time.perf_counter() - t0) / moves
        assert claims.cursor == moves
    return first_paint, per_move


async def search_first_paint(store: Store) -> float:
    app = WorkbenchApp(store, Config(), load_keymap(user=False), identity="bench@host")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        screen = app.screen
        screen.query_one("#search-input").value = "council"
        start = time.perf_counter()
        await pilot.press("enter")
        await until(pilot, lambda: screen.total == ARTICLES * PER_ARTICLE
                    and len(screen.query_one(ClaimList).rows) > 0)
        await pilot.pause()
        return time.perf_counter() - start


class TableApp(App[None]):
    """Baseline: the same rows in a DataTable with Text cells."""

    def __init__(self, rows: list) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("claim")
        table.add_rows([(row_text(r),) for r in self.rows])


async def table_first_paint(rows: list, moves: int = 0) -> tuple[float, float]:
    app = TableApp(rows)
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        assert table.row_count == len(rows)
        first_paint = time.perf_counter() - start
        table.focus()
        await pilot.pause()
        t0 = time.perf_counter()
        for _ in range(moves):
            await pilot.press("down")
        per_move = (time.perf_counter() - t0) / moves if moves else 0.0
        return first_paint, per_move


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tui-bench.db")
    t0 = time.perf_counter()
    store = build(path)
    print(f"database {path}: {ARTICLES * PER_ARTICLE:,} claims "
          f"(ready in {time.perf_counter() - t0:.1f} s)")
    article_id = next(store.articles()).id
    review, per_move = asyncio.run(review_first_paint(store, article_id))
    article_rows = store.claim_rows(article_id)
    table_article, table_move = asyncio.run(table_first_paint(article_rows, moves=200))
    search = asyncio.run(search_first_paint(store))
    all_rows = store.search_page("council", limit=ARTICLES * PER_ARTICLE)
    table_all, _ = asyncio.run(table_first_paint(all_rows))
    print(f"review, 2,000-claim article, first paint: {review * 1000:7.0f} ms")
    print(f"  baseline DataTable, same 2,000 rows:     {table_article * 1000:7.0f} ms"
          f"  (ratio {table_article / review:.1f}x)")
    print(f"search, 100,000 matches, first page:       {search * 1000:7.0f} ms")
    print(f"  baseline DataTable, 100,000 rows:        {table_all * 1000:7.0f} ms"
          f"  (ratio {table_all / search:.1f}x)")
    print(f"cursor move (mean of 200 Pilot presses):   {per_move * 1000:7.1f} ms")
    print(f"  baseline DataTable, same presses:        {table_move * 1000:7.1f} ms"
          f"  (ratio {table_move / per_move:.1f}x)")


if __name__ == "__main__":
    main()
