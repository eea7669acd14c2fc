"""Undo: a reviewer undoes only their own verdict, guarded like a verdict
(``expected_verdict_id``), and an undo never lets a reviewer second their own verdict."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.test_team_fixtures import open_as, seed_claims
from workbench.errors import WorkbenchError
from workbench.store import VerdictConflict
from workbench.store.snapshots import SnapshotData


@pytest.fixture
def team(db_path: Path):
    ids = seed_claims(db_path, 2)
    stores = {name: open_as(db_path, name) for name in ("alice", "bob", "carol")}
    yield ids, stores
    for store in stores.values():
        store.close()


def test_nobody_undoes_a_colleagues_verdict(team) -> None:
    (claim, _), s = team
    s["alice"].add_verdict(claim, "False")
    with pytest.raises(WorkbenchError, match="alice") as err:
        s["carol"].undo_verdict(claim)
    assert "\n" not in str(err.value)
    assert [v.label for v in s["alice"].verdict_history(claim)] == ["False"]


def test_undo_cannot_make_a_reviewer_second_their_own_verdict(team) -> None:
    (claim, _), s = team
    s["alice"].set_review_settings(two_person=True)
    s["alice"].add_verdict(claim, "False")
    s["bob"].add_verdict(claim, "True")
    with pytest.raises(WorkbenchError, match="alice"):
        s["bob"].undo_verdict(claim)  # it would put alice's verdict back under bob's name
    state = s["carol"].review_state(claim)
    assert (state.label, state.reviewer, state.state) == ("True", "bob", "pending")
    # bob's True stands: alice's False is a disagreement, not a second of her own.
    assert s["alice"].approve_verdict(claim, "False").state == "disputed"


def test_in_two_person_mode_a_reviewer_undoes_back_to_their_own_verdict(team) -> None:
    (claim, _), s = team
    s["alice"].set_review_settings(two_person=True)
    s["alice"].add_verdict(claim, "False")
    s["alice"].add_verdict(claim, "True")
    restored = s["alice"].undo_verdict(claim)
    assert (restored.label, restored.reviewer) == ("False", "alice")
    with pytest.raises(WorkbenchError, match="second reviewer"):
        s["alice"].approve_verdict(claim, "False")
    assert s["bob"].approve_verdict(claim, "False").state == "published"
    # And withdrawing one's only verdict is always allowed.
    (_, other) = team[0]
    s["bob"].add_verdict(other, "True")
    assert s["bob"].undo_verdict(other).label is None


def test_single_person_mode_undo_restores_a_colleagues_verdict(team) -> None:
    (claim, _), s = team
    s["alice"].add_verdict(claim, "False")
    s["bob"].add_verdict(claim, "True")
    assert s["bob"].undo_verdict(claim).label == "False"
    with pytest.raises(WorkbenchError, match="alice"):
        s["bob"].undo_verdict(claim)  # alice's own, now on top again


def test_undo_checks_the_expected_verdict(team) -> None:
    (claim, _), s = team
    first = s["alice"].add_verdict(claim, "False")
    second = s["alice"].add_verdict(claim, "True")
    with pytest.raises(VerdictConflict) as err:
        s["alice"].undo_verdict(claim, expected_verdict_id=first)
    assert err.value.current_id == second
    assert len(s["alice"].verdict_history(claim)) == 2
    assert s["alice"].undo_verdict(claim, expected_verdict_id=second).label == "False"


def test_undo_of_a_resolution_is_the_resolvers_own(team) -> None:
    (claim, _), s = team
    s["alice"].set_review_settings(two_person=True)
    s["alice"].add_verdict(claim, "False")
    s["bob"].approve_verdict(claim, "True")
    s["carol"].resolve_dispute(claim, "Mostly false")
    with pytest.raises(WorkbenchError, match="carol"):
        s["alice"].undo_verdict(claim)
    with pytest.raises(WorkbenchError, match="alice"):
        s["carol"].undo_verdict(claim)  # it would restore alice's verdict as carol's


def test_source_flags_are_append_only(db_path: Path, team) -> None:
    (claim, _), s = team
    url = "https://stats.example/turnout"
    source, _ = s["alice"].add_source_with_snapshot(
        claim, url, None, None,
        SnapshotData(requested_url=url, outcome="extracted", sha256="a" * 64, text="61"))
    s["alice"].add_verdict(claim, "True")
    s["alice"].record_refresh(source, SnapshotData(
        requested_url=url, outcome="extracted", sha256="b" * 64, text="58"))
    assert len(s["alice"].source_flags(claim)) == 1
    conn = sqlite3.connect(db_path)
    for sql in ("UPDATE source_flags SET flag = 'source gone'", "DELETE FROM source_flags"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(sql)
    conn.close()
