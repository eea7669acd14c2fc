-- 007: in two-person review only a PUBLISHED verdict puts a claim's label into the
-- matching corpus; source flags become append-only. Never edit this file once it has
-- landed; add a later NNN_*.sql instead.

-- 002 copied every new label into the corpus at insert time, so a pending or disputed
-- verdict could be found by `match`, shown by `matches` and copied by a reuse before
-- anyone had seconded it (and in blind mode shown to the very reviewer who must not
-- see it). The rule now: a claim row of the corpus carries the claim's *current*
-- verdict when that verdict is published, else NULL (retrieval skips claim rows
-- without a verdict). Published is the rule of store/export.py PUBLISHED and the
-- 'published' state of store/team.py: two-person review off, or a second review with
-- the same label, or a third review (a resolution) on the current verdict. Single-person
-- mode behaves exactly as before.

DROP TRIGGER corpus_from_verdict;
DROP TRIGGER corpus_verdict_withdrawn;

-- Single-person mode: a label is published as it is written (as in 002).
CREATE TRIGGER corpus_from_verdict AFTER INSERT ON verdicts
    WHEN new.label IS NOT NULL
    AND coalesce((SELECT value = 'on' FROM team_settings
                  WHERE key = 'two_person_review'), 0) = 0
BEGIN
    INSERT INTO corpus (kind, claim_id, text, verdict, "values", added_at)
        SELECT 'claim', c.id, c.text, new.label, c."values", new.created_at
        FROM claims c WHERE c.id = new.claim_id
        ON CONFLICT (claim_id) DO UPDATE SET verdict = excluded.verdict;
END;

-- A withdrawn verdict (undo leaving nothing), or in two-person mode any new verdict
-- (pending until reviewed), takes the claim's label out. The row stays: match
-- history may point at it.
CREATE TRIGGER corpus_verdict_withdrawn AFTER INSERT ON verdicts
    WHEN new.label IS NULL
    OR coalesce((SELECT value = 'on' FROM team_settings
                 WHERE key = 'two_person_review'), 0) = 1
BEGIN
    UPDATE corpus SET verdict = NULL WHERE claim_id = new.claim_id;
END;

-- A review that publishes the claim's current verdict puts its label in: a second
-- review with the same label, or a third reviewer's resolution (written in the same
-- transaction as the verdict it publishes, after it).
CREATE TRIGGER corpus_from_review AFTER INSERT ON reviews
    WHEN new.verdict_id = (SELECT max(id) FROM verdicts WHERE claim_id = new.claim_id)
    AND (new.kind = 'third'
         OR new.label = (SELECT label FROM verdicts WHERE id = new.verdict_id))
BEGIN
    INSERT INTO corpus (kind, claim_id, text, verdict, "values", added_at)
        SELECT 'claim', c.id, c.text, v.label, c."values", new.created_at
        FROM claims c JOIN verdicts v ON v.id = new.verdict_id
        WHERE c.id = new.claim_id AND v.label IS NOT NULL
        ON CONFLICT (claim_id) DO UPDATE SET verdict = excluded.verdict;
END;

-- Turning two-person review on or off changes which verdicts are published, so the
-- corpus labels are recomputed from the history (a rare, whole-table change). The
-- setting row exists from 004 and is only ever updated (upsert), never re-inserted.
CREATE TRIGGER corpus_review_mode AFTER UPDATE OF value ON team_settings
    WHEN new.key = 'two_person_review' AND old.value IS NOT new.value
BEGIN
    UPDATE corpus SET verdict = (
        SELECT v.label FROM verdicts v
        WHERE v.id = (SELECT max(id) FROM verdicts WHERE claim_id = corpus.claim_id)
          AND v.label IS NOT NULL
          AND (new.value IS NOT 'on' OR EXISTS (
              SELECT 1 FROM reviews r WHERE r.verdict_id = v.id
              AND (r.kind = 'third' OR (r.kind = 'second' AND r.label = v.label))))
    ) WHERE kind = 'claim';
    INSERT INTO corpus (kind, claim_id, text, verdict, "values", added_at)
        SELECT 'claim', c.id, c.text, v.label, c."values", v.created_at
        FROM claims c
        JOIN verdicts v ON v.id = (SELECT max(id) FROM verdicts WHERE claim_id = c.id)
        WHERE v.label IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM corpus k WHERE k.claim_id = c.id)
          AND (new.value IS NOT 'on' OR EXISTS (
              SELECT 1 FROM reviews r WHERE r.verdict_id = v.id
              AND (r.kind = 'third' OR (r.kind = 'second' AND r.label = v.label))));
END;

-- A database already in two-person mode may hold unpublished labels copied by 002's
-- trigger: clear them now (published ones, and single-person mode, are unchanged).
UPDATE corpus SET verdict = NULL
WHERE kind = 'claim'
  AND coalesce((SELECT value = 'on' FROM team_settings
                WHERE key = 'two_person_review'), 0) = 1
  AND NOT EXISTS (
      SELECT 1 FROM verdicts v
      WHERE v.id = (SELECT max(id) FROM verdicts WHERE claim_id = corpus.claim_id)
        AND v.label IS NOT NULL
        AND EXISTS (SELECT 1 FROM reviews r WHERE r.verdict_id = v.id
            AND (r.kind = 'third' OR (r.kind = 'second' AND r.label = v.label))));

-- Source flags were the one history table without append-only triggers. Nothing
-- updates or deletes them (store/snapshots.py only does INSERT OR IGNORE; a new
-- verdict starts clean because a flag names its verdict, not by deleting), so the
-- database now refuses it like the other histories.
CREATE TRIGGER source_flags_append_only_update BEFORE UPDATE ON source_flags
BEGIN
    SELECT RAISE(ABORT, 'source flags are append-only');
END;
CREATE TRIGGER source_flags_append_only_delete BEFORE DELETE ON source_flags
BEGIN
    SELECT RAISE(ABORT, 'source flags are append-only');
END;
