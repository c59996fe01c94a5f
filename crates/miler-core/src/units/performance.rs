//! [`Performance`]: a distance run in a time, written `DIST=TIME` (`5k=24:00`).

use std::fmt;
use std::str::FromStr;

use super::error::{Expected, ParseError};
use super::{Distance, Duration, Pace, Speed};

/// A distance covered in a time: a race result, a time trial or a rep.
/// Both are above zero, so pace and speed always exist.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Performance {
    distance: Distance,
    time: Duration,
}

impl Performance {
    /// `None` if the distance or the time is zero.
    pub fn new(distance: Distance, time: Duration) -> Option<Performance> {
        (distance.metres() > 0.0 && time.secs() > 0.0).then_some(Performance { distance, time })
    }

    pub fn distance(self) -> Distance {
        self.distance
    }

    pub fn time(self) -> Duration {
        self.time
    }

    pub fn pace(self) -> Pace {
        Pace::of(self.distance, self.time).expect("both above zero")
    }

    pub fn speed(self) -> Speed {
        self.pace().speed()
    }
}

impl FromStr for Performance {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Performance, ParseError> {
        let error = || ParseError::new(text, Expected::Performance);
        let (distance, time) = text.split_once('=').ok_or_else(|| {
            error().with_hint("join the distance and the time with =, as in 5k=24:00")
        })?;
        let distance: Distance = distance
            .parse()
            .map_err(|e: ParseError| error().with_hint(e.to_string()))?;
        let time: Duration = time
            .parse()
            .map_err(|e: ParseError| error().with_hint(e.to_string()))?;
        Performance::new(distance, time)
            .ok_or_else(|| error().with_hint("the distance and the time must both be above zero"))
    }
}

impl fmt::Display for Performance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.distance, self.time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dist_equals_time() {
        let p: Performance = "5k=24:00".parse().unwrap();
        assert_eq!(p.distance().metres(), 5000.0);
        assert_eq!(p.time().secs(), 1440.0);
        assert_eq!(p.pace().secs_per_km(), 288.0);
        assert_eq!(p.to_string(), "5k=24:00");
        assert_eq!(
            "400m=80".parse::<Performance>().unwrap().to_string(),
            "400m=1:20"
        );
        assert_eq!(
            "mile=7:30".parse::<Performance>().unwrap().time().secs(),
            450.0
        );
    }

    #[test]
    fn explains_what_is_wrong() {
        let err = "5k 24:00".parse::<Performance>().unwrap_err().to_string();
        assert!(err.contains("5k=24:00"), "{err}");
        let err = "5x=24:00".parse::<Performance>().unwrap_err().to_string();
        assert!(err.contains("`5x` is not a distance"), "{err}");
        let err = "5k=24m".parse::<Performance>().unwrap_err().to_string();
        assert!(err.contains("`24m` is not a time"), "{err}");
        assert!("5k=0".parse::<Performance>().is_err());
    }
}
