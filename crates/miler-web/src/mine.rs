//! The runner's own workouts: saved from the editor, listed on the Workouts page and in the
//! editor, each made exact for the athlete with the same splits card and downloads as a
//! catalog workout, and kept through the API.
//!
//! The checks (a name of 1 to 60 characters, text without errors) are
//! [`workouts::read_saved`], shared with the command line; resolution and files are
//! [`workouts::show`] and [`workouts::export`], the catalog's own code paths. Pages are plain
//! forms answered by a redirect (POST-redirect-GET): `POST /workouts/mine` saves from the
//! editor, `POST /workouts/mine/{id}/delete` deletes. The API lives at
//! `/api/v1/athletes/{id}/saved-workouts`, beside `/athletes/{id}/workouts/{workout}`,
//! which resolves a catalog workout.

use askama::Template;
use axum::Json;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use jiff::Timestamp;
use miler_store::{Athlete, AthleteId, List, NewWorkout, Saved, SavedWorkout, Updated, WorkoutId};
use serde::Deserialize;

use crate::athlete::{self, Viewer};
use crate::error::FieldError;
use crate::pages::{
    CardPage, Chrome, DownloadQuery, EditorPage, Errors, Splits, StepQuery, fill_splits, render,
    require_athlete, summary, track_text,
};
use crate::paging::{More, PageQuery, PageView};
use crate::workouts::{self, SavedView, ShowView};
use crate::{AppState, Error};

/// The pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        // The list lives on the Workouts page; the address a failed save leaves in the
        // address bar leads there when visited.
        .route(
            "/workouts/mine",
            get(|| async { Redirect::to("/workouts#mine") }).post(save_page),
        )
        .route("/workouts/mine/{workout}", get(workout_page))
        .route("/workouts/mine/{workout}/card", get(card_page))
        .route("/workouts/mine/{workout}/download", get(download_page))
        .route("/workouts/mine/{workout}/delete", post(delete_page))
}

/// The API endpoints, under `/api/v1`.
pub fn endpoints() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/athletes/{id}/saved-workouts", get(api_list)),
        (
            Method::POST,
            "/athletes/{id}/saved-workouts",
            post(api_save),
        ),
        (
            Method::GET,
            "/athletes/{id}/saved-workouts/{workout}",
            get(api_get),
        ),
        (
            Method::PUT,
            "/athletes/{id}/saved-workouts/{workout}",
            axum::routing::put(api_update),
        ),
        (
            Method::DELETE,
            "/athletes/{id}/saved-workouts/{workout}",
            axum::routing::delete(api_delete),
        ),
        (
            Method::GET,
            "/athletes/{id}/saved-workouts/{workout}/resolved",
            get(api_resolved),
        ),
        (
            Method::GET,
            "/athletes/{id}/saved-workouts/{workout}/export",
            get(api_export),
        ),
    ]
}

/// One saved workout in a list.
#[derive(Debug)]
pub struct MineRow {
    pub id: i64,
    pub name: String,
    pub title: String,
}

/// The page `query` asks for of the current athlete's saved workouts, for the lists, with
/// the line under them; none without an athlete. The next page is the catalog's.
pub(crate) async fn rows(
    state: &AppState,
    current: Option<&Athlete>,
    query: &PageQuery,
) -> Result<(Vec<MineRow>, More), Error> {
    let Some(a) = current else {
        return Ok((Vec::new(), More::default()));
    };
    let page = query.read(List::Workouts)?;
    let list = PageView::of(state.store().workouts_page(a.id, &page).await?, |w| {
        MineRow {
            id: w.id.0,
            title: workouts::saved_title(&w),
            name: w.workout.name,
        }
    });
    let more = More::of(
        &list,
        "/workouts",
        &[("limit", query.limit.as_deref().unwrap_or(""))],
    );
    Ok((list.items, more))
}

fn no_workout(athlete: AthleteId, id: WorkoutId) -> Error {
    Error::NotFound(format!(
        "athlete {} has no saved workout {}; GET /api/v1/athletes/{}/saved-workouts lists them",
        athlete.0, id.0, athlete.0
    ))
}

async fn load(state: &AppState, a: &Athlete, workout: &str) -> Result<SavedWorkout, Error> {
    let id = workouts::saved_id(workout)?;
    state
        .store()
        .workout(a.id, id)
        .await?
        .ok_or_else(|| no_workout(a.id, id))
}

/// What a save from the editor or the API ends in.
enum Outcome {
    Stored(Saved),
    Invalid(Vec<FieldError>),
}

