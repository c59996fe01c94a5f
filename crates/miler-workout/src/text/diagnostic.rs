//! Diagnostics: every problem the parser found, where it is, what was expected and what to do.
//!
//! The parser never stops at the first problem, so a runner who pastes a whole session sees
//! every mistake at once, each with a line and column, the text that was expected, and where
//! an obvious fix exists, a suggestion ("`5m` is 5 metres — did you mean `5min`?"). Warnings
//! mark text that parses but is probably not what was meant; errors mark text that could not
//! be read, and a workout with errors should not be trusted.

use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The text could not be read as written; the workout holds a best guess.
    Error,
    /// The text was read, but it is probably not what the runner meant.
    Warning,
}

/// What went wrong, for code that reacts to particular mistakes (a test, an editor's quick
/// fix). The human-readable text is in [`Diagnostic::message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiagnosticKind {
    /// A character the language has no use for.
    UnexpectedCharacter,
    /// A `"` note without its closing `"`.
    UnterminatedNote,
    /// A number that needs a unit and has none (`8 x 400`).
    MissingUnit,
    /// A unit the language doesn't know (`400yd`).
    UnknownUnit,
    /// A length that reads fine but is surely a slip (`run 5m easy`).
    SuspiciousLength,
    /// A number that is out of range or malformed (`5:75`, a count of 0).
    BadNumber,
    /// A word that has no meaning where it stands.
    UnknownWord,
    /// A pace reference that doesn't exist (`@ gaol`).
    UnknownReference,
    /// Something said twice in one step (two lengths, two targets).
    Duplicate,
    /// A target that is missing or incomplete after `@`.
    BadTarget,
    /// A range written with `-` where the language wants a ramp (`6-10 x`).
    RangeNotRamp,
    /// A ramp whose waypoints mix distances and times.
    MixedRamp,
    /// A `}` with no block to close.
    UnmatchedBrace,
    /// A `{` never closed.
    UnclosedBrace,
    /// A block with nothing in it.
    EmptyBlock,
    /// A clause where it doesn't belong (a recovery on a single step).
    MisplacedClause,
    /// A line that doesn't say what to do.
    ExpectedStep,
    /// Text with no step at all.
    EmptyWorkout,
    /// Any other token in the wrong place.
    Unexpected,
    /// A workout that expands past the size budget (`crate::budget`).
    TooLarge,
}

impl DiagnosticKind {
    /// A short stable name, shown in brackets when diagnostics are rendered.
    pub fn code(self) -> &'static str {
        match self {
            DiagnosticKind::UnexpectedCharacter => "unexpected-character",
            DiagnosticKind::UnterminatedNote => "unterminated-note",
            DiagnosticKind::MissingUnit => "missing-unit",
            DiagnosticKind::UnknownUnit => "unknown-unit",
            DiagnosticKind::SuspiciousLength => "suspicious-length",
            DiagnosticKind::BadNumber => "bad-number",
            DiagnosticKind::UnknownWord => "unknown-word",
            DiagnosticKind::UnknownReference => "unknown-reference",
            DiagnosticKind::Duplicate => "duplicate",
            DiagnosticKind::BadTarget => "bad-target",
            DiagnosticKind::RangeNotRamp => "range-not-ramp",
            DiagnosticKind::MixedRamp => "mixed-ramp",
            DiagnosticKind::UnmatchedBrace => "unmatched-brace",
            DiagnosticKind::UnclosedBrace => "unclosed-brace",
            DiagnosticKind::EmptyBlock => "empty-block",
            DiagnosticKind::MisplacedClause => "misplaced-clause",
            DiagnosticKind::ExpectedStep => "expected-step",
            DiagnosticKind::EmptyWorkout => "empty-workout",
            DiagnosticKind::Unexpected => "unexpected",
            DiagnosticKind::TooLarge => "too-large",
        }
    }
}

/// One problem in a workout text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: DiagnosticKind,
    /// Byte range in the source text.
    pub span: Range<usize>,
    /// 1-based line of the span's start.
    pub line: u32,
    /// 1-based column of the span's start, counted in characters.
    pub column: u32,
    /// What is wrong, naming the text.
    pub message: String,
    /// What the language expected at this place.
    pub expected: Option<String>,
    /// What to do about it, when there is an obvious fix.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `line 2, column 5: error: ...; expected ...; did you mean ...?`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "line {}, column {}: {severity}: {}",
            self.line, self.column, self.message
        )?;
        if let Some(expected) = &self.expected {
            write!(f, "; expected {expected}")?;
        }
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

/// Maps byte offsets to 1-based lines and character columns.
#[derive(Debug)]
pub(crate) struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(source: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { source, starts }
    }

    /// The 1-based line and column of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let end = offset.min(self.source.len());
        let column = self
            .source
            .get(start..end)
            .map_or(end - start, |text| text.chars().count());
        (line as u32 + 1, column as u32 + 1)
    }

    /// The source text of a byte span, or nothing if the span is not in the source.
    pub(crate) fn slice(&self, span: Range<usize>) -> &'a str {
        self.source.get(span).unwrap_or("")
    }

    /// The text of a 1-based line, without its line break.
    pub(crate) fn line_text(&self, line: u32) -> &'a str {
        let index = (line as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(index) else {
            return "";
        };
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.source.len(), |next| next - 1);
        self.source[start..end].trim_end_matches('\r')
    }
}

/// Renders diagnostics against their source the way compilers do: the message, the line with
/// the span underlined, and what was expected and suggested.
///
/// ```text
/// error[missing-unit]: `400` has no unit
///  --> line 1, column 5
///   |
/// 1 | 8 x 400 @ goal
///   |     ^^^
///   = expected: a distance such as 400m or a time such as 90s or 2min
///   = help: did you mean `400m`?
/// ```
pub fn render(source: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let line_text = index.line_text(diagnostic.line);
        let number = diagnostic.line.to_string();
        let gutter = " ".repeat(number.len());
        let start = diagnostic.column as usize - 1;
        let width = source
            .get(diagnostic.span.clone())
            .map_or(1, |text| text.lines().next().unwrap_or("").chars().count())
            .max(1);
        out.push_str(&format!(
            "{severity}[{}]: {}\n",
            diagnostic.kind.code(),
            diagnostic.message
        ));
        out.push_str(&format!(
            "{gutter}--> line {}, column {}\n",
            diagnostic.line, diagnostic.column
        ));
        out.push_str(&format!("{gutter} |\n"));
        out.push_str(&format!("{number} | {line_text}\n"));
        out.push_str(&format!(
            "{gutter} | {}{}\n",
            " ".repeat(start),
            "^".repeat(width)
        ));
        if let Some(expected) = &diagnostic.expected {
            out.push_str(&format!("{gutter} = expected: {expected}\n"));
        }
        if let Some(help) = &diagnostic.help {
            out.push_str(&format!("{gutter} = help: {help}\n"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_from_one() {
        let index = LineIndex::new("ab\n→ x\n\nlast");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(1), (1, 2));
        assert_eq!(index.position(3), (2, 1));
        // The arrow is three bytes but one column.
        assert_eq!(index.position(7), (2, 3));
        assert_eq!(index.position(9), (3, 1));
        assert_eq!(index.position(10), (4, 1));
        assert_eq!(index.line_text(2), "→ x");
        assert_eq!(index.line_text(4), "last");
        assert_eq!(index.line_text(9), "");
    }
}
