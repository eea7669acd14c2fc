"""Check-worthiness ranking measured on CheckThat! 2019 Task 1 (English), and weight fitting.

Usage::

    python bench/checkworthiness.py DATA_DIR [--direct] [--l2 L2] [--positive-weight W]

DATA_DIR is the CheckThat! 2019 Task 1 release (19 training debates, one sentence a
line, ``line_number<TAB>speaker<TAB>text<TAB>label``). It is read, never copied.

Each debate becomes an article with one line per paragraph. A line's score is the
highest score of the claims that lie within it; a line with no claim scores 0.
Lines are ranked by score, ties broken by line order, and the ranking is measured
with Average Precision (MAP over debates), R-Precision, P@5 and P@10.

Leave-one-debate-out cross-validation: for each debate, the cue weights are fitted
on the other 18 debates, then the held-out debate is imported through the real
import path (``workbench.importing.import_article`` into a temporary SQLite file,
claims read back with the store) with the fitted weights in force, so the figures
include segmentation, boilerplate filtering, the opinion cap and score rounding
exactly as a user gets them. ``--direct`` skips the store and scores the
extractor's candidates in memory (same numbers, faster).

The fit is a logistic regression on claim-level rows (each claim carries its line's
label), L2-penalised towards the hand-set ``PRIOR_WEIGHTS`` so that cues debates
rarely show (dates, direct quotations) keep roughly their prior weight. It is plain
Python (Newton's method on rows grouped by identical cue values): no numpy.

Baselines in the same run: a random order (fixed seed) and "has a number".
Finally the weights fitted on all 19 debates are printed as a table to paste into
``workbench/extraction/cues.py``.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.extraction import cues  # noqa: E402
from workbench.extraction.extract import Candidate, final_scores, find_candidates  # noqa: E402

RANDOM_SEED = 2019
DEFAULT_L2 = 3.0
DEFAULT_POSITIVE_WEIGHT = 4.0
NEWTON_STEPS = 25

_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|"
    r"dozen)\b",
    re.IGNORECASE,
)


@dataclass
class Debate:
    """One debate: its lines, labels, the article text and each line's span in it."""

    name: str
    texts: list[str]
    labels: list[int]
    article: str
    spans: list[tuple[int, int]]
    candidates: list[Candidate]


def load_debates(data_dir: Path) -> list[Debate]:
    """Read every ``*.tsv`` under ``data_dir`` and extract candidate claims once."""
    files = sorted(data_dir.rglob("*.tsv"))
    if not files:
        raise SystemExit(f"{data_dir}: no .tsv debate files found")
    debates: list[Debate] = []
    for path in files:
        texts: list[str] = []
        labels: list[int] = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            parts = raw.split("\t")
            if len(parts) < 4:
                continue
            texts.append(" ".join(parts[2].split()))
            labels.append(int(parts[3]))
        spans: list[tuple[int, int]] = []
        offset = 0
        for text in texts:
            spans.append((offset, offset + len(text)))
            offset += len(text) + 2
        article = "\n\n".join(texts)
        debates.append(
            Debate(path.stem, texts, labels, article, spans, find_candidates(article))
        )
    return debates


def _line_of(spans: Sequence[tuple[int, int]]) -> Callable[[int, int], int | None]:
    starts = [s for s, _ in spans]

    def find(start: int, end: int) -> int | None:
        import bisect

        index = bisect.bisect_right(starts, start) - 1
        if index < 0:
            return None
        line_start, line_end = spans[index]
        return index if line_start <= start and end <= line_end else None

    return find


def line_scores(debate: Debate, claims: Sequence[tuple[int, int, float]]) -> list[float]:
    """Max claim score per line from ``(start, end, score)``; lines without claims score 0."""
    scores = [0.0] * len(debate.texts)
    find = _line_of(debate.spans)
    for start, end, score in claims:
        line = find(start, end)
        if line is not None:
            scores[line] = max(scores[line], score)
    return scores


# --- metrics -------------------------------------------------------------------


