//! The training plan in the web app: the new-plan form, the calendar of weeks, a session with
//! its splits card, marks, downloads (iCalendar, FIT), adaptation and the history — as pages
//! and under `/api/v1/athletes/{id}/plans`.
//!
//! Nothing here decides anything about a plan. A new plan is `miler_app::plans::create` (the
//! same reader of input the command line uses), adaptation is `miler_app::plans::adapt`, the
//! JSON document is `miler_app::plans::document`, the calendar is `miler_plan::calendar`
//! written by `miler_plan::ics`, the splits card is `miler_workout::card` and the watch file
//! `miler_workout::fit`. This module finds the athlete's plan, calls them, and shapes views.
//!
//! The calendar a calendar app subscribes to (`/plans/{id}/calendar.ics`) carries no cookie,
//! so it is found by plan id among the athletes the viewer may see (`athlete::scoped`); its
//! events keep their UIDs and carry the revision as SEQUENCE, and its DTSTAMP is the time of
//! the revision, so fetching it twice gives the same bytes.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, delete, get, post, put};
use axum::{Json, Router};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use miler_app::plans::{CreateError, Naming, NewPlanInput};
use miler_core::{Distance, Duration, Performance};
use miler_plan::adapt::NewResult;
use miler_plan::{Plan, Session, calendar, ics};
use miler_store::{
    ActivityId, Athlete, AthleteId, PlanId, SessionMark, SessionStatus, StoredPlan, Units,
};
use miler_workout::fit::{FitIdentity, fit_workout};
use miler_workout::{card, resolve, text};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::athlete::{self, Viewer};
use crate::error::FieldError;
use crate::fmt::clock0;
use crate::pages::{Chrome, Errors, render, require_athlete};
use crate::{AppState, Error};

// ----- the logic pages and API share -----

/// A stored plan and the plan its current revision holds.
pub struct Loaded {
    pub stored: StoredPlan,
    pub plan: Plan,
}

fn read(stored: StoredPlan) -> Result<Loaded, Error> {
    let plan = miler_app::plans::read(&stored).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Loaded { stored, plan })
}

/// The athlete's active plan, if any.
pub async fn active(state: &AppState, athlete: AthleteId) -> Result<Option<Loaded>, Error> {
    state
        .store()
        .active_plan(athlete)
        .await?
        .map(read)
        .transpose()
}

/// Plan `text` of the athlete, or a 404 naming where the list is.
async fn one(state: &AppState, a: &Athlete, text: &str) -> Result<Loaded, Error> {
    let not_found = || {
        Error::NotFound(format!(
            "athlete {} has no plan {text}; GET /api/v1/athletes/{}/plans lists them",
            a.id.0, a.id.0
        ))
    };
    let id = text
        .parse::<i64>()
        .ok()
        .filter(|&id| id > 0)
        .ok_or_else(not_found)?;
    let stored = state
        .store()
        .plan(a.id, PlanId(id))
        .await?
        .ok_or_else(not_found)?;
    read(stored)
}

/// The date in a path, or a 400 saying how to write it.
fn parse_date(text: &str) -> Result<Date, Error> {
    text.parse().map_err(|_| {
        Error::BadRequest(format!(
            "`{text}` is not a date: give the session's day as YYYY-MM-DD, such as 2027-01-05"
        ))
    })
}

/// The session on `date` with `workout_id`, or a 404 naming the sessions of that day.
fn session<'p>(plan: &'p Plan, date: &str, workout_id: &str) -> Result<&'p Session, Error> {
    let day = parse_date(date)?;
    let on_day: Vec<&Session> = plan.sessions().filter(|s| s.date == day).collect();
    on_day
        .iter()
        .find(|s| s.workout_id == workout_id)
        .copied()
        .ok_or_else(|| {
            Error::NotFound(if on_day.is_empty() {
                format!(
                    "the plan has no session on {day}; its sessions run from {} to {}",
                    plan.sessions()
                        .next()
                        .map_or(String::new(), |s| s.date.to_string()),
                    plan.race.date
                )
            } else {
                format!(
                    "{day} has no session `{workout_id}`; it has {}",
                    on_day
                        .iter()
                        .map(|s| s.workout_id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
        })
}

/// A new plan's input error on its field.
fn create_error(e: CreateError) -> Error {
    match e {
        CreateError::Input(e) => Error::field(e.field.name(), e.message),
        CreateError::Other(e) => Error::Internal(e.to_string()),
    }
}

/// Makes and stores a plan for `a`.
async fn create(state: &AppState, a: &Athlete, input: &NewPlanInput) -> Result<Loaded, Error> {
    let created = miler_app::plans::create(
        state.store(),
        a.id,
        input,
        Naming::Fields,
        state.today(),
        Timestamp::now(),
    )
    .await
    .map_err(create_error)?;
    Ok(Loaded {
        stored: created.stored,
        plan: created.plan,
    })
}

/// What a mark says, as given.
struct MarkInput<'a> {
    status: &'a str,
    activity: Option<&'a str>,
    note: Option<&'a str>,
}

/// Marks (or with status `clear`, unmarks) `session`; returns the mark, if one remains.
async fn mark(
    state: &AppState,
    a: &Athlete,
    loaded: &Loaded,
    session: &Session,
    input: &MarkInput<'_>,
) -> Result<Option<SessionMark>, Error> {
    let status = match input.status.trim() {
        "done" => SessionStatus::Done,
        "skipped" => SessionStatus::Skipped,
        "clear" => {
            state
                .store()
                .unmark_session(a.id, loaded.stored.id, &session.key)
                .await?;
            return Ok(None);
        }
        other => {
            return Err(Error::field(
                "status",
                format!("`{other}` is not a status: give done, skipped or clear"),
            ));
        }
    };
    let activity = match input.activity.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Some(ActivityId(
            text.parse::<i64>().ok().filter(|&id| id > 0).ok_or_else(|| {
                Error::field(
                    "activity",
                    format!("`{text}` is not an activity id: give the number in the activity's address, or leave it empty"),
                )
            })?,
        )),
        None => None,
    };
    let note = input
        .note
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(Error::field(
            "note",
            "the note is longer than 500 characters; shorten it",
        ));
    }
    let mark = SessionMark {
        date: session.date,
        session_key: session.key.clone(),
        status,
        activity,
        note,
        marked_at: Timestamp::now(),
    };
    state
        .store()
        .mark_session(a.id, loaded.stored.id, &mark)
        .await
        .map_err(|e| match e {
            miler_store::Error::NoSuchActivity(id) => Error::field(
                "activity",
                format!("there is no activity {id} of yours; the Activities page lists them"),
            ),
            e => e.into(),
        })?;
    Ok(Some(mark))
}

