//! The Daniels–Gilbert VDOT model as a race predictor: a result gives a VDOT
//! ([`Vdot::from_performance`]), and the VDOT gives a time at any distance
//! ([`Vdot::time_for`]). The equations live in [`crate::vdot`]; this module owns where the
//! predictor is valid.
//!
//! Daniels and Gilbert fitted the model to races of about 1500 m to the marathon, so both the
//! result and the target must lie there, and the result must last at least 3.5 minutes.
//! Below about 11 minutes the sustainable fraction `F(t)` exceeds 1 — no runner holds more
//! than their VO2max — so predictions that short still stand (the model reproduces Daniels'
//! 1500 m and mile tables), but carry that caveat. From 400 m or 800 m results the model is
//! not valid at all, and miler says so instead of printing a number.

use crate::units::{Distance, Duration, Performance};
use crate::vdot::{self, Vdot};

/// The shortest distance the model is built for: 1500 m.
pub const SHORTEST: Distance = Distance::metres_const(1500.0);
/// The longest: the marathon.
pub const LONGEST: Distance = Distance::MARATHON;
/// The shortest result the model is fed: 3.5 minutes.
pub const SHORTEST_EFFORT: Duration = Duration::secs_const(210.0);

/// Whether `result` is one VDOT can be computed from.
pub fn valid_input(result: Performance) -> bool {
    valid_target(result.distance()) && result.time() >= SHORTEST_EFFORT
}

/// Whether VDOT predicts `target`.
pub fn valid_target(target: Distance) -> bool {
    (SHORTEST..=LONGEST).contains(&target)
}

/// The time `vdot` predicts for `target`.
pub fn time(vdot: Vdot, target: Distance) -> Duration {
    vdot.time_for(target)
}

/// Whether an effort of `time` is in the stretch where `F(t)` exceeds 1.
pub fn short_effort(time: Duration) -> bool {
    vdot::fraction_exceeds_one(time)
}
