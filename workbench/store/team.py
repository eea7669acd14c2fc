"""SQL for team review: verdict conflicts, two-person review, presence, statistics.

Two-person review (a per-database setting): the latest verdict of a claim is
*pending* until a second reviewer enters their own label for it. Equal labels
publish it; different labels make it *disputed*, and a third reviewer resolves it
by writing the verdict that is then published. In blind mode the second reviewer
is not shown the first verdict until they have entered theirs.

State is derived, not stored: it follows from the verdicts and ``reviews`` rows, both
append-only, so it can never disagree with the history.
"""

from __future__ import annotations

import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from workbench.errors import WorkbenchError
from workbench.store.blind import hidden
from workbench.store.connection import Connection, utc_now
from workbench.store.records import Verdict
from workbench.team.kappa import Agreement, pairwise_agreement

PRESENCE_TTL_S = 30.0  # a session that has not sent a heartbeat for this long is gone
REVIEW_STATES = ("unreviewed", "pending", "disputed", "published")

_VERDICT_COLUMNS = "id, claim_id, label, note, reviewer, created_at, undoes"

# One row per claim: its latest verdict and review state under the current settings.
_STATE_SQL = """
WITH settings AS (
    SELECT coalesce((SELECT value = 'on' FROM team_settings
                     WHERE key = 'two_person_review'), 0) AS two_person,
           coalesce((SELECT value = 'on' FROM team_settings
                     WHERE key = 'blind_review'), 0) AS blind
), latest AS (
    SELECT c.id AS claim_id, c.article_id,
           (SELECT max(v.id) FROM verdicts v WHERE v.claim_id = c.id) AS verdict_id
    FROM claims c {where}
)
SELECT l.claim_id, l.article_id, l.verdict_id, v.label, v.reviewer,
    (SELECT r.reviewer FROM reviews r WHERE r.verdict_id = v.id AND r.kind = 'second')
        AS second_reviewer,
    (SELECT r.label FROM reviews r WHERE r.verdict_id = v.id AND r.kind = 'second')
        AS second_label,
    CASE
        WHEN v.id IS NULL OR v.label IS NULL THEN 'unreviewed'
        WHEN (SELECT two_person FROM settings) = 0 THEN 'published'
        WHEN EXISTS (SELECT 1 FROM reviews r WHERE r.verdict_id = v.id AND (
            r.kind = 'third' OR (r.kind = 'second' AND r.label = v.label))) THEN 'published'
        WHEN EXISTS (SELECT 1 FROM reviews r WHERE r.verdict_id = v.id) THEN 'disputed'
        ELSE 'pending'
    END AS state,
    (SELECT blind FROM settings) AS blind
FROM latest l LEFT JOIN verdicts v ON v.id = l.verdict_id
"""


class VerdictConflict(WorkbenchError):
    """The claim's verdict changed since the caller loaded it; nothing was written.

    ``theirs`` is the verdict now in force (None: it was withdrawn), ``yours`` the
    label that was not saved. To keep yours, repeat the write with
    ``expected_verdict_id=conflict.current_id``; the history then keeps both.
    """

    def __init__(self, claim_id: int, expected_id: int, theirs: Verdict | None,
                 yours_label: str | None, yours_note: str | None = None) -> None:
        self.claim_id = claim_id
        self.expected_id = expected_id
        self.theirs = theirs
        self.yours_label = yours_label
        self.yours_note = yours_note
        now = (f"{theirs.reviewer} set {theirs.label or '(no verdict)'!r} "
               f"(verdict {theirs.id}, {theirs.created_at})" if theirs else "it has no verdict")
        super().__init__(
            f"claim {claim_id} changed since you loaded it: {now}; yours "
            f"({yours_label!r}) was not saved — to replace theirs, repeat with "
            f"--expect {self.current_id}"
        )

    @property
    def current_id(self) -> int:
        """The verdict id to expect when deliberately replacing theirs (0: none)."""
        return self.theirs.id if self.theirs else 0


def latest_verdict(conn: sqlite3.Connection, claim_id: int) -> Verdict | None:
    """The claim's latest verdict row, read inside the caller's transaction."""
    row = conn.execute(
        f"SELECT {_VERDICT_COLUMNS} FROM verdicts WHERE claim_id = ? ORDER BY id DESC LIMIT 1",
        [claim_id],
    ).fetchone()
    return Verdict(*row) if row else None