/// What adaptation did, for pages and JSON.
#[derive(Debug, Serialize)]
pub struct AdaptView {
    pub id: i64,
    /// The new revision, or null when nothing changed.
    pub revision: Option<u32>,
    pub changes: Vec<String>,
    pub matched: Vec<MatchedView>,
    pub checks: Vec<CheckView>,
    pub results: Vec<ResultView>,
    pub plan: Value,
}

#[derive(Debug, Serialize)]
pub struct MatchedView {
    pub session_key: String,
    pub activity: i64,
}

#[derive(Debug, Serialize)]
pub struct CheckView {
    pub session_key: String,
    pub activity: i64,
    pub verdict: String,
    pub targets_hit: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct ResultView {
    pub date: Date,
    pub result: String,
}

/// Adapts `loaded` from what was done before today, in the server's time zone (the
/// runner's, since miler runs on their computer), with `results` run outside the plan.
async fn adapt(
    state: &AppState,
    a: &Athlete,
    loaded: &Loaded,
    results: &[String],
) -> Result<AdaptView, Error> {
    let today = state.today();
    let results = results
        .iter()
        .map(|text| {
            let result: Performance = text.trim().parse().map_err(|e| {
                FieldError::new(
                    "results",
                    format!(
                        "{text}: {e}; give a race or trial you ran as DIST=TIME, such as mile=6:41"
                    ),
                )
            })?;
            Ok(NewResult {
                date: today,
                result,
            })
        })
        .collect::<Result<Vec<_>, FieldError>>()
        .map_err(|e| Error::Invalid(vec![e]))?;
    let adaptation = miler_app::plans::adapt(
        state.store(),
        a.id,
        &loaded.stored,
        today,
        &TimeZone::system(),
        &results,
        Timestamp::now(),
    )
    .await
    .map_err(|e| Error::Internal(e.to_string()))?;
    let stored = state
        .store()
        .plan(a.id, loaded.stored.id)
        .await?
        .unwrap_or_else(|| loaded.stored.clone());
    let marks = state.store().session_marks(a.id, stored.id).await?;
    Ok(AdaptView {
        id: stored.id.0,
        revision: adaptation.revision,
        changes: adaptation.changes.clone(),
        matched: adaptation
            .matched
            .iter()
            .map(|(key, id)| MatchedView {
                session_key: key.clone(),
                activity: id.0,
            })
            .collect(),
        checks: adaptation
            .checks
            .iter()
            .map(|c| CheckView {
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
        plan: miler_app::plans::document(&stored, &adaptation.plan, &marks, None),
    })
}

/// The plan as an iCalendar file, stamped with the revision's time so it is stable.
fn calendar_file(loaded: &Loaded) -> Response {
    let calendar = calendar::to_calendar(
        &loaded.plan,
        &loaded.stored.id.0.to_string(),
        loaded.stored.revision,
    );
    let body = ics::write(&calendar, loaded.stored.updated_at);
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "inline; filename=\"miler-plan-{}.ics\"",
        loaded.stored.id.0
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// The session's FIT workout file, with the plan's paces.
fn fit_file(loaded: &Loaded, session: &Session) -> Result<Response, Error> {
    if !session.kind.is_running() {
        return Err(Error::BadRequest(format!(
            "{} is not a running session: a watch would record it as a run, so it has no FIT file; it is in the calendar",
            session.title
        )));
    }
    let workout = text::parse(&session.text)
        .into_result()
        .map_err(|_| Error::Internal(format!("session {} doesn't parse", session.key)))?;
    let identity = FitIdentity {
        name: session.title.clone(),
        created_unix: loaded.stored.updated_at.as_second(),
    };
    let bytes = fit_workout(&workout, &loaded.plan.athlete_paces(), &identity)
        .map_err(|e| Error::Internal(format!("session {}: {e}", session.key)))?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.ant.fit"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}-{}.fit\"",
        session.date, session.workout_id
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// The splits card of a session: its workout resolved with the plan's paces, as
/// `miler_workout::card` prints it.
fn splits_card(plan: &Plan, session: &Session) -> Option<String> {
    let workout = text::parse(&session.text).into_result().ok()?;
    let resolved = resolve::resolve(&workout, &plan.athlete_paces()).ok()?;
    Some(card::steps(&resolved, 0))
}

// ----- views for the pages -----

fn distance_text(metres: f64, units: Units) -> String {
    match units {
        Units::Km => format!("{:.1} km", metres / 1000.0),
        Units::Mi => format!("{:.1} mi", metres / Distance::MILE.metres()),
    }
}

/// "45 min · 8.2 km", or "" for a session with neither.
fn planned(s: &Session, units: Units) -> String {
    let mut parts = Vec::new();
    if s.planned_time_s > 0.0 {
        parts.push(if s.planned_time_s >= 3600.0 {
            clock0(s.planned_time_s)
        } else {
            format!("{:.0} min", s.planned_time_s / 60.0)
        });
    }
    if s.planned_distance_m > 0.0 {
        parts.push(distance_text(s.planned_distance_m, units));
    }
    parts.join(" · ")
}

pub struct SessionCard {
    pub date: String,
    pub day: String,
    pub title: String,
    pub kind: String,
    pub hard: bool,
    pub planned: String,
    pub status: String,
    pub url: String,
    pub today: bool,
}

fn session_card(s: &Session, marks: &[SessionMark], units: Units, today: Date) -> SessionCard {
    SessionCard {
        date: s.date.to_string(),
        day: s.date.strftime("%a %-d %b").to_string(),
        title: s.title.clone(),
        kind: calendar::kind_name(s.kind).to_owned(),
        hard: s.hard,
        planned: planned(s, units),
        status: marks
            .iter()
            .find(|m| m.session_key == s.key)
            .map_or(String::new(), |m| m.status.as_str().to_owned()),
        url: format!("/plan/sessions/{}/{}", s.date, s.workout_id),
        today: s.date == today,
    }
}

pub struct WeekView {
    pub number: u32,
    pub start: String,
    pub phase: String,
    pub lighter: bool,
    pub current: bool,
    pub sessions: Vec<SessionCard>,
}

/// The verdict box: the plan's feasibility in words.
pub struct Feasible {
    pub verdict: String,
    pub reason: String,
    pub advice: String,
    pub now: String,
    pub race_low: String,
    pub race_high: String,
    pub expected: String,
    pub training_goal: String,
    pub race_date: String,
    pub countdown: String,
}

fn feasible(plan: &Plan, today: Date) -> Feasible {
    let f = &plan.feasibility;
    let days = today
        .until(plan.race.date)
        .map(|s| s.get_days())
        .unwrap_or(0);
    Feasible {
        verdict: f.verdict.as_str().to_owned(),
        reason: f.reason.clone(),
        advice: f.advice.clone().unwrap_or_default(),
        now: clock0(f.predicted_mile_now_s),
        race_low: clock0(f.predicted_mile_race_day_s[0]),
        race_high: clock0(f.predicted_mile_race_day_s[1]),
        expected: clock0(f.expected_mile_race_day_s),
        training_goal: clock0(f.training_goal_mile_s),
        race_date: plan.race.date.to_string(),
        countdown: crate::profile::countdown(days),
    }
}

/// This week first (or the first week, before the plan starts), then the ones after it;
/// the weeks before are returned apart.
fn weeks(
    plan: &Plan,
    marks: &[SessionMark],
    units: Units,
    today: Date,
) -> (Vec<WeekView>, Vec<WeekView>) {
    let current = plan.week_of(today).map(|w| w.number).unwrap_or_else(|| {
        if today < plan.weeks.first().map_or(today, |w| w.start) {
            1
        } else {
            u32::MAX
        }
    });
    let view = |w: &miler_plan::Week| WeekView {
        number: w.number,
        start: w.start.to_string(),
        phase: w.phase.as_str().to_owned(),
        lighter: w.lighter,
        current: w.number == current,
        sessions: w
            .sessions
            .iter()
            .map(|s| session_card(s, marks, units, today))
            .collect(),
    };
    let ahead = plan
        .weeks
        .iter()
        .filter(|w| w.number >= current)
        .map(view)
        .collect();
    let before = plan
        .weeks
        .iter()
        .filter(|w| w.number < current)
        .map(view)
        .collect();
    (ahead, before)
}

/// The active plan on the dashboard: the verdict and this week's sessions.
pub struct DashboardPlan {
    pub title: String,
    pub feasible: Feasible,
    pub week: Option<WeekView>,
}

pub async fn dashboard(state: &AppState, a: &Athlete) -> Result<Option<DashboardPlan>, Error> {
    let Some(loaded) = active(state, a.id).await? else {
        return Ok(None);
    };
    let today = state.today();
    let marks = state.store().session_marks(a.id, loaded.stored.id).await?;
    let (ahead, _) = weeks(&loaded.plan, &marks, a.profile.units, today);
    Ok(Some(DashboardPlan {
        title: loaded.stored.title.clone(),
        feasible: feasible(&loaded.plan, today),
        week: ahead.into_iter().next(),
    }))
}

/// The compliance of an activity against the running session of its day in the active plan.
pub struct ComplianceBox {
    pub session_title: String,
    pub session_url: String,
    pub verdict: String,
    pub reps: Vec<Vec<String>>,
}

pub async fn compliance(
    state: &AppState,
    a: &Athlete,
    stored: &miler_store::StoredActivity,
) -> Result<Option<ComplianceBox>, Error> {
    let Some(start) = stored.summary.start_time else {
        return Ok(None);
    };
    let Some(loaded) = active(state, a.id).await? else {
        return Ok(None);
    };
    let day = start.to_zoned(TimeZone::system()).date();
    let Some(session) = loaded
        .plan
        .sessions()
        .find(|s| s.date == day && s.kind.is_running())
    else {
        return Ok(None);
    };
    let Some(prescription) = miler_app::plans::prescription(&loaded.plan, session) else {
        return Ok(None);
    };
    let c = miler_activity::compliance::check(&stored.activity, &prescription);
    let time = |d: Option<Duration>| d.map_or("—".to_owned(), |t| crate::fmt::clock(t.secs()));
    Ok(Some(ComplianceBox {
        session_title: session.title.clone(),
        session_url: format!("/plan/sessions/{}/{}", session.date, session.workout_id),
        verdict: c.verdict_line.clone(),
        reps: c
            .reps
            .iter()
            .map(|r| {
                vec![
                    r.number.to_string(),
                    r.prescribed.label.clone(),
                    r.target_time.map_or("—".to_owned(), |(fast, slow)| {
                        format!(
                            "{}–{}",
                            crate::fmt::clock(fast.secs()),
                            crate::fmt::clock(slow.secs())
                        )
                    }),
                    time(r.actual_time),
                    r.verdict.as_str().replace('_', " "),
                ]
            })
            .collect(),
    }))
}

// ----- pages -----

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plan", get(plan_page).post(create_page))
        .route("/plan/adapt", post(adapt_page))
        .route("/plan/history", get(history_page))
        .route("/plan/sessions/{date}/{workout}", get(session_page))
        .route("/plan/sessions/{date}/{workout}/mark", post(mark_page))
        .route("/plan/sessions/{date}/{workout}/workout.fit", get(fit_page))
        .route("/plans/{plan}/calendar.ics", get(subscribe))
}

/// The new-plan form's fields, as posted.
#[derive(Debug, Default, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    goal_mile: String,
    #[serde(default)]
    race_date: String,
    #[serde(default)]
    weeks: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    day_mon: Option<String>,
    #[serde(default)]
    day_tue: Option<String>,
    #[serde(default)]
    day_wed: Option<String>,
    #[serde(default)]
    day_thu: Option<String>,
    #[serde(default)]
    day_fri: Option<String>,
    #[serde(default)]
    day_sat: Option<String>,
    #[serde(default)]
    day_sun: Option<String>,
    #[serde(default)]
    long_run: String,
    #[serde(default)]
    weekly: String,
    #[serde(default)]
    experience: String,
    #[serde(default)]
    age: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    track: String,
    #[serde(default)]
    venue: String,
    #[serde(default)]
    hills: Option<String>,
    #[serde(default)]
    treadmill: Option<String>,
    #[serde(default)]
    gym: Option<String>,
    #[serde(default)]
    backward: Option<String>,
    #[serde(default)]
    title: String,
}

impl PlanForm {
    /// The form as a new athlete finds it: their age and sex from the profile, every day, a
    /// 400 m track and hills, and the goal and date the profile holds.
    fn for_athlete(a: &Athlete, today: Date) -> PlanForm {
        let p = &a.profile;
        let on = || Some("on".to_owned());
        PlanForm {
            goal_mile: p.goal_mile.map(|g| clock0(g.secs())).unwrap_or_default(),
            race_date: p
                .goal_date
                .filter(|&d| d > today)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            from: p.current.map(|r| r.to_string()).unwrap_or_default(),
            day_mon: on(),
            day_tue: on(),
            day_wed: on(),
            day_thu: on(),
            day_fri: on(),
            day_sat: on(),
            day_sun: on(),
            age: p.age_on(today).map(|a| a.to_string()).unwrap_or_default(),
            sex: p.sex.map(|s| s.to_string()).unwrap_or_default(),
            track: "400".to_owned(),
            hills: on(),
            ..PlanForm::default()
        }
    }

    fn days(&self) -> Vec<(&'static str, &'static str, bool)> {
        [
            ("mon", "Mon", &self.day_mon),
            ("tue", "Tue", &self.day_tue),
            ("wed", "Wed", &self.day_wed),
            ("thu", "Thu", &self.day_thu),
            ("fri", "Fri", &self.day_fri),
            ("sat", "Sat", &self.day_sat),
            ("sun", "Sun", &self.day_sun),
        ]
        .into_iter()
        .map(|(code, label, v)| (code, label, v.is_some()))
        .collect()
    }

    fn input(&self) -> NewPlanInput {
        let text = |s: &str| Some(s.to_owned()).filter(|s| !s.trim().is_empty());
        let days: Vec<&str> = self
            .days()
            .into_iter()
            .filter(|d| d.2)
            .map(|d| d.0)
            .collect();
        NewPlanInput {
            goal_mile: text(&self.goal_mile),
            as_fast_as_possible: self.goal_mile.trim().is_empty(),
            race_date: text(&self.race_date),
            weeks: text(&self.weeks),
            from: vec![self.from.clone()],
            days: Some(days.join(",")),
            long_run: text(&self.long_run),
            weekly: text(&self.weekly),
            experience: text(&self.experience),
            age: text(&self.age),
            sex: text(&self.sex),
            track: text(&self.track),
            no_hills: self.hills.is_none(),
            treadmill: self.treadmill.is_some(),
            gym: self.gym.is_some(),
            backward: self.backward.is_some(),
            venue: text(&self.venue),
            title: text(&self.title),
            ..NewPlanInput::default()
        }
    }
}

#[derive(Template)]
#[template(path = "plan_new.html")]
struct NewPlanPage {
    chrome: Chrome,
    form: PlanForm,
    days: Vec<(&'static str, &'static str, bool)>,
    errors: Errors,
    replacing: bool,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    chrome: Chrome,
    id: i64,
    title: String,
    revision: u32,
    feasible: Feasible,
    ahead: Vec<WeekView>,
    before: Vec<WeekView>,
    ics_url: String,
    subscribe_url: String,
    adapted: Option<Adapted>,
}

struct Adapted {
    heading: String,
    changes: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct PlanQuery {
    adapted: Option<String>,
    new: Option<String>,
}

async fn plan_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<PlanQuery>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let today = state.today();
    let loaded = active(&state, a.id).await?;
    let Some(loaded) = loaded.filter(|_| query.new.is_none()) else {
        let form = PlanForm::for_athlete(&a, today);
        let page = NewPlanPage {
            chrome: Chrome::load(&state, Some(&a), "New plan", "plan").await?,
            days: form.days(),
            form,
            errors: Errors::default(),
            replacing: query.new.is_some(),
        };
        return render(&page, StatusCode::OK);
    };
    let marks = state.store().session_marks(a.id, loaded.stored.id).await?;
    let (ahead, before) = weeks(&loaded.plan, &marks, a.profile.units, today);
    let adapted = match query.adapted.as_deref() {
        None => None,
        Some("none") => Some(Adapted {
            heading: "Nothing to change: the plan already fits what you did.".to_owned(),
            changes: Vec::new(),
        }),
        Some(n) => {
            let revisions = state.store().plan_revisions(a.id, loaded.stored.id).await?;
            revisions
                .into_iter()
                .find(|r| r.revision.to_string() == n)
                .map(|r| Adapted {
                    heading: format!("Plan adapted: revision {}", r.revision),
                    changes: r.changes,
                })
        }
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1:5280");
    let page = PlanPage {
        chrome: Chrome::load(&state, Some(&a), "Plan", "plan").await?,
        id: loaded.stored.id.0,
        title: loaded.stored.title.clone(),
        revision: loaded.stored.revision,
        feasible: feasible(&loaded.plan, today),
        ahead,
        before,
        ics_url: format!("/plans/{}/calendar.ics", loaded.stored.id.0),
        subscribe_url: format!("webcal://{host}/plans/{}/calendar.ics", loaded.stored.id.0),
        adapted,
    };
    render(&page, StatusCode::OK)
}

async fn create_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<PlanForm>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    match create(&state, &a, &form.input()).await {
        Ok(_) => Ok(Redirect::to("/plan").into_response()),
        Err(Error::Invalid(errors)) => {
            let page = NewPlanPage {
                chrome: Chrome::load(&state, Some(&a), "New plan", "plan").await?,
                days: form.days(),
                form,
                errors: Errors(errors),
                replacing: false,
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}

/// The current athlete and their active plan, or the page's answer when there is none: the
/// first-run form without an athlete, the new-plan form without a plan.
async fn require_plan(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Result<(Athlete, Loaded), Response>, Error> {
    let a = match require_athlete(state, headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(Err(redirect)),
    };
    Ok(match active(state, a.id).await? {
        Some(loaded) => Ok((a, loaded)),
        None => Err(Redirect::to("/plan").into_response()),
    })
}

#[derive(Debug, Default, Deserialize)]
struct AdaptForm {
    #[serde(default)]
    results: String,
}

async fn adapt_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<AdaptForm>,
) -> Result<Response, Error> {
    let (a, loaded) = match require_plan(&state, &headers).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let results: Vec<String> = form
        .results
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let view = adapt(&state, &a, &loaded, &results).await?;
    let to = match view.revision {
        Some(r) => format!("/plan?adapted={r}#adapted"),
        None => "/plan?adapted=none#adapted".to_owned(),
    };
    Ok(Redirect::to(&to).into_response())
}

#[derive(Template)]
#[template(path = "plan_history.html")]
struct HistoryPage {
    chrome: Chrome,
    title: String,
    revisions: Vec<(u32, String, Vec<String>)>,
    plans: Vec<(i64, String, u32, bool)>,
}

async fn history_page(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let (a, loaded) = match require_plan(&state, &headers).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let revisions = state.store().plan_revisions(a.id, loaded.stored.id).await?;
    let plans = state.store().plans(a.id).await?;
    let page = HistoryPage {
        chrome: Chrome::load(&state, Some(&a), "Plan history", "plan").await?,
        title: loaded.stored.title.clone(),
        revisions: revisions
            .into_iter()
            .rev()
            .map(|r| {
                (
                    r.revision,
                    r.created_at
                        .to_zoned(TimeZone::system())
                        .strftime("%Y-%m-%d %H:%M")
                        .to_string(),
                    r.changes,
                )
            })
            .collect(),
        plans: plans
            .into_iter()
            .map(|p| (p.id.0, p.title, p.revision, p.active))
            .collect(),
    };
    render(&page, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "plan_session.html")]
struct SessionPage {
    chrome: Chrome,
    title: String,
    day: String,
    week: String,
    kind: String,
    hard: bool,
    planned: String,
    text: String,
    card: String,
    note: String,
    status: String,
    mark_note: String,
    mark_activity: String,
    mark_url: String,
    fit_url: String,
    errors: Errors,
    marked: bool,
    activities: Vec<(i64, String)>,
}

#[derive(Debug, Default, Deserialize)]
struct SessionQuery {
    marked: Option<String>,
}

async fn session_view(
    state: &AppState,
    a: &Athlete,
    loaded: &Loaded,
    s: &Session,
) -> Result<SessionPage, Error> {
    let marks = state.store().session_marks(a.id, loaded.stored.id).await?;
    let mark = marks.iter().find(|m| m.session_key == s.key);
    let activities = state.store().list_activities(a.id).await?;
    let week = loaded.plan.week_of(s.date);
    Ok(SessionPage {
        chrome: Chrome::load(state, Some(a), &s.title, "plan").await?,
        title: s.title.clone(),
        day: s.date.strftime("%A %-d %B %Y").to_string(),
        week: week
            .map(|w| format!("Week {} · {} phase", w.number, w.phase.as_str()))
            .unwrap_or_default(),
        kind: calendar::kind_name(s.kind).to_owned(),
        hard: s.hard,
        planned: planned(s, a.profile.units),
        text: s.text.trim_end().to_owned(),
        card: splits_card(&loaded.plan, s).unwrap_or_default(),
        note: s.note.clone().unwrap_or_default(),
        status: mark.map_or(String::new(), |m| m.status.as_str().to_owned()),
        mark_note: mark.and_then(|m| m.note.clone()).unwrap_or_default(),
        mark_activity: mark
            .and_then(|m| m.activity)
            .map(|id| id.0.to_string())
            .unwrap_or_default(),
        mark_url: format!("/plan/sessions/{}/{}/mark", s.date, s.workout_id),
        fit_url: if s.kind.is_running() {
            format!("/plan/sessions/{}/{}/workout.fit", s.date, s.workout_id)
        } else {
            String::new()
        },
        errors: Errors::default(),
        marked: false,
        activities: activities
            .iter()
            .filter(|x| {
                x.start_time
                    .is_some_and(|t| t.to_zoned(TimeZone::system()).date() == s.date)
            })
            .map(|x| (x.id.0, x.name.clone().unwrap_or_else(|| x.sport.clone())))
            .collect(),
    })
}

async fn session_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((date, workout)): Path<(String, String)>,
    Query(query): Query<SessionQuery>,
) -> Result<Response, Error> {
    let (a, loaded) = match require_plan(&state, &headers).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let s = session(&loaded.plan, &date, &workout)?;
    let mut page = session_view(&state, &a, &loaded, s).await?;
    page.marked = query.marked.is_some();
    render(&page, StatusCode::OK)
}

#[derive(Debug, Default, Deserialize)]
struct MarkForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    activity: String,
    #[serde(default)]
    note: String,
}

async fn mark_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((date, workout)): Path<(String, String)>,
    Form(form): Form<MarkForm>,
) -> Result<Response, Error> {
    let (a, loaded) = match require_plan(&state, &headers).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let s = session(&loaded.plan, &date, &workout)?;
    let input = MarkInput {
        status: &form.status,
        activity: Some(&form.activity),
        note: Some(&form.note),
    };
    match mark(&state, &a, &loaded, s, &input).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/plan/sessions/{}/{}?marked=1",
            s.date, s.workout_id
        ))
        .into_response()),
        Err(Error::Invalid(errors)) => {
            let mut page = session_view(&state, &a, &loaded, s).await?;
            page.errors = Errors(errors);
            page.mark_note = form.note;
            page.mark_activity = form.activity;
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}

async fn fit_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((date, workout)): Path<(String, String)>,
) -> Result<Response, Error> {
    let (_, loaded) = match require_plan(&state, &headers).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let s = session(&loaded.plan, &date, &workout)?;
    fit_file(&loaded, s)
}

