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

use miler_store::{List, MAX_LIMIT, Page, Paged};

use crate::cli::{Cli, Command};

/// A list's rows for the terminal: all of them, or the first `limit`, read from the store a
/// page of at most [`MAX_LIMIT`] at a time (so no query holds the whole list), with how
/// many the list has in all.
pub(crate) async fn rows<T>(
    list: List,
    limit: Option<usize>,
    mut fetch: impl AsyncFnMut(&Page) -> anyhow::Result<Paged<T>>,
) -> anyhow::Result<(Vec<T>, u64)> {
    let size = limit.map_or(MAX_LIMIT, |n| n.clamp(1, MAX_LIMIT as usize) as u32);
    let mut page = Page::first(list, size)?;
    let mut items = Vec::new();
    loop {
        let got = fetch(&page).await?;
        items.extend(got.items);
        if let Some(n) = limit
            && items.len() >= n
        {
            items.truncate(n);
            return Ok((items, got.total));
        }
        match got.next {
            Some(cursor) => page = page.next(&cursor)?,
            None => return Ok((items, got.total)),
        }
    }
}

/// The line under a list cut short by `--limit`: `Showing 50 of 5,000; ...`.
pub(crate) fn shown(shown: usize, total: u64) -> Option<String> {
    ((shown as u64) < total).then(|| {
        format!(
            "Showing {} of {}; give --limit with a larger number to see more.\n",
            miler_web::paging::thousands(shown as u64),
            miler_web::paging::thousands(total)
        )
    })
}

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
