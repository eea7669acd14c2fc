"""A helper process that writes one part of a split CSV export.

:func:`workbench.csv_export.export_csv` runs it as
``python -P -m workbench.csv_export_worker FD`` with a JSON job on stdin::

    {"db": "/abs/path.db", "join": [statements], "sql": "...", "params": {...}}

Every statement comes from the store (``join`` is
:data:`~workbench.store.connection.SNAPSHOT_READER_SQL`, ``sql`` an
:class:`~workbench.store.export.ExportQuery`); this module only runs them. It
prints ``ready`` once its snapshot is pinned (the parent keeps writers paused until
then), writes its rows as CSV lines to file descriptor ``FD``, and prints the row
count. A failure is one line on stderr and exit status 1.

It imports the standard library and :mod:`workbench.csv_format` only: no store, no
sqlite-utils, so it starts in tens of milliseconds and about a dozen megabytes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from typing import Any

from workbench.csv_format import write_rows

BUSY_TIMEOUT_S = 15.0


def run(fd: int, job: dict[str, Any]) -> int:
    """Join the snapshot, say so, write the part; return the number of rows."""
    conn = sqlite3.connect(job["db"], timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        for statement in job["join"]:
            conn.execute(statement).fetchall()
        print("ready", flush=True)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            return write_rows(conn.execute(job["sql"], job["params"]), out)
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        count = run(int(args[0]), json.load(sys.stdin))
    except (OSError, sqlite3.Error, ValueError, KeyError, IndexError) as err:
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    print(count, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
