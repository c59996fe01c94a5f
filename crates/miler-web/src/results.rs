//! The results log: the events a runner can log, reading a result from a form, JSON or a
//! CSV row, its age grade, personal records and their progression, and CSV import and
//! export. The pages, the API and the `miler result` command all go through here, so they
//! accept exactly the same results and show the same numbers.
//!
//! A result is read in two steps: the input (strings from a form or a CSV row, typed
//! values from JSON) becomes a [`NewResult`], what the runner left out of who they were on
//! the day (age, sex, height, weight) is taken from their profile ([`complete`]), and one
//! [`check`] holds every result to the same ranges however it arrived.
//!
//! Age grades come from miler-core's tables: the WMA 2023 track table for the track events
//! and the 5 km and 10 km (graded as the track 5000 m and 10 000 m), the 2025 road table for
//! the road mile; the backwards mile has no table, so it is never graded.

use jiff::Timestamp;
use jiff::civil::Date;
use miler_core::agegrade::{self, AgeGrade, Sex, Table};
use miler_core::predict;
use miler_core::{Distance, Duration, Pace, Performance};
use miler_store::{
    Athlete, AthleteId, ImportedResult, NewResult, Page, Paged, Profile, Store, StoredResult,
};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::error::FieldError;
use crate::fmt::round;
use crate::paging::PageView;

/// An event a result can be logged at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// What the store, the API, CSV files and the command line call it: `mile`, `5k`.
    pub code: &'static str,
    /// A name for people: `Mile`, `Backwards mile`.
    pub name: &'static str,
    pub distance: Distance,
    /// Run backwards, as the backwards-mile challenge is: no age-grading table has it.
    pub backwards: bool,
    /// The table that grades it, if any.
    pub table: Option<Table>,
}

const fn event(
    code: &'static str,
    name: &'static str,
    metres: f64,
    backwards: bool,
    table: Option<Table>,
) -> Event {
    Event {
        code,
        name,
        distance: Distance::metres_const(metres),
        backwards,
        table,
    }
}

/// Every event a result can be logged at, shortest first.
pub const EVENTS: [Event; 9] = [
    event("400m", "400 m", 400.0, false, Some(Table::Wma2023)),
    event("800m", "800 m", 800.0, false, Some(Table::Wma2023)),
    event("1500m", "1500 m", 1500.0, false, Some(Table::Wma2023)),
    event("mile", "Mile", 1609.344, false, Some(Table::Wma2023)),
    event(
        "road-mile",
        "Road mile",
        1609.344,
        false,
        Some(Table::Road2025),
    ),
    event("backwards-mile", "Backwards mile", 1609.344, true, None),
    event("3000m", "3000 m", 3000.0, false, Some(Table::Wma2023)),
    event("5k", "5 km", 5000.0, false, Some(Table::Wma2023)),
    event("10k", "10 km", 10_000.0, false, Some(Table::Wma2023)),
];

fn event_codes() -> String {
    EVENTS.iter().map(|e| e.code).collect::<Vec<_>>().join(", ")
}

/// The event `text` names: a code (`mile`, `backwards-mile`), a few spellings runners use
/// (`backward mile`, `road mile`), or a distance miler reads (`1mi`, `1609m`, `5000m`) for
/// the forward track events.
pub fn find_event(text: &str) -> Result<&'static Event, String> {
    let wanted = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    let code = match wanted.as_str() {
        "backward-mile" | "backwards" | "mile-backwards" | "mile-backward" => "backwards-mile",
        "road" => "road-mile",
        "5000m" => "5k",
        "10000m" => "10k",
        other => other,
    };
    if let Some(e) = EVENTS.iter().find(|e| e.code == code) {
        return Ok(e);
    }
    let by_distance = text.trim().parse::<Distance>().ok().and_then(|d| {
        EVENTS.iter().find(|e| {
            !e.backwards
                && e.table != Some(Table::Road2025)
                && (e.distance.metres() - d.metres()).abs() < 0.5
        })
    });
    by_distance.ok_or_else(|| {
        if text.trim().is_empty() {
            format!("missing: give the event, one of {}", event_codes())
        } else {
            format!(
                "`{}` is not an event miler logs; give one of {}",
                text.trim(),
                event_codes()
            )
        }
    })
}

