//! Distances, durations, paces and speeds: the four quantities every runner's number is made of.
//!
//! Each is a newtype over an `f64` in SI units (metres, seconds, seconds per metre, metres per
//! second) with a validating constructor, so an invalid value (negative, infinite, NaN) can't
//! exist. Each also parses and prints the way runners write it:
//!
//! | type | examples |
//! |---|---|
//! | [`Distance`] | `400m`, `1500m`, `1mi`, `mile`, `5k`, `10k`, `0.25mi`, `hm`, `marathon` |
//! | [`Duration`] | `80`, `5:59.4`, `1:02:30` (`SS`, `M:SS`, `H:MM:SS`, optional decimals) |
//! | [`Pace`] | `4:00/km`, `6:26/mi`, `90/400m` |
//! | [`Speed`] | `12km/h`, `7.5mph`, `4.2m/s` |
//!
//! A bare `m` always means metres; minutes are never written `m`. Printing is canonical and
//! `text.parse()` of a printed value gives back the same value exactly (for durations, to the
//! microsecond; see [`Duration`]).

mod distance;
mod duration;
mod error;
mod pace;
mod performance;
mod speed;

pub use distance::Distance;
pub use duration::Duration;
pub use error::{Expected, ParseError};
pub use pace::Pace;
pub use performance::Performance;
pub use speed::Speed;

/// Parses a plain decimal number (`12`, `0.25`, `59.4`) exactly: the digits are read as an
/// integer and divided once by a power of ten, so the result is the correctly rounded `f64`
/// and `"59.4"` gives the same value wherever it appears. Signs, exponents, `inf` and `nan`
/// are refused; runners don't write them.
fn parse_decimal(text: &str) -> Option<f64> {
    let (int, frac) = match text.split_once('.') {
        Some((int, frac)) => (int, frac),
        None => (text, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if int.len() + frac.len() > 15 || frac.len() > 9 {
        // Beyond 15 significant digits the integer would not be exact in an f64.
        return text.parse().ok().filter(|v: &f64| v.is_finite());
    }
    let digits: u64 = format!("{int}{frac}").parse().ok()?;
    Some(digits as f64 / 10f64.powi(frac.len() as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_parse_exactly() {
        assert_eq!(parse_decimal("59.4"), Some(59.4));
        assert_eq!(parse_decimal("0.25"), Some(0.25));
        assert_eq!(parse_decimal(".5"), Some(0.5));
        assert_eq!(parse_decimal("12."), Some(12.0));
        for bad in ["", ".", "-1", "1e3", "inf", "nan", "1.2.3", " 1"] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }
}
