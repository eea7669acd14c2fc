"""The corpus and match links on a real SQLite file: triggers, retrieval, reuse history."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.importing import import_article
from workbench.matching.service import Thresholds, match_text, matches_for_claim
from workbench.store import Store, open_store
from workbench.store.corpus import ExternalClaim

ARTICLE_A = (
    "Four soldiers were killed in the attack on Monday, officials said.\n\n"
    "The second round of talks began in Istanbul on 6 November 2025.\n"
)
ARTICLE_B = (
    "On Monday, four soldiers were killed in the attack, officials said.\n\n"
    "The third round of talks began in Istanbul on 6 November 2025.\n"
)


@pytest.fixture
def store(db_path: Path) -> Store:
    opened = open_store(db_path)
    yield opened
    opened.close()


def two_articles(store: Store) -> tuple[list[int], list[int]]:
    a = import_article(store, ARTICLE_A, title="A").article_id
    b = import_article(store, ARTICLE_B, title="B").article_id
    return [c.id for c in store.claims(a)], [c.id for c in store.claims(b)]


def test_a_verdict_puts_the_claim_in_the_corpus_and_an_undo_takes_it_out(store: Store) -> None:
    (first, _), _ = two_articles(store)
    assert match_text(store, "soldiers killed attack Monday") == []
    store.add_verdict(first, "False")
    found = match_text(store, "soldiers killed attack Monday")
    assert [m.claim_id for m in found] == [first] and found[0].verdict == "False"
    store.undo_verdict(first)
    assert match_text(store, "soldiers killed attack Monday") == []


def test_matches_for_claim_excludes_itself_and_finds_the_paraphrase(store: Store) -> None:
    (a1, a2), (b1, b2) = two_articles(store)
    store.add_verdict(a1, "False")
    store.add_verdict(b1, "True")
    found = matches_for_claim(store, b1)
    assert [m.claim_id for m in found] == [a1]
    assert found[0].relation == "same" and found[0].action == "auto_link"
    assert found[0].as_json()["article_id"] == store.claim(a1).article_id


def test_ordinal_conflict_between_stored_claims(store: Store) -> None:
    (_, a2), (_, b2) = two_articles(store)
    store.add_verdict(a2, "True")
    found = matches_for_claim(store, b2)
    assert found and found[0].relation == "conflict"
    assert "round: third vs second" in found[0].differences


def test_confirm_then_reuse_is_recorded_in_verdict_and_match_history(store: Store) -> None:
    (a1, _), (b1, _) = two_articles(store)
    store.add_source(a1, "https://example.org/report", "casualty list")
    store.add_verdict(a1, "Mostly false")
    match_id = store.corpus_id_of_claim(a1)
    store.confirm_match(b1, match_id)
    verdict_id = store.reuse_verdict(b1, match_id)
    history = store.verdict_history(b1)
    assert history[-1].id == verdict_id and history[-1].label == "Mostly false"
    assert f"reused from claim {a1}" in history[-1].note
    sources = store.sources(b1)
    assert sources[0].url == "https://example.org/report"
    assert sources[0].note == f"reused from claim {a1}: casualty list"
    assert [(link.action, link.verdict_id) for link in store.match_links(b1)] == [
        ("confirmed", None), ("reused", verdict_id)]
    assert store.claim(b1).status == "reviewed"


def test_rejected_match_is_no_longer_suggested(store: Store) -> None:
    (a1, _), (b1, _) = two_articles(store)
    store.add_verdict(a1, "False")
    store.reject_match(b1, store.corpus_id_of_claim(a1))
    assert matches_for_claim(store, b1) == []


def test_auto_link_writes_once_and_respects_a_decision(store: Store) -> None:
    (a1, _), (b1, _) = two_articles(store)
    store.add_verdict(a1, "False")
    first = matches_for_claim(store, b1, auto_link=True)
    again = matches_for_claim(store, b1, auto_link=True)
    assert first[0].link == again[0].link == "auto_linked"
    assert [link.action for link in store.match_links(b1)] == ["auto_linked"]


def test_reuse_refusals_write_nothing(store: Store) -> None:
    (a1, _), (b1, _) = two_articles(store)
    store.add_external_claims([ExternalClaim("test", "x1", "Soldiers killed", verdict=None)])
    no_verdict = store.corpus_entries([1])[1].id
    with pytest.raises(WorkbenchError, match="no verdict to reuse"):
        store.reuse_verdict(b1, no_verdict)
    with pytest.raises(WorkbenchError, match="no previously checked claim"):
        store.reuse_verdict(b1, 999)
    with pytest.raises(WorkbenchError, match="no claim with id 999"):
        store.confirm_match(999, no_verdict)
    store.add_verdict(a1, "False")
    with pytest.raises(WorkbenchError, match="cannot be linked to itself"):
        store.confirm_match(a1, store.corpus_id_of_claim(a1))
    assert store.match_links(b1) == [] and store.verdict_history(b1) == []


def test_external_rows_match_and_reuse_copies_their_address(store: Store) -> None:
    (a1, _), _ = two_articles(store)
    store.add_external_claims([ExternalClaim(
        "factcheck", "fc-1", "Four soldiers were killed in a Monday attack.",
        title="Soldiers killed?", verdict="True", url="https://fc.example/1")])
    found = matches_for_claim(store, a1, thresholds=Thresholds(0.0, 1.0))
    assert found[0].kind == "external" and found[0].claim_id is None
    store.reuse_verdict(a1, found[0].corpus_id)
    assert store.sources(a1)[-1].url == "https://fc.example/1"
    assert "reused from fact-check fc-1 (factcheck)" in store.verdict_history(a1)[-1].note


def test_external_import_refreshes_by_id_and_refuses_empty_text(store: Store) -> None:
    store.add_external_claims([ExternalClaim("s", "1", "Old text about vaccines")])
    store.add_external_claims([ExternalClaim("s", "1", "New text about elections")])
    assert [m.text for m in match_text(store, "elections")] == ["New text about elections"]
    assert match_text(store, "vaccines") == []
    with pytest.raises(WorkbenchError, match="has no text"):
        store.add_external_claims([ExternalClaim("s", "2", "fine"), ExternalClaim("s", "3", " ")])
    assert match_text(store, "fine") == []


def test_empty_corpus_empty_query_and_stopwords_give_no_matches(store: Store) -> None:
    assert match_text(store, "Four soldiers were killed") == []
    store.add_external_claims([ExternalClaim("s", "1", "The war ended")])
    assert match_text(store, "") == []
    assert match_text(store, "the of and it is was") == []
    assert match_text(store, "?!… —") == []


def test_a_100_kb_query_is_answered(store: Store) -> None:
    store.add_external_claims([ExternalClaim("s", "1", "Vaccines cause autism, a study says")])
    huge = "Vaccines cause autism. " + "lorem ipsum dolor sit amet " * 4000
    assert len(huge) > 100_000
    assert [m.text for m in match_text(store, huge)] == ["Vaccines cause autism, a study says"]


def test_limit_out_of_range_is_refused(store: Store) -> None:
    with pytest.raises(WorkbenchError, match="between 1 and 100"):
        match_text(store, "anything", limit=0)
