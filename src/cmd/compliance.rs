//! `miler compliance ID`: was a session run as prescribed? One stored activity held against a
//! workout, rep by rep.
//!
//! The workout is a catalog id or a workout-language file, resolved for the athlete's
//! `--goal-mile` or `--from` result; without `--workout`, the workout the watch ran (a FIT
//! file's embedded workout, stored on import) is used. This module only chooses the workout
//! and resolves it (`miler_workout::check` turns it into a [`Prescription`]); the checking is
//! [`miler_activity::compliance::check`].

use std::fmt::Write as _;
use std::path::Path;

use miler_activity::compliance::{self, Compliance, Prescription};
use miler_core::agegrade::Sex;
use miler_core::{Duration, Performance};
use miler_store::{ActivityId, AthleteId};
use miler_workout::check::{is_relative, prescription};
use miler_workout::resolve::AthletePaces;
use miler_workout::{Workout, catalog, text};
use serde::Serialize;

use crate::cli::{emit, invalid, round};
use crate::db;

/// Hold an activity against a workout: rep by rep, in or out of the band, reps missed.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler compliance 3                                   the workout the watch ran (FIT)
  miler compliance 3 --workout goal-pace-400s --goal-mile 6:00
  miler compliance 3 --workout tuesday.txt --from 5k=20:00 --json")]
pub struct Args {
    /// The activity's id, as `miler activities` lists it.
    id: i64,

    /// A catalog workout id (goal-pace-400s) or a workout-language file [default: the
    /// workout embedded in the activity's FIT file].
    #[arg(long, value_name = "ID|FILE")]
    workout: Option<String>,

    /// The mile you are training for, as M:SS: what `goal` targets mean.
    #[arg(long, value_name = "TIME")]
    goal_mile: Option<Duration>,

    /// A recent result as DIST=TIME (5k=24:00): what race-pace and Daniels targets mean.
    /// May be given more than once.
    #[arg(long, value_name = "DIST=TIME")]
    from: Vec<Performance>,
}

#[derive(Serialize)]
struct View {
    activity_id: i64,
    workout: WorkoutView,
    matching: &'static str,
    reps: Vec<RepView>,
    missed: usize,
    skipped: Vec<StepView>,
    warm_up: Option<SegmentView>,
    cool_down: Option<SegmentView>,
    verdict: String,
}

#[derive(Serialize)]
struct WorkoutView {
    /// `catalog:<id>`, `file:<path>` or `embedded`.
    source: String,
    name: Option<String>,
}

#[derive(Serialize)]
struct RepView {
    number: u32,
    label: String,
    target_time_s: Option<[f64; 2]>,
    actual_time_s: Option<f64>,
    actual_distance_m: Option<f64>,
    actual_pace_s_per_km: Option<f64>,
    /// The lap ran past the prescribed distance and its time is its pace over that distance.
    scaled: bool,
    verdict: &'static str,
}

#[derive(Serialize)]
struct StepView {
    /// 1-based position in the prescription.
    step: usize,
    label: String,
}

#[derive(Serialize)]
struct SegmentView {
    prescribed_s: f64,
    actual_s: f64,
    steps: usize,
    steps_run: usize,
}

pub fn run(args: &Args, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    // The workout is read before the database is opened, so a typo fails fast.
    let chosen = args
        .workout
        .as_deref()
        .map(|w| choose(w, args))
        .transpose()?;
    let id = ActivityId(args.id);
    let stored = db::block_on(async {
        let store = db::open(db_flag).await?;
        let found = store.load_activity(AthleteId::DEFAULT, id).await?;
        store.close().await;
        anyhow::Ok(found)
    })??;
    let Some(stored) = stored else {
        return Err(invalid(format!(
            "there is no activity {}: `miler activities` lists the ids you can use",
            args.id
        )));
    };
    let (workout, prescription) = match chosen {
        Some(chosen) => chosen,
        None => match stored.activity.embedded_workout.clone() {
            Some(p) => (
                WorkoutView {
                    source: "embedded".to_owned(),
                    name: stored.activity.name.clone(),
                },
                p,
            ),
            None => {
                return Err(invalid(format!(
                    "activity {} carries no workout of its own (only FIT files from a watch that ran one do); \
                     give one with --workout ID|FILE, such as --workout goal-pace-400s --goal-mile 6:00",
                    args.id
                )));
            }
        },
    };
    let result = compliance::check(&stored.activity, &prescription);
    let view = view(args.id, workout, &prescription, &result);
    emit(json, &view, || human(&view))
}

/// Reads `--workout` (a catalog id, else a file) and resolves it for the athlete.
fn choose(spec: &str, args: &Args) -> anyhow::Result<(WorkoutView, Prescription)> {
    let (source, name, workout) = if let Some(entry) = catalog::get(spec) {
        (
            format!("catalog:{}", entry.id),
            Some(entry.title.to_owned()),
            entry.workout(),
        )
    } else if Path::new(spec).is_file() {
        let source_text = std::fs::read_to_string(spec).map_err(|e| {
            invalid(format!(
                "--workout {spec}: could not read the file ({e}); give a readable workout-language file"
            ))
        })?;
        let workout = text::parse(&source_text)
            .into_result()
            .map_err(|diagnostics| {
                invalid(format!(
                    "--workout {spec} is not a workout miler can read:\n{}",
                    text::render(&source_text, &diagnostics)
                ))
            })?;
        (format!("file:{spec}"), None, workout)
    } else {
        return Err(invalid(format!(
            "--workout {spec} is neither a catalog workout nor a file: give a catalog id such as goal-pace-400s \
             (`miler workout` lists them) or the path of a workout-language file"
        )));
    };
    let athlete = athlete(args, &workout)?;
    let resolved = miler_workout::resolve::resolve(&workout, &athlete)
        .map_err(|e| invalid(format!("--workout {spec}: {e}")))?;
    Ok((WorkoutView { source, name }, prescription(&resolved.steps)))
}

