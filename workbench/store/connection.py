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
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from workbench.errors import WorkbenchError
from workbench.identity import reviewer_name
from workbench.paths import resource_path
from workbench.team.placement import refuse_network_filesystem
from workbench.team.sharing import refuse_inaccessible, shared_umask

BUSY_TIMEOUT_MS = 15_000
# BEGIN IMMEDIATE attempts before giving up: each waits up to the busy timeout, and
# nothing has been written before the lock is held, so a retry is always safe.
LOCK_ATTEMPTS = 2
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
# How long a shared snapshot may keep writers waiting while its other readers start.
SNAPSHOT_GATE_S = 5.0
# Any read of the file: in WAL mode it fixes the snapshot of the transaction it is in.
PIN_SNAPSHOT_SQL = "SELECT count(*) FROM sqlite_master"
# What a reader in another process runs, in order, to join a shared_snapshot while
# the writers are paused: a read-only connection, a transaction, its snapshot pinned.
SNAPSHOT_READER_SQL = ("PRAGMA query_only = ON", "BEGIN", PIN_SNAPSHOT_SQL)
T = TypeVar("T")


def utc_now() -> str:
    """The current time as an ISO 8601 UTC string, the format of every timestamp."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def require_claim(conn: sqlite3.Connection, claim_id: int) -> None:
    """Refuse, inside a transaction, a claim id that does not exist."""
    if conn.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is None:
        raise WorkbenchError(f"no claim with id {claim_id}")


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


def sql_statements(script: str) -> list[str]:
    """Split a migration script into complete statements (``CREATE TRIGGER … END;``
    included), using SQLite's own notion of a complete statement."""
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if _code_lines(pending) != [";"]:
                statements.append(pending.strip())
            pending = ""
    leftover = _code_lines(pending[:-1])
    if leftover:
        raise RuntimeError(f"incomplete SQL statement at the end of a migration: {leftover}")
    return statements


def _code_lines(sql: str) -> list[str]:
    """The lines of ``sql`` that are neither blank nor ``--`` comments."""
    return [line.strip() for line in sql.splitlines()
            if line.strip() and not line.strip().startswith("--")]


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
            f"{path} stayed locked by another reviewer's write for too long; "
            "nothing was written, try again"
        )
    return WorkbenchError(f"database error in {path}: {text}")


