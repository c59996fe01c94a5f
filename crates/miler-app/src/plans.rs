//! A plan against what the runner did: which planned sessions were run (marked, or an
//! activity recorded on the day), how each hard session went by the compliance check, and the
//! re-plan that follows from it.
//!
//! The rules of adaptation are `miler_plan::adapt`'s; this module only gathers its
//! [`Log`] from the store:
//!
//! - a session marked `done` or `skipped` is what the mark says;
//! - an unmarked session is done when a running activity (a walk too, for a walk-run
//!   session) starts on its day in the runner's time zone;
//! - a done hard session with an activity (the mark's, else the day's) is checked against its
//!   own workout, resolved with the plan's paces: [`Compliance::targets_hit`] is whether it
//!   counts as hit;
//! - a time trial run with an activity is a new result: its timed rep, as the check measured
//!   it, moves the paces;
//! - results the runner gives besides (a race, a trial outside the plan) are added as they are.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use miler_activity::Sport;
use miler_activity::compliance::{self, Compliance};
use miler_core::Performance;
use miler_plan::adapt::{Log, NewResult, Outcome};
use miler_plan::{Plan, Session, SessionKind};
use miler_store::{
    ActivityId, ActivitySummary, AthleteId, SessionMark, SessionStatus, Store, StoredPlan,
};
use miler_workout::{check, resolve, text};
use serde_json::Value;

mod new;

pub use new::{
    CreateError, Created, Field, InputError, Naming, NewPlanInput, create, parse_weekly, request,
};

/// Why a plan use case could not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] miler_store::Error),
    /// The stored plan does not read as a plan of this version.
    #[error("plan {0} is stored in a form this version of miler can't read")]
    Unreadable(i64),
    #[error(transparent)]
    Plan(#[from] miler_plan::PlanError),
}

/// One planned session held against the activity that did it.
#[derive(Debug, Clone)]
pub struct SessionCheck {
    pub session_key: String,
    pub activity: ActivityId,
    pub compliance: Compliance,
}

/// What [`adapt`] did.
#[derive(Debug, Clone)]
pub struct Adaptation {
    /// The stored plan's new revision; `None` when nothing changed and nothing was stored.
    pub revision: Option<u32>,
    /// The plan as it now stands.
    pub plan: Plan,
    /// One line per change, for the runner.
    pub changes: Vec<String>,
    /// Sessions counted as done from an activity on their day rather than a mark.
    pub matched: Vec<(String, ActivityId)>,
    /// The hard sessions checked against their activities.
    pub checks: Vec<SessionCheck>,
    /// Results the re-plan used: time trials run in the plan, then the ones given.
    pub results: Vec<NewResult>,
}

/// The plan a stored plan holds.
pub fn read(stored: &StoredPlan) -> Result<Plan, Error> {
    serde_json::from_str(&stored.plan_json).map_err(|_| Error::Unreadable(stored.id.0))
}

/// The plan as one JSON document, as `miler plan show --json` prints it and the API returns
/// it: the plan's own fields (feasibility, weeks of sessions, race, ...) with the stored
/// plan's `id`, `revision`, `title` and `active` beside them, and each session's `status`
/// from the marks (`done`, `skipped` or null). With `week`, only that week is in `weeks`.
pub fn document(
    stored: &StoredPlan,
    plan: &Plan,
    marks: &[SessionMark],
    week: Option<u32>,
) -> Value {
    let mut doc = serde_json::to_value(plan).expect("a plan serializes");
    if let Some(Value::Array(weeks)) = doc.get_mut("weeks") {
        if let Some(n) = week {
            weeks.retain(|w| w["number"] == n);
        }
        for session in weeks
            .iter_mut()
            .filter_map(|w| w.get_mut("sessions").and_then(Value::as_array_mut))
            .flatten()
        {
            let status = marks
                .iter()
                .find(|m| session["key"] == m.session_key.as_str())
                .map(|m| m.status.as_str());
            session["status"] = status.into();
        }
    }
    if let Some(object) = doc.as_object_mut() {
        object.insert("id".into(), stored.id.0.into());
        object.insert("revision".into(), stored.revision.into());
        object.insert("title".into(), stored.title.clone().into());
        object.insert("active".into(), stored.active.into());
    }
    doc
}

/// The prescription a session's activity is held against: its workout resolved with the
/// plan's paces. `None` for sessions no watch records (strength, stretching).
pub fn prescription(plan: &Plan, session: &Session) -> Option<compliance::Prescription> {
    if !session.kind.is_running() {
        return None;
    }
    let workout = text::parse(&session.text).into_result().ok()?;
    let resolved = resolve::resolve(&workout, &plan.athlete_paces()).ok()?;
    Some(check::prescription(&resolved.steps))
}

