//! Numbers and units as the workout language reads and prints them.
//!
//! Metres are `m`, minutes are `min`, seconds `s`; times may also be written `M:SS`. Printing
//! picks the form a runner would write (`400m`, `0.25mi`, `5k`, `2min`, `90s`, `2:30`) but only
//! when reading that text back gives exactly the same value; otherwise it falls back to plain
//! metres or seconds, whose shortest decimal form always reads back exactly. That check is what
//! makes `parse(print(w)) == w` hold for every distance and time, not just round ones.

use miler_core::{Distance, Duration};

/// A length in either of the two dimensions a step can be measured in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Quantity {
    Distance(Distance),
    Time(Duration),
}

/// What a unit suffix means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Unit {
    /// Metres per unit.
    Distance(f64),
    /// Seconds per unit.
    Time(f64),
    Percent,
    Kg,
    /// No unit written.
    None,
    Unknown,
}

/// Every unit spelling the language accepts, for suggestions.
pub(crate) const UNIT_WORDS: [&str; 22] = [
    "m", "metre", "metres", "meter", "meters", "k", "km", "mi", "mile", "miles", "s", "sec",
    "secs", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hours", "kg",
];

pub(crate) fn unit(text: &str) -> Unit {
    match text.to_lowercase().as_str() {
        "" => Unit::None,
        "m" | "metre" | "metres" | "meter" | "meters" => Unit::Distance(1.0),
        "k" | "km" | "kms" => Unit::Distance(1000.0),
        "mi" | "mile" | "miles" => Unit::Distance(Distance::MILE.metres()),
        "s" | "sec" | "secs" | "second" | "seconds" => Unit::Time(1.0),
        "min" | "mins" | "minute" | "minutes" => Unit::Time(60.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Time(3600.0),
        "%" => Unit::Percent,
        "kg" | "kgs" => Unit::Kg,
        _ => Unit::Unknown,
    }
}

/// Splits a number token into its digits and its unit: `400m` into `400` and `m`.
pub(crate) fn split_number(text: &str) -> (&str, &str) {
    let at = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    text.split_at(at)
}

/// Reads plain decimal digits (`400`, `0.25`, `.5`) as the nearest `f64`; `None` for
/// anything else or a value too large to be finite.
pub(crate) fn number(digits: &str) -> Option<f64> {
    let valid = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && digits.bytes().any(|b| b.is_ascii_digit());
    if !valid {
        return None;
    }
    digits.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Reads a number with a glued unit or a stopwatch time, as the printer writes them.
pub(crate) fn quantity(text: &str) -> Option<Quantity> {
    if text.contains(':') {
        return text.parse::<Duration>().ok().map(Quantity::Time);
    }
    let (digits, suffix) = split_number(text);
    let value = number(digits)?;
    match unit(suffix) {
        Unit::Distance(factor) => Distance::from_metres(value * factor).map(Quantity::Distance),
        Unit::Time(factor) => Duration::from_secs(value * factor).map(Quantity::Time),
        _ => None,
    }
}

/// The canonical text of a distance: quarter miles as `mi`, whole kilometres from 5 km as `k`,
/// everything else in metres.
pub fn format_distance(distance: Distance) -> String {
    let metres = distance.metres();
    let quarter = Distance::MILE.metres() / 4.0;
    let quarters = (metres / quarter).round();
    if (1.0..=4000.0).contains(&quarters) {
        let text = format!("{}mi", quarters / 4.0);
        if quantity(&text) == Some(Quantity::Distance(distance)) {
            return text;
        }
    }
    if metres >= 5000.0 && metres % 1000.0 == 0.0 {
        let text = format!("{}k", metres / 1000.0);
        if quantity(&text) == Some(Quantity::Distance(distance)) {
            return text;
        }
    }
    format!("{metres}m")
}

/// The canonical text of a time: whole minutes as `min`, under two minutes in seconds, longer
/// times as a stopwatch shows them.
pub fn format_time(time: Duration) -> String {
    let secs = time.secs();
    if secs >= 60.0 && secs % 60.0 == 0.0 {
        let text = format!("{}min", secs / 60.0);
        if quantity(&text) == Some(Quantity::Time(time)) {
            return text;
        }
    }
    if secs >= 120.0 {
        let text = time.to_string();
        if quantity(&text) == Some(Quantity::Time(time)) {
            return text;
        }
    }
    format!("{secs}s")
}

/// A time as a stopwatch shows it (`1:30`), for paces; plain seconds if that would not read
/// back exactly.
pub(crate) fn format_clock(time: Duration) -> String {
    let text = time.to_string();
    if quantity(&text) == Some(Quantity::Time(time)) {
        text
    } else {
        format!("{}s", time.secs())
    }
}

/// The canonical text of a plain number (a grade, a load): the shortest decimal that reads
/// back exactly.
pub(crate) fn format_number(value: f64) -> String {
    format!("{value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metres(m: f64) -> Distance {
        Distance::from_metres(m).unwrap()
    }

    fn secs(s: f64) -> Duration {
        Duration::from_secs(s).unwrap()
    }

    #[test]
    fn distances_print_as_runners_write_them() {
        let table = [
            (400.0, "400m"),
            (Distance::MILE.metres(), "1mi"),
            (Distance::MILE.metres() / 4.0, "0.25mi"),
            (Distance::MILE.metres() * 3.0, "3mi"),
            (5000.0, "5k"),
            (3000.0, "3000m"),
            (10_000.0, "10k"),
            (115.61, "115.61m"),
            (0.1, "0.1m"),
        ];
        for (m, text) in table {
            assert_eq!(format_distance(metres(m)), text);
            assert_eq!(quantity(text), Some(Quantity::Distance(metres(m))));
        }
    }

    #[test]
    fn times_print_as_runners_write_them() {
        let table = [
            (120.0, "2min"),
            (60.0, "1min"),
            (30.0, "30s"),
            (90.0, "90s"),
            (59.4, "59.4s"),
            (150.0, "2:30"),
            (5400.0, "90min"),
            (3750.5, "1:02:30.5"),
        ];
        for (s, text) in table {
            assert_eq!(format_time(secs(s)), text);
            assert_eq!(quantity(text), Some(Quantity::Time(secs(s))));
        }
        assert_eq!(format_clock(secs(90.0)), "1:30");
        // Below a microsecond a stopwatch can't say it; plain seconds can.
        let odd = secs(150.000_000_1);
        assert_eq!(quantity(&format_time(odd)), Some(Quantity::Time(odd)));
        assert_eq!(quantity(&format_clock(odd)), Some(Quantity::Time(odd)));
    }

    #[test]
    fn numbers_are_plain_decimals() {
        assert_eq!(number("0.25"), Some(0.25));
        assert_eq!(number(".5"), Some(0.5));
        for bad in ["", ".", "1.2.3", "1e3", "-1", "inf"] {
            assert_eq!(number(bad), None, "{bad:?}");
        }
        assert_eq!(number(&"9".repeat(400)), None);
    }
}
