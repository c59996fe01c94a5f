//! The JSON API under `/api/v1`: the features of the pages for programs, with SI field
//! names (`distance_m`, `time_s`, `pace_s_per_km`, `speed_m_s`) as in the CLI's `--json`.
//!
//! Everything about an athlete lives under `/api/v1/athletes/{id}/`, so a call names whose
//! data it is about and means the same whoever makes it; calculators that concern no
//! stored data (`/predict`, `/pace`, ...) take everything in the query. [`endpoints`] is the
//! list the router is built from, and a test holds it equal to `openapi.json`.

use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post, put};
use axum::{Json, Router};
use miler_store::List;
use serde::Deserialize;

use crate::activities::{
    self, ActivityRow, ActivityView, FileReport, SamplesView, UPLOAD_LIMIT_BYTES,
};
use crate::athlete::{self, Viewer};
use crate::paging::{PageQuery, PageView};
use crate::profile::{self, AthleteView, DashboardView, ProfileJson};
use crate::tools::{self, AgeGradeInput, PaceInput, PredictInput, TreadmillInput};
use crate::workouts::{self, CheckView, EntryView, ShowView};
use crate::{AppState, Error};

/// The OpenAPI document, written by hand and checked against [`endpoints`] by a test.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Every endpoint: method, path under `/api/v1`, handler.
pub fn endpoints() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    let mut all = crate::results_web::endpoints();
    all.extend(crate::mine::endpoints());
    all.extend(core_endpoints());
    all
}

fn core_endpoints() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/openapi.json", get(openapi)),
        (Method::GET, "/athletes", get(list_athletes)),
        (Method::POST, "/athletes", post(create_athlete)),
        (Method::GET, "/athletes/{id}", get(get_athlete)),
        (Method::PUT, "/athletes/{id}", put(update_athlete)),
        (Method::GET, "/athletes/{id}/dashboard", get(dashboard)),
        (Method::GET, "/athletes/{id}/progress", get(progress)),
        (
            Method::GET,
            "/athletes/{id}/workouts/{workout}",
            get(resolved_workout),
        ),
        (
            Method::GET,
            "/athletes/{id}/workouts/{workout}/export",
            get(export_workout),
        ),
        (
            Method::GET,
            "/athletes/{id}/activities",
            get(list_activities),
        ),
        (
            Method::POST,
            "/athletes/{id}/activities",
            post(upload_activities).layer(DefaultBodyLimit::max(UPLOAD_LIMIT_BYTES)),
        ),
        (
            Method::GET,
            "/athletes/{id}/activities/{activity}",
            get(get_activity),
        ),
        (
            Method::GET,
            "/athletes/{id}/activities/{activity}/samples",
            get(activity_samples),
        ),
        (Method::GET, "/predict", get(predict)),
        (Method::GET, "/pace", get(pace)),
        (Method::GET, "/agegrade", get(agegrade)),
        (Method::GET, "/treadmill", get(treadmill)),
        (Method::GET, "/workouts", get(list_workouts)),
        (Method::GET, "/workouts/{workout}", get(get_workout)),
        (Method::POST, "/workouts/parse", post(parse_workout)),
    ]
    .into_iter()
    .chain(crate::plan::endpoints())
    .collect()
}

pub fn routes() -> Router<AppState> {
    let mut paths: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for (_, path, handler) in endpoints() {
        match paths.iter().position(|(p, _)| *p == path) {
            Some(i) => {
                let (_, existing) = paths.remove(i);
                paths.insert(i, (path, existing.merge(handler)));
            }
            None => paths.push((path, handler)),
        }
    }
    paths
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| {
            router.route(path, handler)
        })
}

async fn openapi() -> Response {
    let mut response = OPENAPI.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

async fn list_athletes(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
) -> Result<Json<PageView<AthleteView>>, Error> {
    let today = state.today();
    let page = query.read(List::Athletes)?;
    let athletes = state.store().athletes_page(&page, false).await?;
    Ok(Json(PageView::of(athletes, |a| AthleteView::of(&a, today))))
}

async fn create_athlete(
    State(state): State<AppState>,
    Json(body): Json<ProfileJson>,
) -> Result<(StatusCode, Json<AthleteView>), Error> {
    let today = state.today();
    let profile = body.read(today).map_err(Error::Invalid)?;
    let id = state.store().create_athlete(&profile).await?;
    let created = athlete::scoped(&state, Viewer::Local, id).await?;
    Ok((StatusCode::CREATED, Json(AthleteView::of(&created, today))))
}

async fn get_athlete(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<AthleteView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    Ok(Json(AthleteView::of(&a, state.today())))
}

async fn update_athlete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<ProfileJson>,
) -> Result<Json<AthleteView>, Error> {
    let today = state.today();
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let profile = body.read(today).map_err(Error::Invalid)?;
    state.store().update_athlete(a.id, &profile).await?;
    let updated = athlete::scoped(&state, Viewer::Local, a.id).await?;
    Ok(Json(AthleteView::of(&updated, today)))
}

