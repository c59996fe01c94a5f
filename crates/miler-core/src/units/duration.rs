//! [`Duration`]: seconds, parsed and printed as a stopwatch shows them.

use std::fmt;
use std::str::FromStr;

use super::error::{Expected, ParseError};
use super::parse_decimal;

/// A length of time in seconds: finite and not negative.
///
/// Printing rounds to the microsecond and drops trailing zeros (`5:59.4`, `1:02:30`), and
/// parsing is exact for what was printed, so durations survive text round trips unchanged.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Duration(f64);

impl Duration {
    pub const ZERO: Duration = Duration(0.0);

    /// A duration of `seconds`; `None` if it is negative, infinite or NaN.
    pub fn from_secs(seconds: f64) -> Option<Duration> {
        (seconds.is_finite() && seconds >= 0.0).then_some(Duration(seconds))
    }

    /// `const` constructor for durations known to be valid at compile time.
    ///
    /// # Panics
    /// If `seconds` is negative or not finite.
    pub const fn secs_const(seconds: f64) -> Duration {
        assert!(
            seconds.is_finite() && seconds >= 0.0,
            "a duration is finite and not negative"
        );
        Duration(seconds)
    }

    pub fn from_minutes(minutes: f64) -> Option<Duration> {
        Duration::from_secs(minutes * 60.0)
    }

    pub fn secs(self) -> f64 {
        self.0
    }

    pub fn minutes(self) -> f64 {
        self.0 / 60.0
    }

    /// `self` scaled by a non-negative finite factor.
    pub fn scaled(self, factor: f64) -> Option<Duration> {
        Duration::from_secs(self.0 * factor)
    }

    /// Rounds to `decimals` places of a second, for display at a chosen precision.
    pub fn rounded(self, decimals: u32) -> Duration {
        let scale = 10f64.powi(decimals as i32);
        Duration((self.0 * scale).round() / scale)
    }

    /// Formats with exactly `decimals` places of a second (`5:59.40` for 2), for tables whose
    /// columns should line up.
    pub fn display_fixed(self, decimals: usize) -> String {
        let scale = 10f64.powi(decimals as i32);
        let total = (self.0 * scale).round() / scale;
        let whole = total.trunc() as u64;
        let (hours, minutes, seconds) = (
            whole / 3600,
            whole / 60 % 60,
            total - (whole / 60 * 60) as f64,
        );
        let width = if decimals == 0 { 2 } else { decimals + 3 };
        if hours > 0 {
            format!("{hours}:{minutes:02}:{seconds:0width$.decimals$}")
        } else {
            format!("{minutes}:{seconds:0width$.decimals$}")
        }
    }
}

impl std::ops::Add for Duration {
    type Output = Duration;
    fn add(self, rhs: Duration) -> Duration {
        Duration(self.0 + rhs.0)
    }
}

impl FromStr for Duration {
    type Err = ParseError;

    /// Accepts `SS`, `M:SS` and `H:MM:SS`, each with optional decimals on the seconds. In the
    /// colon forms seconds (and minutes after hours) must be below 60, as on a stopwatch.
    fn from_str(text: &str) -> Result<Duration, ParseError> {
        let error = || ParseError::new(text, Expected::Duration);
        let trimmed = text.trim();
        let parts: Vec<&str> = trimmed.split(':').collect();
        if parts.len() > 3 {
            return Err(error());
        }
        let (last, leading) = parts.split_last().ok_or_else(error)?;
        if trimmed.ends_with(['m', 'n', 's', 'h']) {
            return Err(error()
                .with_hint("write times with colons (10:00 for ten minutes, 45 for 45 seconds)"));
        }
        // Seconds carry the decimals; they are read as a whole so `5:59.4` == `359.4` exactly.
        let seconds_text = *last;
        let seconds = parse_decimal(seconds_text).ok_or_else(error)?;
        let mut whole_units: Vec<u64> = Vec::with_capacity(leading.len());
        for part in leading {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || part.len() > 9 {
                return Err(error());
            }
            whole_units.push(part.parse().map_err(|_| error())?);
        }
        if !leading.is_empty() && seconds >= 60.0 {
            return Err(error().with_hint(format!(
                "seconds after a colon must be below 60, not {seconds_text}"
            )));
        }
        if leading.len() == 2 && whole_units[1] >= 60 {
            return Err(error().with_hint(format!(
                "minutes after hours must be below 60, not {}",
                leading[1]
            )));
        }
        let whole_seconds = match whole_units.as_slice() {
            [] => 0,
            [minutes] => minutes * 60,
            [hours, minutes] => hours * 3600 + minutes * 60,
            _ => unreachable!("at most three parts"),
        };
        let total = if whole_seconds == 0 {
            seconds
        } else {
            // Combine in the decimal domain so the sum is the correctly rounded value of the
            // whole text, exactly as if it had been written in seconds.
            let (int, frac) = seconds_text.split_once('.').unwrap_or((seconds_text, ""));
            let int: u64 = if int.is_empty() {
                0
            } else {
                int.parse().map_err(|_| error())?
            };
            parse_decimal(&format!("{}.{frac}", whole_seconds + int)).ok_or_else(error)?
        };
        Duration::from_secs(total).ok_or_else(error)
    }
}

