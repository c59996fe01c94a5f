//! Every catalog workout, resolved for a 6:00 and a 9:00 goal miler, exports to a FIT
//! workout file that Garmin's own decoder (garmin-fit-sdk, run from Python) reads without
//! errors, with the steps, durations, speed bands and repeat structure of the model.

use std::path::{Path, PathBuf};
use std::process::Command;

use miler_workout::fit::{FitIdentity, fit_workout};
use miler_workout::resolve::AthletePaces;
use miler_workout::{Count, Item, Move, MoveKind, Step, Workout, catalog};
use serde_json::Value;

fn oracle() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../miler-fit/tests/oracle/encode_check.py")
}

/// Garmin's reading of `files`, one JSON object per file.
fn garmin_reads(files: &[PathBuf]) -> Vec<Value> {
    let output = Command::new("python3").arg(oracle()).args(files).output().unwrap_or_else(|e| {
        panic!("python3 is needed for Garmin's FIT decoder ({e}); run `bash scripts/test`, which installs it")
    });
    assert!(
        output.status.success(),
        "Garmin's decoder failed: {}\nrun `bash scripts/test`, which installs garmin-fit-sdk",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&output.stdout).unwrap()
}

/// The active steps a watch should run for `items`: reps, strides, efforts and strength, not
/// warm-ups, cool-downs, jogs, walks, rests or stretches. A block's step between iterations
/// runs after every iteration on the watch (so the jog follows each rep, as in Garmin's own
/// workouts), which is the export's documented convention.
fn active_steps(items: &[Item]) -> usize {
    let active = |m: &Move| {
        !matches!(
            m.kind,
            MoveKind::WarmUp | MoveKind::CoolDown | MoveKind::Jog | MoveKind::Walk | MoveKind::Rest
        )
    };
    items
        .iter()
        .map(|item| match item {
            Item::Step(Step::Move(m)) => usize::from(active(m)),
            Item::Step(Step::Strength(_)) => 1,
            Item::Step(Step::Mobility(_)) => 0,
            Item::Repeat(r) => {
                let iterations = match &r.count {
                    Count::Times(n) => n.first() as usize,
                    Count::Until(_) => Workout::new(vec![item.clone()])
                        .flatten()
                        .unwrap()
                        .filter_map(|f| f.reps.first().and_then(|p| p.count))
                        .max()
                        .unwrap_or(1) as usize,
                };
                iterations
                    * (active_steps(&r.body)
                        + r.between.as_ref().map_or(0, |b| usize::from(active(b))))
            }
        })
        .sum()
}

/// Walks the steps as a watch does: a repeat step (duration type 6) jumps back to the step
/// in its duration value until its block has run target value times in all. Counts the
/// active (intensity 0) steps run, repeat steps aside.
fn executed_active_steps(steps: &[Value]) -> usize {
    let mut done = vec![0u64; steps.len()];
    let (mut i, mut active, mut guard) = (0usize, 0usize, 0u32);
    while i < steps.len() {
        guard += 1;
        assert!(guard < 1_000_000, "the repeat steps never finish");
        let step = &steps[i];
        if step["duration_type"] == 6 {
            let from = step["duration_value"].as_u64().unwrap();
            let count = step["target_value"].as_u64().unwrap();
            done[i] += 1;
            if done[i] < count {
                i = from as usize;
                continue;
            }
            done[i] = 0;
        } else if step["intensity"].as_u64().unwrap_or(0) == 0 {
            active += 1;
        }
        i += 1;
    }
    active
}