/// The calendar a calendar app subscribes to: no cookie comes with it, so the plan is found
/// among the athletes the viewer may see.
async fn subscribe(
    State(state): State<AppState>,
    Path(plan): Path<String>,
) -> Result<Response, Error> {
    let not_found = || {
        Error::NotFound(format!(
            "there is no plan {plan}; the Plan page links to your calendar"
        ))
    };
    let id = plan
        .trim_end_matches(".ics")
        .parse::<i64>()
        .ok()
        .filter(|&id| id > 0)
        .ok_or_else(not_found)?;
    for candidate in state.store().athletes().await? {
        let a = athlete::scoped(&state, Viewer::Local, candidate.id).await?;
        if let Some(stored) = state.store().plan(a.id, PlanId(id)).await? {
            return Ok(calendar_file(&read(stored)?));
        }
    }
    Err(not_found())
}

// ----- API -----

/// The plan endpoints under `/api/v1`, for `api::endpoints`.
pub fn endpoints() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/athletes/{id}/plans", get(api_list)),
        (Method::POST, "/athletes/{id}/plans", post(api_create)),
        (Method::GET, "/athletes/{id}/plans/active", get(api_active)),
        (Method::GET, "/athletes/{id}/plans/{plan}", get(api_get)),
        (
            Method::POST,
            "/athletes/{id}/plans/{plan}/adapt",
            post(api_adapt),
        ),
        (
            Method::GET,
            "/athletes/{id}/plans/{plan}/history",
            get(api_history),
        ),
        (
            Method::GET,
            "/athletes/{id}/plans/{plan}/calendar.ics",
            get(api_calendar),
        ),
        (
            Method::PUT,
            "/athletes/{id}/plans/{plan}/sessions/{date}/{workout}/mark",
            put(api_mark),
        ),
        (
            Method::DELETE,
            "/athletes/{id}/plans/{plan}/sessions/{date}/{workout}/mark",
            delete(api_unmark),
        ),
        (
            Method::GET,
            "/athletes/{id}/plans/{plan}/sessions/{date}/{workout}/workout.fit",
            get(api_fit),
        ),
        (Method::GET, "/athletes/{id}/fitness", get(api_fitness)),
    ]
}

