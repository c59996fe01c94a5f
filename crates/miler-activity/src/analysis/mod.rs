//! Analyses of one activity. Each is a function of the [`Activity`](crate::Activity) or its
//! [`Samples`](crate::Samples) and returns plain values; none of them allocate more than their
//! output.
//!
//! How pauses count: elapsed time (the clock on the wall) is the basis of splits and best
//! efforts, as on a race clock. A pause therefore slows the split it falls in and can never
//! make an effort look faster than it was. Moving time and pauses are reported separately by
//! [`summary`].

pub mod best_efforts;
pub mod intervals;
pub mod splits;
pub mod summary;
pub mod track;

pub use best_efforts::{
    BestEffort, STANDARD_EFFORTS, best_effort, best_efforts, standard_best_efforts,
};
pub use intervals::{Interval, IntervalKind, detect_intervals};
pub use splits::{Split, splits};
pub use summary::{Pause, Summary, summarize};
pub use track::{TrackKind, detect_track};

use miler_core::{Performance, Vdot};

/// The best VDOT among best efforts of 1500 m or more (where the Daniels–Gilbert model is
/// valid), with the effort it came from.
pub fn vdot_estimate(efforts: &[BestEffort]) -> Option<(Vdot, BestEffort)> {
    efforts
        .iter()
        .filter(|e| e.distance.metres() >= 1500.0 && e.time.minutes() >= 3.5)
        .filter_map(|e| {
            Performance::new(e.distance, e.time).map(|p| (Vdot::from_performance(p), *e))
        })
        .max_by(|a, b| a.0.value().total_cmp(&b.0.value()))
}
