-- Lists are read a page at a time, each page the rows after the previous page's last sort
-- key (see page.rs). These indexes hold each list in its display order, so a page is a range
-- read from its cursor whatever its depth.

-- An athlete's activities newest first, those without a start time last.
CREATE INDEX activities_newest ON activities
    (athlete_id, ifnull(start_time_ms, -9223372036854775807), id);

-- An athlete's results at each event in the order they were run, with their times: the
-- personal records and their progression are read from this index alone, without sorting
-- or reading the whole log.
CREATE INDEX results_by_athlete_event ON results (athlete_id, event, date, id, time_s);

-- An athlete's saved workouts by name, ignoring case.
CREATE INDEX saved_workouts_by_name ON saved_workouts (athlete_id, name COLLATE NOCASE, name);
