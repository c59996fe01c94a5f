//! Workouts for pages and API: the catalog, one workout made exact for an athlete (the
//! splits card), and checking workout text with diagnostics.
//!
//! Resolution is miler-workout's [`resolve`]; this module builds the athlete's
//! [`AthletePaces`] from their profile and lays the result out as `miler workout show
//! --json` does, field for field, plus the goal pace on 400 m and 200 m tracks and in bends
//! and straights for the printable card.

use miler_core::agegrade::Sex;
use miler_core::splits::{GoalSplits, TrackPart as CoreTrackPart};
use miler_core::{Distance, Duration};
use miler_store::{Athlete, NewWorkout, SavedWorkout, Units, WorkoutId};
use miler_workout::resolve::{AthletePaces, Resolved, resolve};
use miler_workout::{Workout, catalog, text};
use serde::Serialize;

use crate::Error;
use crate::error::FieldError;
use crate::fmt::{band, clock, round};

/// Workout text longer than this is refused: the longest catalog entry is under 1 000.
pub const MAX_TEXT_CHARS: usize = 20_000;

#[derive(Debug, Serialize)]
pub struct EntryView {
    pub id: &'static str,
    pub title: &'static str,
    pub phase: &'static str,
    pub source: &'static str,
    pub hard: bool,
    pub purpose: &'static str,
    pub progression: &'static str,
    pub cautions: &'static [&'static str],
    pub notes: &'static [&'static str],
    pub text: &'static str,
}

pub fn phase_name(phase: catalog::Phase) -> &'static str {
    match phase {
        catalog::Phase::Base => "base",
        catalog::Phase::Strength => "strength",
        catalog::Phase::Quality => "quality",
        catalog::Phase::RaceSpecific => "race-specific",
        catalog::Phase::Taper => "taper",
        catalog::Phase::Any => "any",
    }
}

pub fn entry_view(e: &'static catalog::Entry) -> EntryView {
    EntryView {
        id: e.id,
        title: e.title,
        phase: phase_name(e.phase),
        source: e.source,
        hard: e.hard,
        purpose: e.purpose,
        progression: e.progression,
        cautions: e.cautions,
        notes: e.notes,
        text: e.text,
    }
}

pub fn catalog_views() -> Vec<EntryView> {
    catalog::entries().iter().map(entry_view).collect()
}

pub fn entry(id: &str) -> Result<&'static catalog::Entry, Error> {
    catalog::get(id).ok_or_else(|| {
        Error::NotFound(format!(
            "there is no workout `{id}` in the catalog; GET /api/v1/workouts or the Workouts page lists them"
        ))
    })
}

/// What the resolver knows of an athlete: their result and goal.
pub fn athlete_paces(a: &Athlete) -> Result<AthletePaces, Error> {
    let p = &a.profile;
    let results: Vec<_> = p.current.into_iter().collect();
    if results.is_empty() && p.goal_mile.is_none() {
        return Err(Error::BadRequest(format!(
            "{} has neither a current result nor a goal mile, so no target can be made exact; add one to the profile",
            p.name
        )));
    }
    AthletePaces::from_results(&results, p.goal_mile, p.sex.unwrap_or(Sex::Male))
        .map_err(|e| Error::BadRequest(e.to_string()))
}

/// `K/N`: the session of a progression, 1-based. Empty means the first of one.
pub fn parse_step(text: Option<&str>) -> Result<(u32, u32), FieldError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok((1, 1));
    };
    let parsed = text
        .split_once('/')
        .and_then(|(k, n)| Some((k.trim().parse::<u32>().ok()?, n.trim().parse::<u32>().ok()?)));
    match parsed {
        Some((k, n)) if k >= 1 && k <= n && n <= 52 => Ok((k, n)),
        _ => Err(FieldError::new(
            "step",
            format!(
                "`{text}` is not a session of a progression: give K/N with 1 <= K <= N <= 52, such as 3/6 for the third session of six"
            ),
        )),
    }
}

use miler_app::views::{self, ResolvedView};

