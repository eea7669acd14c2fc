"""How long claim extraction takes, and how much memory it needs.

Usage::

    python bench/extraction_speed.py [--size CHARS] [--repeat N]

Times ``extract_claims`` on the seed article (best of N runs) and on a
deterministically generated news-like article of about ``--size`` characters
(default 1,000,000), then measures peak Python memory of one more run of each with
tracemalloc. Time and memory are measured in separate runs because tracemalloc
slows allocation-heavy code by a large factor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.extraction import extract_claims  # noqa: E402
from workbench.extraction.segment import sentences  # noqa: E402

SEED = ROOT / "seeds" / "afghanistan-pakistan-talks.txt"
PUBLISHED = dt.date(2025, 11, 8)


def generated_article(target_chars: int, seed: int = 7) -> str:
    """A deterministic article mixing claims, attributions, dates, opinion and filler."""
    rng = random.Random(seed)
    subjects = ["Officials", "The ministry", "Police in Kabul", "Defence Minister Ali Khan",
                "Taliban spokesperson Zabihullah Mujahid", "He"]
    verbs = ["said", "confirmed", "reported", "denied", "claimed"]
    numbers = ["four", "12", "1,200", "at least five", "more than 300", "a dozen", "3.5 million"]
    nouns = ["civilians", "soldiers", "homes", "protesters", "refugees"]
    events = ["were killed", "were wounded", "were destroyed", "were arrested", "fled"]
    dates = ["on Friday", "on 6 and 7 November", "last week", "in 2021", "on November 3, 2025"]
    places = ["in Istanbul", "near Peshawar", "along the border", "in Kandahar", ""]
    extras = [
        "Observers warn that the talks could collapse.",
        "The failure marks yet another setback for the region.",
        "Prices have doubled since 2008, the highest rise on record.",
        "“It is a complete deadlock,” said Lt. Gen. John Smith of the U.S. Army.",
        "Analysts say the impasse underscores the strain.",
        "Thank you.",
    ]
    paragraphs: list[str] = []
    size = 0
    while size < target_chars:
        parts = []
        for _ in range(rng.randint(2, 6)):
            if rng.random() < 0.2:
                parts.append(rng.choice(extras))
                continue
            parts.append(
                f"{rng.choice(subjects)} {rng.choice(verbs)} that {rng.choice(numbers)} "
                f"{rng.choice(nouns)} {rng.choice(events)} {rng.choice(places)} "
                f"{rng.choice(dates)}.".replace("  ", " ")
            )
        paragraph = " ".join(parts)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def timed(text: str, repeat: int) -> tuple[float, int]:
    best = float("inf")
    claims = 0
    for _ in range(repeat):
        began = time.perf_counter()
        claims = len(extract_claims(text, PUBLISHED))
        best = min(best, time.perf_counter() - began)
    return best, claims


def peak_memory(text: str) -> int:
    tracemalloc.start()
    try:
        extract_claims(text, PUBLISHED)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    inputs = {
        "seed article": SEED.read_text(encoding="utf-8"),
        f"generated ~{args.size / 1e6:g} MB": generated_article(args.size),
    }
    extract_claims("Warm-up: four people died on Friday.", PUBLISHED)  # build pysbd once
    print(f"{'input':<22}{'chars':>11}{'sentences':>11}{'claims':>9}{'seconds':>10}"
          f"{'chars/s':>11}{'peak MB':>9}")
    for name, text in inputs.items():
        repeat = args.repeat if len(text) < 100_000 else 1
        seconds, claims = timed(text, repeat)
        peak = peak_memory(text)
        print(f"{name:<22}{len(text):>11,}{len(sentences(text)):>11,}{claims:>9,}"
              f"{seconds:>10.3f}{len(text) / seconds:>11,.0f}{peak / 2**20:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
