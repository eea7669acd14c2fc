"""Building schema.org ClaimReview JSON-LD from published verdicts.

Follows Google's ClaimReview field list (developers.google.com/search/docs/
appearance/structured-data/factcheck): required ``claimReviewed``, ``reviewRating``
(with ``alternateName``) and ``url``; recommended ``author`` and ``datePublished``
of the review, and ``itemReviewed``, a ``Claim`` with its own ``author`` (who made
the claim), ``datePublished`` and ``appearance`` (where it was published).

Who made the claim: the speaker the extractor found in the claim's values, as a
``Person`` (with ``jobTitle``, the role) or, when the value's ``type`` says
``"Organization"`` ("The United States said"), as an ``Organization`` with no
``jobTitle`` (schema.org gives an Organization none). Values stored before that key
existed have no ``type`` and stay a ``Person``, as they were published then. When the
sentence names no speaker, the claim is the article's own assertion, so its author is
the outlet (an ``Organization``). With neither, ``author`` is left out rather than
invented.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from workbench.interchange.ratings import ExportScale
from workbench.interchange.settings import Organisation
from workbench.text_safety import script_safe_json

CONTEXT = "https://schema.org"


def _speaker(values: Mapping[str, Any]) -> dict[str, Any] | None:
    """The claim's author from its speaker value, or None when it names nobody.

    Only ``type == "Organization"`` makes an Organization: a missing key (a claim
    stored before it existed) or any other value publishes a Person, as before.
    """
    speaker = values.get("speaker")
    if not isinstance(speaker, Mapping):
        return None
    name = speaker.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    if speaker.get("type") == "Organization":
        return {"@type": "Organization", "name": name.strip()}
    person: dict[str, Any] = {"@type": "Person", "name": name.strip()}
    role = speaker.get("role")
    if isinstance(role, str) and role.strip():
        person["jobTitle"] = role.strip()
    return person


def _claim(row: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = {"@type": "Claim"}
    author = _speaker(values)
    if author is None and row.get("article_outlet"):
        author = {"@type": "Organization", "name": row["article_outlet"]}
    if author is not None:
        claim["author"] = author
    if row.get("article_published"):
        claim["datePublished"] = row["article_published"]
    if row.get("article_url"):
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": row["article_url"]}
        if row.get("article_title"):
            appearance["headline"] = row["article_title"]
        claim["appearance"] = appearance
    return claim


def claim_review(row: Mapping[str, Any], org: Organisation, scale: ExportScale) -> dict[str, Any]:
    """One ClaimReview for one published verdict row of the store.

    ``row`` has ``claim_id``, ``claim_text``, ``values`` (JSON text), ``verdict``,
    ``published_at`` and the article's ``article_url``, ``article_title``,
    ``article_outlet``, ``article_published``.
    """
    raw_values = row.get("values")
    values = json.loads(raw_values) if isinstance(raw_values, str) and raw_values else {}
    if not isinstance(values, Mapping):
        values = {}
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": org.claim_url(row["claim_id"]),
        "claimReviewed": row["claim_text"],
        "reviewRating": scale.rating(row["verdict"]),
        "author": {"@type": "Organization", "name": org.name, "url": org.url},
        "itemReviewed": _claim(row, values),
    }
    if row.get("published_at"):
        review["datePublished"] = row["published_at"]
    return review


def write_claim_reviews(
    rows: Iterable[Mapping[str, Any]], out: TextIO, org: Organisation, scale: ExportScale,
) -> int:
    """Write a JSON array of ClaimReviews one element at a time; return how many.

    Each element carries its own ``@context``, so any one can be pasted into a page's
    ``<script type="application/ld+json">`` as it is.
    """
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(script_safe_json(claim_review(row, org, scale)))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
