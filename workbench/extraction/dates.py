"""Dates in running text, resolved against the article's publication date.

News copy rarely gives a full date: "on 6 and 7 November", "on Friday", "last week".
A checker needs the calendar date, so each mention is resolved relative to the
publication date: a day without a year takes the year that makes it the most recent
such day not later than a few days after publication (articles report the past and
the very near future), and a weekday is the most recent one on or before
publication. Without a publication date, only mentions that carry their own year
resolve; the others keep ``iso`` None rather than guessing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .tokens import overlaps

# How far past the publication date a yearless date may still fall.
FUTURE_SLACK_DAYS = 7

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _number
        MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9
WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = (
    r"(?P<{0}>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.(?!\w))?"
)
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>(?:1[6-9]|20)\d\d)"
_JOIN = r"\s*(?:and|&|-|–|—|to|or)\s*"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    (
        "day_range",
        re.compile(
            r"\b" + _DAY.format("d1") + _JOIN + _DAY.format("d2") + r"\s+(?:of\s+)?"
            + _MONTH.format("m") + r"(?:,?\s+" + _YEAR.format("y") + r")?\b"
        ),
    ),
    (
        "day_month",
        re.compile(
            r"\b" + _DAY.format("d") + r"\s+(?:of\s+)?" + _MONTH.format("m")
            + r"(?:,?\s+" + _YEAR.format("y") + r")?\b"
        ),
    ),
    (
        "month_range",
        re.compile(
            r"\b" + _MONTH.format("m") + r"\s+" + _DAY.format("d1") + _JOIN
            + _DAY.format("d2") + r"(?!\d)(?:,?\s+" + _YEAR.format("y") + r")?\b"
        ),
    ),
    (
        "month_day",
        re.compile(
            r"\b" + _MONTH.format("m") + r"\s+" + _DAY.format("d") + r"(?![\d:])"
            + r"(?:,?\s+" + _YEAR.format("y") + r")?\b"
        ),
    ),
    ("month_year", re.compile(r"\b" + _MONTH.format("m") + r",?\s+" + _YEAR.format("y") + r"\b")),
    (
        "month",
        re.compile(
            r"\b(?:in|since|during|by|until|till|from|through|last|this|next|early|late|"
            r"mid|of|before|after)[\s-]+" + _MONTH.format("m") + r"\b"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<rel>last|this|next|on|On|Last|This|Next)\s+)?"
            r"(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|"
            r"(?:[Ll]ast|[Tt]his|[Nn]ext)\s+(?:week|month|year))\b"
        ),
    ),
    ("decade", re.compile(r"(?:\b(?:19|20)\d0s\b|['’]\d0s\b)")),
    ("year", re.compile(r"(?<![\d,.$£€-])\b" + _YEAR.format("y") + r"\b(?![\d,.]\d|%| percent)")),
]
# A four-digit figure followed by a plural noun is a count, not a year ("2000 troops").
_COUNTED_AFTER = re.compile(r"\s+[a-z]+s\b")
_ENDS_WITH_MONTH = re.compile(r"\b" + _MONTH.format("m") + r"\s*$")
_NOT_PLURAL = frozenset({"was", "is", "has", "as", "this", "his", "its", "us", "yes", "thus"})


@dataclass(frozen=True)
class DateMention:
    """A date found in a sentence; ``start``/``end`` are sentence-relative."""

    start: int
    end: int
    text: str
    iso: str | None
    granularity: str

    def as_value(self) -> dict[str, Any]:
        """The JSON shape stored in ``ExtractedClaim.values["dates"]``."""
        return {"text": self.text, "iso": self.iso, "granularity": self.granularity}


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: dt.date | None) -> dt.date | None:
    """The most recent (month, day) not later than a few days after publication."""
    if published is None:
        return None
    limit = published + dt.timedelta(days=FUTURE_SLACK_DAYS)
    for year in (published.year + 1, published.year, published.year - 1, published.year - 2):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= limit:
            return candidate
    return None


def _day_iso(year: str | None, month: int, day: int, published: dt.date | None) -> str | None:
    found = _safe_date(int(year), month, day) if year else _infer_year(month, day, published)
    return found.isoformat() if found else None


def _month_iso(month: int, published: dt.date | None, prefix: str) -> str | None:
    """A bare month: the most recent one (next one when the text says "next")."""
    if published is None:
        return None
    year = published.year
    if prefix == "next":
        year += 1 if month <= published.month else 0
    elif month > published.month:
        year -= 1
    return f"{year:04d}-{month:02d}"


def _weekday_iso(weekday: int, published: dt.date | None, relation: str) -> str | None:
    if published is None:
        return None
    back = (published.weekday() - weekday) % 7
    if relation == "next":
        ahead = (weekday - published.weekday()) % 7 or 7
        return (published + dt.timedelta(days=ahead)).isoformat()
    if relation == "last" and back == 0:
        back = 7
    return (published - dt.timedelta(days=back)).isoformat()


def _relative(phrase: str, published: dt.date | None) -> tuple[str | None, str]:
    phrase = " ".join(phrase.lower().split())
    if phrase in ("yesterday", "today", "tonight", "tomorrow"):
        shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[phrase]
        day = published + dt.timedelta(days=shift) if published else None
        return (day.isoformat() if day else None), "day"
    relation, unit = phrase.split()
    if published is None:
        return None, unit
    step = {"last": -1, "this": 0, "next": 1}[relation]
    if unit == "week":
        year, week, _ = (published + dt.timedelta(weeks=step)).isocalendar()
        return f"{year:04d}-W{week:02d}", "week"
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month"
    return f"{published.year + step:04d}", "year"


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def find_dates(sentence: str, published: dt.date | None = None) -> list[DateMention]:
    """Every date mention in ``sentence``, in text order, resolved where possible."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if overlaps(start, end, taken):
                continue
            groups = match.groupdict()
            mentions: list[tuple[str, str | None, str]] = []
            if kind == "iso":
                found_date = _safe_date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
                if found_date is None:
                    continue
                mentions.append((match.group(), found_date.isoformat(), "day"))
            elif kind in ("day_range", "month_range"):
                if kind == "day_range" and _ENDS_WITH_MONTH.search(sentence[:start]):
                    continue  # "May 5 and 31 December": the 5 belongs to May
                month = _month_number(groups["m"])
                month_name = calendar.month_name[month]
                for day_key in ("d1", "d2"):
                    day = int(groups[day_key])
                    text = f"{day} {month_name}" + (f" {groups['y']}" if groups["y"] else "")
                    mentions.append((text, _day_iso(groups["y"], month, day, published), "day"))
            elif kind in ("day_month", "month_day"):
                month = _month_number(groups["m"])
                day = int(groups["d"])
                if not 1 <= day <= 31:
                    continue
                iso = _day_iso(groups["y"], month, day, published)
                mentions.append((match.group(), iso, "day"))
            elif kind == "month_year":
                month = _month_number(groups["m"])
                mentions.append((match.group(), f"{groups['y']}-{month:02d}", "month"))
            elif kind == "month":
                month = _month_number(groups["m"])
                prefix = match.group().split()[0].lower().split("-")[0]
                start = match.start("m")
                text = sentence[start:end]
                mentions.append((text, _month_iso(month, published, prefix), "month"))
            elif kind == "weekday":
                relation = (groups["rel"] or "").lower()
                weekday = WEEKDAYS[groups["w"].lower()]
                if match.group().endswith("s") and not relation:
                    continue  # "on Fridays" is a habit, not a date
                text = groups["w"] if relation in ("", "on") else match.group()
                mentions.append((text, _weekday_iso(weekday, published, relation), "day"))
            elif kind == "relative":
                iso, granularity = _relative(groups["rel"], published)
                mentions.append((match.group(), iso, granularity))
            elif kind == "decade":
                mentions.append((match.group(), None, "decade"))
            elif kind == "year":
                following = sentence[end : end + 30]
                plural = _COUNTED_AFTER.match(following)
                if plural and plural.group().strip() not in _NOT_PLURAL:
                    continue
                mentions.append((match.group(), groups["y"], "year"))
            taken.append((start, end))
            for text, iso, granularity in mentions:
                found.append(DateMention(start, end, text, iso, granularity))
    found.sort(key=lambda mention: mention.start)
    return found
