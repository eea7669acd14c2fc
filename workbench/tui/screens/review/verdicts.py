"""Verdict keys, second review and resolution, conflicts, undo and notes."""

from __future__ import annotations

from dataclasses import replace

from workbench.store import Store, VerdictConflict
from workbench.store.review import ClaimRow
from workbench.store.team import ReviewState
from workbench.text_safety import one_line, printable
from workbench.tui.screens.prompts import ChoicePrompt, ConflictDialog, TextPrompt
from workbench.tui.screens.review.base import ReviewBase, WriteResult
from workbench.tui.widgets.detail import ClaimDetail


class VerdictFlow(ReviewBase):
    """One key sets a verdict and moves on; guarded by the verdict id shown."""

    def action_verdict(self, number: int) -> None:
        scale = self.app.config.scale
        row = self.claim_list.current
        if row is None:
            return
        if number > len(scale):
            self.notify(f"the verdict scale has {len(scale)} labels; key {number} is unused",
                        severity="warning")
            return
        label, note = scale[number - 1], self.pending_note
        self.pending_note = None
        self.query_one(ClaimDetail).show_pending_note(None)
        mode = self._write_mode(row)
        me = self.app.store.reviewer
        state = self.states.get(row.id)
        if mode == "verdict":
            if row.status != "reviewed":
                self.progress = (self.progress[0] + 1, self.progress[1])
            self.claim_list.replace_row(replace(row, verdict=label, status="reviewed"))
            self.my_verdicts.append(row.id)
            if self.settings.two_person:
                self._set_state(ReviewState(row.id, row.article_id, None, label, me, None,
                                            None, "pending"))
        elif state is not None:  # a second review or a resolution: not mine to redo
            self._set_state(replace(state, second_reviewer=me, second_label=label))
        self._move_to_next_unreviewed()
        self._update_status()
        self.submit_verdict(row, label, note, mode)

    def needs_me(self, row: ClaimRow) -> bool:
        """Whether the claim waits for this reviewer: unreviewed, or (two-person
        review) someone else's verdict to second or dispute to resolve."""
        if not self.settings.two_person:
            return row.status != "reviewed"
        state = self.states.get(row.id)
        if state is None or state.state == "unreviewed":
            return row.status != "reviewed"
        return self._write_mode(row) != "verdict"

    def _write_mode(self, row: ClaimRow) -> str:
        """``verdict``, ``approve`` (second review) or ``resolve`` (a third reviewer)."""
        state = self.states.get(row.id)
        if not self.settings.two_person or state is None:
            return "verdict"
        me = self.app.store.reviewer
        if state.second_reviewer == me:
            return "verdict"
        if state.state == "pending" and (state.hidden or state.reviewer != me):
            return "approve"
        if state.state == "disputed" and me not in (state.reviewer, state.second_reviewer):
            return "resolve"
        return "verdict"

    def submit_verdict(self, row: ClaimRow, label: str | None, note: str | None,
                       mode: str = "verdict", expected: int | None = None) -> None:
        """Write a verdict (or a second review, or a resolution) in order, guarded by
        the verdict id shown; a colleague's newer verdict opens the conflict dialog."""
        blind = self.settings.blind

        def write(store: Store) -> tuple[VerdictConflict | None, WriteResult, str]:
            try:
                if mode == "approve":
                    shown = None if blind or label is not None else self._expected_id(row)
                    state = store.approve_verdict(row.id, label, note,
                                                  expected_verdict_id=shown)
                    outcome = ("published: you agree" if state.state == "published" else
                               f"disputed: {state.label} vs yours; queued for a third reviewer")
                elif mode == "resolve":
                    store.resolve_dispute(row.id, label or "", note)
                    outcome = "dispute resolved and published"
                else:
                    shown = expected if expected is not None else self._expected_id(row)
                    verdict_id = store.add_verdict(row.id, label or "", note,
                                                   expected_verdict_id=shown)
                    self._saw_verdicts([(row.id, verdict_id)])
                    outcome = ""
            except VerdictConflict as conflict:
                return conflict, self._read_back(store, row.id), ""
            return None, self._read_back(store, row.id), outcome

        def done(result: tuple[VerdictConflict | None, WriteResult, str]) -> None:
            conflict, read_back, outcome = result
            self._after_write(*read_back)
            if conflict is not None:
                self._conflicted(row, conflict, mode)
            elif outcome:
                self.notify(f"claim {row.ordinal}: {outcome}")

        self.app.submit_write(write, done, failed=self.load_rows)

    def _conflicted(self, row: ClaimRow, conflict: VerdictConflict, mode: str) -> None:
        if row.id in self.my_verdicts:
            self.my_verdicts.reverse()
            self.my_verdicts.remove(row.id)
            self.my_verdicts.reverse()
        if mode != "verdict":
            self.notify(f"claim {row.ordinal} changed since you saw it; look again",
                        severity="warning")
            return

        def chosen(choice: str | None) -> None:
            if choice == "yours":
                self.my_verdicts.append(row.id)
                self.submit_verdict(row, conflict.yours_label, conflict.yours_note,
                                    expected=conflict.current_id)
            else:
                self._saw_verdicts([(row.id, conflict.current_id)])
                self.notify(f"kept {self._who(conflict)} verdict on claim {row.ordinal}")

        self.app.push_screen(ConflictDialog(row.ordinal, conflict), chosen)

    @staticmethod
    def _who(conflict: VerdictConflict) -> str:
        return f"{one_line(conflict.theirs.reviewer)}'s" if conflict.theirs else "the"

    def action_approve(self) -> None:
        row = self.claim_list.current
        if row is None:
            return
        if not self.settings.two_person:
            self.notify("two-person review is off for this database "
                        "(workbench review-mode --two-person)", severity="warning")
            return
        state = self.states.get(row.id)
        if state is None or self._write_mode(row) != "approve":
            what = state.state if state else "unknown"
            self.notify(f"claim {row.ordinal} is {what}: no verdict of someone else "
                        "waits for your second review", severity="warning")
            return
        if self.settings.blind or state.hidden:
            self.app.push_screen(
                ChoicePrompt(f"Your own verdict for claim {row.ordinal} (blind review)",
                             self.app.config.scale),
                lambda label: label and self._approve(row, label))
            return
        self._approve(row, None)

    def _approve(self, row: ClaimRow, label: str | None) -> None:
        state = self.states.get(row.id)
        if state is not None:
            self._set_state(replace(state, second_reviewer=self.app.store.reviewer))
        self._move_to_next_unreviewed()
        self.submit_verdict(row, label, None, "approve")

    def _move_to_next_unreviewed(self) -> None:
        claim_list = self.claim_list
        rows, start = claim_list.rows, claim_list.cursor
        order = list(range(start + 1, len(rows))) + list(range(0, start))
        nxt = next((i for i in order if self.needs_me(rows[i])), None)
        if nxt is None:
            reviewed, total = self.progress
            self.notify(f"every claim shown is reviewed ({reviewed}/{total} in the article)")
            if start + 1 < len(rows):
                claim_list.cursor = start + 1
        else:
            claim_list.cursor = nxt

    def action_next_unreviewed(self) -> None:
        self._move_to_next_unreviewed()

    def action_undo(self) -> None:
        claim_list = self.claim_list
        if self.my_verdicts:
            claim_id = self.my_verdicts.pop()
        elif claim_list.current is not None and claim_list.current.verdict:
            claim_id = claim_list.current.id
        else:
            self.notify("nothing to undo: you set no verdict here yet", severity="warning")
            return
        index = claim_list.index_of(claim_id)
        if index is not None:
            claim_list.cursor = index

        def write(store: Store) -> tuple[WriteResult, str | None]:
            restored = store.undo_verdict(claim_id)
            self._saw_verdicts([(claim_id, restored.id)])
            # The review state too: an undo makes the claim unreviewed, or its restored
            # verdict pending again (a new row), whatever the list showed before.
            return self._read_back(store, claim_id), restored.label

        def done(result: tuple[WriteResult, str | None]) -> None:
            read_back, label = result
            self._after_write(*read_back)
            row = read_back[0]
            ordinal = row.ordinal if row else "?"
            now = f"now “{printable(label)}”" if label else "now unreviewed"
            self.notify(f"undid the verdict on claim {ordinal}: {now}")

        self.app.submit_write(write, done, failed=self.load_rows)

    def action_note(self) -> None:
        row = self.claim_list.current
        if row is None:
            return
        state = self.states.get(row.id)
        if state is not None and state.hidden:
            self.notify("blind review: give your note with your own verdict (press n "
                        "after setting it)", severity="warning")
            return
        title = (f"Note for the verdict “{printable(row.verdict)}” of claim {row.ordinal}"
                 if row.verdict else f"Note for the next verdict you set (claim {row.ordinal})")
        self.app.push_screen(
            TextPrompt(title, placeholder="why this verdict",
                       validate=lambda v: None if v else "the note is empty"),
            lambda note: self._note_given(row, note),
        )

    def _note_given(self, row: ClaimRow, note: str | None) -> None:
        if not note:
            return
        if not row.verdict:
            self.pending_note = note
            self.query_one(ClaimDetail).show_pending_note(note)
            self._update_status()
            return
        self.submit_verdict(row, row.verdict, note)

