"""Team commands: ``init --shared``, ``review-mode``, ``queue``, ``approve``,
``resolve``, ``stats``, ``log`` and ``who``.

Thin: each command parses, calls one store (or ``workbench.team``) function and
prints. Who acts is always the OS account; no option here can change it.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from workbench.cli.main import ROW_ID, VERDICT_ID, AppContext, pass_app
from workbench.errors import WorkbenchError
from workbench.store import Change, ReviewState, open_store
from workbench.team.sharing import (
    prepare_shared_dir,
    share_database_files,
    sharing_problems,
)
from workbench.text_safety import one_line, safe_json
from workbench.timestamps import normalise_since


@click.command("init")
@click.option("--shared", "shared_path", type=click.Path(path_type=Path), metavar="PATH",
              help="Create a team database at PATH (a file, or a directory for workbench.db).")
@click.option("--group", help="The Unix group whose members may use the team database.")
@pass_app
def init_command(app: AppContext, shared_path: Path | None, group: str | None) -> None:
    """Create a database: your own, or with --shared a team one for --group.

    The team directory gets mode 2770 (setgid, group only) and the database files
    660, so every member of GROUP can read and write and nobody else can look in.
    """
    if shared_path is None:
        if group:
            raise WorkbenchError("--group goes with --shared PATH")
        store = app.store
        click.echo(f"database ready: {store.path} (schema {store.schema_version})")
        return
    if not group:
        raise WorkbenchError("--shared needs --group GROUP: the team allowed to use it")
    db_path = shared_path
    if shared_path.is_dir() or str(shared_path).endswith("/"):
        db_path = shared_path / "workbench.db"
    setup = prepare_shared_dir(db_path, group)
    store = open_store(db_path)  # creates and migrates, with umask 007 (setgid dir)
    try:
        share_database_files(db_path, setup.gid)
        problems = sharing_problems(db_path)
    finally:
        store.close()
    share_database_files(db_path, setup.gid)  # closing may have left -shm behind
    if problems:
        raise WorkbenchError("; ".join(problems))
    click.echo(f"team database ready: {db_path}")
    click.echo(f"  directory {setup.directory}: mode 2770, group {group}; files: mode 660")
    click.echo(f"  reviewers in group {group}: export WORKBENCH_DB={db_path}")


@click.command("review-mode")
@click.option("--two-person/--single", "two_person", default=None,
              help="Require a second reviewer before a verdict is published.")
@click.option("--blind/--open", "blind", default=None,
              help="Hide the first verdict from the second reviewer until they enter theirs.")
@pass_app
def review_mode_command(app: AppContext, two_person: bool | None, blind: bool | None) -> None:
    """Show or change this database's review rules (every change is logged)."""
    store = app.store
    if two_person is None and blind is None:
        settings = store.review_settings()
    else:
        settings = store.set_review_settings(two_person=two_person, blind=blind)
    mode = "two-person" if settings.two_person else "single reviewer"
    click.echo(f"review: {mode}, {'blind' if settings.blind else 'open'}")


def _claim_line(app: AppContext, state: ReviewState) -> str:
    text = one_line(app.store.claim(state.claim_id).text)
    return text if len(text) <= 70 else text[:69] + "…"


@click.command("queue")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def queue_command(app: AppContext, as_json: bool) -> None:
    """What waits for you: verdicts to second, and disputes to resolve."""
    store = app.store
    if not store.review_settings().two_person:
        raise WorkbenchError("two-person review is off for this database; turn it on with "
                             "`workbench review-mode --two-person`")
    pending, disputes = store.review_queue()
    if as_json:
        click.echo(safe_json({"second_review": [asdict(s) for s in pending],
                              "disputes": [asdict(s) for s in disputes]}, indent=2))
        return
    click.echo(f"to review ({len(pending)}): `workbench approve CLAIM_ID [LABEL]`")
    for s in pending:
        seen = "verdict hidden until you enter yours" if s.hidden else \
            f"{one_line(s.reviewer or '')}: {one_line(s.label or '')}"
        click.echo(f"  claim {s.claim_id:>5}  [{seen}]  {_claim_line(app, s)}")
    click.echo(f"disputes ({len(disputes)}): `workbench resolve CLAIM_ID LABEL`")
    for s in disputes:
        click.echo(f"  claim {s.claim_id:>5}  [{one_line(s.reviewer or '')}: "
                   f"{one_line(s.label or '')} / {one_line(s.second_reviewer or '')}: "
                   f"{one_line(s.second_label or '')}]  {_claim_line(app, s)}")


def _outcome(state: ReviewState) -> str:
    both = (f"{one_line(state.reviewer or '')}: {one_line(state.label or '')}, "
            f"{one_line(state.second_reviewer or '')}: {one_line(state.second_label or '')}")
    if state.state == "published":
        return f"claim {state.claim_id}: published ({both})"
    return f"claim {state.claim_id}: {state.state} ({both}) — queued for a third reviewer"


@click.command("approve")
@click.argument("claim_id", type=ROW_ID)
@click.argument("label", required=False)
@click.option("--note", help="Your rationale.")
@click.option("--expect", "expected", type=VERDICT_ID, metavar="VERDICT_ID",
              help="Approve only if the verdict is still this one.")
