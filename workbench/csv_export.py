"""Writing verdicts as CSV: one row per claim with its provenance, streamed.

Each row holds the article, the claim and its extracted values, the verdict in
force with who gave it and who approved it, the sources (URL, latest snapshot hash,
any drift flag) and the matches a reviewer confirmed. Multi-valued cells (kinds,
values, sources, matches) are JSON, so a script can read them back without
guessing at separators. Quoting and formula neutralisation: :mod:`workbench.csv_format`.

A large export is split across cores (:func:`export_csv`): formatting CSV costs
more than SQLite takes to produce the rows, and one Python process uses one core.
Helper processes (:mod:`workbench.csv_export_worker`) each write a range of claims
to an unnamed temporary file while this process writes the first range; their
parts are then appended in order. All of them read the same snapshot of the
database (:meth:`~workbench.store.connection.Connection.shared_snapshot`), so the
file is exactly what one reader would have written, whatever reviewers commit
meanwhile.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from itertools import pairwise
from pathlib import Path
from typing import IO, Any, TextIO

from workbench.csv_format import BOM, DANGEROUS_FIRST, write_header, write_rows
from workbench.errors import WorkbenchError
from workbench.store import Store
from workbench.store.connection import SNAPSHOT_READER_SQL
from workbench.store.export import EXPORT_COLUMNS, ExportQuery
from workbench.text_safety import printable

__all__ = ["BOM", "COLUMNS", "DANGEROUS_FIRST", "export_csv", "write_csv"]

COLUMNS = EXPORT_COLUMNS
# Below this many claims a helper's start-up (about 50 ms) is not worth it, unless
# the caller asks for jobs explicitly.
SPLIT_MIN_CLAIMS = 50_000
# Helpers per export at most, by default: the team's server is shared, and two
# cores already put the formatting of a million rows under the budget.
DEFAULT_MAX_JOBS = 2
# How long a helper may take to join the snapshot while writers are paused.
HELPER_READY_S = 10.0


def write_csv(rows: Iterable[Sequence[Any]], out: TextIO, *, bom: bool = False) -> int:
    """Write the header and one line per row (in :data:`COLUMNS` order); return the
    number of rows. ``bom`` starts the output with a UTF-8 byte-order mark (Excel)."""
    write_header(COLUMNS, out, bom=bom)
    return write_rows(rows, out)


def default_jobs() -> int:
    """Processes for a large export: the cores this process may use, at most
    :data:`DEFAULT_MAX_JOBS`."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(DEFAULT_MAX_JOBS, cores or 1))


def export_csv(
    store: Store,
    out: TextIO,
    *,
    article_id: int | None = None,
    status: str | None = None,
    verdict: str | None = None,
    since: str | None = None,
    bom: bool = False,
    jobs: int | None = None,
    scratch_dir: Path | None = None,
    terminal: bool = False,
) -> int:
    """Export the selected claims (see :meth:`Store.export_query`) to ``out``; return
    the number of rows.

    ``jobs`` processes share the work (default :func:`default_jobs`, and only for
    selections of :data:`SPLIT_MIN_CLAIMS` claims or more). Helpers' parts wait in
    unnamed temporary files in ``scratch_dir`` (default: the system's temporary
    directory). The output is byte for byte what one process writes; when a split
    cannot start (writers busy, no helper) one process does it all.

    ``terminal``: ``out`` is a terminal, so escape sequences and control characters
    are taken out of every cell (:func:`~workbench.text_safety.printable`) before
    it is written: a file keeps the claims exactly, a screen must not obey them.
    """
    whole = store.export_query(article_id, status=status, verdict=verdict, since=since)
    rows = store.export_tuples(whole)
    if terminal:
        rows = (tuple(printable(v) if v.__class__ is str else v for v in row) for row in rows)
        return write_csv(rows, out, bom=bom)
    binary = _utf8_bytes_under(out)
    wanted = default_jobs() if jobs is None else jobs
    if binary is not None and wanted > 1:
        keys = store.export_split_keys(
            article_id, wanted, min_claims=SPLIT_MIN_CLAIMS if jobs is None else 0)
        bounds = [None, *keys, None]
        parts = [store.export_query(article_id, status=status, verdict=verdict, since=since,
                                    after=lo, upto=hi) for lo, hi in pairwise(bounds)]
        if len(parts) > 1:
            count = _export_parts(store, parts, out, binary, bom=bom, scratch_dir=scratch_dir)
            if count is not None:
                return count
    return write_csv(rows, out, bom=bom)


