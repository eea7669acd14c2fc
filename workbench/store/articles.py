"""SQL for articles and the claims written with them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence

from workbench.errors import DuplicateArticle, WorkbenchError
from workbench.extraction.model import ExtractedClaim
from workbench.store.connection import Connection, utc_now
from workbench.store.records import Article


def text_sha256(text: str) -> str:
    """The fingerprint that makes a second import of the same text a refusal."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_ARTICLE_COLUMNS = """
    a.id, a.title, a.outlet, a.url, a.published, a.imported_by, a.imported_at,
    (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claim_count,
    (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.status = 'reviewed')
        AS reviewed_count
"""


class ArticleQueries(Connection):
    """Articles: insert with their claims, list, fetch."""

    def find_article_by_text(self, text: str) -> int | None:
        """The id of an article with exactly this text, or None."""
        for row in self.query("SELECT id FROM articles WHERE sha256 = ?", [text_sha256(text)]):
            return row["id"]
        return None

    def insert_article(
        self,
        text: str,
        claims: Sequence[ExtractedClaim],
        *,
        title: str | None = None,
        outlet: str | None = None,
        url: str | None = None,
        published: str | None = None,
    ) -> int:
        """Store an article and its extracted claims in one transaction; return its id.

        Raises :class:`DuplicateArticle` (with the existing id) when the same text
        was imported before, leaving the database unchanged.
        """
        digest = text_sha256(text)
        with self.write() as conn:
            existing = conn.execute("SELECT id FROM articles WHERE sha256 = ?", [digest]).fetchone()
            if existing:
                raise DuplicateArticle(existing[0])
            cursor = conn.execute(
                "INSERT INTO articles (title, outlet, url, published, text, sha256,"
                " imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [title, outlet, url, published, text, digest, self.reviewer, utc_now()],
            )
            article_id = cursor.lastrowid
            assert article_id is not None
            conn.executemany(
                'INSERT INTO claims (article_id, ordinal, text, start, "end", kinds, score,'
                ' reasons, "values") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                (
                    (
                        article_id, c.ordinal, c.text, c.start, c.end, json.dumps(list(c.kinds)),
                        c.score, json.dumps(list(c.reasons), ensure_ascii=False),
                        json.dumps(c.values, ensure_ascii=False),
                    )
                    for c in claims
                ),
            )
        return article_id

    def articles(self) -> Iterator[Article]:
        """Every article with its claim and reviewed counts, newest first."""
        for row in self.query(f"SELECT {_ARTICLE_COLUMNS} FROM articles a ORDER BY a.id DESC"):
            yield Article(**row)

    def article(self, article_id: int) -> Article:
        """One article, or a :class:`WorkbenchError` naming the unknown id."""
        for row in self.query(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?",
                              [article_id]):
            return Article(**row)
        raise WorkbenchError(f"no article with id {article_id}")

    def article_text(self, article_id: int) -> str:
        """The full text of an article (for showing a claim in its context)."""
        for row in self.query("SELECT text FROM articles WHERE id = ?", [article_id]):
            return row["text"]
        raise WorkbenchError(f"no article with id {article_id}")

    def verdict_breakdown(self, article_id: int) -> dict[str, int]:
        """How many claims of an article currently carry each verdict label."""
        sql = """
            SELECT label, count(*) AS n FROM (
                SELECT (SELECT v.label FROM verdicts v WHERE v.claim_id = c.id
                        ORDER BY v.id DESC LIMIT 1) AS label
                FROM claims c WHERE c.article_id = ?
            ) WHERE label IS NOT NULL GROUP BY label ORDER BY n DESC, label
        """
        return {row["label"]: row["n"] for row in self.query(sql, [article_id])}