/// The day an activity started on, in `tz`.
fn local_date(start: Option<Timestamp>, tz: &TimeZone) -> Option<Date> {
    start.map(|t| Zoned::new(t, tz.clone()).date())
}

/// Whether an activity of `sport` can be the session.
fn counts_for(session: &Session, sport: &Sport) -> bool {
    sport.is_running() || (session.workout_id == "walk-run" && *sport == Sport::Walking)
}

/// Everything the runner did against `plan` before `today`, as adaptation reads it, with the
/// sessions matched to activities and the hard sessions checked.
pub async fn log(
    store: &Store,
    athlete: AthleteId,
    plan: &Plan,
    marks: &[SessionMark],
    today: Date,
    tz: &TimeZone,
) -> Result<(Log, Vec<(String, ActivityId)>, Vec<SessionCheck>), Error> {
    let marked: HashMap<&str, &SessionMark> =
        marks.iter().map(|m| (m.session_key.as_str(), m)).collect();
    let activities = store.list_activities(athlete).await?;
    let mut by_day: HashMap<Date, Vec<&ActivitySummary>> = HashMap::new();
    for a in &activities {
        if let Some(day) = local_date(a.start_time, tz) {
            by_day.entry(day).or_default().push(a);
        }
    }
    let mut log = Log::default();
    let mut matched = Vec::new();
    let mut checks = Vec::new();
    for session in plan.sessions().filter(|s| s.date < today) {
        let on_the_day = || {
            by_day.get(&session.date).and_then(|list| {
                list.iter()
                    .filter(|a| counts_for(session, &Sport::from_name(&a.sport)))
                    // The longest run of the day is the session.
                    .max_by(|a, b| a.elapsed.secs().total_cmp(&b.elapsed.secs()))
                    .map(|a| a.id)
            })
        };
        let (done, activity) = match marked.get(session.key.as_str()) {
            Some(mark) if mark.status == SessionStatus::Skipped => (false, None),
            Some(mark) => (
                true,
                mark.activity
                    .or_else(|| session.kind.is_running().then(on_the_day).flatten()),
            ),
            None if session.kind.is_running() => match on_the_day() {
                Some(id) => {
                    matched.push((session.key.clone(), id));
                    (true, Some(id))
                }
                None => (false, None),
            },
            // Strength and stretching leave no activity: unmarked, they are not known.
            None => continue,
        };
        let mut targets_hit = None;
        if done
            && (session.hard || session.kind == SessionKind::TimeTrial)
            && let Some(id) = activity
            && let Some(prescription) = prescription(plan, session)
            && let Some(stored) = store.load_activity(athlete, id).await?
        {
            let compliance = compliance::check(&stored.activity, &prescription);
            targets_hit = compliance.targets_hit();
            if session.kind == SessionKind::TimeTrial
                && let Some(result) = trial_result(&compliance)
            {
                log.results.push(NewResult {
                    date: session.date,
                    result,
                });
            }
            checks.push(SessionCheck {
                session_key: session.key.clone(),
                activity: id,
                compliance,
            });
        }
        log.outcomes.push(Outcome {
            session_key: session.key.clone(),
            done,
            targets_hit,
        });
    }
    Ok((log, matched, checks))
}

/// A time trial's result: its longest timed rep as run (a rep cut short is no result).
fn trial_result(compliance: &Compliance) -> Option<Performance> {
    compliance
        .reps
        .iter()
        .filter(|r| r.verdict != compliance::Verdict::Short)
        .filter_map(|r| Some((r.prescribed.distance?, r.actual_time?)))
        .max_by(|a, b| a.0.metres().total_cmp(&b.0.metres()))
        .and_then(|(distance, time)| Performance::new(distance, time))
}

/// Re-plans `stored` from what was done before `today` and the `results` given, and stores
/// the new revision with its changes (nothing is stored when nothing changed).
pub async fn adapt(
    store: &Store,
    athlete: AthleteId,
    stored: &StoredPlan,
    today: Date,
    tz: &TimeZone,
    results: &[NewResult],
    now: Timestamp,
) -> Result<Adaptation, Error> {
    let plan = read(stored)?;
    let marks = store.session_marks(athlete, stored.id).await?;
    let (mut log, matched, checks) = log(store, athlete, &plan, &marks, today, tz).await?;
    log.results.extend_from_slice(results);
    let adapted = miler_plan::adapt::adapt(&plan, &log, today)?;
    let revision = if adapted.plan != plan {
        let json = serde_json::to_string(&adapted.plan).expect("a plan serializes");
        Some(
            store
                .revise_plan(athlete, stored.id, &json, &adapted.changes, now)
                .await?,
        )
    } else {
        None
    };
    Ok(Adaptation {
        revision,
        plan: adapted.plan,
        changes: adapted.changes,
        matched,
        checks,
        results: log.results,
    })
}