def ranking(scores: Sequence[float]) -> list[int]:
    """Line indices sorted by score, high to low, ties broken by line order."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def average_precision(order: Sequence[int], labels: Sequence[int]) -> float:
    hits, total = 0, 0.0
    for rank, line in enumerate(order, start=1):
        if labels[line]:
            hits += 1
            total += hits / rank
    positives = sum(labels)
    return total / positives if positives else 0.0


def precision_at(order: Sequence[int], labels: Sequence[int], k: int) -> float:
    return sum(labels[line] for line in order[:k]) / k if k else 0.0


def metrics(order: Sequence[int], labels: Sequence[int]) -> dict[str, float]:
    return {
        "AP": average_precision(order, labels),
        "R-Prec": precision_at(order, labels, sum(labels)),
        "P@5": precision_at(order, labels, 5),
        "P@10": precision_at(order, labels, 10),
    }


def mean_metrics(rows: Sequence[Mapping[str, float]]) -> dict[str, float]:
    return {key: sum(r[key] for r in rows) / len(rows) for key in rows[0]}


# --- fitting -------------------------------------------------------------------


def training_rows(debates: Sequence[Debate]) -> dict[tuple[tuple[str, float], ...], list[int]]:
    """Claim-level rows grouped by identical cue values: key → [positives, negatives]."""
    groups: dict[tuple[tuple[str, float], ...], list[int]] = {}
    for debate in debates:
        find = _line_of(debate.spans)
        for candidate in debate.candidates:
            line = find(candidate.start, candidate.end)
            if line is None:
                continue
            key = tuple(sorted(candidate.features.items()))
            counts = groups.setdefault(key, [0, 0])
            counts[0 if debate.labels[line] else 1] += 1
    return groups


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the system is small and positive definite)."""
    size = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for row in range(col + 1, size):
            factor = a[row][col] / a[col][col]
            if factor:
                for k in range(col, size + 1):
                    a[row][k] -= factor * a[col][k]
    solution = [0.0] * size
    for row in range(size - 1, -1, -1):
        tail = sum(a[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (a[row][size] - tail) / a[row][row]
    return solution


def fit_weights(
    debates: Sequence[Debate],
    prior: Mapping[str, float] = cues.PRIOR_WEIGHTS,
    l2: float = DEFAULT_L2,
    positive_weight: float = DEFAULT_POSITIVE_WEIGHT,
    frozen: frozenset[str] = cues.NEWS_ONLY_CUES,
) -> dict[str, float]:
    """Logistic regression pulled towards ``prior``: minimises the weighted log loss plus
    ``l2/2 * sum((w - prior)**2)`` (the bias is not penalised) by Newton's method.

    Cues in ``frozen`` keep their prior weight: they mark news reporting (direct
    quotations, named speakers, calendar dates, places), and in debate transcripts
    they mean something else (a candidate quoting an opponent), so debates are not
    evidence about their weight in articles.
    """
    names = list(prior)
    index = {name: i for i, name in enumerate(names)}
    bias = index["bias"]
    fixed = {index[name] for name in frozen if name in index}
    groups = [
        ([(index[name], value) for name, value in key if name in index] + [(bias, 1.0)], pos, neg)
        for key, (pos, neg) in training_rows(debates).items()
    ]
    weights = [prior[name] for name in names]
    for _ in range(NEWTON_STEPS):
        gradient = [
            l2 * (weights[i] - prior[name]) if i != bias and i not in fixed else 0.0
            for i, name in enumerate(names)
        ]
        hessian = [[0.0] * len(names) for _ in names]
        for i in range(len(names)):
            hessian[i][i] = l2 if i != bias else 1e-6
        for row, pos, neg in groups:
            z = sum(weights[i] * value for i, value in row)
            p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
            residual = positive_weight * pos * (p - 1.0) + neg * p
            curvature = (positive_weight * pos + neg) * p * (1.0 - p)
            for i, vi in row:
                if i in fixed:
                    continue
                gradient[i] += residual * vi
                for j, vj in row:
                    if j not in fixed:
                        hessian[i][j] += curvature * vi * vj
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return {name: round(weights[i], 2) for i, name in enumerate(names)}


# --- scoring a held-out debate ----------------------------------------------------


@contextmanager
def weights_in_force(weights: Mapping[str, float]) -> Iterator[None]:
    """Temporarily make ``weights`` the extractor's weights (bench only; restored after)."""
    saved = dict(cues.WEIGHTS)
    cues.WEIGHTS.clear()
    cues.WEIGHTS.update(weights)
    try:
        yield
    finally:
        cues.WEIGHTS.clear()
        cues.WEIGHTS.update(saved)


def scores_direct(debate: Debate, weights: Mapping[str, float]) -> list[float]:
    """Line scores from the extractor's candidates in memory."""
    finals = final_scores(debate.candidates, weights)
    claims = [(c.start, c.end, s) for c, s in zip(debate.candidates, finals, strict=True)]
    return line_scores(debate, claims)


def scores_through_store(debate: Debate, weights: Mapping[str, float]) -> list[float]:
    """Line scores from claims imported with ``import_article`` and read back from SQLite."""
    from workbench.importing import import_article
    from workbench.store import open_store

    with tempfile.TemporaryDirectory() as folder, weights_in_force(weights):
        store = open_store(Path(folder) / "bench.db")
        try:
            result = import_article(store, debate.article, title=debate.name)
            claims = [(c.start, c.end, c.score) for c in store.claims(result.article_id)]
        finally:
            store.close()
    return line_scores(debate, claims)


def has_a_number(debate: Debate) -> list[float]:
    return [1.0 if _NUMBER.search(text) else 0.0 for text in debate.texts]


def random_order(debate: Debate, rng: random.Random) -> list[float]:
    return [rng.random() for _ in debate.texts]


# --- report --------------------------------------------------------------------


def _table(title: str, rows: Mapping[str, Mapping[str, float]]) -> str:
    lines = [title, f"{'':<28}{'MAP':>8}{'R-Prec':>8}{'P@5':>8}{'P@10':>8}"]
    for name, m in rows.items():
        lines.append(
            f"{name:<28}{m['AP']:>8.3f}{m['R-Prec']:>8.3f}{m['P@5']:>8.3f}{m['P@10']:>8.3f}"
        )
    return "\n".join(lines)


def weights_table(weights: Mapping[str, float]) -> str:
    """The fitted weights in the literal form used in cues.py."""
    lines = ["WEIGHTS: dict[str, float] = {"]
    for name, value in weights.items():
        lines.append(f'    "{name}": {value:.2f},')
    lines.append("}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--direct", action="store_true", help="score in memory, not via the store")
    parser.add_argument("--l2", type=float, default=DEFAULT_L2)
    parser.add_argument("--positive-weight", type=float, default=DEFAULT_POSITIVE_WEIGHT)
    args = parser.parse_args(argv)

    began = time.perf_counter()
    debates = load_debates(args.data_dir)
    lines = sum(len(d.texts) for d in debates)
    positives = sum(sum(d.labels) for d in debates)
    covered = sum(1 for d in debates for s in scores_direct(d, cues.PRIOR_WEIGHTS) if s > 0)
    print(f"{len(debates)} debates, {lines} lines, {positives} check-worthy; "
          f"{covered} lines ({covered / lines:.0%}) hold at least one claim")

    rng = random.Random(RANDOM_SEED)
    score_held_out = scores_direct if args.direct else scores_through_store
    results: dict[str, list[dict[str, float]]] = {
        "cues, leave-one-out fit": [],
        "cues, prior weights": [],
        "baseline: has a number": [],
        "baseline: random order": [],
    }
    for held_out in debates:
        training = [d for d in debates if d is not held_out]
        fitted = fit_weights(training, l2=args.l2, positive_weight=args.positive_weight)
        runs = {
            "cues, leave-one-out fit": score_held_out(held_out, fitted),
            "cues, prior weights": scores_direct(held_out, cues.PRIOR_WEIGHTS),
            "baseline: has a number": has_a_number(held_out),
            "baseline: random order": random_order(held_out, rng),
        }
        for name, scores in runs.items():
            results[name].append(metrics(ranking(scores), held_out.labels))
        ap = results["cues, leave-one-out fit"][-1]["AP"]
        print(f"  {held_out.name:<28} AP {ap:.3f}")
    summary = {name: mean_metrics(rows) for name, rows in results.items()}
    print()
    print(_table("Leave-one-debate-out over the 19 debates (means over debates):", summary))

    final = fit_weights(debates, l2=args.l2, positive_weight=args.positive_weight)
    in_sample = mean_metrics([metrics(ranking(scores_direct(d, final)), d.labels) for d in debates])
    shipped = mean_metrics(
        [metrics(ranking(scores_direct(d, cues.WEIGHTS)), d.labels) for d in debates]
    )
    print()
    print(_table("Fitted on all 19 (in-sample, optimistic):",
                 {"fitted now": in_sample, "cues.WEIGHTS as shipped": shipped}))
    print()
    print(f"Weights fitted on all 19 debates (l2={args.l2}, positive weight "
          f"{args.positive_weight}):")
    print(weights_table(final))
    print(f"\n{time.perf_counter() - began:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