def _export_parts(store: Store, parts: list[ExportQuery], out: TextIO, binary: IO[bytes],
                  *, bom: bool, scratch_dir: Path | None) -> int | None:
    """Write ``parts[0]`` here and the others through helpers, appended in order; the
    number of rows, or None (nothing written) when the split cannot start."""
    with ExitStack() as stack:
        try:
            helpers = stack.enter_context(store.shared_snapshot(
                lambda: _start_helpers(store.path, parts[1:], scratch_dir)))
        except (WorkbenchError, OSError):
            return None
        for helper in helpers:
            stack.callback(helper.close)
        count = write_csv(store.export_tuples(parts[0]), out, bom=bom)
        out.flush()
        for helper in helpers:
            count += helper.append_to(binary)
        binary.flush()
        return count


def _utf8_bytes_under(out: TextIO) -> IO[bytes] | None:
    """The byte stream under ``out`` when helpers' UTF-8 bytes can be appended to it
    (a real file or stdout in UTF-8), else None: then one process writes it all."""
    if not isinstance(out, io.TextIOWrapper) or codecs.lookup(out.encoding).name != "utf-8":
        return None
    try:
        out.buffer.fileno()
    except (OSError, ValueError, AttributeError):
        return None  # an in-memory stream (tests, embedding): nothing to gain
    return out.buffer


def _start_helpers(db: Path, parts: list[ExportQuery], scratch_dir: Path | None
                   ) -> list[_Helper]:
    """Start one helper per part and wait until each has pinned its snapshot."""
    helpers: list[_Helper] = []
    try:
        for part in parts:
            helpers.append(_Helper(db, part, scratch_dir))
        for helper in helpers:
            helper.wait_ready()
    except BaseException:
        for helper in helpers:
            helper.close()
        raise
    return helpers


def _append(part: IO[bytes], binary: IO[bytes]) -> None:
    """Append all of ``part`` to ``binary``: in the kernel (``sendfile``) where it
    can, which saves a tenth of a million-row export, else through a buffer."""
    binary.flush()
    size, sent = os.fstat(part.fileno()).st_size, 0
    try:
        while sent < size:
            step = os.sendfile(binary.fileno(), part.fileno(), sent, size - sent)
            if step == 0:
                break
            sent += step
    except (OSError, AttributeError):
        pass  # no sendfile to this kind of file here: the buffer does the rest
    part.seek(sent)
    shutil.copyfileobj(part, binary, 1 << 20)


class _Helper:
    """A helper process writing one part of the export to an unnamed temporary file
    (deleted by the system however this process ends)."""

    def __init__(self, db: Path, part: ExportQuery, scratch_dir: Path | None) -> None:
        self._files = ExitStack()  # both files live until close(), past this method
        self.part = self._files.enter_context(
            tempfile.TemporaryFile(dir=scratch_dir))  # noqa: SIM115
        self.errors = self._files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        fd = self.part.fileno()
        job = {"db": str(db.resolve()), "join": list(SNAPSHOT_READER_SQL),
               "sql": part.sql, "params": part.params}
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-P", "-m", "workbench.csv_export_worker", str(fd)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                pass_fds=(fd,))
        except BaseException:
            self._files.close()
            raise
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdout = self.proc.stdout
        try:
            with self.proc.stdin as stdin:
                stdin.write(json.dumps(job).encode())
        except BaseException:
            self.close()
            raise

    def wait_ready(self) -> None:
        """Return once the helper has joined the snapshot; raise if it cannot."""
        ready, _, _ = select.select([self.stdout], [], [], HELPER_READY_S)
        if not ready or self.stdout.readline() != b"ready\n":
            raise WorkbenchError(f"export helper did not start: {self._failure()}")

    def append_to(self, binary: IO[bytes]) -> int:
        """Wait for the helper to finish, append its part to ``binary``; its rows."""
        said = self.stdout.read()
        if self.proc.wait() != 0:
            raise WorkbenchError(f"export failed: {self._failure()}")
        _append(self.part, binary)
        return int(said)

    def _failure(self) -> str:
        if self.proc.poll() is None:
            return "no answer"
        self.errors.seek(0)
        lines = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1].removeprefix("error: ") if lines else f"exit {self.proc.returncode}"

    def close(self) -> None:
        """Stop the helper if it still runs and drop its files."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.stdout.close()
        self._files.close()
