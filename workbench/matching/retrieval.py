"""Candidate retrieval: free text in, ranked corpus ids out.

BM25 over the word index (text, title, subtitle) with an OR query of the text's
content words (see :mod:`workbench.matching.query`). On large corpora the most common
words are dropped first until the postings the query reads fit ``posting_budget``:
they make the OR query slow and barely move BM25. The first ``title_depth`` results
are then re-ranked with a small weight on how well the query covers the fact-check's
title (rapidfuzz ``token_set_ratio``; :mod:`workbench.matching.rerank`): the title is
the shortest statement of the claim, and a query that contains all of it is usually
the same claim. The store does the I/O; the choices are made here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz

from workbench.matching.normalise import normalise
from workbench.matching.query import (
    choose_terms,
    content_words,
    fts_or_query,
    terms_within_budget,
)
from workbench.matching.rerank import fuse


class CorpusIndex(Protocol):
    """What retrieval needs from the store (see :class:`workbench.store.corpus.CorpusQueries`)."""

    def corpus_size(self) -> int: ...
    def term_doc_freq(self, terms: list[str], cap: int) -> dict[str, int]: ...
    def search_corpus(self, fts_query: str, limit: int, text_weight: float = 1.0,
                      title_weight: float = 1.0,
                      subtitle_weight: float = 0.7) -> list[tuple[int, float]]: ...
    def corpus_titles(self, ids: list[int]) -> dict[int, str]: ...


@dataclass(frozen=True)
class RetrievalSettings:
    """Knobs of retrieval, tuned on CheckThat! 2022 2A train+dev (bench/matching_quality.py)."""

    text_weight: float = 1.0
    title_weight: float = 1.0
    subtitle_weight: float = 0.7
    prune_from_rows: int = 200_000  # below this, every content word is searched
    # Postings an OR query may read on a large corpus. At 1M rows, 200k kept the plain
    # query's Recall@5 (0.930) and cut its p95 from 236 to 175 ms; 100k lost a query.
    posting_budget: int = 200_000
    # Title re-ranking of the BM25 top 10: weight 0.23 (0.3 added to relative BM25)
    # gained 0.0035 MAP@5 on train and 0.012 on dev; 0.1-0.5 and depths 10/20/30 tried
    # (depth made no difference). Fuzzy ratios of the claim text, plain or partial,
    # gained nothing. 0 turns it off.
    title_weight_rerank: float = 0.23
    title_depth: int = 10
    # Candidates handed to the optional embedding re-ranker, and its cosine's weight
    # (workbench.matching.embeddings): BM25 top 100 at 0.7 was best on train and dev
    # (depths 20/50/100, weights 0.2-1.0 tried).
    embedding_depth: int = 100
    embedding_weight: float = 0.7
    # Use the embedding re-ranker when its extra is installed and the corpus indexed.
    use_embeddings: bool = True


DEFAULT_RETRIEVAL = RetrievalSettings()


def search_terms(index: CorpusIndex, words: list[str], settings: RetrievalSettings
                 ) -> list[str]:
    """The content words (:func:`content_words`) to search for, common ones pruned on a
    large corpus."""
    size = index.corpus_size()
    if size < settings.prune_from_rows or not words:
        return choose_terms(words)
    doc_freq = index.term_doc_freq(words, settings.posting_budget + 1)
    return terms_within_budget(words, doc_freq, settings.posting_budget)


def bm25_candidates(
    index: CorpusIndex, text: str, limit: int,
    settings: RetrievalSettings = DEFAULT_RETRIEVAL,
) -> list[tuple[int, float]]:
    """``(corpus_id, bm25)`` of the ``limit`` best BM25 candidates, best first."""
    return _bm25(index, content_words(text), limit, settings)


def _bm25(index: CorpusIndex, words: list[str], limit: int, settings: RetrievalSettings
          ) -> list[tuple[int, float]]:
    query = fts_or_query(search_terms(index, words, settings))
    return index.search_corpus(query, limit, settings.text_weight, settings.title_weight,
                               settings.subtitle_weight)


def title_coverage(words: list[str], titles: dict[int, str]) -> dict[int, float]:
    """How well the query's content words cover each title, 0..1 (``token_set_ratio``
    on the normalised forms, so "4"/"four" and case do not count)."""
    query = " ".join(words)
    return {corpus_id: fuzz.token_set_ratio(query, normalise(title)) / 100
            for corpus_id, title in titles.items()}


def retrieve(
    index: CorpusIndex, text: str, limit: int,
    settings: RetrievalSettings = DEFAULT_RETRIEVAL,
) -> list[tuple[int, float]]:
    """``(corpus_id, score)`` of the ``limit`` best candidates for ``text``, best first.

    The score is BM25 (negative, smaller is better) when no re-ranking applies, else
    the fused score of :func:`workbench.matching.rerank.fuse` (larger is better): only
    the order is meant to be used. Text with no searchable word (empty, only
    stopwords or punctuation) gives ``[]``.
    """
    depth = settings.title_depth if settings.title_weight_rerank > 0 else 0
    words = content_words(text)
    hits = _bm25(index, words, max(limit, depth), settings)
    if depth and len(hits) > 1:
        titles = index.corpus_titles([corpus_id for corpus_id, _ in hits[:depth]])
        if titles:
            coverage = title_coverage(words, titles)
            hits = fuse(hits, coverage, settings.title_weight_rerank, depth)
    return hits[:limit]
