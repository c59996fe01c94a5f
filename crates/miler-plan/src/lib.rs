//! Training plans for the mile: from what a runner can do today and the mile they want, a
//! periodized plan to race day that keeps to its guardrails and adapts as they train.
//!
//! - [`request`]: what the runner tells miler, checked.
//! - [`feasibility`]: the mile today, a realistic race-day range and a verdict on the goal,
//!   with the model of improvement documented there.
//! - [`build`]: the generator — phases, the weekly pattern, progressions and the governor
//!   that keeps load growth under the cap.
//! - [`guardrails`]: every rule a plan must keep, as a checker the tests run over thousands
//!   of generated runners.
//! - [`adapt`]: re-planning the remaining weeks from what was run.
//! - [`render`]: the plan as a readable table; [`ics`]: as an iCalendar file.
//!
//! The crate is pure: no IO, no clock. Dates come in with the request ("today" is a
//! parameter), and a plan is plain data that serializes to the JSON the CLI and the API print.

pub mod adapt;
pub mod build;
pub mod calendar;
pub mod feasibility;
pub mod guardrails;
pub mod ics;
pub mod model;
pub mod render;
pub mod request;

pub use build::{PlanError, build};
pub use feasibility::{Feasibility, Verdict};
pub use model::{Level, Phase, Plan, RacePlan, Session, SessionKind, Split, Volume, Week};
pub use request::{
    Experience, Facilities, Fitness, Goal, RaceVenue, Request, RequestError, TrackSize,
};
