//! What miler's two faces share. The CLI (`src/cmd`) and the web app (`miler-web`) both read
//! and write through [`miler_store::Store`]; where a use case is more than one store call and
//! one library call — gathering what a runner did against their plan, say — it lives here
//! once, so `miler plan adapt --json` and `POST /api/v1/plans/{id}/adapt` cannot drift apart.
//!
//! Importing activity files is one such use case ([`import`]): `miler import` and the web
//! upload run the same pipeline and render the same report.
//!
//! Architecture invariant: no printing, no HTTP, no clock. Callers pass "today" and the time
//! zone, and present the results themselves.

pub mod import;
pub mod plans;
pub mod views;

pub use plans::{Adaptation, Error, SessionCheck};
pub use plans::{Naming, NewPlanInput};
