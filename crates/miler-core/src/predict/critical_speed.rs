//! Critical speed: the distance-time line `d = CS t + D'` through hard efforts of 2-15
//! minutes (Monod and Scherrer's critical power, as applied to running by Hughson and others).
//! `CS` is the speed a runner can hold for a long while, `D'` the distance they can cover
//! above it; a target then takes `t(d) = (d − D')/CS`.
//!
//! With two efforts the line is the one through both: `CS = (d2 − d1)/(t2 − t1)` and
//! `D' = d1 − CS t1`. With more, miler fits it by least squares, which is the same line when
//! there are only two. The line describes efforts of about 2 to 15 minutes — shorter ones
//! are limited by sprint power, longer ones by fuel and heat — so only results in that
//! window feed it, and it predicts only targets whose predicted time falls in it.

use crate::units::{Distance, Duration, Performance, Speed};

/// The shortest effort the model describes: 2 minutes.
pub const SHORTEST: Duration = Duration::secs_const(120.0);
/// The longest: 15 minutes.
pub const LONGEST: Duration = Duration::secs_const(900.0);

/// Whether an effort of `time` lies in the 2-15 minute window.
pub fn in_window(time: Duration) -> bool {
    (SHORTEST..=LONGEST).contains(&time)
}

/// Why a set of results gives no critical speed.
#[derive(Debug, Clone, PartialEq)]
pub enum FitError {
    /// Fewer than two results of 2-15 minutes at different distances; holds the ones found.
    TooFew(Vec<Performance>),
    /// The results don't describe a critical speed: the line through them has no positive
    /// speed or no positive `D'` (the longer effort was not run at a slower pace).
    Inconsistent(Vec<Performance>),
}

/// A fitted distance-time line.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalSpeed {
    speed: Speed,
    d_prime: Distance,
    from: Vec<Performance>,
}

impl CriticalSpeed {
    /// Fits the line through the results of 2-15 minutes among `results`.
    pub fn fit(results: &[Performance]) -> Result<CriticalSpeed, FitError> {
        let from: Vec<Performance> = results
            .iter()
            .copied()
            .filter(|p| in_window(p.time()))
            .collect();
        // A line needs two points that differ in both distance and time.
        let distinct = match from.first() {
            Some(first) => from
                .iter()
                .any(|p| p.distance() != first.distance() && p.time() != first.time()),
            None => false,
        };
        if !distinct {
            return Err(FitError::TooFew(from));
        }
        let n = from.len() as f64;
        let mean_t = from.iter().map(|p| p.time().secs()).sum::<f64>() / n;
        let mean_d = from.iter().map(|p| p.distance().metres()).sum::<f64>() / n;
        let (mut sum_td, mut sum_tt) = (0.0, 0.0);
        for p in &from {
            let (dt, dd) = (p.time().secs() - mean_t, p.distance().metres() - mean_d);
            sum_td += dt * dd;
            sum_tt += dt * dt;
        }
        let cs = sum_td / sum_tt;
        let d_prime = mean_d - cs * mean_t;
        match (Speed::from_m_per_s(cs), Distance::from_metres(d_prime)) {
            (Some(speed), Some(d_prime)) if d_prime.metres() > 0.0 => Ok(CriticalSpeed {
                speed,
                d_prime,
                from,
            }),
            _ => Err(FitError::Inconsistent(from)),
        }
    }

    /// The critical speed, CS.
    pub fn speed(&self) -> Speed {
        self.speed
    }

    /// The distance that can be covered above critical speed, D'.
    pub fn d_prime(&self) -> Distance {
        self.d_prime
    }

    /// The results the line was fitted to.
    pub fn fitted_to(&self) -> &[Performance] {
        &self.from
    }

    /// The time the line gives for `distance`, `(d − D')/CS`; `None` when `distance` is not
    /// beyond D' (the line has no positive time there).
    pub fn time_for(&self, distance: Distance) -> Option<Duration> {
        let above = distance.metres() - self.d_prime.metres();
        (above > 0.0)
            .then(|| Duration::from_secs(above / self.speed.m_per_s()))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perfs(texts: &[&str]) -> Vec<Performance> {
        texts.iter().map(|t| t.parse().unwrap()).collect()
    }

    #[test]
    fn two_efforts_by_hand() {
        // 800 m in 2:30 and 2000 m in 7:30: CS = 1200 m / 300 s = 4 m/s, D' = 800 − 600 = 200 m.
        let cs = CriticalSpeed::fit(&perfs(&["800m=2:30", "2000m=7:30"])).unwrap();
        assert!((cs.speed().m_per_s() - 4.0).abs() < 1e-12);
        assert!((cs.d_prime().metres() - 200.0).abs() < 1e-9);
        // 1500 m: (1500 − 200)/4 = 325 s; 3000 m: 2800/4 = 700 s.
        let at = |m: f64| {
            cs.time_for(Distance::from_metres(m).unwrap())
                .unwrap()
                .secs()
        };
        assert!((at(1500.0) - 325.0).abs() < 1e-9);
        assert!((at(3000.0) - 700.0).abs() < 1e-9);
        assert_eq!(cs.time_for(Distance::from_metres(150.0).unwrap()), None);
    }

    #[test]
    fn three_efforts_on_one_line_give_that_line() {
        let cs = CriticalSpeed::fit(&perfs(&["800m=2:30", "1400m=5:00", "2000m=7:30"])).unwrap();
        assert!((cs.speed().m_per_s() - 4.0).abs() < 1e-12);
        assert!((cs.d_prime().metres() - 200.0).abs() < 1e-9);
    }

    #[test]
    fn explains_what_is_missing_or_wrong() {
        let cases: [(&[&str], &str); 5] = [
            (&["5k=24:00"], "too few"),
            (&["400m=80", "5k=24:00"], "too few"),
            (&["800m=2:30", "800m=2:40"], "too few"),
            // The longer effort at a faster pace: D' comes out negative.
            (&["800m=3:00", "2000m=6:00"], "inconsistent"),
            (&["800m=2:30", "1500m=5:30"], "ok"),
        ];
        for (texts, expected) in cases {
            let got = match CriticalSpeed::fit(&perfs(texts)) {
                Ok(_) => "ok",
                Err(FitError::TooFew(_)) => "too few",
                Err(FitError::Inconsistent(_)) => "inconsistent",
            };
            assert_eq!(got, expected, "{texts:?}");
        }
    }
}
