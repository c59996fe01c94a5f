-- Best efforts of each running activity, computed on import from its samples, so the
-- all-time and per-period bests are one indexed query rather than a pass over every file.
CREATE TABLE best_efforts (
    activity_id     INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,      -- 400m, 800m, 1000m, 1500m, mile, 2mi, 5k, 10k
    distance_m      REAL NOT NULL,
    time_s          REAL NOT NULL,
    start_offset_s  REAL NOT NULL,
    PRIMARY KEY (activity_id, name)
);

CREATE INDEX best_efforts_by_name ON best_efforts (name, time_s);
