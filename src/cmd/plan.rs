//! `miler plan`: a training plan to race day — made from what the runner can do now and the
//! mile they want, kept in the database as their active plan, marked session by session as
//! they train, and exported to a calendar and a watch.
//!
//! The plan itself is built by `miler-plan`; this module reads the command line into a
//! [`miler_plan::Request`], stores and loads plans through `miler-store`, and prints them.
//! Each subcommand is a function here or in a submodule (`new`, `marks`, `adapt`, `export`).

mod adapt;
mod export;
mod marks;
mod new;

use std::fmt::Write as _;

use anyhow::Context as _;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use miler_plan::Plan;
use miler_store::{AthleteId, PlanId, SessionMark, Store, StoredPlan};
use serde::Serialize;
use serde_json::Value;

use crate::cli::{emit, invalid};
use crate::db;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Make a plan from your fitness and goal to race day, and follow it from now on.
    #[command(after_help = "Examples:
  miler plan new --goal-mile 6:00 --race-date 2027-04-18 --from 5k=24:00 \\
      --days mon,wed,thu,sat,sun --long-run sun
  miler plan new --goal 1600m=7:00 --weeks 8 --from none     a first test, from walking
  miler plan new --as-fast-as-possible --weeks 12 --from mile=6:30 --weekly 3h --track none")]
    New(Box<new::Args>),
    /// Show your plan, or one week of it, with what you have marked.
    #[command(
        after_help = "Examples:\n  miler plan show\n  miler plan show --week 3\n  miler plan show --json"
    )]
    Show(ShowArgs),
    /// Record that you did (or skipped) the session on a day.
    #[command(after_help = "Examples:
  miler plan mark 2026-12-02 done
  miler plan mark 2026-12-02 done --activity 14 --note \"windy\"
  miler plan mark 2026-12-03 skipped --workout strength-bodyweight")]
    Mark(marks::MarkArgs),
    /// Remove what you recorded for the session on a day.
    #[command(after_help = "Examples:\n  miler plan unmark 2026-12-02")]
    Unmark(marks::UnmarkArgs),
    /// List your plans, newest first; `*` marks the one you follow.
    List,
    /// The revisions of a plan, each with what changed.
    History(PlanArg),
    /// Re-plan the weeks ahead from what you did: sessions marked or run (activities on
    /// their days), how the hard ones went, time trials and the results you give.
    #[command(after_help = "Examples:
  miler plan adapt
  miler plan adapt --result mile=6:41          a race or time trial outside the plan
  miler plan adapt --today 2027-01-10 --json")]
    Adapt(adapt::Args),
    /// Write the plan for your calendar (iCalendar) and your watch (FIT workouts).
    #[command(after_help = "Examples:
  miler plan export --ics plan.ics
  miler plan export --fit-dir workouts/ --zip workouts.zip")]
    Export(export::Args),
}

/// Which stored plan a command works on.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct PlanArg {
    /// The plan's id (see `miler plan list`) [default: the plan you follow].
    #[arg(long = "plan", value_name = "ID")]
    id: Option<i64>,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Show only this week (1 is the first).
    #[arg(long, value_name = "N")]
    week: Option<u32>,
    #[command(flatten)]
    plan: PlanArg,
}

pub fn run(command: &Command, json: bool, db: Option<&str>) -> anyhow::Result<()> {
    match command {
        Command::New(args) => new::run(args, json, db),
        Command::Show(args) => show(args, json, db),
        Command::Mark(args) => marks::mark(args, json, db),
        Command::Unmark(args) => marks::unmark(args, json, db),
        Command::List => list(json, db),
        Command::History(args) => history(*args, json, db),
        Command::Adapt(args) => adapt::run(args, json, db),
        Command::Export(args) => export::run(args, json, db),
    }
}

/// Every plan command works for the local database's athlete.
const ATHLETE: AthleteId = AthleteId::DEFAULT;

/// A stored plan and the plan its current revision holds.
struct Loaded {
    stored: StoredPlan,
    plan: Plan,
}

/// The plan `--plan ID` names, or the athlete's active plan.
async fn load(store: &Store, which: PlanArg) -> anyhow::Result<Loaded> {
    let stored = match which.id {
        Some(id) => store.plan(ATHLETE, PlanId(id)).await?.ok_or_else(|| {
            invalid(format!(
                "--plan {id}: there is no plan {id}; `miler plan list` shows your plans"
            ))
        })?,
        None => store.active_plan(ATHLETE).await?.ok_or_else(|| {
            invalid(
                "you have no active plan: make one with `miler plan new` (see `miler plan new --help`)",
            )
        })?,
    };
    let plan = serde_json::from_str(&stored.plan_json).with_context(|| {
        format!(
            "plan {} is stored in a form this version of miler can't read",
            stored.id.0
        )
    })?;
    Ok(Loaded { stored, plan })
}

/// The plan as one JSON document (`miler_app::plans::document`, which the API returns too).
fn document(
    stored: &StoredPlan,
    plan: &Plan,
    marks: &[SessionMark],
    week: Option<u32>,
) -> anyhow::Result<Value> {
    Ok(miler_app::plans::document(stored, plan, marks, week))
}

