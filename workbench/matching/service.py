"""Matching a claim (or free text) against previously checked claims: the entry points.

This is the layer front ends call; the TUI's matches panel uses
:func:`matches_for_claim` and :meth:`Match.as_json`, and the store's
``confirm_match`` / ``reject_match`` / ``reuse_verdict`` for the reviewer's keys.

Ranking is BM25 retrieval with a title re-rank (:mod:`workbench.matching.retrieval`),
or, when the optional embeddings extra is installed and the corpus has been embedded,
BM25's top 100 re-ranked by sentence similarity (:mod:`workbench.matching.embeddings`,
imported only then); the relation and the
similarity shown come from :mod:`workbench.matching.relation`, computed on the few
candidates returned, never on the whole corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from workbench.errors import WorkbenchError
from workbench.matching.query import MAX_QUERY_CHARS
from workbench.matching.relation import SAME, compare
from workbench.matching.retrieval import (
    DEFAULT_RETRIEVAL,
    RetrievalSettings,
    bm25_candidates,
    retrieve,
)
from workbench.text_safety import printable

if TYPE_CHECKING:
    from workbench.store import Store
    from workbench.store.corpus import CorpusEntry

MAX_LIMIT = 100
# Retrieval fetches a few more rows than asked for: some may be the claim itself.
_SPARE = 5


@dataclass(frozen=True)
class Thresholds:
    """``[matching]`` of config.toml: similarity (0..1) from which a match is suggested,
    and from which a ``same`` match is linked without asking."""

    suggest: float = 0.5
    auto_link: float = 0.9

    def action(self, score: float, relation: str) -> str:
        """``auto_link``, ``suggest`` or ``none`` for one match."""
        if relation == SAME and score >= self.auto_link:
            return "auto_link"
        return "suggest" if score >= self.suggest else "none"


@dataclass(frozen=True)
class Match:
    """One previously checked claim found for a query, with how it relates."""

    corpus_id: int
    kind: str  # 'claim' (checked in workbench) or 'external' (imported fact-check)
    claim_id: int | None
    article_id: int | None
    text: str
    title: str | None
    verdict: str | None
    url: str | None
    rank: int
    score: float  # similarity 0..1 on normalised text, what the thresholds compare
    relation: str  # 'same' | 'conflict' | 'related'
    differences: tuple[str, ...]
    action: str  # 'auto_link' | 'suggest' | 'none'
    link: str | None = None  # the reviewer's latest decision, if any

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape documented in the README."""
        return {
            "corpus_id": self.corpus_id,
            "kind": self.kind,
            "claim_id": self.claim_id,
            "article_id": self.article_id,
            "text": self.text,
            "title": self.title,
            "verdict": self.verdict,
            "url": self.url,
            "rank": self.rank,
            "score": self.score,
            "relation": self.relation,
            "differences": list(self.differences),
            "action": self.action,
            "link": self.link,
        }


def values_of(text: str) -> dict[str, Any]:
    """The structured values of free text, merged over its sentences.

    Imported lazily: extraction loads its word lists, which a session that never
    matches does not need. Escape sequences are dropped first (corpus text is
    untrusted), so ``\\x1b[31m`` gives no quantity 31.
    """
    from workbench.extraction import extract_claims

    merged: dict[str, Any] = {"quantities": [], "ordinals": [], "dates": [], "speaker": None,
                              "quotes": [], "places": [], "negated": False}
    for claim in extract_claims(printable(text), None):
        values = claim.values
        for key in ("quantities", "ordinals", "dates", "quotes", "places"):
            merged[key].extend(values.get(key) or [])
        merged["speaker"] = merged["speaker"] or values.get("speaker")
        merged["negated"] = merged["negated"] or bool(values.get("negated"))
    return merged


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise WorkbenchError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}")


def match_text(
    store: Store,
    text: str,
    *,
    limit: int = 5,
    thresholds: Thresholds | None = None,
    values: dict[str, Any] | None = None,
    exclude_corpus_id: int | None = None,
    settings: RetrievalSettings = DEFAULT_RETRIEVAL,
) -> list[Match]:
    """The ``limit`` best previously checked claims for ``text``, best first.

    Empty text, or text of only stopwords and punctuation, has nothing to search for
    and gives ``[]``; so does an empty corpus.
    """
    _check_limit(limit)
    thresholds = thresholds or Thresholds()
    text = text[:MAX_QUERY_CHARS]  # a pasted 100 KB page: its start carries the claim
    hits = ranked_hits(store, text, limit + _SPARE, settings)
    entries = store.corpus_entries([corpus_id for corpus_id, _ in hits])
    ranked = [entries[corpus_id] for corpus_id, _ in hits
              if corpus_id in entries and corpus_id != exclude_corpus_id][:limit]
    if not ranked:
        return []
    query_values = values if values is not None else values_of(text)
    return [_match(text, query_values, entry, rank, thresholds)
            for rank, entry in enumerate(ranked, start=1)]


def ranked_hits(store: Store, text: str, limit: int,
                settings: RetrievalSettings = DEFAULT_RETRIEVAL) -> list[tuple[int, float]]:
    """``(corpus_id, score)`` of the ``limit`` best candidates, best first: embedding
    re-ranked when that is installed and indexed (and ``settings`` allow it), else
    lexical. Scores are for ordering only."""
    if settings.use_embeddings:
        from workbench.matching import embeddings

        if embeddings.enabled(store):
            depth = max(limit, settings.embedding_depth)
            hits = bm25_candidates(store, text, depth, settings)
            return embeddings.rerank(store, text, hits, settings.embedding_weight)[:limit]
    return retrieve(store, text, limit, settings)


def _match(text: str, query_values: dict[str, Any], entry: CorpusEntry, rank: int,
           thresholds: Thresholds) -> Match:
    entry_values = entry.values if entry.values else values_of(entry.text)
    relation = compare(text, query_values, entry.text, entry_values)
    return Match(
        corpus_id=entry.id, kind=entry.kind, claim_id=entry.claim_id,
        article_id=entry.article_id, text=entry.text, title=entry.title,
        verdict=entry.verdict, url=entry.url, rank=rank, score=relation.similarity,
        relation=relation.kind, differences=relation.differences,
        action=thresholds.action(relation.similarity, relation.kind),
    )


def matches_for_claim(
    store: Store,
    claim_id: int,
    *,
    limit: int = 5,
    thresholds: Thresholds | None = None,
    auto_link: bool = False,
) -> list[Match]:
    """Previously checked claims for one stored claim, with the reviewer's decisions.

    The claim's own corpus row is never returned, and rejected matches are left out
    (the reviewer said no once). Only matches at or above the suggest threshold are
    returned. With ``auto_link``, matches whose action is ``auto_link`` are linked in
    the store unless the reviewer already decided on them.
    """
    thresholds = thresholds or Thresholds()
    claim = store.claim(claim_id)
    own = store.corpus_id_of_claim(claim_id)
    states = store.link_states(claim_id)
    found = match_text(store, claim.text, limit=min(MAX_LIMIT, limit + len(states)),
                       thresholds=thresholds, values=claim.values, exclude_corpus_id=own)
    result: list[Match] = []
    for match in found:
        state = states.get(match.corpus_id)
        if state == "rejected" or (match.action == "none" and state is None):
            continue
        if auto_link and match.action == "auto_link" and state is None:
            store.auto_link_match(claim_id, match.corpus_id, match.relation, match.score)
            state = "auto_linked"
        result.append(replace(match, link=state, rank=len(result) + 1))
        if len(result) == limit:
            break
    return result
