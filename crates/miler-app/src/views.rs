//! JSON views both faces print: `miler workout show --json` and `GET /api/v1/workouts/{id}`
//! describe a resolved workout's steps with these, so the two documents cannot drift apart.
//! SI units throughout (metres, seconds, seconds per kilometre), rounded as the splits card
//! rounds them ([`miler_workout::card`]).

use miler_core::{Distance, Pace};
use miler_workout::card::{self, kind_name, terrain};
use miler_workout::resolve::{Resolved, ResolvedStep, ResolvedTarget, Side, StepKind};
use miler_workout::{Direction, Role};
use serde::Serialize;

pub mod activity;
pub mod import;
pub mod predict;

/// `value` to `decimals` places.
pub fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale + 0.0
}

fn pair(a: f64, b: f64, decimals: i32) -> [f64; 2] {
    [round(a, decimals), round(b, decimals)]
}

/// A step's target, as a band from the fast end to the slow end.
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pace_s_per_km: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_400m_s: Option<[f64; 2]>,
    /// The rep's time band, for a distance rep with a pace target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_s: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed_kmh: Option<[f64; 2]>,
    /// `faster` or `slower` for a one-sided target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort: Option<String>,
}

/// One resolved step.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub kind: String,
    /// `body` or `between` (a recovery between two iterations).
    pub role: &'static str,
    /// `[iteration, count]` in each enclosing repeat, outermost first.
    pub reps: Vec<[Option<u32>; 2]>,
    pub direction: &'static str,
    pub terrain: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_s: Option<f64>,
    pub target: Option<TargetView>,
    /// Splits on the track for a distance rep with a time target: every 200 m.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub splits: Vec<SplitView>,
    pub estimated_distance_m: f64,
    pub estimated_time_s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where a split falls and its time band.
#[derive(Debug, Clone, Serialize)]
pub struct SplitView {
    pub at_m: f64,
    pub time_s: [f64; 2],
}

/// What a resolved workout adds up to, beside its steps.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedView {
    pub steps: Vec<StepView>,
    pub total_distance_m: f64,
    pub total_time_s: f64,
    pub load: f64,
    pub load_rule: &'static str,
    pub energy_kcal: f64,
    pub mass_kg: f64,
    pub basis: Vec<String>,
}

/// `resolved` for a runner of `mass_kg`.
pub fn resolved(r: &Resolved, mass_kg: f64) -> ResolvedView {
    ResolvedView {
        steps: r.steps.iter().map(step).collect(),
        total_distance_m: round(r.total_distance.metres(), 1),
        total_time_s: round(r.total_time.secs(), 1),
        load: round(r.load, 1),
        load_rule: "session RPE (Foster): minutes x rating of perceived exertion, summed over the steps",
        energy_kcal: round(r.kcal_per_kg * mass_kg, 0),
        mass_kg,
        basis: r.basis.clone(),
    }
}

/// One resolved step's view.
pub fn step(step: &ResolvedStep) -> StepView {
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
        target: target(step),
        splits: card::track_splits(step)
            .into_iter()
            .map(|(at_m, time_s)| SplitView { at_m, time_s })
            .collect(),
        estimated_distance_m: round(step.estimated_distance.metres(), 1),
        estimated_time_s: round(step.estimated_time.secs(), 1),
        note: step.note.clone(),
    }
}

fn target(step: &ResolvedStep) -> Option<TargetView> {
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
