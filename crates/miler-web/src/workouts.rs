//! Workouts for pages and API: the catalog, one workout made exact for an athlete (the
//! splits card), and checking workout text with diagnostics.
//!
//! Resolution is miler-workout's [`resolve`]; this module builds the athlete's
//! [`AthletePaces`] from their profile and lays the result out as `miler workout show
//! --json` does, field for field, plus the goal pace on 400 m and 200 m tracks and in bends
//! and straights for the printable card.

use miler_core::agegrade::Sex;
use miler_core::splits::{GoalSplits, TrackPart as CoreTrackPart};
use miler_core::{Distance, Duration, Pace};
use miler_store::Athlete;
use miler_workout::resolve::{
    AthletePaces, Resolved, ResolvedStep, ResolvedTarget, Side, StepKind, resolve,
};
use miler_workout::{Direction, MoveKind, Role, Slope, Venue, Workout, catalog, text};
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

#[derive(Debug, Serialize)]
pub struct TargetView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pace_s_per_km: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_400m_s: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_s: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed_kmh: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StepView {
    pub kind: String,
    pub role: &'static str,
    pub reps: Vec<[Option<u32>; 2]>,
    pub direction: &'static str,
    pub terrain: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_s: Option<f64>,
    pub target: Option<TargetView>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub splits: Vec<SplitMark>,
    pub estimated_distance_m: f64,
    pub estimated_time_s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SplitMark {
    pub at_m: f64,
    pub time_s: [f64; 2],
}

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
    pub steps: Vec<StepView>,
    pub total_distance_m: f64,
    pub total_time_s: f64,
    pub load: f64,
    pub load_rule: &'static str,
    pub energy_kcal: f64,
    pub mass_kg: f64,
    pub basis: Vec<String>,
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
        steps: r.steps.iter().map(step_view).collect(),
        total_distance_m: round(r.total_distance.metres(), 1),
        total_time_s: round(r.total_time.secs(), 1),
        load: round(r.load, 1),
        load_rule: "session RPE (Foster): minutes x rating of perceived exertion, summed over the steps",
        energy_kcal: round(r.kcal_per_kg * mass, 0),
        mass_kg: mass,
        basis: r.basis.clone(),
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

fn kind_name(kind: &StepKind) -> String {
    match kind {
        StepKind::Move { kind, .. } => match kind {
            MoveKind::WarmUp => "warm-up",
            MoveKind::Run => "run",
            MoveKind::Jog => "jog",
            MoveKind::Walk => "walk",
            MoveKind::Rest => "rest",
            MoveKind::CoolDown => "cool-down",
            MoveKind::Stride => "stride",
            MoveKind::Drills => "drills",
            MoveKind::TimeTrial => "time-trial",
        }
        .to_owned(),
        StepKind::Strength { .. } => "strength".to_owned(),
        StepKind::Mobility { .. } => "mobility".to_owned(),
    }
}

fn terrain(kind: &StepKind) -> String {
    let StepKind::Move { slope, venue, .. } = kind else {
        return String::new();
    };
    let slope = match slope {
        Slope::Flat => "",
        Slope::Uphill(_) => "uphill",
        Slope::Downhill(_) => "downhill",
    };
    let venue = match venue {
        Venue::Anywhere => "",
        Venue::Track(None) => "track",
        Venue::Track(Some(miler_workout::TrackPart::Bend)) => "track bend",
        Venue::Track(Some(miler_workout::TrackPart::Straight)) => "track straight",
        Venue::Treadmill => "treadmill",
    };
    [slope, venue]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

fn pair(a: f64, b: f64, decimals: i32) -> [f64; 2] {
    [round(a, decimals), round(b, decimals)]
}

fn target_view(step: &ResolvedStep) -> Option<TargetView> {
    let band = |fast: Pace, slow: Pace, bound, effort| TargetView {
        pace_s_per_km: Some(pair(fast.secs_per_km(), slow.secs_per_km(), 2)),
        per_400m_s: Some(pair(
            fast.time_for(Distance::TRACK_400).secs(),
            slow.time_for(Distance::TRACK_400).secs(),
            2,
        )),
        time_s: step.rep_time.map(|(a, b)| pair(a.secs(), b.secs(), 2)),
        speed_kmh: Some(pair(fast.speed().km_per_h(), slow.speed().km_per_h(), 2)),
        bound,
        effort,
    };
    match &step.target {
        None => None,
        Some(ResolvedTarget::Pace {
            fast,
            slow,
            one_sided,
        }) => Some(band(
            *fast,
            *slow,
            one_sided.map(|s| match s {
                Side::Faster => "faster",
                Side::Slower => "slower",
            }),
            None,
        )),
        Some(ResolvedTarget::Effort {
            description,
            flat_pace: Some(p),
        }) => Some(band(*p, *p, None, Some(description.clone()))),
        Some(ResolvedTarget::Effort {
            description,
            flat_pace: None,
        }) => Some(TargetView {
            pace_s_per_km: None,
            per_400m_s: None,
            time_s: None,
            speed_kmh: None,
            bound: None,
            effort: Some(description.clone()),
        }),
    }
}

/// Splits on the track every 200 m for a distance rep of 400 m or more with a time target.
fn splits(step: &ResolvedStep) -> Vec<SplitMark> {
    let (Some(distance), Some((fast, slow))) = (step.distance, step.rep_time) else {
        return Vec::new();
    };
    let d = distance.metres();
    if d < 400.0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 200.0;
    while at < d - 1e-6 {
        out.push(SplitMark {
            at_m: at,
            time_s: pair(fast.secs() * at / d, slow.secs() * at / d, 1),
        });
        at += 200.0;
    }
    out
}

fn step_view(step: &ResolvedStep) -> StepView {
    let direction = match step.kind {
        StepKind::Move {
            direction: Direction::Backward,
            ..
        } => "backward",
        _ => "forward",
    };
    let kind = match &step.kind {
        StepKind::Strength { description } | StepKind::Mobility { description } => {
            format!("{}: {description}", kind_name(&step.kind))
        }
        k => kind_name(k),
    };
    StepView {
        kind,
        role: match step.role {
            Role::Body => "body",
            Role::Between => "between",
        },
        reps: step
            .reps
            .iter()
            .map(|r| [Some(r.iteration), r.count])
            .collect(),
        direction,
        terrain: terrain(&step.kind),
        distance_m: step.distance.map(|d| round(d.metres(), 3)),
        time_s: step.time.map(|t| round(t.secs(), 3)),
        target: target_view(step),
        splits: splits(step),
        estimated_distance_m: round(step.estimated_distance.metres(), 1),
        estimated_time_s: round(step.estimated_time.secs(), 1),
        note: step.note.clone(),
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

pub fn card_rows(v: &ShowView) -> Vec<CardRow> {
    v.steps
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
                        parts.push(format!("{}/km", band(pace[0], pace[1])));
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
    source
        .lines()
        .find_map(|l| l.trim().strip_prefix('#').map(|t| t.trim().to_owned()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "My workout".to_owned())
}
