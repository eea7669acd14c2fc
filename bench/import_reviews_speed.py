"""``workbench import-reviews`` speed at scale: 100,000 ClaimReviews.

Usage::

    python bench/import_reviews_speed.py [--reviews 100000]

Writes a deterministic JSON-LD array of ``--reviews`` ClaimReviews (fixed seed:
varied claims, speakers, dates; one rating in twenty is unknown to the mapping, so
the flag path runs), then in child processes, as a user runs them:

1. ``workbench import-reviews FILE`` into a fresh database (every review added);
2. the same command again (every review unchanged: the idempotent path).

Same-run baselines, also in children: ``json.loads`` of the file alone (the floor
of any importer of this file), and the matching engineer's
``Store.add_external_claims`` writing the same texts to the same corpus table in
one transaction (the corpus write without details, keys or counts). Ratios are
ours / baseline. Wall time and peak RSS (GNU ``time``) are each child's own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RATINGS = ("False", "Mostly false", "Half true", "Mostly true", "True", "Pants on Fire!",
           "Mixture", "Misleading")
WORDS = ["unemployment", "crime", "vaccine", "border", "budget", "tax", "exports", "minister",
         "record", "fell", "rose", "doubled", "percent", "since", "cost", "billion", "bridge",
         "election", "turnout"]

PARSE_ONLY = "import json, sys; json.loads(open(sys.argv[1], 'rb').read())"
CORPUS_API = """
import json, sys
from workbench.store import open_store
from workbench.store.corpus import ExternalClaim
items = json.loads(open(sys.argv[1], 'rb').read())
store = open_store(sys.argv[2])
store.add_external_claims(
    ExternalClaim(source='bench', external_id=r['url'], text=r['claimReviewed'],
                  url=r['url'], verdict=r['reviewRating']['alternateName'])
    for r in items)
store.close()
"""


def review(rng: random.Random, i: int) -> dict:
    words = " ".join(rng.choice(WORDS) for _ in range(12))
    return {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"https://checks{i % 7}.example/{i}",
        "claimReviewed": f"Claim {i}: {words} by {rng.randint(2, 99)} percent.",
        "author": {"@type": "Organization", "name": f"Desk {i % 7}",
                   "url": f"https://checks{i % 7}.example"},
        "datePublished": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "reviewRating": {"@type": "Rating", "alternateName": RATINGS[i % 20 % len(RATINGS)],
                         "ratingValue": 1 + i % 5, "bestRating": 5, "worstRating": 1},
        "itemReviewed": {"@type": "Claim", "datePublished": "2025-01-01",
                         "author": {"@type": "Person", "name": f"Speaker {i % 501}",
                                    "jobTitle": "senator"},
                         "appearance": {"@type": "CreativeWork",
                                        "url": f"https://tv.example/{i}"}},
    }


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run ``argv``; return (wall seconds, peak RSS MB, stdout) of that child alone.

    Peak RSS comes from GNU ``time -f %M``: ``wait4`` from this process would count
    pages the child inherited from this parent before ``exec``.
    """
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    proc = subprocess.run([*timer, *argv], capture_output=True, env=env, check=False)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed: {proc.stderr.decode()[-500:]}")
    rss = int(proc.stderr.decode().split()[-1]) / 1024 if timer else float("nan")
    return wall, rss, proc.stdout.decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import-reviews-bench-"))
    rng = random.Random(20251126)
    feed = work / "feed.json"
    feed.write_text(json.dumps([review(rng, i) for i in range(args.reviews)]), encoding="utf-8")
    env = {**os.environ, "WORKBENCH_CONFIG": str(work / "no-config.toml")}
    cli = [sys.executable, "-c", "from workbench.cli import main; main()"]
    size = feed.stat().st_size / 1e6
    print(f"feed: {args.reviews:,} ClaimReviews, {size:.0f} MB")

    first = timed([*cli, "--db", str(work / "ours.db"), "import-reviews", "--json", str(feed)],
                  env)
    counts = json.loads(first[2])
    again = timed([*cli, "--db", str(work / "ours.db"), "import-reviews", "--json", str(feed)],
                  env)
    counts_again = json.loads(again[2])
    parse = timed([sys.executable, "-c", PARSE_ONLY, str(feed)], env)
    api = timed([sys.executable, "-c", CORPUS_API, str(feed), str(work / "api.db")], env)

    print(f"import-reviews, fresh database: {first[0]:.1f} s, peak RSS {first[1]:.0f} MB "
          f"(added {counts['added']:,}, flagged {sum(counts['flagged_ratings'].values()):,})")
    print(f"import-reviews, same feed again: {again[0]:.1f} s, peak RSS {again[1]:.0f} MB "
          f"(added {counts_again['added']}, unchanged {counts_again['unchanged']:,})")
    print(f"baseline json.loads only: {parse[0]:.1f} s, peak RSS {parse[1]:.0f} MB")
    print(f"baseline add_external_claims (corpus rows only): {api[0]:.1f} s, "
          f"peak RSS {api[1]:.0f} MB")
    print(f"ratio import/add_external_claims: {first[0] / api[0]:.2f}x; "
          f"import/json.loads: {first[0] / parse[0]:.1f}x")


if __name__ == "__main__":
    main()