async fn athlete_of(state: &AppState, id: &str) -> Result<Athlete, Error> {
    athlete::scoped(state, Viewer::Local, athlete::parse_id(id)?).await
}

async fn document(state: &AppState, a: &Athlete, loaded: &Loaded) -> Result<Value, Error> {
    let marks = state.store().session_marks(a.id, loaded.stored.id).await?;
    Ok(miler_app::plans::document(
        &loaded.stored,
        &loaded.plan,
        &marks,
        None,
    ))
}

#[derive(Debug, Serialize)]
struct PlanRow {
    id: i64,
    title: String,
    revision: u32,
    active: bool,
    created_at: String,
    updated_at: String,
}

async fn api_list(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<PlanRow>>, Error> {
    let a = athlete_of(&state, &id).await?;
    let plans = state.store().plans(a.id).await?;
    Ok(Json(
        plans
            .into_iter()
            .map(|p| PlanRow {
                id: p.id.0,
                title: p.title,
                revision: p.revision,
                active: p.active,
                created_at: p.created_at.to_string(),
                updated_at: p.updated_at.to_string(),
            })
            .collect(),
    ))
}

/// A new plan as JSON: the command line's options as fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanJson {
    goal_mile: Option<String>,
    goal: Option<String>,
    #[serde(default)]
    as_fast_as_possible: bool,
    race_date: Option<String>,
    weeks: Option<u32>,
    #[serde(default)]
    from: Vec<String>,
    days: Option<Vec<String>>,
    long_run: Option<String>,
    start: Option<String>,
    weekly: Option<String>,
    weekly_min: Option<f64>,
    weekly_km: Option<f64>,
    experience: Option<String>,
    age: Option<u32>,
    sex: Option<String>,
    track: Option<String>,
    #[serde(default = "yes")]
    hills: bool,
    #[serde(default)]
    treadmill: bool,
    #[serde(default)]
    gym: bool,
    #[serde(default)]
    backward: bool,
    venue: Option<String>,
    title: Option<String>,
}

