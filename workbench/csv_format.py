"""CSV lines for export rows: RFC 4180 quoting, formula cells neutralised.

Every cell is what :func:`~workbench.text_safety.csv_cell` makes of it (OWASP CSV
injection: ``= + - @``, tab, CR, LF at the start get a ``'``). It is always on:
claim text is copied from articles, and an article can contain ``=HYPERLINK(…)``.

Standard library only (and :mod:`workbench.text_safety`), so the helper process
that writes part of a large export (:mod:`workbench.csv_export_worker`) starts in
milliseconds and a few megabytes, without the store or sqlite-utils.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from workbench.text_safety import csv_cell

BOM = "\ufeff"
LINE_END = "\r\n"
# The first characters csv_cell neutralises, asked of csv_cell itself so the fast path
# in write_rows can never disagree with it (OWASP's list is ASCII; a test checks the BMP).
DANGEROUS_FIRST = frozenset(c for c in map(chr, range(128)) if csv_cell(c) != c)
_NUMBERS = (int, float)  # exact classes (not bool): str() of one ≥ 0 starts with a digit


def write_rows(rows: Iterable[Sequence[Any]], out: TextIO) -> int:
    """Write one CSV line per row (cells in column order); return how many."""
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator=LINE_END)
    count = 0
    writerow, cell, danger, numbers = writer.writerow, csv_cell, DANGEROUS_FIRST, _NUMBERS
    for row in rows:
        # Equivalent to [csv_cell(v) for v in row], but cells csv_cell would return
        # unchanged (a safe string, a non-negative number) skip the call, and None is
        # "" directly: at a million rows the per-cell call was a third of the time.
        writerow([
            v if (v.__class__ is str and v[:1] not in danger)
            or (v.__class__ in numbers and v >= 0)
            else "" if v is None else cell(v)
            for v in row
        ])
        count += 1
    return count


def write_header(columns: Sequence[str], out: TextIO, *, bom: bool = False) -> None:
    """The header line; ``bom`` first starts the output with a UTF-8 byte-order
    mark, which Excel needs to read the file as UTF-8 rather than the machine's
    legacy code page."""
    if bom:
        out.write(BOM)
    write_rows([columns], out)
