-- Athletes own everything else; the local app starts with one.
CREATE TABLE athletes (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

INSERT INTO athletes (id, name) VALUES (1, 'Me');

-- One row per imported activity: the summary miler lists and searches on.
CREATE TABLE activities (
    id              INTEGER PRIMARY KEY,
    athlete_id      INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
    start_time_ms   INTEGER,            -- Unix milliseconds, UTC; NULL if the file had no time
    sport           TEXT NOT NULL,
    name            TEXT,
    distance_m      REAL NOT NULL,
    elapsed_s       REAL NOT NULL,
    moving_s        REAL NOT NULL,
    sample_count    INTEGER NOT NULL,
    source_format   TEXT NOT NULL,      -- fit, gpx, tcx
    source_name     TEXT NOT NULL,      -- the file (or archive entry) it came from
    content_sha256  BLOB NOT NULL,      -- of the file's bytes, to recognise a re-import
    imported_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX activities_by_start ON activities (athlete_id, start_time_ms);
-- A file may hold several activities (multisport), so the hash is unique with the start.
CREATE UNIQUE INDEX activities_by_content ON activities (athlete_id, content_sha256, start_time_ms);

-- The samples of an activity as compressed columns, one row per activity: analyses read
-- whole columns, and one row keeps a 12-hour ultra's 40 000 samples a single read.
CREATE TABLE activity_samples (
    activity_id     INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
    encoding        INTEGER NOT NULL,   -- 1: deflate of little-endian columns, see columns.rs
    columns         BLOB NOT NULL
);

CREATE TABLE laps (
    activity_id         INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    lap_index           INTEGER NOT NULL,
    start_offset_s      REAL NOT NULL,
    timer_s             REAL NOT NULL,
    elapsed_s           REAL NOT NULL,
    distance_m          REAL NOT NULL,
    avg_heart_rate_bpm  INTEGER,
    workout_step_index  INTEGER,
    is_rest             INTEGER,        -- 0/1, NULL if the device didn't say
    PRIMARY KEY (activity_id, lap_index)
);

CREATE TABLE timer_pauses (
    activity_id     INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    pause_index     INTEGER NOT NULL,
    start_offset_s  REAL NOT NULL,
    length_s        REAL NOT NULL,
    PRIMARY KEY (activity_id, pause_index)
);
