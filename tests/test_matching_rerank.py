"""Score fusion and the title re-rank: pure, and on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from workbench.matching.rerank import fuse, relative_bm25
from workbench.matching.retrieval import RetrievalSettings, retrieve
from workbench.store import open_store
from workbench.store.corpus import ExternalClaim


def test_relative_bm25_is_a_share_of_the_best() -> None:
    assert relative_bm25([(1, -10.0), (2, -5.0)]) == [1.0, 0.5]
    assert relative_bm25([(1, 0.0), (2, 0.0)]) == [0.0, 0.0]
    assert relative_bm25([]) == []


def test_fuse_reorders_the_head_and_keeps_the_tail_after_it() -> None:
    hits = [(1, -10.0), (2, -9.0), (3, -8.0), (4, -1.0)]
    fused = fuse(hits, {3: 1.0}, weight=0.5, depth=3)
    assert [i for i, _ in fused] == [3, 1, 2, 4]
    scores = [s for _, s in fused]
    assert scores == sorted(scores, reverse=True)


def test_fuse_with_no_other_score_keeps_bm25_order() -> None:
    hits = [(5, -3.0), (6, -3.0), (7, -2.0)]
    assert [i for i, _ in fuse(hits, {}, weight=0.3, depth=3)] == [5, 6, 7]


def test_title_rerank_lifts_the_fact_check_whose_title_the_query_covers(
        db_path: Path) -> None:
    store = open_store(db_path)
    store.add_external_claims([
        ExternalClaim("s", "a", "Bill Gates vaccine microchip vaccine microchip claim circulates",
                      title="Vaccine microchip rumour"),
        ExternalClaim("s", "b", "Gates foundation funds a vaccine trial in Kenya",
                      title="Bill Gates funds Kenya vaccine trial"),
    ])
    query = "Bill Gates funds a vaccine microchip trial in Kenya"
    lexical_only = retrieve(store, query, 2, RetrievalSettings(title_weight_rerank=0.0))
    reranked = retrieve(store, query, 2, RetrievalSettings(title_weight_rerank=0.9))
    assert {i for i, _ in lexical_only} == {i for i, _ in reranked}
    titles = store.corpus_titles([i for i, _ in reranked])
    assert titles[reranked[0][0]] == "Bill Gates funds Kenya vaccine trial"
    store.close()
