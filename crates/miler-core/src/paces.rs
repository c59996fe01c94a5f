//! Daniels' training paces (E, M, T, I, R) from a VDOT.
//!
//! Daniels' *Running Formula* prints its pace tables without the rules behind them. The rules
//! here are a fit of the 3rd-edition table, stated in REFERENCE.md, so every pace is a
//! function of the Daniels–Gilbert oxygen-cost curve rather than a copied table:
//!
//! | pace | rule |
//! |---|---|
//! | E (easy) | the speeds whose oxygen cost is 63 % to 74 % of VDOT |
//! | M (marathon) | the marathon time VDOT predicts, as a pace |
//! | T (threshold) | the speed whose oxygen cost is 88 % of VDOT |
//! | I (interval) | the speed whose oxygen cost is 97.5 % of VDOT |
//! | R (repetition) | I minus 6 s per 400 m (8 s per 400 m below VDOT 50) |

use crate::units::{Distance, Pace};
use crate::vdot::Vdot;

/// A band of paces; `fast` has fewer seconds per kilometre than `slow`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaceRange {
    pub fast: Pace,
    pub slow: Pace,
}

impl PaceRange {
    /// The band between two paces, in either order.
    pub fn between(a: Pace, b: Pace) -> PaceRange {
        if a <= b {
            PaceRange { fast: a, slow: b }
        } else {
            PaceRange { fast: b, slow: a }
        }
    }
}

/// Daniels' five training intensities for one VDOT.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainingPaces {
    pub vdot: Vdot,
    /// Easy and long runs: conversational.
    pub easy: PaceRange,
    /// Marathon pace.
    pub marathon: Pace,
    /// Threshold ("comfortably hard"): tempo runs and cruise intervals.
    pub threshold: Pace,
    /// Interval: VO2max work, reps of 3-5 minutes.
    pub interval: Pace,
    /// Repetition: short fast reps for speed and economy.
    pub repetition: Pace,
}

/// Share of VDOT whose oxygen cost sets each pace.
const EASY_FAST: f64 = 0.74;
const EASY_SLOW: f64 = 0.63;
const THRESHOLD: f64 = 0.88;
const INTERVAL: f64 = 0.975;

impl TrainingPaces {
    pub fn for_vdot(vdot: Vdot) -> TrainingPaces {
        let at = |fraction: f64| vdot.speed_at_fraction(fraction).pace();
        let interval = at(INTERVAL);
        // Below VDOT 50 the published R paces sit 8 s per 400 m under I, from 50 up 6 s.
        let r_offset = if vdot.value() < 50.0 { -8.0 } else { -6.0 };
        let repetition = interval
            .shifted(r_offset, Distance::TRACK_400)
            .expect("R stays positive for any VDOT whose I is slower than 6-8 s per 400 m");
        let marathon = Pace::of(Distance::MARATHON, vdot.time_for(Distance::MARATHON))
            .expect("a marathon time is positive");
        TrainingPaces {
            vdot,
            easy: PaceRange::between(at(EASY_FAST), at(EASY_SLOW)),
            marathon,
            threshold: at(THRESHOLD),
            interval,
            repetition,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Daniels' published row at VDOT 50 (REFERENCE.md): T 4:15/km, I 3:55/km and 93 s per
    /// 400 m, R 87 s per 400 m. The book rounds, so allow a second.
    #[test]
    fn reproduces_the_published_vdot_50_row() {
        let paces = TrainingPaces::for_vdot(Vdot::new(50.0).unwrap());
        let per_400 = |p: Pace| p.time_for(Distance::TRACK_400).secs();
        let table = [
            ("T per km", paces.threshold.secs_per_km(), 255.0),
            ("I per km", paces.interval.secs_per_km(), 235.0),
            ("I per 400 m", per_400(paces.interval), 93.0),
            ("R per 400 m", per_400(paces.repetition), 87.0),
        ];
        for (what, got, book) in table {
            assert!(
                (got - book).abs() <= 1.0,
                "{what}: {got:.2} vs the book's {book}"
            );
        }
        // M is the marathon time the formula predicts at VDOT 50 (3:10:49 in the book).
        let marathon = paces.marathon.time_for(Distance::MARATHON).secs();
        assert!((marathon - 11_449.0).abs() < 0.005 * 11_449.0, "{marathon}");
    }

    #[test]
    fn r_offset_changes_at_vdot_50() {
        let gap = |v: f64| {
            let p = TrainingPaces::for_vdot(Vdot::new(v).unwrap());
            p.interval.time_for(Distance::TRACK_400).secs()
                - p.repetition.time_for(Distance::TRACK_400).secs()
        };
        assert!((gap(49.9) - 8.0).abs() < 1e-9);
        assert!((gap(50.0) - 6.0).abs() < 1e-9);
    }

    proptest! {
        /// Easier intensities are slower: E > M > T > I > R in seconds per kilometre.
        #[test]
        fn paces_are_ordered(vdot in 30.0f64..85.0) {
            let p = TrainingPaces::for_vdot(Vdot::new(vdot).unwrap());
            prop_assert!(p.easy.slow > p.easy.fast);
            prop_assert!(p.easy.fast > p.marathon);
            prop_assert!(p.marathon > p.threshold);
            prop_assert!(p.threshold > p.interval);
            prop_assert!(p.interval > p.repetition);
        }
    }
}
