//! What every subcommand shares: the top-level parser, input errors and their exit code,
//! and output (JSON or human text) that tolerates a closed pipe.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::cmd;

/// miler helps you run a faster mile: paces, splits, predictions and age grading.
///
/// Without a command, miler runs its web app on this computer and prints the address.
#[derive(Debug, Parser)]
#[command(name = "miler", version, about, long_about = None)]
#[command(after_help = "Examples:
  miler                               open the web app (prints its address)
  miler predict 5k=24:00              what a 24-minute 5 km says about your mile
  miler paces --goal-mile 6:00        splits and training paces for a 6:00 mile
  miler agegrade mile=6:00 --age 50 --sex M
  miler energy mile=7:30 --mass 70 --backward

Times are SS, M:SS or H:MM:SS (5:59.4); distances 400m, 1500m, mile, 1mi, 5k, hm, marathon
(m is metres). Add --json to any command for one JSON document on stdout.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Print one JSON document on stdout instead of a table.
    #[arg(long, global = true)]
    pub json: bool,

    /// The database: a file path or sqlite://PATH [default: miler.db in your data directory].
    #[arg(long, global = true, env = "MILER_DB", value_name = "URL")]
    pub db: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Predict(cmd::predict::Args),
    Paces(cmd::paces::Args),
    Agegrade(cmd::agegrade::Args),
    Energy(cmd::energy::Args),
    #[command(subcommand)]
    Workout(cmd::workout::Command),
    Import(cmd::import::Args),
    Activities(cmd::activities::Args),
    Activity(cmd::activity::Args),
    BestEfforts(cmd::best_efforts::Args),
    Compliance(cmd::compliance::Args),
    Serve(cmd::serve::Args),
    /// Training plans: from your fitness and a goal mile to race day, on your calendar and
    /// your watch.
    #[command(subcommand)]
    Plan(cmd::plan::Command),
    /// Your results log: add results, list them, personal records, CSV import and export.
    #[command(subcommand)]
    Result(cmd::result::Command),
    Leaderboard(cmd::leaderboard::Args),
}

/// Input the user can fix: a bad value, a missing option, numbers out of range. The
/// message says what was given, what was expected and what to do. Exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Shorthand for returning an [`InputError`].
pub fn invalid(message: impl Into<String>) -> anyhow::Error {
    InputError(message.into()).into()
}

/// Prints `error` with its causes to stderr and picks the exit code.
pub fn report(error: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(error) {
        return ExitCode::SUCCESS;
    }
    eprintln!("error: {}", term_safe(&error.to_string()));
    for cause in error.chain().skip(1) {
        eprintln!("  caused by: {}", term_safe(&cause.to_string()));
    }
    if error.chain().any(|cause| cause.is::<InputError>()) {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Text for a terminal: every control character but line feed and tab, and every bidirectional
/// override or isolate (`miler_core::text::is_unsafe`), is written as a visible escape such as
/// `\u{1b}`. Names and notes come from files and other programs; printed raw, an escape
/// sequence in one could clear the screen or rewrite what the table shows. JSON output needs
/// none of this: serde_json escapes control characters itself.
pub fn term_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_here = |c: char| c != '\n' && c != '\t' && miler_core::text::is_unsafe(c);
    if !text.chars().any(unsafe_here) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_here(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Writes `value` as pretty JSON, or `human` as text (through [`term_safe`]), to stdout.
pub fn emit<T: Serialize>(
    json: bool,
    value: &T,
    human: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    if json {
        // Serialize first: serde_json hides an io::Error inside its own error, which would
        // hide a closed pipe from `report`.
        let mut text = serde_json::to_vec_pretty(value)?;
        text.push(b'\n');
        out.write_all(&text)?;
    } else {
        out.write_all(term_safe(&human()).as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

/// Rounds for JSON so documents read cleanly (`89.48`, not `89.47750000000001`).
pub fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_shows_control_characters_as_escapes() {
        assert_eq!(
            term_safe("Morning run\n\tlap 1\n"),
            "Morning run\n\tlap 1\n"
        );
        // "Clear screen" and a carriage return that would overwrite the line.
        assert_eq!(term_safe("\u{1b}[2JRun\rX"), "\\u{1b}[2JRun\\u{d}X");
        // NUL, a C1 control and a right-to-left override.
        assert_eq!(
            term_safe("a\0b\u{9b}c\u{202e}d"),
            "a\\u{0}b\\u{9b}c\\u{202e}d"
        );
    }
}
