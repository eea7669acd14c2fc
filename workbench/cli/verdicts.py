"""``workbench verdict``, ``workbench undo`` and ``workbench history``."""

from __future__ import annotations

import click

from workbench.cli.main import ROW_ID, VERDICT_ID, AppContext, pass_app
from workbench.errors import WorkbenchError
from workbench.text_safety import one_line, safe_json


@click.command("verdict")
@click.argument("claim_id", type=ROW_ID)
@click.argument("label")
@click.option("--note", help="The rationale for the verdict.")
@click.option("--expect", "expected", type=VERDICT_ID, metavar="VERDICT_ID",
              help="Refuse if the claim's verdict is no longer VERDICT_ID (0: none).")
@pass_app
def verdict_command(app: AppContext, claim_id: int, label: str, note: str | None,
                    expected: int | None) -> None:
    """Record a verdict LABEL for CLAIM_ID (a label of the scale, any case)."""
    canonical = app.config.canonical_label(label)
    verdict_id = app.store.add_verdict(claim_id, canonical, note, expected_verdict_id=expected)
    click.echo(f"claim {claim_id}: {canonical} (verdict {verdict_id})")


@click.command("undo")
@click.argument("claim_id", type=ROW_ID)
@click.option("--expect", "expected", type=VERDICT_ID, metavar="VERDICT_ID",
              help="Undo only if the claim's latest verdict is still this one.")
@pass_app
def undo_command(app: AppContext, claim_id: int, expected: int | None) -> None:
    """Undo your latest verdict of CLAIM_ID (the history keeps both)."""
    row = app.store.undo_verdict(claim_id, expected_verdict_id=expected)
    now = row.label if row.label is not None else "no verdict"
    click.echo(f"claim {claim_id}: undone, now {now}")


@click.command("history")
@click.argument("claim_id", type=ROW_ID)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_app
def history_command(app: AppContext, claim_id: int, as_json: bool) -> None:
    """Show the verdict history of CLAIM_ID: who, when, what."""
    if app.store.review_state(claim_id).hidden:
        raise WorkbenchError(
            f"claim {claim_id}'s verdict is hidden until you enter your own (blind review)"
        )
    rows = app.store.verdict_history(claim_id)
    if as_json:
        click.echo(safe_json([r.__dict__ for r in rows], indent=2))
        return
    if not rows:
        click.echo(f"claim {claim_id} has no verdicts yet")
    for r in rows:
        what = r.label if r.label is not None else "(no verdict)"
        undo = f" (undo of {r.undoes})" if r.undoes else ""
        note = f" — {one_line(r.note)}" if r.note else ""
        click.echo(f"{r.created_at}  {one_line(r.reviewer)}  {one_line(what)}{undo}{note}")


COMMANDS = [verdict_command, undo_command, history_command]
