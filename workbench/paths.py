"""Where workbench finds its files: the database, the config, and bundled resources.

Bundled resources (``db/`` migrations, the default ``keybindings.toml``, the seed
article) live at the top of a source checkout and are copied into
``workbench/_bundled/`` inside a wheel, so both an editable and a regular install
find them.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "workbench"
_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """Path of a bundled resource (``db``, ``keybindings.toml`` or ``seeds``)."""
    bundled = _PACKAGE_DIR / "_bundled" / name
    if bundled.exists():
        return bundled
    return _PACKAGE_DIR.parent / name


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``WORKBENCH_DB`` is given."""
    env = os.environ.get("WORKBENCH_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "workbench.db"


def config_dir() -> Path:
    """The user's config directory (``keybindings.toml``, ``config.toml``)."""
    return Path(platformdirs.user_config_dir(APP_NAME))


def config_file() -> Path:
    """``config.toml``: ``WORKBENCH_CONFIG`` if set, else in :func:`config_dir`."""
    env = os.environ.get("WORKBENCH_CONFIG")
    if env:
        return Path(env).expanduser()
    return config_dir() / "config.toml"


def seed_article_path() -> Path:
    """The bundled seed article, offered to a newcomer on an empty database."""
    return resource_path("seeds") / "afghanistan-pakistan-talks.txt"
