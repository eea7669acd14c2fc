"""Candidate retrieval: free text in, ranked corpus ids out.

BM25 over the word index (text, title, subtitle) with an OR query of the text's
content words (see :mod:`workbench.matching.query`). On large corpora the most common
words are dropped first until the postings the query reads fit ``posting_budget``:
they make the OR query slow and barely move BM25. The store does the I/O; the
choices are made here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from workbench.matching.query import (
    choose_terms,
    content_words,
    fts_or_query,
    terms_within_budget,
)


class CorpusIndex(Protocol):
    """What retrieval needs from the store (see :class:`workbench.store.corpus.CorpusQueries`)."""

    def corpus_size(self) -> int: ...
    def term_doc_freq(self, terms: list[str], cap: int) -> dict[str, int]: ...
    def search_corpus(self, fts_query: str, limit: int, text_weight: float = 1.0,
                      title_weight: float = 1.0,
                      subtitle_weight: float = 0.7) -> list[tuple[int, float]]: ...


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


DEFAULT_RETRIEVAL = RetrievalSettings()


def search_terms(index: CorpusIndex, text: str, settings: RetrievalSettings) -> list[str]:
    """The words of ``text`` to search for, common ones pruned on a large corpus."""
    words = content_words(text)
    size = index.corpus_size()
    if size < settings.prune_from_rows or not words:
        return choose_terms(words)
    doc_freq = index.term_doc_freq(words, settings.posting_budget + 1)
    return terms_within_budget(words, doc_freq, settings.posting_budget)


def retrieve(
    index: CorpusIndex, text: str, limit: int,
    settings: RetrievalSettings = DEFAULT_RETRIEVAL,
) -> list[tuple[int, float]]:
    """``(corpus_id, bm25)`` of the ``limit`` best candidates for ``text``, best first.

    Text with no searchable word (empty, only stopwords or punctuation) gives ``[]``.
    """
    query = fts_or_query(search_terms(index, text, settings))
    return index.search_corpus(query, limit, settings.text_weight, settings.title_weight,
                               settings.subtitle_weight)
