//! Training load and the body's response to it: the load of a run, and fitness, fatigue and
//! form from a series of daily loads.
//!
//! **Load of a run.** Session RPE (Foster 2001) is minutes × a rating of perceived exertion
//! from 0 to 10. A run imported from a watch has no rating, so one is estimated from its
//! average speed against the runner's fitness: the speed's oxygen cost as a fraction of their
//! VDOT (Daniels–Gilbert), mapped onto the exertion miler's workouts count the same paces at
//! (easy 2.5, threshold 6.5, interval 8.5, as `miler_workout::resolve` rates them), linearly
//! between those anchors. A run's load and a planned session's load are then on one scale.
//! Heart rate would allow Banister's TRIMP instead; the stored activity list carries no
//! heart rate, so pace is the measure every imported run has. An average over a session of
//! intervals understates its hard parts; that is the price of one number per run.
//!
//! **Response.** Banister's impulse-response model: `fitness_t = w_t + e^(-1/42)
//! fitness_(t-1)`, `fatigue_t = w_t + e^(-1/7) fatigue_(t-1)`, `performance = k1 fitness -
//! k2 fatigue` with k1 = 1, k2 = 2 ([`banister`]). The chart shows CTL and ATL, the
//! exponentially weighted averages with the same time constants (42 and 7 days): `x_t =
//! x_(t-1) + (w_t - x_(t-1))(1 - e^(-1/τ))`, which is the Banister sum scaled by
//! `(1 - e^(-1/τ))` so it reads in load per day; form is CTL − ATL ([`ctl_atl`]).

use crate::units::{Distance, Duration};
use crate::vdot::{Vdot, oxygen_cost};

/// Time constant of fitness (chronic training load), days.
pub const FITNESS_DAYS: f64 = 42.0;
/// Time constant of fatigue (acute training load), days.
pub const FATIGUE_DAYS: f64 = 7.0;

/// Oxygen-cost fraction of VDOT → the exertion it is rated at: slower than easy (a walk,
/// a shuffle), the easy band (Daniels' 63-74 % of VDOT), threshold (88 %), interval
/// (97.5 %), and beyond, flat at 10.
const RPE_ANCHORS: [(f64, f64); 6] = [
    (0.45, 1.0),
    (0.63, 2.5),
    (0.74, 2.5),
    (0.88, 6.5),
    (0.975, 8.5),
    (1.10, 10.0),
];

/// The exertion (0-10) a run at `fraction` of VDOT's oxygen cost is counted at.
pub fn rpe_at_fraction(fraction: f64) -> f64 {
    let (first, last) = (RPE_ANCHORS[0], RPE_ANCHORS[RPE_ANCHORS.len() - 1]);
    if !fraction.is_finite() || fraction <= first.0 {
        return first.1;
    }
    if fraction >= last.0 {
        return last.1;
    }
    RPE_ANCHORS
        .windows(2)
        .find(|w| fraction <= w[1].0)
        .map_or(last.1, |w| {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            y0 + (y1 - y0) * (fraction - x0) / (x1 - x0)
        })
}

/// Session-RPE load of a run of `distance` in `moving` time, for a runner of `vdot`:
/// minutes × [`rpe_at_fraction`] of the average speed.
pub fn run_load(distance: Distance, moving: Duration, vdot: Vdot) -> f64 {
    let minutes = moving.minutes();
    if minutes <= 0.0 {
        return 0.0;
    }
    let speed = distance.metres() / minutes;
    minutes * rpe_at_fraction(oxygen_cost(speed) / vdot.value())
}

/// One day of Banister's model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Banister {
    pub fitness: f64,
    pub fatigue: f64,
    /// `k1 fitness - k2 fatigue`.
    pub performance: f64,
}

/// Banister's impulse-response model over daily loads, with k1 = 1 and k2 = 2.
pub fn banister(loads: &[f64]) -> Vec<Banister> {
    let (k1, k2) = (1.0, 2.0);
    let (df, da) = ((-1.0 / FITNESS_DAYS).exp(), (-1.0 / FATIGUE_DAYS).exp());
    let (mut fitness, mut fatigue) = (0.0, 0.0);
    loads
        .iter()
        .map(|&w| {
            fitness = w + df * fitness;
            fatigue = w + da * fatigue;
            Banister {
                fitness,
                fatigue,
                performance: k1 * fitness - k2 * fatigue,
            }
        })
        .collect()
}

/// One day of the chart: chronic and acute training load and form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Training {
    /// Chronic training load ("fitness"): 42-day exponentially weighted average.
    pub ctl: f64,
    /// Acute training load ("fatigue"): 7-day exponentially weighted average.
    pub atl: f64,
    /// CTL − ATL.
    pub form: f64,
}

