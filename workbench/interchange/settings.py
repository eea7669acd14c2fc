"""The ``[organisation]`` and ``[claimreview]`` tables of ``config.toml``.

Read from :attr:`workbench.config.Config.raw` so the config module stays small and
these settings are checked only by the commands that use them: a typo in the
organisation's URL must not stop a reviewer from recording a verdict.

.. code-block:: toml

    [organisation]
    name = "Example Fact Desk"
    url = "https://factdesk.example.org"

    [claimreview]
    claim_url_base = "https://factdesk.example.org/checks"  # + "#claim-<id>"
    max_import_mb = 128                                      # feeds larger are refused

    [claimreview.ratings]          # our label -> ratingValue (or "none")
    "Mostly true" = 4

    [claimreview.import_ratings]   # a foreign rating -> our label
    "Pants on Fire!" = "False"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.interchange.ratings import (
    ExportScale,
    ImportMapping,
    export_scale,
    import_mapping,
)
from workbench.urls import url_problem

DEFAULT_MAX_IMPORT_MB = 128


@dataclass(frozen=True)
class Organisation:
    """Who publishes our ClaimReviews, and where each claim's page lives."""

    name: str
    url: str
    claim_url_base: str

    def claim_url(self, claim_id: int) -> str:
        """A claim's address on the organisation's site: the base plus an anchor."""
        return f"{self.claim_url_base}#claim-{claim_id}"


def _where(config: Config) -> str:
    return str(config.path) if config.path else "config.toml"


def _table(config: Config, name: str) -> Mapping[str, object]:
    section: object = config.raw
    for part in name.split("."):
        section = section.get(part, {}) if isinstance(section, Mapping) else None
        if not isinstance(section, Mapping):
            raise WorkbenchError(f"{_where(config)}: [{name}] must be a table")
    assert isinstance(section, Mapping)
    return section


def _http_url(config: Config, table: str, key: str, value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if url_problem(text):
        raise WorkbenchError(f"{_where(config)}: [{table}] {key} must be an http(s) URL,"
                             f" got {value!r}")
    return text


def organisation(config: Config) -> Organisation:
    """The publishing organisation, or one line saying which setting is missing."""
    org = _table(config, "organisation")
    review = _table(config, "claimreview")
    missing = [f"[organisation] {k}" for k in ("name", "url") if not org.get(k)]
    if not review.get("claim_url_base"):
        missing.append("[claimreview] claim_url_base")
    if missing:
        raise WorkbenchError(f"ClaimReview export needs {', '.join(missing)} in {_where(config)}")
    name = org["name"]
    if not isinstance(name, str) or not name.strip():
        raise WorkbenchError(f"{_where(config)}: [organisation] name must be text")
    base = _http_url(config, "claimreview", "claim_url_base", review["claim_url_base"])
    return Organisation(
        name=name.strip(),
        url=_http_url(config, "organisation", "url", org["url"]),
        claim_url_base=base.split("#", 1)[0],
    )


def rating_scale(config: Config) -> ExportScale:
    """Our verdict labels as ClaimReview numbers (defaults + ``[claimreview.ratings]``)."""
    try:
        return export_scale(config.scale, _table(config, "claimreview.ratings"))
    except ValueError as err:
        raise WorkbenchError(f"{_where(config)}: {err}") from None


def rating_mapping(config: Config) -> ImportMapping:
    """Foreign ratings to ours (defaults + ``[claimreview.import_ratings]``)."""
    try:
        return import_mapping(config.scale, _table(config, "claimreview.import_ratings"))
    except ValueError as err:
        raise WorkbenchError(f"{_where(config)}: {err}") from None


def max_import_bytes(config: Config) -> int:
    """The largest feed ``import-reviews`` parses (it is read whole: refuse, don't swap)."""
    value = _table(config, "claimreview").get("max_import_mb", DEFAULT_MAX_IMPORT_MB)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise WorkbenchError(f"{_where(config)}: [claimreview] max_import_mb must be a"
                             " positive integer")
    return value * 1024 * 1024