/// A result as typed into the form or read from a CSV row. Kept as text so a mistake is
/// shown back exactly as it was written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResultForm {
    pub date: String,
    pub event: String,
    pub time: String,
    pub age: String,
    pub sex: String,
    pub height_cm: String,
    pub weight_kg: String,
    /// 1 (awful) to 5 (great).
    pub felt: String,
    /// `yes` or `no`.
    pub would_repeat: String,
    pub notes: String,
}

/// How a result felt, 1 to 5, as the form offers it.
pub const FEELINGS: [(u8, &str); 5] = [
    (1, "1 · awful"),
    (2, "2 · hard going"),
    (3, "3 · all right"),
    (4, "4 · good"),
    (5, "5 · great"),
];

impl ResultForm {
    /// The form as a new result starts: today, the mile, who the athlete is today.
    pub fn blank(profile: &Profile, today: Date, event: &str) -> ResultForm {
        let text = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
        ResultForm {
            date: today.to_string(),
            event: event.to_owned(),
            age: profile
                .age_on(today)
                .map(|a| a.to_string())
                .unwrap_or_default(),
            sex: profile.sex.map(|s| s.code().to_owned()).unwrap_or_default(),
            height_cm: text(profile.height_cm),
            weight_kg: text(profile.weight_kg),
            ..ResultForm::default()
        }
    }

    /// Reads and checks the form; every mistake is reported against its field. What the
    /// form leaves out about the runner comes from `profile`.
    pub fn read(&self, profile: &Profile, today: Date) -> Result<NewResult, Vec<FieldError>> {
        let mut errors = Vec::new();
        let date = match self.date.trim() {
            "" => Some(today),
            text => read_date(text).map_err(|e| errors.push(e)).ok(),
        };
        let event = find_event(&self.event)
            .map_err(|m| errors.push(FieldError::new("event", m)))
            .ok();
        let time = match self.time.trim() {
            "" => {
                errors.push(FieldError::new(
                    "time",
                    "missing: give the time you ran, such as 6:00 or 5:59.4",
                ));
                None
            }
            text => text
                .parse::<Duration>()
                .map_err(|e| errors.push(FieldError::new("time", e.to_string())))
                .ok(),
        };
        let number = |field: &'static str, text: &str, what: &str, errors: &mut Vec<_>| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            match text.replace(',', ".").parse::<f64>() {
                Ok(v) if v.is_finite() => Some(v),
                _ => {
                    errors.push(FieldError::new(
                        field,
                        format!("`{text}` is not a number; give {what}"),
                    ));
                    None
                }
            }
        };
        let whole = |field: &'static str, text: &str, what: &str, errors: &mut Vec<_>| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            text.parse::<u32>()
                .map_err(|_| {
                    errors.push(FieldError::new(
                        field,
                        format!("`{text}` is not a whole number; give {what}"),
                    ))
                })
                .ok()
        };
        let age = whole(
            "age",
            &self.age,
            "the age in whole years on the day, such as 45",
            &mut errors,
        );
        let sex = read_sex(&self.sex)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let height_cm = number(
            "height_cm",
            &self.height_cm,
            "the height in centimetres, such as 172",
            &mut errors,
        );
        let weight_kg = number(
            "weight_kg",
            &self.weight_kg,
            "the weight in kilograms, such as 68",
            &mut errors,
        );
        let felt = whole(
            "felt",
            &self.felt,
            "how it felt from 1 (awful) to 5 (great)",
            &mut errors,
        )
        .map(|f| u8::try_from(f).unwrap_or(u8::MAX));
        let would_repeat = match self.would_repeat.trim().to_ascii_lowercase().as_str() {
            "" => None,
            "yes" | "y" | "true" | "1" => Some(true),
            "no" | "n" | "false" | "0" => Some(false),
            other => {
                errors.push(FieldError::new(
                    "would_repeat",
                    format!("`{other}` is not yes or no; say whether you would do it again"),
                ));
                None
            }
        };
        let notes = read_notes(&self.notes, &mut errors);
        let (Some(date), Some(event), Some(time)) = (date, event, time) else {
            return Err(errors);
        };
        let mut result = NewResult {
            date,
            event: event.code.to_owned(),
            distance: event.distance,
            time,
            age,
            sex,
            height_cm,
            weight_kg,
            felt,
            would_repeat,
            notes,
        };
        complete(&mut result, profile);
        finish(result, errors, "time", today)
    }
}

