"""Opening a workbench database: pragmas, migrations and write transactions.

Every write goes through :meth:`Connection.write`, which begins with
``BEGIN IMMEDIATE``: with several reviewers' processes on one file, a deferred
``BEGIN`` that later upgrades to a write lock fails with "database is locked", and
Python's implicit transactions silently lose read-then-write updates.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from workbench.errors import WorkbenchError
from workbench.identity import reviewer_name
from workbench.paths import resource_path

BUSY_TIMEOUT_MS = 15_000
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def utc_now() -> str:
    """The current time as an ISO 8601 UTC string, the format of every timestamp."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def migrations(directory: Path | None = None) -> list[tuple[int, Path]]:
    """The numbered ``NNN_name.sql`` files of ``db/``, in the order they apply."""
    directory = directory or resource_path("db")
    found = []
    for path in directory.iterdir():
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    numbers = [n for n, _ in found]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError(f"two migrations in {directory} share a number: {numbers}")
    return found


def _friendly(err: sqlite3.Error, path: Path) -> WorkbenchError:
    """Translate SQLite's errors about the file itself into one-line messages."""
    text = str(err)
    if "readonly" in text or "read-only" in text:
        return WorkbenchError(f"cannot write to {path}: the database is read-only")
    if "file is not a database" in text or "malformed" in text:
        return WorkbenchError(f"{path} is not a workbench database (not a valid SQLite file)")
    if "unable to open" in text:
        return WorkbenchError(f"cannot open database {path}: {text}")
    if "locked" in text or "busy" in text:
        return WorkbenchError(
            f"{path} stayed locked by another reviewer for {BUSY_TIMEOUT_MS // 1000} s; "
            "nothing was written, try again"
        )
    return WorkbenchError(f"database error in {path}: {text}")


class Connection:
    """One SQLite connection with workbench's pragmas and schema applied.

    Thread-safe by serialising use behind a lock, so TUI workers on other threads
    can share it; each process should open its own.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.reviewer = reviewer_name()
        self._lock = threading.RLock()
        if self.path.is_dir():
            raise WorkbenchError(f"{self.path} is a directory, not a database file")
        if not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as err:
            raise _friendly(err, self.path) from None
        try:
            self._configure()
            self._migrate()
        except sqlite3.Error as err:
            self.conn.close()
            raise _friendly(err, self.path) from None
        except WorkbenchError:
            self.conn.close()
            raise
        self.db = sqlite_utils.Database(self.conn)

    def _configure(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        # Touch the schema first: a non-SQLite file fails here, before anything is written.
        self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as err:
                if "readonly" not in str(err):
                    raise
        self.conn.execute("PRAGMA synchronous = NORMAL")

    @property
    def schema_version(self) -> int:
        """``PRAGMA user_version``: the number of the last migration applied."""
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        available = migrations()
        latest = available[-1][0] if available else 0
        current = self.schema_version
        if current > latest:
            raise WorkbenchError(
                f"{self.path} has schema version {current}, newer than this workbench "
                f"understands ({latest}); upgrade workbench to open it"
            )
        if current == 0 and self._has_foreign_tables():
            raise WorkbenchError(f"{self.path} is a SQLite database, but not a workbench one")
        for number, path in available:
            if number <= current:
                continue
            script = path.read_text(encoding="utf-8")
            try:
                self.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
            except sqlite3.Error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def _has_foreign_tables(self) -> bool:
        row = self.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()
        return row[0] > 0

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on error."""
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as err:
                raise _friendly(err, self.path) from None
            try:
                yield self.conn
            except sqlite3.Error as err:
                self.conn.execute("ROLLBACK")
                raise _friendly(err, self.path) from None
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as err:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise _friendly(err, self.path) from None

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Serialised read access (the connection is shared between threads)."""
        with self._lock:
            yield self.conn

    def query(self, sql: str, params: Any = ()) -> Iterator[dict[str, Any]]:
        """Rows of a read query as dicts, streamed from the cursor, not fetched whole."""
        with self._lock:
            try:
                yield from self.db.query(sql, params)
            except sqlite3.Error as err:
                raise _friendly(err, self.path) from None

    def close(self) -> None:
        with self._lock:
            self.conn.close()
