//! The work of storing an activity that needs no database: its summary, its compressed sample
//! columns and its best efforts.
//!
//! Compressing the samples is the largest cost of an import, larger than decoding the file.
//! Done inside the write it would hold the store's one writer while a core compresses; done
//! here, by an importer's reading thread, it overlaps the write of the activity before.

use miler_activity::Activity;
use miler_activity::analysis::{BestEffort, Summary};

use crate::columns;

/// What [`crate::Store::insert_prepared`] stores besides the activity itself, computed from it
/// by [`Prepared::of`].
#[derive(Debug, Clone)]
pub struct Prepared {
    pub(crate) summary: Summary,
    pub(crate) columns: Vec<u8>,
    /// The best effort at each standard distance, for runs; empty for other sports.
    pub(crate) efforts: Vec<(&'static str, BestEffort)>,
}

impl Prepared {
    /// Summarises `activity`, compresses its samples and finds its best efforts.
    pub fn of(activity: &Activity) -> Prepared {
        Prepared {
            summary: miler_activity::analysis::summarize(activity),
            columns: columns::encode(&activity.samples),
            efforts: if activity.sport.is_running() {
                miler_activity::analysis::standard_best_efforts(&activity.samples)
            } else {
                Vec::new()
            },
        }
    }
}
