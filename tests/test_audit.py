"""The audit log: every change with who, when, before and after; append-only by
trigger; ``workbench log`` filters; and the live-update cursor."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_team_fixtures import open_as, seed_claims
from workbench.cli import cli
from workbench.errors import WorkbenchError
from workbench.identity import reviewer_name
from workbench.timestamps import normalise_since


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def test_each_change_is_logged_with_who_before_and_after(db_path: Path) -> None:
    first, second = seed_claims(db_path, 2)
    alice, bob = open_as(db_path, "alice"), open_as(db_path, "bob")
    v1 = alice.add_verdict(first, "True", "looks right")
    v2 = bob.add_verdict(first, "False")
    bob.undo_verdict(first)  # only the author of a verdict may undo it
    bob.add_source(second, "https://example.org/report", note="primary")
    alice.set_review_settings(two_person=True)
    changes = list(bob.audit_log())
    assert [(c.reviewer, c.action) for c in changes] == [
        (reviewer_name(), "article.import"),
        ("alice", "verdict"), ("bob", "verdict"), ("bob", "undo"),
        ("bob", "source.add"), ("alice", "setting"),
    ]
    verdict, overwrite, undo, source, setting = changes[1:]
    assert verdict.before is None and verdict.after["label"] == "True"
    assert overwrite.before == {"verdict_id": v1, "label": "True", "reviewer": "alice"}
    assert overwrite.after["verdict_id"] == v2 and overwrite.after["label"] == "False"
    assert undo.before["label"] == "False" and undo.after["label"] == "True"
    assert source.claim_id == second and source.after["url"] == "https://example.org/report"
    assert setting.before == {"two_person_review": "off"}
    assert setting.after == {"two_person_review": "on"}


def test_the_log_is_append_only_even_for_raw_sql(db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    alice = open_as(db_path, "alice")
    alice.set_review_settings(two_person=True)
    alice.add_verdict(claim, "True")
    open_as(db_path, "bob").approve_verdict(claim, "True")
    conn = sqlite3.connect(db_path)
    for sql in ("UPDATE audit_log SET reviewer = 'mallory'", "DELETE FROM audit_log",
                "UPDATE reviews SET label = 'x'", "DELETE FROM reviews"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(sql)
    conn.close()


def test_changes_outside_workbench_are_logged_but_never_blamed_on_a_reviewer(
        db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    alice = open_as(db_path, "alice")
    alice.add_source(claim, "https://a.example/")
    conn = sqlite3.connect(db_path)  # someone with the sqlite3 shell
    conn.execute("UPDATE sources SET url = 'https://b.example/'")
    conn.commit()
    conn.close()
    with alice.write() as conn:  # a workbench edit names its writer
        conn.execute("DELETE FROM sources")
    edit, removal = list(alice.audit_log())[-2:]
    assert (edit.action, edit.reviewer) == ("source.edit", "(outside workbench)")
    assert edit.before["url"] == "https://a.example/" and edit.after["url"] == "https://b.example/"
    assert (removal.action, removal.reviewer, removal.after) == ("source.remove", "alice", None)
    assert alice.conn.execute("SELECT count(*) FROM audit_actor").fetchone()[0] == 0


def test_cli_log_filters_by_claim_reviewer_and_date(db_path: Path) -> None:
    first, second = seed_claims(db_path, 2)
    alice, bob = open_as(db_path, "alice"), open_as(db_path, "bob")
    alice.add_verdict(first, "True")
    bob.add_verdict(second, "False")
    bob.add_verdict(first, "Half true")
    by_claim = run(db_path, "log", "--claim", str(first)).output.splitlines()
    assert len(by_claim) == 2
    assert "alice" in by_claim[0] and "— → True" in by_claim[0]
    assert "True by alice → Half true" in by_claim[1]
    by_bob = [json.loads(line) for line in
              run(db_path, "log", "--reviewer", "bob", "--json").output.splitlines()]
    assert [(c["claim_id"], c["after"]["label"]) for c in by_bob] == [
        (second, "False"), (first, "Half true")]
    assert run(db_path, "log", "--since", "2999-01-01").output.strip() == "no changes match"
    assert len(run(db_path, "log", "--since", "2000-01-01").output.splitlines()) == 4


@pytest.mark.parametrize("args", [["--since", "last tuesday"], ["--claim", "999"],
                                  ["--claim", "x"]])
def test_cli_log_bad_input_is_one_line(db_path: Path, args: list[str]) -> None:
    seed_claims(db_path, 1)
    result = run(db_path, "log", *args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].lower().startswith("error")


def test_since_accepts_dates_and_times_in_any_zone() -> None:
    assert normalise_since("2025-11-26") == "2025-11-26T00:00:00Z"
    assert normalise_since("2025-11-26T10:30+02:00") == "2025-11-26T08:30:00Z"
    with pytest.raises(WorkbenchError):
        normalise_since("26/11/2025")


def test_changes_since_is_a_cursor_for_live_views(db_path: Path) -> None:
    first, second = seed_claims(db_path, 2)
    viewer, alice = open_as(db_path, "viewer"), open_as(db_path, "alice")
    cursor = viewer.latest_change_id()
    version = viewer.data_version()
    assert viewer.changes_since(cursor) == ([], cursor)
    alice.add_verdict(second, "False")
    assert viewer.data_version() != version
    changes, cursor = viewer.changes_since(cursor)
    assert [(c.claim_id, c.after["label"]) for c in changes] == [(second, "False")]
    assert viewer.changes_since(cursor) == ([], cursor)