/// Checks and stores: by name (replacing a workout of that name) without `id`, else the
/// workout `id` renamed and rewritten.
async fn store(
    state: &AppState,
    athlete: AthleteId,
    id: Option<WorkoutId>,
    name: &str,
    text: &str,
) -> Result<Outcome, Error> {
    let new: NewWorkout = match workouts::read_saved(name, text) {
        Ok((new, _)) => new,
        Err(errors) => return Ok(Outcome::Invalid(errors)),
    };
    let now = Timestamp::now();
    let Some(id) = id else {
        return Ok(Outcome::Stored(
            state.store().save_workout(athlete, &new, now).await?,
        ));
    };
    match state.store().update_workout(athlete, id, &new, now).await? {
        Updated::Done => Ok(Outcome::Stored(Saved::Replaced(id))),
        Updated::NoSuchWorkout => Err(no_workout(athlete, id)),
        Updated::NameTaken(_) => Ok(Outcome::Invalid(vec![FieldError::new(
            "name",
            format!(
                "you already have a workout called `{}`: choose another name, or delete that one first",
                new.name
            ),
        )])),
    }
}

// ----- pages -----

#[derive(Debug, Deserialize)]
struct SaveForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    text: String,
    /// Set when the editor was opened on a saved workout.
    #[serde(default)]
    id: Option<String>,
}

async fn save_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SaveForm>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let id = match form.id.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Some(workouts::saved_id(text)?),
        None => None,
    };
    match store(&state, a.id, id, &form.name, &form.text).await? {
        Outcome::Stored(saved) => {
            Ok(Redirect::to(&format!("/workouts/mine/{}", saved.id().0)).into_response())
        }
        Outcome::Invalid(errors) => {
            let mut page = EditorPage::load(&state, Some(&a), form.text.clone()).await?;
            page.name = form.name;
            page.editing = id.map(|id| id.0);
            page.errors = Errors(errors);
            // The diagnostics under the text, as the Check button shows them.
            if let Ok((check, _)) = workouts::check(&form.text) {
                page.check = Some(check);
            }
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

#[derive(Template)]
#[template(path = "my_workout.html")]
struct WorkoutPage {
    chrome: Chrome,
    id: i64,
    name: String,
    title: String,
    text: String,
    updated: String,
    base: String,
    step: String,
    problem: String,
    errors: Errors,
    splits: Splits,
}

async fn workout_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(workout): Path<String>,
    Query(query): Query<StepQuery>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let saved = load(&state, &a, &workout).await?;
    let title = workouts::saved_title(&saved);
    let mut page = WorkoutPage {
        chrome: Chrome::load(&state, Some(&a), &saved.workout.name, "workouts").await?,
        id: saved.id.0,
        name: saved.workout.name.clone(),
        title: title.clone(),
        text: saved.workout.text.clone(),
        updated: saved.updated_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        base: format!("/workouts/mine/{}", saved.id.0),
        step: query.step.clone().unwrap_or_default(),
        problem: String::new(),
        errors: Errors::default(),
        splits: Splits::default(),
    };
    let step = match workouts::parse_step(query.step.as_deref()) {
        Ok(step) => step,
        Err(e) => {
            page.errors = Errors(vec![e]);
            return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let shown = workouts::parse_saved(&saved)
        .and_then(|w| workouts::show(&workouts::saved_key(saved.id), &title, &w, &a, step));
    let status = fill_splits(
        shown,
        (a.profile.units, step),
        &mut page.splits,
        &mut page.errors,
        &mut page.problem,
    )?;
    render(&page, status)
}

async fn card_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(workout): Path<String>,
    Query(query): Query<StepQuery>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let saved = load(&state, &a, &workout).await?;
    let title = workouts::saved_title(&saved);
    let step = workouts::parse_step(query.step.as_deref()).map_err(|e| Error::Invalid(vec![e]))?;
    let w = workouts::parse_saved(&saved)?;
    let show = workouts::show(&workouts::saved_key(saved.id), &title, &w, &a, step)?;
    let page = CardPage {
        chrome: Chrome::load(
            &state,
            Some(&a),
            &format!("{title} · splits card"),
            "workouts",
        )
        .await?,
        title,
        who: a.profile.name.clone(),
        session: if step.1 > 1 {
            format!("Session {} of {}", step.0, step.1)
        } else {
            String::new()
        },
        basis: show.resolved.basis.clone(),
        rows: workouts::card_rows(&show, a.profile.units),
        track: track_text(&show),
        summary: summary(&show),
        back: format!("/workouts/mine/{}", saved.id.0),
    };
    render(&page, StatusCode::OK)
}

async fn download_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(workout): Path<String>,
    Query(query): Query<DownloadQuery>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let saved = load(&state, &a, &workout).await?;
    export(&saved, &a, query.step.as_deref(), query.format.as_deref())
        .map(IntoResponse::into_response)
}

/// The saved workout as a file, by the catalog's code path.
fn export(
    saved: &SavedWorkout,
    a: &Athlete,
    step: Option<&str>,
    format: Option<&str>,
) -> Result<workouts::Export, Error> {
    let step = workouts::parse_step(step).map_err(|e| Error::Invalid(vec![e]))?;
    let w = workouts::parse_saved(saved)?;
    workouts::export(
        &workouts::saved_key(saved.id),
        &workouts::saved_title(saved),
        &w,
        a,
        step,
        format,
        Timestamp::now().as_second(),
    )
}

async fn delete_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(workout): Path<String>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let id = workouts::saved_id(&workout)?;
    if !state.store().delete_workout(a.id, id).await? {
        return Err(Error::NotFound(format!(
            "{} has no saved workout {}; it may have been deleted already",
            a.profile.name, id.0
        )));
    }
    Ok(Redirect::to("/workouts#mine").into_response())
}

