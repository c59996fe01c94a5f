-- Training plans, kept as the JSON documents the plan crate writes: the store keeps each
-- plan and its history but never reads inside them, so the plan model can change without a
-- migration. AUTOINCREMENT so a deleted plan's id is never given to a new plan: ids end up
-- in links and in the UIDs of exported calendar events, which must not come back to life.
CREATE TABLE plans (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    athlete_id      INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    created_at_ms   INTEGER NOT NULL,   -- Unix milliseconds, UTC
    updated_at_ms   INTEGER NOT NULL,   -- when the current revision was made
    request_json    TEXT NOT NULL,      -- what the athlete asked for
    plan_json       TEXT NOT NULL,      -- the current revision
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    active          INTEGER NOT NULL CHECK (active IN (0, 1))
);

CREATE INDEX plans_by_athlete ON plans (athlete_id, created_at_ms);
-- An athlete follows one plan at a time.
CREATE UNIQUE INDEX plans_one_active ON plans (athlete_id) WHERE active = 1;

-- Every revision of a plan, the current one included, with the one-line explanations of
-- what changed, so a runner can see why the plan is what it is.
CREATE TABLE plan_revisions (
    plan_id         INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    revision        INTEGER NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    changes_json    TEXT NOT NULL,      -- a JSON array of strings
    plan_json       TEXT NOT NULL,
    PRIMARY KEY (plan_id, revision)
);

-- What became of a planned session: done (perhaps with the activity that did it) or
-- skipped. Keyed by the plan crate's session key, which stays the same across revisions
-- for a session that is still in the plan.
CREATE TABLE plan_session_marks (
    plan_id         INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    session_key     TEXT NOT NULL,
    date            TEXT NOT NULL
                    CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status          TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
    activity_id     INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    note            TEXT,
    marked_at_ms    INTEGER NOT NULL,
    PRIMARY KEY (plan_id, session_key)
);

-- Deleting an activity looks up the marks that point at it.
CREATE INDEX plan_session_marks_by_activity ON plan_session_marks (activity_id);
