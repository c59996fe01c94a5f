//! The HTML pages: askama templates under `templates/`, one handler per page.
//!
//! Pages are thin: they pick the current athlete, call the logic the API also calls
//! (`tools`, `profile`, `workouts`) and fill a template. Every form works without
//! JavaScript; the scripts under `assets/` only add conveniences (the switcher submits on
//! change, the workout editor checks as you type). Calculators are GET forms, so a result
//! is a link that can be shared. A form with mistakes comes back with the runner's input
//! and each message beside its field.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use miler_core::{Distance, Pace};
use miler_store::{Athlete, AthleteId, DEFAULT_LIMIT, List, Page, Units};
use serde::Deserialize;

use crate::activities::{self, FileReport, UPLOAD_LIMIT_BYTES};
use crate::athlete::{self, Viewer};
use crate::error::FieldError;
use crate::fmt::{self, clock, clock0, secs};
use crate::mine::{self, MineRow};
use crate::paging::{More, PageQuery, PageView};
use crate::profile::{self, ProfileForm};
use crate::tools::{self, AgeGradeInput, PaceInput, PredictInput, TreadmillInput};
use crate::workouts::{self, CardRow, CheckView, ShowView};
use crate::{AppState, Error};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/welcome", get(welcome).post(save_profile))
        .route("/profile", get(edit_profile))
        .route("/athletes", get(athletes))
        .route("/athletes/switch", post(switch))
        .route("/tools", get(tools_index))
        .route("/tools/pace", get(pace))
        .route("/tools/predict", get(predict))
        .route("/tools/agegrade", get(agegrade))
        .route("/tools/treadmill", get(treadmill))
        .route("/workouts", get(catalog))
        .route("/workouts/editor", get(editor).post(check_editor))
        .route("/workouts/{id}", get(workout))
        .route("/workouts/{id}/card", get(card))
        .route("/workouts/{id}/download", get(download))
        .route(
            "/activities",
            get(activities_page)
                .post(upload)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT_BYTES)),
        )
        .route("/activities/{id}", get(activity_page))
}

/// What every page's frame shows: the title, the section, and the athlete switcher.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub title: String,
    pub nav: &'static str,
    pub athletes: Vec<AthleteOption>,
    pub units: Units,
}

#[derive(Debug, Clone)]
pub struct AthleteOption {
    pub id: i64,
    pub name: String,
    pub selected: bool,
}

impl Chrome {
    /// The frame without athletes, for error pages.
    pub fn bare(title: &str) -> Chrome {
        Chrome {
            title: title.to_owned(),
            nav: "",
            athletes: Vec::new(),
            units: Units::Km,
        }
    }

    pub(crate) async fn load(
        state: &AppState,
        current: Option<&Athlete>,
        title: &str,
        nav: &'static str,
    ) -> Result<Chrome, Error> {
        // The switcher offers the first page of athletes, and the current one wherever it
        // is; the Athletes page lists them all, a page at a time.
        let first = Page::first(List::Athletes, DEFAULT_LIMIT)
            .map_err(|e| Error::Internal(e.to_string()))?;
        let mut athletes = state.store().athletes_page(&first, true).await?.items;
        if let Some(c) = current
            && c.profile.onboarded
            && !athletes.iter().any(|a| a.id == c.id)
        {
            athletes.push(c.clone());
        }
        Ok(Chrome {
            title: title.to_owned(),
            nav,
            athletes: athletes
                .iter()
                .map(|a| AthleteOption {
                    id: a.id.0,
                    name: a.profile.name.clone(),
                    selected: current.is_some_and(|c| c.id == a.id),
                })
                .collect(),
            units: current.map_or(Units::Km, |a| a.profile.units),
        })
    }

    pub fn miles(&self) -> bool {
        self.units == Units::Mi
    }
}

/// Field errors as the templates look them up.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    /// The message for `field`, or "" when it is fine.
    pub fn get(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map_or("", |e| e.message.as_str())
    }

    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    /// The status of a page that shows these errors: 422 when there are any.
    pub fn status(&self) -> StatusCode {
        if self.any() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        }
    }
}

pub(crate) fn render(template: &impl Template, status: StatusCode) -> Result<Response, Error> {
    let html = template
        .render()
        .map_err(|e| Error::Internal(format!("rendering a page failed: {e}")))?;
    Ok((status, Html(html)).into_response())
}