// ----- API -----

/// A workout to save: `{"name": "...", "text": "..."}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveBody {
    pub name: String,
    pub text: String,
}

async fn api_list(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Json<PageView<SavedView>>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let page = query.read(List::Workouts)?;
    let list = state.store().workouts_page(a.id, &page).await?;
    Ok(Json(PageView::of(list, |w| SavedView::of(&w))))
}

async fn saved_view(state: &AppState, a: AthleteId, id: WorkoutId) -> Result<SavedView, Error> {
    let saved = state
        .store()
        .workout(a, id)
        .await?
        .ok_or_else(|| Error::Internal("a workout just saved could not be read".to_owned()))?;
    Ok(SavedView::of(&saved))
}

async fn api_save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<SaveBody>,
) -> Result<(StatusCode, Json<SavedView>), Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    match store(&state, a.id, None, &body.name, &body.text).await? {
        Outcome::Stored(saved) => {
            let status = match saved {
                Saved::New(_) => StatusCode::CREATED,
                Saved::Replaced(_) => StatusCode::OK,
            };
            Ok((status, Json(saved_view(&state, a.id, saved.id()).await?)))
        }
        Outcome::Invalid(errors) => Err(Error::Invalid(errors)),
    }
}

async fn api_get(
    State(state): State<AppState>,
    Path((id, workout)): Path<(String, String)>,
) -> Result<Json<SavedView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    Ok(Json(SavedView::of(&load(&state, &a, &workout).await?)))
}

async fn api_update(
    State(state): State<AppState>,
    Path((id, workout)): Path<(String, String)>,
    Json(body): Json<SaveBody>,
) -> Result<Json<SavedView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let wid = workouts::saved_id(&workout)?;
    match store(&state, a.id, Some(wid), &body.name, &body.text).await? {
        Outcome::Stored(saved) => Ok(Json(saved_view(&state, a.id, saved.id()).await?)),
        Outcome::Invalid(errors) => Err(Error::Invalid(errors)),
    }
}

async fn api_delete(
    State(state): State<AppState>,
    Path((id, workout)): Path<(String, String)>,
) -> Result<StatusCode, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let wid = workouts::saved_id(&workout)?;
    if state.store().delete_workout(a.id, wid).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_workout(a.id, wid))
    }
}

async fn api_resolved(
    State(state): State<AppState>,
    Path((id, workout)): Path<(String, String)>,
    Query(query): Query<StepQuery>,
) -> Result<Json<ShowView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let saved = load(&state, &a, &workout).await?;
    let step = workouts::parse_step(query.step.as_deref()).map_err(|e| Error::Invalid(vec![e]))?;
    let w = workouts::parse_saved(&saved)?;
    let title = workouts::saved_title(&saved);
    Ok(Json(workouts::show(
        &workouts::saved_key(saved.id),
        &title,
        &w,
        &a,
        step,
    )?))
}

async fn api_export(
    State(state): State<AppState>,
    Path((id, workout)): Path<(String, String)>,
    Query(query): Query<DownloadQuery>,
) -> Result<workouts::Export, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let saved = load(&state, &a, &workout).await?;
    export(&saved, &a, query.step.as_deref(), query.format.as_deref())
}
