"""Soft locks: who is on which claim, kept alive by heartbeats, gone on their own
when a session dies (here: a real process killed with SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.test_team_fixtures import open_as, seed_claims

ROOT = Path(__file__).resolve().parent.parent


def test_others_on_the_same_claim_are_reported(db_path: Path) -> None:
    first, second = seed_claims(db_path, 2)
    alice, bob = open_as(db_path, "alice"), open_as(db_path, "bob")
    assert alice.claim_presence(first) == []
    (other,) = bob.claim_presence(first)
    assert other.reviewer == "alice" and other.claim_id == first
    assert other.describe().startswith("alice@") and other.describe().endswith(f"claim {first}")
    alice.claim_presence(second)  # moving on releases the first claim
    assert bob.claim_presence(first) == []
    assert {(p.reviewer, p.claim_id) for p in bob.presence()} == {
        ("alice", second), ("bob", first)}
    alice.release_presence()
    assert [p.reviewer for p in bob.presence()] == ["bob"]


def test_two_sessions_of_one_reviewer_are_two_presences(db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    one, two = open_as(db_path, "alice"), open_as(db_path, "alice")
    one.claim_presence(claim)
    assert [p.reviewer for p in two.claim_presence(claim)] == ["alice"]


_HOLDER = """
import sys, time
from workbench.store import Store
store = Store(sys.argv[1], _reviewer="alice")
store.claim_presence(int(sys.argv[2]))
print("on", flush=True)
while True:
    time.sleep(0.1)
    store.touch_presence(int(sys.argv[2]))
"""


def test_a_killed_session_expires_by_heartbeat_age(db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db_path), str(claim)],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout.readline().strip() == "on"
        bob = open_as(db_path, "bob")
        time.sleep(0.5)  # several heartbeats later, still live under a 0.4 s expiry
        assert [p.reviewer for p in bob.presence(claim, ttl_s=0.4)] == ["alice"]
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        time.sleep(0.6)
        assert bob.presence(claim, ttl_s=0.4) == []  # expired: nobody released it
        # With the default 30 s expiry the dead session still shows for now, and
        # claim_presence sweeps rows only once they are past it.
        assert [p.reviewer for p in bob.presence(claim)] == ["alice"]
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
