"""Plain records returned by the store, so front ends never see SQL rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Article:
    """An imported article and its review progress."""

    id: int
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    imported_by: str
    imported_at: str
    claim_count: int = 0
    reviewed_count: int = 0


@dataclass(frozen=True)
class Claim:
    """A stored claim with its current verdict (None when unreviewed)."""

    id: int
    article_id: int
    ordinal: int
    text: str
    start: int
    end: int
    kinds: list[str]
    score: float
    reasons: list[str]
    values: dict[str, Any]
    status: str
    verdict: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Claim:
        return cls(
            id=row["id"],
            article_id=row["article_id"],
            ordinal=row["ordinal"],
            text=row["text"],
            start=row["start"],
            end=row["end"],
            kinds=json.loads(row["kinds"]),
            score=row["score"],
            reasons=json.loads(row["reasons"]),
            values=json.loads(row["values"]),
            status=row["status"],
            verdict=row.get("verdict"),
        )

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape of ``workbench claims --json``."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "ordinal": self.ordinal,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kinds": self.kinds,
            "score": self.score,
            "reasons": self.reasons,
            "values": self.values,
            "status": self.status,
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class Verdict:
    """One row of a claim's append-only verdict history."""

    id: int
    claim_id: int
    label: str | None
    note: str | None
    reviewer: str
    created_at: str
    undoes: int | None


@dataclass(frozen=True)
class Source:
    """A source attached to a claim."""

    id: int
    claim_id: int
    url: str
    note: str | None
    quote: str | None
    added_by: str
    added_at: str