/// The athlete the workout is resolved for. Relative targets (`goal`, `5k`, `T`, an effort)
/// need `--goal-mile` or `--from`: guessing them from the activity itself would grade the run
/// against itself. A workout whose targets are all absolute paces resolves the same for any
/// athlete, so a nominal one stands in (the resolver wants one for its estimates, which a
/// compliance check does not use).
fn athlete(args: &Args, workout: &Workout) -> anyhow::Result<AthletePaces> {
    if args.goal_mile.is_none() && args.from.is_empty() {
        if is_relative(workout) {
            return Err(invalid(
                "this workout's targets are relative (goal pace, race paces, Daniels' paces or efforts): \
                 say what they mean for you with --goal-mile 6:00 or --from 5k=24:00",
            ));
        }
        return Ok(AthletePaces::from_goal(Duration::secs_const(360.0)));
    }
    if let Some(goal) = args.goal_mile
        && goal.secs() <= 0.0
    {
        return Err(invalid(format!(
            "--goal-mile {goal} is not a mile time: give a time above zero, such as 6:00"
        )));
    }
    if args.from.is_empty() {
        return Ok(AthletePaces::from_goal(
            args.goal_mile.unwrap_or(Duration::ZERO),
        ));
    }
    AthletePaces::from_results(&args.from, args.goal_mile, Sex::Male)
        .map_err(|e| invalid(format!("--from: {e}")))
}

fn view(id: i64, workout: WorkoutView, prescription: &Prescription, c: &Compliance) -> View {
    let segment = |s: Option<compliance::SegmentCheck>| {
        s.map(|s| SegmentView {
            prescribed_s: round(s.prescribed.secs(), 3),
            actual_s: round(s.actual.secs(), 3),
            steps: s.steps,
            steps_run: s.steps_run,
        })
    };
    View {
        activity_id: id,
        workout,
        matching: match c.matching {
            compliance::Matching::StepIndex => "step_index",
            compliance::Matching::InOrder => "in_order",
        },
        reps: c
            .reps
            .iter()
            .map(|r| RepView {
                number: r.number,
                label: r.prescribed.label.clone(),
                target_time_s: r
                    .target_time
                    .map(|(fast, slow)| [round(fast.secs(), 3), round(slow.secs(), 3)]),
                actual_time_s: r.actual_time.map(|t| round(t.secs(), 3)),
                actual_distance_m: r.actual_distance.map(|d| round(d.metres(), 2)),
                actual_pace_s_per_km: r.actual_pace.map(|p| round(p.secs_per_km(), 1)),
                scaled: r.scaled,
                verdict: r.verdict.as_str(),
            })
            .collect(),
        missed: c.missed,
        skipped: c
            .skipped_steps
            .iter()
            .map(|&i| StepView {
                step: i + 1,
                label: prescription.steps[i].label.clone(),
            })
            .collect(),
        warm_up: segment(c.warm_up),
        cool_down: segment(c.cool_down),
        verdict: c.verdict_line.clone(),
    }
}

fn clock(seconds: f64) -> String {
    Duration::from_secs(seconds).map_or_else(|| "-".into(), |d| d.display_fixed(1))
}

fn human(v: &View) -> String {
    let mut out = String::new();
    let what = match (&v.workout.name, v.workout.source.as_str()) {
        (Some(name), "embedded") => format!("the workout the watch ran, \"{name}\""),
        (None, "embedded") => "the workout the watch ran".to_owned(),
        (Some(name), source) => format!("{name} ({source})"),
        (None, source) => source.to_owned(),
    };
    let how = match v.matching {
        "step_index" => "laps matched by workout step",
        _ => "reps matched in order to the work intervals",
    };
    let _ = writeln!(out, "Activity {} against {what}; {how}\n", v.activity_id);
    let _ = writeln!(
        out,
        "  {:>4}  {:<24}  {:>15}  {:>9}  {:>8}  verdict",
        "rep", "step", "target", "time", "metres"
    );
    for r in &v.reps {
        let target = r
            .target_time_s
            .map_or("-".into(), |[a, b]| format!("{}-{}", clock(a), clock(b)));
        let time = r.actual_time_s.map_or("-".into(), |t| {
            if r.scaled {
                format!("{}*", clock(t))
            } else {
                clock(t)
            }
        });
        let metres = r
            .actual_distance_m
            .map_or("-".into(), |m| format!("{m:.1}"));
        let _ = writeln!(
            out,
            "  {:>4}  {:<24}  {:>15}  {:>9}  {:>8}  {}",
            r.number,
            r.label,
            target,
            time,
            metres,
            r.verdict.replace('_', " ")
        );
    }
    if v.reps.iter().any(|r| r.scaled) {
        let _ = writeln!(
            out,
            "  * the lap ran past the distance: its pace over the prescribed distance"
        );
    }
    let _ = writeln!(out, "\n{}", v.verdict);
    out
}