/// The goal pace on the track, for the card.
#[derive(Debug, Serialize)]
pub struct TrackView {
    pub goal_mile_s: f64,
    /// Whether the pace is the athlete's own goal (else the predicted current mile).
    pub own_goal: bool,
    pub per_400m_s: f64,
    pub per_200m_s: f64,
    pub laps_400m_track: Vec<LapMark>,
    pub laps_200m_track: Vec<LapMark>,
    pub bends_and_straights: Vec<SegmentMark>,
}

#[derive(Debug, Serialize)]
pub struct LapMark {
    pub lap: u32,
    pub cumulative_distance_m: f64,
    pub split_s: f64,
    pub cumulative_s: f64,
}

#[derive(Debug, Serialize)]
pub struct SegmentMark {
    pub part: &'static str,
    pub distance_m: f64,
    pub split_s: f64,
    pub cumulative_s: f64,
}

#[derive(Debug, Serialize)]
pub struct ShowView {
    pub id: String,
    pub title: String,
    pub athlete_id: i64,
    pub session: [u32; 2],
    /// The steps and totals, as `miler workout show --json` has them.
    #[serde(flatten)]
    pub resolved: ResolvedView,
    pub track: Option<TrackView>,
}

/// Makes `workout` exact for athlete `a` at session `k` of `n`.
pub fn show(
    id: &str,
    title: &str,
    workout: &Workout,
    a: &Athlete,
    (k, n): (u32, u32),
) -> Result<ShowView, Error> {
    let paces = athlete_paces(a)?;
    let at = workout
        .at_step(k - 1, n)
        .map_err(|e| Error::field("step", e.to_string()))?;
    let resolved = resolve(&at, &paces).map_err(|e| Error::BadRequest(e.to_string()))?;
    let mass = a.profile.weight_kg.unwrap_or(70.0);
    Ok(view(id, title, a, (k, n), &resolved, &paces, mass))
}

fn view(
    id: &str,
    title: &str,
    a: &Athlete,
    session: (u32, u32),
    r: &Resolved,
    paces: &AthletePaces,
    mass: f64,
) -> ShowView {
    let (goal, own) = match a.profile.goal_mile {
        Some(g) => (Some(g), true),
        None => (paces.race_time(Distance::MILE), false),
    };
    ShowView {
        id: id.to_owned(),
        title: title.to_owned(),
        athlete_id: a.id.0,
        session: [session.0, session.1],
        resolved: views::resolved(r, mass),
        track: goal
            .and_then(GoalSplits::for_goal)
            .map(|g| track_view(&g, own)),
    }
}

fn track_view(g: &GoalSplits, own_goal: bool) -> TrackView {
    let laps = |laps: &[miler_core::splits::Lap]| {
        laps.iter()
            .map(|l| LapMark {
                lap: l.number,
                cumulative_distance_m: round(l.cumulative_distance.metres(), 3),
                split_s: round(l.split.secs(), 2),
                cumulative_s: round(l.cumulative.secs(), 2),
            })
            .collect()
    };
    TrackView {
        goal_mile_s: round(g.goal.secs(), 2),
        own_goal,
        per_400m_s: round(g.training_split(400.0).map_or(0.0, Duration::secs), 2),
        per_200m_s: round(g.training_split(200.0).map_or(0.0, Duration::secs), 2),
        laps_400m_track: laps(&g.laps_400m_track),
        laps_200m_track: laps(&g.laps_200m_track),
        bends_and_straights: g
            .bends_and_straights
            .iter()
            .map(|s| SegmentMark {
                part: match s.part {
                    CoreTrackPart::Bend => "bend",
                    CoreTrackPart::Straight => "straight",
                },
                distance_m: s.distance.metres(),
                split_s: round(s.split.secs(), 2),
                cumulative_s: round(s.cumulative.secs(), 2),
            })
            .collect(),
    }
}

/// One line of the splits card, as text for people (the CLI's card, in table cells).
#[derive(Debug)]
pub struct CardRow {
    pub number: usize,
    pub what: String,
    pub target: String,
    pub splits: String,
    pub note: String,
    pub hard: bool,
}

