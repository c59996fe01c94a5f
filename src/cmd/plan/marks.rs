//! `miler plan mark` and `unmark`: what became of a planned session, recorded by its date.
//!
//! A runner thinks of a session by its day ("I did Tuesday's run"), so the date picks the
//! session. Some days hold two (an easy run and strength); then the running session is
//! meant, since that is what a runner marks most, and `--workout` picks another. A day with
//! two sessions of which none or both are running is ambiguous, and the message lists them.

use jiff::Timestamp;
use jiff::civil::Date;
use miler_plan::{Plan, Session};
use miler_store::{ActivityId, SessionMark, SessionStatus};
use serde::Serialize;

use super::{ATHLETE, PlanArg, load, parse_date};
use crate::cli::{emit, invalid};
use crate::db;

#[derive(Debug, clap::Args)]
pub struct MarkArgs {
    /// The session's day, YYYY-MM-DD.
    date: String,
    /// What became of it.
    #[arg(value_enum)]
    status: StatusArg,
    /// Which session of the day, by workout id, when the day has several.
    #[arg(long, value_name = "ID")]
    workout: Option<String>,
    /// The imported activity that did the session (see `miler activities`).
    #[arg(long, value_name = "ID")]
    activity: Option<i64>,
    /// A few words on how it went.
    #[arg(long)]
    note: Option<String>,
    #[command(flatten)]
    plan: PlanArg,
}

#[derive(Debug, clap::Args)]
pub struct UnmarkArgs {
    /// The session's day, YYYY-MM-DD.
    date: String,
    /// Which session of the day, by workout id, when the day has several.
    #[arg(long, value_name = "ID")]
    workout: Option<String>,
    #[command(flatten)]
    plan: PlanArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum StatusArg {
    Done,
    Skipped,
}

#[derive(Serialize)]
struct MarkView {
    plan: i64,
    date: Date,
    session_key: String,
    workout_id: String,
    title: String,
    /// `done` or `skipped`; null after `unmark`.
    status: Option<&'static str>,
    activity: Option<i64>,
    note: Option<String>,
    /// For `unmark`: whether there was a mark to remove.
    #[serde(skip_serializing_if = "Option::is_none")]
    removed: Option<bool>,
}

pub fn mark(args: &MarkArgs, json: bool, db: Option<&str>) -> anyhow::Result<()> {
    let date = parse_date("the date", &args.date)?;
    let status = match args.status {
        StatusArg::Done => SessionStatus::Done,
        StatusArg::Skipped => SessionStatus::Skipped,
    };
    let note = args
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let view = db::block_on(async {
        let store = db::open(db).await?;
        let loaded = load(&store, args.plan).await?;
        let session = pick(&loaded.plan, date, args.workout.as_deref())?;
        let mark = SessionMark {
            date,
            session_key: session.key.clone(),
            status,
            activity: args.activity.map(ActivityId),
            note: note.map(str::to_owned),
            marked_at: Timestamp::now(),
        };
        store
            .mark_session(ATHLETE, loaded.stored.id, &mark)
            .await
            .map_err(|e| match e {
                miler_store::Error::NoSuchActivity(id) => invalid(format!(
                    "--activity {id}: there is no activity {id}; `miler activities` lists them"
                )),
                e => e.into(),
            })?;
        store.close().await;
        anyhow::Ok(MarkView {
            plan: loaded.stored.id.0,
            date,
            session_key: session.key.clone(),
            workout_id: session.workout_id.clone(),
            title: session.title.clone(),
            status: Some(status.as_str()),
            activity: args.activity,
            note: mark.note,
            removed: None,
        })
    })??;
    emit(json, &view, || {
        format!(
            "{} {}: {}{}.\n",
            view.date,
            view.title,
            status,
            view.activity
                .map(|a| format!(" (activity {a})"))
                .unwrap_or_default()
        )
    })
}

pub fn unmark(args: &UnmarkArgs, json: bool, db: Option<&str>) -> anyhow::Result<()> {
    let date = parse_date("the date", &args.date)?;
    let view = db::block_on(async {
        let store = db::open(db).await?;
        let loaded = load(&store, args.plan).await?;
        let session = pick(&loaded.plan, date, args.workout.as_deref())?;
        let removed = store
            .unmark_session(ATHLETE, loaded.stored.id, &session.key)
            .await?;
        store.close().await;
        anyhow::Ok(MarkView {
            plan: loaded.stored.id.0,
            date,
            session_key: session.key.clone(),
            workout_id: session.workout_id.clone(),
            title: session.title.clone(),
            status: None,
            activity: None,
            note: None,
            removed: Some(removed),
        })
    })??;
    emit(json, &view, || {
        if view.removed == Some(true) {
            format!("{} {}: mark removed.\n", view.date, view.title)
        } else {
            format!("{} {}: was not marked.\n", view.date, view.title)
        }
    })
}

/// The session on `date` the runner means: the one with `workout`, else the day's only
/// running session, else the day's only session.
fn pick<'p>(plan: &'p Plan, date: Date, workout: Option<&str>) -> anyhow::Result<&'p Session> {
    let on_day: Vec<&Session> = plan.sessions().filter(|s| s.date == date).collect();
    if on_day.is_empty() {
        let before = plan.sessions().filter(|s| s.date < date).last();
        let after = plan.sessions().find(|s| s.date > date);
        let nearest = match (before, after) {
            (Some(b), Some(a)) => format!("the nearest are on {} and {}", b.date, a.date),
            (Some(b), None) => format!("the plan ends on {}", b.date),
            (None, Some(a)) => format!("the plan starts on {}", a.date),
            (None, None) => "the plan has no sessions".to_owned(),
        };
        return Err(invalid(format!(
            "{date}: the plan has no session that day; {nearest} (`miler plan show` lists them)"
        )));
    }
    let listing = || {
        on_day
            .iter()
            .map(|s| format!("{} ({})", s.workout_id, s.title))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(id) = workout {
        return on_day
            .iter()
            .find(|s| s.workout_id == id)
            .copied()
            .ok_or_else(|| {
                invalid(format!(
                    "--workout {id}: {date} has no such session; it has {}",
                    listing()
                ))
            });
    }
    let running: Vec<&Session> = on_day
        .iter()
        .filter(|s| s.kind.is_running())
        .copied()
        .collect();
    match (running.as_slice(), on_day.as_slice()) {
        ([one], _) | ([], [one]) => Ok(one),
        _ => Err(invalid(format!(
            "{date} has {} sessions: {}; say which with --workout ID",
            on_day.len(),
            listing()
        ))),
    }
}