/// A result in the API: SI numbers, the date as `YYYY-MM-DD` (today when left out).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResultJson {
    #[serde(default)]
    pub date: Option<String>,
    /// Required, but for a challenge entry, whose event is the challenge's.
    #[serde(default)]
    pub event: String,
    pub time_s: f64,
    #[serde(default)]
    pub age: Option<u32>,
    #[serde(default)]
    pub sex: Option<String>,
    #[serde(default)]
    pub height_cm: Option<f64>,
    #[serde(default)]
    pub weight_kg: Option<f64>,
    #[serde(default)]
    pub felt: Option<u8>,
    #[serde(default)]
    pub would_repeat: Option<bool>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl ResultJson {
    /// Reads and checks the JSON result, as [`ResultForm::read`] does the form.
    pub fn read(&self, profile: &Profile, today: Date) -> Result<NewResult, Vec<FieldError>> {
        let mut errors = Vec::new();
        let date = match self.date.as_deref() {
            None => Some(today),
            Some(text) => read_date(text).map_err(|e| errors.push(e)).ok(),
        };
        let event = find_event(&self.event)
            .map_err(|m| errors.push(FieldError::new("event", m)))
            .ok();
        let time = Duration::from_secs(self.time_s).filter(|t| t.secs() > 0.0);
        if time.is_none() {
            errors.push(FieldError::new(
                "time_s",
                "give the time in seconds above zero, such as 359.4 for 5:59.4",
            ));
        }
        let sex = match self.sex.as_deref() {
            None => None,
            Some(text) => read_sex(text).map_err(|e| errors.push(e)).ok().flatten(),
        };
        let notes = read_notes(self.notes.as_deref().unwrap_or(""), &mut errors);
        let (Some(date), Some(event), Some(time)) = (date, event, time) else {
            return Err(errors);
        };
        let mut result = NewResult {
            date,
            event: event.code.to_owned(),
            distance: event.distance,
            time,
            age: self.age,
            sex,
            height_cm: self.height_cm,
            weight_kg: self.weight_kg,
            felt: self.felt,
            would_repeat: self.would_repeat,
            notes,
        };
        complete(&mut result, profile);
        finish(result, errors, "time_s", today)
    }
}

/// Adds the range checks to the errors of reading; `time_field` is what the input calls
/// the time (`time` in a form, `time_s` in JSON).
fn finish(
    result: NewResult,
    mut errors: Vec<FieldError>,
    time_field: &'static str,
    today: Date,
) -> Result<NewResult, Vec<FieldError>> {
    // Only check ranges on fields that read; a field is never reported twice.
    for mut e in check(&result, today) {
        if e.field == "time" {
            e.field = time_field;
        }
        if !errors.iter().any(|have| have.field == e.field) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(result)
    } else {
        Err(errors)
    }
}

/// Notes as typed, cleaned by the one rule for free text (`miler_core::text::clean_text`:
/// control and bidirectional-override characters removed, line breaks kept, the ends trimmed);
/// notes longer than [`NOTES_MAX_CHARS`] are reported.
fn read_notes(typed: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    match miler_core::text::clean_text(typed, NOTES_MAX_CHARS) {
        Ok(notes) => Some(notes).filter(|n| !n.is_empty()),
        Err(e) => {
            errors.push(FieldError::new("notes", format!("the notes are {e}")));
            None
        }
    }
}

