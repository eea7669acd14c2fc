"""Many writers on one file, with real processes: nothing lost, no "database is
locked", conflicts detected, crashes survived, other processes' commits seen.

Sizes are modest to keep the suite fast; ``bench/concurrency_stress.py`` runs the
full 16 × 500 and records throughput and lock waits.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_team_fixtures import open_as, seed_claims
from workbench.errors import WorkbenchError
from workbench.store import VerdictConflict

ROOT = Path(__file__).resolve().parent.parent
CHILD_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
CLI = [sys.executable, "-c", "from workbench.cli import main; main()"]
LABELS = ("True", "Mostly true", "Half true", "Mostly false", "False")


def _writer(db: str, worker: int, writes: int, claims: list[int], barrier, results) -> None:
    """Read-then-write: look at the claim's history, then append a verdict."""
    errors = []
    store = open_as(Path(db), f"reviewer{worker}")
    barrier.wait()
    for i in range(writes):
        claim = claims[(worker + i) % len(claims)]
        try:
            store.verdict_history(claim)
            store.add_verdict(claim, LABELS[i % len(LABELS)], f"w{worker}-{i}")
        except Exception as err:  # noqa: BLE001 — every failure is counted, none hidden
            errors.append(repr(err))
    results.put((worker, errors, store.max_lock_wait))
    store.close()


def _run_workers(target, db: Path, workers: int, *args) -> list[tuple]:
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(workers), ctx.Queue()
    procs = [ctx.Process(target=target, args=(str(db), w, *args, barrier, results))
             for w in range(workers)]
    for p in procs:
        p.start()
    out = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    return out


def test_eight_processes_writing_lose_nothing_and_fail_never(db_path: Path) -> None:
    workers, writes = 8, 100
    claims = seed_claims(db_path, 5)
    results = _run_workers(_writer, db_path, workers, writes, claims)
    assert [e for _, e, _ in results if e] == []
    store = open_as(db_path, "checker")
    rows = [v for c in claims for v in store.verdict_history(c)]
    assert len(rows) == workers * writes
    notes = {v.note for v in rows}
    assert notes == {f"w{w}-{i}" for w in range(workers) for i in range(writes)}
    for w in range(workers):  # each writer's rows: its own name, in its own order
        mine = sorted((v for v in rows if v.reviewer == f"reviewer{w}"), key=lambda v: v.id)
        assert [v.note for v in mine] == [f"w{w}-{i}" for i in range(writes)]
    assert sum(1 for c in store.audit_log() if c.action == "verdict") == workers * writes
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _optimist(db: str, worker: int, writes: int, claim: int, barrier, results) -> None:
    """Set one contested claim, always expecting the verdict just read; on a
    conflict, re-read and try again (what the TUI's dialog does, automated)."""
    store = open_as(Path(db), f"reviewer{worker}")
    conflicts, errors = 0, []
    barrier.wait()
    for i in range(writes):
        while True:
            history = store.verdict_history(claim)
            expected = history[-1].id if history else 0
            try:
                store.add_verdict(claim, "True", f"w{worker}-{i}", expected_verdict_id=expected)
                break
            except VerdictConflict:
                conflicts += 1
            except Exception as err:  # noqa: BLE001
                errors.append(repr(err))
                break
    results.put((worker, errors, conflicts))
    store.close()


