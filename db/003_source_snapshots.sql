-- 003: what the tool saw when it fetched a source, and flags on verdicts whose
-- sources changed or died since. Never edit this file once it has landed.

-- Append-only: one row per fetch of a source (the first on `source add`, more on
-- `source refresh`). A failed fetch is a row too, with its reason, so the record
-- says what was tried and when. The latest row is the source's current state.
CREATE TABLE source_snapshots (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES sources(id),
    requested_url TEXT NOT NULL,
    final_url     TEXT,                 -- after redirects; NULL when nothing answered
    http_status   INTEGER,
    content_type  TEXT,
    outcome       TEXT NOT NULL CHECK (outcome IN ('extracted', 'link', 'failed')),
    failure       TEXT,                 -- kind: dns, refused, timeout, too_big, blocked, ...
    reason        TEXT,                 -- one line for the reviewer, NULL when extracted
    sha256        TEXT,                 -- of the body as received (decoded transfer coding)
    byte_count    INTEGER,
    title         TEXT,
    published     TEXT,                 -- the page's own publication date, if it has one
    text          TEXT,                 -- the extracted main text
    fetched_by    TEXT NOT NULL,
    fetched_at    TEXT NOT NULL,
    CHECK ((outcome = 'failed') = (failure IS NOT NULL))
);
CREATE INDEX source_snapshots_source ON source_snapshots (source_id, id);

CREATE TRIGGER source_snapshots_append_only_update BEFORE UPDATE ON source_snapshots
BEGIN
    SELECT RAISE(ABORT, 'source snapshots are append-only');
END;
CREATE TRIGGER source_snapshots_append_only_delete BEFORE DELETE ON source_snapshots
BEGIN
    SELECT RAISE(ABORT, 'source snapshots are append-only');
END;

-- A refresh that finds a source changed or gone flags the verdict in force that
-- relied on it. A flag belongs to that verdict: a new verdict starts clean.
CREATE TABLE source_flags (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources(id),
    verdict_id  INTEGER NOT NULL REFERENCES verdicts(id),
    snapshot_id INTEGER NOT NULL REFERENCES source_snapshots(id), -- the refresh that found it
    flag        TEXT NOT NULL CHECK (flag IN ('source changed since verdict', 'source gone')),
    detail      TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (source_id, verdict_id, flag)
);
CREATE INDEX source_flags_verdict ON source_flags (verdict_id);
