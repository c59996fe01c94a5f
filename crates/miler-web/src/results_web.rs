//! The pages and API endpoints of the results log, leaderboards and challenges. The logic is
//! in [`crate::results`] and [`crate::leaderboards`], shared with the command line; these
//! handlers only pick the athlete, call it and fill a template or a JSON body.
//!
//! Pages: `/results` (the form, the log, PRs and progression, CSV import and export),
//! `/leaderboards` (a GET form of filters, so a board is a link), `/challenges` and
//! `/challenges/{id}` (post an entry, see the ranking). Every write is a plain HTML form
//! answered by a redirect (POST-redirect-GET); a form with mistakes comes back with the
//! input kept and each message beside its field.

use askama::Template;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use jiff::Timestamp;
use miler_core::Pace;
use miler_store::{Athlete, List, ResultId, Units};
use serde::Deserialize;

use crate::athlete::{self, Viewer};
use crate::fmt::{self, clock};
use crate::leaderboards::{
    self, AgeGroup, ChallengeSummary, ChallengeView, LeaderboardInput, LeaderboardView, Period,
    WeightClass,
};
use crate::pages::{Chrome, Errors, render, require_athlete};
use crate::paging::{More, PageQuery};
use crate::results::{
    self, CSV_LIMIT_BYTES, EVENTS, FEELINGS, ImportView, LogView, ResultForm, ResultJson,
    ResultView,
};
use crate::{AppState, Error};

/// The pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/results", get(results_page).post(add_result))
        .route(
            "/results/import",
            post(import_page).layer(DefaultBodyLimit::max(CSV_LIMIT_BYTES + 64 * 1024)),
        )
        .route("/results/export.csv", get(export_page))
        .route("/results/{result}/delete", post(delete_page))
        .route("/leaderboards", get(leaderboards_page))
        .route("/challenges", get(challenges_page))
        .route(
            "/challenges/{challenge}",
            get(challenge_page).post(post_entry),
        )
}

/// The API endpoints, under `/api/v1`.
pub fn endpoints() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/athletes/{id}/results", get(api_log)),
        (Method::POST, "/athletes/{id}/results", post(api_add)),
        (
            Method::GET,
            "/athletes/{id}/results/{result}",
            get(api_result),
        ),
        (
            Method::DELETE,
            "/athletes/{id}/results/{result}",
            axum::routing::delete(api_delete),
        ),
        (
            Method::POST,
            "/athletes/{id}/results/import",
            post(api_import).layer(DefaultBodyLimit::max(CSV_LIMIT_BYTES)),
        ),
        (
            Method::GET,
            "/athletes/{id}/results/export",
            get(api_export),
        ),
        (Method::GET, "/leaderboards", get(api_leaderboard)),
        (Method::GET, "/challenges", get(api_challenges)),
        (Method::GET, "/challenges/{challenge}", get(api_challenge)),
        (
            Method::POST,
            "/athletes/{id}/challenges/{challenge}",
            post(api_entry),
        ),
    ]
}

fn now() -> Timestamp {
    Timestamp::now()
}

fn result_id(text: &str) -> Result<ResultId, Error> {
    text.parse::<i64>()
        .ok()
        .filter(|&id| id > 0)
        .map(ResultId)
        .ok_or_else(|| {
            Error::BadRequest(format!(
                "`{text}` is not a result id: ids are whole numbers such as 3; GET /api/v1/athletes/{{id}}/results lists them"
            ))
        })
}

fn csv_response(body: String) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"miler-results.csv\""),
    );
    response
}

// ----- API -----

async fn api_log(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(page): Query<PageQuery>,
) -> Result<Json<LogView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let page = page.read(List::Results)?;
    Ok(Json(results::log(state.store(), a.id, &page).await?))
}

async fn api_add(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<ResultJson>,
) -> Result<(StatusCode, Json<ResultView>), Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let result = body
        .read(&a.profile, state.today())
        .map_err(Error::Invalid)?;
    let id = state.store().add_result(a.id, &result, now()).await?;
    let stored = state
        .store()
        .result(a.id, id)
        .await?
        .ok_or_else(|| Error::Internal("a result just saved could not be read".to_owned()))?;
    Ok((StatusCode::CREATED, Json(ResultView::of(&stored))))
}

