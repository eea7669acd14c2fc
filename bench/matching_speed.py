"""Matching speed at 100k and 1M previously checked claims.

Usage::

    python bench/matching_speed.py --rows 100000 [--folder /work/shared/data/checkthat-2022-2a-en]
    python bench/matching_speed.py --rows 1000000 --queries 200 --brute 5

Generates a deterministic corpus (seeded): claims of 8-25 words drawn with Zipf
frequencies from the CheckThat! verified claims' vocabulary when ``--folder`` is
given (realistic word frequencies), else from a built-in synthetic vocabulary. 200
of the rows are planted targets; each query is a paraphrase of one (a third of the
words dropped, the rest shuffled, two unrelated words added). Rows go in through
the real store path (``Store.add_external_claims``) into a temporary SQLite file.

Reports, in one run: build time, the matcher's retrieval (``retrieve``) and the
full ``match_text`` (relation included) median/p95, Recall@5 of the planted target,
and the baselines: plain FTS5 OR query of every word, and rapidfuzz token_set_ratio
over every row (``process.extract``; ``cdist`` would need numpy), on a few
queries only: seconds each. Peak RSS at the end.
A benchmark, not a test: it prints.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from workbench.matching.query import content_words, fts_or_query
from workbench.matching.retrieval import DEFAULT_RETRIEVAL, retrieve
from workbench.matching.service import match_text
from workbench.store import Store, open_store
from workbench.store.corpus import ExternalClaim

SEED = 20251108
SOURCE = "bench"


def vocabulary(folder: Path | None, size: int = 30_000) -> tuple[list[str], list[float]]:
    """Words and Zipf weights: from the CheckThat! claims by their own counts, or synthetic."""
    if folder is not None:
        counts: Counter[str] = Counter()
        with (folder / "vclaims.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                counts.update(re.findall(r"[a-z]+", json.loads(line)["vclaim"].lower()))
        ranked = [w for w, _ in counts.most_common()]
    else:
        rng = random.Random(SEED)
        letters = "abcdefghijklmnopqrstuvwxyz"
        ranked = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))
                         for _ in range(size)}, key=len)
    return ranked, [1 / (rank + 1) for rank in range(len(ranked))]


def claims(rows: int, words: list[str], weights: list[float]) -> Iterator[tuple[str, str]]:
    """``(external_id, text)`` for every row, deterministic."""
    rng = random.Random(SEED)
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    for i in range(rows):
        n = rng.randint(8, 25)
        text = " ".join(rng.choices(words, cum_weights=cumulative, k=n))
        yield f"r{i}", text.capitalize() + "."


def paraphrase(text: str, rng: random.Random, words: list[str]) -> str:
    """Drop a third of the words, shuffle the rest, add two unrelated words."""
    kept = [w for w in text.rstrip(".").split() if rng.random() > 1 / 3]
    kept += rng.sample(words[:2000], 2)
    rng.shuffle(kept)
    return " ".join(kept)


def build(store: Store, rows: int, words: list[str], weights: list[float]) -> float:
    started = time.perf_counter()
    batch: list[ExternalClaim] = []
    for external_id, text in claims(rows, words, weights):
        batch.append(ExternalClaim(source=SOURCE, external_id=external_id, text=text))
        if len(batch) == 50_000:
            store.add_external_claims(batch)
            batch = []
    store.add_external_claims(batch)
    store.optimize_corpus_index()
    return time.perf_counter() - started


def timed(queries: list[tuple[str, int]], rank: Callable[[str], list[int]]) -> dict[str, float]:
    times, hits = [], 0
    for text, target in queries:
        started = time.perf_counter()
        found = rank(text)[:5]
        times.append(time.perf_counter() - started)
        hits += target in found
    times.sort()
    return {"median": statistics.median(times) * 1000,
            "p95": times[int(0.95 * (len(times) - 1))] * 1000,
            "recall5": hits / len(queries)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--brute", type=int, default=5, help="queries for the rapidfuzz baseline")
    parser.add_argument("--budget", type=int, default=DEFAULT_RETRIEVAL.posting_budget,
                        help="postings the matcher's OR query may read (large corpora)")
    parser.add_argument("--folder", type=Path, help="CheckThat! 2022 2A folder (vocabulary)")
    args = parser.parse_args(argv)
    words, weights = vocabulary(args.folder)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "speed.db")
        seconds = build(store, args.rows, words, weights)
        size_mb = (Path(tmp) / "speed.db").stat().st_size / 2**20
        print(f"rows: {args.rows}  build+optimize: {seconds:.1f} s  file: {size_mb:.0f} MB"
              f"  vocabulary: {'CheckThat! claims' if args.folder else 'synthetic Zipf'}")
        rng = random.Random(SEED + 1)
        targets = rng.sample(range(args.rows), args.queries)
        texts = {r["id"]: r["text"] for r in store.query(
            f"SELECT id, text FROM corpus WHERE external_id IN "
            f"({','.join('?' * len(targets))})", [f"r{t}" for t in targets])}
        queries = [(paraphrase(text, rng, words), corpus_id) for corpus_id, text in texts.items()]

        settings = replace(DEFAULT_RETRIEVAL, posting_budget=args.budget)

        def plain(text: str) -> list[int]:
            return [i for i, _ in store.search_corpus(fts_or_query(content_words(text)), 5)]

        def matcher(text: str) -> list[int]:
            return [i for i, _ in retrieve(store, text, 5, settings)]

        def full(text: str) -> list[int]:
            return [m.corpus_id for m in match_text(store, text, limit=5, settings=settings)]

        results = {"plain FTS5 OR (all words)": timed(queries, plain),
                   "matcher retrieval": timed(queries, matcher),
                   "matcher + relation": timed(queries, full)}
        matcher_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if args.brute:
            from rapidfuzz import fuzz, process
            from rapidfuzz.utils import default_process
            ids, corpus = zip(*((r["id"], r["text"]) for r in store.query(
                "SELECT id, text FROM corpus")), strict=True)

            def brute(text: str) -> list[int]:
                best = process.extract(text, corpus, scorer=fuzz.token_set_ratio,
                                       processor=default_process, limit=5)
                return [ids[index] for _, _, index in best]

            results["rapidfuzz token_set_ratio (all rows)"] = timed(queries[: args.brute], brute)
        for name, r in results.items():
            print(f"{name:38} median {r['median']:8.1f} ms  p95 {r['p95']:8.1f} ms"
                  f"  Recall@5 {r['recall5']:.3f}")
        print(f"peak RSS before the rapidfuzz baseline (build + matcher): {matcher_rss:.0f} MB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process: {rss:.0f} MB (rapidfuzz baseline's corpus list included)")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
