-- An athlete's profile: who they are (for age grading and energy), the units they read, what
-- they can run now and the mile they want. Every column is optional but the units, so a
-- profile can be filled in over time; `onboarded` says the first-run form was completed.
-- The age is kept as given when no birth date is: a runner may prefer not to give the date.
ALTER TABLE athletes ADD COLUMN birth_date TEXT;            -- YYYY-MM-DD
ALTER TABLE athletes ADD COLUMN age_years INTEGER;          -- when no birth date is given
ALTER TABLE athletes ADD COLUMN sex TEXT CHECK (sex IN ('M', 'F'));
ALTER TABLE athletes ADD COLUMN height_cm REAL;
ALTER TABLE athletes ADD COLUMN weight_kg REAL;
ALTER TABLE athletes ADD COLUMN units TEXT NOT NULL DEFAULT 'km' CHECK (units IN ('km', 'mi'));
-- The runner's current result (e.g. 5 km in 24:00); both NULL when they don't run yet.
ALTER TABLE athletes ADD COLUMN current_distance_m REAL;
ALTER TABLE athletes ADD COLUMN current_time_s REAL;
ALTER TABLE athletes ADD COLUMN goal_mile_s REAL;
ALTER TABLE athletes ADD COLUMN goal_date TEXT;             -- YYYY-MM-DD
ALTER TABLE athletes ADD COLUMN onboarded INTEGER NOT NULL DEFAULT 0 CHECK (onboarded IN (0, 1));
