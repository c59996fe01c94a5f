//! Riegel's endurance equation (Riegel, "Athletic records and human endurance", *American
//! Scientist* 69, 1981; first published in *Runner's World*, 1977): `t2 = t1 (d2/d1)^1.06`.
//!
//! Riegel fitted the exponent to world records and stated the range where it holds: efforts
//! of about 3.5 to 230 minutes. Shorter efforts lean on anaerobic power and longer ones on
//! fuel, and the single power law describes neither, so both the result it starts from and
//! the effort it predicts must fall in that window. From a 5 km it predicts the mile about
//! 10 s slower than the other models: the exponent is one number for every distance.

use crate::units::{Distance, Duration, Performance};

/// Riegel's fatigue exponent.
pub const EXPONENT: f64 = 1.06;

/// The shortest effort the equation is meant for: 3.5 minutes.
pub const SHORTEST: Duration = Duration::secs_const(3.5 * 60.0);
/// The longest effort the equation is meant for: 230 minutes.
pub const LONGEST: Duration = Duration::secs_const(230.0 * 60.0);

/// The time Riegel's equation predicts for `target` from `from`.
pub fn time(from: Performance, target: Distance) -> Duration {
    let ratio = target.metres() / from.distance().metres();
    from.time()
        .scaled(ratio.powf(EXPONENT))
        .expect("a positive time scaled by a positive ratio")
}

/// Whether an effort of `time` lies in the window the equation was fitted for.
pub fn in_window(time: Duration) -> bool {
    (SHORTEST..=LONGEST).contains(&time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubling_the_distance_multiplies_the_time_by_two_to_the_1_06() {
        // 2^1.06 = 2.0849..., so 20:00 for 5 km gives 41:41.9 for 10 km.
        let p: Performance = "5k=20:00".parse().unwrap();
        let t = time(p, Distance::from_km(10.0).unwrap()).secs();
        assert!((t - 1200.0 * 2f64.powf(1.06)).abs() < 1e-9, "{t}");
    }

    #[test]
    fn window_is_three_and_a_half_to_two_hundred_and_thirty_minutes() {
        let table = [
            (209.0, false),
            (210.0, true),
            (13_800.0, true),
            (13_801.0, false),
        ];
        for (secs, inside) in table {
            assert_eq!(
                in_window(Duration::from_secs(secs).unwrap()),
                inside,
                "{secs}"
            );
        }
    }
}