async fn api_result(
    State(state): State<AppState>,
    Path((id, result)): Path<(String, String)>,
) -> Result<Json<ResultView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let rid = result_id(&result)?;
    let stored = state
        .store()
        .result(a.id, rid)
        .await?
        .ok_or_else(|| no_result(a.id.0, rid))?;
    Ok(Json(ResultView::of(&stored)))
}

fn no_result(athlete: i64, id: ResultId) -> Error {
    Error::NotFound(format!(
        "athlete {athlete} has no result {}; GET /api/v1/athletes/{athlete}/results lists them",
        id.0
    ))
}

async fn api_delete(
    State(state): State<AppState>,
    Path((id, result)): Path<(String, String)>,
) -> Result<StatusCode, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let rid = result_id(&result)?;
    if state.store().delete_result(a.id, rid).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_result(a.id.0, rid))
    }
}

async fn api_import(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<ImportView>, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let view = results::import_csv(state.store(), &a, &body, state.today(), now()).await?;
    Ok(Json(view))
}

async fn api_export(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let list = state.store().results(a.id).await?;
    Ok(csv_response(results::export_csv(&list)))
}

async fn api_leaderboard(
    State(state): State<AppState>,
    Query(input): Query<LeaderboardInput>,
    Query(page): Query<PageQuery>,
) -> Result<Json<LeaderboardView>, Error> {
    let filters = input.read().map_err(Error::Invalid)?;
    let page = page.read(List::Ranking)?;
    let athletes = athlete::visible(&state, Viewer::Local).await?;
    let view =
        leaderboards::leaderboard(state.store(), &athletes, &filters, state.today(), &page).await?;
    Ok(Json(view))
}

async fn api_challenges(
    State(state): State<AppState>,
) -> Result<Json<Vec<ChallengeSummary>>, Error> {
    let athletes = athlete::visible(&state, Viewer::Local).await?;
    Ok(Json(
        leaderboards::challenge_list(state.store(), &athletes, state.today()).await?,
    ))
}

async fn api_challenge(
    State(state): State<AppState>,
    Path(challenge): Path<String>,
    Query(page): Query<PageQuery>,
) -> Result<Json<ChallengeView>, Error> {
    let c = leaderboards::challenge(&challenge)?;
    let page = page.read(List::Ranking)?;
    let athletes = athlete::visible(&state, Viewer::Local).await?;
    Ok(Json(
        leaderboards::challenge_view(state.store(), &athletes, c, state.today(), &page).await?,
    ))
}

async fn api_entry(
    State(state): State<AppState>,
    Path((id, challenge)): Path<(String, String)>,
    Json(mut body): Json<ResultJson>,
) -> Result<(StatusCode, Json<ResultView>), Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&id)?).await?;
    let c = leaderboards::challenge(&challenge)?;
    entry_event(&mut body.event, c)?;
    let result = body
        .read(&a.profile, state.today())
        .map_err(Error::Invalid)?;
    let id = state.store().add_result(a.id, &result, now()).await?;
    let stored = state
        .store()
        .result(a.id, id)
        .await?
        .ok_or_else(|| Error::Internal("a result just saved could not be read".to_owned()))?;
    Ok((StatusCode::CREATED, Json(ResultView::of(&stored))))
}

/// An entry is a result at the challenge's event: the event may be left out, and may not
/// be another.
fn entry_event(event: &mut String, c: &leaderboards::Challenge) -> Result<(), Error> {
    let given = event.trim();
    if given.is_empty() || results::find_event(given).is_ok_and(|e| e.code == c.event) {
        c.event.clone_into(event);
        Ok(())
    } else {
        Err(Error::field(
            "event",
            format!(
                "entries to {} are at the event {}; leave event out or give {}",
                c.title.to_lowercase(),
                c.event,
                c.event
            ),
        ))
    }
}

// ----- pages: results -----

/// A result as a table row shows it.
struct Row {
    id: i64,
    date: String,
    event: String,
    time: String,
    pace: String,
    grade: String,
    felt: String,
    again: String,
    notes: String,
}

