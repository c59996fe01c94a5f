-- The results log: the results runners post (a time trial, a race, a challenge entry), each
-- with who the runner was on the day (age, sex, height, weight, as they gave them) and how
-- it went. The event code says what was run, backwards included (`backwards-mile`); the
-- distance is kept beside it so a row reads alone. A challenge entry is a result whose
-- event is the challenge's. AUTOINCREMENT so a deleted result's id is never reused.
CREATE TABLE results (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    athlete_id      INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
    date            TEXT NOT NULL
                    CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    event           TEXT NOT NULL,      -- mile, 1500m, 400m, 800m, 5k, backwards-mile, ...
    distance_m      REAL NOT NULL CHECK (distance_m > 0),
    time_s          REAL NOT NULL CHECK (time_s > 0),
    age_years       INTEGER CHECK (age_years >= 0),
    sex             TEXT CHECK (sex IN ('M', 'F')),
    height_cm       REAL,
    weight_kg       REAL,
    felt            INTEGER CHECK (felt BETWEEN 1 AND 5),   -- 1 awful .. 5 great
    would_repeat    INTEGER CHECK (would_repeat IN (0, 1)),
    notes           TEXT,
    created_at_ms   INTEGER NOT NULL    -- Unix milliseconds, UTC
);

-- An athlete's log, newest first; and a leaderboard's event across athletes.
CREATE INDEX results_by_athlete ON results (athlete_id, date);
CREATE INDEX results_by_event ON results (event, athlete_id);
