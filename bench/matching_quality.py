"""Matching quality on CheckThat! 2022 Task 2A (English): MAP@5, MRR, Recall@5.

Usage::

    python bench/matching_quality.py /work/shared/data/checkthat-2022-2a-en [--split dev-test]

Loads the verified claims as external corpus rows through the real store path
(``Store.add_external_claims``) into a temporary SQLite file, then queries every
tweet through the real matcher (``workbench.matching.service.match_text``). In the
same run it scores the baseline the issue names: plain FTS5 BM25 over text + title,
an OR query of the tweet's words with stopwords removed. Settings were tuned on the
train and dev splits only; report dev-test. A benchmark, not a test: it prints.

With ``--embeddings`` (needs ``pip install '.[embeddings]'``) the corpus is also
embedded (``workbench.matching.embeddings.index_corpus``, timed: the build-time cost)
and a third ranker is scored: the matcher with the embedding re-ranker.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench.matching.query import STOPWORDS
from workbench.matching.retrieval import DEFAULT_RETRIEVAL, RetrievalSettings
from workbench.matching.service import match_text
from workbench.store import Store, open_store
from workbench.store.corpus import ExternalClaim

SPLITS = {
    "train": ("CT2022-Task2A-EN-Train-Dev_Queries.tsv", "CT2022-Task2A-EN-Train_QRELs.tsv"),
    "dev": ("CT2022-Task2A-EN-Train-Dev_Queries.tsv", "CT2022-Task2A-EN-Dev_QRELs.tsv"),
    "dev-test": ("CT2022-Task2A-EN-Dev-Test_Queries.tsv", "CT2022-Task2A-EN-Dev-Test_QRELs.tsv"),
}
SOURCE = "checkthat-2022-2a"


def load_queries(folder: Path, split: str) -> dict[str, tuple[str, set[str]]]:
    """``{tweet_id: (tweet text, relevant vclaim ids)}`` for one split."""
    queries_file, qrels_file = SPLITS[split]
    texts = {}
    for line in (folder / queries_file).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            tweet_id, text = line.split("\t", 1)
            texts[tweet_id] = text
    relevant: dict[str, set[str]] = {}
    for line in (folder / qrels_file).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            relevant.setdefault(parts[0], set()).add(parts[2])
    return {q: (texts[q], rel) for q, rel in relevant.items() if q in texts}


def load_corpus(folder: Path, store: Store) -> float:
    """Insert every verified claim as an external row; return seconds taken."""
    started = time.perf_counter()
    with (folder / "vclaims.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    store.add_external_claims(
        ExternalClaim(source=SOURCE, external_id=r["vclaim_id"], text=r["vclaim"],
                      title=r.get("title") or None, subtitle=r.get("subtitle") or None)
        for r in rows
    )
    store.optimize_corpus_index()
    return time.perf_counter() - started


def average_precision_at(ranked: list[str], relevant: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), k)


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    for rank, item in enumerate(ranked, start=1):
        if item in relevant:
            return 1 / rank
    return 0.0


def evaluate(queries: dict[str, tuple[str, set[str]]],
             rank: Callable[[str], list[str]]) -> dict[str, float]:
    """MAP@5, MRR (over the top 5), Recall@5 and per-query latency of one ranker."""
    aps, rrs, recalls, times = [], [], [], []
    for text, relevant in queries.values():
        started = time.perf_counter()
        ranked = rank(text)[:5]
        times.append(time.perf_counter() - started)
        aps.append(average_precision_at(ranked, relevant))
        rrs.append(reciprocal_rank(ranked, relevant))
        recalls.append(len(set(ranked) & relevant) / len(relevant))
    return {
        "MAP@5": statistics.fmean(aps), "MRR@5": statistics.fmean(rrs),
        "Recall@5": statistics.fmean(recalls),
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": sorted(times)[int(0.95 * (len(times) - 1))] * 1000,
    }


def plain_bm25(store: Store, external_ids: dict[int, str]) -> Callable[[str], list[str]]:
    """The baseline: OR of the tweet's words minus stopwords, BM25 over text + title."""
    def rank(text: str) -> list[str]:
        words: list[str] = []
        for word in re.findall(r"\w+", text.lower()):
            if word not in STOPWORDS and word not in words:
                words.append(word)
        query = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        # text and title only, as the baseline: the subtitle weighs nothing
        return [external_ids[i] for i, _ in store.search_corpus(query, 5, 1.0, 1.0, 0.0)]
    return rank


def matcher(store: Store, external_ids: dict[int, str],
            settings: RetrievalSettings = DEFAULT_RETRIEVAL) -> Callable[[str], list[str]]:
    """The real matcher, relation and similarity included (what `workbench match` runs)."""
    def rank(text: str) -> list[str]:
        return [external_ids[m.corpus_id]
                for m in match_text(store, text, limit=5, settings=settings)]
    return rank


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="the checkthat-2022-2a-en folder")
    parser.add_argument("--split", choices=sorted(SPLITS), action="append",
                        help="split(s) to score (default: all three)")
    parser.add_argument("--embeddings", action="store_true",
                        help="also embed the corpus and score the embedding re-ranker")
    args = parser.parse_args(argv)
    if not (args.folder / "vclaims.jsonl").is_file():
        print(f"error: {args.folder} has no vclaims.jsonl", file=sys.stderr)
        return 1
    splits = args.split or ["train", "dev", "dev-test"]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        seconds = load_corpus(args.folder, store)
        external_ids = {row["id"]: row["external_id"]
                        for row in store.query("SELECT id, external_id FROM corpus")}
        print(f"corpus: {len(external_ids)} verified claims loaded in {seconds:.1f} s")
        lexical = RetrievalSettings(use_embeddings=False)
        rankers = [("plain BM25", plain_bm25(store, external_ids)),
                   ("matcher", matcher(store, external_ids, lexical))]
        if args.embeddings:
            from workbench.matching import embeddings

            started = time.perf_counter()
            count = embeddings.index_corpus(store)
            print(f"embeddings: {count} rows embedded ({embeddings.MODEL}, text and title) "
                  f"in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            embeddings.default_embedder().encode(["warm-up"])  # model load, not a query
            print(f"embeddings: model loaded in {time.perf_counter() - started:.1f} s")
            rankers.append(("matcher+emb", matcher(store, external_ids)))
        print(f"{'split':9} {'ranker':12} {'MAP@5':>6} {'MRR@5':>6} {'R@5':>6} "
              f"{'median':>8} {'p95':>8}")
        for split in splits:
            queries = load_queries(args.folder, split)
            for name, rank in rankers:
                r = evaluate(queries, rank)
                print(f"{split:9} {name:12} {r['MAP@5']:6.3f} {r['MRR@5']:6.3f} "
                      f"{r['Recall@5']:6.3f} {r['median_ms']:6.1f}ms {r['p95_ms']:6.1f}ms")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
