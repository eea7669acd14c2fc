"""Benchmark: many reviewers' processes writing verdicts to one database file.

Usage::

    python bench/concurrency_stress.py [--writers 16] [--writes 500] [--claims 20]
                                       [--no-baselines]

Each writer is a separate process with its own Store, acting as its own reviewer;
all start together (a barrier) and do read-then-write: read the claim's history,
then append a verdict. Checked afterwards: every row is there (writers × writes),
zero errors, each writer's rows are in its own order with its own name, the audit
log has one row per verdict, and ``PRAGMA integrity_check`` is ok. Reported:
throughput, and the lock wait of each BEGIN IMMEDIATE (median, p99, max).

Also measured: the cost of polling ``PRAGMA data_version`` (what a live view does
several times a second), and, unless ``--no-baselines``, the same read-then-write
pattern on a plain counter with deferred ``BEGIN`` and Python's default
transactions, to show what BEGIN IMMEDIATE is protecting against.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.extraction.model import ExtractedClaim  # noqa: E402
from workbench.store import Store  # noqa: E402

LABELS = ("True", "Mostly true", "Half true", "Mostly false", "False")


def seed(db: Path, count: int) -> list[int]:
    sentences = [f"Report {i} says {i + 3} people attended the talks." for i in range(count)]
    claims, start = [], 0
    for i, s in enumerate(sentences):
        claims.append(ExtractedClaim(i + 1, s, start, start + len(s), ("quantity",), 0.5,
                                     ("a number",), {}))
        start += len(s) + 1
    store = Store(db)
    article = store.insert_article(" ".join(sentences), claims, title="stress")
    ids = [c.id for c in store.claims(article)]
    store.close()
    return ids


def writer(db: str, worker: int, writes: int, claims: list[int], barrier, out) -> None:
    store = Store(db, _reviewer=f"reviewer{worker:02d}")
    waits, errors = [], []
    barrier.wait()
    for i in range(writes):
        claim = claims[(worker * 7 + i) % len(claims)]
        try:
            store.verdict_history(claim)
            store.add_verdict(claim, LABELS[i % len(LABELS)], f"w{worker}-{i}")
            waits.append(store.last_lock_wait)
        except Exception as err:  # noqa: BLE001 — counted and reported, never hidden
            errors.append(repr(err))
    out.put((worker, waits, errors))
    store.close()


def stress(writers: int, writes: int, n_claims: int) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "stress.db"
        claims = seed(db, n_claims)
        ctx = mp.get_context("fork")
        barrier, out = ctx.Barrier(writers + 1), ctx.Queue()
        procs = [ctx.Process(target=writer, args=(str(db), w, writes, claims, barrier, out))
                 for w in range(writers)]
        for p in procs:
            p.start()
        barrier.wait()
        started = time.perf_counter()
        results = [out.get() for _ in procs]
        elapsed = time.perf_counter() - started
        for p in procs:
            p.join()
        waits = sorted(w for _, ws, _ in results for w in ws)
        errors = [e for _, _, es in results for e in es]

        store = Store(db, _reviewer="checker")
        rows = [v for c in claims for v in store.verdict_history(c)]
        in_order = all(
            [v.note for v in sorted((v for v in rows if v.reviewer == f"reviewer{w:02d}"),
                                    key=lambda v: v.id)]
            == [f"w{w}-{i}" for i in range(writes)]
            for w in range(writers))
        audited = sum(1 for c in store.audit_log() if c.action == "verdict")
        integrity = store.conn.execute("PRAGMA integrity_check").fetchone()[0]

        version_calls = 100_000
        t0 = time.perf_counter()
        for _ in range(version_calls):
            store.data_version()
        poll_us = (time.perf_counter() - t0) / version_calls * 1e6
        store.close()

    total = writers * writes
    ok = (len(rows) == total and not errors and in_order and audited == total
          and integrity == "ok")
    print(f"## {writers} processes x {writes} verdict writes (read-then-write), "
          f"{n_claims} claims")
    print(f"rows stored        {len(rows)} / {total}")
    print(f"errors             {len(errors)}" + (f"  first: {errors[0]}" if errors else ""))
    print(f"history correct    {in_order} (each writer's rows complete, in order)")
    print(f"audit rows         {audited}")
    print(f"integrity_check    {integrity}")
    print(f"wall time          {elapsed:.2f} s")
    print(f"throughput         {total / elapsed:,.0f} verdicts/s")
    print(f"lock wait median   {statistics.median(waits) * 1000:.2f} ms")
    print(f"lock wait p99      {waits[int(len(waits) * 0.99) - 1] * 1000:.1f} ms")
    print(f"lock wait max      {waits[-1] * 1000:.1f} ms")
    print(f"data_version poll  {poll_us:.2f} us per call (Store.data_version)")
    print("result             " + ("OK" if ok else "FAILED"))
    return ok


def counter_worker(db: str, mode: str, writes: int, barrier, out) -> None:
    conn = sqlite3.connect(db, timeout=15, isolation_level="" if mode == "default" else None)
    failures = 0
    barrier.wait()
    for _ in range(writes):
        try:
            if mode == "immediate":
                conn.execute("BEGIN IMMEDIATE")
            elif mode == "deferred":
                conn.execute("BEGIN")
            value = conn.execute("SELECT n FROM counter").fetchone()[0]
            conn.execute("UPDATE counter SET n = ?", [value + 1])
            conn.commit() if mode == "default" else conn.execute("COMMIT")
        except sqlite3.OperationalError:
            failures += 1
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    out.put(failures)
    conn.close()


def baselines(writers: int, writes: int) -> None:
    print(f"\n## baseline: {writers} processes x {writes} read-then-write increments")
    print(f"{'transaction mode':<28} {'failed':>7} {'lost':>7} {'seconds':>8}")
    for mode, name in (("deferred", "BEGIN (deferred)"),
                       ("default", "Python default (implicit)"),
                       ("immediate", "BEGIN IMMEDIATE")):
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "counter.db")
            conn = sqlite3.connect(db)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("CREATE TABLE counter (n INTEGER)")
            conn.execute("INSERT INTO counter VALUES (0)")
            conn.commit()
            ctx = mp.get_context("fork")
            barrier, out = ctx.Barrier(writers), ctx.Queue()
            procs = [ctx.Process(target=counter_worker, args=(db, mode, writes, barrier, out))
                     for _ in range(writers)]
            t0 = time.perf_counter()
            for p in procs:
                p.start()
            failed = sum(out.get() for _ in procs)
            for p in procs:
                p.join()
            elapsed = time.perf_counter() - t0
            final = conn.execute("SELECT n FROM counter").fetchone()[0]
            conn.close()
            lost = writers * writes - failed - final
            print(f"{name:<28} {failed:>7} {lost:>7} {elapsed:>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--claims", type=int, default=20)
    parser.add_argument("--no-baselines", action="store_true")
    args = parser.parse_args()
    ok = stress(args.writers, args.writes, args.claims)
    if not args.no_baselines:
        baselines(8, 500)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
