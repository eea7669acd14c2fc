"""User settings from ``config.toml`` (see :func:`workbench.paths.config_file`).

Only settings that exist are read; unknown tables are left for the features that
own them. Errors name the file and the key, in one line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.fetch.guard import parse_allow_hosts
from workbench.paths import config_file

DEFAULT_SCALE = ("True", "Mostly true", "Half true", "Mostly false", "False", "Unverifiable")


@dataclass(frozen=True)
class Config:
    """Settings in force for this process."""

    scale: tuple[str, ...] = DEFAULT_SCALE
    raw: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    # [fetch] allow_hosts: IPs, CIDR networks or host names the fetch guard lets through.
    fetch_allow_hosts: tuple[str, ...] = ()
    # [matching] suggest / auto_link: similarity (0..1) to suggest, and to link a `same` match.
    match_suggest: float = 0.5
    match_auto_link: float = 0.9

    def canonical_label(self, label: str) -> str:
        """The scale's own spelling of ``label`` (matched case-insensitively).

        Raises :class:`WorkbenchError` listing the valid labels when it is unknown.
        """
        wanted = " ".join(label.split()).casefold()
        for item in self.scale:
            if item.casefold() == wanted:
                return item
        choices = ", ".join(self.scale)
        raise WorkbenchError(f"unknown verdict {label!r}; choose one of: {choices}")


def load_config(path: Path | None = None) -> Config:
    """Read ``config.toml``; a missing file means the defaults."""
    path = path or config_file()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config(path=None)
    except PermissionError:
        raise WorkbenchError(f"cannot read config {path}: permission denied") from None
    except (OSError, UnicodeDecodeError) as err:
        raise WorkbenchError(f"cannot read config {path}: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise WorkbenchError(f"{path}: invalid TOML: {err}") from None
    scale = raw.get("verdicts", {}).get("scale", DEFAULT_SCALE)
    if (
        not isinstance(scale, list | tuple)
        or not scale
        or not all(isinstance(s, str) and s.strip() for s in scale)
    ):
        raise WorkbenchError(f"{path}: [verdicts] scale must be a non-empty list of labels")
    return Config(scale=tuple(s.strip() for s in scale), raw=raw, path=path,
                  fetch_allow_hosts=_fetch_allow_hosts(raw, path),
                  **_matching_thresholds(raw, path))


def _fetch_allow_hosts(raw: dict[str, Any], path: Path) -> tuple[str, ...]:
    """``[fetch] allow_hosts``, each entry checked now so a typo fails at start-up."""
    table = raw.get("fetch", {})
    entries = table.get("allow_hosts", []) if isinstance(table, dict) else None
    if not isinstance(entries, list):
        raise WorkbenchError(f"{path}: [fetch] allow_hosts must be a list of hosts")
    try:
        parse_allow_hosts(entries)
    except ValueError as err:
        raise WorkbenchError(f"{path}: [fetch] allow_hosts: {err}") from None
    return tuple(e.strip() for e in entries)


def _matching_thresholds(raw: dict[str, Any], path: Path) -> dict[str, float]:
    """``[matching] suggest`` and ``auto_link``: numbers in 0..1, suggest <= auto_link."""
    table = raw.get("matching", {})
    if not isinstance(table, dict):
        raise WorkbenchError(f"{path}: [matching] must be a table")
    found = {"match_suggest": 0.5, "match_auto_link": 0.9}
    for key, name in (("suggest", "match_suggest"), ("auto_link", "match_auto_link")):
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise WorkbenchError(f"{path}: [matching] {key} must be a number from 0 to 1")
            found[name] = float(value)
    if found["match_suggest"] > found["match_auto_link"]:
        raise WorkbenchError(f"{path}: [matching] suggest must not be above auto_link")
    return found