/// CTL, ATL and form over daily loads, from zero before the first day.
pub fn ctl_atl(loads: &[f64]) -> Vec<Training> {
    let (kc, ka) = (
        1.0 - (-1.0 / FITNESS_DAYS).exp(),
        1.0 - (-1.0 / FATIGUE_DAYS).exp(),
    );
    let (mut ctl, mut atl) = (0.0, 0.0);
    loads
        .iter()
        .map(|&w| {
            ctl += (w - ctl) * kc;
            atl += (w - atl) * ka;
            Training {
                ctl,
                atl,
                form: ctl - atl,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Performance;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn a_single_impulse_turns_positive_after_5_82_days() {
        // REFERENCE: an impulse of 100 on day 0 gives performance -100 on day 0 and turns
        // positive after 5.82 days (k1 e^(-t/42) = k2 e^(-t/7) at t = 42 ln 2 / 5).
        let mut loads = vec![0.0; 10];
        loads[0] = 100.0;
        let days = banister(&loads);
        assert!(close(days[0].performance, -100.0, 1e-12));
        assert!(days[5].performance < 0.0, "{:?}", days[5]);
        assert!(days[6].performance > 0.0, "{:?}", days[6]);
        // Between the days, the model's own continuous form crosses at 42 ln 2 / 5.
        let t = 42.0 * 2f64.ln() / 5.0;
        assert!(close(t, 5.82, 0.005));
        let continuous = |t: f64| 100.0 * (-t / 42.0).exp() - 200.0 * (-t / 7.0).exp();
        assert!(continuous(t).abs() < 1e-9);
        // Day 1 by hand: fitness 100 e^(-1/42), fatigue 100 e^(-1/7).
        assert!(close(
            days[1].fitness,
            100.0 * (-1.0f64 / 42.0).exp(),
            1e-12
        ));
        assert!(close(days[1].fatigue, 100.0 * (-1.0f64 / 7.0).exp(), 1e-12));
    }

    #[test]
    fn ctl_and_atl_are_the_weighted_averages() {
        // Day 0: 60 → CTL 60 (1 - e^(-1/42)) = 1.4117, ATL 60 (1 - e^(-1/7)) = 7.9887.
        // Day 1: rest → both decay by their factor.
        let days = ctl_atl(&[60.0, 0.0]);
        let kc = 1.0 - (-1.0f64 / 42.0).exp();
        let ka = 1.0 - (-1.0f64 / 7.0).exp();
        assert!(close(kc, 0.023528, 1e-6) && close(ka, 0.133122, 1e-6));
        assert!(close(days[0].ctl, 1.41168, 1e-4));
        assert!(close(days[0].atl, 7.98733, 1e-4));
        assert!(close(days[1].ctl, 1.41168 * (1.0 - kc), 1e-4));
        assert!(close(days[1].atl, 7.98733 * (1.0 - ka), 1e-4));
        assert!(close(days[1].form, days[1].ctl - days[1].atl, 1e-12));
        // A steady load is approached by both; after a year CTL is within 0.02 % of it.
        let steady = ctl_atl(&[50.0; 365]);
        assert!(close(steady[364].ctl, 50.0, 0.01));
        assert!(close(steady[364].atl, 50.0, 1e-9));
        // The average is the Banister sum scaled by (1 - e^(-1/τ)).
        let b = banister(&[60.0, 0.0, 30.0]);
        let c = ctl_atl(&[60.0, 0.0, 30.0]);
        for (b, c) in b.iter().zip(&c) {
            assert!(close(c.ctl, b.fitness * kc, 1e-9) && close(c.atl, b.fatigue * ka, 1e-9));
        }
    }

    #[test]
    fn exertion_follows_the_anchors() {
        for (fraction, rpe) in [
            (0.30, 1.0),
            (0.54, 1.75),
            (0.63, 2.5),
            (0.70, 2.5),
            (0.81, 4.5),
            (0.88, 6.5),
            (0.975, 8.5),
            (1.5, 10.0),
        ] {
            assert!(close(rpe_at_fraction(fraction), rpe, 1e-9), "{fraction}");
        }
    }

    #[test]
    fn a_run_at_threshold_counts_at_6_5_a_minute() {
        // A runner of VDOT 50 running 30 min at the speed costing 88 % of it: 30 × 6.5.
        let vdot = Vdot::from_performance("5k=19:57".parse::<Performance>().unwrap());
        let speed = vdot.speed_at_fraction(0.88);
        let moving = Duration::from_minutes(30.0).unwrap();
        let distance = Distance::from_metres(speed.m_per_min() * 30.0).unwrap();
        assert!(close(run_load(distance, moving, vdot), 195.0, 1e-6));
    }
}
