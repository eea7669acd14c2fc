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
from typing import Any, TextIO

from workbench.text_safety import csv_cell

COLUMNS = (
    "claim_id", "article_id", "article_title", "article_url", "article_outlet",
    "article_published", "ordinal", "claim_text", "kinds", "values", "score", "status",
    "verdict", "verdict_note", "reviewer", "reviewed_at", "approved_by", "sources",
    "matches",
)
BOM = "\ufeff"
# The first characters csv_cell neutralises, asked of csv_cell itself so the fast path
# in write_csv can never disagree with it (OWASP's list is ASCII; a test checks the BMP).
DANGEROUS_FIRST = frozenset(c for c in map(chr, range(128)) if csv_cell(c) != c)
_NUMBERS = (int, float)  # exact classes (not bool): str() of one ≥ 0 starts with a digit


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
    writerow, cell, danger, numbers = writer.writerow, csv_cell, DANGEROUS_FIRST, _NUMBERS
    for row in rows:
        # Equivalent to [csv_cell(row.get(c)) ...], but cells csv_cell would return
        # unchanged (a safe string, a non-negative number) skip the call, and None is
        # "" directly: at a million rows the per-cell call was a third of the time.
        writerow([
            v if (v.__class__ is str and v[:1] not in danger)
            or (v.__class__ in numbers and v >= 0)
            else "" if v is None else cell(v)
            for v in map(row.get, COLUMNS)
        ])
        count += 1
    return count