def check_expected_verdict(conn: sqlite3.Connection, claim_id: int, expected_id: int | None,
                           label: str | None, note: str | None = None) -> None:
    """Raise :class:`VerdictConflict` unless the latest verdict is ``expected_id``.

    ``expected_id`` is the verdict id the caller loaded (0: the claim had none);
    None skips the check. Must run inside the write transaction (BEGIN IMMEDIATE),
    so no other writer can slip in between the check and the insert.
    """
    if expected_id is None:
        return
    theirs = latest_verdict(conn, claim_id)
    if (theirs.id if theirs else 0) != expected_id:
        raise VerdictConflict(claim_id, expected_id, theirs, label, note)


@dataclass(frozen=True)
class ReviewSettings:
    """The per-database review rules."""

    two_person: bool
    blind: bool


@dataclass(frozen=True)
class ReviewState:
    """Where one claim stands in two-person review."""

    claim_id: int
    article_id: int
    verdict_id: int | None
    label: str | None  # None when hidden from this reviewer by blind mode
    reviewer: str | None
    second_reviewer: str | None
    second_label: str | None
    state: str  # one of REVIEW_STATES
    hidden: bool = False


@dataclass(frozen=True)
class Presence:
    """A live session: who is on which claim, and how long ago it was heard of."""

    session: str
    reviewer: str
    host: str
    claim_id: int | None
    age_s: float

    def describe(self) -> str:
        """``alice@host is on claim 12``, for headers and ``workbench who``."""
        where = f"on claim {self.claim_id}" if self.claim_id is not None else "browsing"
        return f"{self.reviewer}@{self.host} is {where}"


@dataclass(frozen=True)
class ArticleProgress:
    """Review progress of one article, in claims."""

    article_id: int
    title: str | None
    claims: int
    unreviewed: int
    pending: int
    disputed: int
    published: int


@dataclass(frozen=True)
class ReviewerActivity:
    """What one reviewer has done."""

    reviewer: str
    verdicts: int
    second_reviews: int
    agreed: int
    resolutions: int


@dataclass(frozen=True)
class TeamStats:
    """Everything ``workbench stats`` shows."""

    settings: ReviewSettings
    articles: list[ArticleProgress]
    reviewers: list[ReviewerActivity]
    agreement: list[Agreement]