class Connection:
    """One SQLite connection with workbench's pragmas and schema applied.

    Thread-safe by serialising use behind a lock, so TUI workers on other threads
    can share it; each process should open its own.
    """

    def __init__(self, path: str | Path, *, _reviewer: str | None = None,
                 _busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        """Open ``path``. The underscored parameters are internal, for tests only:
        ``_reviewer`` stands in for the OS account (no CLI flag may set it) and
        ``_busy_timeout_ms`` shortens the lock wait to test its exhaustion."""
        self.path = Path(path)
        self.reviewer = _reviewer or reviewer_name()
        self.busy_timeout_ms = _busy_timeout_ms
        self.last_lock_wait = 0.0  # seconds the latest BEGIN IMMEDIATE waited
        self.max_lock_wait = 0.0
        self._lock = threading.RLock()
        refuse_inaccessible(self.path)
        if self.path.is_dir():
            raise WorkbenchError(f"{self.path} is a directory, not a database file")
        refuse_network_filesystem(self.path)
        if not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with shared_umask(self.path):
            try:
                self.conn = sqlite3.connect(
                    self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None,
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
        self.conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        # Touch the schema first: a non-SQLite file fails here, before anything is written.
        self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        self._enable_wal()
        self.conn.execute("PRAGMA synchronous = NORMAL")

    def _enable_wal(self) -> None:
        """Switch a new database to WAL, waiting out others doing the same.

        Changing the journal mode needs an exclusive lock, and SQLite reports
        "database is locked" at once rather than calling the busy handler when two
        processes open a new file together; retry until the busy timeout is spent.
        """
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        while self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                self.conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return  # switched, or SQLite declined without an error: don't spin
            except sqlite3.OperationalError as err:
                if "readonly" in str(err):
                    return
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

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
        for number, path in available:
            if number > current:
                self._apply_migration(number, path)

    def _apply_migration(self, number: int, path: Path) -> None:
        """Apply one migration in its own ``BEGIN IMMEDIATE`` transaction.

        The version is read again once the write lock is held: several reviewers
        opening a new (or older) database at the same moment must not apply the
        same migration twice. ``executescript`` would commit an open transaction
        first, so the script runs statement by statement instead.
        """
        statements = sql_statements(path.read_text(encoding="utf-8"))
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            current = self.schema_version
            if current == 0 and self._has_foreign_tables():
                raise WorkbenchError(f"{self.path} is a SQLite database, but not a workbench one")
            if current < number:
                for statement in statements:
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
            self.conn.execute("COMMIT")
        except BaseException:
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
            self._begin_immediate()
            try:
                self._begin_write(self.conn)
                yield self.conn
                self._end_write(self.conn)
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

    def _begin_immediate(self) -> None:
        """Take the write lock, waiting up to the busy timeout per attempt.

        Retried LOCK_ATTEMPTS times (nothing is written before the lock is held);
        after that the user gets a one-line message, never "database is locked".
        """
        started = time.perf_counter()
        for attempt in range(1, LOCK_ATTEMPTS + 1):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as err:
                busy = "locked" in str(err) or "busy" in str(err)
                if not busy or attempt == LOCK_ATTEMPTS:
                    raise _friendly(err, self.path) from None
            except sqlite3.Error as err:
                raise _friendly(err, self.path) from None
        self.last_lock_wait = time.perf_counter() - started
        self.max_lock_wait = max(self.max_lock_wait, self.last_lock_wait)

    def _begin_write(self, conn: sqlite3.Connection) -> None:
        """Run first in every write transaction (the audit mixin names the writer)."""

    def _end_write(self, conn: sqlite3.Connection) -> None:
        """Run last before COMMIT (the audit mixin clears the writer)."""

    def data_version(self) -> int:
        """``PRAGMA data_version``: changes when *another* connection commits.

        About 2 µs and no file I/O beyond the WAL index, so a live view can poll it
        several times a second and reload only when it moves.
        """
        with self._lock:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Serialised read access (the connection is shared between threads)."""
        with self._lock:
            yield self.conn

    @contextmanager
    def shared_snapshot(self, start_readers: Callable[[], T]) -> Iterator[T]:
        """A read transaction on this connection whose snapshot other connections share.

        SQLite has no handle to pass a snapshot between processes, so writers are
        paused instead: a second connection takes the write lock, this connection
        and whatever ``start_readers`` starts (each beginning a transaction and
        reading, see :data:`PIN_SNAPSHOT_SQL`) pin their snapshots, and the lock is
        released. No commit can land in between, so every reader sees the same
        database. Writers wait only for ``start_readers`` (milliseconds; they wait
        up to the busy timeout anyway), and the readers never block anyone after.

        Raises :class:`WorkbenchError` when the write lock stays busy for
        :data:`SNAPSHOT_GATE_S` (another reviewer's long write): nothing has
        started then, so the caller can read on its own instead.
        """
        with self._lock:
            try:
                gate = sqlite3.connect(self.path, timeout=SNAPSHOT_GATE_S,
                                       isolation_level=None)
            except sqlite3.Error as err:
                raise _friendly(err, self.path) from None
            try:
                try:
                    gate.execute("BEGIN IMMEDIATE")
                except sqlite3.Error as err:
                    raise _friendly(err, self.path) from None
                self.conn.execute("BEGIN")
                try:
                    self.conn.execute(PIN_SNAPSHOT_SQL).fetchone()
                    started = start_readers()
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
            finally:
                gate.close()  # rolls back the empty write transaction: writers resume
            try:
                yield started
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")  # a read: nothing to commit

    def query(self, sql: str, params: Any = ()) -> Iterator[dict[str, Any]]:
        """Rows of a read query as dicts, streamed from the cursor, not fetched whole."""
        with self._lock:
            try:
                yield from self.db.query(sql, params)
            except sqlite3.Error as err:
                raise _friendly(err, self.path) from None

    def tuples(self, sql: str, params: Any = ()) -> Iterator[tuple[Any, ...]]:
        """Rows of a read query as tuples, streamed: for the hot loops where a dict
        per row would be a tenth of the cost (a million-row export)."""
        with self._lock:
            try:
                # Not ``yield from``: it would call the cursor's close() when the
                # generator is dropped, which fails once the store is closed (an
                # export interrupted by ctrl+c).
                for row in self.conn.execute(sql, params):  # noqa: UP028
                    yield row
            except sqlite3.Error as err:
                raise _friendly(err, self.path) from None

    def close(self) -> None:
        with self._lock:
            self.conn.close()
