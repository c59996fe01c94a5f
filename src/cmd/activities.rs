//! `miler activities`: what has been imported, newest first.

use std::fmt::Write as _;

use miler_store::{ActivitySummary, AthleteId};
use serde::Serialize;

use crate::cli::{emit, round};
use crate::db;

/// List imported activities, newest first.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler activities
  miler activities --json | jq '.[0].id'")]
pub struct Args {}

#[derive(Serialize)]
pub struct ActivityRow {
    pub id: i64,
    pub start_time: Option<String>,
    pub sport: String,
    pub name: Option<String>,
    pub distance_m: f64,
    pub elapsed_s: f64,
    pub moving_s: f64,
    pub source: String,
}

impl From<&ActivitySummary> for ActivityRow {
    fn from(a: &ActivitySummary) -> ActivityRow {
        ActivityRow {
            id: a.id.0,
            start_time: a.start_time.map(|t| t.to_string()),
            sport: a.sport.clone(),
            name: a.name.clone(),
            distance_m: round(a.distance.metres(), 2),
            elapsed_s: round(a.elapsed.secs(), 3),
            moving_s: round(a.moving.secs(), 3),
            source: a.source_name.clone(),
        }
    }
}

pub fn run(_args: &Args, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let list = db::block_on(async {
        let store = db::open(db_flag).await?;
        let list = store.list_activities(AthleteId::DEFAULT).await?;
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
        out
    })
}