fn yes() -> bool {
    true
}

impl PlanJson {
    fn input(self) -> NewPlanInput {
        NewPlanInput {
            goal_mile: self.goal_mile,
            goal: self.goal,
            as_fast_as_possible: self.as_fast_as_possible,
            race_date: self.race_date,
            weeks: self.weeks.map(|w| w.to_string()),
            from: self.from,
            days: self.days.map(|d| d.join(",")),
            long_run: self.long_run,
            start: self.start,
            weekly: self.weekly,
            weekly_min: self.weekly_min.map(|m| m.to_string()),
            weekly_km: self.weekly_km.map(|k| k.to_string()),
            experience: self.experience,
            age: self.age.map(|a| a.to_string()),
            sex: self.sex,
            track: self.track,
            no_hills: !self.hills,
            treadmill: self.treadmill,
            gym: self.gym,
            backward: self.backward,
            venue: self.venue,
            title: self.title,
        }
    }
}

async fn api_create(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<PlanJson>,
) -> Result<(StatusCode, Json<Value>), Error> {
    let a = athlete_of(&state, &id).await?;
    let loaded = create(&state, &a, &body.input()).await?;
    Ok((
        StatusCode::CREATED,
        Json(document(&state, &a, &loaded).await?),
    ))
}

async fn api_active(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Error> {
    let a = athlete_of(&state, &id).await?;
    let loaded = active(&state, a.id).await?.ok_or_else(|| {
        Error::NotFound(format!(
            "athlete {} has no active plan; make one with POST /api/v1/athletes/{}/plans",
            a.id.0, a.id.0
        ))
    })?;
    Ok(Json(document(&state, &a, &loaded).await?))
}

async fn api_get(
    State(state): State<AppState>,
    Path((id, plan)): Path<(String, String)>,
) -> Result<Json<Value>, Error> {
    let a = athlete_of(&state, &id).await?;
    let loaded = one(&state, &a, &plan).await?;
    Ok(Json(document(&state, &a, &loaded).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdaptJson {
    #[serde(default)]
    results: Vec<String>,
}

async fn api_adapt(
    State(state): State<AppState>,
    Path((id, plan)): Path<(String, String)>,
    body: Option<Json<AdaptJson>>,
) -> Result<Json<AdaptView>, Error> {
    let a = athlete_of(&state, &id).await?;
    let loaded = one(&state, &a, &plan).await?;
    let body = body.map(|Json(b)| b).unwrap_or_default();
    Ok(Json(adapt(&state, &a, &loaded, &body.results).await?))
}

#[derive(Debug, Serialize)]
struct HistoryView {
    id: i64,
    title: String,
    revisions: Vec<RevisionRow>,
}

#[derive(Debug, Serialize)]
struct RevisionRow {
    revision: u32,
    created_at: String,
    changes: Vec<String>,
}

async fn api_history(
    State(state): State<AppState>,
    Path((id, plan)): Path<(String, String)>,
) -> Result<Json<HistoryView>, Error> {
    let a = athlete_of(&state, &id).await?;
    let loaded = one(&state, &a, &plan).await?;
    let revisions = state.store().plan_revisions(a.id, loaded.stored.id).await?;
    Ok(Json(HistoryView {
        id: loaded.stored.id.0,
        title: loaded.stored.title.clone(),
        revisions: revisions
            .into_iter()
            .map(|r| RevisionRow {
                revision: r.revision,
                created_at: r.created_at.to_string(),
                changes: r.changes,
            })
            .collect(),
    }))
}

async fn api_calendar(
    State(state): State<AppState>,
    Path((id, plan)): Path<(String, String)>,
) -> Result<Response, Error> {
    let a = athlete_of(&state, &id).await?;
    let loaded = one(&state, &a, &plan).await?;
    Ok(calendar_file(&loaded))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkJson {
    status: String,
    activity: Option<i64>,
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct MarkView {
    plan: i64,
    date: Date,
    session_key: String,
    workout_id: String,
    title: String,
    status: Option<&'static str>,
    activity: Option<i64>,
    note: Option<String>,
}

async fn api_mark(
    State(state): State<AppState>,
    Path((id, plan, date, workout)): Path<(String, String, String, String)>,
    Json(body): Json<MarkJson>,
) -> Result<Json<MarkView>, Error> {
    let a = athlete_of(&state, &id).await?;
    let loaded = one(&state, &a, &plan).await?;
    let s = session(&loaded.plan, &date, &workout)?;
    if body.status.trim() == "clear" {
        return Err(Error::field(
            "status",
            "give done or skipped; DELETE this address removes a mark",
        ));
    }
    let activity = body.activity.map(|x| x.to_string());
    let input = MarkInput {
        status: &body.status,
        activity: activity.as_deref(),
        note: body.note.as_deref(),
    };
    let mark = mark(&state, &a, &loaded, s, &input).await?;
    Ok(Json(MarkView {
        plan: loaded.stored.id.0,
        date: s.date,
        session_key: s.key.clone(),
        workout_id: s.workout_id.clone(),
        title: s.title.clone(),
        status: mark.as_ref().map(|m| m.status.as_str()),
        activity: mark.as_ref().and_then(|m| m.activity).map(|x| x.0),
        note: mark.and_then(|m| m.note),
    }))
}

async fn api_unmark(
    State(state): State<AppState>,
    Path((id, plan, date, workout)): Path<(String, String, String, String)>,
) -> Result<StatusCode, Error> {
    let a = athlete_of(&state, &id).await?;
    let loaded = one(&state, &a, &plan).await?;
    let s = session(&loaded.plan, &date, &workout)?;
    state
        .store()
        .unmark_session(a.id, loaded.stored.id, &s.key)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_fit(
    State(state): State<AppState>,
    Path((id, plan, date, workout)): Path<(String, String, String, String)>,
) -> Result<Response, Error> {
    let a = athlete_of(&state, &id).await?;
    let loaded = one(&state, &a, &plan).await?;
    let s = session(&loaded.plan, &date, &workout)?;
    fit_file(&loaded, s)
}

async fn api_fitness(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<crate::fitness::FitnessView>, Error> {
    let a = athlete_of(&state, &id).await?;
    Ok(Json(crate::fitness::fitness(&state, &a).await?))
}
