//! The one error type for text that isn't a unit value, with messages a runner can act on.

use std::fmt;

/// What kind of value was being parsed; it decides the "expected" half of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Distance,
    Duration,
    Pace,
    Speed,
    Performance,
}

impl Expected {
    fn describe(self) -> &'static str {
        match self {
            Expected::Distance => {
                "a distance such as 400m, 1500m, 1mi, mile, 0.25mi, 5k, 10k, hm or marathon \
                 (m is metres)"
            }
            Expected::Duration => {
                "a time as SS, M:SS or H:MM:SS with optional decimals, such as 80, 5:59.4 or \
                 1:02:30"
            }
            Expected::Pace => "a pace such as 4:00/km, 6:26/mi or 90/400m",
            Expected::Speed => "a speed such as 12km/h, 7.5mph or 4.2m/s",
            Expected::Performance => {
                "a result as DISTANCE=TIME, such as 5k=24:00, 400m=80 or mile=7:30"
            }
        }
    }
}

/// Text that could not be read as a unit value. Its `Display` names the text, says what was
/// expected and, where there is an obvious fix, suggests it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    input: String,
    expected: Expected,
    hint: Option<String>,
}

impl ParseError {
    pub(crate) fn new(input: &str, expected: Expected) -> Self {
        ParseError {
            input: input.to_owned(),
            expected,
            hint: None,
        }
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The text that failed to parse.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What kind of value was expected.
    pub fn expected(&self) -> Expected {
        self.expected
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not {}", self.input, self.expected.describe())?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}
