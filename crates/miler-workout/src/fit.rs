//! A workout as a FIT workout file a Garmin watch runs, through `miler-fit`'s encoder.
//!
//! The workout's tree maps onto FIT's flat step list with repeat steps: a block's body steps
//! come first, then its recovery (so the watch shows the jog after every rep, as Garmin's own
//! example workouts do), then a `repeat_until_steps_cmplt` step pointing back at the block's
//! first step with the number of iterations. Blocks nest as FIT repeats nest. An `until 1mi`
//! block becomes the whole number of iterations [`Workout::flatten`] works out.
//!
//! Targets become speed bands in mm/s (the slow end low, the fast end high); an effort with a
//! flat-ground pace gets a band of ±1 % around it; other efforts become open targets with the
//! effort in the step's notes. Strength and mobility steps are open steps (lap button) named
//! by what to do.

use miler_fit::{Intensity, Sport, StepDuration, StepSpec, StepTarget, SubSport, WorkoutFile};

use crate::model::{
    Count, Direction, Item, Length, Mobility, Move, MoveKind, Repeat, Step, Strength, Workout,
};
use crate::resolve::{AthletePaces, ResolveError, ResolvedTarget, resolve_move_step};

/// Why a workout could not be written as a FIT file.
#[derive(Debug, thiserror::Error)]
pub enum FitExportError {
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    #[error("the workout can't be written as a FIT file: {0}")]
    Encode(#[from] miler_fit::EncodeError),
}

/// Identity of the file on the watch: its name, and when it was made (seconds since the Unix
/// epoch; the caller reads the clock).
#[derive(Debug, Clone)]
pub struct FitIdentity {
    pub name: String,
    pub created_unix: i64,
}

/// The workout, resolved for `athlete`, as the bytes of a FIT workout file.
pub fn fit_workout(
    workout: &Workout,
    athlete: &AthletePaces,
    identity: &FitIdentity,
) -> Result<Vec<u8>, FitExportError> {
    let mut steps = Vec::new();
    emit(&workout.items, athlete, &mut steps)?;
    let on_treadmill = workout.any_move(|m| m.venue == crate::Venue::Treadmill);
    let file = WorkoutFile {
        name: identity.name.clone(),
        sport: Sport::RUNNING,
        sub_sport: if on_treadmill {
            SubSport::TREADMILL
        } else {
            SubSport::GENERIC
        },
        product: 1,
        serial_number: serial(&identity.name, identity.created_unix),
        time_created: miler_fit::FitTime(fit_time(identity.created_unix)),
        steps,
    };
    Ok(miler_fit::encode_workout(&file)?)
}

/// FIT time: seconds since 1989-12-31 00:00 UTC, clamped into what the field can hold.
fn fit_time(unix: i64) -> u32 {
    (unix - miler_fit::FIT_EPOCH_UNIX).clamp(
        i64::from(miler_fit::FitTime::MIN_ABSOLUTE),
        i64::from(u32::MAX - 1),
    ) as u32
}

/// A stable non-zero serial from the name and time (FNV-1a), so two exports of the same
/// session are the same file and different sessions differ.
fn serial(name: &str, created: i64) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in name.bytes().chain(created.to_le_bytes()) {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash.max(1)
}

fn emit(
    items: &[Item],
    athlete: &AthletePaces,
    steps: &mut Vec<StepSpec>,
) -> Result<(), FitExportError> {
    for item in items {
        match item {
            Item::Step(Step::Move(m)) => steps.push(move_step(m, athlete)?),
            Item::Step(Step::Strength(s)) => steps.push(strength_step(s)),
            Item::Step(Step::Mobility(m)) => steps.push(mobility_step(m)),
            Item::Repeat(r) => {
                let first = steps.len();
                emit(&r.body, athlete, steps)?;
                if let Some(between) = &r.between {
                    steps.push(move_step(between, athlete)?);
                }
                let count = iterations(r);
                if count > 1 {
                    let from = u16::try_from(first).unwrap_or(u16::MAX);
                    steps.push(StepSpec::repeat(from, count));
                }
            }
        }
    }
    Ok(())
}

/// How many times a block runs: its count, or what flattening works out for `until`.
fn iterations(r: &Repeat) -> u32 {
    match &r.count {
        Count::Times(n) => n.first(),
        Count::Until(cover) => {
            crate::flatten::until_iterations(r, *cover, &crate::Track::OUTDOOR_400).unwrap_or(1)
        }
    }
}

fn intensity(kind: MoveKind) -> Intensity {
    match kind {
        MoveKind::WarmUp => Intensity::WARMUP,
        MoveKind::CoolDown => Intensity::COOLDOWN,
        MoveKind::Jog | MoveKind::Walk => Intensity::RECOVERY,
        MoveKind::Rest => Intensity::REST,
        _ => Intensity::ACTIVE,
    }
}

fn mm_per_s(pace: miler_core::Pace) -> u32 {
    (pace.speed().m_per_s() * 1000.0).round() as u32
}

fn move_step(m: &Move, athlete: &AthletePaces) -> Result<StepSpec, FitExportError> {
    let resolved = resolve_move_step(m, athlete)?;
    let duration = match &m.length {
        Length::Distance { ramp, .. } => StepDuration::Distance {
            cm: (ramp.first().metres() * 100.0).round().max(1.0) as u32,
        },
        Length::Time { ramp, .. } => StepDuration::Time {
            ms: (ramp.first().secs() * 1000.0).round().max(1.0) as u32,
        },
        Length::Open => StepDuration::Open,
    };
    let mut notes = Vec::new();
    let target = match &resolved.target {
        Some(ResolvedTarget::Pace { fast, slow, .. }) => StepTarget::Speed {
            low_mm_s: mm_per_s(*slow),
            high_mm_s: mm_per_s(*fast),
        },
        Some(ResolvedTarget::Effort {
            flat_pace: Some(p),
            description,
        }) => {
            notes.push(description.clone());
            let centre = p.speed().m_per_s() * 1000.0;
            StepTarget::Speed {
                low_mm_s: (centre * 0.99).round() as u32,
                high_mm_s: (centre * 1.01).round() as u32,
            }
        }
        Some(ResolvedTarget::Effort { description, .. }) => {
            notes.push(description.clone());
            StepTarget::Open
        }
        None => StepTarget::Open,
    };
    if m.direction == Direction::Backward {
        notes.push("backward".to_owned());
    }
    if let Some(note) = &m.note {
        notes.push(note.clone());
    }
    let name = step_name(m);
    let mut spec = StepSpec::new(duration, target, intensity(m.kind)).named(name);
    if !notes.is_empty() {
        spec = spec.with_notes(notes.join("; "));
    }
    Ok(spec)
}

fn step_name(m: &Move) -> String {
    let what = m.cue();
    match &m.length {
        Length::Distance { ramp, .. } => format!("{what} {}", ramp.first()),
        Length::Time { ramp, .. } => format!("{what} {}", ramp.first()),
        Length::Open => what.to_owned(),
    }
}

fn strength_step(s: &Strength) -> StepSpec {
    let dose = match s.dose {
        crate::model::Dose::Reps(r) => format!("{}x{r}", s.sets),
        crate::model::Dose::Time(t) => format!("{}x{t}", s.sets),
    };
    let spec = StepSpec::new(StepDuration::Open, StepTarget::Open, Intensity::ACTIVE)
        .named(format!("{} {dose}", s.exercise));
    match &s.note {
        Some(note) => spec.with_notes(note.clone()),
        None => spec,
    }
}

fn mobility_step(m: &Mobility) -> StepSpec {
    let what = match m.kind {
        crate::model::MobilityKind::Stretch => "Stretch",
        crate::model::MobilityKind::FoamRoll => "Foam roll",
    };
    let name = match &m.area {
        Some(area) => format!("{what} {area}"),
        None => what.to_owned(),
    };
    // A held stretch's time is per side and per hold, which the runner times; the lap
    // button ends the step.
    let spec = StepSpec::new(StepDuration::Open, StepTarget::Open, Intensity::WARMUP).named(name);
    match (&m.note, m.time) {
        (Some(note), _) => spec.with_notes(note.clone()),
        (None, Some(t)) => spec.with_notes(format!(
            "hold {t}{}",
            if m.each_side { " each side" } else { "" }
        )),
        (None, None) => spec,
    }
}
