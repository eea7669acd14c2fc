"""Candidate retrieval: free text in, ranked corpus ids out.

BM25 over the word index with an OR query of the text's content words (see
:mod:`workbench.matching.query`). On large corpora the words found in more than
``max_share`` of the rows are dropped first: they make the OR query slow and barely
move BM25. The store does the I/O; the choices are made here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from workbench.matching.query import choose_terms, content_words, fts_or_query


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
    max_share: float = 0.01


DEFAULT_RETRIEVAL = RetrievalSettings()


def search_terms(index: CorpusIndex, text: str, settings: RetrievalSettings) -> list[str]:
    """The words of ``text`` to search for, common ones pruned on a large corpus."""
    words = content_words(text)
    size = index.corpus_size()
    if size < settings.prune_from_rows or not words:
        return choose_terms(words)
    cap = int(size * settings.max_share) + 1
    return choose_terms(words, index.term_doc_freq(words, cap), size, settings.max_share)


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
