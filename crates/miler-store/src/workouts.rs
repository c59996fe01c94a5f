//! The runner's own workouts: workout-language text kept under a name, one set per athlete.
//!
//! The store keeps the text as given; whether it parses, and how long a name may be, are
//! decided by whoever builds a [`NewWorkout`] (the web app's workouts logic, shared with the
//! CLI). A name is unique per athlete: saving under a name that exists replaces that
//! workout's text and keeps its id, so links to it stay good.

use jiff::Timestamp;

use crate::AthleteId;

/// A saved workout's id. Ids are never reused, even after a workout is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WorkoutId(pub i64);

/// A workout to save: its name and its text in miler's workout language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWorkout {
    pub name: String,
    pub text: String,
}

/// A saved workout. Timestamps are kept to the millisecond.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedWorkout {
    pub id: WorkoutId,
    pub athlete: AthleteId,
    pub workout: NewWorkout,
    pub created_at: Timestamp,
    /// When the text or name last changed; the creation time until then.
    pub updated_at: Timestamp,
}

/// What became of a workout handed to [`crate::Store::save_workout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    New(WorkoutId),
    /// The athlete had a workout of that name: its text was replaced, its id kept.
    Replaced(WorkoutId),
}

impl Saved {
    pub fn id(self) -> WorkoutId {
        match self {
            Saved::New(id) | Saved::Replaced(id) => id,
        }
    }
}

/// What became of a change handed to [`crate::Store::update_workout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Updated {
    Done,
    /// The athlete has no workout with that id.
    NoSuchWorkout,
    /// Another of the athlete's workouts has the new name; nothing changed.
    NameTaken(WorkoutId),
}
