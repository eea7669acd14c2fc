"""Blind two-person review hides a colleague's pending verdict everywhere this reviewer
looks: the audit log (text and JSON), the CSV export, and the matching corpus (which
only holds published verdicts in two-person mode). The CLI runs as the OS account;
the colleague is a store opened with the test-only ``_reviewer`` seam."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_team_fixtures import open_as, seed_claims
from workbench.cli import cli
from workbench.errors import WorkbenchError
from workbench.matching.service import match_text
from workbench.store import Store
from workbench.store.connection import migrations

SECRET_NOTE = "ministry figures differ"


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def blind(db_path: Path):
    """Two-person blind review; alice's 'False' on the first claim is pending."""
    ids = seed_claims(db_path, 3)
    alice = open_as(db_path, "alice")
    alice.set_review_settings(two_person=True, blind=True)
    alice.add_verdict(ids[0], "False", SECRET_NOTE)
    yield ids, alice
    alice.close()


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_log_hides_a_pending_verdict_from_another_reviewer(db_path: Path, blind) -> None:
    (claim, *_), _ = blind
    text = run(db_path, "log", "--claim", str(claim))
    assert text.exit_code == 0, text.output
    assert "False" not in text.output and "(blind)" in text.output
    as_json = run(db_path, "log", "--claim", str(claim), "--json")
    assert as_json.exit_code == 0, as_json.output
    assert "False" not in as_json.output and SECRET_NOTE not in as_json.output
    entry = json.loads(as_json.output.splitlines()[-1])
    assert entry["after"]["label"] == "(blind)" and entry["hidden"] is True
    # The whole log (no --claim) masks it too.
    assert SECRET_NOTE not in run(db_path, "log", "--json").output


def test_log_shows_the_verdict_to_its_author_and_after_the_second_review(
        db_path: Path, blind) -> None:
    (claim, *_), alice = blind
    [own] = [c for c in alice.audit_log(claim_id=claim) if c.action == "verdict"]
    assert own.after["label"] == "False" and own.after["note"] == SECRET_NOTE
    assert run(db_path, "approve", str(claim), "true").exit_code == 0  # mine entered
    shown = run(db_path, "log", "--claim", str(claim)).output
    assert "False" in shown and "(blind)" not in shown


def test_log_of_an_open_mode_pending_verdict_is_shown(db_path: Path, blind) -> None:
    (claim, *_), alice = blind
    alice.set_review_settings(blind=False)
    assert "False" in run(db_path, "log", "--claim", str(claim)).output


def test_csv_export_masks_a_hidden_verdict(db_path: Path, blind) -> None:
    (claim, other, _), alice = blind
    bob = open_as(db_path, "bob")
    bob.add_verdict(other, "True", "bob's own")  # pending, but bob's
    rows = {int(r["claim_id"]): r for r in _csv(run(db_path, "export", "csv").stdout)}
    hidden = rows[claim]
    assert hidden["verdict"] == "(blind)"
    assert SECRET_NOTE not in hidden.values() and "alice" not in hidden.values()
    assert hidden["status"] == "reviewed" and hidden["approved_by"] == ""
    assert rows[other]["verdict"] == "(blind)"  # bob's, hidden from the CLI user too
    # The filter by label does not reveal it either.
    assert _csv(run(db_path, "export", "csv", "--verdict", "false").stdout) == []
    # Seen by its author, and through the store API used by the TUI export.
    mine = {r["claim_id"]: r for r in alice.export_rows()}
    assert mine[claim]["verdict"] == "False" and mine[claim]["verdict_note"] == SECRET_NOTE
    assert {r["claim_id"]: r["verdict"] for r in bob.export_rows()}[claim] == "(blind)"
    assert {r["claim_id"]: r["verdict"] for r in bob.export_rows()}[other] == "True"
    bob.close()


def test_csv_export_after_publication_shows_everything(db_path: Path, blind) -> None:
    (claim, *_), _ = blind
    bob = open_as(db_path, "bob")
    bob.approve_verdict(claim, "False")
    rows = {int(r["claim_id"]): r for r in _csv(run(db_path, "export", "csv").stdout)}
    assert rows[claim]["verdict"] == "False" and rows[claim]["approved_by"] == "bob"
    published = _csv(run(db_path, "export", "csv", "--status", "published").stdout)
    assert [int(r["claim_id"]) for r in published] == [claim]
    bob.close()


def _corpus_verdict(store: Store, claim_id: int) -> str | None:
    corpus_id = store.corpus_id_of_claim(claim_id)
    if corpus_id is None:
        return None
    entry = store.corpus_entries([corpus_id]).get(corpus_id)  # active rows only
    return entry.verdict if entry else None


def test_a_pending_verdict_stays_out_of_the_corpus_until_published(db_path: Path,
                                                                   blind) -> None:
    (claim, other, third), alice = blind
    assert _corpus_verdict(alice, claim) is None
    assert match_text(alice, "Report 0 says 3 people attended the talks") == []
    assert alice.corpus_id_of_claim(claim) is None  # never entered: nothing to reuse
    bob, carol = open_as(db_path, "bob"), open_as(db_path, "carol")
    bob.approve_verdict(claim, "False")
    assert _corpus_verdict(alice, claim) == "False"
    assert [m.claim_id for m in match_text(alice, "Report 0 says 3 people attended")][:1] \
        == [claim]
    corpus_id = alice.corpus_id_of_claim(claim)
    assert corpus_id is not None
    carol.reuse_verdict(third, corpus_id)  # published: may be reused
    assert alice.verdict_history(third)[-1].label == "False"
    # A new verdict on a published claim takes it out until it is published again.
    alice.add_verdict(claim, "True")
    assert _corpus_verdict(alice, claim) is None
    # A dispute stays out; the third reviewer's resolution goes in.
    bob.approve_verdict(claim, "False")
    assert _corpus_verdict(alice, claim) is None
    carol.resolve_dispute(claim, "Mostly false")
    assert _corpus_verdict(alice, claim) == "Mostly false"
    bob.close()
    carol.close()


