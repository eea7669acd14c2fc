"""Reading ClaimReview objects (schema.org JSON-LD) into plain records.

Publishers write ClaimReview loosely: ``author`` may be an object, a list or a bare
name; ``appearance`` an object, a list or a URL; ``reviewRating`` sometimes a list
of one. Those variations carry the same meaning and are accepted. A value of a type
that carries no usable meaning (a number where text belongs, a missing
``claimReviewed`` or ``reviewRating``) skips that one record with a reason; the
rest of the feed still goes in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from workbench.urls import url_problem

MAX_TEXT = 10_000  # characters of claim text kept; a longer "claim" is not one


class RecordSkipped(Exception):
    """One record could not be read; ``str()`` says why, in a few words."""


@dataclass(frozen=True)
class ImportedReview:
    """A fact-check from elsewhere, in the terms workbench stores it."""

    claim_text: str
    rating: str | None = None
    rating_value: str | None = None
    best_rating: str | None = None
    worst_rating: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    publisher_url: str | None = None
    review_date: str | None = None
    speaker_name: str | None = None
    speaker_role: str | None = None
    speaker_type: str | None = None
    claim_date: str | None = None
    appearance_url: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        # A feed's URLs reach CSV, ClaimReview output and, through a reused verdict,
        # a claim's sources: keep only real http(s) URLs (no javascript:, no junk).
        for name in ("url", "publisher_url", "appearance_url"):
            value = getattr(self, name)
            if value is not None and url_problem(value):
                object.__setattr__(self, name, None)

    def key(self) -> tuple[str, str]:
        """``(source, external_id)``: the same review read twice gets the same key.

        Source is the reviewer's site (so one review reached through two feeds is one
        row); the id is the review URL plus a digest of the claim, because one page
        may review several claims.
        """
        source = _site(self.url) or _site(self.publisher_url) or (self.publisher or "").strip()
        folded = " ".join(self.claim_text.split()).casefold()
        digest = hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]
        return source or "unknown publisher", f"{self.url or 'no-url'}|{digest}"


def _site(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def type_names(obj: Mapping[str, Any]) -> set[str]:
    """The local names of an object's ``@type`` (``schema:ClaimReview`` → ``ClaimReview``)."""
    raw = obj.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    found = set()
    for name in names:
        if isinstance(name, str):
            found.add(name.rsplit("/", 1)[-1].rsplit(":", 1)[-1].rsplit("#", 1)[-1])
    return found


def is_claim_review(obj: Mapping[str, Any]) -> bool:
    """True for a ClaimReview object (typed, or untyped but with ``claimReviewed``)."""
    return "ClaimReview" in type_names(obj) or ("@type" not in obj and "claimReviewed" in obj)


def kind_of(value: object) -> str:
    """A JSON value's type in words, for skip reasons ("a number", "text", "a list")."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return "null" if value is None else type(value).__name__


def text(obj: Mapping[str, Any], key: str, where: str = "") -> str | None:
    """``obj[key]`` as stripped text: None when absent or empty, skipped when not text."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        value = value[0]
    if not isinstance(value, str):
        raise RecordSkipped(f"{where}{key} is {kind_of(value)}, not text")
    value = " ".join(value.split())
    return value or None


def _scalar(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    """A rating number kept as text (publishers write 3, 3.0 and "3")."""
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RecordSkipped(f"{where}{key} is {kind_of(value)}, not a number")
    return str(value).strip() or None


def _one(value: object, where: str) -> object:
    """The first element of a non-empty list, else the value itself."""
    if isinstance(value, list):
        if not value:
            return None
        return value[0]
    return value


def _named(value: object, where: str) -> tuple[str | None, str | None, str | None, str | None]:
    """``(name, role, type, url)`` of an author/publisher given as object, list or name."""
    value = _one(value, where)
    if value is None:
        return None, None, None, None
    if isinstance(value, str):
        return (" ".join(value.split()) or None), None, None, None
    if not isinstance(value, Mapping):
        raise RecordSkipped(f"{where} is {kind_of(value)}, not a person or organisation")
    types = type_names(value)
    if "Person" in types or "Organization" in types:
        kind: str | None = "Person" if "Person" in types else "Organization"
    else:
        kind = sorted(types)[0] if types else None
    return (text(value, "name", f"{where}."), text(value, "jobTitle", f"{where}."), kind,
            text(value, "url", f"{where}."))


def _appearance(value: object, where: str) -> str | None:
    value = _one(value, where)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, Mapping):
        raise RecordSkipped(f"{where} is {kind_of(value)}, not a web page")
    return text(value, "url", f"{where}.")