pub fn card_rows(v: &ShowView, units: Units) -> Vec<CardRow> {
    v.resolved
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let rep = s
                .reps
                .last()
                .map(|[k, n]| match (k, n) {
                    (Some(k), Some(n)) => format!("{k}/{n} "),
                    (Some(k), None) => format!("{k}/until "),
                    _ => String::new(),
                })
                .unwrap_or_default();
            let movement = !(s.kind.starts_with("strength") || s.kind.starts_with("mobility"));
            let length = match (s.distance_m, s.time_s) {
                (Some(d), _) => Distance::from_metres(d).map_or(String::new(), |d| d.to_string()),
                (None, Some(t)) => clock(t),
                _ if movement => "to the lap button".to_owned(),
                _ => String::new(),
            };
            let mut what = format!("{rep}{} {length}", s.kind);
            if s.direction == "backward" {
                what.push_str(" BACKWARD");
            }
            if !s.terrain.is_empty() {
                what.push_str(&format!(" ({})", s.terrain));
            }
            let target = match &s.target {
                Some(t) => {
                    let mut parts = Vec::new();
                    if let Some(time) = t.time_s {
                        parts.push(format!("in {}", band(time[0], time[1])));
                    } else if let Some(lap) = t.per_400m_s {
                        parts.push(format!("{} per 400 m", band(lap[0], lap[1])));
                    }
                    if let Some(pace) = t.pace_s_per_km {
                        parts.push(match units {
                            Units::Km => format!("{}/km", band(pace[0], pace[1])),
                            Units::Mi => {
                                let per_mile = Distance::MILE.km();
                                format!("{}/mi", band(pace[0] * per_mile, pace[1] * per_mile))
                            }
                        });
                    }
                    if let Some(bound) = t.bound {
                        parts.push(format!("or {bound}"));
                    }
                    if let Some(e) = &t.effort {
                        parts.push(e.clone());
                    }
                    parts.join(", ")
                }
                None => String::new(),
            };
            let splits = s
                .splits
                .iter()
                .map(|sp| format!("{:.0} m {}", sp.at_m, band(sp.time_s[0], sp.time_s[1])))
                .collect::<Vec<_>>()
                .join(", ");
            CardRow {
                number: i + 1,
                what,
                target,
                splits,
                note: s.note.clone().unwrap_or_default(),
                hard: matches!(s.kind.as_str(), "run" | "stride" | "time-trial")
                    && s.target.is_some(),
            }
        })
        .collect()
}

/// The result of checking workout text.
#[derive(Debug, Serialize)]
pub struct CheckView {
    pub ok: bool,
    pub diagnostics: Vec<DiagnosticView>,
    /// The text as miler writes it, when it has no errors.
    pub canonical: Option<String>,
    /// Every diagnostic shown under the line it is about, as `miler workout check` prints them.
    pub rendered: String,
}

#[derive(Debug, Serialize)]
pub struct DiagnosticView {
    pub severity: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub expected: Option<String>,
    pub help: Option<String>,
}

/// Checks workout text: never fails on the text itself, only on its size.
pub fn check(source: &str) -> Result<(CheckView, Option<Workout>), Error> {
    if source.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::field(
            "text",
            format!(
                "the workout is longer than {MAX_TEXT_CHARS} characters; split it into several workouts"
            ),
        ));
    }
    let parsed = text::parse(source);
    let ok = !parsed.has_errors();
    let diagnostics = parsed
        .diagnostics()
        .iter()
        .map(|d| DiagnosticView {
            severity: if d.is_error() { "error" } else { "warning" },
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            expected: d.expected.clone(),
            help: d.help.clone(),
        })
        .collect();
    let rendered = text::render(source, parsed.diagnostics());
    let workout = ok.then(|| parsed.into_parts().0);
    let canonical = workout.as_ref().map(text::print);
    Ok((
        CheckView {
            ok,
            diagnostics,
            canonical,
            rendered,
        },
        workout,
    ))
}