fn read_date(text: &str) -> Result<Date, FieldError> {
    text.trim().parse::<Date>().map_err(|_| {
        FieldError::new(
            "date",
            format!("`{text}` is not a date; write it as YYYY-MM-DD, such as 2026-11-01"),
        )
    })
}

fn read_sex(text: &str) -> Result<Option<Sex>, FieldError> {
    match text.trim() {
        "" => Ok(None),
        t => t.parse::<Sex>().map(Some).map_err(|_| {
            FieldError::new(
                "sex",
                format!(
                    "`{t}` is not M or F; the age-grading tables and leaderboards have men and women only, or leave it empty"
                ),
            )
        }),
    }
}

/// Fills what the runner left out about themselves from their profile: the age on the
/// result's day, sex, height and weight.
pub fn complete(result: &mut NewResult, profile: &Profile) {
    if result.age.is_none() {
        result.age = profile.age_on(result.date);
    }
    result.sex = result.sex.or(profile.sex);
    result.height_cm = result.height_cm.or(profile.height_cm);
    result.weight_kg = result.weight_kg.or(profile.weight_kg);
}

/// The longest note kept with a result.
pub const NOTES_MAX_CHARS: usize = 1000;

/// The range checks every result passes, however it arrived.
pub fn check(r: &NewResult, today: Date) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut bad = |field, message: String| errors.push(FieldError::new(field, message));
    if r.date > today {
        bad(
            "date",
            format!(
                "{} is in the future; log a result on the day you ran it or after",
                r.date
            ),
        );
    } else if r.date.year() < 1900 {
        bad("date", format!("{} is before 1900; check the year", r.date));
    }
    match Performance::new(r.distance, r.time) {
        Some(p) => {
            if let Err(e) = predict::check_plausible(p) {
                bad("time", e.to_string());
            }
        }
        None => bad("time", "give a time above zero, such as 6:00".to_owned()),
    }
    crate::error::check_body(r.age, r.height_cm, r.weight_kg, &mut bad);
    // A time already refused is not graded: one message for the field.
    let time_plausible =
        Performance::new(r.distance, r.time).is_some_and(|p| predict::check_plausible(p).is_ok());
    if time_plausible
        && let Some(grade) = grade(r)
        && let Err(message) = check_grade(&grade)
    {
        bad("time", message);
    }
    if let Some(f) = r.felt
        && !(1..=5).contains(&f)
    {
        bad(
            "felt",
            format!("{f} is not 1-5; give how it felt from 1 (awful) to 5 (great)"),
        );
    }
    if let Some(n) = &r.notes
        && n.chars().count() > NOTES_MAX_CHARS
    {
        bad(
            "notes",
            format!("the notes are longer than {NOTES_MAX_CHARS} characters; shorten them"),
        );
    }
    errors
}

/// The highest age grade a result may have: 100 % is the world record for the runner's age,
/// sex and event (the table's age standard).
pub const AGE_GRADE_MAX_PCT: f64 = 100.0;

/// Refuses an age grade over [`AGE_GRADE_MAX_PCT`]: faster than the world record for that age
/// is a slip in the time, the age or the sex far more often than a new record, and a log that
/// kept it would rank it first on every leaderboard. The message names the record-level time.
pub fn check_grade(grade: &AgeGrade) -> Result<(), String> {
    let pct = grade.age_grade_pct();
    if pct <= AGE_GRADE_MAX_PCT {
        return Ok(());
    }
    let standard = grade.standard();
    let record = standard.age_standard();
    Err(format!(
        "{} for {} is an age grade of {pct:.1} %, faster than the world-record standard of {} for \
         a {} aged {}; check the time, the age and the sex",
        grade.performance().time(),
        standard.event().name(),
        record.rounded(2),
        if standard.sex() == Sex::Female {
            "woman"
        } else {
            "man"
        },
        standard.age()
    ))
}

/// The result's age grade, when its event has a table and the result has an age and sex
/// the table covers.
pub fn grade(r: &NewResult) -> Option<AgeGrade> {
    let table = find_event(&r.event).ok()?.table?;
    let performance = Performance::new(r.distance, r.time)?;
    agegrade::age_grade(performance, r.age?, r.sex?, table).ok()
}

