-- 008: optional sentence embeddings of the corpus, for the embedding re-ranker
-- (workbench.matching.embeddings, installed with `pip install 'workbench[embeddings]'`).
-- Never edit this file once it has landed; add a later NNN_*.sql instead.

-- One row per corpus row that has been embedded: the claim text's vector and, when the
-- row has a title, the title's (float32, L2-normalised, little-endian). Re-ranking takes
-- the better of the two cosines: on CheckThat! 2022 2A train that beat the text alone
-- by 0.004 MAP@5 and adding the subtitle gained nothing. Empty unless the index command
-- ran; retrieval stays lexical while it is empty.
CREATE TABLE corpus_embeddings (
    corpus_id    INTEGER PRIMARY KEY REFERENCES corpus(id),
    model        TEXT NOT NULL,       -- which model made the vectors: others are ignored
    text_vector  BLOB NOT NULL,
    title_vector BLOB
);

-- A vector describes the words it was computed from: when they change, it goes, and
-- the next index run computes it again (until then the row is scored lexically).
CREATE TRIGGER corpus_embeddings_stale AFTER UPDATE OF text, title ON corpus
    WHEN old.text IS NOT new.text OR old.title IS NOT new.title
BEGIN
    DELETE FROM corpus_embeddings WHERE corpus_id = new.id;
END;
CREATE TRIGGER corpus_embeddings_gone AFTER DELETE ON corpus
BEGIN
    DELETE FROM corpus_embeddings WHERE corpus_id = old.id;
END;
