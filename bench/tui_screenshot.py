"""Regenerate docs/review-screen.svg: the review screen on the seed article at 80x24.

Run: ``/work/venv/bin/python bench/tui_screenshot.py`` (writes into docs/).
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from workbench.config import Config
from workbench.importing import import_article
from workbench.paths import seed_article_path
from workbench.store import open_store
from workbench.tui.app import WorkbenchApp
from workbench.tui.keymap import load_keymap

OUT = Path(__file__).resolve().parent.parent / "docs" / "review-screen.svg"


async def shoot(db: Path) -> None:
    store = open_store(db)
    result = import_article(store, seed_article_path().read_text(encoding="utf-8"),
                            published="2025-11-08")
    app = WorkbenchApp(store, Config(), load_keymap(user=False), article_id=result.article_id,
                       identity="reviewer@newsroom")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("2", "1")
        await pilot.pause(0.5)
        app.save_screenshot(filename=OUT.name, path=str(OUT.parent))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(shoot(Path(tmp) / "shot.db"))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