impl fmt::Display for Duration {
    /// `SS` below a minute is still printed as `0:SS` so the value reads as a time.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Work in whole microseconds so the digits printed are exact, not float noise.
        let micros = (self.0 * 1e6).round() as u64;
        let whole = micros / 1_000_000;
        let fraction = micros % 1_000_000;
        let (hours, minutes, seconds) = (whole / 3600, whole / 60 % 60, whole % 60);
        if hours > 0 {
            write!(f, "{hours}:{minutes:02}:{seconds:02}")?;
        } else {
            write!(f, "{minutes}:{seconds:02}")?;
        }
        if fraction > 0 {
            let digits = format!("{fraction:06}");
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn secs(text: &str) -> f64 {
        text.parse::<Duration>()
            .unwrap_or_else(|e| panic!("{e}"))
            .secs()
    }

    #[test]
    fn parses_stopwatch_forms() {
        let table = [
            ("80", 80.0),
            ("59.4", 59.4),
            ("5:59.4", 359.4),
            ("3:43.13", 223.13),
            ("24:00", 1440.0),
            ("1:02:30", 3750.0),
            ("2:01:09.5", 7269.5),
            ("0:45", 45.0),
        ];
        for (text, seconds) in table {
            assert_eq!(secs(text), seconds, "{text}");
        }
    }

    #[test]
    fn refuses_what_a_stopwatch_would_not_show() {
        for bad in [
            "", ":", "5:", ":30", "5:60", "1:60:00", "1:2:3:4", "-5", "5m", "10min", "a:bc", "5:5x",
        ] {
            assert!(bad.parse::<Duration>().is_err(), "{bad:?}");
        }
        let err = "10min".parse::<Duration>().unwrap_err().to_string();
        assert!(err.contains("10:00"), "{err}");
    }

    #[test]
    fn prints_like_a_stopwatch() {
        let table = [
            (359.4, "5:59.4"),
            (90.0, "1:30"),
            (45.0, "0:45"),
            (5.0, "0:05"),
            (3750.0, "1:02:30"),
            (223.13, "3:43.13"),
            (3600.5, "1:00:00.5"),
        ];
        for (seconds, text) in table {
            assert_eq!(Duration::from_secs(seconds).unwrap().to_string(), text);
        }
        assert_eq!(
            Duration::from_secs(89.4775).unwrap().display_fixed(1),
            "1:29.5"
        );
        assert_eq!(
            Duration::from_secs(3599.96).unwrap().display_fixed(1),
            "1:00:00.0"
        );
        assert_eq!(Duration::from_secs(5.04).unwrap().display_fixed(0), "0:05");
    }

    proptest! {
        #[test]
        fn print_then_parse_is_exact_for_microseconds(micros in 0u64..400_000_000_000) {
            let duration = Duration::from_secs(micros as f64 / 1e6).unwrap();
            let back: Duration = duration.to_string().parse().unwrap();
            prop_assert_eq!(back, duration);
        }

        #[test]
        fn colon_forms_agree_with_seconds(minutes in 0u64..600, centis in 0u64..6000) {
            let text = format!("{minutes}:{:02}.{:02}", centis / 100, centis % 100);
            let seconds = format!("{}.{:02}", minutes * 60 + centis / 100, centis % 100);
            prop_assert_eq!(secs(&text), secs(&seconds));
        }
    }
}
