"""SQL for the corpus of previously checked claims, its indexes, and match links.

Claims enter the corpus through triggers on ``verdicts`` (see ``db/002_matching.sql``);
fact-checks from outside enter through :meth:`CorpusQueries.add_external_claims`.
Both are rows of one table, so retrieval has a single code path.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.errors import WorkbenchError
from workbench.store.connection import Connection, require_claim, utc_now
from workbench.store.export import PUBLISHED

# Rows retrieval may return: external fact-checks, and claims whose verdict stands.
_ACTIVE = "(c.kind = 'external' OR c.verdict IS NOT NULL)"
_ENTRY_COLUMNS = """
    c.id, c.kind, c.claim_id, cl.article_id, c.source, c.external_id, c.url, c.text,
    c.title, c.verdict, c."values"
"""
LINK_ACTIONS = ("auto_linked", "confirmed", "rejected", "reused")


def _published_label(conn: sqlite3.Connection, corpus_id: int, claim_id: int) -> str | None:
    """The label of claim ``claim_id``'s current verdict if it is published (None: it
    has none); a one-line error if it has one that is not published yet.

    Published is :data:`workbench.store.export.PUBLISHED`, the one rule shared with the
    exports and review state, so reuse can never copy what a ClaimReview export would
    not publish.
    """
    row = conn.execute(
        "SELECT v.label, " + PUBLISHED + " FROM verdicts v"
        " WHERE v.id = (SELECT max(id) FROM verdicts WHERE claim_id = ?)"
        " AND v.label IS NOT NULL", [claim_id],
    ).fetchone()
    if row is None:
        return None
    if not row[1]:
        raise WorkbenchError(
            f"match {corpus_id}: claim {claim_id}'s verdict is not published yet "
            "(two-person review); it can be reused once a second reviewer has agreed"
        )
    return row[0]


@dataclass(frozen=True)
class ExternalClaim:
    """A fact-check from outside workbench, as handed to the store."""

    source: str
    external_id: str
    text: str
    title: str | None = None
    verdict: str | None = None
    url: str | None = None
    # A second wording of the claim (Snopes' "Rumor: …" line): searched, never shown.
    subtitle: str | None = None


@dataclass(frozen=True)
class CorpusEntry:
    """One previously checked claim. ``values`` is None until extraction has run on it."""

    id: int
    kind: str
    claim_id: int | None
    article_id: int | None
    source: str | None
    external_id: str | None
    url: str | None
    text: str
    title: str | None
    verdict: str | None
    values: dict[str, Any] | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CorpusEntry:
        values = json.loads(row["values"]) if row["values"] else None
        return cls(**{**row, "values": values})


@dataclass(frozen=True)
class MatchLink:
    """One decision in the append-only match history of a claim."""

    id: int
    claim_id: int
    corpus_id: int
    action: str
    relation: str | None
    score: float | None
    verdict_id: int | None
    reviewer: str
    created_at: str


class CorpusQueries(Connection):
    """The corpus: external rows, candidate retrieval, and reviewer links."""

    # -- writing the corpus -------------------------------------------------------

    def add_external_claims(self, claims: Iterable[ExternalClaim]) -> int:
        """Insert (or refresh, by ``source`` + ``external_id``) fact-checks from outside,
        all in one transaction; return how many rows were written.

        Empty texts are refused before anything is written.
        """
        rows = []
        for claim in claims:
            if not claim.text or not claim.text.strip():
                raise WorkbenchError(f"external claim {claim.external_id!r} has no text")
            rows.append([claim.source, claim.external_id, claim.url, claim.text, claim.title,
                         claim.verdict, claim.subtitle])
        now = utc_now()
        with self.write() as conn:
            conn.executemany(
                "INSERT INTO corpus (kind, source, external_id, url, text, title, verdict,"
                " subtitle, added_at) VALUES ('external', ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source, external_id) DO UPDATE SET url = excluded.url,"
                " text = excluded.text, title = excluded.title, verdict = excluded.verdict,"
                " subtitle = excluded.subtitle",
                (row + [now] for row in rows),
            )
        return len(rows)

    def optimize_corpus_index(self) -> None:
        """Merge the full-text index's segments (after a bulk load: faster queries)."""
        with self.write() as conn:
            conn.execute("INSERT INTO corpus_fts (corpus_fts) VALUES ('optimize')")

    # -- retrieval ------------------------------------------------------------------

    def corpus_size(self) -> int:
        """An upper bound on the corpus row count, read in O(1) (the largest id)."""
        for row in self.query("SELECT coalesce(max(id), 0) AS n FROM corpus"):
            return row["n"]
        return 0

    def term_doc_freq(self, terms: Sequence[str], cap: int) -> dict[str, int]:
        """How many corpus rows contain each term, counted up to ``cap`` (then ``cap``).

        Counted through the index itself, so a term is stemmed exactly as the index
        stems it; the cap bounds the cost of a very common word.
        """
        found: dict[str, int] = {}
        sql = ("SELECT count(*) AS n FROM (SELECT 1 FROM corpus_fts WHERE corpus_fts MATCH ?"
               " LIMIT ?)")
        for term in terms:
            quoted = '"' + term.replace('"', '""') + '"'
            for row in self.query(sql, [quoted, cap]):
                found[term] = row["n"]
        return found

    def search_corpus(
        self,
        fts_query: str,
        limit: int,
        text_weight: float = 1.0,
        title_weight: float = 1.0,
        subtitle_weight: float = 0.7,
    ) -> list[tuple[int, float]]:
        """``(corpus_id, bm25)`` of the best rows for an FTS5 query, best first.

        BM25 is negative in SQLite (smaller is better); it is returned as is. The
        column weights multiply each column's term counts (FTS5's bm25 then saturates
        their sum once, as BM25F does).
        """
        if not fts_query:
            return []
        sql = """
            SELECT f.rowid AS id, bm25(corpus_fts, ?, ?, ?) AS score FROM corpus_fts f
            WHERE corpus_fts MATCH ? ORDER BY score LIMIT ?
        """
        weights = [text_weight, title_weight, subtitle_weight]
        return [(row["id"], row["score"])
                for row in self.query(sql, [*weights, fts_query, limit])]

    def corpus_titles(self, ids: Sequence[int]) -> dict[int, str]:
        """The titles of the rows among ``ids`` that have one, by id (for re-ranking)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        sql = f"SELECT id, title FROM corpus WHERE id IN ({marks}) AND title IS NOT NULL"
        return {row["id"]: row["title"] for row in self.query(sql, list(ids))}

    # -- optional embeddings (workbench.matching.embeddings) -----------------------------

    def has_corpus_embeddings(self, model: str) -> bool:
        """Whether any row has vectors of ``model``: the re-ranker is used only then."""
        sql = "SELECT 1 FROM corpus_embeddings WHERE model = ? LIMIT 1"
        return any(True for _ in self.query(sql, [model]))

    def corpus_rows_to_embed(self, model: str, limit: int) -> list[tuple[int, str, str | None]]:
        """``(id, text, title)`` of up to ``limit`` active rows without vectors of ``model``."""
        sql = (f"SELECT c.id, c.text, c.title FROM corpus c LEFT JOIN corpus_embeddings e"
               f" ON e.corpus_id = c.id AND e.model = ? WHERE e.corpus_id IS NULL AND {_ACTIVE}"
               " ORDER BY c.id LIMIT ?")
        return [(row["id"], row["text"], row["title"]) for row in self.query(sql, [model, limit])]

    def store_corpus_embeddings(
        self, model: str, rows: Iterable[tuple[int, bytes, bytes | None]],
    ) -> int:
        """Write ``(corpus_id, text_vector, title_vector)`` rows of ``model`` in one
        transaction (replacing older vectors of those rows); return how many."""
        batch = [(corpus_id, model, text, title) for corpus_id, text, title in rows]
        with self.write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO corpus_embeddings (corpus_id, model, text_vector,"
                " title_vector) VALUES (?, ?, ?, ?)", batch,
            )
        return len(batch)

    def corpus_embeddings(
        self, ids: Sequence[int], model: str,
    ) -> dict[int, tuple[bytes, bytes | None]]:
        """``{corpus_id: (text_vector, title_vector)}`` of ``model`` for the rows among
        ``ids`` that have them (one indexed read per candidate list, not per row)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        sql = (f"SELECT corpus_id, text_vector, title_vector FROM corpus_embeddings"
               f" WHERE model = ? AND corpus_id IN ({marks})")
        return {row["corpus_id"]: (row["text_vector"], row["title_vector"])
                for row in self.query(sql, [model, *ids])}

    def corpus_entries(self, ids: Sequence[int]) -> dict[int, CorpusEntry]:
        """The active corpus rows among ``ids``, by id (withdrawn verdicts are skipped)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        sql = (f"SELECT {_ENTRY_COLUMNS} FROM corpus c LEFT JOIN claims cl ON cl.id = c.claim_id"
               f" WHERE c.id IN ({marks}) AND {_ACTIVE}")
        return {row["id"]: CorpusEntry.from_row(row) for row in self.query(sql, list(ids))}

    def corpus_id_of_claim(self, claim_id: int) -> int | None:
        """The corpus row of a claim of ours, or None when it has never had a verdict."""
        for row in self.query("SELECT id FROM corpus WHERE claim_id = ?", [claim_id]):
            return row["id"]
        return None

    # -- links ------------------------------------------------------------------------

    def _add_link(
        self, conn: Any, claim_id: int, corpus_id: int, action: str,
        relation: str | None, score: float | None, verdict_id: int | None = None,
    ) -> int:
        require_claim(conn, claim_id)
        own = conn.execute("SELECT claim_id FROM corpus WHERE id = ?", [corpus_id]).fetchone()
        if own is None:
            raise WorkbenchError(f"no previously checked claim with match id {corpus_id}")
        if own[0] == claim_id:
            raise WorkbenchError(f"claim {claim_id} cannot be linked to itself")
        cursor = conn.execute(
            "INSERT INTO match_links (claim_id, corpus_id, action, relation, score, verdict_id,"
            " reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [claim_id, corpus_id, action, relation, score, verdict_id, self.reviewer, utc_now()],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def confirm_match(self, claim_id: int, corpus_id: int, relation: str | None = None,
                      score: float | None = None) -> int:
        """Record that the reviewer confirmed ``corpus_id`` as a match of ``claim_id``."""
        with self.write() as conn:
            return self._add_link(conn, claim_id, corpus_id, "confirmed", relation, score)

    def reject_match(self, claim_id: int, corpus_id: int, relation: str | None = None,
                     score: float | None = None) -> int:
        """Record that the reviewer rejected the suggestion (it is not shown as linked)."""
        with self.write() as conn:
            return self._add_link(conn, claim_id, corpus_id, "rejected", relation, score)

    def auto_link_match(self, claim_id: int, corpus_id: int, relation: str,
                        score: float) -> int | None:
        """Link a match above the auto-link threshold, unless the reviewer already decided
        on this pair; return the link id, or None when a decision stood."""
        with self.write() as conn:
            decided = conn.execute(
                "SELECT 1 FROM match_links WHERE claim_id = ? AND corpus_id = ?",
                [claim_id, corpus_id],
            ).fetchone()
            if decided:
                return None
            return self._add_link(conn, claim_id, corpus_id, "auto_linked", relation, score)

    def reuse_verdict(self, claim_id: int, corpus_id: int) -> int:
        """Copy the verdict (and sources) of a previously checked claim to ``claim_id``.

        Writes, in one transaction: a verdict row whose note says where it came from,
        the original's sources with a reference to it, and a ``reused`` link row
        pointing at the new verdict. Returns the new verdict's id. Refused (nothing
        written) when the match has no verdict to reuse, or when it is a claim of ours
        whose verdict is not published (two-person review: pending or disputed). The
        label copied is read from the origin's verdict history, not from the corpus
        row, so a stale corpus row can never spread an unpublished label.
        """
        with self.write() as conn:
            row = conn.execute(
                "SELECT kind, claim_id, verdict, url, source, external_id FROM corpus"
                " WHERE id = ?", [corpus_id],
            ).fetchone()
            if row is None:
                raise WorkbenchError(f"no previously checked claim with match id {corpus_id}")
            kind, origin_claim, label, url, source, external_id = row
            if kind == "claim":
                label = _published_label(conn, corpus_id, origin_claim)
            if label is None:
                raise WorkbenchError(f"match {corpus_id} has no verdict to reuse")
            origin = (f"claim {origin_claim}" if kind == "claim"
                      else f"fact-check {external_id} ({source})")
            require_claim(conn, claim_id)
            if origin_claim == claim_id:
                raise WorkbenchError(f"claim {claim_id} cannot reuse its own verdict")
            now = utc_now()
            cursor = conn.execute(
                "INSERT INTO verdicts (claim_id, label, note, reviewer, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [claim_id, label, f"reused from {origin} (match {corpus_id})", self.reviewer,
                 now],
            )
            verdict_id = cursor.lastrowid
            conn.execute("UPDATE claims SET status = 'reviewed' WHERE id = ?", [claim_id])
            if kind == "claim":
                conn.execute(
                    "INSERT INTO sources (claim_id, url, note, quote, added_by, added_at)"
                    " SELECT ?, url, 'reused from claim ' || claim_id"
                    " || coalesce(': ' || note, ''), quote, ?, ? FROM sources"
                    " WHERE claim_id = ? ORDER BY id",
                    [claim_id, self.reviewer, now, origin_claim],
                )
            elif url:
                conn.execute(
                    "INSERT INTO sources (claim_id, url, note, quote, added_by, added_at)"
                    " VALUES (?, ?, ?, NULL, ?, ?)",
                    [claim_id, url, f"reused from {origin}", self.reviewer, now],
                )
            self._add_link(conn, claim_id, corpus_id, "reused", None, None, verdict_id)
            assert verdict_id is not None
            return verdict_id

    def match_links(self, claim_id: int) -> list[MatchLink]:
        """The match history of a claim, oldest first."""
        rows = self.query(
            "SELECT id, claim_id, corpus_id, action, relation, score, verdict_id, reviewer,"
            " created_at FROM match_links WHERE claim_id = ? ORDER BY id", [claim_id],
        )
        return [MatchLink(**row) for row in rows]

    def link_states(self, claim_id: int) -> dict[int, str]:
        """The latest decision per corpus row for a claim: ``{corpus_id: action}``."""
        return {link.corpus_id: link.action for link in self.match_links(claim_id)}
