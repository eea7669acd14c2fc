"""Unit tests for each extraction stage: segmentation, numbers, dates, speakers, places."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.extraction.dates import find_dates
from workbench.extraction.nonclaims import non_claim_reason
from workbench.extraction.numbers import find_ordinals, find_quantities, parse_number_words
from workbench.extraction.places import find_places
from workbench.extraction.segment import blocks, sentences
from workbench.extraction.speakers import Speaker, find_quotes, find_speaker

PUBLISHED = dt.date(2025, 11, 8)  # a Saturday


# --- segmentation -----------------------------------------------------------


def _texts(text: str) -> list[str]:
    found = sentences(text)
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
    return [s.text for s in found]


def test_abbreviations_do_not_split_a_sentence() -> None:
    text = "Lt. Gen. John Smith met U.S. officials in Kabul. They left."
    assert _texts(text) == ["Lt. Gen. John Smith met U.S. officials in Kabul.", "They left."]


def test_decimals_do_not_split_a_sentence() -> None:
    text = "Inflation rose to 3.5 percent in May. Prices fell."
    assert _texts(text) == ["Inflation rose to 3.5 percent in May.", "Prices fell."]


def test_quotations_do_not_split_a_sentence() -> None:
    text = 'He said "It is over. We are leaving." and walked out. Nobody followed.'
    assert _texts(text) == [
        'He said "It is over. We are leaving." and walked out.',
        "Nobody followed.",
    ]


def test_paragraphs_are_numbered_and_offsets_absolute() -> None:
    text = "First one. Second one.\n\nThird one."
    found = sentences(text)
    assert [(s.text, s.paragraph) for s in found] == [
        ("First one.", 0),
        ("Second one.", 0),
        ("Third one.", 1),
    ]
    assert found[2].start == text.index("Third")


def test_markdown_markers_are_outside_the_spans_and_code_is_ignored() -> None:
    text = (
        "# Talks collapse\n\n- Four people died.\n- Five were hurt.\n\n"
        "> Quoted claim here.\n\n```\nx = 5 killed\n```\nAfter the code."
    )
    assert _texts(text) == [
        "Talks collapse",
        "Four people died.",
        "Five were hurt.",
        "Quoted claim here.",
        "After the code.",
    ]


def test_crlf_paragraphs() -> None:
    text = "One claim here.\r\n\r\nAnother claim.\r\n"
    assert _texts(text) == ["One claim here.", "Another claim."]
    assert len(blocks(text)) == 2


def test_long_paragraph_without_breaks_is_still_covered() -> None:
    text = " ".join(f"Sentence number {i} has words." for i in range(600))
    found = _texts(text)
    assert len(found) == 600
    assert found[-1] == "Sentence number 599 has words."


def test_empty_and_blank_inputs_have_no_sentences() -> None:
    assert sentences("") == []
    assert sentences(" \n\n\t ") == []


# --- numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("four", 4),
        ("twenty-one", 21),
        ("one hundred and five", 105),
        ("two million", 2_000_000),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("a million", 1_000_000),
    ],
)
def test_number_words(words: str, value: int) -> None:
    assert parse_number_words(words.split())[0] == value


def test_not_a_number_word() -> None:
    assert parse_number_words(["peace", "talks"]) == (None, 0)


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier", "unit", "counts"),
    [
        ("At least five soldiers died.", 5, "at least", None, "soldiers"),
        ("More than 1,200 people fled.", 1200, "more than", None, "people"),
        ("It grew by 3.5 percent.", 3.5, None, "percent", None),
        ("They lost 2 million jobs.", 2_000_000, None, None, "jobs"),
        ("Nearly 40% of voters agreed.", 40, "nearly", "percent", "voters"),
        ("He paid about $50,000 in fines.", 50_000, "about", "dollars", None),
        ("Up to twenty-one boats sank.", 21, "up to", None, "boats"),
        ("Over a dozen homes burned.", 12, "over", None, "homes"),
        ("Around 300 troops arrived.", 300, "around", None, "troops"),
        ("Some 60,000 factories closed.", 60_000, "some", None, "factories"),
    ],
)
def test_quantities(
    sentence: str, value: float, qualifier: str | None, unit: str | None, counts: str | None
) -> None:
    quantity = find_quantities(sentence)[0]
    assert (quantity["value"], quantity["qualifier"], quantity["unit"], quantity["counts"]) == (
        value,
        qualifier,
        unit,
        counts,
    )


def test_elided_noun_is_inherited() -> None:
    found = find_quantities("Four civilians were killed and five wounded.")
    assert [(q["value"], q["counts"], q["event"]) for q in found] == [
        (4, "civilians", "killed"),
        (5, "civilians", "wounded"),
    ]


def test_event_before_the_number() -> None:
    assert find_quantities("The blast killed at least 12 people.")[0]["event"] == "killed"


def test_codes_times_and_excluded_spans_are_not_quantities() -> None:
    assert find_quantities("COVID-19 grounded F-16 jets at 5 p.m. and 10:30.") == []
    assert find_quantities("No one came.") == []
    assert find_quantities("It ended in 2021.", exclude=[(10, 14)]) == []


def test_ordinals() -> None:
    assert find_ordinals("The third round failed in the 21st century.") == [
        {"value": 3, "text": "third", "counts": "round"},
        {"value": 21, "text": "21st", "counts": "century"},
    ]


# --- dates ------------------------------------------------------------------


Mention = tuple[str, str | None, str]


def _isos(sentence: str, published: dt.date | None = PUBLISHED) -> list[Mention]:
    return [(d.text, d.iso, d.granularity) for d in find_dates(sentence, published)]


def test_day_range_takes_the_most_recent_year() -> None:
    assert _isos("Talks were held on 6 and 7 November.") == [
        ("6 November", "2025-11-06", "day"),
        ("7 November", "2025-11-07", "day"),
    ]


def test_a_yearless_date_far_after_publication_is_last_year() -> None:
    assert _isos("It began on 20 December.") == [("20 December", "2024-12-20", "day")]


def test_a_yearless_date_just_after_publication_stays_this_year() -> None:
    assert _isos("The summit opens on 12 November.") == [("12 November", "2025-11-12", "day")]


@pytest.mark.parametrize(
    "sentence", ["on November 6, 2025", "on 6 Nov 2025", "on 2025-11-06", "on 6th of November 2025"]
)
def test_explicit_day_formats(sentence: str) -> None:
    assert [d.iso for d in find_dates(sentence, None)] == ["2025-11-06"]


def test_weekdays_and_relative_days() -> None:
    assert _isos("He spoke on Friday.") == [("Friday", "2025-11-07", "day")]
    assert _isos("He spoke on Saturday.") == [("Saturday", "2025-11-08", "day")]
    assert _isos("They met last Saturday.") == [("last Saturday", "2025-11-01", "day")]
    assert _isos("It happened yesterday.") == [("yesterday", "2025-11-07", "day")]
    assert _isos("It happened last week.") == [("last week", "2025-W44", "week")]
    assert _isos("It happened last month.") == [("last month", "2025-10", "month")]


def test_months_and_years() -> None:
    assert _isos("Prices rose in November.") == [("November", "2025-11", "month")]
    assert _isos("Prices rose in December.") == [("December", "2024-12", "month")]
    assert _isos("They returned to power in 2021.") == [("2021", "2021", "year")]
    assert _isos("In March 2020 it began.") == [("March 2020", "2020-03", "month")]


def test_counts_that_look_like_years_are_not_dates() -> None:
    assert find_dates("About 2000 troops arrived.", PUBLISHED) == []


def test_unresolved_without_publication_date() -> None:
    assert _isos("He spoke on Friday.", None) == [("Friday", None, "day")]
    assert _isos("on 6 November", None) == [("6 November", None, "day")]


def test_may_the_modal_is_not_a_month() -> None:
    assert find_dates("Prices may 5 times rise.", PUBLISHED) == []


# --- speakers and quotes ------------------------------------------------------


def _speaker(sentence: str, history: list[Speaker] | None = None) -> dict[str, str | None] | None:
    found = find_speaker(sentence, history)
    return found.as_value() if found else None


def test_role_and_name() -> None:
    assert _speaker(
        "Pakistan’s Defence Minister Khawaja Asif described the talks as a failure."
    ) == {"name": "Khawaja Asif", "role": "Pakistan’s Defence Minister", "type": "Person"}
    assert _speaker("Taliban spokesperson Zabihullah Mujahid said it failed.") == {
        "name": "Zabihullah Mujahid",
        "role": "Taliban spokesperson",
        "type": "Person",
    }


def test_inverted_attribution_and_abbreviated_rank() -> None:
    assert _speaker("“We will not yield,” said Lt. Gen. John Smith.") == {
        "name": "John Smith",
        "role": "Lt. Gen.",
        "type": "Person",
    }


def test_according_to() -> None:
    assert _speaker("According to the Interior Ministry, 12 people died.") == {
        "name": "Interior Ministry",
        "role": None,
        "type": "Organization",
    }


def test_aside_between_subject_and_verb() -> None:
    sentence = "Information Minister Attaullah Tarar, addressing the media, said it failed."
    assert _speaker(sentence) == {
        "name": "Attaullah Tarar",
        "role": "Information Minister",
        "type": "Person",
    }


def test_pronouns_resolve_to_the_latest_fitting_speaker() -> None:
    person = Speaker("Khawaja Asif", "Defence Minister", person=True)
    group = Speaker("Afghan officials", None, person=False, organisation=True)
    assert _speaker("He claimed it failed.", [person, group]) == person.as_value()
    assert _speaker("They alleged it failed.", [person, group]) == {
        "name": "Afghan officials",
        "role": None,
        "type": "Organization",
    }
    assert _speaker("He claimed it failed.", []) is None


def test_generic_and_first_person_subjects_name_nobody() -> None:
    assert _speaker("Analysts say the impasse is serious.") is None
    assert _speaker("I said it was wrong.") is None
    assert _speaker("The talks ended.") is None


def test_quotes_curly_and_straight() -> None:
    assert find_quotes('He called it a "complete deadlock."') == ["complete deadlock"]
    assert find_quotes("He called it a “complete deadlock”.") == ["complete deadlock"]
    assert find_quotes("She said ‘no deal’ twice.") == ["no deal"]
    assert find_quotes("It’s the Taliban’s view.") == []


# --- places -----------------------------------------------------------------


def test_places_from_gazetteer_and_prepositions() -> None:
    assert find_places("Talks in Istanbul between Kabul and Islamabad’s envoys.") == [
        "Istanbul",
        "Kabul",
        "Islamabad",
    ]
    assert find_places("They met at Camp David.") == ["Camp David"]
    assert find_places("In November, in Congress, on Friday.") == []


# --- non-claims ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Based On ANI Report", "byline"),
        ("By Jane Doe", "byline"),
        ("(Reuters)", "byline"),
        ("Reporting by John Smith; Editing by Ann Lee", "byline"),
        ("Photo: Soldiers at the border crossing.", "photo caption"),
        ("File photo of the talks in Doha.", "photo caption"),
        ("Troops patrol the border. (AP Photo/Anjum Naveed)", "photo caption"),
        ("Image credit: AFP", "photo caption"),
        ("AAPL 182.30 +1.2%", "stock ticker"),
        ("AAPL 182.30 +1.2% MSFT 410.10 -0.5%", "stock ticker"),
        ("Did four people die?", "question"),
        ("Thank you very much.", "greeting"),
        ("Good evening, and welcome to the debate.", "greeting"),
    ],
)
def test_non_claims(sentence: str, reason: str) -> None:
    assert non_claim_reason(sentence) == reason


@pytest.mark.parametrize(
    "sentence",
    ["By Friday, 12 people had died.", "Four people died.", "The AP reported 4 deaths."],
)
def test_claims_are_not_mistaken_for_boilerplate(sentence: str) -> None:
    assert non_claim_reason(sentence) is None