/// The title of workout text: its first `#` comment line.
pub fn title_of(source: &str) -> String {
    heading(source).unwrap_or_else(|| "My workout".to_owned())
}

/// The first `#` comment line of workout text, if it has one.
fn heading(source: &str) -> Option<String> {
    source
        .lines()
        .find_map(|l| l.trim().strip_prefix('#').map(|t| t.trim().to_owned()))
        .filter(|t| !t.is_empty())
}

/// A workout file for a watch or a training platform.
#[derive(Debug)]
pub struct Export {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The formats a workout can be downloaded in, as the `format` parameter names them.
pub const EXPORT_FORMATS: &str =
    "fit (Garmin and other watches), icu (intervals.icu text) or zwo (Zwift)";

/// `workout` at session `k` of `n`, resolved for athlete `a`, as a file: the same files
/// `miler workout export` writes. `created_unix` stamps a FIT file.
pub fn export(
    id: &str,
    title: &str,
    workout: &Workout,
    a: &Athlete,
    (k, n): (u32, u32),
    format: Option<&str>,
    created_unix: i64,
) -> Result<Export, Error> {
    let paces = athlete_paces(a)?;
    let at = workout
        .at_step(k - 1, n)
        .map_err(|e| Error::field("step", e.to_string()))?;
    let bad = |e: &dyn std::fmt::Display| Error::BadRequest(e.to_string());
    let (extension, content_type, bytes) = match format.map(str::trim) {
        Some("fit") => {
            let identity = miler_workout::fit::FitIdentity {
                name: title.to_owned(),
                created_unix,
            };
            let bytes =
                miler_workout::fit::fit_workout(&at, &paces, &identity).map_err(|e| bad(&e))?;
            ("fit", "application/vnd.ant.fit", bytes)
        }
        Some("icu") => {
            let body = miler_workout::export::intervals_icu(&at, &paces).map_err(|e| bad(&e))?;
            (
                "txt",
                "text/plain; charset=utf-8",
                format!("{title}\n\n{body}").into_bytes(),
            )
        }
        Some("zwo") => {
            let resolved = resolve(&at, &paces).map_err(|e| bad(&e))?;
            let text =
                miler_workout::export::zwo(title, &resolved.basis.join(" "), &resolved, &paces)
                    .map_err(|e| bad(&e))?;
            ("zwo", "application/xml; charset=utf-8", text.into_bytes())
        }
        Some(other) => {
            return Err(Error::field(
                "format",
                format!("`{other}` is not a workout format: give {EXPORT_FORMATS}"),
            ));
        }
        None => {
            return Err(Error::field(
                "format",
                format!("missing: give {EXPORT_FORMATS}"),
            ));
        }
    };
    let session = if n > 1 {
        format!("-{k}-of-{n}")
    } else {
        String::new()
    };
    Ok(Export {
        file_name: format!("{id}{session}.{extension}"),
        content_type,
        bytes,
    })
}

impl axum::response::IntoResponse for Export {
    fn into_response(self) -> axum::response::Response {
        use axum::http::{HeaderValue, header};
        let mut response = self.bytes.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        // File names are catalog ids and digits: always a valid header value.
        if let Ok(value) =
            HeaderValue::from_str(&format!("attachment; filename=\"{}\"", self.file_name))
        {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        response
    }
}

/// A saved workout's name may be this long at most, so lists and file names stay readable.
pub const MAX_NAME_CHARS: usize = 60;

/// A workout the runner wants to keep, checked: the name 1 to [`MAX_NAME_CHARS`]
/// characters once cleaned (`miler_core::text::clean_line`: control and bidirectional-override
/// characters removed, the ends trimmed), the text without errors and within the size budget
/// (`miler_workout::budget`). Every mistake is reported, by field.
pub fn read_saved(name: &str, source: &str) -> Result<(NewWorkout, Workout), Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = match miler_core::text::clean_line(name, MAX_NAME_CHARS) {
        Ok(name) if name.is_empty() => {
            errors.push(FieldError::new(
                "name",
                format!("missing: give the workout a name of 1 to {MAX_NAME_CHARS} characters, such as Tuesday 400s"),
            ));
            name
        }
        Ok(name) => name,
        Err(e) => {
            errors.push(FieldError::new("name", format!("the name is {e}")));
            String::new()
        }
    };
    let workout = if source.chars().count() > MAX_TEXT_CHARS {
        errors.push(FieldError::new(
            "text",
            format!(
                "the workout is longer than {MAX_TEXT_CHARS} characters; split it into several workouts"
            ),
        ));
        None
    } else if source.trim().is_empty() {
        errors.push(FieldError::new(
            "text",
            "missing: write the workout in miler's workout language, such as 6 x 400m @ goal, recovery 90s jog",
        ));
        None
    } else {
        match text::parse(source).into_result() {
            Ok(workout) => Some(workout),
            Err(diagnostics) => {
                let errors_only: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
                let first = errors_only[0];
                let more = match errors_only.len() - 1 {
                    0 => String::new(),
                    1 => " (and 1 more mistake)".to_owned(),
                    n => format!(" (and {n} more mistakes)"),
                };
                errors.push(FieldError::new(
                    "text",
                    format!(
                        "the workout has mistakes, so it was not saved: {}{more}",
                        first_mistake(first)
                    ),
                ));
                None
            }
        }
    };
    match workout {
        Some(workout) if errors.is_empty() => Ok((
            NewWorkout {
                name,
                text: source.to_owned(),
            },
            workout,
        )),
        _ => Err(errors),
    }
}

/// A saved workout, for the API and the lists.
#[derive(Debug, Serialize)]
pub struct SavedView {
    pub id: i64,
    pub athlete_id: i64,
    pub name: String,
    /// The text's first `#` comment, or the name.
    pub title: String,
    pub text: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
}

impl SavedView {
    pub fn of(w: &SavedWorkout) -> SavedView {
        SavedView {
            id: w.id.0,
            athlete_id: w.athlete.0,
            name: w.workout.name.clone(),
            title: saved_title(w),
            text: w.workout.text.clone(),
            created_at: w.created_at.to_string(),
            updated_at: w.updated_at.to_string(),
        }
    }
}

/// What a saved workout is called on its page and in files: its text's title if it has
/// one, else its name.
pub fn saved_title(w: &SavedWorkout) -> String {
    heading(&w.workout.text).unwrap_or_else(|| w.workout.name.clone())
}

/// A saved workout's id from a path segment.
pub fn saved_id(text: &str) -> Result<WorkoutId, Error> {
    text.parse::<i64>()
        .ok()
        .filter(|&id| id > 0)
        .map(WorkoutId)
        .ok_or_else(|| {
            Error::BadRequest(format!(
                "`{text}` is not a saved workout's id: ids are whole numbers such as 3; GET /api/v1/athletes/{{id}}/saved-workouts lists them"
            ))
        })
}

/// The id a saved workout goes by in resolved views and file names.
pub fn saved_key(id: WorkoutId) -> String {
    format!("my-workout-{}", id.0)
}

/// The saved workout as stored and as a workout; text that no longer parses (saved by an
/// older miler whose language differed) is a problem to fix in the editor, not a crash.
///
/// A workout stored before the size budget existed may expand past it; it is refused here with
/// the parser's reason, before anything is expanded.
pub fn parse_saved(w: &SavedWorkout) -> Result<Workout, Error> {
    text::parse(&w.workout.text)
        .into_result()
        .map_err(|diagnostics| {
            let first = diagnostics.iter().find(|d| d.is_error());
            Error::BadRequest(format!(
                "the saved workout `{}` no longer reads without mistakes ({}); open it in the editor to fix it",
                w.workout.name,
                first.map_or_else(String::new, first_mistake)
            ))
        })
}

/// The first mistake in a workout's text, where it is, and what to do when that is known.
fn first_mistake(d: &text::Diagnostic) -> String {
    match &d.help {
        Some(help) => format!(
            "line {}, column {}: {}; {help}",
            d.line, d.column, d.message
        ),
        None => format!("line {}, column {}: {}", d.line, d.column, d.message),
    }
}
