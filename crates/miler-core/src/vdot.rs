//! The Daniels–Gilbert oxygen-power model (Daniels & Gilbert, *Oxygen Power*, 1979): the
//! oxygen cost of running at a speed, the share of VO2max a runner can hold for a duration,
//! and VDOT — the "effective VO2max" a performance implies.
//!
//! Both equations are empirical fits for roughly 1500 m to the marathon; below about 11
//! minutes the sustainable fraction exceeds 1, which is why [`crate::predict`] marks VDOT
//! as not valid for 400 m and 800 m results instead of trusting it there.

use crate::units::{Distance, Duration, Performance, Speed};

/// A VDOT value (ml/kg/min of "effective VO2max"); positive and finite.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Vdot(f64);

impl Vdot {
    /// `None` unless `value` is positive and finite. Published tables run 30-85.
    pub fn new(value: f64) -> Option<Vdot> {
        (value.is_finite() && value > 0.0).then_some(Vdot(value))
    }

    pub fn value(self) -> f64 {
        self.0
    }

    /// The VDOT a performance implies: `VO2(d/t) / F(t)`.
    pub fn from_performance(performance: Performance) -> Vdot {
        let minutes = performance.time().minutes();
        let v = performance.speed().m_per_min();
        Vdot(oxygen_cost(v) / sustainable_fraction(minutes))
    }

    /// The time this VDOT predicts for `distance`: the `t` solving `VDOT(d, t) = self`.
    ///
    /// `VDOT(d, t)` falls as `t` grows (slower running costs less oxygen, and the fall in the
    /// sustainable fraction is smaller), so bisection on a bracket is exact and cannot miss.
    pub fn time_for(self, distance: Distance) -> Duration {
        let d = distance.metres();
        let vdot_at = |minutes: f64| oxygen_cost(d / minutes) / sustainable_fraction(minutes);
        // Bracket in minutes: from 12 m/s (faster than any human) to a 1 m/s walk.
        let (mut fast, mut slow) = (d / 720.0, d / 60.0);
        for _ in 0..200 {
            let mid = 0.5 * (fast + slow);
            if vdot_at(mid) > self.0 {
                fast = mid;
            } else {
                slow = mid;
            }
            if slow - fast < 1e-10 {
                break;
            }
        }
        Duration::from_minutes(0.5 * (fast + slow)).expect("positive minutes")
    }

    /// The speed whose oxygen cost is `fraction` of this VDOT — how Daniels' training paces
    /// are set (T at 88 %, I at 97.5 %; see [`crate::paces`]).
    pub fn speed_at_fraction(self, fraction: f64) -> Speed {
        speed_for_oxygen_cost(self.0 * fraction)
    }
}

/// Oxygen cost of running at `v` metres per minute, in ml/kg/min:
/// `VO2(v) = -4.60 + 0.182258 v + 0.000104 v²`.
pub fn oxygen_cost(v_m_per_min: f64) -> f64 {
    -4.60 + 0.182258 * v_m_per_min + 0.000104 * v_m_per_min * v_m_per_min
}

/// The fraction of VO2max sustainable for `t` minutes:
/// `F(t) = 0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)`.
pub fn sustainable_fraction(minutes: f64) -> f64 {
    0.8 + 0.1894393 * (-0.012778 * minutes).exp() + 0.2989558 * (-0.1932605 * minutes).exp()
}

/// Whether the model's sustainable fraction exceeds 1 for an effort lasting `time`: true
/// below about 11 minutes. VDOT predictions there lean on the fit past what it can mean (no
/// one holds more than their VO2max), so [`crate::predict`] flags them as a caveat.
pub fn fraction_exceeds_one(time: Duration) -> bool {
    sustainable_fraction(time.minutes()) > 1.0
}

/// Inverts [`oxygen_cost`] with the positive root of the quadratic.
///
/// # Panics
/// If `vo2` is so low that no positive speed has that cost (below about −4.6 ml/kg/min).
pub fn speed_for_oxygen_cost(vo2: f64) -> Speed {
    let (a, b, c) = (0.000104, 0.182258, -4.60 - vo2);
    let v = (-b + (b * b - 4.0 * a * c).sqrt()) / (2.0 * a);
    Speed::from_m_per_s(v / 60.0).expect("oxygen cost above resting gives a positive speed")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perf(text: &str) -> Performance {
        text.parse().unwrap()
    }

    #[test]
    fn vdot_50_reproduces_the_formula_mile() {
        // REFERENCE.md: "The formula gives the mile as 349.8 s" at VDOT 50.
        let mile = Vdot::new(50.0).unwrap().time_for(Distance::MILE).secs();
        assert!((mile - 349.8).abs() < 0.05, "{mile}");
    }

    #[test]
    fn time_for_inverts_from_performance() {
        for text in ["1500m=5:24", "5k=19:57", "10k=41:21", "marathon=3:10:49"] {
            let p = perf(text);
            let back = Vdot::from_performance(p).time_for(p.distance()).secs();
            assert!((back - p.time().secs()).abs() < 1e-6, "{text}: {back}");
        }
    }

    #[test]
    fn fraction_exceeds_one_below_about_eleven_minutes() {
        // REFERENCE.md: "F(t) > 1 below ~11 min".
        let minutes = |m: f64| Duration::from_minutes(m).unwrap();
        assert!(fraction_exceeds_one(minutes(10.9)));
        assert!(!fraction_exceeds_one(minutes(11.1)));
        assert!(!fraction_exceeds_one(minutes(240.0)));
    }

    #[test]
    fn oxygen_cost_inverts() {
        for vo2 in [20.0, 44.0, 50.0, 70.0] {
            let v = speed_for_oxygen_cost(vo2).m_per_min();
            assert!((oxygen_cost(v) - vo2).abs() < 1e-9);
        }
    }
}
