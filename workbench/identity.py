"""Who is reviewing: the OS account of this process.

Deliberately not configurable by flag or environment variable: on a shared server
the history must say who really wrote each row.
"""

from __future__ import annotations

import os
import pwd
import socket


def reviewer_name() -> str:
    """The login name of the account running this process."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a uid with no passwd entry (some containers)
        return f"uid{os.getuid()}"


def reviewer_at_host() -> str:
    """``user@host``, as shown in the TUI header."""
    return f"{reviewer_name()}@{socket.gethostname()}"
