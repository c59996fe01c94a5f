//! The plain-text workout language: what runners type and read.
//!
//! ```text
//! # 400 m repeats at goal pace
//! warm-up 15min easy
//! 4 x 400m @ goal, recovery 2min->30s jog
//! cool-down 10min easy
//! ```
//!
//! The language is line-oriented: one step per line, blocks opened by `3 x {` or `until 1mi {`
//! at the end of a line and closed by `}` at the start of one. The full grammar, with an
//! example for every catalog workout, is in `docs/workout-language.md` at the repository root.
//!
//! [`parse`] never fails: it returns the best reading of the text and every problem found, each
//! with a line, a column, what was expected and, where there is one, a suggestion. [`print()`]
//! writes the canonical text, and `parse(print(w))` gives back `w` for every workout the model
//! can hold (with the strings in it written as the model's docs describe).

mod diagnostic;
mod lexer;
mod parser;
mod printer;
mod units;

use std::fmt;
use std::str::FromStr;

pub use diagnostic::{Diagnostic, DiagnosticKind, Severity, render};
pub use parser::{Parse, parse};
pub use printer::print;
pub use units::{format_distance, format_time};

use crate::model::Workout;

/// The errors of a text that did not parse cleanly, for `"...".parse::<Workout>()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseErrors {
    diagnostics: Vec<Diagnostic>,
}

impl ParseErrors {
    /// Every diagnostic, errors and warnings, in text order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl fmt::Display for ParseErrors {
    /// One diagnostic per line; [`render`] shows them against the source instead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.diagnostics.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for ParseErrors {}

impl FromStr for Workout {
    type Err = ParseErrors;

    /// Parses workout text, failing if it has errors (warnings are allowed).
    fn from_str(text: &str) -> Result<Workout, ParseErrors> {
        parse(text)
            .into_result()
            .map_err(|diagnostics| ParseErrors { diagnostics })
    }
}
