"""Finding ClaimReviews in whatever a desk publishes, and reporting what was skipped.

Shapes read (decided by content, not by file name):

- **JSON-LD**: one ClaimReview, an array of them, or a ``@graph``; ClaimReviews
  nested in other objects (a ``WebPage``'s ``mainEntity``) are found too.
- **HTML**: every ``<script type="application/ld+json">`` block, read with the
  standard library's :mod:`html.parser` (no microdata or RDFa: publishers that use
  ClaimReview put it in JSON-LD, as Google asks).
- **Google Fact Check Tools API** (``claims:search``): ``claims[].claimReview[]``,
  where the claim carries ``text``/``claimant``/``claimDate`` and each review its
  ``publisher``, ``url``, ``title``, ``reviewDate`` and ``textualRating``.
- **Data Commons fact-check feed**: a ``DataFeed`` with ``dataFeedElement[].item[]``.

A file that cannot be read at all (not JSON, not UTF-8, no ClaimReview anywhere)
is a :class:`~workbench.errors.WorkbenchError`; a bad record is skipped with its
location and reason while the good ones are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from workbench.errors import WorkbenchError
from workbench.interchange.claimreview_import import (
    ImportedReview,
    MappedReview,
    RecordSkipped,
    claim_text,
    is_claim_review,
    kind_of,
    parse_claim_review,
    text,
    type_names,
)
from workbench.interchange.ratings import ImportMapping

MAX_DEPTH = 32  # nesting followed when looking for ClaimReviews inside other objects


@dataclass(frozen=True)
class Skipped:
    """A record left out: where it was in the feed, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Feed:
    """What a feed held: its shape, the reviews read and the records skipped."""

    shape: str
    reviews: list[ImportedReview] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def add(self, where: str, read: Any) -> None:
        """Run ``read()`` for one record; keep its review or note why it was skipped."""
        try:
            self.reviews.append(read())
        except RecordSkipped as err:
            self.skipped.append(Skipped(where, str(err)))