#[test]
fn every_catalog_workout_exports_for_garmin() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for goal in ["6:00", "9:00"] {
        let athlete = AthletePaces::from_goal(goal.parse().unwrap());
        for entry in catalog::entries() {
            let workout = entry.workout();
            let identity = FitIdentity {
                name: entry.title.to_owned(),
                created_unix: 1_790_000_000,
            };
            let bytes = fit_workout(&workout, &athlete, &identity).unwrap();
            // Our own decoder reads it back as a sound workout file.
            let decoded = miler_fit::decode(&bytes).unwrap();
            assert!(
                decoded.is_complete(),
                "{}: {:?}",
                entry.id,
                decoded.warnings
            );
            let path = dir
                .path()
                .join(format!("{}-{}.fit", entry.id, goal.replace(':', "")));
            std::fs::write(&path, &bytes).unwrap();
            files.push(path);
            let active_in_model = active_steps(&workout.items);
            expected.push((
                entry.id,
                goal,
                decoded.activity.workout_steps,
                active_in_model,
            ));
        }
    }
    let reads = garmin_reads(&files);
    for (read, (id, goal, ours, active_in_model)) in reads.iter().zip(expected) {
        assert_eq!(read["integrity"], true, "{id} {goal}: {read}");
        assert!(
            read["errors"].as_array().unwrap().is_empty(),
            "{id} {goal}: {read}"
        );
        let garmin_steps = read["messages"]["workout_step_mesgs"].as_array().unwrap();
        assert_eq!(garmin_steps.len(), ours.len(), "{id} {goal}");
        let workout = &read["messages"]["workout_mesgs"][0];
        assert_eq!(
            workout["num_valid_steps"].as_u64().unwrap() as usize,
            ours.len(),
            "{id}"
        );
        // Garmin's decoder and ours read the same numbers from every step.
        for (g, o) in garmin_steps.iter().zip(&ours) {
            let field = |name: &str| g[name].as_u64();
            assert_eq!(
                field("duration_type"),
                o.duration_type.map(|t| u64::from(t.0)),
                "{id}"
            );
            assert_eq!(
                field("duration_value"),
                o.duration_value.map(u64::from),
                "{id}"
            );
            assert_eq!(
                field("target_type"),
                o.target_type.map(|t| u64::from(t.0)),
                "{id}"
            );
            assert_eq!(field("target_value"), o.target_value.map(u64::from), "{id}");
            assert_eq!(
                field("custom_target_value_low"),
                o.custom_target_value_low.map(u64::from),
                "{id}"
            );
            assert_eq!(
                field("custom_target_value_high"),
                o.custom_target_value_high.map(u64::from),
                "{id}"
            );
            assert_eq!(
                field("intensity"),
                o.intensity.map(|i| u64::from(i.0)),
                "{id}"
            );
            if let Some(low) = field("custom_target_value_low") {
                assert!(
                    low <= field("custom_target_value_high").unwrap(),
                    "{id}: speed band slow to fast"
                );
            }
        }
        // Run as a watch runs it (repeat steps jump back), the file has as many active steps
        // as the model's flattened workout has reps and efforts.
        assert_eq!(
            executed_active_steps(garmin_steps),
            active_in_model,
            "{id} {goal}"
        );
    }
}

/// The 400 m repeats at goal pace for a 6:00 goal: 400 m (40 000 cm) reps with a speed band
/// of 400/90 to 400/88 m/s, a 2:00 jog, and a repeat step of 4 pointing at the rep.
#[test]
fn goal_pace_400s_as_garmin_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let athlete = AthletePaces::from_goal("6:00".parse().unwrap());
    let workout = catalog::get("goal-pace-400s")
        .unwrap()
        .workout()
        .at_step(0, 6)
        .unwrap();
    let bytes = fit_workout(
        &workout,
        &athlete,
        &FitIdentity {
            name: "Goal-pace 400s".into(),
            created_unix: 1_790_000_000,
        },
    )
    .unwrap();
    let path = dir.path().join("g.fit");
    std::fs::write(&path, bytes).unwrap();
    let read = &garmin_reads(&[path])[0];
    let steps = read["messages"]["workout_step_mesgs"].as_array().unwrap();
    let rep = steps
        .iter()
        .find(|s| s["duration_type"] == 1 && s["duration_value"] == 40_000)
        .expect("a 400 m rep");
    let low = rep["custom_target_value_low"].as_u64().unwrap();
    let high = rep["custom_target_value_high"].as_u64().unwrap();
    assert_eq!(
        (low, high),
        (
            (400_000.0f64 / 90.0).round() as u64,
            (400_000.0f64 / 88.0).round() as u64
        )
    );
    let rep_index = rep["message_index"].as_u64().unwrap();
    let jog = &steps[rep_index as usize + 1];
    assert_eq!(
        (
            jog["duration_type"].as_u64(),
            jog["duration_value"].as_u64()
        ),
        (Some(0), Some(120_000))
    );
    assert_eq!(jog["intensity"], 4, "recovery");
    let repeat = &steps[rep_index as usize + 2];
    assert_eq!(repeat["duration_type"], 6);
    assert_eq!(
        (
            repeat["duration_value"].as_u64(),
            repeat["target_value"].as_u64()
        ),
        (Some(rep_index), Some(4))
    );
}