@pass_app
def approve_command(app: AppContext, claim_id: int, label: str | None, note: str | None,
                    expected: int | None) -> None:
    """Second-review CLAIM_ID: give your own LABEL (required in blind mode).

    Equal to the first verdict, it is published; different, it goes to a third
    reviewer.
    """
    canonical = app.config.canonical_label(label) if label is not None else None
    state = app.store.approve_verdict(claim_id, canonical, note, expected_verdict_id=expected)
    click.echo(_outcome(state))


@click.command("resolve")
@click.argument("claim_id", type=ROW_ID)
@click.argument("label")
@click.option("--note", help="Your rationale.")
@pass_app
def resolve_command(app: AppContext, claim_id: int, label: str, note: str | None) -> None:
    """As third reviewer, decide disputed CLAIM_ID; your LABEL is published."""
    state = app.store.resolve_dispute(claim_id, app.config.canonical_label(label), note)
    click.echo(f"claim {state.claim_id}: published as {one_line(state.label or '')}")


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def stats_command(app: AppContext, as_json: bool) -> None:
    """Progress per article and reviewer, and agreement (Cohen's kappa) per pair."""
    stats = app.store.team_stats()
    if as_json:
        click.echo(safe_json(asdict(stats), indent=2))
        return
    s = stats.settings
    click.echo(f"review: {'two-person' if s.two_person else 'single reviewer'}, "
               f"{'blind' if s.blind else 'open'}")
    click.echo("\narticles")
    click.echo(f"{'id':>5} {'claims':>6} {'open':>5} {'pending':>7} {'disputed':>8} "
               f"{'published':>9}  title")
    for a in stats.articles:
        click.echo(f"{a.article_id:>5} {a.claims:>6} {a.unreviewed:>5} {a.pending:>7} "
                   f"{a.disputed:>8} {a.published:>9}  {one_line(a.title or '(untitled)')}")
    click.echo("\nreviewers")
    click.echo(f"{'reviewer':<16} {'verdicts':>8} {'2nd reviews':>11} {'agreed':>6} "
               f"{'resolved':>8}")
    for r in stats.reviewers:
        click.echo(f"{one_line(r.reviewer):<16} {r.verdicts:>8} {r.second_reviews:>11} "
                   f"{r.agreed:>6} {r.resolutions:>8}")
    click.echo("\nagreement (Cohen's kappa, claims both reviewed)")
    if not stats.agreement:
        click.echo("  no second reviews yet")
    for g in stats.agreement:
        kappa = f"{g.kappa:.2f}" if g.kappa is not None else "n/a (one label only)"
        click.echo(f"  {one_line(g.first)} & {one_line(g.second)}: {g.items} claims, "
                   f"{g.observed:.0%} same label, kappa {kappa}")


def _summary(entity: str, value: Any) -> str:
    """A before/after JSON value in a few words, by what kind of row changed."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        if "label" in value:
            label = value["label"] if value["label"] is not None else "(no verdict)"
            by = f" by {value['reviewer']}" if value.get("reviewer") else ""
            return f"{label}{by}"
        if entity == "sources":
            return str(value.get("url"))
        if entity == "articles":
            return repr(value.get("title") or "(untitled)")
        if entity == "claims":
            return repr(value.get("text"))
        if len(value) == 1:
            key, item = next(iter(value.items()))
            return f"{key}={item}"
    return json.dumps(value, ensure_ascii=False)


def _log_line(change: Change) -> str:
    where = f"claim {change.claim_id}" if change.claim_id is not None else \
        f"{change.entity} {change.entity_id}" if change.entity_id is not None else change.entity
    before, after = _summary(change.entity, change.before), _summary(change.entity, change.after)
    return (f"{change.at}  {one_line(change.reviewer):<12} {change.action:<14} {where:<12} "
            f"{one_line(before)} → {one_line(after)}")


@click.command("log")
@click.option("--claim", "claim_id", type=ROW_ID, help="Only changes to this claim.")
@click.option("--reviewer", help="Only changes by this reviewer (login name).")
@click.option("--since", metavar="DATE", help="Only changes at or after DATE (UTC).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per line.")
@pass_app
def log_command(app: AppContext, claim_id: int | None, reviewer: str | None,
                since: str | None, as_json: bool) -> None:
    """Every change: who, when, what, before and after (the log is append-only)."""
    since_at = normalise_since(since) if since else None
    if claim_id is not None:
        app.store.claim(claim_id)
    empty = True
    for change in app.store.audit_log(claim_id=claim_id, reviewer=reviewer, since=since_at):
        empty = False
        click.echo(safe_json(asdict(change)) if as_json
                   else _log_line(change))
    if empty and not as_json:
        click.echo("no changes match")


@click.command("who")
@click.option("--claim", "claim_id", type=ROW_ID, help="Only reviewers on this claim.")
@pass_app
def who_command(app: AppContext, claim_id: int | None) -> None:
    """Who is reviewing which claim now (sessions heard from in the last 30 s)."""
    people = app.store.presence(claim_id)
    if not people:
        click.echo("nobody is reviewing right now")
    for p in people:
        click.echo(f"{one_line(p.describe())} ({p.age_s:.0f} s ago)")


COMMANDS = [init_command, review_mode_command, queue_command, approve_command,
            resolve_command, stats_command, log_command, who_command]
