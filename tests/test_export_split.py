"""A CSV export split across processes: same bytes as one process, one snapshot.

Real helper processes (``python -m workbench.csv_export_worker``) on a real
database file; the consistency test runs a real writer thread against it.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.test_export_fixtures import add_article, db_rows, run
from tests.test_tui_support import colleague_verdict
from workbench import csv_export
from workbench.errors import WorkbenchError
from workbench.store import Store
from workbench.store import connection as store_connection
from workbench.store.export import ExportQuery
from workbench.store.snapshots import SnapshotData

ARTICLES, PER_ARTICLE = 3, 120


@pytest.fixture
def big_db(db_path: Path) -> Path:
    """Three articles of 120 claims: verdicts (two hostile), a drifted source, a
    confirmed match, and a colleague's pending verdicts under blind review."""
    store = Store(db_path, _reviewer="alice")
    ids: list[int] = []
    for a in range(ARTICLES):
        ids += add_article(store, [f"Turnout was {a}{i} percent in 2024." for i in
                                   range(PER_ARTICLE)], title=f"Article {a}",
                           url=f"https://news.example/{a}")
    store.add_verdict(ids[0], "False", "=HYPERLINK(\"http://evil.example\")")
    store.add_verdict(ids[-1], "True", "-4 percent, \"not\" 9,\r\nper the registry")
    source, _ = store.add_source_with_snapshot(
        ids[200], "https://stats.example/t", "official", None,
        SnapshotData(requested_url="https://stats.example/t", outcome="extracted",
                     sha256="a" * 64, text="61 percent"))
    store.add_verdict(ids[200], "Mostly true", "Figure is 60.8 percent")
    store.record_refresh(source, SnapshotData(
        requested_url="https://stats.example/t", outcome="extracted", sha256="b" * 64,
        text="58 percent"))
    corpus_id = store.corpus_id_of_claim(ids[0])
    assert corpus_id is not None
    store.confirm_match(ids[300], corpus_id, "same", 0.9)
    store.set_review_settings(two_person=True, blind=True)
    store.close()
    for claim_id in ids[5::40]:  # in every part of a split into two or three
        colleague_verdict(db_path, "erin", claim_id, "Half true")
    return db_path


def export_to(path: Path, db: Path, **kwargs: object) -> int:
    store = Store(db, _reviewer="alice")
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            return csv_export.export_csv(store, handle, **kwargs)
    finally:
        store.close()


@pytest.mark.parametrize("jobs", [2, 3, 7])
@pytest.mark.parametrize("options", [
    {}, {"bom": True}, {"article_id": 2}, {"status": "reviewed"}, {"verdict": "False"},
    {"since": "2000-01-01"},
])
def test_split_export_is_byte_for_byte_one_process(big_db: Path, tmp_path: Path,
                                                   jobs: int, options: dict) -> None:
    one, split = tmp_path / "one.csv", tmp_path / "split.csv"
    count = export_to(one, big_db, jobs=1, **options)
    assert export_to(split, big_db, jobs=jobs, scratch_dir=tmp_path, **options) == count
    assert split.read_bytes() == one.read_bytes()
    assert len(one.read_bytes().splitlines()) >= 2  # the selection is not empty
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("workbench.db"))
    assert left == ["one.csv", "split.csv"]  # the helpers' parts had no names


def test_split_keys_cut_the_claims_into_equal_runs(big_db: Path) -> None:
    store = Store(big_db)
    total = ARTICLES * PER_ARTICLE
    keys = store.export_split_keys(None, 3)
    assert keys == [(1, 120), (2, 120)]
    assert store.export_split_keys(2, 4) == [(2, 30), (2, 60), (2, 90)]
    assert store.export_split_keys(None, 2, min_claims=total + 1) == []
    assert store.export_split_keys(None, 1) == []
    one_each = store.export_split_keys(None, total + 50)  # more parts than claims
    assert len(one_each) == total - 1 and one_each == sorted(set(one_each))
    store.close()


def test_small_exports_stay_in_one_process_unless_asked(big_db: Path) -> None:
    # Below SPLIT_MIN_CLAIMS the default makes no split keys at all.
    store = Store(big_db)
    assert store.export_split_keys(None, 2, min_claims=csv_export.SPLIT_MIN_CLAIMS) == []
    store.close()


