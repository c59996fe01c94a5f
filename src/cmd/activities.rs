//! `miler activities`: what has been imported, newest first.
//!
//! Every activity by default, as `ls` lists every file: a terminal user pipes the list to
//! `grep` or `less`, and a script reading `--json` expects all of them. `--limit N` shows
//! the newest N. Either way the store is read a page at a time.

use std::fmt::Write as _;

use miler_store::{AthleteId, List, Page};

use crate::cli::emit;
use crate::db;

/// List imported activities, newest first.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler activities
  miler activities --limit 10
  miler activities --json | jq '.[0].id'")]
pub struct Args {
    /// Show only the newest N [default: all].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    limit: Option<u64>,
}

pub use miler_app::views::activity::ActivityRow;

pub fn run(args: &Args, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let limit = args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let (list, total) = db::block_on(async {
        let store = db::open(db_flag).await?;
        let list = super::rows(List::Activities, limit, async |page: &Page| {
            Ok(store.activities_page(AthleteId::DEFAULT, page).await?)
        })
        .await?;
        store.close().await;
        anyhow::Ok(list)
    })??;
    let rows: Vec<ActivityRow> = list.iter().map(ActivityRow::from).collect();
    emit(json, &rows, || {
        if rows.is_empty() {
            return "No activities yet: import some with `miler import FILE...`.\n".to_owned();
        }
        let mut out = format!(
            "{:>5}  {:<20}  {:<10}  {:>9}  {:>9}  {}\n",
            "id", "start (UTC)", "sport", "km", "time", "name"
        );
        for (row, a) in rows.iter().zip(&list) {
            let start = a
                .start_time
                .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|| "-".into());
            let _ = writeln!(
                out,
                "{:>5}  {:<20}  {:<10}  {:>9.2}  {:>9}  {}",
                row.id,
                start,
                row.sport,
                a.distance.km(),
                a.elapsed.display_fixed(0),
                row.name.as_deref().unwrap_or(&row.source)
            );
        }
        out.extend(super::shown(rows.len(), total));
        out
    })
}
