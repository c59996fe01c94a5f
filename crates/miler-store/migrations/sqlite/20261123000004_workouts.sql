-- The runner's own workouts: text in miler's workout language, kept under a name the
-- runner chose. A name is unique per athlete, so saving under a name that exists replaces
-- that workout's text and keeps its id. The text is stored as written (the store does not
-- parse it): whoever saves checks that it parses. AUTOINCREMENT so a deleted workout's id
-- is never reused.
CREATE TABLE saved_workouts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    athlete_id      INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
    name            TEXT NOT NULL CHECK (length(name) > 0),
    text            TEXT NOT NULL,
    created_at_ms   INTEGER NOT NULL,   -- Unix milliseconds, UTC
    updated_at_ms   INTEGER NOT NULL,
    UNIQUE (athlete_id, name)
);