def claim_text(value: str | None) -> str:
    """The claim's text, or the record is skipped: a review of nothing can't be matched."""
    if value is None:
        raise RecordSkipped("missing claimReviewed")
    if len(value) > MAX_TEXT:
        raise RecordSkipped(f"claim text is {len(value)} characters (over {MAX_TEXT})")
    return value


def parse_claim_review(obj: object) -> ImportedReview:
    """One ClaimReview object as an :class:`ImportedReview`, or :class:`RecordSkipped`."""
    if not isinstance(obj, Mapping):
        raise RecordSkipped(f"is {kind_of(obj)}, not a ClaimReview object")
    claim = claim_text(text(obj, "claimReviewed"))
    if "reviewRating" not in obj:
        raise RecordSkipped("missing reviewRating")
    rating_obj = _one(obj["reviewRating"], "reviewRating")
    if not isinstance(rating_obj, Mapping):
        raise RecordSkipped(f"reviewRating is {kind_of(obj['reviewRating'])}, not a Rating")
    rating = text(rating_obj, "alternateName", "reviewRating.") or text(
        rating_obj, "name", "reviewRating.")
    value = _scalar(rating_obj, "ratingValue", "reviewRating.")
    best = _scalar(rating_obj, "bestRating", "reviewRating.")
    worst = _scalar(rating_obj, "worstRating", "reviewRating.")
    if rating is None and value is None:
        raise RecordSkipped("reviewRating has neither alternateName nor ratingValue")
    if rating is None:
        rating = f"{value}/{best}" if best else str(value)
    publisher, _, _, publisher_url = _named(obj.get("author"), "author")
    if publisher is None and obj.get("publisher") is not None:
        publisher, _, _, publisher_url = _named(obj.get("publisher"), "publisher")
    item = _one(obj.get("itemReviewed"), "itemReviewed")
    speaker = (None, None, None, None)
    claim_date = appearance = None
    if item is not None:
        if not isinstance(item, Mapping):
            raise RecordSkipped(f"itemReviewed is {kind_of(item)}, not a Claim")
        speaker = _named(item.get("author"), "itemReviewed.author")
        claim_date = text(item, "datePublished", "itemReviewed.")
        appearance = _appearance(item.get("appearance"), "itemReviewed.appearance") or \
            _appearance(item.get("firstAppearance"), "itemReviewed.firstAppearance")
    return ImportedReview(
        claim_text=claim,
        rating=rating,
        rating_value=value,
        best_rating=best,
        worst_rating=worst,
        url=text(obj, "url"),
        title=text(obj, "headline") or text(obj, "name"),
        publisher=publisher,
        publisher_url=publisher_url,
        review_date=text(obj, "datePublished"),
        speaker_name=speaker[0],
        speaker_role=speaker[1],
        speaker_type=speaker[2],
        claim_date=claim_date,
        appearance_url=appearance,
        language=obj["inLanguage"] if isinstance(obj.get("inLanguage"), str) else None,
    )


@dataclass(frozen=True)
class MappedReview:
    """A review with its rating put on our scale: ``verdict`` is our label, or the
    foreign rating verbatim with ``flag`` saying it did not map."""

    review: ImportedReview
    verdict: str | None
    flag: str | None
