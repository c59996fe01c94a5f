-- The workout a device ran during an activity (a FIT file's embedded workout), as the flat
-- list of steps a compliance check walks: repeats already expanded, one row per step in the
-- order they are run. A table rather than a blob so the steps stay readable in SQL and need
-- no serialisation format of their own. No rows: the activity ran no workout.
CREATE TABLE embedded_workout_steps (
    activity_id             INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    position                INTEGER NOT NULL,   -- 0-based, in the order the steps are run
    label                   TEXT NOT NULL,
    role                    TEXT NOT NULL,      -- warmup, work, recovery, cooldown
    distance_m              REAL,               -- the step's length: a distance,
    time_s                  REAL,               -- or a time, or neither (open)
    time_band_fast_s        REAL,               -- a distance rep's time band
    time_band_slow_s        REAL,
    pace_band_fast_s_per_km REAL,               -- a pace band
    pace_band_slow_s_per_km REAL,
    workout_step_index      INTEGER,            -- the index the laps refer to
    PRIMARY KEY (activity_id, position)
);
