//! Purdy points, running-curve variant (J. G. Purdy, "Computer generated track scoring
//! tables", *Medicine and Science in Sports* 2, 1970, and "Least squares model for the running
//! curve", *Research Quarterly* 45, 1974; the curve form as programmed by Patrick Hoffman).
//!
//! Purdy scored a time `t` at distance `d` against a standard time `Ts(d)`:
//! `P = A (Ts/t − B)` with `k = 0.0654 − 0.00258 v`, `A = 85/k`, `B = 1 − 1035/A`, where `v`
//! is the standard speed. Equal points mean equal performances, so a prediction is the time
//! at the target worth the same points: `t2 = A2 Ts2 / (P + A2 B2)`.
//!
//! The original standard came from the 1936 Portuguese scoring tables (40 m to 100 km) plus
//! an allowance for the start and for running bends. This variant replaces the tables with
//! Purdy's least-squares curve through the 1970 men's world records, `v(d)` below, and has no
//! start-and-bend allowance. Two conservative limits follow, and miler applies both:
//!
//! - **800 m to the marathon only**, for the result and the target. The missing allowance is
//!   largest, relative to the time, in the shortest races, and a 400 m result carried up to the
//!   mile on this curve is far off what runners run (from 400 m in 80 s it gives a 7:51 mile,
//!   where Horwill's rule gives 5:56). No source checks the variant below 800 m.
//! - **Points of zero or more.** 950 points is the tables' standard and 1035 a 1970 world
//!   record; below zero the linear scale is extrapolated past anything it was built on, and
//!   there `P + A2 B2` can reach zero, so predictions run away. At zero or above the
//!   denominator is at least `A2 − 1035 > 265`, so every prediction is finite and positive.

use crate::units::{Distance, Duration, Performance};

/// The shortest distance miler scores with this variant: 800 m.
pub const SHORTEST: Distance = Distance::metres_const(800.0);
/// The longest: the marathon.
pub const LONGEST: Distance = Distance::MARATHON;

/// Points of a 1970 world record; the reference of the scale.
const WORLD_RECORD_POINTS: f64 = 1035.0;

/// Purdy's running curve: the 1970 men's world-record speed at `d` metres, in m/s.
fn standard_speed(d: f64) -> f64 {
    -11.15895 * (-0.03796158 * d).exp()
        + 4.304605 * (-0.001646772 * d).exp()
        + 0.5234627 * (-0.0004107670 * d).exp()
        + 4.031560 * (-7.068099e-6 * d).exp()
        + 2.316157 * (-5.220990e-9 * d).exp()
}

/// The scale at one distance: the standard time and the factors `A` and `B`.
struct Scale {
    standard_secs: f64,
    a: f64,
    b: f64,
}

impl Scale {
    fn at(distance: Distance) -> Scale {
        let d = distance.metres();
        let v = standard_speed(d);
        let k = 0.0654 - 0.00258 * v;
        let a = 85.0 / k;
        Scale {
            standard_secs: d / v,
            a,
            b: 1.0 - WORLD_RECORD_POINTS / a,
        }
    }
}

/// The time Purdy's running curve gives for `distance`: the 1970 men's world-record pace.
/// miler also uses it to refuse results faster than any runner has run.
///
/// The curve is a fit from the sprints up; below 100 m it bends towards zero speed, so
/// shorter distances take the 100 m speed instead.
pub fn standard_time(distance: Distance) -> Duration {
    let d = distance.metres();
    let secs = if d < 100.0 {
        d / standard_speed(100.0)
    } else {
        Scale::at(distance).standard_secs
    };
    Duration::from_secs(secs).expect("the curve is positive from 100 m up")
}

/// The Purdy points of a performance.
pub fn points(performance: Performance) -> f64 {
    let scale = Scale::at(performance.distance());
    scale.a * (scale.standard_secs / performance.time().secs() - scale.b)
}

/// The time worth the same Purdy points at `target` as `from`, or `None` when `from` scores
/// below zero points (see the module docs).
pub fn time(from: Performance, target: Distance) -> Option<Duration> {
    let p = points(from);
    if p < 0.0 {
        return None;
    }
    let scale = Scale::at(target);
    Duration::from_secs(scale.a * scale.standard_secs / (p + scale.a * scale.b))
}

/// Whether miler scores `distance` with this variant.
pub fn in_range(distance: Distance) -> bool {
    (SHORTEST..=LONGEST).contains(&distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perf(text: &str) -> Performance {
        text.parse().unwrap()
    }

    #[test]
    fn a_1970_world_record_scores_about_1035() {
        // Purdy: "World record times in 1970 have about 1035 Purdy points." The curve is a fit
        // through those records, so the 1970 records score near 1035: Ryun's 3:51.1 mile
        // (1967), Clarke's 27:39.4 10 000 m (1965).
        for text in ["mile=3:51.1", "10k=27:39.4"] {
            let p = points(perf(text));
            assert!((p - 1035.0).abs() < 25.0, "{text}: {p}");
        }
    }

    #[test]
    fn standard_time_follows_the_running_curve() {
        // By hand from the curve: v(100 m) = 10.248 m/s, so Ts = 9.758 s.
        let t = standard_time(Distance::from_metres(100.0).unwrap()).secs();
        assert!((t - 9.758).abs() < 1e-3, "{t}");
        let shorter = standard_time(Distance::from_metres(50.0).unwrap()).secs();
        assert!((shorter - t / 2.0).abs() < 1e-9, "{shorter}");
    }

    #[test]
    fn refuses_results_below_zero_points() {
        let slow = perf("5k=40:00");
        assert!(points(slow) < 0.0);
        assert_eq!(time(slow, Distance::MILE), None);
        assert!(time(perf("5k=30:00"), Distance::MILE).is_some());
    }
}
