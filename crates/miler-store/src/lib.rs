//! miler's storage boundary. Callers see [`Store`] and plain Rust values; only this crate
//! speaks SQL.
//!
//! The backend is chosen from the database URL in one place ([`Store::open`]): a path or
//! `sqlite://...` opens (and creates) an embedded SQLite database; `postgres://...` is
//! reserved for the club server. Each backend has its own embedded, append-only migrations
//! under `migrations/<backend>/`, so a schema can use what its database does best, and
//! [`Store`] dispatches to the backend with a `match` rather than a trait object so the
//! async methods need no boxing.
//!
//! Every method is scoped to an athlete: the local app holds several, and club mode will add
//! logins on top without changing a query's shape.
//!
//! Writes are transactional: an activity, its samples, laps, pauses and embedded workout go
//! in together or not at all, so a crash mid-import leaves the database as it was before that
//! activity. A plan and its revisions likewise change together.
//!
//! Writes wait for each other and never fail for being at the same time as another (two
//! imports and a server on one database): **a transaction that may write takes the write
//! lock first**, before it reads. "Is this activity there already? Then insert it" is then
//! one step no other writer can split, so nothing is stored twice, and the wait for the lock
//! is the database's busy timeout ([`WRITE_WAIT`]) rather than an immediate
//! "database is locked". Each backend starts such transactions in one place
//! (`SqliteStore::write`: `BEGIN IMMEDIATE`; a PostgreSQL backend will lock there too), and a
//! test fails if a transaction starts anywhere else.
//!
//! Training plans are stored as the JSON documents the plan crate writes ([`NewPlan`]): the
//! store keeps them, their revisions and what became of each session, but does not interpret
//! them, so the plan model can evolve without a migration and this crate needs no knowledge
//! of it.
//!
//! The results log ([`NewResult`]) is the one place where a query reads several athletes'
//! rows: a leaderboard names the athletes it ranks ([`Store::event_results`]), so the caller
//! decides who may be compared and the store never reads "everyone".
//!
//! Lists come a [`Page`] at a time ([`Paged`]: the rows, the total and a keyset cursor to the
//! next page), each read through an index in its display order; see `page.rs`.
//!
//! The runner's own workouts ([`NewWorkout`]) are kept as the text they wrote, under a
//! name unique per athlete; the store does not parse them, as it does not read plans.

mod athlete;
mod columns;
mod page;
mod prepared;
mod results;
mod sqlite;
mod workouts;

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use miler_activity::Activity;
use miler_core::{Distance, Duration};

pub use athlete::{Athlete, Profile, Units};
pub use page::{Cursor, DEFAULT_LIMIT, List, MAX_CURSOR_CHARS, MAX_LIMIT, Page, PageError, Paged};
pub use prepared::Prepared;
pub use results::{ImportedResult, NewResult, ResultId, StoredResult};
pub use sqlite::{SqliteStore, WRITE_WAIT};
pub use workouts::{NewWorkout, Saved, SavedWorkout, Updated, WorkoutId};

/// An athlete's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AthleteId(pub i64);

impl AthleteId {
    /// The athlete a new local database starts with.
    pub const DEFAULT: AthleteId = AthleteId(1);
}

/// A stored activity's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActivityId(pub i64);

/// Where an activity came from: the file format, the file (or archive entry) name, and
/// the SHA-256 of the file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub format: String,
    pub name: String,
    pub sha256: [u8; 32],
}

impl Source {
    pub fn new(format: impl Into<String>, name: impl Into<String>, bytes: &[u8]) -> Source {
        use sha2::Digest;
        Source {
            format: format.into(),
            name: name.into(),
            sha256: sha2::Sha256::digest(bytes).into(),
        }
    }
}

/// What the store lists: an activity without its samples.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivitySummary {
    pub id: ActivityId,
    pub start_time: Option<Timestamp>,
    pub sport: String,
    pub name: Option<String>,
    pub distance: Distance,
    pub elapsed: Duration,
    pub moving: Duration,
    pub source_format: String,
    pub source_name: String,
}

/// An activity with everything stored about it.
#[derive(Debug, Clone)]
pub struct StoredActivity {
    pub summary: ActivitySummary,
    pub activity: Activity,
}

/// A calendar period for grouping best efforts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Year,
    Month,
}

/// The fastest effort at one distance in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct BestEffortRecord {
    /// `all`, a year (`2026`) or a month (`2026-11`).
    pub period: String,
    /// The standard name: `400m`, `mile`, `5k` ...
    pub name: String,
    pub distance: Distance,
    pub time: Duration,
    pub activity: ActivityId,
    pub start_time: Option<Timestamp>,
}

