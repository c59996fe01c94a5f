//! miler's workouts: the structured model every session is made of, the plain-text workout
//! language runners type and read, and the catalog of mile-training workouts.
//!
//! The crate is layered so that each layer can be used without the next:
//!
//! - the model ([`Workout`], [`Item`], [`Step`], [`Repeat`], [`Target`]) — steps, repeats,
//!   targets and terrain as plain data. A workout holds every session in the product
//!   description without tricks: nested sets, "until a mile is covered", pace targets relative
//!   to named references, efforts, backward running and hills, strength and mobility work.
//! - [`Ramp`] — the progression rule across a training cycle as data: any repeat count or step
//!   length may be a ramp (`6->10`, `2min->30s`), and [`Workout::at_step`] instantiates the
//!   workout at step `k` of `n`.
//! - [`Workout::flatten`] — the iterator that expands repeats into the concrete sequence of
//!   steps, with rep and set indices, that exports and compliance checks walk.
//! - [`budget`] — how large a workout may grow once expanded ([`budget::MAX_STEPS`]), worked
//!   out from the tree; flattening and the parser both hold workouts to it.
//! - [`text`] — the workout language: [`text::parse`] never fails (it returns the best reading
//!   plus every diagnostic) and [`text::print`] is canonical, so `parse(print(w)) == w`.
//! - [`catalog`] — every workout the product names, with a stable id, written in the language.
//! - [`resolve`] makes a workout exact for one athlete; [`card`] prints the result as the
//!   splits card a runner reads, and [`check`] turns it into the prescription a recorded
//!   activity is held against.
//!
//! Architecture invariant: the crate is pure. It does no IO, reads no clock and knows no
//! athlete; turning a relative target into a concrete pace is the resolver's job, which gets
//! the [`PaceRef`] enum and [`PaceOffset::apply`] to do it with.

pub mod budget;
pub mod card;
pub mod catalog;
pub mod check;
pub mod export;
pub mod fit;
mod flatten;
mod model;
mod ramp;
pub mod resolve;
pub mod text;

pub use flatten::{FlatStep, Flatten, RepPosition, Role, StepRef, Track};
pub use model::{
    AbsolutePace, Count, Cover, Direction, Dose, Effort, Feel, Grade, Item, Length, Load, Mobility,
    MobilityKind, Move, MoveKind, PaceExpr, PaceOffset, PaceRef, PaceTarget, RelativePace, Repeat,
    Sign, Slope, Step, Strength, Target, TrackPart, Venue, Workout, Zone,
};
pub use ramp::{Interpolate, ProgressionError, Ramp, RampField, RampInfo, RampValues};
