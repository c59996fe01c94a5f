//! [`Pace`]: time per distance, the way runners read their watch and the track clock.

use std::fmt;
use std::str::FromStr;

use super::error::{Expected, ParseError};
use super::{Distance, Duration, Speed};

/// Time per distance, stored as seconds per kilometre; always positive and finite.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Pace(f64);

impl Pace {
    /// The pace of covering `distance` in `time`; `None` for a zero distance or time.
    pub fn of(distance: Distance, time: Duration) -> Option<Pace> {
        Pace::from_secs_per_km(time.secs() / distance.km())
    }

    /// `const` constructor for paces known to be valid at compile time.
    ///
    /// # Panics
    /// If `seconds` is not positive and finite.
    pub const fn secs_per_km_const(seconds: f64) -> Pace {
        assert!(
            seconds.is_finite() && seconds > 0.0,
            "a pace is positive and finite"
        );
        Pace(seconds)
    }

    /// `None` unless `seconds` is positive and finite.
    pub fn from_secs_per_km(seconds: f64) -> Option<Pace> {
        (seconds.is_finite() && seconds > 0.0).then_some(Pace(seconds))
    }

    pub fn from_secs_per_mile(seconds: f64) -> Option<Pace> {
        Pace::from_secs_per_km(seconds / Distance::MILE.km())
    }

    pub fn secs_per_km(self) -> f64 {
        self.0
    }

    pub fn secs_per_mile(self) -> f64 {
        self.0 * Distance::MILE.km()
    }

    /// The time this pace takes over `distance` (the 400 m split of a mile pace, say).
    pub fn time_for(self, distance: Distance) -> Duration {
        Duration::from_secs(self.0 * distance.km()).expect("positive pace times a distance")
    }

    pub fn speed(self) -> Speed {
        Speed::from_m_per_s(1000.0 / self.0).expect("a positive pace is a positive speed")
    }

    /// This pace moved by `seconds` per `per` (negative is faster): "goal − 2 s per 400 m".
    /// `None` if the result would not be a positive pace.
    pub fn shifted(self, seconds: f64, per: Distance) -> Option<Pace> {
        Pace::from_secs_per_km(self.0 + seconds / per.km())
    }
}

impl FromStr for Pace {
    type Err = ParseError;

    /// `TIME/DISTANCE`, where the distance may omit a leading 1: `4:00/km`, `6:26/mi`,
    /// `90/400m`, `1:30/400m`.
    fn from_str(text: &str) -> Result<Pace, ParseError> {
        let error = || ParseError::new(text, Expected::Pace);
        let (time, per) = text.trim().split_once('/').ok_or_else(|| {
            error().with_hint("give the distance the time is for, as in 4:00/km or 90/400m")
        })?;
        let time: Duration = time.parse().map_err(|_| error())?;
        let per = per.trim();
        let per: Distance = match per.to_ascii_lowercase().as_str() {
            "km" => Distance::metres_const(1000.0),
            "mi" | "mile" => Distance::MILE,
            _ => per.parse().map_err(|_| error())?,
        };
        Pace::of(per, time)
            .ok_or_else(|| error().with_hint("a pace needs a time and a distance above zero"))
    }
}

impl fmt::Display for Pace {
    /// Per kilometre, to the microsecond: `4:00/km`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/km", Duration::from_secs(self.0).expect("positive"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_per_km_mile_and_lap() {
        let per_km = |t: &str| {
            t.parse::<Pace>()
                .unwrap_or_else(|e| panic!("{e}"))
                .secs_per_km()
        };
        assert_eq!(per_km("4:00/km"), 240.0);
        assert!((per_km("6:00/mi") - 223.69363).abs() < 1e-5);
        assert_eq!(per_km("90/400m"), 225.0);
        assert_eq!(per_km("1:30/400m"), 225.0);
        assert_eq!(per_km("6:00/mile"), per_km("6:00/1mi"));
        for bad in ["4:00", "4:00/", "/km", "0/km", "4:00/0m", "4:00/10min"] {
            assert!(bad.parse::<Pace>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn converts_between_distances_and_speed() {
        let mile_pace = Pace::of(Distance::MILE, Duration::from_secs(360.0).unwrap()).unwrap();
        assert!((mile_pace.time_for(Distance::TRACK_400).secs() - 89.4775).abs() < 1e-4);
        assert!((mile_pace.secs_per_mile() - 360.0).abs() < 1e-9);
        assert!((mile_pace.speed().km_per_h() - 16.0934).abs() < 1e-4);
        let faster = mile_pace.shifted(-2.0, Distance::TRACK_400).unwrap();
        assert!((faster.time_for(Distance::TRACK_400).secs() - 87.4775).abs() < 1e-4);
    }

    proptest! {
        #[test]
        fn print_then_parse_is_exact_for_microseconds(micros in 1u64..10_000_000_000) {
            let pace = Pace::from_secs_per_km(micros as f64 / 1e6).unwrap();
            prop_assert_eq!(pace.to_string().parse::<Pace>().unwrap(), pace);
        }
    }
}
