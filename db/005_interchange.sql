-- 005: what a fact-check imported from elsewhere (a ClaimReview feed) says beyond
-- the corpus row that holds its claim (002: kind 'external'). Never edit this file
-- once it has landed; add a later NNN_*.sql instead.

-- One row per external corpus row written by `workbench import-reviews`. The corpus
-- keeps the claim text, the review URL and the verdict on our scale (or the foreign
-- rating verbatim when the mapping does not know it); this table keeps the rest:
-- the rating as published and why it was flagged, who made the claim, the dates,
-- and which feed brought it.
CREATE TABLE external_reviews (
    corpus_id      INTEGER PRIMARY KEY REFERENCES corpus(id),
    rating         TEXT,               -- the publisher's own rating text, verbatim
    rating_value   TEXT,               -- numbers as published (3, "3", 3.0)
    best_rating    TEXT,
    worst_rating   TEXT,
    rating_flag    TEXT,               -- NULL when the rating mapped onto our scale
    publisher      TEXT,
    publisher_url  TEXT,
    review_date    TEXT,
    speaker_name   TEXT,               -- itemReviewed.author / the API's claimant
    speaker_role   TEXT,
    speaker_type   TEXT,               -- Person | Organization | NULL
    claim_date     TEXT,
    appearance_url TEXT,
    language       TEXT,
    feed           TEXT NOT NULL,      -- the shape it was read from
    origin         TEXT NOT NULL,      -- the file or URL it came from
    imported_by    TEXT NOT NULL,
    imported_at    TEXT NOT NULL
);
CREATE INDEX external_reviews_flag ON external_reviews (rating_flag) WHERE rating_flag IS NOT NULL;
