//! Every catalog workout, resolved for a 6:00 and a 9:00 goal miler, exports to a FIT
//! workout file that Garmin's own decoder (garmin-fit-sdk, run from Python) reads without
//! errors, with the steps, durations, speed bands and repeat structure of the model.

use std::path::{Path, PathBuf};
use std::process::Command;

use miler_workout::catalog;
use miler_workout::fit::{FitIdentity, fit_workout};
use miler_workout::resolve::AthletePaces;
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
            expected.push((entry.id, goal, decoded.activity.workout_steps.len()));
        }
    }
    let reads = garmin_reads(&files);
    for (read, (id, goal, steps)) in reads.iter().zip(expected) {
        assert_eq!(read["integrity"], true, "{id} {goal}: {read}");
        assert!(
            read["errors"].as_array().unwrap().is_empty(),
            "{id} {goal}: {read}"
        );
        let garmin_steps = read["messages"]["workout_step_mesgs"].as_array().unwrap();
        assert_eq!(garmin_steps.len(), steps, "{id} {goal}");
        let workout = &read["messages"]["workout_mesgs"][0];
        assert_eq!(
            workout["num_valid_steps"].as_u64().unwrap() as usize,
            steps,
            "{id}"
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