/// A result as the API, the CLI's `--json` and the pages see it.
#[derive(Debug, Clone, Serialize)]
pub struct ResultView {
    pub id: i64,
    pub athlete_id: i64,
    pub date: String,
    pub event: String,
    pub event_name: String,
    pub backwards: bool,
    pub distance_m: f64,
    pub time_s: f64,
    pub pace_s_per_km: f64,
    pub age: Option<u32>,
    pub sex: Option<&'static str>,
    pub height_cm: Option<f64>,
    pub weight_kg: Option<f64>,
    pub felt: Option<u8>,
    pub would_repeat: Option<bool>,
    pub notes: Option<String>,
    /// Null for the backwards mile (no table) and for results without age or sex.
    pub age_grade: Option<GradeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GradeView {
    pub age_grade_pct: f64,
    pub age_graded_time_s: f64,
    pub factor: f64,
    /// `wma2023` or `road2025`.
    pub table: &'static str,
}

impl ResultView {
    pub fn of(stored: &StoredResult) -> ResultView {
        let r = &stored.result;
        let event = find_event(&r.event).ok();
        ResultView {
            id: stored.id.0,
            athlete_id: stored.athlete.0,
            date: r.date.to_string(),
            event: r.event.clone(),
            event_name: event.map_or_else(|| r.event.clone(), |e| e.name.to_owned()),
            backwards: event.is_some_and(|e| e.backwards),
            distance_m: r.distance.metres(),
            time_s: round(r.time.secs(), 3),
            pace_s_per_km: Pace::of(r.distance, r.time).map_or(0.0, |p| round(p.secs_per_km(), 2)),
            age: r.age,
            sex: r.sex.map(Sex::code),
            height_cm: r.height_cm,
            weight_kg: r.weight_kg,
            felt: r.felt,
            would_repeat: r.would_repeat,
            notes: r.notes.clone(),
            age_grade: grade(r).map(|g| GradeView {
                age_grade_pct: round(g.age_grade_pct(), 2),
                age_graded_time_s: round(g.age_graded_time().secs(), 2),
                factor: g.factor(),
                table: g.standard().table().id(),
            }),
        }
    }
}

/// An athlete's log: a page of results, the best at each event, and how each best came
/// about. The records come from the whole log, the page from where its cursor points.
#[derive(Debug, Serialize)]
pub struct LogView {
    /// Newest first: `items`, `total` and `next`.
    #[serde(flatten)]
    pub results: PageView<ResultView>,
    /// One per event, in the order of [`EVENTS`].
    pub prs: Vec<ResultView>,
    pub progression: Vec<ProgressionView>,
}

/// The results that set a new best at one event, oldest first.
#[derive(Debug, Serialize)]
pub struct ProgressionView {
    pub event: String,
    pub event_name: String,
    pub steps: Vec<StepView>,
}

#[derive(Debug, Serialize)]
pub struct StepView {
    pub result_id: i64,
    pub date: String,
    pub time_s: f64,
    /// How much faster than the best before it; null for the first.
    pub improvement_s: Option<f64>,
}

/// The log of one page of results and the athlete's record results
/// ([`Store::record_results`]: those that set a new best at their event, in any order).
pub fn log_view(page: Paged<StoredResult>, records: &[StoredResult]) -> LogView {
    let mut chronological: Vec<&StoredResult> = records.iter().collect();
    chronological.sort_by_key(|r| (r.result.date, r.id));
    let mut prs = Vec::new();
    let mut progression = Vec::new();
    for event in &EVENTS {
        let mut steps: Vec<StepView> = Vec::new();
        let mut best: Option<&StoredResult> = None;
        for r in chronological
            .iter()
            .filter(|r| r.result.event == event.code)
        {
            let before = best.map(|b| b.result.time.secs());
            if before.is_none_or(|b| r.result.time.secs() < b) {
                steps.push(StepView {
                    result_id: r.id.0,
                    date: r.result.date.to_string(),
                    time_s: round(r.result.time.secs(), 3),
                    improvement_s: before.map(|b| round(b - r.result.time.secs(), 3)),
                });
                best = Some(r);
            }
        }
        if let Some(b) = best {
            prs.push(ResultView::of(b));
            progression.push(ProgressionView {
                event: event.code.to_owned(),
                event_name: event.name.to_owned(),
                steps,
            });
        }
    }
    LogView {
        results: PageView::of(page, |r| ResultView::of(&r)),
        prs,
        progression,
    }
}

/// The page of the athlete's log `page` asks for, with their records.
pub async fn log(store: &Store, athlete: AthleteId, page: &Page) -> Result<LogView, Error> {
    let results = store.results_page(athlete, page).await?;
    let records = store.record_results(athlete).await?;
    Ok(log_view(results, &records))
}

// ----- CSV -----

/// The columns of a results CSV file, in the order export writes them. Import takes them
/// in any order; `date`, `event` and `time` are required, the others may be left out.
pub const CSV_COLUMNS: [&str; 10] = [
    "date",
    "event",
    "time",
    "age",
    "sex",
    "height_cm",
    "weight_kg",
    "felt",
    "would_repeat",
    "notes",
];

/// The most rows one import takes.
pub const CSV_MAX_ROWS: usize = 10_000;

/// The largest CSV file an import takes.
pub const CSV_LIMIT_BYTES: usize = 2 * 1024 * 1024;

/// The athlete's results as CSV, oldest first, with the header [`CSV_COLUMNS`]. Times are
/// written as runners write them (`5:59.4`), exactly enough to read back the same.
pub fn export_csv(results: &[StoredResult]) -> String {
    let mut rows: Vec<&StoredResult> = results.iter().collect();
    rows.sort_by_key(|r| (r.result.date, r.id));
    let mut out = csv::Writer::from_writer(Vec::new());
    let text = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
    // Writing to memory cannot fail.
    let _ = out.write_record(CSV_COLUMNS);
    for stored in rows {
        let r = &stored.result;
        let _ = out.write_record(
            [
                r.date.to_string(),
                r.event.clone(),
                r.time.to_string(),
                r.age.map(|a| a.to_string()).unwrap_or_default(),
                r.sex.map(|s| s.code().to_owned()).unwrap_or_default(),
                text(r.height_cm),
                text(r.weight_kg),
                r.felt.map(|f| f.to_string()).unwrap_or_default(),
                r.would_repeat
                    .map(|y| if y { "yes" } else { "no" }.to_owned())
                    .unwrap_or_default(),
                r.notes.clone().unwrap_or_default(),
            ]
            .map(neutralise),
        );
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The first characters that make a spreadsheet read a cell as a formula (or, for tab and
/// carriage return, hide what comes next), per OWASP's CSV injection guidance.
const FORMULA_PREFIXES: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written to CSV: one that a spreadsheet would run as a formula (a note such as
/// `=HYPERLINK(...)`) gets a leading `'`, which spreadsheets show as text. A cell that already
/// starts with `'` gets one too, so that [`unneutralise`] gives every cell back exactly.
fn neutralise(cell: String) -> String {
    if cell.starts_with(FORMULA_PREFIXES) || cell.starts_with('\'') {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A cell as read from CSV: the `'` [`neutralise`] added is removed.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_PREFIXES) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// A row of an import that was not taken, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The line of the file, 1 being the header.
    pub line: u64,
    /// The column at fault, when it is one column.
    pub column: Option<String>,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportView {
    pub imported: usize,
    /// Rows the log already had (same day, event and time), not added again.
    pub already_there: usize,
    pub rejected: usize,
    /// The ids of the results added, in the order of the file.
    pub result_ids: Vec<i64>,
    pub errors: Vec<RowError>,
}

/// The rows of a CSV file that read, with their line, and an error for each mistake of
/// those that did not.
#[derive(Debug, Clone)]
pub struct CsvRows {
    pub rows: Vec<(u64, NewResult)>,
    pub errors: Vec<RowError>,
}

/// The rows of a CSV file read into results: those that read, with their line, and an
/// error for each mistake of those that did not. A file that is not a results CSV at all
/// (not text, no header, a column miler doesn't know) is one error, `Err`.
pub fn read_csv(bytes: &[u8], profile: &Profile, today: Date) -> Result<CsvRows, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| "the file is not UTF-8 text; save it as CSV (UTF-8) and import it again".to_owned(),
    )?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            format!(
                "the header line can't be read ({e}); start the file with the line {}",
                CSV_COLUMNS.join(",")
            )
        })?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let expected = || {
        format!(
            "the first line must name the columns: {}",
            CSV_COLUMNS.join(",")
        )
    };
    if header.iter().all(String::is_empty) {
        return Err(format!("the file is empty; {}", expected()));
    }
    for name in &header {
        if !CSV_COLUMNS.contains(&name.as_str()) {
            return Err(format!(
                "line 1: `{name}` is not a column miler knows; {}",
                expected()
            ));
        }
    }
    for required in ["date", "event", "time"] {
        if !header.iter().any(|h| h == required) {
            return Err(format!(
                "line 1: the column `{required}` is missing; {}",
                expected()
            ));
        }
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(index as u64 + 2, |p| p.line());
                errors.push(RowError {
                    line,
                    column: None,
                    message: format!("the line can't be read as CSV: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(index as u64 + 2, |p| p.line());
        if index >= CSV_MAX_ROWS {
            return Err(format!(
                "the file has more than {CSV_MAX_ROWS} results; split it and import the parts"
            ));
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            errors.push(RowError {
                line,
                column: None,
                message: format!(
                    "the line has {} fields but the header has {}; quote a field that holds a comma",
                    record.len(),
                    header.len()
                ),
            });
            continue;
        }
        let mut form = ResultForm::default();
        for (name, value) in header.iter().zip(record.iter()) {
            let slot = match name.as_str() {
                "date" => &mut form.date,
                "event" => &mut form.event,
                "time" => &mut form.time,
                "age" => &mut form.age,
                "sex" => &mut form.sex,
                "height_cm" => &mut form.height_cm,
                "weight_kg" => &mut form.weight_kg,
                "felt" => &mut form.felt,
                "would_repeat" => &mut form.would_repeat,
                _ => &mut form.notes,
            };
            unneutralise(value).clone_into(slot);
        }
        if form.date.is_empty() {
            errors.push(RowError {
                line,
                column: Some("date".to_owned()),
                message: "missing: give the date as YYYY-MM-DD".to_owned(),
            });
            continue;
        }
        match form.read(profile, today) {
            Ok(result) => rows.push((line, result)),
            Err(fields) => errors.extend(fields.into_iter().map(|f| RowError {
                line,
                column: Some(f.field.to_owned()),
                message: f.message,
            })),
        }
    }
    Ok(CsvRows { rows, errors })
}

/// Imports a CSV file into the athlete's log: the rows that read go in together in one
/// transaction (skipping those the log already has), and every row that does not is
/// reported with its line, column and what was expected.
pub async fn import_csv(
    store: &Store,
    athlete: &Athlete,
    bytes: &[u8],
    today: Date,
    now: Timestamp,
) -> Result<ImportView, Error> {
    let CsvRows { rows, errors } =
        read_csv(bytes, &athlete.profile, today).map_err(|m| Error::field("file", m))?;
    let results: Vec<NewResult> = rows.into_iter().map(|(_, r)| r).collect();
    let outcomes = store.import_results(athlete.id, &results, now).await?;
    let result_ids: Vec<i64> = outcomes
        .iter()
        .filter_map(|o| match o {
            ImportedResult::New(id) => Some(id.0),
            ImportedResult::AlreadyThere(_) => None,
        })
        .collect();
    let mut rejected_lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    rejected_lines.dedup();
    let view = ImportView {
        imported: result_ids.len(),
        already_there: outcomes.len() - result_ids.len(),
        rejected: rejected_lines.len(),
        result_ids,
        errors,
    };
    Ok(view)
}
