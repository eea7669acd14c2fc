"""CSV export speed and memory at scale: a million claims with verdicts.

Usage::

    python bench/export_speed.py [--claims 1000000] [--db PATH] [--keep]

Builds (or reuses, with ``--db`` pointing at an existing file) a database of
``--claims`` claims in articles of 1,000, every claim with a verdict, one in ten
with a source (a fetched snapshot; one in a hundred flagged as changed), and one in
five with a formula-like note (``=…``/``-…``) so the escaping path is exercised.
The data is deterministic (fixed seed, fixed text).

The database file is read once first (page cache warm, as on a server in use); then
``workbench export csv -o FILE`` runs in a child process, exactly as a user
runs it: split across the cores by default (up to two processes, see
:func:`workbench.csv_export.export_csv`) and again with ``--jobs 1``, whose file
must be byte for byte the same. The library call the TUI makes
(``export_csv(store, handle)``, without the CLI's start-up imports) runs too. For
each: wall time, CPU time of the whole process tree (GNU ``time``), the peak RSS of
the largest process, and the peak of the *sum* of the tree's RSS (sampled from
``/proc`` every 10 ms: the helpers run beside the parent), with the CLI's start-up
RSS alone. Same-run baseline, also in a child: the stdlib alone (``sqlite3`` cursor
over the claims table, ``csv.writer``, no joins, no escaping), the floor any export
of these rows pays in one process. The ratio is ours / baseline.

Fixture rows are written with plain SQL through the store's write transaction:
this is test-data generation, not product code (the product's SQL is in
``workbench/store/``), and a million one-verdict transactions would take an hour.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.extraction.model import ExtractedClaim  # noqa: E402
from workbench.store import open_store  # noqa: E402

PER_ARTICLE = 1_000
WORDS = ["council", "budget", "rose", "percent", "turnout", "bridge", "exports", "minister",
         "said", "record", "fell", "doubled", "since", "cost", "billion"]

LIBRARY = """
import sys
from workbench.csv_export import export_csv
from workbench.store import open_store
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    export_csv(open_store(sys.argv[1]), out)
"""

BASELINE = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
out = open(sys.argv[2], "w", encoding="utf-8", newline="")
writer = csv.writer(out, lineterminator="\\r\\n")
cursor = conn.execute(
    'SELECT c.id, c.article_id, c.ordinal, c.text, c.kinds, c."values", c.score, c.status'
    ' FROM claims c ORDER BY c.article_id, c.ordinal')
writer.writerow([d[0] for d in cursor.description])
for row in cursor:
    writer.writerow(row)
out.close()
"""


def sentence(rng: random.Random, i: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(10))
    return f"Claim {i}: the {words} by {rng.randint(2, 99)} percent in {rng.randint(1990, 2025)}."


