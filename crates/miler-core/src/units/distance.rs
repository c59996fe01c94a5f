//! [`Distance`]: metres, parsed and printed the way runners name races and reps.

use std::fmt;
use std::str::FromStr;

use super::error::{Expected, ParseError};
use super::parse_decimal;

/// A distance in metres: finite and not negative.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Distance(f64);

/// Names runners use for whole distances, in the order `Display` prefers them.
const NAMED: [(&str, f64); 3] = [
    ("mile", Distance::MILE.0),
    ("hm", Distance::HALF_MARATHON.0),
    ("marathon", Distance::MARATHON.0),
];

impl Distance {
    /// The international mile: exactly 1609.344 m (four laps of a 400 m track plus 9.344 m).
    pub const MILE: Distance = Distance(1609.344);
    /// The half marathon, 21.0975 km.
    pub const HALF_MARATHON: Distance = Distance(21_097.5);
    /// The marathon, 42.195 km.
    pub const MARATHON: Distance = Distance(42_195.0);
    /// One lap of a standard outdoor track (lane 1).
    pub const TRACK_400: Distance = Distance(400.0);
    /// One lap of a standard indoor track.
    pub const TRACK_200: Distance = Distance(200.0);
    pub const ZERO: Distance = Distance(0.0);

    /// A distance of `metres`; `None` if it is negative, infinite or NaN.
    pub fn from_metres(metres: f64) -> Option<Distance> {
        (metres.is_finite() && metres >= 0.0).then_some(Distance(metres))
    }

    /// `const` constructor for distances known to be valid at compile time.
    ///
    /// # Panics
    /// At compile time (in a `const`) or at run time if `metres` is negative or not finite.
    pub const fn metres_const(metres: f64) -> Distance {
        assert!(
            metres.is_finite() && metres >= 0.0,
            "a distance is finite and not negative"
        );
        Distance(metres)
    }

    pub fn from_km(km: f64) -> Option<Distance> {
        Distance::from_metres(km * 1000.0)
    }

    pub fn from_miles(miles: f64) -> Option<Distance> {
        Distance::from_metres(miles * Distance::MILE.0)
    }

    pub fn metres(self) -> f64 {
        self.0
    }

    pub fn km(self) -> f64 {
        self.0 / 1000.0
    }

    pub fn miles(self) -> f64 {
        self.0 / Distance::MILE.0
    }

    /// `self` scaled by a non-negative finite factor.
    pub fn scaled(self, factor: f64) -> Option<Distance> {
        Distance::from_metres(self.0 * factor)
    }
}

impl std::ops::Add for Distance {
    type Output = Distance;
    fn add(self, rhs: Distance) -> Distance {
        Distance(self.0 + rhs.0)
    }
}

impl FromStr for Distance {
    type Err = ParseError;

    /// Accepts a number with a unit — `m`, `k`/`km`, `mi`/`mile(s)` — or a name: `mile`,
    /// `hm`/`half`, `marathon`. Case and spaces between number and unit don't matter.
    fn from_str(text: &str) -> Result<Distance, ParseError> {
        let error = || ParseError::new(text, Expected::Distance);
        let lower = text.trim().to_ascii_lowercase();
        match lower.as_str() {
            "mile" | "mi" => return Ok(Distance::MILE),
            "hm" | "half" | "half-marathon" | "halfmarathon" => return Ok(Distance::HALF_MARATHON),
            "marathon" | "mar" => return Ok(Distance::MARATHON),
            _ => {}
        }
        let split = lower
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(lower.len());
        let (number, unit) = lower.split_at(split);
        let unit = unit.trim_start();
        if number.is_empty() {
            return Err(error());
        }
        let Some(value) = parse_decimal(number) else {
            return Err(error());
        };
        let metres = match unit {
            "m" | "metres" | "meters" => value,
            "k" | "km" => value * 1000.0,
            "mi" | "mile" | "miles" => value * Distance::MILE.0,
            "min" | "mins" | "minutes" | "s" | "sec" | "h" => {
                return Err(error().with_hint(format!(
                    "`{unit}` is a unit of time; give a distance such as {number}m or {number}k"
                )));
            }
            "" => {
                return Err(error().with_hint(format!(
                    "add a unit: {number}m for metres, {number}k for kilometres, {number}mi for miles"
                )));
            }
            _ => return Err(error()),
        };
        Distance::from_metres(metres).ok_or_else(error)
    }
}

impl fmt::Display for Distance {
    /// Prints the canonical form: a name for the mile, half and marathon, `Nmi` for whole
    /// multiples of the mile, `Nk` for whole kilometres from 5 km up, otherwise metres.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((name, _)) = NAMED.iter().find(|(_, m)| *m == self.0) {
            return f.write_str(name);
        }
        for miles in 2..=100u32 {
            if f64::from(miles) * Distance::MILE.0 == self.0 {
                return write!(f, "{miles}mi");
            }
        }
        if self.0 >= 5000.0 && self.0 % 1000.0 == 0.0 {
            return write!(f, "{}k", self.0 / 1000.0);
        }
        write!(f, "{}m", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> f64 {
        text.parse::<Distance>()
            .unwrap_or_else(|e| panic!("{e}"))
            .metres()
    }

    #[test]
    fn parses_what_runners_write() {
        let table = [
            ("400m", 400.0),
            ("1500m", 1500.0),
            ("1mi", 1609.344),
            ("mile", 1609.344),
            ("Mile", 1609.344),
            ("5k", 5000.0),
            ("10k", 10_000.0),
            ("10 km", 10_000.0),
            ("0.25mi", 402.336),
            ("2mi", 3218.688),
            ("hm", 21_097.5),
            ("half", 21_097.5),
            ("marathon", 42_195.0),
            ("9.344m", 9.344),
        ];
        for (text, metres) in table {
            assert_eq!(d(text), metres, "{text}");
        }
    }

    #[test]
    fn refuses_minutes_and_bare_numbers_with_a_hint() {
        let err = "10min".parse::<Distance>().unwrap_err().to_string();
        assert!(err.contains("unit of time"), "{err}");
        let err = "400".parse::<Distance>().unwrap_err().to_string();
        assert!(err.contains("400m"), "{err}");
        for bad in ["", "m", "-400m", "5x", "k5", "1e3m", "4 00m"] {
            assert!(bad.parse::<Distance>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn prints_canonically() {
        let table = [
            ("1609.344m", "mile"),
            ("4mi", "4mi"),
            ("5000m", "5k"),
            ("3000m", "3000m"),
            ("42.195k", "marathon"),
            ("0.25mi", "402.336m"),
            ("800m", "800m"),
        ];
        for (text, printed) in table {
            assert_eq!(text.parse::<Distance>().unwrap().to_string(), printed);
        }
    }

    proptest! {
        #[test]
        fn print_then_parse_is_exact(metres in 0.0f64..1.0e6) {
            let distance = Distance::from_metres(metres).unwrap();
            let back: Distance = distance.to_string().parse().unwrap();
            prop_assert_eq!(back, distance);
        }

        #[test]
        fn whole_metres_round_trip(metres in 0u32..200_000) {
            let text = format!("{metres}m");
            let distance: Distance = text.parse().unwrap();
            prop_assert_eq!(distance.to_string().parse::<Distance>().unwrap(), distance);
        }
    }
}
