"""SQL for source snapshots (what a fetch saw) and the flags a refresh raises.

Snapshots are append-only, so the evidence a verdict was based on survives the page
changing or dying. A refresh compares the new snapshot with the one in force when
the claim's current verdict was given, and flags that verdict when the page changed
or is gone; the flag and the snapshot are written in one transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from workbench.errors import WorkbenchError
from workbench.store.connection import Connection, utc_now
from workbench.store.records import Source
from workbench.store.sources import insert_source

SOURCE_CHANGED = "source changed since verdict"
SOURCE_GONE = "source gone"

_SNAPSHOT_COLUMNS = (
    "id, source_id, requested_url, final_url, http_status, content_type, outcome, failure,"
    " reason, sha256, byte_count, title, published, text, fetched_by, fetched_at"
)


@dataclass(frozen=True)
class SnapshotData:
    """What one fetch produced, as the store takes it (built by ``workbench.fetch``).

    ``outcome`` is ``extracted`` (text kept), ``link`` (fetched but not a text
    type: kept as a link with its content type) or ``failed`` (``failure`` names
    the kind, ``reason`` says it in one line).
    """

    requested_url: str
    outcome: str
    final_url: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    failure: str | None = None
    reason: str | None = None
    sha256: str | None = None
    byte_count: int | None = None
    title: str | None = None
    published: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Snapshot(SnapshotData):
    """A stored snapshot: the fetch's data plus who fetched it, when, and its ids."""

    id: int = 0
    source_id: int = 0
    fetched_by: str = ""
    fetched_at: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SourceFlag:
    """A warning on a verdict: one of its sources changed or died after it was given."""

    id: int
    source_id: int
    verdict_id: int
    snapshot_id: int
    flag: str
    detail: str | None
    created_at: str


