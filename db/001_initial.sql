-- 001: articles, their claims, sources and the append-only verdict history.
-- Never edit this file once it has landed; add 002_*.sql instead.

CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    title       TEXT,
    outlet      TEXT,
    url         TEXT,
    published   TEXT,                 -- ISO date (YYYY-MM-DD) or NULL
    text        TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE, -- of the UTF-8 text: a re-import is refused
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE claims (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    ordinal     INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,     -- character offsets into articles.text
    "end"       INTEGER NOT NULL,
    kinds       TEXT NOT NULL,        -- JSON array of kind names
    score       REAL NOT NULL,        -- check-worthiness, 0..1
    reasons     TEXT NOT NULL,        -- JSON array of plain-English reasons
    "values"    TEXT NOT NULL,        -- JSON object of structured values
    status      TEXT NOT NULL DEFAULT 'unreviewed', -- 'unreviewed' | 'reviewed'
    UNIQUE (article_id, ordinal)
);
CREATE INDEX claims_status ON claims (article_id, status);

CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims(id),
    url         TEXT NOT NULL,
    note        TEXT,
    quote       TEXT,
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL
);
CREATE INDEX sources_claim ON sources (claim_id);

-- Append-only: the current verdict of a claim is its latest row. A NULL label
-- means the verdict was withdrawn (an undo that left nothing before it).
CREATE TABLE verdicts (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims(id),
    label       TEXT,
    note        TEXT,
    reviewer    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    undoes      INTEGER REFERENCES verdicts(id) -- set on rows written by an undo
);
CREATE INDEX verdicts_claim ON verdicts (claim_id, id);

CREATE TRIGGER verdicts_append_only_update BEFORE UPDATE ON verdicts
BEGIN
    SELECT RAISE(ABORT, 'verdict history is append-only');
END;
CREATE TRIGGER verdicts_append_only_delete BEFORE DELETE ON verdicts
BEGIN
    SELECT RAISE(ABORT, 'verdict history is append-only');
END;

-- Full-text index over claim text, kept in step by triggers.
CREATE VIRTUAL TABLE claims_fts USING fts5(
    text,
    content = 'claims',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims
BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER claims_fts_update AFTER UPDATE OF text ON claims
BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text);
END;
