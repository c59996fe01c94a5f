//! How numbers read on a page: clock times, paces in the athlete's units, rounding for JSON.

use miler_core::{Duration, Pace};
use miler_store::Units;

/// Rounds for JSON so documents read cleanly (`89.48`, not `89.47750000000001`).
pub fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// `6:00`, `1:29.5`, `0:38`: tenths when they are not zero, whole seconds otherwise.
pub fn clock(seconds: f64) -> String {
    match Duration::from_secs(seconds) {
        Some(d) => {
            let text = d.display_fixed(1);
            text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
        }
        None => "—".to_owned(),
    }
}

/// Seconds alone, for laps and reps: `90`, `89.5`.
pub fn secs(seconds: f64) -> String {
    let text = format!("{seconds:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

/// Metres as exact as they are, without trailing zeros: `400`, `409.344`.
pub fn metres(value: f64) -> String {
    let text = format!("{:.3}", round(value, 3));
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Whole seconds: `6:00`, `24:00`, `1:02:30`.
pub fn clock0(seconds: f64) -> String {
    Duration::from_secs(seconds).map_or_else(|| "—".to_owned(), |d| d.display_fixed(0))
}

/// A pace per the athlete's unit: `4:28/km` or `7:11/mi`.
pub fn pace(pace: Pace, units: Units) -> String {
    match units {
        Units::Km => format!("{}/km", clock(pace.secs_per_km())),
        Units::Mi => format!("{}/mi", clock(pace.secs_per_mile())),
    }
}

/// A band of seconds: `88-90` or `90` when both ends agree to a twentieth.
pub fn band(fast: f64, slow: f64) -> String {
    if (fast - slow).abs() < 0.05 {
        clock(fast)
    } else {
        format!("{}-{}", clock(fast), clock(slow))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_read_as_runners_write_them() {
        assert_eq!(clock(360.0), "6:00");
        assert_eq!(clock(89.4775), "1:29.5");
        assert_eq!(clock(38.0), "0:38");
        assert_eq!(secs(90.0), "90");
        assert_eq!(secs(89.4775), "89.5");
        assert_eq!(metres(409.344), "409.344");
        assert_eq!(metres(400.0), "400");
        assert_eq!(clock0(1440.0), "24:00");
        assert_eq!(band(88.0, 90.0), "1:28-1:30");
    }
}