/// The current athlete, or a redirect to the first-run form when nobody is set up yet.
pub(crate) async fn require_athlete(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Result<Athlete, Response>, Error> {
    Ok(match athlete::current(state, headers).await? {
        Some(a) => Ok(a),
        None => Err(Redirect::to("/welcome").into_response()),
    })
}

// ----- dashboard -----

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    name: String,
    predicted: String,
    predicted_model: String,
    predicted_from: String,
    spread: Vec<(String, String)>,
    goal: String,
    goal_date: String,
    countdown: String,
    gap: String,
    goal_pace_400: String,
    goal_pace: String,
    progress_url: String,
    plan: Option<crate::plan::DashboardPlan>,
    fitness_url: String,
}

async fn home(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let today = state.today();
    let d = profile::dashboard(&a, today);
    let chrome = Chrome::load(&state, Some(&a), "Dashboard", "home").await?;
    let plan = crate::plan::dashboard(&state, &a).await?;
    let page = DashboardPage {
        plan,
        fitness_url: format!("/api/v1/athletes/{}/fitness", a.id.0),
        chrome,
        name: a.profile.name.clone(),
        predicted: d
            .predicted_mile
            .as_ref()
            .map(|m| clock(m.time_s))
            .unwrap_or_default(),
        predicted_model: d
            .predicted_mile
            .as_ref()
            .map(|m| m.models.first().map_or("", |x| x.name).to_owned())
            .unwrap_or_default(),
        predicted_from: d
            .predicted_mile
            .as_ref()
            .map(|m| m.from.clone())
            .unwrap_or_default(),
        spread: d
            .predicted_mile
            .as_ref()
            .map(|m| {
                m.models
                    .iter()
                    .map(|x| (x.name.to_owned(), clock(x.time_s)))
                    .collect()
            })
            .unwrap_or_default(),
        goal: d.goal_mile_s.map(clock0).unwrap_or_default(),
        goal_date: d.goal_date.clone().unwrap_or_default(),
        countdown: d.days_to_goal.map(profile::countdown).unwrap_or_default(),
        gap: d
            .gap_s
            .map(|g| {
                if g > 0.0 {
                    format!("{} s to find", secs(g))
                } else {
                    format!("already {} s inside the goal", secs(-g))
                }
            })
            .unwrap_or_default(),
        goal_pace_400: d.goal_mile_s.map(|g| secs(g / 4.0)).unwrap_or_default(),
        progress_url: format!("/api/v1/athletes/{}/progress", a.id.0),
        goal_pace: a
            .profile
            .goal_mile
            .and_then(|g| Pace::of(Distance::MILE, g))
            .map(|p| fmt::pace(p, a.profile.units))
            .unwrap_or_default(),
    };
    render(&page, StatusCode::OK)
}

// ----- profile and first run -----

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    chrome: Chrome,
    heading: String,
    intro: String,
    form: ProfileForm,
    errors: Errors,
    distances: Vec<(&'static str, &'static str)>,
}

/// The distances offered for "what can you run now".
const DISTANCES: [(&str, &str); 9] = [
    ("400m", "400 m"),
    ("800m", "800 m"),
    ("1500m", "1500 m"),
    ("mile", "Mile"),
    ("3000m", "3000 m"),
    ("5k", "5 km"),
    ("10k", "10 km"),
    ("hm", "Half marathon"),
    ("marathon", "Marathon"),
];

#[derive(Debug, Default, Deserialize)]
struct WelcomeQuery {
    new: Option<String>,
}

async fn welcome(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<WelcomeQuery>,
) -> Result<Response, Error> {
    let athletes = state.store().athletes().await?;
    let current = athlete::current(&state, &headers).await?;
    // The first run fills in the athlete a new database starts with; later, a new one.
    let form = match athletes.iter().find(|a| !a.profile.onboarded) {
        Some(a) if query.new.is_none() || current.is_none() => {
            let mut form = ProfileForm::of(a);
            if a.id == AthleteId::DEFAULT && a.profile.name == "Me" {
                form.name.clear();
            }
            form
        }
        _ => ProfileForm {
            units: current
                .as_ref()
                .map_or("km", |a| a.profile.units.code())
                .to_owned(),
            ..ProfileForm::default()
        },
    };
    let first = current.is_none();
    let page = ProfilePage {
        chrome: Chrome::load(&state, current.as_ref(), "Welcome", "").await?,
        heading: if first {
            "Welcome to miler".to_owned()
        } else {
            "Add an athlete".to_owned()
        },
        intro: if first {
            "Tell miler who you are, what you can run now and the mile you want. Everything stays on this computer.".to_owned()
        } else {
            "Each athlete has their own profile, goal and workouts; switch between them at the top of every page.".to_owned()
        },
        form,
        errors: Errors::default(),
        distances: DISTANCES.to_vec(),
    };
    render(&page, StatusCode::OK)
}