fn row(v: &ResultView, units: Units) -> Row {
    Row {
        id: v.id,
        date: v.date.clone(),
        event: v.event_name.clone(),
        time: clock(v.time_s),
        pace: miler_core::Duration::from_secs(v.time_s)
            .zip(miler_core::Distance::from_metres(v.distance_m))
            .and_then(|(t, d)| Pace::of(d, t))
            .map(|p| fmt::pace(p, units))
            .unwrap_or_default(),
        grade: v
            .age_grade
            .as_ref()
            .map(|g| format!("{:.2} %", g.age_grade_pct))
            .unwrap_or_else(|| "—".to_owned()),
        felt: v
            .felt
            .and_then(|f| FEELINGS.iter().find(|(n, _)| *n == f))
            .map(|(_, label)| (*label).to_owned())
            .unwrap_or_default(),
        again: match v.would_repeat {
            Some(true) => "yes".to_owned(),
            Some(false) => "no".to_owned(),
            None => String::new(),
        },
        notes: v.notes.clone().unwrap_or_default(),
    }
}

struct Progression {
    event: String,
    steps: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "results.html")]
struct ResultsPage {
    chrome: Chrome,
    form: ResultForm,
    errors: Errors,
    events: Vec<(&'static str, &'static str)>,
    feelings: Vec<(String, &'static str)>,
    added: bool,
    rows: Vec<Row>,
    more: More,
    prs: Vec<Row>,
    progression: Vec<Progression>,
    import: Option<ImportView>,
    import_error: String,
    csv_header: String,
}

impl ResultsPage {
    async fn load(
        state: &AppState,
        a: &Athlete,
        form: ResultForm,
        errors: Vec<crate::FieldError>,
        query: &PageQuery,
    ) -> Result<ResultsPage, Error> {
        let page = query.read(List::Results)?;
        let log = results::log(state.store(), a.id, &page).await?;
        let units = a.profile.units;
        Ok(ResultsPage {
            chrome: Chrome::load(state, Some(a), "Results", "results").await?,
            form,
            errors: Errors(errors),
            events: EVENTS.iter().map(|e| (e.code, e.name)).collect(),
            feelings: FEELINGS.iter().map(|(n, l)| (n.to_string(), *l)).collect(),
            added: false,
            rows: log.results.items.iter().map(|v| row(v, units)).collect(),
            more: More::of(
                &log.results,
                "/results",
                &[("limit", query.limit.as_deref().unwrap_or(""))],
            ),
            prs: log.prs.iter().map(|v| row(v, units)).collect(),
            progression: log
                .progression
                .iter()
                .map(|p| Progression {
                    event: p.event_name.clone(),
                    steps: p
                        .steps
                        .iter()
                        .map(|s| {
                            (
                                s.date.clone(),
                                clock(s.time_s),
                                s.improvement_s
                                    .map(|i| format!("{} s faster", fmt::secs(i)))
                                    .unwrap_or_else(|| "first".to_owned()),
                            )
                        })
                        .collect(),
                })
                .collect(),
            import: None,
            import_error: String::new(),
            csv_header: results::CSV_COLUMNS.join(","),
        })
    }
}

#[derive(Debug, Default, Deserialize)]
struct AddedQuery {
    added: Option<String>,
    event: Option<String>,
}

async fn results_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<AddedQuery>,
    Query(paging): Query<PageQuery>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let event = query.event.as_deref().unwrap_or("mile");
    let form = ResultForm::blank(&a.profile, state.today(), event);
    let mut page = ResultsPage::load(&state, &a, form, Vec::new(), &paging).await?;
    page.added = query.added.is_some();
    render(&page, StatusCode::OK)
}

