-- 002: the corpus of previously checked claims, its full-text indexes, and match links.
-- Never edit this file once it has landed; add a later NNN_*.sql instead.

-- One row per previously checked claim. A claim of an imported article joins the
-- corpus when it gets a verdict (kind 'claim', kept in step by the triggers below,
-- so every code path that writes a verdict keeps the corpus right in the same
-- transaction). Fact-checks from outside are kind 'external': one more row kind,
-- not a second code path for retrieval.
CREATE TABLE corpus (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('claim', 'external')),
    claim_id    INTEGER UNIQUE REFERENCES claims(id),
    source      TEXT,                 -- for external rows: where they came from
    external_id TEXT,                 -- for external rows: the source's own id
    url         TEXT,                 -- for external rows: the fact-check's address
    text        TEXT NOT NULL,
    title       TEXT,
    verdict     TEXT,
    "values"    TEXT,                 -- JSON of extracted values; NULL = not extracted yet
    added_at    TEXT NOT NULL,
    CHECK ((kind = 'claim') = (claim_id IS NOT NULL)),
    UNIQUE (source, external_id)
);

-- Word index (stemmed) and character-trigram index, fused at query time.
CREATE VIRTUAL TABLE corpus_fts USING fts5(
    text, title,
    content = 'corpus', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Document frequencies, to drop words so common they only cost time.
CREATE VIRTUAL TABLE corpus_vocab USING fts5vocab(corpus_fts, 'row');

CREATE TRIGGER corpus_fts_insert AFTER INSERT ON corpus
BEGIN
    INSERT INTO corpus_fts (rowid, text, title) VALUES (new.id, new.text, new.title);
END;
CREATE TRIGGER corpus_fts_delete AFTER DELETE ON corpus
BEGIN
    INSERT INTO corpus_fts (corpus_fts, rowid, text, title)
        VALUES ('delete', old.id, old.text, old.title);
END;
CREATE TRIGGER corpus_fts_update AFTER UPDATE OF text, title ON corpus
BEGIN
    INSERT INTO corpus_fts (corpus_fts, rowid, text, title)
        VALUES ('delete', old.id, old.text, old.title);
    INSERT INTO corpus_fts (rowid, text, title) VALUES (new.id, new.text, new.title);
END;

-- A verdict with a label puts its claim into the corpus (or updates its verdict);
-- a withdrawn verdict (NULL label, written by an undo) clears it: the row stays, because
-- match history may point at it, and retrieval skips claim rows without a verdict.
CREATE TRIGGER corpus_from_verdict AFTER INSERT ON verdicts WHEN new.label IS NOT NULL
BEGIN
    INSERT INTO corpus (kind, claim_id, text, verdict, "values", added_at)
        SELECT 'claim', c.id, c.text, new.label, c."values", new.created_at
        FROM claims c WHERE c.id = new.claim_id
        ON CONFLICT (claim_id) DO UPDATE SET verdict = excluded.verdict;
END;
CREATE TRIGGER corpus_verdict_withdrawn AFTER INSERT ON verdicts WHEN new.label IS NULL
BEGIN
    UPDATE corpus SET verdict = NULL WHERE claim_id = new.claim_id;
END;
CREATE TRIGGER corpus_claim_text AFTER UPDATE OF text, "values" ON claims
BEGIN
    UPDATE corpus SET text = new.text, "values" = new."values" WHERE claim_id = new.id;
END;

-- Claims that already carry a verdict when this migration runs.
INSERT INTO corpus (kind, claim_id, text, verdict, "values", added_at)
    SELECT 'claim', c.id, c.text, v.label, c."values", v.created_at
    FROM claims c
    JOIN verdicts v ON v.id = (SELECT max(id) FROM verdicts WHERE claim_id = c.id)
    WHERE v.label IS NOT NULL;

-- The reviewer's decisions about suggested matches, append-only like verdicts: the
-- current state of a (claim, corpus row) pair is its latest row.
CREATE TABLE match_links (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims(id),
    corpus_id   INTEGER NOT NULL REFERENCES corpus(id),
    action      TEXT NOT NULL CHECK (action IN ('auto_linked', 'confirmed', 'rejected', 'reused')),
    relation    TEXT,                 -- 'same' | 'conflict' | 'related' when decided
    score       REAL,
    verdict_id  INTEGER REFERENCES verdicts(id), -- the verdict a reuse wrote
    reviewer    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX match_links_claim ON match_links (claim_id, corpus_id, id);

CREATE TRIGGER match_links_append_only_update BEFORE UPDATE ON match_links
BEGIN
    SELECT RAISE(ABORT, 'match history is append-only');
END;
CREATE TRIGGER match_links_append_only_delete BEFORE DELETE ON match_links
BEGIN
    SELECT RAISE(ABORT, 'match history is append-only');
END;