async fn edit_profile(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let page = ProfilePage {
        chrome: Chrome::load(&state, Some(&a), "Profile", "profile").await?,
        heading: format!("{}'s profile", a.profile.name),
        intro: "Your result and goal set every pace and split miler shows you.".to_owned(),
        form: ProfileForm::of(&a),
        errors: Errors::default(),
        distances: DISTANCES.to_vec(),
    };
    render(&page, StatusCode::OK)
}

async fn save_profile(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<ProfileForm>,
) -> Result<Response, Error> {
    let today = state.today();
    let existing = match form.athlete_id() {
        Some(id) => state.store().athlete(AthleteId(id)).await?,
        None => None,
    };
    match form.read(today) {
        Ok(profile) => {
            let id = match &existing {
                Some(a) => {
                    state.store().update_athlete(a.id, &profile).await?;
                    a.id
                }
                None => state.store().create_athlete(&profile).await?,
            };
            let mut response = Redirect::to("/").into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, athlete::set_cookie(id));
            Ok(response)
        }
        Err(errors) => {
            let current = athlete::current(&state, &headers).await?;
            let page = ProfilePage {
                chrome: Chrome::load(&state, current.as_ref(), "Check your profile", "").await?,
                heading: "Almost there".to_owned(),
                intro: "A few answers need another look; each is marked below.".to_owned(),
                form,
                errors: Errors(errors),
                distances: DISTANCES.to_vec(),
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

// ----- athletes -----

#[derive(Template)]
#[template(path = "athletes.html")]
struct AthletesPage {
    chrome: Chrome,
    rows: Vec<AthleteRow>,
    more: More,
}

struct AthleteRow {
    id: i64,
    name: String,
    current: String,
    goal: String,
    selected: bool,
}

async fn athletes(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let page = query.read(List::Athletes)?;
    let listed = PageView::from(state.store().athletes_page(&page, true).await?);
    let more = More::of(
        &listed,
        "/athletes",
        &[("limit", query.limit.as_deref().unwrap_or(""))],
    );
    let rows = listed
        .items
        .iter()
        .map(|a| AthleteRow {
            id: a.id.0,
            name: a.profile.name.clone(),
            current: a
                .profile
                .current
                .map(|r| format!("{} in {}", r.distance(), clock(r.time().secs())))
                .unwrap_or_else(|| "no result yet".to_owned()),
            goal: a
                .profile
                .goal_mile
                .map(|g| format!("{} mile", clock0(g.secs())))
                .unwrap_or_default(),
            selected: current.as_ref().is_some_and(|c| c.id == a.id),
        })
        .collect();
    let page = AthletesPage {
        chrome: Chrome::load(&state, current.as_ref(), "Athletes", "athletes").await?,
        rows,
        more,
    };
    render(&page, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
struct SwitchForm {
    athlete: String,
    #[serde(default)]
    back: String,
}

async fn switch(
    State(state): State<AppState>,
    Form(form): Form<SwitchForm>,
) -> Result<Response, Error> {
    let a = athlete::scoped(&state, Viewer::Local, athlete::parse_id(&form.athlete)?).await?;
    // Only a path on this site: never an open redirect.
    let back = if form.back.starts_with('/')
        && !form.back.starts_with("//")
        && form.back.bytes().all(|b| b.is_ascii_graphic())
    {
        form.back.as_str()
    } else {
        "/"
    };
    let mut response = Redirect::to(back).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, athlete::set_cookie(a.id));
    Ok(response)
}

// ----- tools -----

#[derive(Template)]
#[template(path = "tools.html")]
struct ToolsPage {
    chrome: Chrome,
}

async fn tools_index(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let page = ToolsPage {
        chrome: Chrome::load(&state, current.as_ref(), "Tools", "tools").await?,
    };
    render(&page, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "pace.html")]
struct PacePage {
    chrome: Chrome,
    distance: String,
    time: String,
    errors: Errors,
    result: Option<PaceResult>,
}

struct PaceResult {
    headline: String,
    per_400: String,
    rule: String,
    exact_400: String,
    pace_km: String,
    pace_mi: String,
    speed: String,
    splits: Vec<(String, String)>,
    note: String,
}

fn or_empty(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

async fn pace(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(input): Query<PaceInput>,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let chrome = Chrome::load(&state, current.as_ref(), "Pace calculator", "tools").await?;
    let (result, errors) = if tools::any_given(&[&input.distance, &input.time]) {
        match tools::pace(&input) {
            Ok(calc) => {
                let mile = calc.per_400m_rule.starts_with("a mile");
                (
                    Some(PaceResult {
                        headline: format!("{} in {}", calc.distance, clock(calc.time_s)),
                        per_400: secs(calc.per_400m_s),
                        rule: calc.per_400m_rule.to_owned(),
                        exact_400: secs(calc.exact_per_400m_s),
                        pace_km: format!("{}/km", clock(calc.pace_s_per_km)),
                        pace_mi: format!("{}/mi", clock(calc.pace_s_per_mile)),
                        speed: format!("{:.1} km/h · {:.2} mph", calc.speed_kmh, calc.speed_mph),
                        splits: calc
                            .splits
                            .iter()
                            .map(|s| (format!("{} m", fmt::metres(s.at_m)), clock(s.time_s)))
                            .collect(),
                        note: if mile {
                            tools::race_laps_note().to_owned()
                        } else {
                            String::new()
                        },
                    }),
                    Errors::default(),
                )
            }
            Err(errors) => (None, Errors(errors)),
        }
    } else {
        (None, Errors::default())
    };
    let page = PacePage {
        chrome,
        distance: input.distance.clone().unwrap_or_else(|| "mile".to_owned()),
        time: or_empty(&input.time),
        errors,
        result,
    };
    render(&page, page.errors.status())
}

#[derive(Template)]
#[template(path = "predict.html")]
struct PredictPage {
    chrome: Chrome,
    results: String,
    sex: String,
    to: String,
    errors: Errors,
    table: Option<tools::PredictionTable>,
    mile: String,
    combination: String,
}

async fn predict(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(mut input): Query<PredictInput>,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let chrome = Chrome::load(&state, current.as_ref(), "Race predictor", "tools").await?;
    let asked = tools::any_given(&[&input.results, &input.to]);
    if !asked && let Some(a) = &current {
        // Start from the athlete's own result, so the page opens with an answer.
        input.results = a.profile.current.map(|r| r.to_string());
        input.sex = a.profile.sex.map(|s| s.code().to_owned());
    }
    let mut page = PredictPage {
        chrome,
        results: or_empty(&input.results),
        sex: input.sex.clone().unwrap_or_else(|| "M".to_owned()),
        to: or_empty(&input.to),
        errors: Errors::default(),
        table: None,
        mile: String::new(),
        combination: String::new(),
    };
    if tools::any_given(&[&input.results]) || asked {
        match tools::predict(&input) {
            Ok((forecast, view)) => {
                page.table = Some(tools::table(&forecast));
                page.mile = view.mile.unwrap_or_default();
                page.combination = view.forecast.combination;
            }
            Err(errors) => page.errors = Errors(errors),
        }
    }
    render(&page, page.errors.status())
}

#[derive(Template)]
#[template(path = "agegrade.html")]
struct AgeGradePage {
    chrome: Chrome,
    result: String,
    age: String,
    sex: String,
    table: String,
    errors: Errors,
    grade: Option<tools::AgeGradeView>,
    class: String,
}

impl AgeGradePage {
    fn pct(&self) -> String {
        self.grade
            .as_ref()
            .map(|g| format!("{:.2} %", g.age_grade_pct))
            .unwrap_or_default()
    }
    fn graded(&self) -> String {
        self.grade
            .as_ref()
            .map(|g| clock(g.age_graded_time_s))
            .unwrap_or_default()
    }
    fn age_standard(&self) -> String {
        self.grade
            .as_ref()
            .map(|g| clock(g.age_standard_s))
            .unwrap_or_default()
    }
    fn open_standard(&self) -> String {
        self.grade
            .as_ref()
            .map(|g| clock(g.open_standard_s))
            .unwrap_or_default()
    }
}

async fn agegrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(mut input): Query<AgeGradeInput>,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let chrome = Chrome::load(&state, current.as_ref(), "Age grading", "tools").await?;
    let asked = tools::any_given(&[&input.result, &input.age, &input.sex]);
    if !asked && let Some(a) = &current {
        input.age = a.profile.age_on(state.today()).map(|x| x.to_string());
        input.sex = a.profile.sex.map(|s| s.code().to_owned());
    }
    let (grade, errors) = if asked {
        match tools::age_grade(&input) {
            Ok(g) => (Some(g), Errors::default()),
            Err(e) => (None, Errors(e)),
        }
    } else {
        (None, Errors::default())
    };
    let page = AgeGradePage {
        chrome,
        result: or_empty(&input.result),
        age: or_empty(&input.age),
        sex: or_empty(&input.sex),
        table: input.table.clone().unwrap_or_else(|| "wma2023".to_owned()),
        class: grade
            .as_ref()
            .map(|g| tools::grade_class(g.age_grade_pct).to_owned())
            .unwrap_or_default(),
        errors,
        grade,
    };
    render(&page, page.errors.status())
}

#[derive(Template)]
#[template(path = "treadmill.html")]
struct TreadmillPage {
    chrome: Chrome,
    pace: String,
    per: String,
    speed: String,
    speed_unit: String,
    errors: Errors,
    result: Option<Vec<(String, String)>>,
}

async fn treadmill(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(input): Query<TreadmillInput>,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let chrome = Chrome::load(&state, current.as_ref(), "Treadmill converter", "tools").await?;
    let miles = chrome.miles();
    let (result, errors) = if tools::any_given(&[&input.pace, &input.speed]) {
        match tools::treadmill(&input) {
            Ok(v) => (
                Some(vec![
                    (
                        "Pace per km".to_owned(),
                        format!("{}/km", clock(v.pace_s_per_km)),
                    ),
                    (
                        "Pace per mile".to_owned(),
                        format!("{}/mi", clock(v.pace_s_per_mile)),
                    ),
                    (
                        "Per 400 m lap".to_owned(),
                        format!("{} s", secs(v.per_400m_s)),
                    ),
                    (
                        "Treadmill km/h".to_owned(),
                        format!("{:.1} km/h", v.speed_kmh),
                    ),
                    (
                        "Treadmill mph".to_owned(),
                        format!("{:.1} mph", v.speed_mph),
                    ),
                    (
                        "Metres per second".to_owned(),
                        format!("{:.2} m/s", v.speed_m_s),
                    ),
                ]),
                Errors::default(),
            ),
            Err(e) => (None, Errors(e)),
        }
    } else {
        (None, Errors::default())
    };
    let page = TreadmillPage {
        chrome,
        pace: or_empty(&input.pace),
        per: input
            .per
            .clone()
            .unwrap_or_else(|| if miles { "mi" } else { "km" }.to_owned()),
        speed: or_empty(&input.speed),
        speed_unit: input
            .speed_unit
            .clone()
            .unwrap_or_else(|| if miles { "mph" } else { "km/h" }.to_owned()),
        errors,
        result,
    };
    render(&page, page.errors.status())
}

// ----- workouts -----

#[derive(Template)]
#[template(path = "catalog.html")]
struct CatalogPage {
    chrome: Chrome,
    entries: Vec<workouts::EntryView>,
    mine: Vec<MineRow>,
    mine_more: More,
}

async fn catalog(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let (mine, mine_more) = mine::rows(&state, current.as_ref(), &query).await?;
    let page = CatalogPage {
        chrome: Chrome::load(&state, current.as_ref(), "Workouts", "workouts").await?,
        entries: workouts::catalog_views(),
        mine,
        mine_more,
    };
    render(&page, StatusCode::OK)
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct StepQuery {
    pub step: Option<String>,
}

#[derive(Template)]
#[template(path = "workout.html")]
struct WorkoutPage {
    chrome: Chrome,
    entry: workouts::EntryView,
    /// Where the card and downloads of this workout are.
    base: String,
    step: String,
    problem: String,
    errors: Errors,
    splits: Splits,
}

/// The splits section of a workout page, catalog or saved (`templates/splits.html`).
#[derive(Default)]
pub(crate) struct Splits {
    /// "3 of 8" for one session of a progression; empty otherwise.
    pub session: String,
    pub show: Option<ShowView>,
    pub rows: Vec<CardRow>,
    pub track: Option<TrackText>,
    pub summary: String,
}

/// Fills a workout page from `shown`, the workout at session `step` resolved for an athlete
/// who reads distances in `units`: the splits section, or the field errors or the problem
/// (no result or goal yet, say) that stand in its way. Returns the page's status.
pub(crate) fn fill_splits(
    shown: Result<ShowView, Error>,
    (units, step): (Units, (u32, u32)),
    splits: &mut Splits,
    errors: &mut Errors,
    problem: &mut String,
) -> Result<StatusCode, Error> {
    match shown {
        Ok(show) => {
            *splits = Splits {
                session: if step.1 > 1 {
                    format!("{} of {}", step.0, step.1)
                } else {
                    String::new()
                },
                rows: workouts::card_rows(&show, units),
                track: track_text(&show),
                summary: summary(&show),
                show: Some(show),
            };
            Ok(StatusCode::OK)
        }
        Err(Error::Invalid(e)) => {
            *errors = Errors(e);
            Ok(StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(Error::BadRequest(message)) => {
            *problem = message;
            Ok(StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "card.html")]
pub(crate) struct CardPage {
    pub chrome: Chrome,
    pub title: String,
    pub who: String,
    pub session: String,
    pub basis: Vec<String>,
    pub rows: Vec<CardRow>,
    pub track: Option<TrackText>,
    pub summary: String,
    pub back: String,
}

/// The goal pace on the track, as the card prints it.
pub(crate) struct TrackText {
    pub heading: String,
    pub per_400: String,
    pub per_200: String,
    pub laps_400: Vec<(String, String)>,
    pub laps_200: Vec<(String, String)>,
    pub bends: Vec<(String, String)>,
}

pub(crate) fn track_text(show: &ShowView) -> Option<TrackText> {
    let t = show.track.as_ref()?;
    let marks = |laps: &[workouts::LapMark]| {
        laps.iter()
            .map(|l| {
                (
                    format!("{} m", fmt::metres(l.cumulative_distance_m)),
                    clock(l.cumulative_s),
                )
            })
            .collect()
    };
    Some(TrackText {
        heading: if t.own_goal {
            format!("Goal pace: {} mile", clock0(t.goal_mile_s))
        } else {
            format!("Mile pace today: {} (no goal set)", clock(t.goal_mile_s))
        },
        per_400: secs(t.per_400m_s),
        per_200: secs(t.per_200m_s),
        laps_400: marks(&t.laps_400m_track),
        laps_200: marks(&t.laps_200m_track),
        bends: t
            .bends_and_straights
            .iter()
            .map(|s| (s.part.to_owned(), format!("{} s", secs(s.split_s))))
            .collect(),
    })
}

pub(crate) fn summary(show: &ShowView) -> String {
    format!(
        "About {:.1} km and {} in all · load {:.0} (session RPE) · about {:.0} kcal at {} kg",
        show.resolved.total_distance_m / 1000.0,
        clock0(show.resolved.total_time_s),
        show.resolved.load,
        show.resolved.energy_kcal,
        show.resolved.mass_kg
    )
}

async fn workout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<StepQuery>,
) -> Result<Response, Error> {
    let entry = workouts::entry(&id)?;
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let chrome = Chrome::load(&state, Some(&a), entry.title, "workouts").await?;
    let mut page = WorkoutPage {
        chrome,
        entry: workouts::entry_view(entry),
        base: format!("/workouts/{}", entry.id),
        step: or_empty(&query.step),
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
    let shown = workouts::show(entry.id, entry.title, &entry.workout(), &a, step);
    let status = fill_splits(
        shown,
        (a.profile.units, step),
        &mut page.splits,
        &mut page.errors,
        &mut page.problem,
    )?;
    render(&page, status)
}

async fn card(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<StepQuery>,
) -> Result<Response, Error> {
    let entry = workouts::entry(&id)?;
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let step = workouts::parse_step(query.step.as_deref()).map_err(|e| Error::Invalid(vec![e]))?;
    let show = workouts::show(entry.id, entry.title, &entry.workout(), &a, step)?;
    let page = CardPage {
        chrome: Chrome::load(
            &state,
            Some(&a),
            &format!("{} · splits card", entry.title),
            "workouts",
        )
        .await?,
        title: entry.title.to_owned(),
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
        back: format!("/workouts/{}", entry.id),
    };
    render(&page, StatusCode::OK)
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct DownloadQuery {
    pub step: Option<String>,
    pub format: Option<String>,
}

async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<DownloadQuery>,
) -> Result<Response, Error> {
    let entry = workouts::entry(&id)?;
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let step = workouts::parse_step(query.step.as_deref()).map_err(|e| Error::Invalid(vec![e]))?;
    let file = workouts::export(
        entry.id,
        entry.title,
        &entry.workout(),
        &a,
        step,
        query.format.as_deref(),
        jiff::Timestamp::now().as_second(),
    )?;
    Ok(file.into_response())
}

#[derive(Template)]
#[template(path = "editor.html")]
pub(crate) struct EditorPage {
    pub chrome: Chrome,
    pub text: String,
    /// The name to save under.
    pub name: String,
    /// The saved workout being edited, whose name and text a save replaces.
    pub editing: Option<i64>,
    pub errors: Errors,
    pub check: Option<CheckView>,
    pub rows: Vec<CardRow>,
    pub summary: String,
    pub problem: String,
    /// Whether there is an athlete to save for (and list the workouts of).
    pub signed_in: bool,
    pub mine: Vec<MineRow>,
    pub mine_more: More,
}

impl EditorPage {
    /// The editor on `text`, with the athlete's saved workouts listed beside it.
    pub(crate) async fn load(
        state: &AppState,
        current: Option<&Athlete>,
        text: String,
    ) -> Result<EditorPage, Error> {
        let (mine, mine_more) = mine::rows(state, current, &PageQuery::default()).await?;
        Ok(EditorPage {
            chrome: Chrome::load(state, current, "Workout editor", "editor").await?,
            text,
            name: String::new(),
            editing: None,
            errors: Errors::default(),
            check: None,
            rows: Vec::new(),
            summary: String::new(),
            problem: String::new(),
            signed_in: current.is_some(),
            mine,
            mine_more,
        })
    }
}

const EXAMPLE: &str =
    "# My 400s\nwarm-up 15min easy\n6 x 400m @ goal, recovery 90s jog\ncool-down 10min easy\n";

#[derive(Debug, Default, Deserialize)]
struct EditorQuery {
    /// A catalog workout to start from.
    from: Option<String>,
    /// One of the athlete's saved workouts to edit.
    mine: Option<String>,
}

async fn editor(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<EditorQuery>,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    if let Some(id) = query.mine.as_deref() {
        let a = match current {
            Some(a) => a,
            None => return Ok(Redirect::to("/welcome").into_response()),
        };
        let id = workouts::saved_id(id)?;
        let saved = state.store().workout(a.id, id).await?.ok_or_else(|| {
            Error::NotFound(format!(
                "{} has no saved workout {}; the Workouts page lists them",
                a.profile.name, id.0
            ))
        })?;
        let mut page = EditorPage::load(&state, Some(&a), saved.workout.text).await?;
        page.name = saved.workout.name;
        page.editing = Some(saved.id.0);
        return render(&page, StatusCode::OK);
    }
    let text = match query.from.as_deref() {
        Some(id) => workouts::entry(id)?.text.to_owned(),
        None => EXAMPLE.to_owned(),
    };
    let page = EditorPage::load(&state, current.as_ref(), text).await?;
    render(&page, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
struct EditorForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    id: Option<String>,
}

async fn check_editor(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<EditorForm>,
) -> Result<Response, Error> {
    let current = athlete::current(&state, &headers).await?;
    let mut page = EditorPage::load(&state, current.as_ref(), form.text.clone()).await?;
    page.name = form.name;
    page.editing = form
        .id
        .as_deref()
        .and_then(|id| workouts::saved_id(id.trim()).ok())
        .map(|id| id.0);
    match workouts::check(&form.text) {
        Ok((check, workout)) => {
            if let (Some(w), Some(a)) = (workout, &current) {
                match workouts::show("mine", &workouts::title_of(&form.text), &w, a, (1, 1)) {
                    Ok(show) => {
                        page.rows = workouts::card_rows(&show, a.profile.units);
                        page.summary = summary(&show);
                    }
                    Err(e) => page.problem = e.to_string(),
                }
            }
            let status = if check.ok {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            page.check = Some(check);
            render(&page, status)
        }
        Err(Error::Invalid(errors)) => {
            page.errors = Errors(errors);
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}

// ----- activities -----

#[derive(Template)]
#[template(path = "activities.html")]
struct ActivitiesPage {
    chrome: Chrome,
    athlete_id: i64,
    reports: Vec<FileReport>,
    rows: Vec<ActivityLine>,
    more: More,
}

struct ActivityLine {
    id: i64,
    date: String,
    name: String,
    sport: String,
    distance: String,
    time: String,
    pace: String,
}

fn lines(list: &[miler_store::ActivitySummary], units: Units) -> Vec<ActivityLine> {
    list.iter()
        .map(|a| ActivityLine {
            id: a.id.0,
            date: a
                .start_time
                .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|| "—".to_owned()),
            name: a.name.clone().unwrap_or_else(|| a.source_name.clone()),
            sport: a.sport.clone(),
            distance: distance_text(a.distance.metres(), units),
            time: clock0(a.elapsed.secs()),
            pace: Pace::of(a.distance, a.moving)
                .filter(|_| a.distance.metres() > 0.0)
                .map(|p| fmt::pace(p, units))
                .unwrap_or_default(),
        })
        .collect()
}

/// `5.02 km` or `3.12 mi`.
fn distance_text(metres: f64, units: Units) -> String {
    match units {
        Units::Km => format!("{:.2} km", metres / 1000.0),
        Units::Mi => format!("{:.2} mi", metres / Distance::MILE.metres()),
    }
}

async fn activities_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let page = query.read(List::Activities)?;
    let list = PageView::from(state.store().activities_page(a.id, &page).await?);
    let page = ActivitiesPage {
        chrome: Chrome::load(&state, Some(&a), "Activities", "activities").await?,
        athlete_id: a.id.0,
        reports: Vec::new(),
        rows: lines(&list.items, a.profile.units),
        more: More::of(
            &list,
            "/activities",
            &[("limit", query.limit.as_deref().unwrap_or(""))],
        ),
    };
    render(&page, StatusCode::OK)
}

async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let reports = activities::receive(&state, a.id, multipart).await?;
    let first =
        Page::first(List::Activities, DEFAULT_LIMIT).map_err(|e| Error::Internal(e.to_string()))?;
    let list = PageView::from(state.store().activities_page(a.id, &first).await?);
    let page = ActivitiesPage {
        chrome: Chrome::load(&state, Some(&a), "Activities", "activities").await?,
        athlete_id: a.id.0,
        reports,
        rows: lines(&list.items, a.profile.units),
        more: More::of(&list, "/activities", &[]),
    };
    render(&page, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "activity.html")]
struct ActivityPage {
    chrome: Chrome,
    title: String,
    when: String,
    headline: Vec<(String, String)>,
    samples_url: String,
    laps: Vec<Vec<String>>,
    splits: Vec<(String, String)>,
    split_unit: String,
    efforts: Vec<(String, String, String)>,
    intervals: Vec<Vec<String>>,
    notes: Vec<String>,
    compliance: Option<crate::plan::ComplianceBox>,
}

async fn activity_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let a = match require_athlete(&state, &headers).await? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let stored = activities::load(&state, a.id, &id).await?;
    let v = activities::analyse(&stored);
    let units = a.profile.units;
    let s = &v.summary;
    let pace_of = |metres: f64, secs: f64| {
        Distance::from_metres(metres)
            .zip(miler_core::Duration::from_secs(secs))
            .and_then(|(d, t)| Pace::of(d, t))
            .filter(|_| metres > 0.0)
            .map(|p| fmt::pace(p, units))
            .unwrap_or_else(|| "—".to_owned())
    };
    let mut headline = vec![
        ("Distance".to_owned(), distance_text(s.distance_m, units)),
        ("Time".to_owned(), clock0(s.elapsed_s)),
        ("Moving".to_owned(), clock0(s.moving_s)),
        ("Pace".to_owned(), pace_of(s.distance_m, s.moving_s)),
    ];
    if let Some(vdot) = &v.vdot_estimate {
        headline.push((
            "VDOT".to_owned(),
            format!("{:.1} (from the {})", vdot.vdot, vdot.from),
        ));
    }
    let splits = match units {
        Units::Km => &v.splits.km,
        Units::Mi => &v.splits.mile,
    };
    let mut notes = Vec::new();
    if let Some(t) = &v.track {
        notes.push(format!(
            "Run on a {} m track (seen from its {}).",
            t.lap_m, t.evidence
        ));
    }
    if !v.pauses.is_empty() {
        let total: f64 = v.pauses.iter().map(|p| p.length_s).sum();
        notes.push(format!(
            "{} pause{} ({}), {} in all.",
            v.pauses.len(),
            if v.pauses.len() == 1 { "" } else { "s" },
            if v.pauses_from_timer {
                "timer stopped"
            } else {
                "standing still"
            },
            clock0(total)
        ));
    }
    let compliance = crate::plan::compliance(&state, &a, &stored).await?;
    let page = ActivityPage {
        compliance,
        chrome: Chrome::load(&state, Some(&a), "Activity", "activities").await?,
        title: s.name.clone().unwrap_or_else(|| s.source.clone()),
        when: s
            .start_time
            .clone()
            .map(|t| format!("{} · {}", t, s.sport))
            .unwrap_or_else(|| s.sport.clone()),
        headline,
        samples_url: format!("/api/v1/athletes/{}/activities/{}/samples", a.id.0, s.id),
        laps: v
            .laps
            .iter()
            .map(|l| {
                vec![
                    l.lap.to_string(),
                    format!("{} m", fmt::metres(l.distance_m)),
                    clock(l.time_s),
                    pace_of(l.distance_m, l.time_s),
                    l.average_heart_rate_bpm
                        .map(|h| h.to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect(),
        splits: splits
            .iter()
            .map(|sp| {
                let whole = splits
                    .first()
                    .is_some_and(|first| (sp.distance_m - first.distance_m).abs() < 0.5);
                let label = if whole {
                    sp.split.to_string()
                } else {
                    format!("{} ({})", sp.split, distance_text(sp.distance_m, units))
                };
                (label, clock(sp.time_s))
            })
            .collect(),
        split_unit: if units == Units::Mi {
            "Mile splits"
        } else {
            "Kilometre splits"
        }
        .to_owned(),
        efforts: v
            .best_efforts
            .iter()
            .map(|e| (e.name.to_owned(), clock(e.time_s), clock0(e.start_offset_s)))
            .collect(),
        intervals: v
            .intervals
            .iter()
            .map(|i| {
                vec![
                    i.kind.to_owned(),
                    format!("{} m", fmt::metres(i.distance_m.round())),
                    clock(i.time_s),
                    clock0(i.start_offset_s),
                ]
            })
            .collect(),
        notes,
    };
    render(&page, StatusCode::OK)
}
