"""Review TUI live updates: how soon another process's verdict shows, and what idling costs.

Uses the database of ``bench/tui_scale.py`` (built there; copied here so it is not
changed): a headless app on a 2,000-claim article, 20 verdicts written through a
second connection at irregular intervals, each timed until the list row shows it.
Also the cost of one idle poll (``LiveFollower.poll`` when nothing moved), of the
review states of 2,000 claims (read with every list load) and of a presence write.

Run: ``/work/venv/bin/python bench/tui_live.py [DB_PATH]`` (default /tmp/tui-bench.db).
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from workbench.config import Config
from workbench.store import Store
from workbench.tui.app import WorkbenchApp
from workbench.tui.keymap import load_keymap
from workbench.tui.live import LiveFollower
from workbench.tui.widgets.claim_list import ClaimList


def costs(path: Path) -> None:
    store = Store(path, _reviewer="bench")
    article_id = next(iter(store.articles())).id
    started = time.perf_counter()
    states = list(store.review_states(article_id))
    print(f"review states of {len(states):,} claims:      "
          f"{(time.perf_counter() - started) * 1000:6.1f} ms")
    follower = LiveFollower()
    follower.poll(store)
    started = time.perf_counter()
    for _ in range(10_000):
        follower.poll(store)
    print(f"idle poll (nothing moved):           "
          f"{(time.perf_counter() - started) / 10_000 * 1e6:6.1f} µs")
    started = time.perf_counter()
    store.claim_presence(1)
    print(f"presence write (claim_presence):     {(time.perf_counter() - started) * 1000:6.2f} ms")
    store.release_presence()


async def latency(path: Path) -> None:
    store = Store(path, _reviewer="me")
    other = Store(path, _reviewer="other")
    article_id = next(iter(store.articles())).id
    app = WorkbenchApp(store, Config(), load_keymap(user=False), article_id=article_id,
                       identity="me@bench")
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(2.0)
        rows = app.screen.query_one(ClaimList).rows
        for i in range(20):
            index = 100 + i
            label = ("True", "False")[i % 2]
            started = time.perf_counter()
            other.add_verdict(rows[index].id, label)
            while app.screen.query_one(ClaimList).rows[index].verdict != label:
                await asyncio.sleep(0.005)
            times.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.1 + (i % 5) * 0.037)  # land at varied points of the poll
    print(f"commit elsewhere -> list row shows:  median {statistics.median(times):.0f} ms, "
          f"max {max(times):.0f} ms (20 verdicts)")


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tui-bench.db")
    if not source.exists():
        sys.exit(f"{source} is missing: build it with bench/tui_scale.py first")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "live.db"
        shutil.copy(source, copy)
        costs(copy)
        asyncio.run(latency(copy))


if __name__ == "__main__":
    main()
