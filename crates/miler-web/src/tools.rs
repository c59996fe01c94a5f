//! The calculators pages and API share: pace calculator, race predictor, age grading and the
//! treadmill converter.
//!
//! Each takes its input as text (a query string from a linkable form, or the same
//! parameters on the API), reads it with miler-core's parsers so the messages are the CLI's
//! ("`5x` is not a distance such as 400m, ..."), and returns a serialisable view with SI
//! field names, the same as the CLI's `--json`. The numbers are miler-core's.

use miler_app::views;
use miler_core::agegrade::{self, AgeGradeError, Sex, Table};
use miler_core::limits;
use miler_core::predict::{self, Caveat, Forecast, Model, NotValid, Request};
use miler_core::splits::GoalSplits;
use miler_core::{Distance, Duration, Pace, Performance, Speed};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::fmt::round;

/// A field that must be given; the message says what to give.
fn required<'a>(
    value: &'a Option<String>,
    field: &'static str,
    example: &str,
) -> Result<&'a str, FieldError> {
    match value.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(FieldError::new(field, format!("missing: give {example}"))),
    }
}

/// Whether a form was submitted at all: a first visit shows an empty form, not errors.
pub fn any_given(values: &[&Option<String>]) -> bool {
    values
        .iter()
        .any(|v| v.as_deref().is_some_and(|t| !t.trim().is_empty()))
}

// ----- pace calculator -----

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaceInput {
    pub distance: Option<String>,
    pub time: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PaceCalc {
    pub distance: String,
    pub distance_m: f64,
    pub time_s: f64,
    pub pace_s_per_km: f64,
    pub pace_s_per_mile: f64,
    pub speed_m_s: f64,
    pub speed_kmh: f64,
    pub speed_mph: f64,
    /// The time per 400 m to train at: for a mile, the articles' four-laps convention (a
    /// 6:00 mile is 90 s); for any other distance, the even pace.
    pub per_400m_s: f64,
    pub per_400m_rule: &'static str,
    /// Per 400 m at true even pace over the whole distance.
    pub exact_per_400m_s: f64,
    /// Time on the clock at each 400 m from the start, and at the finish.
    pub splits: Vec<SplitView>,
}

#[derive(Debug, Serialize)]
pub struct SplitView {
    pub at_m: f64,
    pub time_s: f64,
}

const FOUR_LAPS_RULE: &str = "a mile counted as four 400 m laps, as the mile articles count it: a 6:00 mile is 90 s per 400 m";
const EVEN_RULE: &str = "even pace over the whole distance";
const RACE_LAPS_NOTE: &str = "a true mile is 1609.344 m: on a 400 m track it starts 9.344 m behind the line, so the first split covers 409.344 m";

/// Pace and splits for a distance run in a time.
pub fn pace(input: &PaceInput) -> Result<PaceCalc, Vec<FieldError>> {
    let mut errors = Vec::new();
    let distance = required(
        &input.distance,
        "distance",
        "a distance such as mile, 1500m or 5k",
    )
    .and_then(|t| {
        t.parse::<Distance>()
            .map_err(|e| FieldError::new("distance", e.to_string()))
    })
    .map_err(|e| errors.push(e))
    .ok();
    let time = required(&input.time, "time", "a time such as 6:00 or 24:00")
        .and_then(|t| {
            t.parse::<Duration>()
                .map_err(|e| FieldError::new("time", e.to_string()))
        })
        .map_err(|e| errors.push(e))
        .ok();
    let (Some(distance), Some(time)) = (distance, time) else {
        return Err(errors);
    };
    let Some(result) = Performance::new(distance, time) else {
        return Err(vec![FieldError::new(
            "time",
            "give a distance and a time above zero, such as mile and 6:00",
        )]);
    };
    limits::check_performance(result).map_err(|e| vec![FieldError::new("time", e.to_string())])?;
    let pace = result.pace();
    let exact_400 = pace.time_for(Distance::TRACK_400).secs();
    let mile = (distance.metres() - Distance::MILE.metres()).abs() < 0.5;
    let (per_400, rule, splits) = match GoalSplits::for_goal(time).filter(|_| mile) {
        Some(goal) => (
            goal.training_split(400.0).map_or(exact_400, Duration::secs),
            FOUR_LAPS_RULE,
            goal.laps_400m_track
                .iter()
                .map(|l| SplitView {
                    at_m: round(l.cumulative_distance.metres(), 3),
                    time_s: round(l.cumulative.secs(), 2),
                })
                .collect(),
        ),
        None => {
            let d = distance.metres();
            let mut marks: Vec<f64> = (1..)
                .map(|k| f64::from(k) * 400.0)
                .take_while(|&m| m < d - 1e-6)
                .take(250)
                .collect();
            marks.push(d);
            (
                exact_400,
                EVEN_RULE,
                marks
                    .into_iter()
                    .map(|m| SplitView {
                        at_m: round(m, 3),
                        time_s: round(time.secs() * m / d, 2),
                    })
                    .collect(),
            )
        }
    };
    Ok(PaceCalc {
        distance: distance.to_string(),
        distance_m: distance.metres(),
        time_s: round(time.secs(), 3),
        pace_s_per_km: round(pace.secs_per_km(), 2),
        pace_s_per_mile: round(pace.secs_per_mile(), 2),
        speed_m_s: round(pace.speed().m_per_s(), 4),
        speed_kmh: round(pace.speed().km_per_h(), 2),
        speed_mph: round(pace.speed().mph(), 2),
        per_400m_s: round(per_400, 2),
        per_400m_rule: rule,
        exact_per_400m_s: round(exact_400, 2),
        splits,
    })
}

/// The note under a mile's splits.
pub fn race_laps_note() -> &'static str {
    RACE_LAPS_NOTE
}

