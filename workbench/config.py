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
from workbench.paths import config_file

DEFAULT_SCALE = ("True", "Mostly true", "Half true", "Mostly false", "False", "Unverifiable")


@dataclass(frozen=True)
class Config:
    """Settings in force for this process."""

    scale: tuple[str, ...] = DEFAULT_SCALE
    raw: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

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
    return Config(scale=tuple(s.strip() for s in scale), raw=raw, path=path)
