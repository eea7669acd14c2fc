-- 004: team review — per-database settings, second/third reviews, presence
-- (soft locks) and the append-only audit log.
-- Never edit this file once it has landed; add a later migration instead.

-- Per-database settings (two-person review, blind mode). Changes are audited.
CREATE TABLE team_settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
INSERT INTO team_settings (key, value, changed_by, changed_at) VALUES
    ('two_person_review', 'off', 'workbench', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('blind_review', 'off', 'workbench', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- Second and third reviews of a verdict. 'second': another reviewer's own label
-- for the verdict (equal: published; different: disputed). 'third': a third
-- reviewer's resolution of a dispute, recorded on the verdict row they wrote.
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims(id),
    verdict_id  INTEGER NOT NULL REFERENCES verdicts(id),
    kind        TEXT NOT NULL CHECK (kind IN ('second', 'third')),
    label       TEXT NOT NULL,
    note        TEXT,
    reviewer    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX reviews_verdict ON reviews (verdict_id);
CREATE INDEX reviews_claim ON reviews (claim_id, id);
-- One second review per verdict: a later opinion goes to the third reviewer.
CREATE UNIQUE INDEX reviews_one_second ON reviews (verdict_id) WHERE kind = 'second';
CREATE TRIGGER reviews_append_only_update BEFORE UPDATE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'review history is append-only');
END;
CREATE TRIGGER reviews_append_only_delete BEFORE DELETE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'review history is append-only');
END;

-- Who is on which claim. Ephemeral: a row is live while its heartbeat is recent
-- (unix seconds), so a killed session's lock expires on its own.
CREATE TABLE presence (
    session     TEXT PRIMARY KEY,
    reviewer    TEXT NOT NULL,
    host        TEXT NOT NULL,
    claim_id    INTEGER,
    heartbeat   REAL NOT NULL
);
CREATE INDEX presence_claim ON presence (claim_id, heartbeat);

-- The writer of the current transaction, set by the store right after BEGIN
-- IMMEDIATE and cleared before COMMIT (write transactions never overlap), so the
-- triggers below can say who made a change the row itself does not name.
CREATE TABLE audit_actor (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    reviewer    TEXT NOT NULL
);

-- Every change: who, when, what, before and after (JSON). Append-only.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    claim_id    INTEGER,
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_log_claim ON audit_log (claim_id, id);
CREATE INDEX audit_log_reviewer ON audit_log (reviewer, id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_verdict_insert AFTER INSERT ON verdicts
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        NEW.created_at, NEW.reviewer,
        CASE WHEN NEW.undoes IS NULL THEN 'verdict' ELSE 'undo' END,
        'verdicts', NEW.id, NEW.claim_id,
        (SELECT json_object('verdict_id', p.id, 'label', p.label, 'reviewer', p.reviewer)
           FROM verdicts p WHERE p.claim_id = NEW.claim_id AND p.id < NEW.id
           ORDER BY p.id DESC LIMIT 1),
        json_object('verdict_id', NEW.id, 'label', NEW.label, 'note', NEW.note)
    );
END;

CREATE TRIGGER audit_review_insert AFTER INSERT ON reviews
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        NEW.created_at, NEW.reviewer,
        CASE
            WHEN NEW.kind = 'third' THEN 'resolve'
            WHEN NEW.label = (SELECT label FROM verdicts WHERE id = NEW.verdict_id)
                THEN 'approve'
            ELSE 'disagree'
        END,
        'reviews', NEW.id, NEW.claim_id,
        (SELECT json_object('verdict_id', v.id, 'label', v.label, 'reviewer', v.reviewer)
           FROM verdicts v WHERE v.id = NEW.verdict_id),
        json_object('label', NEW.label, 'note', NEW.note)
    );
END;

CREATE TRIGGER audit_source_insert AFTER INSERT ON sources
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        NEW.added_at, NEW.added_by, 'source.add', 'sources', NEW.id, NEW.claim_id, NULL,
        json_object('url', NEW.url, 'note', NEW.note, 'quote', NEW.quote)
    );
