"""Plain-text rendering of claims for the terminal: untrusted text made printable."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable

from workbench.store import Claim
from workbench.text_safety import one_line


def claims_table(claims: Iterable[Claim], width: int | None = None) -> Iterable[str]:
    """Lines of a readable table: ordinal, id, score, kinds, wrapped claim and reasons."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 120)
    indent = " " * 6
    yield f"{'#':>3}  {'id':>5}  {'score':>5}  kinds"
    for claim in claims:
        verdict = f"  [{claim.verdict}]" if claim.verdict else ""
        kinds = ", ".join(claim.kinds) or "-"
        yield f"{claim.ordinal:>3}  {claim.id:>5}  {claim.score:>5.2f}  {kinds}{one_line(verdict)}"
        for line in textwrap.wrap(one_line(claim.text), width - len(indent)):
            yield indent + line
        if claim.reasons:
            why = "why: " + "; ".join(one_line(r) for r in claim.reasons)
            for line in textwrap.wrap(why, width - len(indent), subsequent_indent="     "):
                yield indent + line
        yield ""
