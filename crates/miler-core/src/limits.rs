//! Human limits: the fastest and slowest a runner can plausibly go, so that a typing slip
//! (`1:00` for a mile, `120` km/h on a treadmill) is caught with a reason instead of turned into
//! splits, a treadmill setting or a result.
//!
//! The limits come from the world records, not from a model: nobody has run faster than
//! [`FASTEST_SPEED`] for any distance, nor a mile faster than [`FASTEST_MILE`], and every record
//! longer than the mile is run at a slower average pace than the mile record. At the slow end,
//! [`SLOWEST_PACE`] is a slow walk; anything slower is not a run or a walk session but a slip.
//! [`check_pace`] and [`check_performance`] are the one test of these limits; the web tools,
//! the CLI and the results log all call them.

use std::fmt;

use crate::{Distance, Duration, Pace, Performance, Speed};

/// The mile world record: 3:43.13, Hicham El Guerrouj, Rome, 7 July 1999.
pub const FASTEST_MILE: Duration = Duration::secs_const(223.13);

/// The fastest running speed measured: 44.72 km/h (12.42 m/s), Usain Bolt between 60 and 80 m
/// of his 9.58 s 100 m world record, Berlin, 16 August 2009.
pub const FASTEST_SPEED: Speed = Speed::m_per_s_const(44.72 / 3.6);

/// The slowest pace miler takes: 30:00 per km (2 km/h), a slow walk.
pub const SLOWEST_PACE: Pace = Pace::secs_per_km_const(1800.0);

/// Why a pace, speed or result is beyond what a person does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Implausible {
    /// Faster than [`FASTEST_SPEED`].
    FasterThanSprint { pace: Pace },
    /// Over a mile or longer, an average pace faster than the mile world record's.
    FasterThanMileRecord {
        result: Performance,
        /// The time at the mile record's pace for the result's distance.
        record_pace_time: Duration,
    },
    /// Slower than [`SLOWEST_PACE`].
    SlowerThanWalking { pace: Pace },
}

impl fmt::Display for Implausible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let speed = |pace: &Pace| pace.speed().km_per_h();
        match self {
            Implausible::FasterThanSprint { pace } => write!(
                f,
                "{:.1} km/h ({pace}) is faster than anyone has run: the fastest running speed \
                 measured is {:.2} km/h (Usain Bolt, 2009); check the number and its unit",
                speed(pace),
                FASTEST_SPEED.km_per_h()
            ),
            Implausible::FasterThanMileRecord { result, .. }
                if (result.distance().metres() - Distance::MILE.metres()).abs() < 0.5 =>
            {
                write!(
                    f,
                    "a mile in {} is faster than the world record, {FASTEST_MILE} (Hicham El \
                     Guerrouj, 1999); check the time",
                    result.time()
                )
            }
            Implausible::FasterThanMileRecord {
                result,
                record_pace_time,
            } => write!(
                f,
                "{} in {} is faster than anyone has run it: even at the pace of the mile world \
                 record ({FASTEST_MILE}) it takes {}; check the time and the distance",
                result.distance(),
                result.time(),
                record_pace_time.rounded(2)
            ),
            Implausible::SlowerThanWalking { pace } => write!(
                f,
                "{pace} ({:.2} km/h) is slower than a slow walk, {SLOWEST_PACE}; check the \
                 number and its unit",
                speed(pace)
            ),
        }
    }
}

impl std::error::Error for Implausible {}

/// Whether a person can run (or walk) at `pace`: no faster than [`FASTEST_SPEED`], no slower
/// than [`SLOWEST_PACE`]. Both limits are allowed.
pub fn check_pace(pace: Pace) -> Result<(), Implausible> {
    // Compared as paces: the limit's pace is computed exactly as a typed speed's is, so a
    // speed typed at the limit is at the limit.
    if pace < FASTEST_SPEED.pace() {
        return Err(Implausible::FasterThanSprint { pace });
    }
    if pace > SLOWEST_PACE {
        return Err(Implausible::SlowerThanWalking { pace });
    }
    Ok(())
}

/// Whether a person can cover a distance in a time: its average pace passes [`check_pace`],
/// and from a mile up it is no faster than the mile world record's pace ([`FASTEST_MILE`]).
pub fn check_performance(result: Performance) -> Result<(), Implausible> {
    let pace = result.pace();
    if result.distance() >= Distance::MILE {
        let record = Pace::of(Distance::MILE, FASTEST_MILE).expect("the record is a pace");
        if pace < record {
            return Err(Implausible::FasterThanMileRecord {
                result,
                record_pace_time: record.time_for(result.distance()),
            });
        }
    }
    check_pace(pace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(distance: &str, time: &str) -> Result<(), Implausible> {
        check_performance(format!("{distance}={time}").parse().unwrap())
    }

    #[test]
    fn the_limits_are_the_world_records_and_a_slow_walk() {
        assert_eq!(FASTEST_MILE.secs(), 223.13);
        assert!((FASTEST_SPEED.km_per_h() - 44.72).abs() < 1e-9);
        assert_eq!(SLOWEST_PACE.secs_per_km(), 1800.0);
    }

    #[test]
    fn a_mile_at_the_world_record_passes_and_a_hundredth_faster_does_not() {
        assert_eq!(run("mile", "3:43.13"), Ok(()));
        assert!(matches!(
            run("mile", "3:43.12"),
            Err(Implausible::FasterThanMileRecord { .. })
        ));
        let message = run("mile", "1:00").unwrap_err().to_string();
        assert_eq!(
            message,
            "a mile in 1:00 is faster than the world record, 3:43.13 (Hicham El Guerrouj, 1999); check the time"
        );
        // Longer races are held to the mile record's pace: 5 km at that pace is 11:33.
        assert!(
            run("5k", "11:00")
                .unwrap_err()
                .to_string()
                .starts_with("5k in 11:00")
        );
        assert!(
            run("5k", "11:00")
                .unwrap_err()
                .to_string()
                .contains("it takes 11:33.23")
        );
        assert_eq!(run("5k", "12:35.36"), Ok(()));
    }

    #[test]
    fn shorter_than_a_mile_the_limit_is_the_fastest_sprint() {
        // Bolt's 9.58 s 100 m is an average of 37.6 km/h: plausible.
        assert_eq!(run("100m", "9.58"), Ok(()));
        // 100 m in 8 s is 45 km/h, above the fastest speed ever measured.
        assert!(matches!(
            run("100m", "8.0"),
            Err(Implausible::FasterThanSprint { .. })
        ));
    }

    #[test]
    fn speeds_at_each_limit() {
        let kmh = |v: f64| Speed::from_km_per_h(v).unwrap().pace();
        assert_eq!(check_pace(kmh(44.72)), Ok(()));
        let too_fast = check_pace(kmh(120.0)).unwrap_err();
        assert!(too_fast.to_string().starts_with("120.0 km/h"), "{too_fast}");
        assert!(matches!(
            check_pace(kmh(44.73)),
            Err(Implausible::FasterThanSprint { .. })
        ));
        assert_eq!(check_pace(SLOWEST_PACE), Ok(()));
        assert!(matches!(
            check_pace(Pace::from_secs_per_km(1801.0).unwrap()),
            Err(Implausible::SlowerThanWalking { .. })
        ));
        // A 40:00 mile is 24:51 per km: a walk, allowed.
        assert_eq!(run("mile", "40:00"), Ok(()));
        assert!(run("mile", "50:00").is_err());
    }
}
