//! One module per subcommand; [`run`] dispatches.

pub mod activities;
pub mod activity;
pub mod agegrade;
pub mod best_efforts;
pub mod compliance;
pub mod energy;
pub mod import;
pub mod leaderboard;
pub mod paces;
pub mod plan;
pub mod predict;
pub mod result;
pub mod serve;
pub mod workout;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let json = cli.json;
    let db = cli.db.as_deref();
    match cli.command {
        Some(Command::Predict(args)) => predict::run(&args, json),
        Some(Command::Paces(args)) => paces::run(&args, json),
        Some(Command::Agegrade(args)) => agegrade::run(&args, json),
        Some(Command::Energy(args)) => energy::run(&args, json),
        Some(Command::Workout(command)) => workout::run(&command, json, db),
        Some(Command::Compliance(args)) => compliance::run(&args, json, db),
        Some(Command::Import(args)) => import::run(&args, json, db),
        Some(Command::Activities(args)) => activities::run(&args, json, db),
        Some(Command::Activity(args)) => activity::run(&args, json, db),
        Some(Command::BestEfforts(args)) => best_efforts::run(&args, json, db),
        Some(Command::Serve(args)) => serve::run(&args, db),
        Some(Command::Plan(command)) => plan::run(&command, json, db),
        Some(Command::Result(command)) => result::run(&command, json, db),
        Some(Command::Leaderboard(args)) => leaderboard::run(&args, json, db),
        None => serve::run_default(db),
    }
}
