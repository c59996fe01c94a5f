//! `miler best-efforts`: the fastest 400 m, 800 m, ... 10 km in everything imported, over all
//! time and per year or month.

use std::fmt::Write as _;

use miler_store::{AthleteId, BestEffortRecord, Period};
use serde::Serialize;

use crate::cli::{emit, round};
use crate::db;

/// Your fastest efforts at the standard distances, from every imported run.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler best-efforts                 all-time bests
  miler best-efforts --by year       the best of each year too
  miler best-efforts --by month --json")]
pub struct Args {
    /// Also list the best of each year or month (UTC).
    #[arg(long, value_enum)]
    by: Option<By>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum By {
    Year,
    Month,
}

#[derive(Serialize)]
struct EffortView {
    name: String,
    distance_m: f64,
    time_s: f64,
    activity_id: i64,
    start_time: Option<String>,
}

impl From<&BestEffortRecord> for EffortView {
    fn from(b: &BestEffortRecord) -> EffortView {
        EffortView {
            name: b.name.clone(),
            distance_m: b.distance.metres(),
            time_s: round(b.time.secs(), 2),
            activity_id: b.activity.0,
            start_time: b.start_time.map(|t| t.to_string()),
        }
    }
}

#[derive(Serialize)]
struct PeriodView {
    period: String,
    efforts: Vec<EffortView>,
}

#[derive(Serialize)]
struct View {
    all_time: Vec<EffortView>,
    periods: Vec<PeriodView>,
}

pub fn run(args: &Args, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let period = args.by.map(|b| match b {
        By::Year => Period::Year,
        By::Month => Period::Month,
    });
    let (all_time, by_period) = db::block_on(async {
        let store = db::open(db_flag).await?;
        let all_time = store.best_efforts(AthleteId::DEFAULT, None).await?;
        let by_period = match period {
            Some(p) => store.best_efforts(AthleteId::DEFAULT, Some(p)).await?,
            None => Vec::new(),
        };
        store.close().await;
        anyhow::Ok((all_time, by_period))
    })??;
    let mut periods: Vec<PeriodView> = Vec::new();
    for record in &by_period {
        match periods.last_mut() {
            Some(p) if p.period == record.period => p.efforts.push(record.into()),
            _ => periods.push(PeriodView {
                period: record.period.clone(),
                efforts: vec![record.into()],
            }),
        }
    }
    let view = View {
        all_time: all_time.iter().map(EffortView::from).collect(),
        periods,
    };
    emit(json, &view, || human(&view))
}

fn clock(seconds: f64) -> String {
    miler_core::Duration::from_secs(seconds).map_or_else(|| "-".into(), |d| d.display_fixed(1))
}

fn table(out: &mut String, efforts: &[EffortView]) {
    for e in efforts {
        let date = e
            .start_time
            .as_deref()
            .map_or("", |t| t.get(..10).unwrap_or(t));
        let _ = writeln!(
            out,
            "  {:<6} {:>9}   activity {:<5} {date}",
            e.name,
            clock(e.time_s),
            e.activity_id
        );
    }
}

fn human(view: &View) -> String {
    if view.all_time.is_empty() {
        return "No best efforts yet: import runs with `miler import FILE...`.\n".to_owned();
    }
    let mut out = String::from("All-time best efforts\n");
    table(&mut out, &view.all_time);
    for p in &view.periods {
        let _ = writeln!(out, "\n{}", p.period);
        table(&mut out, &p.efforts);
    }
    out
}