async fn dashboard(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DashboardView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    Ok(Json(profile::dashboard(&a, state.today())))
}

async fn progress(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<crate::progress::ProgressView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let efforts = state
        .store()
        .best_efforts(a.id, Some(miler_store::Period::Month))
        .await?;
    let activities = state.store().list_activities(a.id).await?;
    Ok(Json(crate::progress::progress(
        &efforts,
        &activities,
        a.profile.goal_mile.map(|g| crate::fmt::round(g.secs(), 3)),
        state.today(),
    )))
}

#[derive(Debug, Default, Deserialize)]
pub struct StepQuery {
    /// `K/N`: the K-th session of a progression of N.
    pub step: Option<String>,
}

async fn resolved_workout(
    State(state): State<AppState>,
    Path((id, workout)): Path<(String, String)>,
    Query(query): Query<StepQuery>,
) -> Result<Json<ShowView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let entry = workouts::entry(&workout)?;
    let step = workouts::parse_step(query.step.as_deref()).map_err(|e| Error::Invalid(vec![e]))?;
    let view = workouts::show(entry.id, entry.title, &entry.workout(), &a, step)?;
    Ok(Json(view))
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    pub step: Option<String>,
    pub format: Option<String>,
}

async fn export_workout(
    State(state): State<AppState>,
    Path((id, workout)): Path<(String, String)>,
    Query(query): Query<ExportQuery>,
) -> Result<workouts::Export, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let entry = workouts::entry(&workout)?;
    let step = workouts::parse_step(query.step.as_deref()).map_err(|e| Error::Invalid(vec![e]))?;
    workouts::export(
        entry.id,
        entry.title,
        &entry.workout(),
        &a,
        step,
        query.format.as_deref(),
        jiff::Timestamp::now().as_second(),
    )
}

async fn predict(Query(input): Query<PredictInput>) -> Result<Json<tools::ForecastView>, Error> {
    tools::predict(&input)
        .map(|(_, view)| Json(view))
        .map_err(Error::Invalid)
}

async fn pace(Query(input): Query<PaceInput>) -> Result<Json<tools::PaceCalc>, Error> {
    tools::pace(&input).map(Json).map_err(Error::Invalid)
}

async fn agegrade(Query(input): Query<AgeGradeInput>) -> Result<Json<tools::AgeGradeView>, Error> {
    tools::age_grade(&input).map(Json).map_err(Error::Invalid)
}

async fn treadmill(
    Query(input): Query<TreadmillInput>,
) -> Result<Json<tools::TreadmillView>, Error> {
    tools::treadmill(&input).map(Json).map_err(Error::Invalid)
}

async fn list_workouts() -> Json<Vec<EntryView>> {
    Json(workouts::catalog_views())
}

async fn get_workout(Path(workout): Path<String>) -> Result<Json<EntryView>, Error> {
    Ok(Json(workouts::entry_view(workouts::entry(&workout)?)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParseBody {
    /// Workout text in miler's workout language.
    pub text: String,
}

async fn parse_workout(Json(body): Json<ParseBody>) -> Result<Json<CheckView>, Error> {
    workouts::check(&body.text).map(|(view, _)| Json(view))
}

async fn list_activities(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Json<PageView<ActivityRow>>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let page = query.read(List::Activities)?;
    let list = state.store().activities_page(a.id, &page).await?;
    Ok(Json(PageView::of(list, |row| ActivityRow::from(&row))))
}

#[derive(Debug, serde::Serialize)]
pub struct UploadView {
    files: Vec<FileReport>,
}

async fn upload_activities(
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Json<UploadView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let files = activities::receive(&state, a.id, multipart).await?;
    Ok(Json(UploadView { files }))
}

async fn get_activity(
    State(state): State<AppState>,
    Path((id, activity)): Path<(String, String)>,
) -> Result<Json<ActivityView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let stored = activities::load(&state, a.id, &activity).await?;
    Ok(Json(activities::analyse(&stored)))
}

async fn activity_samples(
    State(state): State<AppState>,
    Path((id, activity)): Path<(String, String)>,
) -> Result<Json<SamplesView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let stored = activities::load(&state, a.id, &activity).await?;
    Ok(Json(activities::samples(&stored)))
}
