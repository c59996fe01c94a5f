//! What a runner ran: one format-independent activity model, and the analysis miler does on
//! it — summary times and pauses, splits, best efforts, track laps, intervals and a VDOT
//! estimate — and compliance, an activity held against the session prescribed for it.
//!
//! Readers (FIT, GPX, TCX) live elsewhere and produce an [`Activity`]; everything here works
//! the same whichever watch or app wrote the file. Samples are stored as columns of `f64`s
//! (see [`Samples`]) because the analyses are single passes over one or two columns, and
//! columns keep those passes tight and cache-friendly.
//!
//! Pure: no IO, no clock.

pub mod analysis;
pub mod compliance;
pub mod geo;
mod model;

pub use model::{Activity, Lap, SampleRow, Samples, SamplesBuilder, Sport};
