"""Two-person review: second reviews publish or dispute, blind mode hides the first
verdict, a third reviewer resolves, stats report agreement. Several reviewers are
played by stores opened with the internal ``_reviewer`` parameter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_team_fixtures import open_as, seed_claims
from workbench.cli import cli
from workbench.errors import WorkbenchError
from workbench.identity import reviewer_name
from workbench.store import VerdictConflict


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def team(db_path: Path):
    ids = seed_claims(db_path, 4)
    stores = {name: open_as(db_path, name) for name in ("alice", "bob", "carol")}
    stores["alice"].set_review_settings(two_person=True)
    yield ids, stores
    for store in stores.values():
        store.close()


def test_without_two_person_review_a_verdict_is_published_at_once(db_path: Path) -> None:
    (claim, *_) = seed_claims(db_path, 1)
    alice = open_as(db_path, "alice")
    alice.add_verdict(claim, "True")
    assert alice.review_state(claim).state == "published"
    with pytest.raises(WorkbenchError, match="two-person review is off"):
        open_as(db_path, "bob").approve_verdict(claim, "True")


def test_equal_second_review_publishes(team) -> None:
    (claim, *_), s = team
    s["alice"].add_verdict(claim, "True")
    assert s["bob"].review_state(claim).state == "pending"
    state = s["bob"].approve_verdict(claim)  # open mode: approve what is shown
    assert (state.state, state.reviewer, state.second_reviewer) == ("published", "alice", "bob")


def test_nobody_seconds_their_own_verdict(team) -> None:
    (claim, *_), s = team
    s["alice"].add_verdict(claim, "True")
    with pytest.raises(WorkbenchError, match="a second reviewer must"):
        s["alice"].approve_verdict(claim, "True")
    assert s["alice"].review_state(claim).state == "pending"


def test_disagreement_goes_to_a_third_reviewer_who_resolves_it(team) -> None:
    (claim, *_), s = team
    s["alice"].add_verdict(claim, "True")
    assert s["bob"].approve_verdict(claim, "False").state == "disputed"
    # The two who disagree see nothing to do; carol sees the dispute.
    assert s["alice"].review_queue() == ([], [])
    assert s["bob"].review_queue()[1] == []
    pending, disputes = s["carol"].review_queue()
    assert [d.claim_id for d in disputes] == [claim]
    assert (disputes[0].label, disputes[0].second_label) == ("True", "False")
    with pytest.raises(WorkbenchError, match="third reviewer"):
        s["bob"].resolve_dispute(claim, "False")
    with pytest.raises(WorkbenchError, match="already disputed"):
        s["carol"].approve_verdict(claim, "True")
    state = s["carol"].resolve_dispute(claim, "Mostly false", "both half right")
    assert (state.state, state.label, state.reviewer) == ("published", "Mostly false", "carol")
    # History keeps all three opinions.
    labels = [v.label for v in s["carol"].verdict_history(claim)]
    assert labels == ["True", "Mostly false"]
    actions = [c.action for c in s["carol"].audit_log(claim_id=claim)]
    assert actions == ["verdict", "disagree", "verdict", "resolve"]


def test_a_new_verdict_after_publication_needs_approval_again(team) -> None:
    (claim, *_), s = team
    s["alice"].add_verdict(claim, "True")
    s["bob"].approve_verdict(claim, "True")
    s["carol"].add_verdict(claim, "False")
    assert s["alice"].review_state(claim).state == "pending"


def test_blind_mode_hides_the_first_verdict_until_the_second_is_entered(team) -> None:
    (claim, *_), s = team
    s["alice"].set_review_settings(blind=True)
    s["alice"].add_verdict(claim, "True", "note by alice")
    seen_by_bob = s["bob"].review_state(claim)
    assert seen_by_bob.hidden and seen_by_bob.label is None and seen_by_bob.reviewer is None
    assert s["alice"].review_state(claim).label == "True"  # the author sees their own
    (queued,), _ = s["bob"].review_queue()
    assert queued.claim_id == claim and queued.label is None
    with pytest.raises(WorkbenchError, match="blind review"):
        s["bob"].approve_verdict(claim)  # cannot just nod it through unseen
    state = s["bob"].approve_verdict(claim, "True")
    assert (state.state, state.label, state.hidden) == ("published", "True", False)


def test_open_mode_approval_of_a_verdict_that_changed_is_a_conflict(team) -> None:
    (claim, *_), s = team
    first = s["alice"].add_verdict(claim, "True")
    s["carol"].add_verdict(claim, "False")  # while bob was reading alice's
    with pytest.raises(VerdictConflict) as caught:
        s["bob"].approve_verdict(claim, expected_verdict_id=first)
    assert caught.value.theirs.label == "False"
    assert s["bob"].review_state(claim).state == "pending"


def test_stats_count_progress_and_agreement_per_pair(team) -> None:
    ids, s = team
    for claim, (first, second) in zip(ids, [("True", "True"), ("False", "False"),
                                           ("True", "False"), ("False", "False")], strict=True):
        s["alice"].add_verdict(claim, first)
        s["bob"].approve_verdict(claim, second)
    stats = s["carol"].team_stats()
    (article,) = stats.articles
    assert (article.claims, article.published, article.disputed) == (4, 3, 1)
    by_name = {r.reviewer: r for r in stats.reviewers}
    assert (by_name["alice"].verdicts, by_name["bob"].second_reviews,
            by_name["bob"].agreed) == (4, 4, 3)
    (pair,) = stats.agreement
    assert (pair.first, pair.second, pair.items) == ("alice", "bob", 4)
    # alice T,F,T,F  bob T,F,F,F → po 0.75, pe 0.5·0.25 + 0.5·0.75 = 0.5 → kappa 0.5
    assert pair.kappa == pytest.approx(0.5)


def test_cli_review_mode_approve_queue_and_stats(db_path: Path) -> None:
    first, second = seed_claims(db_path, 2)
    me = reviewer_name()
    alice = open_as(db_path, "alice")
    alice.add_verdict(first, "True")
    alice.add_verdict(second, "True")
    alice.close()
    result = run(db_path, "review-mode", "--two-person", "--blind")
    assert result.exit_code == 0 and "two-person, blind" in result.output
    queue = run(db_path, "queue")
    assert queue.exit_code == 0
    assert f"claim {first:>5}  [verdict hidden until you enter yours]" in queue.output
    assert "alice" not in queue.output  # blind: not even who wrote it
    refused = run(db_path, "approve", str(first))
    assert refused.exit_code == 1 and refused.output.startswith("error: blind review")
    agreed = run(db_path, "approve", str(first), "true")
    assert agreed.output.strip() == f"claim {first}: published (alice: True, {me}: True)"
    disputed = run(db_path, "approve", str(second), "false", "--note", "see source")
    assert "disputed" in disputed.output and "third reviewer" in disputed.output
    stats = json.loads(run(db_path, "stats", "--json").output)
    assert stats["articles"][0]["published"] == 1 and stats["articles"][0]["disputed"] == 1
    (pair,) = stats["agreement"]
    assert {pair["first"], pair["second"]} == {"alice", me} and pair["items"] == 2
    text = run(db_path, "stats").output
    assert "kappa" in text and "two-person" in text


def test_cli_bad_review_input_is_one_line_and_changes_nothing(db_path: Path) -> None:
    (claim,) = seed_claims(db_path, 1)
    open_as(db_path, "alice").add_verdict(claim, "True")
    run(db_path, "review-mode", "--two-person")
    before = open_as(db_path, "x").latest_change_id()
    for args in (["approve", str(claim), "Bogus"], ["approve", "999", "True"],
                 ["resolve", str(claim), "True"], ["approve", str(claim), "--expect", "77"]):
        result = run(db_path, *args)
        assert result.exit_code == 1, args
        assert result.output.startswith("error: ") and result.output.count("\n") == 1, args
    assert open_as(db_path, "x").latest_change_id() == before
