//! Dave Cameron's model (1997, as published by Patrick Hoffman's running-analysis pages):
//! `a(d) = 13.49681 − 0.000030363 d + 835.7114 / d^0.7905` with `d` in metres, and
//! `t2 = t1 (d2/d1) a(d1)/a(d2)`.
//!
//! Cameron fitted speed rather than time against distance, on world, US and collegiate
//! records. He reports that it does well for post-1945 records from 800 m to 10 000 m, and
//! from 1964 for the marathon too; nothing was checked below 800 m or beyond the marathon, so
//! miler treats the model as valid only when both the result and the target lie in
//! 800 m to the marathon.

use crate::units::{Distance, Duration, Performance};

/// The shortest distance Cameron checked his model against: 800 m.
pub const SHORTEST: Distance = Distance::metres_const(800.0);
/// The longest: the marathon.
pub const LONGEST: Distance = Distance::MARATHON;

/// Cameron's speed factor for a distance (larger means faster running).
fn factor(distance: Distance) -> f64 {
    let d = distance.metres();
    13.49681 - 0.000030363 * d + 835.7114 / d.powf(0.7905)
}

/// The time Cameron's model predicts for `target` from `from`.
///
/// # Panics
/// Beyond about 440 km, where the factor turns negative; [`in_range`] keeps callers far
/// from that.
pub fn time(from: Performance, target: Distance) -> Duration {
    let d1 = from.distance();
    let scale = target.metres() / d1.metres() * factor(d1) / factor(target);
    from.time()
        .scaled(scale)
        .expect("the factor is positive below about 440 km")
}

/// Whether Cameron checked his model at `distance`.
pub fn in_range(distance: Distance) -> bool {
    (SHORTEST..=LONGEST).contains(&distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factor_falls_with_distance_and_stays_positive_in_range() {
        // a(5000) = 13.49681 − 0.151815 + 835.7114 / 839.529 = 14.3404 (by hand).
        let at = |m: f64| factor(Distance::from_metres(m).unwrap());
        assert!((at(5000.0) - 14.3404).abs() < 1e-4, "{}", at(5000.0));
        let mut last = f64::INFINITY;
        for m in [800.0, 1500.0, 5000.0, 10_000.0, 21_097.5, 42_195.0] {
            assert!(at(m) > 0.0 && at(m) < last, "{m}");
            last = at(m);
        }
    }
}