/// What happened to an activity handed to [`Store::insert_activity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    New(ActivityId),
    /// The same file was imported before.
    SameFile(ActivityId),
    /// The same activity came before from another file or format: same start (within a
    /// minute), same distance (within 2 %) and the same elapsed time (within 2 %).
    SameActivity(ActivityId),
}

/// A stored training plan's id. Ids are never reused, even after a plan is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlanId(pub i64);

/// A plan to store: the plan crate's JSON documents and a title to list it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewPlan<'a> {
    pub title: &'a str,
    /// What the athlete asked for, kept so the plan can be regenerated or explained.
    pub request_json: &'a str,
    pub plan_json: &'a str,
}

/// What the store lists: a plan without its JSON documents, which can be large.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSummary {
    pub id: PlanId,
    pub title: String,
    pub created_at: Timestamp,
    /// When the current revision was made.
    pub updated_at: Timestamp,
    /// The current revision: 1 when created, one more with every [`Store::revise_plan`].
    pub revision: u32,
    /// Whether this is the plan the athlete follows; at most one of theirs is.
    pub active: bool,
}

/// A plan with its documents. Timestamps are kept to the millisecond.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPlan {
    pub id: PlanId,
    pub title: String,
    pub created_at: Timestamp,
    /// When the current revision was made.
    pub updated_at: Timestamp,
    /// The current revision: 1 when created, one more with every [`Store::revise_plan`].
    pub revision: u32,
    /// Whether this is the plan the athlete follows; at most one of theirs is.
    pub active: bool,
    pub request_json: String,
    /// The current revision's plan.
    pub plan_json: String,
}

/// One revision of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRevision {
    pub revision: u32,
    pub created_at: Timestamp,
    /// One line per change, explaining it to the runner.
    pub changes: Vec<String>,
    pub plan_json: String,
}

/// What became of a planned session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionStatus {
    Done,
    Skipped,
}

impl SessionStatus {
    /// The name stored and shown: `done` or `skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Done => "done",
            SessionStatus::Skipped => "skipped",
        }
    }
}

impl fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a [`SessionStatus`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a session status: use `done` or `skipped`")]
pub struct ParseSessionStatusError(pub String);

impl FromStr for SessionStatus {
    type Err = ParseSessionStatusError;

    fn from_str(s: &str) -> std::result::Result<SessionStatus, ParseSessionStatusError> {
        match s {
            "done" => Ok(SessionStatus::Done),
            "skipped" => Ok(SessionStatus::Skipped),
            _ => Err(ParseSessionStatusError(s.to_owned())),
        }
    }
}

/// A planned session marked done or skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionMark {
    /// The session's day, in the plan's calendar.
    pub date: Date,
    /// The plan crate's key for the session (e.g. `2027-01-05/goal-pace-400s`); one mark per
    /// key and plan.
    pub session_key: String,
    pub status: SessionStatus,
    /// The activity that did the session. It must be the same athlete's; deleting the
    /// activity later keeps the mark and forgets the link.
    pub activity: Option<ActivityId>,
    pub note: Option<String>,
    /// Kept to the millisecond.
    pub marked_at: Timestamp,
}

/// Storage failures. Messages say what was being done; the underlying database error is
/// kept as the source for logs, never shown to a web client.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not open the database at {url}")]
    Open {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("could not bring the database at {url} up to date")]
    Migrate {
        url: String,
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    #[error(
        "`{0}` is not a database miler can use: give a file path, sqlite://PATH, or postgres://... (club server)"
    )]
    BadUrl(String),
    #[error(
        "PostgreSQL ({0}) is for the club server, which this build does not include yet; use a SQLite path"
    )]
    PostgresNotYet(String),
    #[error("stored data for activity {0} is damaged: {1}")]
    Corrupt(i64, String),
    #[error("stored data for plan {0} is damaged: {1}")]
    CorruptPlan(i64, String),
    #[error("there is no plan {0} for this athlete")]
    NoSuchPlan(i64),
    #[error("there is no activity {0} for this athlete")]
    NoSuchActivity(i64),
    #[error("stored profile of athlete {0} is damaged: {1}")]
    CorruptAthlete(i64, String),
    #[error("stored result {0} is damaged: {1}")]
    CorruptResult(i64, String),
    #[error("stored workout {0} is damaged: {1}")]
    CorruptWorkout(i64, String),
    /// A page of one list asked for with another list's cursor.
    #[error(transparent)]
    Page(#[from] PageError),
    #[error("database error while {doing}")]
    Query {
        doing: &'static str,
        #[source]
        source: sqlx::Error,
    },
}

