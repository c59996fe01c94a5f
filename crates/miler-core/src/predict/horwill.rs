//! Horwill's rule (Frank Horwill, the "four-second rule" of British Milers' Club coaching):
//! moving up one classic distance — 400, 800, 1500, 3000, 5000 m — a runner's race pace slows
//! by about 4 s per 400 m for men and 5 s per 400 m for women.
//!
//! It is the one method here built for short results: VDOT and Riegel fail from a 400 m or
//! 800 m, Horwill's rule is made of them. It is stated only for the classic distances, so miler
//! places every distance from 400 m to 5000 m on the ladder by log distance and steps pace
//! linearly along it:
//!
//! - a classic distance sits on its rung: 400 m is rung 0, 800 m rung 1, 1500 m rung 2,
//!   3000 m rung 3, 5000 m rung 4;
//! - a distance between two rungs sits between them in proportion to the logarithm of the
//!   distance, since the ladder roughly doubles at each step: the mile is
//!   `2 + ln(1609.344/1500)/ln(3000/1500) = 2.1015`;
//! - pace per 400 m at `d` is the result's pace plus the step times the rungs climbed, and the
//!   time is that pace times `d/400`.
//!
//! Worked through from 400 m in 80 s, men's step: 800 m at 84 s per 400 m is 2 × 84 = 168 s;
//! 1500 m at 88 s per 400 m is 88 × 3.75 = 330 s; the mile at 88 + 4 × 0.1015 = 88.41 s per
//! 400 m is 88.41 × 4.02336 = 355.7 s; 3000 m at 92 s per 400 m is 690 s. Interpolating pace
//! linearly in distance instead would give the mile 0.5 s faster; the log scale is chosen
//! because the rungs are near-doublings, and it makes stepping up and stepping down agree.
//! Outside 400-5000 m the rule says nothing, and miler does not extrapolate it.

use crate::agegrade::Sex;
use crate::units::{Distance, Duration, Performance};

/// The classic distances of the ladder, in metres.
pub const LADDER: [f64; 5] = [400.0, 800.0, 1500.0, 3000.0, 5000.0];

/// How much slower each step up the ladder is, per 400 m: 4 s for men, 5 s for women.
pub fn step(sex: Sex) -> Duration {
    match sex {
        Sex::Male => Duration::secs_const(4.0),
        Sex::Female => Duration::secs_const(5.0),
    }
}

/// Whether the rule covers `distance`: 400 m to 5000 m.
pub fn in_range(distance: Distance) -> bool {
    (LADDER[0]..=LADDER[LADDER.len() - 1]).contains(&distance.metres())
}

/// Whether `distance` is one of the classic distances, so no interpolation is involved.
pub fn is_classic(distance: Distance) -> bool {
    LADDER.contains(&distance.metres())
}

/// The position of `distance` on the ladder (0 for 400 m .. 4 for 5000 m), or `None` outside.
pub fn rung(distance: Distance) -> Option<f64> {
    let d = distance.metres();
    LADDER.windows(2).enumerate().find_map(|(i, pair)| {
        let (low, high) = (pair[0], pair[1]);
        (low..=high)
            .contains(&d)
            .then(|| i as f64 + (d / low).ln() / (high / low).ln())
    })
}

/// The time Horwill's rule gives for `target` from `from` with the given step per rung, or
/// `None` when either distance is off the ladder or the pace would not stay positive.
pub fn time(from: Performance, target: Distance, step: Duration) -> Option<Duration> {
    let climbed = rung(target)? - rung(from.distance())?;
    let pace_per_400 = from.time().secs() * 400.0 / from.distance().metres();
    let target_pace_per_400 = pace_per_400 + step.secs() * climbed;
    if target_pace_per_400 <= 0.0 {
        return None;
    }
    Duration::from_secs(target_pace_per_400 * target.metres() / 400.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Distance {
        text.parse().unwrap()
    }

    #[test]
    fn rungs_by_hand() {
        let table = [
            ("400m", Some(0.0)),
            ("800m", Some(1.0)),
            (
                "1000m",
                Some(1.0 + (1000f64 / 800.0).ln() / (1500f64 / 800.0).ln()),
            ),
            ("1500m", Some(2.0)),
            ("mile", Some(2.0 + (1609.344f64 / 1500.0).log2())),
            ("3000m", Some(3.0)),
            ("5000m", Some(4.0)),
            ("300m", None),
            ("10k", None),
        ];
        for (text, expected) in table {
            let got = rung(d(text));
            match (got, expected) {
                (Some(got), Some(expected)) => assert!((got - expected).abs() < 1e-12, "{text}"),
                _ => assert_eq!(got, expected, "{text}"),
            }
        }
        assert!((rung(Distance::MILE).unwrap() - 2.1015).abs() < 1e-4);
    }
}