class _JsonLdScripts(HTMLParser):
    """Collects the text of ``<script type="application/ld+json">`` elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = (dict(attrs).get("type") or "").split(";", 1)[0].strip().lower()
            self._inside = kind == "application/ld+json"
            if self._inside:
                self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def json_ld_scripts(html: str) -> list[str]:
    """The JSON-LD blocks of an HTML page, with comment/CDATA wrappers removed."""
    parser = _JsonLdScripts()
    parser.feed(html)
    parser.close()
    cleaned = []
    for block in parser.blocks:
        body = block.strip()
        for opener, closer in (("<!--", "-->"), ("/*<![CDATA[*/", "/*]]>*/"),
                               ("<![CDATA[", "]]>")):
            if body.startswith(opener) and body.endswith(closer):
                body = body[len(opener):-len(closer)].strip()
        cleaned.append(body)
    return cleaned


def _walk(node: object, where: str, feed: Feed, depth: int = 0) -> None:
    """Collect ClaimReviews in a JSON-LD value; skip untyped junk in record positions."""
    if depth > MAX_DEPTH:
        feed.skipped.append(Skipped(where, f"nested deeper than {MAX_DEPTH} levels"))
        return
    if isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, Mapping | list):
                _walk(item, f"{where}[{i}]", feed, depth + 1)
            else:
                feed.skipped.append(Skipped(f"{where}[{i}]", f"is {kind_of(item)}, not an object"))
        return
    if not isinstance(node, Mapping):
        feed.skipped.append(Skipped(where, f"is {kind_of(node)}, not an object"))
        return
    if is_claim_review(node):
        feed.add(where, lambda: parse_claim_review(node))
        return
    for key, value in node.items():
        if key.startswith("@") and key != "@graph":
            continue
        if isinstance(value, Mapping | list):
            _walk_quiet(value, f"{where}.{key}", feed, depth + 1)


def _walk_quiet(node: object, where: str, feed: Feed, depth: int) -> None:
    """Like :func:`_walk` inside ordinary properties: scalars there are just data."""
    if depth > MAX_DEPTH:
        return
    if isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, Mapping | list):
                _walk_quiet(item, f"{where}[{i}]", feed, depth + 1)
    elif isinstance(node, Mapping):
        if is_claim_review(node) or "@graph" in node:
            _walk(node, where, feed, depth)
        else:
            for key, value in node.items():
                if isinstance(value, Mapping | list) and not key.startswith("@"):
                    _walk_quiet(value, f"{where}.{key}", feed, depth + 1)


def _google_review(claim: Mapping[str, Any], review: object) -> ImportedReview:
    """One ``claims[].claimReview[]`` entry of the Fact Check Tools API."""
    text_of_claim = claim_text(text(claim, "text"))
    if not isinstance(review, Mapping):
        raise RecordSkipped(f"claimReview is {kind_of(review)}, not an object")
    rating = text(review, "textualRating")
    if rating is None:
        raise RecordSkipped("missing textualRating")
    publisher = review.get("publisher")
    if publisher is not None and not isinstance(publisher, Mapping):
        raise RecordSkipped(f"publisher is {kind_of(publisher)}, not an object")
    publisher = publisher or {}
    site = text(publisher, "site", "publisher.")
    return ImportedReview(
        claim_text=text_of_claim,
        rating=rating,
        url=text(review, "url"),
        title=text(review, "title"),
        publisher=text(publisher, "name", "publisher.") or site,
        publisher_url=f"https://{site}" if site and "://" not in site else site,
        review_date=text(review, "reviewDate"),
        speaker_name=text(claim, "claimant"),
        claim_date=text(claim, "claimDate"),
        language=review["languageCode"] if isinstance(review.get("languageCode"), str) else None,
    )


def _records(doc: Mapping[str, Any], key: str, feed: Feed
             ) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """``(where, record)`` for each object in the list ``doc[key]``; others are skipped."""
    records = doc[key]
    if not isinstance(records, list):
        raise WorkbenchError(f"{key} is {kind_of(records)}, not a list")
    for i, record in enumerate(records):
        where = f"{key}[{i}]"
        if isinstance(record, Mapping):
            yield where, record
        else:
            feed.skipped.append(Skipped(where, f"is {kind_of(record)}, not an object"))


def _google(doc: Mapping[str, Any], feed: Feed) -> None:
    for where, claim in _records(doc, "claims", feed):
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            feed.skipped.append(Skipped(where, "has no claimReview list"))
            continue
        for j, review in enumerate(reviews):
            feed.add(f"{where}.claimReview[{j}]",
                     lambda claim=claim, review=review: _google_review(claim, review))


def _data_commons(doc: Mapping[str, Any], feed: Feed) -> None:
    for where, element in _records(doc, "dataFeedElement", feed):
        items = element.get("item")
        if items is None:
            feed.skipped.append(Skipped(where, "has no item"))
            continue
        for j, item in enumerate(items if isinstance(items, list) else [items]):
            feed.add(f"{where}.item[{j}]", lambda item=item: parse_claim_review(item))


def _parse_json(body: str, what: str) -> Any:
    try:
        return json.loads(body)
    except json.JSONDecodeError as err:
        raise WorkbenchError(f"{what} is not valid JSON (line {err.lineno}, column "
                             f"{err.colno}: {err.msg})") from None
    except RecursionError:
        raise WorkbenchError(f"{what} is nested too deeply to read") from None


def _json_document(doc: Any, feed: Feed) -> None:
    if isinstance(doc, Mapping) and "claims" in doc and "@context" not in doc:
        feed.shape = "Google Fact Check Tools"
        _google(doc, feed)
    elif isinstance(doc, Mapping) and ("dataFeedElement" in doc or "DataFeed" in type_names(doc)):
        feed.shape = "Data Commons feed"
        if "dataFeedElement" not in doc:
            raise WorkbenchError("DataFeed has no dataFeedElement list")
        _data_commons(doc, feed)
    elif isinstance(doc, Mapping | list):
        _walk(doc, "$", feed)
    else:
        raise WorkbenchError(f"the document is {kind_of(doc)}, not a JSON object or array")


def read_feed(data: bytes, name: str) -> Feed:
    """Every ClaimReview in ``data`` (JSON or HTML), with the records skipped.

    ``name`` (file name or URL) only labels errors. Raises WorkbenchError when the
    whole document is unreadable or holds no ClaimReview at all.
    """
    try:
        body = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise WorkbenchError(f"{name} is not UTF-8 text (byte {err.start})") from None
    stripped = body.lstrip()
    if not stripped:
        raise WorkbenchError(f"{name} is empty")
    if stripped.startswith("<"):
        feed = Feed(shape="HTML page")
        blocks = json_ld_scripts(body)
        for i, block in enumerate(blocks):
            try:
                doc = _parse_json(block, f"script {i + 1}")
            except WorkbenchError as err:
                feed.skipped.append(Skipped(f"script {i + 1}", str(err).split(" is ", 1)[-1]))
                continue
            _walk(doc, f"script {i + 1}", feed)
    else:
        feed = Feed(shape="JSON-LD")
        try:
            _json_document(_parse_json(body, name), feed)
        except WorkbenchError as err:
            message = str(err)
            raise WorkbenchError(message if message.startswith(name) else f"{name}: {message}"
                                 ) from None
    if not feed.reviews and not feed.skipped:
        raise WorkbenchError(f"{name}: no ClaimReview found ({feed.shape})")
    return feed


def reviews(feed: Feed) -> Iterator[ImportedReview]:
    """The reviews of a feed, each once (a feed may repeat a review in two places)."""
    seen: set[tuple[str, str]] = set()
    for review in feed.reviews:
        key = review.key()
        if key not in seen:
            seen.add(key)
            yield review


def map_ratings(feed: Feed, mapping: ImportMapping) -> list[MappedReview]:
    """Each distinct review of the feed with its rating put on our scale (or flagged)."""
    mapped = []
    for review in reviews(feed):
        verdict, flag = mapping.map(review.rating)
        mapped.append(MappedReview(review, verdict, flag))
    return mapped
