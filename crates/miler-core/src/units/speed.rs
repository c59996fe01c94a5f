//! [`Speed`]: metres per second, shown as treadmills show it (km/h or mph).

use std::fmt;
use std::str::FromStr;

use super::error::{Expected, ParseError};
use super::{Distance, Pace, parse_decimal};

/// A speed in metres per second; always positive and finite.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Speed(f64);

const KMH: f64 = 3.6;
const MPH: f64 = 3600.0 / 1609.344;

impl Speed {
    /// `const` constructor for speeds known to be valid at compile time.
    ///
    /// # Panics
    /// If `m_per_s` is not positive and finite.
    pub const fn m_per_s_const(m_per_s: f64) -> Speed {
        assert!(
            m_per_s.is_finite() && m_per_s > 0.0,
            "a speed is positive and finite"
        );
        Speed(m_per_s)
    }

    /// `None` unless `m_per_s` is positive and finite.
    pub fn from_m_per_s(m_per_s: f64) -> Option<Speed> {
        (m_per_s.is_finite() && m_per_s > 0.0).then_some(Speed(m_per_s))
    }

    pub fn from_km_per_h(kmh: f64) -> Option<Speed> {
        Speed::from_m_per_s(kmh / KMH)
    }

    pub fn from_mph(mph: f64) -> Option<Speed> {
        Speed::from_m_per_s(mph / MPH)
    }

    pub fn m_per_s(self) -> f64 {
        self.0
    }

    pub fn m_per_min(self) -> f64 {
        self.0 * 60.0
    }

    pub fn km_per_h(self) -> f64 {
        self.0 * KMH
    }

    pub fn mph(self) -> f64 {
        self.0 * MPH
    }

    pub fn pace(self) -> Pace {
        Pace::from_secs_per_km(1000.0 / self.0).expect("a positive speed is a positive pace")
    }

    /// The time to cover `distance` at this speed, in seconds.
    pub fn secs_for(self, distance: Distance) -> f64 {
        distance.metres() / self.0
    }
}

impl FromStr for Speed {
    type Err = ParseError;

    /// A number with `km/h` (or `kmh`, `kph`), `mph` or `m/s`.
    fn from_str(text: &str) -> Result<Speed, ParseError> {
        let error = || ParseError::new(text, Expected::Speed);
        let lower = text.trim().to_ascii_lowercase();
        let split = lower
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(lower.len());
        let (number, unit) = lower.split_at(split);
        let value = parse_decimal(number).ok_or_else(error)?;
        let speed = match unit.trim_start() {
            "km/h" | "kmh" | "kph" => Speed::from_km_per_h(value),
            "mph" | "mi/h" => Speed::from_mph(value),
            "m/s" | "mps" => Speed::from_m_per_s(value),
            "" => return Err(error().with_hint(format!("add a unit: {number}km/h or {number}mph"))),
            _ => None,
        };
        speed.ok_or_else(error)
    }
}

impl fmt::Display for Speed {
    /// In km/h with the fewest decimals that read back as the same speed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kmh = self.km_per_h();
        for decimals in 0..=15 {
            let text = format!("{kmh:.decimals$}");
            if parse_decimal(&text).and_then(Speed::from_km_per_h) == Some(*self) {
                return write!(f, "{text}km/h");
            }
        }
        write!(f, "{}m/s", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_treadmill_units() {
        let m_s = |t: &str| {
            t.parse::<Speed>()
                .unwrap_or_else(|e| panic!("{e}"))
                .m_per_s()
        };
        assert_eq!(m_s("3.6km/h"), 1.0);
        assert_eq!(m_s("18 kmh"), 5.0);
        assert!((m_s("10mph") - 4.4704).abs() < 1e-12);
        assert_eq!(m_s("4.2m/s"), 4.2);
        for bad in ["", "12", "0km/h", "12 knots", "km/h"] {
            assert!(bad.parse::<Speed>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn mile_pace_on_a_treadmill() {
        // A 6:00 mile is 10 mph: 3600 s per hour over 360 s per mile.
        let speed = Pace::from_secs_per_mile(360.0).unwrap().speed();
        assert!((speed.mph() - 10.0).abs() < 1e-12);
        assert!((speed.km_per_h() - 16.09344).abs() < 1e-12);
        assert_eq!(Speed::from_km_per_h(12.0).unwrap().to_string(), "12km/h");
    }

    proptest! {
        #[test]
        fn print_then_parse_is_exact(m_per_s in 0.01f64..20.0) {
            let speed = Speed::from_m_per_s(m_per_s).unwrap();
            prop_assert_eq!(speed.to_string().parse::<Speed>().unwrap(), speed);
        }
    }
}
