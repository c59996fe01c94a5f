//! What miler's two faces share. The CLI (`src/cmd`) and the web app (`miler-web`) both read
//! and write through [`miler_store::Store`]; where a use case is more than one store call and
//! one library call — gathering what a runner did against their plan, say — it lives here
//! once, so `miler plan adapt --json` and `POST /api/v1/plans/{id}/adapt` cannot drift apart.
//!
//! Architecture invariant: no printing, no HTTP, no clock. Callers pass "today" and the time
//! zone, and present the results themselves.

pub mod plans;
pub mod views;

pub use plans::{Adaptation, Error, SessionCheck};
pub use plans::{Naming, NewPlanInput};