def build(path: Path, total: int) -> None:
    """The fixture database: articles, claims, verdicts, sources, snapshots, flags."""
    rng = random.Random(20251126)
    store = open_store(path)
    started = time.perf_counter()
    for a in range(total // PER_ARTICLE):
        texts = [sentence(rng, a * PER_ARTICLE + i) for i in range(PER_ARTICLE)]
        claims, start = [], 0
        for i, text in enumerate(texts):
            speaker = {"name": f"Speaker {i % 37}", "role": "minister"} if i % 3 == 0 else None
            claims.append(ExtractedClaim(
                ordinal=i + 1, text=text, start=start, end=start + len(text),
                kinds=("quantity", "date"), score=round(rng.random(), 3),
                reasons=("a number", "a year"),
                values={"quantities": [{"value": 9, "text": "9 percent"}], "speaker": speaker,
                        "places": ["Istanbul"], "negated": False},
            ))
            start += len(text) + 1
        store.insert_article(" ".join(texts), claims, title=f"Article {a}",
                             outlet="Example News", url=f"https://news.example/{a}",
                             published="2025-11-08")
    labels = ("True", "Mostly true", "Half true", "Mostly false", "False")
    with store.write() as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM claims ORDER BY id")]
        conn.executemany(
            "INSERT INTO verdicts (claim_id, label, note, reviewer, created_at)"
            " VALUES (?, ?, ?, 'bench', '2025-11-20T10:00:00Z')",
            ((cid, labels[cid % 5],
              ("=SUM(A1:A9) per the ministry" if cid % 10 == 0 else
               "-4 percent, not 9" if cid % 10 == 5 else "Checked against the registry"))
             for cid in ids))
        conn.execute("UPDATE claims SET status = 'reviewed'")
        conn.executemany(
            "INSERT INTO sources (claim_id, url, note, added_by, added_at)"
            " VALUES (?, ?, 'official figure', 'bench', '2025-11-20T09:00:00Z')",
            ((cid, f"https://stats.example/{cid}") for cid in ids if cid % 10 == 0))
        conn.execute(
            "INSERT INTO source_snapshots (source_id, requested_url, final_url, http_status,"
            " outcome, sha256, byte_count, fetched_by, fetched_at)"
            " SELECT id, url, url, 200, 'link', printf('%064x', id), 1000, 'bench',"
            " '2025-11-20T09:00:00Z' FROM sources")
        conn.execute(
            "INSERT INTO source_flags (source_id, verdict_id, snapshot_id, flag, created_at)"
            " SELECT s.id, v.id, ss.id, 'source changed since verdict', '2025-11-21T00:00:00Z'"
            " FROM sources s JOIN verdicts v ON v.claim_id = s.claim_id"
            " JOIN source_snapshots ss ON ss.source_id = s.id WHERE s.claim_id % 100 = 0")
    store.close()
    print(f"built {total:,} claims in {time.perf_counter() - started:.1f} s ({path})")


def tree_rss_kb(pid: int) -> int:
    """The summed RSS of ``pid``'s descendants (not ``pid``: it is GNU ``time``)."""
    total = 0
    for child_pid in descendants(pid):
        try:
            for line in Path(f"/proc/{child_pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            pass  # exited between the listing and the read
    return total


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child_pid in map(int, children):
            found += [child_pid, *descendants(child_pid)]
    return found


def child(argv: list[str]) -> tuple[float, float, float, float]:
    """Run ``argv``; return (wall s, CPU s, peak RSS MB of its largest process, peak
    summed RSS MB of its process tree).

    Peak RSS comes from GNU ``time -f %M``: ``wait4`` from this process would count
    the pages the child inherited from this (much larger) parent before ``exec``.
    """
    timer = ["/usr/bin/time", "-f", "%M %U %S"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    proc = subprocess.Popen([*timer, *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak_sum = 0
    while proc.poll() is None:
        peak_sum = max(peak_sum, tree_rss_kb(proc.pid) if timer else 0)
        time.sleep(0.01)
    wall = time.perf_counter() - started
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed: {stderr[-500:]}")
    if not timer:
        return wall, float("nan"), float("nan"), float("nan")
    rss_kb, user, system = stderr.split()[-3:]
    return wall, float(user) + float(system), int(rss_kb) / 1024, peak_sum / 1024


def warm_up(db: Path) -> None:
    """Read the database file once, so that every timed run finds it in the page
    cache: otherwise the first run also pays the disk (10.1 s instead of 7.0 s for
    the split export, once, after a test suite had evicted the file)."""
    with db.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="reuse (or build here) the fixture database")
    parser.add_argument("--keep", action="store_true", help="keep the CSV files")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="export-bench-"))
    db = args.db or workdir / "bench.db"
    if not db.exists():
        build(db, args.claims)
    warm_up(db)
    load = os.getloadavg()[0]
    runs = {name: workdir / f"{name}.csv" for name in ("split", "one", "lib", "baseline")}
    workbench = [sys.executable, "-c", "from workbench.cli import main; main()"]
    floor = child([*workbench, "--help"])
    export = [*workbench, "--db", str(db), "export", "csv", "-o"]
    results = {
        "split": child([*export, str(runs["split"])]),
        "one": child([*export, str(runs["one"]), "--jobs", "1"]),
        "lib": child([sys.executable, "-c", LIBRARY, str(db), str(runs["lib"])]),
        "baseline": child([sys.executable, "-c", BASELINE, str(db), str(runs["baseline"])]),
    }
    rows = sum(1 for _ in runs["split"].open("rb")) - 1
    same = runs["split"].read_bytes() == runs["one"].read_bytes() == runs["lib"].read_bytes()
    print(f"load average before the runs: {load:.2f}; cores: {os.cpu_count()}")
    for name, label in (
        ("split", "workbench export csv (CLI, default: split over the cores)"),
        ("one", "workbench export csv --jobs 1 (CLI, one process)"),
        ("lib", "export_csv(store, handle) (library, as the TUI)"),
        ("baseline", "baseline: stdlib, claims table only, one process"),
    ):
        wall, cpu, rss, rss_sum = results[name]
        print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss:.0f} MB"
              f" (largest process), {rss_sum:.0f} MB (sum of the tree),"
              f" {runs[name].stat().st_size / 1e6:.0f} MB written")
    print(f"CLI start-up alone (workbench --help): peak RSS {floor[2]:.0f} MB")
    print(f"rows: {rows:,}; split, one-process and library files identical: {same}")
    base = results["baseline"]
    for name in ("split", "one"):
        print(f"ratio {name}/baseline: {results[name][0] / base[0]:.2f}x wall,"
              f" {results[name][1] / base[1]:.2f}x CPU")
    if not args.keep:
        for path in runs.values():
            path.unlink()
    if not same:
        raise SystemExit("the split export differs from the one-process export")


if __name__ == "__main__":
    main()