class TeamQueries(Connection):
    """Review settings, second and third reviews, presence and team statistics."""

    # -- settings ---------------------------------------------------------------

    def review_settings(self) -> ReviewSettings:
        """The database's review rules (two-person review and blind mode)."""
        values = {row["key"]: row["value"]
                  for row in self.query("SELECT key, value FROM team_settings")}
        return ReviewSettings(values.get("two_person_review") == "on",
                              values.get("blind_review") == "on")

    def set_review_settings(self, *, two_person: bool | None = None,
                            blind: bool | None = None) -> ReviewSettings:
        """Change the review rules (None leaves one as it is); each change is audited."""
        changes = {"two_person_review": two_person, "blind_review": blind}
        with self.write() as conn:
            for key, value in changes.items():
                if value is None:
                    continue
                conn.execute(
                    "INSERT INTO team_settings (key, value, changed_by, changed_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                    " value = excluded.value, changed_by = excluded.changed_by,"
                    " changed_at = excluded.changed_at WHERE value IS NOT excluded.value",
                    [key, "on" if value else "off", self.reviewer, utc_now()],
                )
        return self.review_settings()

    # -- review state -----------------------------------------------------------

    def _states(self, where: str = "", params: Any = ()) -> Iterator[dict[str, Any]]:
        yield from self.query(_STATE_SQL.format(where=where), params)

    def _visible(self, row: dict[str, Any], blind: bool) -> ReviewState:
        """A state row as this reviewer may see it: in blind mode a pending verdict
        by someone else shows no label (and no author) until they have entered theirs."""
        hide = hidden(blind_mode=blind, state=row["state"], verdict_reviewer=row["reviewer"],
                      me=self.reviewer)
        return ReviewState(
            claim_id=row["claim_id"], article_id=row["article_id"],
            verdict_id=row["verdict_id"],
            label=None if hide else row["label"],
            reviewer=None if hide else row["reviewer"],
            second_reviewer=row["second_reviewer"], second_label=row["second_label"],
            state=row["state"], hidden=hide,
        )

    def review_state(self, claim_id: int) -> ReviewState:
        """One claim's review state as this reviewer may see it (blind mode applied).

        The TUI shows this instead of the raw verdict when two-person review is on.
        """
        for row in self._states("WHERE c.id = ?", [claim_id]):
            return self._visible(row, bool(row["blind"]))
        raise WorkbenchError(f"no claim with id {claim_id}")

    def review_states(self, article_id: int | None = None) -> Iterator[ReviewState]:
        """Every claim's review state (of one article, or all), blind mode applied."""
        where, params = ("WHERE c.article_id = ?", [article_id]) if article_id else ("", [])
        for row in self._states(where, params):
            yield self._visible(row, bool(row["blind"]))

    def review_queue(self) -> tuple[list[ReviewState], list[ReviewState]]:
        """What waits for this reviewer: (pending verdicts by others to second,
        disputes between two others to resolve)."""
        pending, disputes = [], []
        for state in self.review_states():
            if state.state == "pending" and state.reviewer != self.reviewer:
                pending.append(state)
            elif state.state == "disputed" and self.reviewer not in (
                    state.reviewer, state.second_reviewer):
                disputes.append(state)
        return pending, disputes

    def _require_two_person(self, conn: sqlite3.Connection) -> bool:
        row = conn.execute(
            "SELECT value FROM team_settings WHERE key = 'blind_review'").fetchone()
        on = conn.execute(
            "SELECT value FROM team_settings WHERE key = 'two_person_review'").fetchone()
        if not on or on[0] != "on":
            raise WorkbenchError(
                "two-person review is off for this database; turn it on with "
                "`workbench review-mode --two-person`"
            )
        return bool(row and row[0] == "on")

    def _state_in(self, conn: sqlite3.Connection, claim_id: int) -> dict[str, Any]:
        cursor = conn.execute(_STATE_SQL.format(where="WHERE c.id = ?"), [claim_id])
        row = cursor.fetchone()
        if row is None:
            raise WorkbenchError(f"no claim with id {claim_id}")
        return dict(zip([d[0] for d in cursor.description], row, strict=True))

    def approve_verdict(self, claim_id: int, label: str | None = None, note: str | None = None,
                        *, expected_verdict_id: int | None = None) -> ReviewState:
        """Enter the second review of a claim's pending verdict; return the new state.

        ``label`` is this reviewer's own verdict: equal to the first, the verdict is
        published; different, it is disputed and queued for a third reviewer. In open
        mode ``label`` may be None, meaning "I approve what I see"; in blind mode it is
        required (the reviewer has not seen the first). ``expected_verdict_id`` guards
        an open-mode approval against a verdict that changed since it was shown
        (:class:`VerdictConflict`). The first reviewer cannot second their own verdict.
        """
        with self.write() as conn:
            blind = self._require_two_person(conn)
            row = self._state_in(conn, claim_id)
            check_expected_verdict(conn, claim_id, expected_verdict_id, label, note)
            if row["state"] == "unreviewed":
                raise WorkbenchError(f"claim {claim_id} has no verdict to review yet")
            if row["state"] != "pending":
                raise WorkbenchError(f"claim {claim_id} is already {row['state']}")
            if row["reviewer"] == self.reviewer:
                raise WorkbenchError(
                    f"you wrote the verdict on claim {claim_id}; a second reviewer must "
                    "review it"
                )
            if label is None:
                if blind:
                    raise WorkbenchError(
                        "blind review: enter your own verdict for the claim "
                        "(the first one is shown after)"
                    )
                label = row["label"]
            conn.execute(
                "INSERT INTO reviews (claim_id, verdict_id, kind, label, note, reviewer,"
                " created_at) VALUES (?, ?, 'second', ?, ?, ?, ?)",
                [claim_id, row["verdict_id"], label, note, self.reviewer, utc_now()],
            )
            return self._visible(self._state_in(conn, claim_id), blind=False)

    def resolve_dispute(self, claim_id: int, label: str, note: str | None = None) -> ReviewState:
        """A third reviewer's decision on a disputed claim: written as a new verdict
        (history keeps all three) and published at once."""
        with self.write() as conn:
            self._require_two_person(conn)
            row = self._state_in(conn, claim_id)
            if row["state"] != "disputed":
                raise WorkbenchError(f"claim {claim_id} is {row['state']}, not disputed")
            if self.reviewer in (row["reviewer"], row["second_reviewer"]):
                raise WorkbenchError(
                    f"you already reviewed claim {claim_id}; a third reviewer must resolve it"
                )
            now = utc_now()
            cursor = conn.execute(
                "INSERT INTO verdicts (claim_id, label, note, reviewer, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [claim_id, label, note, self.reviewer, now],
            )
            conn.execute("UPDATE claims SET status = 'reviewed' WHERE id = ?", [claim_id])
            conn.execute(
                "INSERT INTO reviews (claim_id, verdict_id, kind, label, note, reviewer,"
                " created_at) VALUES (?, ?, 'third', ?, ?, ?, ?)",
                [claim_id, cursor.lastrowid, label, note, self.reviewer, now],
            )
            return self._visible(self._state_in(conn, claim_id), blind=False)

    # -- presence (soft locks) --------------------------------------------------

    @property
    def session_id(self) -> str:
        """This store's presence session: one per open Store, so two TUIs of one
        reviewer show as two sessions."""
        if not getattr(self, "_session_id", None):
            self._session_id = f"{uuid.uuid4().hex}"
        return self._session_id

    def claim_presence(self, claim_id: int | None) -> list[Presence]:
        """Say "I am on this claim" (None: on no claim); return the others on it.

        A soft lock: it blocks nobody, it informs ("alice is on claim 12"). It lives
        as long as :meth:`touch_presence` is called at least every
        ``PRESENCE_TTL_S`` seconds; stale rows are swept here.
        """
        now = time.time()
        with self.write() as conn:
            conn.execute("DELETE FROM presence WHERE heartbeat < ?", [now - PRESENCE_TTL_S])
            conn.execute(
                "INSERT INTO presence (session, reviewer, host, claim_id, heartbeat)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session) DO UPDATE SET"
                " claim_id = excluded.claim_id, heartbeat = excluded.heartbeat",
                [self.session_id, self.reviewer, socket.gethostname(), claim_id, now],
            )
        if claim_id is None:
            return []
        return [p for p in self.presence(claim_id) if p.session != self.session_id]

    def touch_presence(self, claim_id: int | None) -> None:
        """Heartbeat: keep this session's presence (on ``claim_id``) alive.

        Call every ~10 s from a timer; one tiny write.
        """
        with self.write() as conn:
            conn.execute(
                "INSERT INTO presence (session, reviewer, host, claim_id, heartbeat)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session) DO UPDATE SET"
                " claim_id = excluded.claim_id, heartbeat = excluded.heartbeat",
                [self.session_id, self.reviewer, socket.gethostname(), claim_id, time.time()],
            )

    def release_presence(self) -> None:
        """Remove this session's presence (on a clean exit; a crash just expires)."""
        with self.write() as conn:
            conn.execute("DELETE FROM presence WHERE session = ?", [self.session_id])

    def presence(self, claim_id: int | None = None, *,
                 ttl_s: float = PRESENCE_TTL_S) -> list[Presence]:
        """Live sessions (heartbeat within ``ttl_s``), optionally only on one claim."""
        now = time.time()
        sql = ("SELECT session, reviewer, host, claim_id, heartbeat FROM presence"
               " WHERE heartbeat >= ?")
        params: list[Any] = [now - ttl_s]
        if claim_id is not None:
            sql += " AND claim_id = ?"
            params.append(claim_id)
        sql += " ORDER BY reviewer, heartbeat DESC"
        return [Presence(r["session"], r["reviewer"], r["host"], r["claim_id"],
                         max(0.0, now - r["heartbeat"])) for r in self.query(sql, params)]

    # -- statistics -------------------------------------------------------------

    def team_stats(self) -> TeamStats:
        """Progress per article, activity per reviewer and agreement per pair."""
        settings = self.review_settings()
        titles = {r["id"]: r["title"] for r in self.query("SELECT id, title FROM articles")}
        per_article: dict[int, dict[str, int]] = {}
        for row in self._states():
            counts = per_article.setdefault(row["article_id"], dict.fromkeys(REVIEW_STATES, 0))
            counts[row["state"]] += 1
        articles = [
            ArticleProgress(aid, titles.get(aid), sum(c.values()), c["unreviewed"],
                            c["pending"], c["disputed"], c["published"])
            for aid, c in sorted(per_article.items())
        ]
        reviewers = [ReviewerActivity(**row) for row in self.query("""
            WITH names AS (SELECT reviewer FROM verdicts UNION SELECT reviewer FROM reviews)
            SELECT n.reviewer,
                (SELECT count(*) FROM verdicts v WHERE v.reviewer = n.reviewer
                    AND v.undoes IS NULL AND v.label IS NOT NULL) AS verdicts,
                (SELECT count(*) FROM reviews r WHERE r.reviewer = n.reviewer
                    AND r.kind = 'second') AS second_reviews,
                (SELECT count(*) FROM reviews r JOIN verdicts v ON v.id = r.verdict_id
                    WHERE r.reviewer = n.reviewer AND r.kind = 'second'
                    AND r.label = v.label) AS agreed,
                (SELECT count(*) FROM reviews r WHERE r.reviewer = n.reviewer
                    AND r.kind = 'third') AS resolutions
            FROM names n ORDER BY n.reviewer
        """)]
        ratings = ((r["first"], r["first_label"], r["second"], r["second_label"])
                   for r in self.query("""
            SELECT v.reviewer AS first, v.label AS first_label,
                   r.reviewer AS second, r.label AS second_label
            FROM reviews r JOIN verdicts v ON v.id = r.verdict_id
            WHERE r.kind = 'second' AND v.label IS NOT NULL
        """))
        return TeamStats(settings, articles, reviewers, pairwise_agreement(ratings))