async fn add_result(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<ResultForm>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    match form.read(&a.profile, state.today()) {
        Ok(result) => {
            let id = state.store().add_result(a.id, &result, now()).await?;
            Ok(Redirect::to(&format!("/results?added={}#result-{}", id.0, id.0)).into_response())
        }
        Err(errors) => {
            let page = ResultsPage::load(&state, &a, form, errors, &PageQuery::default()).await?;
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

async fn import_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        Error::BadRequest(format!(
            "the upload could not be read ({}); choose a CSV file and send the form again",
            e.body_text()
        ))
    };
    let mut file: Option<Bytes> = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() == Some("file") {
            file = Some(field.bytes().await.map_err(unreadable)?);
        }
    }
    let blank = ResultForm::blank(&a.profile, state.today(), "mile");
    let outcome = match file.filter(|f| !f.is_empty()) {
        None => Err("choose a CSV file to import".to_owned()),
        Some(bytes) => {
            match results::import_csv(state.store(), &a, &bytes, state.today(), now()).await {
                Ok(view) => Ok(view),
                Err(Error::Invalid(fields)) => Err(fields
                    .into_iter()
                    .map(|f| f.message)
                    .collect::<Vec<_>>()
                    .join("; ")),
                Err(e) => return Err(e),
            }
        }
    };
    let mut page = ResultsPage::load(&state, &a, blank, Vec::new(), &PageQuery::default()).await?;
    let status = match outcome {
        Ok(view) => {
            page.import = Some(view);
            StatusCode::OK
        }
        Err(message) => {
            page.import_error = message;
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    render(&page, status)
}

async fn export_page(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let list = state.store().results(a.id).await?;
    Ok(csv_response(results::export_csv(&list)))
}

async fn delete_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(result): Path<String>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let rid = result_id(&result)?;
    if !state.store().delete_result(a.id, rid).await? {
        return Err(Error::NotFound(format!(
            "{} has no result {}; it may have been deleted already",
            a.profile.name, rid.0
        )));
    }
    Ok(Redirect::to("/results").into_response())
}

// ----- pages: leaderboards and challenges -----

/// A leaderboard entry as a table row shows it.
struct Entry {
    rank: u32,
    athlete: String,
    mine: bool,
    row: Row,
    age_sex: String,
}

fn entries(view: &LeaderboardView, current: Option<&Athlete>) -> Vec<Entry> {
    let units = current.map_or(Units::Km, |a| a.profile.units);
    view.entries
        .items
        .iter()
        .map(|e| Entry {
            rank: e.rank,
            athlete: e.athlete.clone(),
            mine: current.is_some_and(|a| a.id.0 == e.athlete_id),
            row: row(&e.result, units),
            age_sex: format!(
                "{}{}",
                e.result.sex.unwrap_or(""),
                e.result.age.map(|a| a.to_string()).unwrap_or_default()
            ),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "leaderboards.html")]
struct LeaderboardsPage {
    chrome: Chrome,
    input: LeaderboardInput,
    errors: Errors,
    events: Vec<(&'static str, &'static str)>,
    age_groups: Vec<(String, String)>,
    weight_classes: Vec<(&'static str, &'static str)>,
    periods: Vec<(&'static str, &'static str)>,
    heading: String,
    ranked_by: String,
    notes: Vec<String>,
    entries: Vec<Entry>,
    more: More,
    shown: bool,
}

impl LeaderboardsPage {
    fn sex(&self) -> &str {
        self.input.sex.as_deref().unwrap_or("")
    }
    fn age_group(&self) -> &str {
        self.input.age_group.as_deref().unwrap_or("")
    }
    fn weight_class(&self) -> &str {
        self.input.weight_class.as_deref().unwrap_or("")
    }
    fn event(&self) -> &str {
        self.input.event.as_deref().unwrap_or("mile")
    }
    fn by(&self) -> &str {
        self.input.by.as_deref().unwrap_or("time")
    }
    fn period(&self) -> &str {
        self.input.period.as_deref().unwrap_or("all")
    }
}

async fn leaderboards_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(input): Query<LeaderboardInput>,
    Query(paging): Query<PageQuery>,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let ranking = paging.read(List::Ranking)?;
    let mut page = LeaderboardsPage {
        chrome: Chrome::load(&state, current.as_ref(), "Leaderboards", "leaderboards").await?,
        input: input.clone(),
        errors: Errors::default(),
        events: EVENTS.iter().map(|e| (e.code, e.name)).collect(),
        age_groups: AgeGroup::all()
            .into_iter()
            .map(|g| (g.code(), g.name()))
            .collect(),
        weight_classes: WeightClass::ALL
            .iter()
            .map(|w| (w.code(), w.name()))
            .collect(),
        periods: Period::ALL.iter().map(|p| (p.code(), p.name())).collect(),
        heading: String::new(),
        ranked_by: String::new(),
        notes: Vec::new(),
        entries: Vec::new(),
        more: More::default(),
        shown: false,
    };
    match input.read() {
        Ok(filters) => {
            let athletes = athlete::visible(&state, Viewer::Local).await?;
            let view = leaderboards::leaderboard(
                state.store(),
                &athletes,
                &filters,
                state.today(),
                &ranking,
            )
            .await?;
            page.more = More::of(
                &view.entries,
                "/leaderboards",
                &[
                    ("event", page.event()),
                    ("by", page.by()),
                    ("sex", page.sex()),
                    ("age_group", page.age_group()),
                    ("weight_class", page.weight_class()),
                    ("period", page.period()),
                    ("limit", paging.limit.as_deref().unwrap_or("")),
                ],
            );
            page.heading = format!("{} · {}", view.event_name, filters.period.name());
            page.ranked_by = if view.ranked_by == "age-grade" {
                "Ranked by age grade (WMA 2023 or road tables), best per athlete.".to_owned()
            } else {
                "Ranked by time, best per athlete.".to_owned()
            };
            page.entries = entries(&view, current.as_ref());
            page.notes = view.notes;
            page.shown = true;
            render(&page, StatusCode::OK)
        }
        Err(errors) => {
            page.errors = Errors(errors);
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

#[derive(Template)]
#[template(path = "challenges.html")]
struct ChallengesPage {
    chrome: Chrome,
    list: Vec<ChallengeSummary>,
}

async fn challenges_page(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let athletes = athlete::visible(&state, Viewer::Local).await?;
    let page = ChallengesPage {
        chrome: Chrome::load(&state, current.as_ref(), "Challenges", "challenges").await?,
        list: leaderboards::challenge_list(state.store(), &athletes, state.today()).await?,
    };
    render(&page, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "challenge.html")]
struct ChallengePage {
    chrome: Chrome,
    view: ChallengeView,
    form: ResultForm,
    errors: Errors,
    feelings: Vec<(String, &'static str)>,
    posted: bool,
    entries: Vec<Entry>,
    more: More,
    can_post: bool,
}

#[derive(Debug, Default, Deserialize)]
struct PostedQuery {
    posted: Option<String>,
}

async fn challenge_page_with(
    state: &AppState,
    current: Option<&Athlete>,
    id: &str,
    form: Option<ResultForm>,
    errors: Vec<crate::FieldError>,
    paging: &PageQuery,
) -> Result<ChallengePage, Error> {
    let c = leaderboards::challenge(id)?;
    let page = paging.read(List::Ranking)?;
    let athletes = athlete::visible(state, Viewer::Local).await?;
    let view =
        leaderboards::challenge_view(state.store(), &athletes, c, state.today(), &page).await?;
    let more = More::of(
        &view.leaderboard.entries,
        &format!("/challenges/{}", c.id),
        &[("limit", paging.limit.as_deref().unwrap_or(""))],
    );
    let form = form.unwrap_or_else(|| match current {
        Some(a) => ResultForm::blank(&a.profile, state.today(), c.event),
        None => ResultForm::default(),
    });
    Ok(ChallengePage {
        chrome: Chrome::load(state, current, c.title, "challenges").await?,
        entries: entries(&view.leaderboard, current),
        more,
        view,
        form,
        errors: Errors(errors),
        feelings: FEELINGS.iter().map(|(n, l)| (n.to_string(), *l)).collect(),
        posted: false,
        can_post: current.is_some(),
    })
}

async fn challenge_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<PostedQuery>,
    Query(paging): Query<PageQuery>,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let mut page =
        challenge_page_with(&state, current.as_ref(), &id, None, Vec::new(), &paging).await?;
    page.posted = query.posted.is_some();
    render(&page, StatusCode::OK)
}

async fn post_entry(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(mut form): Form<ResultForm>,
) -> Result<Response, Error> {
    let c = leaderboards::challenge(&id)?;
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    c.event.clone_into(&mut form.event);
    match form.read(&a.profile, state.today()) {
        Ok(result) => {
            let rid = state.store().add_result(a.id, &result, now()).await?;
            Ok(Redirect::to(&format!("/challenges/{}?posted={}", c.id, rid.0)).into_response())
        }
        Err(errors) => {
            let page = challenge_page_with(
                &state,
                Some(&a),
                c.id,
                Some(form),
                errors,
                &PageQuery::default(),
            )
            .await?;
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}
