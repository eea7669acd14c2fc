"""The store on a real SQLite file: schema, migrations, transactions, history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.errors import DuplicateArticle, WorkbenchError
from workbench.extraction.model import ExtractedClaim
from workbench.store import open_store
from workbench.store.connection import migrations


def _claim(ordinal: int, text: str, start: int = 0) -> ExtractedClaim:
    return ExtractedClaim(
        ordinal=ordinal, text=text, start=start, end=start + len(text), kinds=("quantity",),
        score=0.5, reasons=("number: 4",),
        values={"quantities": [{"value": 4}], "ordinals": [], "dates": [], "speaker": None,
                "quotes": [], "places": [], "negated": False},
    )


def _article(store, text: str = "Four people were killed on Monday.") -> int:
    return store.insert_article(text, [_claim(1, text)], title="t", published="2025-11-08")


def test_new_database_is_migrated_to_the_latest_version(db_path: Path) -> None:
    store = open_store(db_path)
    assert store.schema_version == migrations()[-1][0]
    tables = set(store.db.table_names())
    assert {"articles", "claims", "sources", "verdicts", "claims_fts"} <= tables
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    open_store(db_path).close()
    store = open_store(db_path)
    assert store.schema_version == migrations()[-1][0]


def test_database_newer_than_the_code_is_refused(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(WorkbenchError, match="newer than this workbench"):
        open_store(db_path)


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some notes, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(WorkbenchError, match="not a workbench database"):
        open_store(path)
    assert path.read_bytes() == before


def test_someone_elses_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE orders (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(WorkbenchError, match="not a workbench one"):
        open_store(path)


def test_article_and_claims_round_trip(db_path: Path) -> None:
    store = open_store(db_path)
    article_id = _article(store)
    [claim] = list(store.claims(article_id))
    assert claim.text == "Four people were killed on Monday."
    assert claim.kinds == ["quantity"]
    assert claim.values["quantities"] == [{"value": 4}]
    assert claim.status == "unreviewed" and claim.verdict is None
    article = store.article(article_id)
    assert (article.claim_count, article.reviewed_count) == (1, 0)
    assert article.imported_by == store.reviewer


def test_reimport_is_refused_with_the_existing_id_and_writes_nothing(db_path: Path) -> None:
    store = open_store(db_path)
    article_id = _article(store)
    with pytest.raises(DuplicateArticle) as err:
        _article(store)
    assert err.value.article_id == article_id
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert store.conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 1


def test_verdict_history_is_append_only_and_undo_keeps_both(db_path: Path) -> None:
    store = open_store(db_path)
    claim_id = next(store.claims(_article(store))).id
    store.add_verdict(claim_id, "True", "matches the ministry's figures")
    store.add_verdict(claim_id, "False", "the ministry corrected itself")
    assert store.claim(claim_id).verdict == "False"
    undo = store.undo_verdict(claim_id)
    assert undo.label == "True" and undo.undoes is not None
    assert store.claim(claim_id).verdict == "True"
    store.undo_verdict(claim_id)
    claim = store.claim(claim_id)
    assert claim.verdict is None and claim.status == "unreviewed"
    with pytest.raises(WorkbenchError, match="no verdict to undo"):
        store.undo_verdict(claim_id)
    history = store.verdict_history(claim_id)
    assert [h.label for h in history] == ["True", "False", "True", None]
    assert all(h.reviewer == store.reviewer for h in history)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("UPDATE verdicts SET label = 'True'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("DELETE FROM verdicts")


def test_verdict_on_unknown_claim_writes_nothing(db_path: Path) -> None:
    store = open_store(db_path)
    with pytest.raises(WorkbenchError, match="no claim with id 42"):
        store.add_verdict(42, "True")
    assert store.conn.execute("SELECT count(*) FROM verdicts").fetchone()[0] == 0


def test_sources_are_attached_with_who_added_them(db_path: Path) -> None:
    store = open_store(db_path)
    claim_id = next(store.claims(_article(store))).id
    store.add_source(claim_id, "https://example.org/report", note="ministry", quote="four killed")
    [source] = store.sources(claim_id)
    assert source.url == "https://example.org/report"
    assert source.quote == "four killed" and source.added_by == store.reviewer


def test_full_text_search_across_articles(db_path: Path) -> None:
    store = open_store(db_path)
    _article(store, "Four people were killed on Monday.")
    _article(store, "Talks in Istanbul ended in deadlock.")
    found = [c.text for c in store.search_page("istanbul DEADLOCK")]
    assert found == ["Talks in Istanbul ended in deadlock."]
    assert store.count_search("istanbul DEADLOCK") == 1
    # FTS5 syntax in user input is treated as words, never as a query language.
    assert store.search_page('" OR NEAR( * killed') == []
    assert store.count_search('" OR NEAR( * killed') == 0
    assert store.search_page("!!!") == []
    assert store.count_search("!!!") == 0


def test_write_transaction_rolls_back_on_error(db_path: Path) -> None:
    store = open_store(db_path)
    with pytest.raises(RuntimeError), store.write() as conn:
        conn.execute("INSERT INTO articles (text, sha256, imported_by, imported_at)"
                     " VALUES ('x', 'y', 'z', 'now')")
        raise RuntimeError("boom")
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert not store.conn.in_transaction


def _open_at_barrier(path: str, barrier) -> str:  # noqa: ANN001 - multiprocessing.Barrier
    barrier.wait()
    try:
        open_store(path).close()
    except Exception as err:  # reported to the parent, which asserts on it
        return f"{type(err).__name__}: {err}"
    return "ok"


def test_reviewers_opening_a_new_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    """Migrations re-read the version under the write lock: no 'table already exists'."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    path = str(tmp_path / "fresh.db")
    with context.Manager() as manager:
        barrier = manager.Barrier(4)
        with context.Pool(4) as pool:
            results = pool.starmap(_open_at_barrier, [(path, barrier)] * 4)
    assert results == ["ok"] * 4
    store = open_store(path)
    assert store.schema_version == migrations()[-1][0]
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sql_statements_keeps_triggers_whole() -> None:
    from workbench.store.connection import sql_statements

    script = """-- header; with a semicolon
CREATE TABLE t (x);
CREATE TRIGGER t_guard BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no; never'); END;
-- trailing comment; too
"""
    statements = sql_statements(script)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
