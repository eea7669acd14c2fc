"""Blind review's one rule: which verdict a reviewer may not see yet.

With two-person review and blind mode both on, a claim's current verdict is hidden
from reviewer *me* while it is **pending** (it has a label and no second review or
resolution yet) and was given by **someone else**: the second reviewer must enter
their own label before seeing the first. Once any review of it exists, or blind
mode is off, everyone sees it.

Three readers apply the rule and all take it from here: the review state
(:meth:`~workbench.store.team.TeamQueries._visible`, in Python over a state row),
the audit log (:mod:`workbench.store.audit`) and the CSV export
(:mod:`workbench.store.export`), both in SQL so that each stays one streamed
statement. Tests in ``tests/test_blind_leaks.py`` hold the three to the same answer.
"""

from __future__ import annotations

BLIND = "(blind)"
"""What a hidden label or note reads as, in the log and the CSV export."""

BLIND_MODE_SQL = """coalesce((SELECT count(*) = 2 FROM team_settings WHERE value = 'on'
    AND key IN ('two_person_review', 'blind_review')), 0)"""
"""SQL: 1 when blind two-person review is on (uncorrelated: evaluated once per statement)."""


def pending_by_other_sql(verdict: str) -> str:
    """SQL: verdict row ``verdict`` (an alias) is pending and not by reviewer ``:me``.

    With :data:`BLIND_MODE_SQL` true, that is exactly "hidden from :me". Two index
    probes at most, and none when the caller's blind-mode test comes first and is
    false (SQLite stops at the first false term of an AND).
    """
    return (f"({verdict}.label IS NOT NULL AND {verdict}.reviewer IS NOT :me"
            f" AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.verdict_id = {verdict}.id))")


def hidden(*, blind_mode: bool, state: str, verdict_reviewer: str | None, me: str) -> bool:
    """The same rule over a review-state row (``state`` as ``_STATE_SQL`` computes it:
    ``pending`` already means two-person review is on, a label, and no review)."""
    return blind_mode and state == "pending" and verdict_reviewer != me
