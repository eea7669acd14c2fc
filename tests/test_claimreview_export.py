"""``workbench export claimreview``: Google's ClaimReview fields, config, round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_export_fixtures import CONFIG, add_article, db_rows, run
from workbench.extraction import extract_claims
from workbench.store import Store

# Ana Ruiz's value has no "type": claims stored before the key existed are people.
SPEAKERS = [{"name": "Ana Ruiz", "role": "Minister of Finance"},
            {"name": "Li Wei", "role": None, "type": "Person"}, None,
            {"name": "European Union", "role": None, "type": "Organization"}]
SENTENCES = ["Unemployment fell to 4 percent in 2024.", "The bridge cost 3 billion euros.",
             "Exports doubled in five years.", "Imports rose 12 percent in 2024."]
VERDICTS = ["Mostly false", "Unverifiable", "True", "Half true"]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"  # WORKBENCH_CONFIG points here (tests/conftest.py)
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture
def claims(db_path: Path) -> list[int]:
    store = Store(db_path, _reviewer="alice")
    ids = add_article(store, SENTENCES, SPEAKERS)
    add_article(store, ["Nobody reviewed this one 7 times."], title="Other", url=None)
    store.add_verdict(ids[0], "Mostly false", "It was 4.6 percent")
    store.add_verdict(ids[1], "Unverifiable")
    store.add_verdict(ids[2], "True")
    store.add_verdict(ids[3], "Half true")
    store.close()
    return ids


def export(db: Path) -> list[dict]:
    result = run(db, "export", "claimreview")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_one_claim_review_per_published_verdict(db_path: Path, config: Path, claims) -> None:
    reviews = export(db_path)
    assert [r["claimReviewed"] for r in reviews] == SENTENCES


def test_required_and_recommended_fields(db_path: Path, config: Path, claims) -> None:
    review = export(db_path)[0]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    # Required by Google: claimReviewed, reviewRating (alternateName), url.
    assert review["claimReviewed"] == SENTENCES[0]
    assert review["url"] == f"https://factdesk.example.org/checks#claim-{claims[0]}"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly false",
                                      "ratingValue": 2, "bestRating": 5, "worstRating": 1}
    # Recommended: author (an Organization), datePublished, itemReviewed (a Claim).
    assert review["author"] == {"@type": "Organization", "name": "Example Fact Desk",
                                "url": "https://factdesk.example.org"}
    assert review["datePublished"].startswith("20")
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {"@type": "Person", "name": "Ana Ruiz",
                               "jobTitle": "Minister of Finance"}
    assert claim["datePublished"] == "2025-11-08"
    assert claim["appearance"] == {"@type": "CreativeWork", "url": "https://news.example/talks",
                                   "headline": "Border talks fail"}


def test_off_scale_verdict_carries_only_its_name(db_path: Path, config: Path, claims) -> None:
    unverifiable = export(db_path)[1]["reviewRating"]
    assert unverifiable == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_claim_without_speaker_is_the_outlets_own(db_path: Path, config: Path, claims) -> None:
    third = export(db_path)[2]
    assert third["itemReviewed"]["author"] == {"@type": "Organization", "name": "Example News"}
    assert third["reviewRating"]["ratingValue"] == 5


def test_an_organisation_speaker_is_an_organization(db_path: Path, config: Path,
                                                    claims) -> None:
    reviews = export(db_path)
    # No jobTitle: schema.org gives an Organization none, and the role is dropped.
    assert reviews[3]["itemReviewed"]["author"] == {"@type": "Organization",
                                                    "name": "European Union"}
    assert reviews[1]["itemReviewed"]["author"] == {"@type": "Person", "name": "Li Wei"}


@pytest.mark.parametrize(("speaker", "author"), [
    # Junk or an unknown type publishes as before the key existed: a Person.
    ({"name": "Li Wei", "role": "mayor", "type": "Robot"},
     {"@type": "Person", "name": "Li Wei", "jobTitle": "mayor"}),
    ({"name": "Li Wei", "role": None, "type": None}, {"@type": "Person", "name": "Li Wei"}),
    # An organisation with a role (an appositive) still has no jobTitle.
    ({"name": "Afghan officials", "role": "the delegation", "type": "Organization"},
     {"@type": "Organization", "name": "Afghan officials"}),
])
def test_speaker_type_values(db_path: Path, config: Path, speaker: dict,
                             author: dict) -> None:
    store = Store(db_path, _reviewer="alice")
    [claim] = add_article(store, ["Twelve ships sank in 2024."], [speaker])
    store.add_verdict(claim, "True")
    store.close()
    [review] = export(db_path)
    assert review["itemReviewed"]["author"] == author


def test_a_country_the_extractor_found_is_published_as_an_organization(
        db_path: Path, config: Path) -> None:
    # The extractor, the store and the exporter together, on real sentences.
    text = ("The United States said 12 ships sank on 3 March 2024.\n\n"
            "Defence Minister Khawaja Asif said 14 soldiers died on 3 March 2024.")
    store = Store(db_path, _reviewer="alice")
    article = store.insert_article(text, extract_claims(text), title="Ships", outlet="Wire")
    for claim in store.claims(article):
        store.add_verdict(claim.id, "True")
    store.close()
    authors = [r["itemReviewed"]["author"] for r in export(db_path)]
    assert authors == [
        {"@type": "Organization", "name": "United States"},
        {"@type": "Person", "name": "Khawaja Asif", "jobTitle": "Defence Minister"},
    ]


def test_rating_numbers_follow_the_config(db_path: Path, config: Path, claims) -> None:
    config.write_text(CONFIG + '\n[claimreview.ratings]\n"Mostly false" = 3\n"True" = 7\n',
                      encoding="utf-8")
    reviews = export(db_path)
    assert reviews[0]["reviewRating"]["ratingValue"] == 3
    assert reviews[2]["reviewRating"]["bestRating"] == 7


def test_pending_verdicts_are_not_published(db_path: Path, config: Path, claims) -> None:
    alice = Store(db_path, _reviewer="alice")
    alice.set_review_settings(two_person=True)
    alice.close()
    assert export(db_path) == []
    bob = Store(db_path, _reviewer="bob")
    bob.approve_verdict(claims[2])
    bob.close()
    (review,) = export(db_path)
    assert review["claimReviewed"] == SENTENCES[2]


def test_empty_database_exports_an_empty_array(db_path: Path, config: Path) -> None:
    assert export(db_path) == []


@pytest.mark.parametrize(("text", "message"), [
    ("", "needs [organisation] name, [organisation] url, [claimreview] claim_url_base"),
    ('[organisation]\nname = "X"\nurl = "ftp://x"\n[claimreview]\nclaim_url_base = '
     '"https://x.example/c"\n', "[organisation] url must be an http(s) URL"),
    (CONFIG + '\n[claimreview.ratings]\n"True" = 0\n', "must be an integer"),
    (CONFIG + '\n[claimreview.ratings]\n"Pants" = 2\n', "is not a verdict of the scale"),
    ("[organisation\n", "invalid TOML"),
])
def test_bad_config_is_one_line_and_writes_nothing(db_path: Path, tmp_path: Path, config: Path,
                                                   claims, text: str, message: str) -> None:
    config.write_text(text, encoding="utf-8")
    out = tmp_path / "reviews.json"
    before = db_rows(db_path)
    result = run(db_path, "export", "claimreview", "-o", str(out))
    assert result.exit_code == 1
    assert message in result.output and result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists() and db_rows(db_path) == before


def test_round_trip_into_a_fresh_database(db_path: Path, tmp_path: Path, config: Path,
                                          claims) -> None:
    out = tmp_path / "reviews.json"
    assert run(db_path, "export", "claimreview", "-o", str(out)).exit_code == 0
    fresh = tmp_path / "fresh.db"
    result = run(fresh, "import-reviews", str(out))
    assert result.exit_code == 0, result.output
    assert "4 added" in result.stdout
    store = Store(fresh)
    imported = list(store.external_reviews())
    store.close()
    assert [r.text for r in imported] == SENTENCES
    assert [r.verdict for r in imported] == VERDICTS
    assert all(r.rating_flag is None for r in imported)
    # No speaker: the outlet made the claim, and says so as an Organization.
    assert [(r.speaker_name, r.speaker_role, r.speaker_type) for r in imported] == [
        ("Ana Ruiz", "Minister of Finance", "Person"), ("Li Wei", None, "Person"),
        ("Example News", None, "Organization"), ("European Union", None, "Organization")]
    assert {r.url for r in imported} == {
        f"https://factdesk.example.org/checks#claim-{i}" for i in claims}
    assert {r.appearance_url for r in imported} == {"https://news.example/talks"}
    again = run(fresh, "import-reviews", str(out))
    assert "0 added, 0 updated, 4 unchanged" in again.stdout


def test_hostile_claims_cannot_close_the_script_block(db_path: Path, config: Path) -> None:
    # The editor pastes each element into <script type="application/ld+json">: a
    # claim quoting "</script>" must not end it, and C1/bidi controls must not reach
    # a terminal. The JSON still decodes to the claim exactly.
    hostile = ('He wrote "</script><script>alert(1)</script>" & left 3 times'
               " \u009b31m \u202egnp.exe.")
    store = Store(db_path, _reviewer="alice")
    [claim] = add_article(store, [hostile], [{"name": "<b>Eve</b>", "role": None}])
    store.add_verdict(claim, "False", "</script>")
    store.close()
    result = run(db_path, "export", "claimreview")
    assert result.exit_code == 0, result.output
    for unsafe in ("<", ">", "&", "\u009b", "\u202e"):
        assert unsafe not in result.stdout
    [review] = json.loads(result.stdout)
    assert review["claimReviewed"] == hostile
    assert review["itemReviewed"]["author"]["name"] == "<b>Eve</b>"
