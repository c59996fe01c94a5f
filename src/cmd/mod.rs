//! One module per subcommand; [`run`] dispatches.

pub mod agegrade;
pub mod energy;
pub mod paces;
pub mod predict;

use clap::CommandFactory;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let json = cli.json;
    match cli.command {
        Some(Command::Predict(args)) => predict::run(&args, json),
        Some(Command::Paces(args)) => paces::run(&args, json),
        Some(Command::Agegrade(args)) => agegrade::run(&args, json),
        Some(Command::Energy(args)) => energy::run(&args, json),
        None => {
            Cli::command().print_help()?;
            Ok(())
        }
    }
}
