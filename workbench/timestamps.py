"""Reading the dates people type (``--since``) into the store's timestamp format.

Every timestamp workbench writes is ISO 8601 UTC with seconds and a ``Z``
(``2025-11-08T14:03:00Z``), so filters compare them as strings.
"""

from __future__ import annotations

from datetime import UTC, datetime

from workbench.errors import WorkbenchError


def normalise_since(text: str, option: str = "--since") -> str:
    """A date or date-time as a UTC ``…Z`` timestamp, or a one-line error.

    A date means midnight UTC; a date-time without a zone is taken as UTC.
    """
    problem = f"{option}: {text!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):  # 0001-01-01T00:00+01:00 overflows into year 0
        raise WorkbenchError(problem) from None
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
