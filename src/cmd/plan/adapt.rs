//! `miler plan adapt`: re-plan the weeks ahead from what was done. The gathering (marks,
//! activities on the session days, compliance of hard sessions, time trials as results) is
//! `miler_app::plans::adapt`; the rules are `miler_plan::adapt`'s. This prints what changed.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use miler_core::Performance;
use miler_plan::adapt::NewResult;
use serde::Serialize;
use serde_json::Value;

use super::{ATHLETE, PlanArg, document, load, parse_date};
use crate::cli::emit;
use crate::db;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A race or time trial you ran outside the plan, as DIST=TIME (mile=6:41, 5k=23:10),
    /// dated --today. May be given more than once.
    #[arg(long = "result", value_name = "DIST=TIME")]
    results: Vec<Performance>,
    /// The day to adapt on: sessions before it count as done or missed, and the re-plan
    /// starts the Monday after [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    #[command(flatten)]
    plan: PlanArg,
}

#[derive(Serialize)]
struct View {
    id: i64,
    /// The new revision, or null when nothing changed.
    revision: Option<u32>,
    changes: Vec<String>,
    /// Sessions counted as done because an activity was recorded on their day.
    matched: Vec<Matched>,
    /// Hard sessions checked against their activities.
    checks: Vec<Check>,
    /// The results the re-plan used.
    results: Vec<ResultView>,
    plan: Value,
}

#[derive(Serialize)]
struct Matched {
    session_key: String,
    activity: i64,
}

#[derive(Serialize)]
struct Check {
    session_key: String,
    activity: i64,
    verdict: String,
    targets_hit: Option<bool>,
}

#[derive(Serialize)]
struct ResultView {
    date: Date,
    result: String,
}

pub fn run(args: &Args, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let tz = TimeZone::system();
    let today = match &args.today {
        Some(text) => parse_date("--today", text)?,
        None => crate::clock::today()?,
    };
    let results: Vec<NewResult> = args
        .results
        .iter()
        .map(|&result| NewResult {
            date: today,
            result,
        })
        .collect();
    let (stored, adaptation, marks) = db::block_on(async {
        let store = db::open(db_flag).await?;
        let loaded = load(&store, args.plan).await?;
        let adaptation = miler_app::plans::adapt(
            &store,
            ATHLETE,
            &loaded.stored,
            today,
            &tz,
            &results,
            Timestamp::now(),
        )
        .await?;
        let stored = store
            .plan(ATHLETE, loaded.stored.id)
            .await?
            .unwrap_or(loaded.stored);
        let marks = store.session_marks(ATHLETE, stored.id).await?;
        store.close().await;
        anyhow::Ok((stored, adaptation, marks))
    })??;
    let view = View {
        id: stored.id.0,
        revision: adaptation.revision,
        changes: adaptation.changes.clone(),
        matched: adaptation
            .matched
            .iter()
            .map(|(key, id)| Matched {
                session_key: key.clone(),
                activity: id.0,
            })
            .collect(),
        checks: adaptation
            .checks
            .iter()
            .map(|c| Check {
                session_key: c.session_key.clone(),
                activity: c.activity.0,
                verdict: c.compliance.verdict_line.clone(),
                targets_hit: c.compliance.targets_hit(),
            })
            .collect(),
        results: adaptation
            .results
            .iter()
            .map(|r| ResultView {
                date: r.date,
                result: r.result.to_string(),
            })
            .collect(),
        plan: document(&stored, &adaptation.plan, &marks, None)?,
    };
    emit(json, &view, || human(&view))
}

fn human(view: &View) -> String {
    let mut out = match view.revision {
        Some(r) => format!("Plan {} adapted: revision {r}.\n", view.id),
        None => format!("Plan {}: nothing to change.\n", view.id),
    };
    for change in &view.changes {
        let _ = writeln!(out, "  - {change}");
    }
    if !view.checks.is_empty() {
        out.push_str("\nHard sessions against their activities:\n");
        for c in &view.checks {
            let hit = match c.targets_hit {
                Some(true) => "targets hit",
                Some(false) => "targets missed",
                None => "no targets",
            };
            let _ = writeln!(
                out,
                "  {} (activity {}): {} — {hit}",
                c.session_key, c.activity, c.verdict
            );
        }
    }
    if !view.matched.is_empty() {
        let _ = writeln!(
            out,
            "\n{} unmarked sessions counted as done from the activities on their days.",
            view.matched.len()
        );
    }
    if view.revision.is_some() {
        out.push_str(
            "`miler plan show` shows the weeks ahead; `miler plan history` every change.\n",
        );
    }
    out
}
