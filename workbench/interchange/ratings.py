"""Rating scales: our verdict labels as ClaimReview numbers, and foreign ratings as ours.

Why a table rather than cleverness: a ClaimReview's ``alternateName`` is free text
("Pants on Fire!", "Mixture", "Faux"), and guessing what a desk meant would put
words in its mouth. Known spellings map through a table the organisation can
extend in ``config.toml``; anything else is kept verbatim and flagged, so a reviewer
sees the original wording rather than a silent guess.

Export numbers follow Google's ClaimReview guidance: ``worstRating`` ≥ 1,
``bestRating`` > ``worstRating``, ``ratingValue`` within them. A label that is not
a point on the truth scale (``Unverifiable``) carries only its ``alternateName``:
a number for it would claim an order it does not have.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Our default scale (workbench.config.DEFAULT_SCALE) as numbers, best first.
DEFAULT_EXPORT_VALUES: dict[str, int | None] = {
    "True": 5,
    "Mostly true": 4,
    "Half true": 3,
    "Mostly false": 2,
    "False": 1,
    "Unverifiable": None,
}

# Spellings other desks publish, to the default scale. Keys are folded (see fold()).
DEFAULT_IMPORT_SYNONYMS: dict[str, str] = {
    "true": "True",
    "correct": "True",
    "accurate": "True",
    "mostly true": "Mostly true",
    "mostly correct": "Mostly true",
    "mostly accurate": "Mostly true",
    "half true": "Half true",
    "half-true": "Half true",
    "mixture": "Half true",
    "mixed": "Half true",
    "partly true": "Half true",
    "partly false": "Half true",
    "mostly false": "Mostly false",
    "barely true": "Mostly false",
    "mostly incorrect": "Mostly false",
    "false": "False",
    "incorrect": "False",
    "inaccurate": "False",
    "fake": "False",
    "pants on fire": "False",
    "pants on fire!": "False",
    "unverifiable": "Unverifiable",
    "unproven": "Unverifiable",
    "unsupported": "Unverifiable",
    "unverified": "Unverifiable",
    "no evidence": "Unverifiable",
}

UNMAPPED_FLAG = "rating not in the mapping; kept verbatim"


def fold(text: str) -> str:
    """A rating spelling reduced for lookup: case, spacing and a trailing period ignored."""
    return " ".join(text.split()).casefold().rstrip(".")


@dataclass(frozen=True)
class ExportScale:
    """Our labels as ClaimReview ``ratingValue`` numbers between worst and best."""

    values: Mapping[str, int | None]
    best: int
    worst: int

    def rating(self, label: str) -> dict[str, object]:
        """The ``reviewRating`` object for a verdict label."""
        rating: dict[str, object] = {"@type": "Rating", "alternateName": label}
        value = self.values.get(label)
        if value is not None:
            rating.update(ratingValue=value, bestRating=self.best, worstRating=self.worst)
        return rating


def export_scale(scale: tuple[str, ...], overrides: Mapping[str, object]) -> ExportScale:
    """The export numbers for ``scale``: defaults for its default labels, then overrides.

    Raises ValueError (with the offending key) for a number outside 1.. or for a
    label of the scale left without a decision; the caller names the config file.
    """
    values: dict[str, int | None] = {}
    for label in scale:
        if label in overrides:
            raw = overrides[label]
            if raw is False or raw == "none":
                values[label] = None
            elif isinstance(raw, int) and not isinstance(raw, bool) and raw >= 1:
                values[label] = raw
            else:
                raise ValueError(f"rating for {label!r} must be an integer ≥ 1 or \"none\"")
        elif label in DEFAULT_EXPORT_VALUES:
            values[label] = DEFAULT_EXPORT_VALUES[label]
        else:
            raise ValueError(f"no rating number for verdict {label!r}; add it under"
                             " [claimreview.ratings]")
    unknown = set(overrides) - set(scale)
    if unknown:
        raise ValueError(f"{sorted(unknown)[0]!r} in [claimreview.ratings] is not a verdict"
                         " of the scale")
    numbers = [v for v in values.values() if v is not None]
    best, worst = (max(numbers), min(numbers)) if numbers else (1, 1)
    if numbers and best == worst:
        raise ValueError("[claimreview.ratings] needs at least two different numbers")
    return ExportScale(values=values, best=best, worst=worst)


@dataclass(frozen=True)
class ImportMapping:
    """Foreign rating spellings (folded) to labels of our scale."""

    table: Mapping[str, str] = field(default_factory=dict)

    def map(self, rating: str | None) -> tuple[str | None, str | None]:
        """``(label, flag)``: our label and no flag, or the verbatim rating and a flag."""
        if rating is None or not rating.strip():
            return None, "no rating given"
        label = self.table.get(fold(rating))
        if label is not None:
            return label, None
        return " ".join(rating.split()), UNMAPPED_FLAG


def import_mapping(scale: tuple[str, ...], overrides: Mapping[str, object]) -> ImportMapping:
    """Our scale's own labels, the default synonyms that land on it, then the config's.

    Raises ValueError for an override whose target is not a label of the scale.
    """
    by_fold = {fold(label): label for label in scale}
    table = {key: label for key, label in DEFAULT_IMPORT_SYNONYMS.items()
             if label in scale}
    table.update(by_fold)
    for foreign, target in overrides.items():
        if not isinstance(target, str) or fold(target) not in by_fold:
            raise ValueError(f"[claimreview.import_ratings] {foreign!r} = {target!r}: "
                             f"not a verdict of the scale ({', '.join(scale)})")
        table[fold(foreign)] = by_fold[fold(target)]
    return ImportMapping(table=table)