def _insert_snapshot(conn: sqlite3.Connection, source_id: int, data: SnapshotData,
                     reviewer: str) -> int:
    fields = asdict(data)
    columns = ["source_id", *fields, "fetched_by", "fetched_at"]
    values = [source_id, *fields.values(), reviewer, utc_now()]
    cursor = conn.execute(
        f"INSERT INTO source_snapshots ({', '.join(columns)})"
        f" VALUES ({', '.join('?' for _ in columns)})",
        values,
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


class SnapshotQueries(Connection):
    """Sources with their fetched snapshots; refresh flags on verdicts."""

    def source(self, source_id: int) -> Source:
        """One source, or a :class:`WorkbenchError` naming the unknown id."""
        for row in self.query(
            "SELECT id, claim_id, url, note, quote, added_by, added_at FROM sources"
            " WHERE id = ?",
            [source_id],
        ):
            return Source(**row)
        raise WorkbenchError(f"no source with id {source_id}")

    def add_source_with_snapshot(
        self, claim_id: int, url: str, note: str | None, quote: str | None,
        snapshot: SnapshotData,
    ) -> tuple[int, int]:
        """Attach a source and its first snapshot in one transaction: (source, snapshot) ids.

        A failed fetch is stored too (``outcome='failed'``): the reviewer keeps the
        source, its reason, and whatever quote and note they pasted by hand.
        """
        with self.write() as conn:
            source_id = insert_source(conn, claim_id, url, note, quote, self.reviewer)
            return source_id, _insert_snapshot(conn, source_id, snapshot, self.reviewer)

    def snapshots(self, source_id: int) -> list[Snapshot]:
        """Every snapshot of a source, oldest first (one source's history: bounded)."""
        rows = self.query(
            f"SELECT {_SNAPSHOT_COLUMNS} FROM source_snapshots WHERE source_id = ?"
            " ORDER BY id",
            [source_id],
        )
        return [Snapshot(**row) for row in rows]

    def latest_snapshot(self, source_id: int) -> Snapshot | None:
        """The most recent snapshot of a source (None for a ``--no-fetch`` source)."""
        for row in self.query(
            f"SELECT {_SNAPSHOT_COLUMNS} FROM source_snapshots WHERE source_id = ?"
            " ORDER BY id DESC LIMIT 1",
            [source_id],
        ):
            return Snapshot(**row)
        return None

    def source_marks(self, claim_id: int) -> tuple[tuple[int, int, tuple[int, ...]], ...]:
        """Per source of the claim, oldest first: its id, its latest snapshot's id (0:
        none) and the ids of its flags on the verdict in force (:meth:`source_flags`).

        Ids only, from the indexes: a live view compares them on every commit
        elsewhere to learn whether a refetch landed, without reading page texts.
        """
        rows = self.query(
            "SELECT s.id AS source_id,"
            " coalesce((SELECT max(ss.id) FROM source_snapshots ss"
            "           WHERE ss.source_id = s.id), 0) AS latest,"
            " (SELECT group_concat(f.id) FROM (SELECT f.id FROM source_flags f"
            "   WHERE f.source_id = s.id AND f.verdict_id = (SELECT id FROM verdicts"
            "     WHERE claim_id = :claim ORDER BY id DESC LIMIT 1) ORDER BY f.id) f) AS flags"
            " FROM sources s WHERE s.claim_id = :claim ORDER BY s.id",
            {"claim": claim_id},
        )
        return tuple((row["source_id"], row["latest"],
                      tuple(int(i) for i in row["flags"].split(",")) if row["flags"] else ())
                     for row in rows)

    def source_ids(self, claim_id: int | None = None) -> list[int]:
        """Ids of the sources of one claim, or of every claim, oldest first."""
        if claim_id is None:
            rows = self.query("SELECT id FROM sources ORDER BY id")
        else:
            self.claim(claim_id)  # type: ignore[attr-defined]  # ClaimQueries, in Store
            rows = self.query("SELECT id FROM sources WHERE claim_id = ? ORDER BY id",
                              [claim_id])
        return [row["id"] for row in rows]

    def record_refresh(self, source_id: int, snapshot: SnapshotData) -> list[str]:
        """Append a refreshed snapshot and flag the claim's current verdict if needed.

        Returns the flags newly raised (empty when the page is unchanged, when the
        claim has no verdict in force, or when the same flag was already raised).
        The baseline is the last good snapshot taken no later than the verdict.
        """
        with self.write() as conn:
            row = conn.execute("SELECT claim_id FROM sources WHERE id = ?",
                               [source_id]).fetchone()
            if row is None:
                raise WorkbenchError(f"no source with id {source_id}")
            snapshot_id = _insert_snapshot(conn, source_id, snapshot, self.reviewer)
            verdict = conn.execute(
                "SELECT id, label, created_at FROM verdicts WHERE claim_id = ?"
                " ORDER BY id DESC LIMIT 1",
                [row[0]],
            ).fetchone()
            if verdict is None or verdict[1] is None:
                return []
            flag, detail = self._flag_for(conn, source_id, snapshot_id, snapshot, verdict[2])
            if flag is None:
                return []
            cursor = conn.execute(
                "INSERT OR IGNORE INTO source_flags"
                " (source_id, verdict_id, snapshot_id, flag, detail, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [source_id, verdict[0], snapshot_id, flag, detail, utc_now()],
            )
            return [flag] if cursor.rowcount else []

    @staticmethod
    def _flag_for(conn: sqlite3.Connection, source_id: int, snapshot_id: int,
                  snapshot: SnapshotData, verdict_at: str) -> tuple[str | None, str | None]:
        if snapshot.outcome == "failed":
            return SOURCE_GONE, snapshot.reason
        baseline = conn.execute(
            "SELECT id, sha256 FROM source_snapshots WHERE source_id = ? AND id < ?"
            " AND outcome != 'failed' AND fetched_at <= ? ORDER BY id DESC LIMIT 1",
            [source_id, snapshot_id, verdict_at],
        ).fetchone()
        if baseline is None:
            return None, None
        if baseline[1] != snapshot.sha256:
            return SOURCE_CHANGED, f"snapshot {baseline[0]} → {snapshot_id}"
        return None, None

    def source_flags(self, claim_id: int) -> list[SourceFlag]:
        """Flags on the claim's verdict in force (none once a new verdict is given)."""
        rows = self.query(
            "SELECT f.id, f.source_id, f.verdict_id, f.snapshot_id, f.flag, f.detail,"
            " f.created_at FROM source_flags f"
            " WHERE f.verdict_id = (SELECT id FROM verdicts WHERE claim_id = ?"
            "   ORDER BY id DESC LIMIT 1)"
            " ORDER BY f.id",
            [claim_id],
        )
        return [SourceFlag(**row) for row in rows]