def test_reuse_of_an_unpublished_claim_row_is_refused_even_if_the_corpus_says_otherwise(
        db_path: Path, blind) -> None:
    """reuse_verdict checks the origin's review state itself, not only the corpus row."""
    (claim, other, _), alice = blind
    alice.set_review_settings(two_person=False)  # published at once: into the corpus
    corpus_id = alice.corpus_id_of_claim(claim)
    assert corpus_id is not None and _corpus_verdict(alice, claim) == "False"
    alice.set_review_settings(two_person=True)  # pending again: out of the corpus
    assert _corpus_verdict(alice, claim) is None
    bob = open_as(db_path, "bob")
    with pytest.raises(WorkbenchError, match="not published") as err:
        bob.reuse_verdict(other, corpus_id)
    assert "\n" not in str(err.value)
    assert bob.verdict_history(other) == []
    bob.close()


def test_single_person_mode_keeps_the_corpus_as_before(db_path: Path) -> None:
    first, second = seed_claims(db_path, 2)
    store = open_as(db_path, "alice")
    store.add_verdict(first, "False")
    assert _corpus_verdict(store, first) == "False"
    corpus_id = store.corpus_id_of_claim(first)
    assert corpus_id is not None
    store.reuse_verdict(second, corpus_id)
    store.undo_verdict(first)
    assert _corpus_verdict(store, first) is None
    store.close()


def test_migration_007_clears_unpublished_labels_of_an_existing_two_person_database(
        db_path: Path) -> None:
    """A database made before 007 (two-person on) holds the pending label 002's trigger
    copied into the corpus; opening it with 007 takes that label out, keeps published."""
    conn = sqlite3.connect(db_path)
    for number, path in migrations():
        if number < 7:
            conn.executescript(path.read_text(encoding="utf-8")
                               + f"\nPRAGMA user_version = {number};")
    conn.executescript("""
        INSERT INTO articles (text, sha256, imported_by, imported_at)
            VALUES ('A. B.', 'x', 'alice', '2025-01-01T00:00:00Z');
        INSERT INTO claims (article_id, ordinal, text, start, "end", kinds, score, reasons,
                            "values") VALUES
            (1, 1, 'Pending claim here.', 0, 2, '[]', 0.5, '[]', '{}'),
            (1, 2, 'Published claim here.', 3, 5, '[]', 0.5, '[]', '{}');
        UPDATE team_settings SET value = 'on' WHERE key = 'two_person_review';
        INSERT INTO verdicts (claim_id, label, reviewer, created_at) VALUES
            (1, 'False', 'alice', '2025-01-01T00:00:00Z'),
            (2, 'True', 'alice', '2025-01-01T00:00:00Z');
        INSERT INTO reviews (claim_id, verdict_id, kind, label, reviewer, created_at)
            VALUES (2, 2, 'second', 'True', 'bob', '2025-01-02T00:00:00Z');
    """)
    assert conn.execute("SELECT count(verdict) FROM corpus").fetchone()[0] == 2  # the leak
    conn.close()
    store = open_as(db_path, "carol")
    assert store.schema_version == migrations()[-1][0]
    assert _corpus_verdict(store, 1) is None
    assert _corpus_verdict(store, 2) == "True"
    store.close()


@pytest.mark.parametrize("two_person", [False, True])
@pytest.mark.parametrize("blind_on", [False, True])
@pytest.mark.parametrize("author", ["alice", "bob"])
@pytest.mark.parametrize("reviewed", [False, True])
def test_state_log_and_export_apply_one_rule(db_path: Path, two_person: bool,
                                             blind_on: bool, author: str,
                                             reviewed: bool) -> None:
    """Every combination of the settings, the verdict's author and a second review:
    the review state, the audit log and the CSV export hide it from bob alike, and
    exactly when workbench.store.blind says so."""
    [claim] = seed_claims(db_path, 1)
    by = open_as(db_path, author)
    by.add_verdict(claim, "False", SECRET_NOTE)
    by.close()
    carol = open_as(db_path, "carol")
    carol.set_review_settings(two_person=True)
    if reviewed:
        carol.approve_verdict(claim, "False")
    carol.set_review_settings(two_person=two_person, blind=blind_on)
    carol.close()
    bob = open_as(db_path, "bob")
    try:
        expected = two_person and blind_on and author != "bob" and not reviewed
        state = bob.review_state(claim)
        verdict_entries = [c for c in bob.audit_log(claim_id=claim) if c.entity == "verdicts"]
        [row] = list(bob.export_rows())
        assert state.hidden is expected
        assert verdict_entries and {c.hidden for c in verdict_entries} == {expected}
        assert (row["verdict"] == "(blind)") is expected
        assert (row["verdict_note"] is None) is expected
    finally:
        bob.close()