END;
CREATE TRIGGER audit_source_update AFTER UPDATE ON sources
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        COALESCE((SELECT reviewer FROM audit_actor WHERE id = 1), '(outside workbench)'),
        'source.edit', 'sources', NEW.id, NEW.claim_id,
        json_object('url', OLD.url, 'note', OLD.note, 'quote', OLD.quote),
        json_object('url', NEW.url, 'note', NEW.note, 'quote', NEW.quote)
    );
END;
CREATE TRIGGER audit_source_delete AFTER DELETE ON sources
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        COALESCE((SELECT reviewer FROM audit_actor WHERE id = 1), '(outside workbench)'),
        'source.remove', 'sources', OLD.id, OLD.claim_id,
        json_object('url', OLD.url, 'note', OLD.note, 'quote', OLD.quote), NULL
    );
END;

CREATE TRIGGER audit_article_insert AFTER INSERT ON articles
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        NEW.imported_at, NEW.imported_by, 'article.import', 'articles', NEW.id, NULL, NULL,
        json_object('title', NEW.title, 'outlet', NEW.outlet, 'url', NEW.url,
                    'published', NEW.published, 'sha256', NEW.sha256)
    );
END;
CREATE TRIGGER audit_article_update AFTER UPDATE OF title, outlet, url, published, text
    ON articles
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        COALESCE((SELECT reviewer FROM audit_actor WHERE id = 1), '(outside workbench)'),
        'article.edit', 'articles', NEW.id, NULL,
        json_object('title', OLD.title, 'outlet', OLD.outlet, 'url', OLD.url,
                    'published', OLD.published, 'sha256', OLD.sha256),
        json_object('title', NEW.title, 'outlet', NEW.outlet, 'url', NEW.url,
                    'published', NEW.published, 'sha256', NEW.sha256)
    );
END;
CREATE TRIGGER audit_article_delete AFTER DELETE ON articles
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        COALESCE((SELECT reviewer FROM audit_actor WHERE id = 1), '(outside workbench)'),
        'article.delete', 'articles', OLD.id, NULL,
        json_object('title', OLD.title, 'sha256', OLD.sha256), NULL
    );
END;

-- Claim text edits and deletions (status changes follow verdicts, logged above).
CREATE TRIGGER audit_claim_update AFTER UPDATE OF text, kinds, "values" ON claims
    WHEN OLD.text IS NOT NEW.text OR OLD.kinds IS NOT NEW.kinds
        OR OLD."values" IS NOT NEW."values"
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        COALESCE((SELECT reviewer FROM audit_actor WHERE id = 1), '(outside workbench)'),
        'claim.edit', 'claims', NEW.id, NEW.id,
        json_object('text', OLD.text, 'kinds', OLD.kinds, 'values', OLD."values"),
        json_object('text', NEW.text, 'kinds', NEW.kinds, 'values', NEW."values")
    );
END;
CREATE TRIGGER audit_claim_delete AFTER DELETE ON claims
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        COALESCE((SELECT reviewer FROM audit_actor WHERE id = 1), '(outside workbench)'),
        'claim.delete', 'claims', OLD.id, OLD.id, json_object('text', OLD.text), NULL
    );
END;

CREATE TRIGGER audit_setting_update AFTER UPDATE ON team_settings
    WHEN OLD.value IS NOT NEW.value
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        NEW.changed_at, NEW.changed_by, 'setting', 'team_settings', NULL, NULL,
        json_object(OLD.key, OLD.value), json_object(NEW.key, NEW.value)
    );
END;
CREATE TRIGGER audit_setting_insert AFTER INSERT ON team_settings
BEGIN
    INSERT INTO audit_log (at, reviewer, action, entity, entity_id, claim_id, before, after)
    VALUES (
        NEW.changed_at, NEW.changed_by, 'setting', 'team_settings', NULL, NULL,
        NULL, json_object(NEW.key, NEW.value)
    );
END;
