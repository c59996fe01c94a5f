//! The results log: results as runners post them (date, event, time, who they were on the
//! day, how it felt), for an athlete's own log and for leaderboards across athletes.
//!
//! The store keeps what it is given: which events exist, what an event's distance is and
//! whether a result is plausible are decided by whoever builds a [`NewResult`] (the web
//! app's shared results logic, used by the pages, the API and the CLI). The database's
//! CHECK constraints catch only what would make a row unreadable.

use jiff::Timestamp;
use jiff::civil::Date;
use miler_core::agegrade::Sex;
use miler_core::{Distance, Duration};

use crate::AthleteId;

/// A stored result's id. Ids are never reused, even after a result is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResultId(pub i64);

/// A result to store, and what a stored result holds besides its id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewResult {
    pub date: Date,
    /// The event's code: `mile`, `1500m`, `backwards-mile`, ...
    pub event: String,
    pub distance: Distance,
    pub time: Duration,
    /// The runner's age in whole years on the day.
    pub age: Option<u32>,
    pub sex: Option<Sex>,
    pub height_cm: Option<f64>,
    pub weight_kg: Option<f64>,
    /// How it felt, 1 (awful) to 5 (great).
    pub felt: Option<u8>,
    /// Whether the runner would do it again.
    pub would_repeat: Option<bool>,
    pub notes: Option<String>,
}

/// A result in the log.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResult {
    pub id: ResultId,
    pub athlete: AthleteId,
    pub result: NewResult,
    /// When it was logged, kept to the millisecond.
    pub created_at: Timestamp,
}

/// What became of one result handed to [`crate::Store::import_results`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportedResult {
    New(ResultId),
    /// The athlete's log already has a result on the same day, at the same event, in the
    /// same time (to the hundredth): importing an exported file again adds nothing.
    AlreadyThere(ResultId),
}