pub type Result<T> = std::result::Result<T, Error>;

/// The store, on whichever backend the URL named.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqliteStore),
}

impl Store {
    /// Opens (creating and migrating as needed) the database at `url`: a file path,
    /// `sqlite://PATH`, `sqlite::memory:`, or `postgres://...`.
    pub async fn open(url: &str) -> Result<Store> {
        let trimmed = url.trim();
        if trimmed.is_empty() {
            return Err(Error::BadUrl(url.to_owned()));
        }
        if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
            return Err(Error::PostgresNotYet(redact(trimmed)));
        }
        if let Some((scheme, _)) = trimmed.split_once("://")
            && scheme != "sqlite"
        {
            return Err(Error::BadUrl(url.to_owned()));
        }
        Ok(Store::Sqlite(SqliteStore::open(trimmed).await?))
    }

    /// Every athlete, in the order they were added.
    pub async fn athletes(&self) -> Result<Vec<Athlete>> {
        match self {
            Store::Sqlite(s) => s.athletes().await,
        }
    }

    /// A page of the athletes, in the order they were added; with `onboarded_only`, only
    /// those who finished the first-run form (the ones the pages list).
    pub async fn athletes_page(&self, page: &Page, onboarded_only: bool) -> Result<Paged<Athlete>> {
        match self {
            Store::Sqlite(s) => s.athletes_page(page, onboarded_only).await,
        }
    }

    /// One athlete, or `None` if there is no such id.
    pub async fn athlete(&self, id: AthleteId) -> Result<Option<Athlete>> {
        match self {
            Store::Sqlite(s) => s.athlete(id).await,
        }
    }

    /// Adds an athlete and returns the new id.
    pub async fn create_athlete(&self, profile: &Profile) -> Result<AthleteId> {
        match self {
            Store::Sqlite(s) => s.create_athlete(profile).await,
        }
    }

    /// Replaces an athlete's profile; `false` if there is no such athlete.
    pub async fn update_athlete(&self, id: AthleteId, profile: &Profile) -> Result<bool> {
        match self {
            Store::Sqlite(s) => s.update_athlete(id, profile).await,
        }
    }

    /// Stores `activity` unless it is already stored (the same file, or the same activity
    /// from another file), all or nothing.
    pub async fn insert_activity(
        &self,
        athlete: AthleteId,
        activity: &Activity,
        source: &Source,
    ) -> Result<Inserted> {
        self.insert_prepared(athlete, activity, &Prepared::of(activity), source)
            .await
    }

    /// [`Store::insert_activity`] with the summary, columns and best efforts already worked
    /// out by [`Prepared::of`] (off the async threads, by an importer).
    pub async fn insert_prepared(
        &self,
        athlete: AthleteId,
        activity: &Activity,
        prepared: &Prepared,
        source: &Source,
    ) -> Result<Inserted> {
        match self {
            Store::Sqlite(s) => s.insert_activity(athlete, activity, prepared, source).await,
        }
    }

    /// Activities newest first.
    pub async fn list_activities(&self, athlete: AthleteId) -> Result<Vec<ActivitySummary>> {
        match self {
            Store::Sqlite(s) => s.list_activities(athlete).await,
        }
    }

    /// A page of the athlete's activities, newest first (those without a start last).
    pub async fn activities_page(
        &self,
        athlete: AthleteId,
        page: &Page,
    ) -> Result<Paged<ActivitySummary>> {
        match self {
            Store::Sqlite(s) => s.activities_page(athlete, page).await,
        }
    }

    pub async fn load_activity(
        &self,
        athlete: AthleteId,
        id: ActivityId,
    ) -> Result<Option<StoredActivity>> {
        match self {
            Store::Sqlite(s) => s.load_activity(athlete, id).await,
        }
    }

    /// The fastest effort at each standard distance over all time, or per year or month.
    pub async fn best_efforts(
        &self,
        athlete: AthleteId,
        period: Option<Period>,
    ) -> Result<Vec<BestEffortRecord>> {
        match self {
            Store::Sqlite(s) => s.best_efforts(athlete, period).await,
        }
    }

    /// Stores a new plan as the athlete's active plan, at revision 1 with the change
    /// "Plan created.". The athlete's previous active plan, if any, stays stored but is no
    /// longer active. All or nothing.
    pub async fn create_plan(
        &self,
        athlete: AthleteId,
        plan: &NewPlan<'_>,
        now: Timestamp,
    ) -> Result<PlanId> {
        match self {
            Store::Sqlite(s) => s.create_plan(athlete, plan, now).await,
        }
    }

    /// The plan the athlete follows, if any.
    pub async fn active_plan(&self, athlete: AthleteId) -> Result<Option<StoredPlan>> {
        match self {
            Store::Sqlite(s) => s.active_plan(athlete).await,
        }
    }

    /// One of the athlete's plans; `None` if there is no such plan or it is someone else's.
    pub async fn plan(&self, athlete: AthleteId, id: PlanId) -> Result<Option<StoredPlan>> {
        match self {
            Store::Sqlite(s) => s.plan(athlete, id).await,
        }
    }

    /// The athlete's plans, newest first, without their JSON documents.
    pub async fn plans(&self, athlete: AthleteId) -> Result<Vec<PlanSummary>> {
        match self {
            Store::Sqlite(s) => s.plans(athlete).await,
        }
    }

    /// Replaces the plan's current JSON with `plan_json` as the next revision, recording
    /// `changes` (one line each) with it, and returns the new revision number. All or
    /// nothing; [`Error::NoSuchPlan`] if the plan is not this athlete's.
    pub async fn revise_plan(
        &self,
        athlete: AthleteId,
        id: PlanId,
        plan_json: &str,
        changes: &[String],
        now: Timestamp,
    ) -> Result<u32> {
        match self {
            Store::Sqlite(s) => s.revise_plan(athlete, id, plan_json, changes, now).await,
        }
    }

    /// Every revision of the plan, oldest first; empty if the plan is not this athlete's.
    pub async fn plan_revisions(
        &self,
        athlete: AthleteId,
        id: PlanId,
    ) -> Result<Vec<PlanRevision>> {
        match self {
            Store::Sqlite(s) => s.plan_revisions(athlete, id).await,
        }
    }

    /// Records what became of a session, replacing an earlier mark with the same session
    /// key. [`Error::NoSuchPlan`] if the plan is not this athlete's, [`Error::NoSuchActivity`]
    /// if the linked activity is not.
    pub async fn mark_session(
        &self,
        athlete: AthleteId,
        plan: PlanId,
        mark: &SessionMark,
    ) -> Result<()> {
        match self {
            Store::Sqlite(s) => s.mark_session(athlete, plan, mark).await,
        }
    }

    /// Removes a session's mark; `false` if there was none (or the plan is someone else's).
    pub async fn unmark_session(
        &self,
        athlete: AthleteId,
        plan: PlanId,
        session_key: &str,
    ) -> Result<bool> {
        match self {
            Store::Sqlite(s) => s.unmark_session(athlete, plan, session_key).await,
        }
    }

    /// The plan's marked sessions by date (then key); empty if the plan is not this
    /// athlete's.
    pub async fn session_marks(
        &self,
        athlete: AthleteId,
        plan: PlanId,
    ) -> Result<Vec<SessionMark>> {
        match self {
            Store::Sqlite(s) => s.session_marks(athlete, plan).await,
        }
    }

    /// Deletes a plan with its revisions and marks; `false` if the athlete had no such plan.
    /// Deleting the active plan leaves the athlete without one.
    pub async fn delete_plan(&self, athlete: AthleteId, id: PlanId) -> Result<bool> {
        match self {
            Store::Sqlite(s) => s.delete_plan(athlete, id).await,
        }
    }

    /// Adds a result to the athlete's log.
    pub async fn add_result(
        &self,
        athlete: AthleteId,
        result: &NewResult,
        now: Timestamp,
    ) -> Result<ResultId> {
        match self {
            Store::Sqlite(s) => s.add_result(athlete, result, now).await,
        }
    }

    /// Adds many results in one transaction, all or nothing, skipping each that the log
    /// already has ([`ImportedResult::AlreadyThere`]); one outcome per result, in order.
    pub async fn import_results(
        &self,
        athlete: AthleteId,
        results: &[NewResult],
        now: Timestamp,
    ) -> Result<Vec<ImportedResult>> {
        match self {
            Store::Sqlite(s) => s.import_results(athlete, results, now).await,
        }
    }

    /// The athlete's results, newest first (by date, then the order they were logged).
    pub async fn results(&self, athlete: AthleteId) -> Result<Vec<StoredResult>> {
        match self {
            Store::Sqlite(s) => s.results(athlete).await,
        }
    }

    /// A page of the athlete's results, newest first (by date, then the order they were
    /// logged).
    pub async fn results_page(
        &self,
        athlete: AthleteId,
        page: &Page,
    ) -> Result<Paged<StoredResult>> {
        match self {
            Store::Sqlite(s) => s.results_page(athlete, page).await,
        }
    }

    /// The athlete's results that each set a new best at their event (faster than every
    /// earlier result there), by event and then in the order they were run: the progression
    /// of each personal record, the last of each event being the record. Read without
    /// handing the whole log to the caller.
    pub async fn record_results(&self, athlete: AthleteId) -> Result<Vec<StoredResult>> {
        match self {
            Store::Sqlite(s) => s.record_results(athlete).await,
        }
    }

    /// One of the athlete's results; `None` if there is no such result or it is someone
    /// else's.
    pub async fn result(&self, athlete: AthleteId, id: ResultId) -> Result<Option<StoredResult>> {
        match self {
            Store::Sqlite(s) => s.result(athlete, id).await,
        }
    }

    /// Every result at `event` of the athletes named, fastest first: what a leaderboard
    /// ranks. Only the athletes in `athletes` are read; an empty list reads nothing.
    pub async fn event_results(
        &self,
        athletes: &[AthleteId],
        event: &str,
    ) -> Result<Vec<StoredResult>> {
        match self {
            Store::Sqlite(s) => s.event_results(athletes, event).await,
        }
    }

    /// Deletes one of the athlete's results; `false` if the athlete had no such result.
    pub async fn delete_result(&self, athlete: AthleteId, id: ResultId) -> Result<bool> {
        match self {
            Store::Sqlite(s) => s.delete_result(athlete, id).await,
        }
    }

    /// Saves one of the athlete's workouts under its name, replacing the text of the
    /// workout of that name if there is one ([`Saved::Replaced`], same id). All or nothing.
    pub async fn save_workout(
        &self,
        athlete: AthleteId,
        workout: &NewWorkout,
        now: Timestamp,
    ) -> Result<Saved> {
        match self {
            Store::Sqlite(s) => s.save_workout(athlete, workout, now).await,
        }
    }

    /// Changes the name and text of one of the athlete's workouts. Nothing changes when
    /// there is no such workout or another of theirs has the new name.
    pub async fn update_workout(
        &self,
        athlete: AthleteId,
        id: WorkoutId,
        workout: &NewWorkout,
        now: Timestamp,
    ) -> Result<Updated> {
        match self {
            Store::Sqlite(s) => s.update_workout(athlete, id, workout, now).await,
        }
    }

    /// The athlete's saved workouts by name (ignoring case).
    pub async fn workouts(&self, athlete: AthleteId) -> Result<Vec<SavedWorkout>> {
        match self {
            Store::Sqlite(s) => s.workouts(athlete).await,
        }
    }

    /// A page of the athlete's saved workouts by name (ignoring case).
    pub async fn workouts_page(
        &self,
        athlete: AthleteId,
        page: &Page,
    ) -> Result<Paged<SavedWorkout>> {
        match self {
            Store::Sqlite(s) => s.workouts_page(athlete, page).await,
        }
    }

    /// One of the athlete's saved workouts; `None` if there is no such workout or it is
    /// someone else's.
    pub async fn workout(&self, athlete: AthleteId, id: WorkoutId) -> Result<Option<SavedWorkout>> {
        match self {
            Store::Sqlite(s) => s.workout(athlete, id).await,
        }
    }

    /// The athlete's saved workout of exactly this name, if any.
    pub async fn workout_named(
        &self,
        athlete: AthleteId,
        name: &str,
    ) -> Result<Option<SavedWorkout>> {
        match self {
            Store::Sqlite(s) => s.workout_named(athlete, name).await,
        }
    }

    /// Deletes one of the athlete's saved workouts; `false` if the athlete had no such one.
    pub async fn delete_workout(&self, athlete: AthleteId, id: WorkoutId) -> Result<bool> {
        match self {
            Store::Sqlite(s) => s.delete_workout(athlete, id).await,
        }
    }

    /// The database's own check of its file: empty when it is sound, else what is wrong.
    pub async fn integrity_check(&self) -> Result<Vec<String>> {
        match self {
            Store::Sqlite(s) => s.integrity_check().await,
        }
    }

    pub async fn close(&self) {
        match self {
            Store::Sqlite(s) => s.close().await,
        }
    }
}

/// A URL fit for an error message: the password, if any, replaced.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            let user = credentials.split(':').next().unwrap_or("");
            format!("{}://{user}:***@{}", &url[..scheme_end], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://coach:hunter2@db:5432/miler"),
            "postgres://coach:***@db:5432/miler"
        );
        assert_eq!(redact("postgres://db/miler"), "postgres://db/miler");
    }
}
