//! miler's numerical heart: the units runners think in, race prediction, training paces,
//! goal-mile splits, age grading and the energy cost of running.
//!
//! Everything here is a pure function of its inputs. The crate does no IO, reads no clock and
//! spawns nothing; the age-grading tables it needs are compiled in. That keeps it usable from
//! the CLI, the web app, a plan generator and a test alike, and keeps its results reproducible.
//!
//! Values cross module and crate lines as unit types ([`Distance`], [`Duration`], [`Pace`],
//! [`Speed`]), never as bare `f64`s, so a pace can't be passed where a time was meant.

pub mod agegrade;
pub mod energy;
pub mod limits;
pub mod load;
pub mod paces;
pub mod predict;
pub mod splits;
pub mod text;
pub mod units;
pub mod vdot;

pub use units::{Distance, Duration, Pace, ParseError, Performance, Speed};
pub use vdot::Vdot;
