"""Benchmark: importing the seed article and a generated ~1 MB article.

Measures the whole import path (validation, extraction, one SQLite transaction)
against extraction alone, so the store's share is visible. Deterministic: the
1 MB article is built from the seed's paragraphs with numbers and names varied by
a seeded RNG, so every paragraph is distinct.

    python bench/import_speed.py
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.extraction import extract_claims  # noqa: E402
from workbench.importing import import_article  # noqa: E402
from workbench.store import open_store  # noqa: E402

SEED = ROOT / "seeds" / "afghanistan-pakistan-talks.txt"
NAMES = ["Kabul", "Islamabad", "Istanbul", "Doha", "Ankara", "Peshawar", "Kandahar", "Quetta"]


def generated_article(target_bytes: int = 1_000_000, seed: int = 7) -> str:
    """A deterministic article of about ``target_bytes`` made from varied seed paragraphs."""
    rng = random.Random(seed)
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out: list[str] = []
    size = 0
    while size < target_bytes:
        para = rng.choice(paragraphs)
        para = para.replace("four", str(rng.randint(2, 400)))
        para = para.replace("five", str(rng.randint(2, 90)))
        para = para.replace("Istanbul", rng.choice(NAMES))
        days = f"{rng.randint(1, 27)} and {rng.randint(2, 28)} March"
        para = para.replace("6 and 7 November", days)
        para += f" Officials counted {rng.randint(10, 99_999):,} people at site {len(out)}."
        out.append(para)
        size += len(para.encode("utf-8")) + 2
    return "\n\n".join(out)


def measure(label: str, fn, repeat: int) -> tuple[float, float]:
    """Median seconds over ``repeat`` runs, and peak traced memory (MB) of one run."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median = statistics.median(times)
    print(f"{label:<40} {median * 1000:>10.1f} ms {peak / 2**20:>8.1f} MB peak")
    return median, peak


def main() -> None:
    seed_text = SEED.read_text(encoding="utf-8")
    big = generated_article()
    published = date(2025, 11, 8)
    print(f"seed article: {len(seed_text):,} chars; generated: {len(big.encode()):,} bytes")
    print(f"{'what':<40} {'median':>13} {'memory':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10**6))

        def do_import(text: str) -> None:
            store = open_store(Path(tmp) / f"bench-{next(counter)}.db")
            import_article(store, text, published="2025-11-08")
            store.close()

        measure("extract: seed article", lambda: extract_claims(seed_text, published), 20)
        measure("import (extract + store): seed article", lambda: do_import(seed_text), 20)
        extract_big, _ = measure("extract: 1 MB article", lambda: extract_claims(big, published), 3)
        import_big, _ = measure("import (extract + store): 1 MB article", lambda: do_import(big), 3)
        claims = len(extract_claims(big, published))
    print(f"1 MB article: {claims:,} claims; store share of import: "
          f"{(import_big - extract_big) / import_big:.0%}")
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of this process: {max_rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