/// The plan for people: which plan it is, the plan's Markdown, and what has been marked.
fn human(stored: &StoredPlan, plan: &Plan, marks: &[SessionMark], week: Option<u32>) -> String {
    let mut out = format!(
        "Plan {}: {} (revision {}{})\n\n",
        stored.id.0,
        stored.title,
        stored.revision,
        if stored.active {
            ", the plan you follow"
        } else {
            ""
        }
    );
    out.push_str(&miler_plan::render::markdown(plan, week));
    let shown: Vec<&SessionMark> = marks
        .iter()
        .filter(|m| week.is_none() || plan.week_of(m.date).map(|w| w.number) == week)
        .collect();
    if !shown.is_empty() {
        out.push_str("\n## Marked\n\n");
        for mark in shown {
            let title = plan
                .sessions()
                .find(|s| s.key == mark.session_key)
                .map_or(mark.session_key.as_str(), |s| s.title.as_str());
            let _ = write!(out, "- {} {title}: {}", mark.date, mark.status);
            if let Some(activity) = mark.activity {
                let _ = write!(out, " (activity {})", activity.0);
            }
            if let Some(note) = &mark.note {
                let _ = write!(out, " — {note}");
            }
            out.push('\n');
        }
    }
    out
}

/// The week `--week N` asks for, checked against the plan.
fn check_week(plan: &Plan, week: Option<u32>) -> anyhow::Result<()> {
    match week {
        Some(n) if plan.week(n).is_none() => Err(invalid(format!(
            "--week {n}: this plan has weeks 1 to {}; give one of those",
            plan.weeks.len()
        ))),
        _ => Ok(()),
    }
}

fn show(args: &ShowArgs, json: bool, db: Option<&str>) -> anyhow::Result<()> {
    let (loaded, marks) = db::block_on(async {
        let store = db::open(db).await?;
        let loaded = load(&store, args.plan).await?;
        let marks = store.session_marks(ATHLETE, loaded.stored.id).await?;
        store.close().await;
        anyhow::Ok((loaded, marks))
    })??;
    check_week(&loaded.plan, args.week)?;
    let doc = document(&loaded.stored, &loaded.plan, &marks, args.week)?;
    emit(json, &doc, || {
        human(&loaded.stored, &loaded.plan, &marks, args.week)
    })
}

#[derive(Serialize)]
struct ListRow {
    id: i64,
    title: String,
    revision: u32,
    active: bool,
    created_at: String,
    updated_at: String,
}

fn list(json: bool, db: Option<&str>) -> anyhow::Result<()> {
    let plans = db::block_on(async {
        let store = db::open(db).await?;
        let plans = store.plans(ATHLETE).await?;
        store.close().await;
        anyhow::Ok(plans)
    })??;
    let rows: Vec<ListRow> = plans
        .iter()
        .map(|p| ListRow {
            id: p.id.0,
            title: p.title.clone(),
            revision: p.revision,
            active: p.active,
            created_at: p.created_at.to_string(),
            updated_at: p.updated_at.to_string(),
        })
        .collect();
    emit(json, &rows, || {
        if plans.is_empty() {
            return "No plans yet: make one with `miler plan new`.\n".to_owned();
        }
        let mut out = format!(
            "  {:>4}  {:<16}  {:>8}  title\n",
            "id", "created", "revision"
        );
        for p in &plans {
            let _ = writeln!(
                out,
                "{} {:>4}  {:<16}  {:>8}  {}",
                if p.active { "*" } else { " " },
                p.id.0,
                local_time(p.created_at),
                p.revision,
                p.title
            );
        }
        out
    })
}

#[derive(Serialize)]
struct RevisionRow {
    revision: u32,
    created_at: String,
    changes: Vec<String>,
}

#[derive(Serialize)]
struct HistoryView {
    id: i64,
    title: String,
    revisions: Vec<RevisionRow>,
}

fn history(which: PlanArg, json: bool, db: Option<&str>) -> anyhow::Result<()> {
    let (loaded, revisions) = db::block_on(async {
        let store = db::open(db).await?;
        let loaded = load(&store, which).await?;
        let revisions = store.plan_revisions(ATHLETE, loaded.stored.id).await?;
        store.close().await;
        anyhow::Ok((loaded, revisions))
    })??;
    let view = HistoryView {
        id: loaded.stored.id.0,
        title: loaded.stored.title.clone(),
        revisions: revisions
            .iter()
            .map(|r| RevisionRow {
                revision: r.revision,
                created_at: r.created_at.to_string(),
                changes: r.changes.clone(),
            })
            .collect(),
    };
    emit(json, &view, || {
        let mut out = format!("Plan {}: {}\n", view.id, view.title);
        for (row, r) in view.revisions.iter().zip(&revisions) {
            let _ = writeln!(
                out,
                "\nRevision {}, {}",
                row.revision,
                local_time(r.created_at)
            );
            for change in &row.changes {
                let _ = writeln!(out, "  - {change}");
            }
        }
        out
    })
}

/// A moment as the runner's clock showed it, to the minute.
fn local_time(t: jiff::Timestamp) -> String {
    t.to_zoned(TimeZone::system())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// A date given on the command line as `flag`.
fn parse_date(flag: &str, text: &str) -> anyhow::Result<Date> {
    text.trim().parse().map_err(|_| {
        invalid(format!(
            "{flag} {text}: expected a date as YYYY-MM-DD, such as 2027-04-18"
        ))
    })
}
