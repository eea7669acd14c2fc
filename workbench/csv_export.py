"""Writing verdicts as CSV: RFC 4180 quoting, formula cells neutralised, streamed."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from workbench.text_safety import csv_cell

COLUMNS = (
    "claim_id", "article_id", "article_title", "article_url", "article_outlet",
    "article_published", "ordinal", "claim_text", "kinds", "values", "score", "status",
    "verdict", "verdict_note", "reviewer", "reviewed_at", "sources",
)


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write a header and one line per row; return the number of rows written."""
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(col)) for col in COLUMNS])
        count += 1
    return count