def test_every_part_reads_one_snapshot_while_reviewers_write(big_db: Path,
                                                             tmp_path: Path) -> None:
    """A colleague flips blind review on and off, commit after commit, while the
    export runs in three processes. Blind review hides erin's pending verdicts from
    alice in every row at once, so a file mixing "(blind)" and "Half true" would
    have read two states of the database."""
    stop = threading.Event()
    flips = [0]

    def flip() -> None:
        writer = Store(big_db, _reviewer="bob")
        try:
            while not stop.is_set():
                writer.set_review_settings(blind=flips[0] % 2 == 0)
                flips[0] += 1
        finally:
            writer.close()

    thread = threading.Thread(target=flip)
    thread.start()
    try:
        while flips[0] < 5 and thread.is_alive():
            stop.wait(0.01)
        assert thread.is_alive(), "the writer stopped"
        for attempt in range(6):
            out = tmp_path / f"export-{attempt}.csv"
            export_to(out, big_db, jobs=3)
            with out.open(encoding="utf-8", newline="") as handle:
                erins = {row["verdict"] for row in csv.DictReader(handle)
                         if row["verdict"] in ("Half true", "(blind)")}
            assert len(erins) == 1, (attempt, erins)
    finally:
        stop.set()
        thread.join()
    assert flips[0] > 10


def test_busy_writers_make_it_one_process_not_a_failure(
        big_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A colleague's write transaction holds the lock longer than the gate waits:
    # the export does not wait for it, and reads (WAL) in one process instead.
    monkeypatch.setattr(store_connection, "SNAPSHOT_GATE_S", 0.2)
    one, split = tmp_path / "one.csv", tmp_path / "split.csv"
    export_to(one, big_db, jobs=1)
    holder = Store(big_db, _reviewer="bob")
    try:
        with holder.write():
            export_to(split, big_db, jobs=2)
    finally:
        holder.close()
    assert split.read_bytes() == one.read_bytes()


def test_a_helper_that_cannot_start_makes_it_one_process(big_db: Path,
                                                          tmp_path: Path) -> None:
    one, split = tmp_path / "one.csv", tmp_path / "split.csv"
    export_to(one, big_db, jobs=1)
    export_to(split, big_db, jobs=2, scratch_dir=tmp_path / "no-such-dir")
    assert split.read_bytes() == one.read_bytes()


def test_a_helper_failing_midway_is_one_line_and_leaves_nothing(big_db: Path) -> None:
    # A real SQLite error in the helper's statement, after it joined the snapshot.
    helper = csv_export._Helper(big_db, ExportQuery("SELECT abs(-9223372036854775807 - 1)",
                                                    {}), None)
    try:
        helper.wait_ready()
        with pytest.raises(WorkbenchError, match=r"^export failed: OperationalError: "
                                                 r"integer overflow$"):
            helper.append_to(io.BytesIO())
    finally:
        helper.close()
    assert helper.proc.returncode == 1 and helper.part.closed


def test_cli_jobs_to_a_file_and_to_stdout(big_db: Path, tmp_path: Path) -> None:
    before = db_rows(big_db)
    one, split = tmp_path / "one.csv", tmp_path / "split.csv"
    assert run(big_db, "export", "csv", "--jobs", "1", "-o", str(one)).exit_code == 0
    result = run(big_db, "export", "csv", "--jobs", "3", "-o", str(split))
    assert result.exit_code == 0
    assert result.stderr == f"exported {ARTICLES * PER_ARTICLE} claims to {split}\n"
    assert split.read_bytes() == one.read_bytes()
    # stdout of a real process (a pipe): the helpers' parts are appended to it too.
    piped = subprocess.run(
        [sys.executable, "-c", "from workbench.cli import main; main()", "--db", str(big_db),
         "export", "csv", "--jobs", "2"], capture_output=True, check=True, timeout=120)
    assert piped.stdout == one.read_bytes() and piped.stderr == b""
    assert db_rows(big_db) == before


@pytest.mark.parametrize("jobs", ["0", "-1", "x", "65"])
def test_cli_refuses_bad_jobs_in_one_line(big_db: Path, jobs: str) -> None:
    before = db_rows(big_db)
    result = run(big_db, "export", "csv", "--jobs", jobs)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "--jobs" in result.stderr
    assert db_rows(big_db) == before


def test_the_header_names_the_columns_the_sql_selects(big_db: Path) -> None:
    # Rows are tuples: the CSV header (EXPORT_COLUMNS) must be the select list's order.
    store = Store(big_db)
    first = next(store.export_rows())
    store.close()
    assert tuple(first) == csv_export.COLUMNS
