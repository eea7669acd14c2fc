"""Writing verdicts as CSV: RFC 4180 quoting, formula cells neutralised, streamed.

One row per claim with its provenance: the article, the claim and its extracted
values, the verdict in force with who gave it and who approved it, the sources
(URL, latest snapshot hash, any drift flag) and the matches a reviewer confirmed.
Multi-valued cells (kinds, values, sources, matches) are JSON, so a script can read
them back without guessing at separators.

Every cell goes through :func:`~workbench.text_safety.csv_cell` (OWASP CSV
injection: ``= + - @``, tab, CR, LF at the start get a ``'``). It is always on:
claim text is copied from articles, and an article can contain ``=HYPERLINK(…)``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from workbench.errors import WorkbenchError
from workbench.text_safety import csv_cell

COLUMNS = (
    "claim_id", "article_id", "article_title", "article_url", "article_outlet",
    "article_published", "ordinal", "claim_text", "kinds", "values", "score", "status",
    "verdict", "verdict_note", "reviewer", "reviewed_at", "approved_by", "sources",
    "matches",
)
BOM = "\ufeff"


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, *, bom: bool = False) -> int:
    """Write a header and one line per row; return the number of rows written.

    ``bom`` starts the output with a UTF-8 byte-order mark, which Excel needs to
    read the file as UTF-8 rather than the machine's legacy code page.
    """
    if bom:
        out.write(BOM)
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    cell = csv_cell
    columns = COLUMNS
    for row in rows:
        writer.writerow([cell(row.get(col)) for col in columns])
        count += 1
    return count


def normalise_since(text: str) -> str:
    """A ``--since`` value in the verdicts' timestamp format (UTC ``…Z``).

    A date means midnight UTC; a date-time without a zone is taken as UTC.
    """
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise WorkbenchError(
            f"--since: {text!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
