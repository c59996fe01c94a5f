//! The `miler` binary: the command line over miler's libraries.
//!
//! Each subcommand lives in its own module under [`cmd`] with a clap `Args` struct and a
//! `run` function. Subcommands print a human table by default and one JSON document with
//! `--json`. Errors go to stderr with their whole cause chain; the exit code is 2 for bad
//! usage or input ([`cli::InputError`]) and 1 for anything else. A closed pipe
//! (`miler predict 5k=20:00 | head -1`) is not an error.

mod cli;
mod clock;
mod cmd;
mod db;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => cli::report(&error),
    }
}
