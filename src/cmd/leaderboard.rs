//! `miler leaderboard`: the athletes of the database ranked at one event, by time or age
//! grade, with the same filters and the same ranking as the web app's leaderboards
//! (`miler_web::leaderboards`). A challenge's board is its event's: `--event backwards-mile`.

use std::fmt::Write as _;

use miler_web::leaderboards::{self, LeaderboardInput};

use crate::cli::{emit, invalid};
use crate::db;

/// Rank the athletes of this database at an event: the best result of each.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler leaderboard                                  the mile, by time, all time
  miler leaderboard --event mile --by age-grade --period year
  miler leaderboard --event 5k --sex F --age-group 45-49
  miler leaderboard --event backwards-mile           the backwards-mile challenge
  miler leaderboard --limit 10                       the top ten

Age groups: open (under 35), 35-39, 40-44, ... 95-99, 100+. Weight classes: clydesdale
(men, 90.7 kg and over), athena (women, 68 kg and over). Periods: all, year (this calendar
year), 30d (today and the 30 days before).")]
pub struct Args {
    /// The event: 400m, 800m, 1500m, mile, road-mile, backwards-mile, 3000m, 5k, 10k.
    #[arg(long, default_value = "mile")]
    event: String,
    /// Rank by time or by age grade (age-grade); events without a table rank by time.
    #[arg(long, value_name = "time|age-grade", default_value = "time")]
    by: String,
    /// Only men (M) or women (F).
    #[arg(long, value_name = "M|F")]
    sex: Option<String>,
    /// Only one age group: open, 35-39, 40-44, ...
    #[arg(long, value_name = "GROUP")]
    age_group: Option<String>,
    /// Only one weight class: clydesdale or athena.
    #[arg(long, value_name = "CLASS")]
    weight_class: Option<String>,
    /// all, year or 30d.
    #[arg(long, default_value = "all")]
    period: String,
    /// Show only the first N places [default: every athlete ranked].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    limit: Option<u64>,
}

fn flag(field: &str) -> &'static str {
    match field {
        "event" => "--event",
        "by" => "--by",
        "sex" => "--sex",
        "age_group" => "--age-group",
        "weight_class" => "--weight-class",
        "period" => "--period",
        _ => "the input",
    }
}

pub fn run(args: &Args, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let input = LeaderboardInput {
        event: Some(args.event.clone()),
        by: Some(args.by.clone()),
        sex: args.sex.clone(),
        age_group: args.age_group.clone(),
        weight_class: args.weight_class.clone(),
        period: Some(args.period.clone()),
    };
    let filters = input.read().map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", flag(e.field), e.message))
            .collect();
        invalid(lines.join("\n"))
    })?;
    let today = crate::clock::today()?;
    let limit = args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let view = db::block_on(async {
        let store = db::open(db_flag).await?;
        // Locally whoever runs miler sees every athlete of the database.
        let athletes = store.athletes().await?;
        let view = leaderboards::leaderboard_top(&store, &athletes, &filters, today, limit)
            .await
            .map_err(anyhow::Error::new)?;
        store.close().await;
        anyhow::Ok(view)
    })??;
    emit(json, &view, || {
        let mut out = format!(
            "{} leaderboard, ranked by {}\n",
            view.event_name,
            view.ranked_by.replace('-', " ")
        );
        for note in &view.notes {
            let _ = writeln!(out, "{note}");
        }
        if view.entries.items.is_empty() {
            out.push_str("No results fit: log some with `miler result add`.\n");
            return out;
        }
        for e in &view.entries.items {
            let time = miler_core::Duration::from_secs(e.result.time_s)
                .map_or_else(|| "-".into(), |d| d.display_fixed(1));
            let grade = e
                .result
                .age_grade
                .as_ref()
                .map_or_else(|| "-".to_owned(), |g| format!("{:.2} %", g.age_grade_pct));
            let _ = writeln!(
                out,
                "{:>3}. {:<20} {:>9} {:>10}  {}",
                e.rank, e.athlete, time, grade, e.result.date
            );
        }
        out.extend(super::shown(view.entries.items.len(), view.entries.total));
        out
    })
}