// ----- race predictor -----

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PredictInput {
    /// One or more results, `5k=24:00`, separated by commas or spaces.
    pub results: Option<String>,
    /// M or F: Horwill's step.
    pub sex: Option<String>,
    /// Target distances instead of the standard ones, separated by commas or spaces.
    pub to: Option<String>,
}

/// A forecast as `miler predict --json` has it, with the mile in a sentence for the page.
#[derive(Debug, Serialize)]
pub struct ForecastView {
    #[serde(flatten)]
    pub forecast: views::predict::ForecastView,
    /// What the valid models say about the mile, in a sentence.
    pub mile: Option<String>,
}

fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
}

fn sex_field(value: &Option<String>, field: &'static str) -> Result<Option<Sex>, FieldError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text
            .parse::<Sex>()
            .map(Some)
            .map_err(|_| FieldError::new(field, format!("`{text}` is not M or F"))),
    }
}

/// Every model's prediction for every target, as `miler predict` makes them.
pub fn predict(input: &PredictInput) -> Result<(Forecast, ForecastView), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut results = Vec::new();
    match required(
        &input.results,
        "results",
        "one or more results as DIST=TIME, such as 5k=24:00 or 400m=80 800m=2:50",
    ) {
        Ok(text) => {
            for item in items(text) {
                match item.parse::<Performance>() {
                    Ok(p) => results.push(p),
                    Err(e) => errors.push(FieldError::new("results", e.to_string())),
                }
            }
        }
        Err(e) => errors.push(e),
    }
    let sex = sex_field(&input.sex, "sex")
        .map_err(|e| errors.push(e))
        .ok()
        .flatten()
        .unwrap_or(Sex::Male);
    let mut targets = Vec::new();
    if let Some(text) = input.to.as_deref() {
        for item in items(text) {
            match item.parse::<Distance>() {
                Ok(d) if d.metres() > 0.0 => targets.push(d),
                Ok(_) => errors.push(FieldError::new(
                    "to",
                    "give target distances above zero, such as mile",
                )),
                Err(e) => errors.push(FieldError::new("to", e.to_string())),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if targets.is_empty() {
        targets = predict::STANDARD_TARGETS.to_vec();
    }
    targets.sort_by(|a, b| a.metres().total_cmp(&b.metres()));
    targets.dedup();
    let forecast = predict::predict(&Request {
        results: &results,
        targets: &targets,
        models: &Model::ALL,
        sex,
    })
    .map_err(|e| vec![FieldError::new("results", e.to_string())])?;
    let view = ForecastView {
        forecast: views::predict::ForecastView::from(&forecast),
        mile: mile_line(&forecast),
    };
    Ok((forecast, view))
}

/// The mile by each valid model, fastest first, in a sentence.
fn mile_line(f: &Forecast) -> Option<String> {
    if !f.predictions.iter().any(|p| p.target == Distance::MILE) {
        return None;
    }
    let mut mile: Vec<(Model, Duration)> = f
        .predictions
        .iter()
        .filter(|p| p.target == Distance::MILE)
        .filter_map(|p| p.time().map(|t| (p.model, t)))
        .collect();
    mile.sort_by(|a, b| a.1.secs().total_cmp(&b.1.secs()));
    Some(match mile.as_slice() {
        [] => "No model is valid for the mile from these results.".to_owned(),
        [(m, t)] => format!(
            "Mile: {} by {}, the only model valid for it here.",
            t.display_fixed(1),
            m.name()
        ),
        several => {
            let (fast, slow) = (several[0], several[several.len() - 1]);
            format!(
                "Mile: {} ({}) to {} ({}) across the {} valid models.",
                fast.1.display_fixed(1),
                fast.0.name(),
                slow.1.display_fixed(1),
                slow.0.name(),
                several.len()
            )
        }
    })
}

/// The prediction table for a page: one row per target, one cell per model, refusals as a
/// dash with a footnote marker shared by every cell with the same reason.
#[derive(Debug)]
pub struct PredictionTable {
    pub headers: Vec<&'static str>,
    pub rows: Vec<(String, Vec<Cell>)>,
    pub footnotes: Vec<(String, String)>,
}

#[derive(Debug)]
pub struct Cell {
    pub text: String,
    pub marker: String,
    pub note: String,
}

pub fn table(f: &Forecast) -> PredictionTable {
    let mut targets: Vec<Distance> = Vec::new();
    for p in &f.predictions {
        if !targets.contains(&p.target) {
            targets.push(p.target);
        }
    }
    let mut reasons: Vec<(NotValid, Vec<Distance>)> = Vec::new();
    let mut rows = Vec::new();
    for &target in &targets {
        let mut cells = Vec::new();
        for &model in &f.models {
            let Some(p) = f.get(target, model) else {
                continue;
            };
            cells.push(match &p.outcome {
                Ok(e) => Cell {
                    text: e.time.display_fixed(1),
                    marker: if e.caveat == Some(Caveat::ShortEffort) {
                        "*".to_owned()
                    } else {
                        String::new()
                    },
                    note: p.note().unwrap_or_default(),
                },
                Err(reason) => {
                    let index = match reasons.iter().position(|(r, _)| r == reason) {
                        Some(i) => i,
                        None => {
                            reasons.push((reason.clone(), Vec::new()));
                            reasons.len() - 1
                        }
                    };
                    reasons[index].1.push(target);
                    Cell {
                        text: "—".to_owned(),
                        marker: marker(index),
                        note: reason.describe(&[target]),
                    }
                }
            });
        }
        rows.push((target.to_string(), cells));
    }
    let footnotes = reasons
        .iter()
        .enumerate()
        .map(|(i, (r, ts))| {
            (
                marker(i),
                format!("{}: {}.", r.model().name(), r.describe(ts)),
            )
        })
        .collect();
    PredictionTable {
        headers: f.models.iter().map(|m| m.name()).collect(),
        rows,
        footnotes,
    }
}

fn marker(index: usize) -> String {
    match u8::try_from(index) {
        Ok(i) if i < 26 => char::from(b'a' + i).to_string(),
        _ => (index + 1).to_string(),
    }
}

// ----- age grading -----

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AgeGradeInput {
    /// The result, `mile=6:00`.
    pub result: Option<String>,
    pub age: Option<String>,
    pub sex: Option<String>,
    /// wma2023 (default), road2025, road2020.
    pub table: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AgeGradeView {
    pub factor: f64,
    pub age_grade_pct: f64,
    pub age_graded_time_s: f64,
    pub table: &'static str,
    pub table_name: &'static str,
    pub table_source: &'static str,
    pub event: &'static str,
    pub distance_m: f64,
    pub time_s: f64,
    pub age: u32,
    pub sex: &'static str,
    pub open_standard_s: f64,
    pub age_standard_s: f64,
    pub youth_factor: bool,
}

pub fn age_grade(input: &AgeGradeInput) -> Result<AgeGradeView, Vec<FieldError>> {
    let mut errors = Vec::new();
    let result = required(
        &input.result,
        "result",
        "a result as DIST=TIME, such as mile=6:00",
    )
    .and_then(|t| {
        t.parse::<Performance>()
            .map_err(|e| FieldError::new("result", e.to_string()))
    })
    .map_err(|e| errors.push(e))
    .ok();
    let age = required(&input.age, "age", "your age in whole years, such as 50")
        .and_then(|t| {
            t.parse::<u32>().map_err(|_| {
                FieldError::new(
                    "age",
                    format!("`{t}` is not a whole number of years; give an age such as 50"),
                )
            })
        })
        .map_err(|e| errors.push(e))
        .ok();
    let sex = match sex_field(&input.sex, "sex") {
        Ok(Some(s)) => Some(s),
        Ok(None) => {
            errors.push(FieldError::new(
                "sex",
                "missing: give M or F (the tables have factors for men and women only)",
            ));
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let table = match input.table.as_deref().map(str::trim) {
        None | Some("") => Some(Table::Wma2023),
        Some(text) => text
            .parse::<Table>()
            .map_err(|e| errors.push(FieldError::new("table", e.to_string())))
            .ok(),
    };
    let (Some(result), Some(age), Some(sex), Some(table)) = (result, age, sex, table) else {
        return Err(errors);
    };
    let grade = agegrade::age_grade(result, age, sex, table).map_err(|e| {
        let field = match e {
            AgeGradeError::AgeOutOfRange { .. } => "age",
            AgeGradeError::NoSuchEvent { .. } => "result",
            AgeGradeError::UnknownSex { .. } => "sex",
            AgeGradeError::UnknownTable { .. } => "table",
        };
        vec![FieldError::new(field, e.to_string())]
    })?;
    let standard = grade.standard();
    let t = standard.table();
    Ok(AgeGradeView {
        factor: standard.factor(),
        age_grade_pct: round(grade.age_grade_pct(), 2),
        age_graded_time_s: round(grade.age_graded_time().secs(), 2),
        table: t.id(),
        table_name: t.name(),
        table_source: t.source(),
        event: standard.event().name(),
        distance_m: grade.performance().distance().metres(),
        time_s: round(grade.performance().time().secs(), 3),
        age: standard.age(),
        sex: standard.sex().code(),
        open_standard_s: round(standard.open_standard().secs(), 2),
        age_standard_s: round(standard.age_standard().secs(), 2),
        youth_factor: standard.is_youth_factor(),
    })
}

/// What an age grade means, in the usual bands.
pub fn grade_class(pct: f64) -> &'static str {
    match pct {
        p if p >= 90.0 => "world class",
        p if p >= 80.0 => "national class",
        p if p >= 70.0 => "regional class",
        p if p >= 60.0 => "local class",
        _ => "recreational",
    }
}

// ----- treadmill -----

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TreadmillInput {
    /// A pace: `4:00/km`, `6:26/mi`, `90/400m`, or a bare time with `per`.
    pub pace: Option<String>,
    /// What a bare pace time is per: km, mi or 400m.
    pub per: Option<String>,
    /// A speed: `12km/h`, `7.5mph`, `4.2m/s`, or a bare number with `speed_unit`.
    pub speed: Option<String>,
    /// What a bare speed is in: kmh or mph.
    pub speed_unit: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TreadmillView {
    pub pace_s_per_km: f64,
    pub pace_s_per_mile: f64,
    pub per_400m_s: f64,
    pub speed_m_s: f64,
    pub speed_kmh: f64,
    pub speed_mph: f64,
}

pub fn treadmill(input: &TreadmillInput) -> Result<TreadmillView, Vec<FieldError>> {
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let pace = match (given(&input.pace), given(&input.speed)) {
        (Some(_), Some(_)) => {
            return Err(vec![FieldError::new(
                "speed",
                "give a pace or a speed, not both",
            )]);
        }
        (None, None) => {
            return Err(vec![FieldError::new(
                "pace",
                "missing: give a pace such as 4:00/km, or a speed such as 12km/h",
            )]);
        }
        (Some(text), None) => {
            let text = if text.contains('/') {
                text
            } else {
                match given(&input.per) {
                    Some(per) => format!("{text}/{per}"),
                    None => text,
                }
            };
            text.parse::<Pace>()
                .map_err(|e| vec![FieldError::new("pace", e.to_string())])?
        }
        (None, Some(text)) => {
            let text = if text.chars().all(|c| c.is_ascii_digit() || c == '.') {
                match given(&input.speed_unit) {
                    Some(unit) => format!("{text}{unit}"),
                    None => text,
                }
            } else {
                text
            };
            text.parse::<Speed>()
                .map_err(|e| vec![FieldError::new("speed", e.to_string())])?
                .pace()
        }
    };
    // The field the runner filled in is the one at fault.
    let field = if given(&input.pace).is_some() {
        "pace"
    } else {
        "speed"
    };
    limits::check_pace(pace).map_err(|e| vec![FieldError::new(field, e.to_string())])?;
    Ok(TreadmillView {
        pace_s_per_km: round(pace.secs_per_km(), 2),
        pace_s_per_mile: round(pace.secs_per_mile(), 2),
        per_400m_s: round(pace.time_for(Distance::TRACK_400).secs(), 2),
        speed_m_s: round(pace.speed().m_per_s(), 4),
        speed_kmh: round(pace.speed().km_per_h(), 2),
        speed_mph: round(pace.speed().mph(), 2),
    })
}