def test_optimistic_writers_on_one_claim_form_an_unbroken_chain(db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    results = _run_workers(_optimist, db_path, 4, 50, claim)
    assert [e for _, e, _ in results if e] == []
    store = open_as(db_path, "checker")
    history = store.verdict_history(claim)
    assert len(history) == 200
    # Every write saw the one before it: no update was made blind to another.
    logged = [c for c in store.audit_log(claim_id=claim)]
    previous = [c.before["verdict_id"] if c.before else None for c in logged]
    assert previous == [None] + [v.id for v in history[:-1]]


def test_second_writer_with_a_stale_view_gets_a_conflict_not_an_overwrite(
        db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    alice, bob = open_as(db_path, "alice"), open_as(db_path, "bob")
    seen_by_alice = seen_by_bob = 0  # both loaded the claim with no verdict
    theirs = alice.add_verdict(claim, "True", expected_verdict_id=seen_by_alice)
    with pytest.raises(VerdictConflict) as caught:
        bob.add_verdict(claim, "False", "bob's reading", expected_verdict_id=seen_by_bob)
    conflict = caught.value
    assert (conflict.theirs.id, conflict.theirs.label, conflict.theirs.reviewer) == (
        theirs, "True", "alice")
    assert (conflict.yours_label, conflict.yours_note) == ("False", "bob's reading")
    assert "\n" not in str(conflict) and f"--expect {theirs}" in str(conflict)
    assert [v.label for v in bob.verdict_history(claim)] == ["True"]
    # Bob chooses his: the history keeps both.
    bob.add_verdict(claim, "False", expected_verdict_id=conflict.current_id)
    assert [(v.reviewer, v.label) for v in bob.verdict_history(claim)] == [
        ("alice", "True"), ("bob", "False")]


def test_cli_verdict_with_stale_expect_is_refused_in_one_line(db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    open_as(db_path, "alice").add_verdict(claim, "True")
    cmd = [*CLI, "--db", str(db_path)]
    refused = subprocess.run([*cmd, "verdict", str(claim), "false", "--expect", "0"],
                             capture_output=True, text=True, env=CHILD_ENV, cwd=ROOT)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith(f"error: claim {claim} changed since you loaded it: alice")
    assert refused.stderr.count("\n") == 1
    ok = subprocess.run([*cmd, "verdict", str(claim), "false", "--expect", "1"],
                        capture_output=True, text=True, env=CHILD_ENV, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert [v.label for v in open_as(db_path, "x").verdict_history(claim)] == ["True", "False"]


def test_data_version_moves_after_a_cli_write_in_another_process(db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    viewer = open_as(db_path, "viewer")
    before = viewer.data_version()
    assert viewer.data_version() == before  # our own reads do not move it
    subprocess.run([*CLI, "--db", str(db_path), "verdict", str(claim), "true"], check=True,
                   env=CHILD_ENV, cwd=ROOT, capture_output=True)
    deadline = time.monotonic() + 1.0
    while viewer.data_version() == before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert viewer.data_version() != before
    assert viewer.claim(claim).verdict == "True"


_LOCK_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def _hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", _LOCK_HOLDER, str(db), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_write_waits_out_a_colleagues_lock(db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    store = open_as(db_path, "alice")
    holder = _hold_lock(db_path, 1.0)
    store.add_verdict(claim, "True")
    holder.wait()
    assert 0.5 < store.last_lock_wait < 5
    assert [v.label for v in store.verdict_history(claim)] == ["True"]


def test_a_lock_held_too_long_is_a_clear_message_and_writes_nothing(db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    store = open_as(db_path, "alice", _busy_timeout_ms=200)
    holder = _hold_lock(db_path, 1.5)
    try:
        started = time.monotonic()
        with pytest.raises(WorkbenchError) as caught:
            store.add_verdict(claim, "True")
        assert time.monotonic() - started >= 0.35  # it waited, and retried once
    finally:
        holder.wait()
    message = str(caught.value)
    assert "database is locked" not in message and "\n" not in message
    assert "nothing was written, try again" in message
    assert store.verdict_history(claim) == []
    assert not store.conn.in_transaction


_CRASHER = """
import sys
from workbench.store import Store
store = Store(sys.argv[1], _reviewer="crasher")
claim, n = int(sys.argv[2]), int(sys.argv[3])
while True:
    # Two verdicts per transaction: a kill between them must leave neither.
    with store.write() as conn:
        for half in ("a", "b"):
            conn.execute(
                "INSERT INTO verdicts (claim_id, label, note, reviewer, created_at)"
                " VALUES (?, 'True', ?, 'crasher', 'now')", [claim, f"{n}{half}"])
    print(n, flush=True)  # only after COMMIT returned
    n += 1
"""


def test_kill_9_mid_transaction_never_corrupts_or_loses_a_commit(db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    rng = random.Random(7)
    for round_ in range(6):
        start = round_ * 1_000_000  # transaction numbers unique across rounds
        writer = subprocess.Popen([sys.executable, "-c", _CRASHER, str(db_path), str(claim),
                                   str(start)],
                                  stdout=subprocess.PIPE, text=True, env=CHILD_ENV)
        first = writer.stdout.readline()  # it is writing
        time.sleep(rng.uniform(0.05, 0.25))
        os.kill(writer.pid, signal.SIGKILL)
        rest, _ = writer.communicate()
        committed = [int(x) for x in (first + rest).split()]
        conn = sqlite3.connect(db_path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        notes = [r[0] for r in conn.execute("SELECT note FROM verdicts WHERE claim_id = ?",
                                            [claim])]
        conn.close()
        stored = {int(n[:-1]) for n in notes}
        assert len(notes) == 2 * len(stored)  # never half a transaction
        assert set(committed) <= stored  # every reported commit survived
    assert open_as(db_path, "x").conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
