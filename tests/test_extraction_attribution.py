"""Attribution and hostile input, sentence by sentence, then the whole Markdown article.

Each defect a reviewer found on a hostile news article has a sentence-level test
here; the last test drives the article itself through ``extract_claims``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.extraction import ExtractedClaim, extract_claims
from workbench.extraction.numbers import find_quantities
from workbench.extraction.speakers import Speaker, find_speaker

PUBLISHED = dt.date(2024, 3, 6)
ARTICLE = (
    "# Flood toll rises to 1,200 — officials\n\n"
    "*Photo: AP/John Doe*\n\n"
    "By Jane Roe, Reuters\n\n"
    "Lt. Gen. Ahmed Khan of the U.S.-backed coalition said on Tuesday that at least 1,200 "
    "people had died, up from 800 last week. \"We have never seen anything like this,\" he "
    "told reporters in Karachi.\n\n"
    "- The government denied that aid was blocked.\n"
    "- Prices rose 3.5% in October, the highest since 2008.\n\n"
    "[bold red]Injected[/] text with \x1b]0;pwned\x07 escapes: 12 soldiers were killed in "
    "Quetta on 3 March 2024.\n\n"
    "Will the rains stop? Thank you for reading.\n\n"
    "AAPL 182.30 +1.2%\n"
)
KHAN = {"name": "Ahmed Khan", "role": "Lt. Gen. of the U.S.-backed coalition", "type": "Person"}


def _only(text: str) -> ExtractedClaim:
    claims = extract_claims(text, PUBLISHED)
    assert len(claims) == 1, [c.text for c in claims]
    assert text[claims[0].start : claims[0].end] == claims[0].text
    return claims[0]


def _speaker(sentence: str, history: list[Speaker] | None = None) -> dict[str, str | None] | None:
    found = find_speaker(sentence, history)
    return found.as_value() if found else None


# --- 1. a ranked name with an affiliation before the reporting verb ------------


def test_ranked_name_with_affiliation_is_the_speaker_of_a_quote() -> None:
    claim = _only(
        "Lt. Gen. Ahmed Khan of the U.S.-backed coalition said on Tuesday that at least "
        "1,200 people had died."
    )
    assert claim.values["speaker"] == KHAN
    assert "quote" in claim.kinds
    assert "speaker: Ahmed Khan" in claim.reasons


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "Ahmed Khan of the Bank of England said rates rose.",
            {"name": "Ahmed Khan", "role": "of the Bank of England", "type": "Person"},
        ),
        (
            "President Joe Biden of the United States said 12 people died.",
            {"name": "Joe Biden", "role": "President of the United States", "type": "Person"},
        ),
        (
            "The Bank of England said rates rose.",
            {"name": "Bank of England", "role": None, "type": "Organization"},
        ),
        (
            "Officials at the ministry said 12 people died.",
            {"name": "Officials at the ministry", "role": None, "type": "Organization"},
        ),
        (
            "Afghan officials at the talks said they failed.",
            {"name": "Afghan officials at the talks", "role": None, "type": "Organization"},
        ),
    ],
)
def test_affiliation_after_the_name(sentence: str, speaker: dict[str, str | None]) -> None:
    assert _speaker(sentence) == speaker


def test_appositive_between_commas_joins_the_role() -> None:
    claim = _only("Dr. Maria Lopez, a virologist at the WHO, said 40 people were infected.")
    assert claim.values["speaker"] == {
        "name": "Maria Lopez",
        "role": "Dr., a virologist at the WHO",
        "type": "Person",
    }
    # A participle aside is skipped but is no role.
    sentence = "Information Minister Attaullah Tarar, addressing the media, said it failed."
    assert _speaker(sentence) == {
        "name": "Attaullah Tarar",
        "role": "Information Minister",
        "type": "Person",
    }
    assert _speaker("John Smith, who chairs the panel, said it failed.") == {
        "name": "John Smith",
        "role": None,
        "type": "Person",
    }


def test_appositive_after_an_inverted_attribution() -> None:
    claim = _only("Twelve soldiers were killed, said Ahmed Khan, the army chief.")
    assert claim.values["speaker"] == {
        "name": "Ahmed Khan",
        "role": "the army chief",
        "type": "Person",
    }
    assert _speaker("“We lost 12 men,” said Ahmed Khan, the army chief, on Monday.") == {
        "name": "Ahmed Khan",
        "role": "the army chief",
        "type": "Person",
    }


def test_capitalised_reporting_verbs_inside_names_are_not_verbs() -> None:
    claim = _only("The United States sent 12 ships.")
    assert not any(r.startswith("reported:") for r in claim.reasons)
    assert _speaker("Consumer Reports found that prices rose.") is None
    # A title-case headline keeps its verb.
    assert _speaker("Defence Minister Khawaja Asif Says Talks Failed") == {
        "name": "Khawaja Asif",
        "role": "Defence Minister",
        "type": "Person",
    }


# --- 2. pronouns and bare titles continue the latest attribution ---------------


def test_he_after_a_ranked_speaker_resolves_to_him() -> None:
    text = (
        "Lt. Gen. Ahmed Khan of the U.S.-backed coalition said 1,200 people had died. "
        "\"We have never seen anything like this,\" he told reporters in Karachi."
    )
    claims = extract_claims(text, PUBLISHED)
    told = next(c for c in claims if "he told" in c.text)
    assert told.values["speaker"] == KHAN
    assert "quote" in told.kinds


def test_a_bare_title_resolves_to_the_speaker_who_holds_it() -> None:
    text = (
        "Defence Minister Khawaja Asif said 12 soldiers died. "
        "The minister told Reuters that four more were wounded."
    )
    claims = extract_claims(text, PUBLISHED)
    assert claims[-1].values["speaker"] == {
        "name": "Khawaja Asif",
        "role": "Defence Minister",
        "type": "Person",
    }
    assert _speaker("The minister told Reuters the talks failed.") is None


# --- 3. terminal control strings (more in test_extraction_robustness.py) ----------


def test_osc_title_string_is_neither_a_number_nor_a_past_tense() -> None:
    text = "Injected text with \x1b]0;pwned\x07 escapes: 12 soldiers were killed in Quetta."
    claim = _only(text)
    assert [q["value"] for q in claim.values["quantities"]] == [12]
    assert "number: 0" not in claim.reasons
    assert "past tense: 'pwned'" not in claim.reasons


# --- 4. boilerplate stays out -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "By Jane Roe, Reuters",
        "*Photo: AP/John Doe*",
        "**Photo:** 12 soldiers at the border in 2024.",
        "*By Jane Roe*",
        "Will the rains stop?",
        "Thank you for reading.",
        "AAPL 182.30 +1.2%",
    ],
)
def test_bylines_captions_questions_greetings_and_tickers_are_not_claims(text: str) -> None:
    assert extract_claims(text, PUBLISHED) == []


# --- 5. a headline with a trailing attribution ----------------------------------


def test_headline_keeps_its_figure_and_names_its_source() -> None:
    claim = _only("# Flood toll rises to 1,200 — officials")
    assert claim.text == "Flood toll rises to 1,200 — officials"
    quantity = claim.values["quantities"][0]
    assert (quantity["value"], quantity["counts"]) == (1200, "toll")
    assert claim.values["speaker"] == {"name": "officials", "role": None, "type": "Organization"}
    assert _speaker("Flood toll rises to 1,200 - Reuters") == {
        "name": "Reuters",
        "role": None,
        "type": "Organization",  # a news agency
    }
    assert _speaker("Four people died — a tragedy.") is None


def test_a_level_counts_its_subject_when_nothing_follows_the_number() -> None:
    counts = [q["counts"] for q in find_quantities("The toll rose to five, and 4 men fled.")]
    assert counts == ["toll", "men"]
    assert find_quantities("It rose to 12.")[0]["counts"] is None


# --- the article as a whole ---------------------------------------------------------


def test_the_hostile_article() -> None:
    claims = extract_claims(ARTICLE, PUBLISHED)
    for claim in claims:
        assert ARTICLE[claim.start : claim.end] == claim.text
    texts = [c.text for c in claims]
    assert not any(
        fragment in text
        for text in texts
        for fragment in ("Jane Roe", "Photo", "rains", "Thank you", "AAPL")
    )
    by_start = {c.text[:20]: c for c in claims}
    assert by_start["Lt. Gen. Ahmed Khan "].values["speaker"] == KHAN
    assert by_start["\"We have never seen "].values["speaker"] == KHAN
    injected = next(c for c in claims if "Quetta" in c.text)
    assert injected.text.startswith("[bold red]Injected[/]")
    assert not any("pwned" in r or r == "number: 0" for r in injected.reasons)
    assert by_start["Flood toll rises to "].values["quantities"][0]["counts"] == "toll"


@pytest.mark.parametrize(
    "sentence",
    [
        "And I said it numerous times.",
        "I'll just say this: 12 people died.",
        "You've said the Mexican government will pay for it.",
        "Here's a man -- Robin Hood.",
        "An incredible guy, respected by all — Senator Lamar Alexander.",
        "You seem to, time and again, side with the accused.",
    ],
)
def test_speech_forms_name_no_speaker(sentence: str) -> None:
    assert _speaker(sentence) is None


def test_group_in_a_place_and_a_skipped_adverb() -> None:
    assert _speaker("Officials in Kabul said 12 people died.") == {
        "name": "Officials in Kabul",
        "role": None,
        "type": "Organization",
    }
    assert _speaker("Governor Matt Bevin of Kentucky just said it is failing.") == {
        "name": "Matt Bevin",
        "role": "Governor of Kentucky",
        "type": "Person",
    }


# --- 6. a place or time between the name and the verb is not the speaker ---------


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "Ahmed Khan in Karachi said the toll rose to 12.",
            {"name": "Ahmed Khan", "role": None, "type": "Person"},
        ),
        (
            "Ahmed Khan, in Karachi, said the toll rose to 12.",
            {"name": "Ahmed Khan", "role": None, "type": "Person"},
        ),
        (
            "Defence Minister Khawaja Asif in Islamabad said 12 soldiers died.",
            {"name": "Khawaja Asif", "role": "Defence Minister", "type": "Person"},
        ),
        (
            "Reuters in London said 12 people died.",
            {"name": "Reuters", "role": None, "type": "Organization"},
        ),
        (
            "Ahmed Khan in the Swat Valley said the toll rose to 12.",
            {"name": "Ahmed Khan", "role": None, "type": "Person"},
        ),
        (
            "Ahmed Khan on Tuesday said the toll rose to 12.",
            {"name": "Ahmed Khan", "role": None, "type": "Person"},
        ),
        (
            "Ahmed Khan in Karachi on Tuesday said the toll rose to 12.",
            {"name": "Ahmed Khan", "role": None, "type": "Person"},
        ),
        (
            "Ahmed Khan last week said the toll rose to 12.",
            {"name": "Ahmed Khan", "role": None, "type": "Person"},
        ),
        (
            "Afghan officials on Tuesday said the toll rose to 12.",
            {"name": "Afghan officials", "role": None, "type": "Organization"},
        ),
        (
            "Ahmed Khan in Karachi, Pakistan, said 12 died.",
            {"name": "Ahmed Khan", "role": None, "type": "Person"},
        ),
        (
            "Ahmed Khan, the army chief, in Karachi said 12 died.",
            {"name": "Ahmed Khan", "role": "the army chief", "type": "Person"},
        ),
        (
            "Lt. Gen. Ahmed Khan of the U.S.-backed coalition in Karachi said 12 died.",
            {
                "name": "Ahmed Khan",
                "role": "Lt. Gen. of the U.S.-backed coalition",
                "type": "Person",
            },
        ),
        # A group keeps the place it is qualified by, as "Officials in Kabul" does.
        (
            "Police in Kabul said the toll rose to 12.",
            {"name": "Police in Kabul", "role": None, "type": "Organization"},
        ),
        (
            "Afghan police in Kabul on Tuesday said the toll rose to 12.",
            {"name": "Afghan police in Kabul", "role": None, "type": "Organization"},
        ),
        # A real speaker named after "in" stays the speaker.
        (
            "In Kabul, Taliban spokesman Zabihullah Mujahid said 12 died.",
            {"name": "Zabihullah Mujahid", "role": "Taliban spokesman", "type": "Person"},
        ),
        (
            "Speaking to reporters in Karachi, Ahmed Khan said 12 died.",
            {"name": "Ahmed Khan", "role": None, "type": "Person"},
        ),
    ],
)
def test_a_place_or_time_before_the_verb_is_skipped(
    sentence: str, speaker: dict[str, str | None]
) -> None:
    assert _speaker(sentence) == speaker


def test_place_skipped_in_a_whole_claim_keeps_the_place_as_a_place() -> None:
    claim = _only("Ahmed Khan in Karachi said the toll rose to 12.")
    assert claim.values["speaker"] == {"name": "Ahmed Khan", "role": None, "type": "Person"}
    assert claim.values["places"] == ["Karachi"]
    assert "speaker: Ahmed Khan" in claim.reasons
    assert find_speaker("Ahmed Khan in Karachi said the toll rose to 12.") == Speaker(
        "Ahmed Khan", None, person=True
    )


def test_a_bare_title_in_a_place_is_the_titled_speaker_not_the_city() -> None:
    sentence = "The minister in Islamabad said the toll rose to 12."
    asif = Speaker("Khawaja Asif", "Defence Minister", person=True)
    assert _speaker(sentence, [asif]) == asif.as_value()
    # No earlier minister: nobody is named (as for "The minister told Reuters").
    assert _speaker(sentence) is None


# --- 7. countries and organisations are not persons -----------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The United States said 12 ships sank.", "United States"),
        ("The United Nations said 12 people died.", "United Nations"),
        ("Pakistan said 12 soldiers died.", "Pakistan"),
        ("The European Union said 12 ships sank.", "European Union"),
        ("Saudi Arabia said 12 soldiers died.", "Saudi Arabia"),
        ("United States officials said 12 ships sank.", "United States officials"),
        ("The New York Times reported that 12 people died.", "New York Times"),
        ("According to the United Nations, 12 people died.", "United Nations"),
        ("According to the World Health Organization, 12 people died.",
         "World Health Organization"),
        ("Human Rights Watch said 12 people died.", "Human Rights Watch"),
    ],
)
def test_countries_and_organisations_are_not_persons(sentence: str, name: str) -> None:
    assert find_speaker(sentence) == Speaker(name, None, person=False, organisation=True)
    assert _speaker(sentence) == {"name": name, "role": None, "type": "Organization"}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # A group speaks for a body; schema.org has no author type for it but these two.
        ("Afghan officials said 12 soldiers died.", "Afghan officials"),
        ("Officials at the ministry said 12 people died.", "Officials at the ministry"),
        ("The Pakistani delegation said 12 soldiers died.", "Pakistani delegation"),
        ("Police in Kabul said the toll rose to 12.", "Police in Kabul"),
        ("According to officials, 12 people died.", "officials"),
        # The head of the name decides, not its complement ("of Justice").
        ("The Department of Justice said 12 people were charged.", "Department of Justice"),
        ("The Bank of England said rates rose.", "Bank of England"),
        # A one-word country or capital speaks for its government.
        ("Islamabad said 12 soldiers died.", "Islamabad"),
    ],
)
def test_groups_and_bodies_are_organizations(sentence: str, name: str) -> None:
    assert _speaker(sentence) == {"name": name, "role": None, "type": "Organization"}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # One name says nothing either way: a Person, as every speaker was before.
        ("Putin said 12 soldiers died.", "Putin"),
        ("Bloomberg said 12 soldiers died.", "Bloomberg"),  # the agency, or Michael
        # An office-holder left unnamed is one person, whatever the office belongs to.
        ("The Iranian president said 12 soldiers died.", "Iranian president"),
        ("The Secretary of State said 12 ships sank.", "Secretary of State"),
        ("The Defence Ministry spokesman said 12 soldiers died.", "Defence Ministry spokesman"),
        # Two people are no organisation.
        ("Donald Trump and Mike Pence said 12 plants closed.", "Donald Trump and Mike Pence"),
    ],
)
def test_speakers_not_known_as_organisations_stay_persons(sentence: str, name: str) -> None:
    found = find_speaker(sentence)
    assert found is not None and not found.person  # "he" may not mean them ...
    assert found.as_value() == {"name": name, "role": None, "type": "Person"}  # ... still Person


def test_a_speaker_is_never_both_a_person_and_an_organisation() -> None:
    with pytest.raises(ValueError, match="both"):
        Speaker("Ahmed Khan", None, person=True, organisation=True)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Khawaja Asif said 12 soldiers died.", Speaker("Khawaja Asif", None, person=True)),
        ("Georgia Smith said 12 soldiers died.", Speaker("Georgia Smith", None, person=True)),
        (
            "President Joe Biden of the United States said 12 people died.",
            Speaker("Joe Biden", "President of the United States", person=True),
        ),
        ("Theresa May said 12 soldiers died.", Speaker("Theresa May", None, person=True)),
        # "The" belongs to the possessor; the possessor stays in the name, as before.
        (
            "The Taliban’s Zabihullah Mujahid said 12 people died.",
            Speaker("Taliban’s Zabihullah Mujahid", None, person=True),
        ),
    ],
)
def test_people_stay_persons(sentence: str, speaker: Speaker) -> None:
    assert find_speaker(sentence) == speaker


def test_he_skips_a_country_for_the_person_before_it() -> None:
    text = (
        "Defence Minister Khawaja Asif said 12 soldiers died. "
        "The United States said 14 ships sank. "
        "He added that four more soldiers were wounded."
    )
    claims = extract_claims(text, PUBLISHED)
    assert [c.values["speaker"] for c in claims] == [
        {"name": "Khawaja Asif", "role": "Defence Minister", "type": "Person"},
        {"name": "United States", "role": None, "type": "Organization"},
        {"name": "Khawaja Asif", "role": "Defence Minister", "type": "Person"},
    ]


def test_an_organisation_after_a_headline_dash_is_its_source() -> None:
    # A person after a dash is speech; an organisation is the attribution.
    assert _speaker("Flood toll rises to 1,200 — the United Nations") == {
        "name": "United Nations",
        "role": None,
        "type": "Organization",
    }
    assert _speaker("An incredible guy, respected by all — Senator Lamar Alexander.") is None


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        # A religious title is a role: "the" before it is AP style, not an institution's.
        ("The Rev. Jesse Jackson said 3,000 people marched.", "Jesse Jackson", "Rev."),
        ("The Reverend Al Sharpton said 5,000 people rallied.", "Al Sharpton", "Reverend"),
        ("Bishop Desmond Tutu said 300 homes were destroyed.", "Desmond Tutu", "Bishop"),
        ("Ayatollah Ali Khamenei said 20 missiles were fired.", "Ali Khamenei", "Ayatollah"),
        ("The Dalai Lama said 40 monks were arrested.", "Dalai Lama", None),
    ],
)
def test_religious_titles_make_people_not_organisations(sentence: str, name: str,
                                                        role: str | None) -> None:
    found = find_speaker(sentence)
    assert found is not None
    assert found.as_value() == {"name": name, "role": role, "type": "Person"}


@pytest.mark.parametrize("agency", ["Reuters", "AP", "AFP", "Xinhua", "TASS"])
def test_news_agencies_are_organisations(agency: str) -> None:
    found = find_speaker(f"{agency} said 12 people died in the floods.")
    assert found is not None and not found.person
    assert found.as_value() == {"name": agency, "role": None, "type": "Organization"}


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        # Names ending in -ly are not adverbs ("reportedly" is, in lower case).
        ("Emily Kelly said 12 people died.", "Emily Kelly", None),
        ("Ms. Reilly said 40 percent rose.", "Reilly", "Ms."),
        ("Kelly reportedly said 12 people died.", "Kelly", None),
        # A sentence-initial connective is not part of the name or the role.
        ("So Kelly said 12 people died.", "Kelly", None),
        ("But Governor Pence said 12 plants closed.", "Pence", "Governor"),
        ("And Sean Hannity said 3 million watched.", "Sean Hannity", None),
    ],
)
def test_names_ending_in_ly_and_leading_connectives(sentence: str, name: str,
                                                    role: str | None) -> None:
    found = find_speaker(sentence)
    assert found is not None
    assert found.as_value() == {"name": name, "role": role, "type": "Person"}


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("A UN official said 40 percent rose.",
         {"name": "UN official", "role": None, "type": "Person"}),
        ("An Afghan official said 12 soldiers died.",
         {"name": "Afghan official", "role": None, "type": "Person"}),
        ("A. J. Smith said 12 soldiers died.",
         {"name": "A. J. Smith", "role": None, "type": "Person"}),  # an initial, kept
        ("A report said 12 soldiers died.", None),  # names nobody
    ],
)
def test_an_indefinite_article_is_no_part_of_the_speaker(sentence: str,
                                                         speaker: dict | None) -> None:
    found = find_speaker(sentence)
    assert (found.as_value() if found else None) == speaker
