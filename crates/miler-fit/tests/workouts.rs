//! Workouts against Garmin's own decoder (garmin-fit-sdk): the workout embedded in an activity
//! that ran it (hrv-activity.fit, whose laps name the step they ran) and the stand-alone workout
//! files.
//!
//! `tests/oracle/dump_garmin_sdk.py` prints the SDK's raw values; every workout, step and lap
//! step index is compared exactly. The hrv-activity expectations are also written out here, so
//! the story of that ride is readable without running Python.

mod common;

use common::int_differs;
use miler_fit::{Activity, DurationType, Intensity};
use serde_json::Value;

fn compare(file: &str, a: &Activity, sdk: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut check = |differs: bool, what: String| {
        if differs {
            diffs.push(format!("{file}: {what}"));
        }
    };
    let workouts = sdk["workouts"].as_array().expect("workouts");
    check(
        a.workouts.len() != workouts.len(),
        format!("{} workouts, SDK {}", a.workouts.len(), workouts.len()),
    );
    for (w, theirs) in a.workouts.iter().zip(workouts) {
        check(
            w.name.as_deref() != theirs["name"].as_str(),
            format!("name {:?} vs {}", w.name, theirs["name"]),
        );
        let ints = [
            ("sport", w.sport.map(|s| i64::from(s.0))),
            ("num_valid_steps", w.num_valid_steps.map(i64::from)),
        ];
        for (key, value) in ints {
            check(
                int_differs(value, &theirs[key]),
                format!("workout {key} {value:?} vs {}", theirs[key]),
            );
        }
    }
    let steps = sdk["workout_steps"].as_array().expect("workout_steps");
    check(
        a.workout_steps.len() != steps.len(),
        format!("{} steps, SDK {}", a.workout_steps.len(), steps.len()),
    );
    for (i, (s, theirs)) in a.workout_steps.iter().zip(steps).enumerate() {
        let ints = [
            ("message_index", s.message_index.map(i64::from)),
            ("duration_type", s.duration_type.map(|v| i64::from(v.0))),
            ("duration_value", s.duration_value.map(i64::from)),
            ("target_type", s.target_type.map(|v| i64::from(v.0))),
            ("target_value", s.target_value.map(i64::from)),
            (
                "custom_target_value_low",
                s.custom_target_value_low.map(i64::from),
            ),
            (
                "custom_target_value_high",
                s.custom_target_value_high.map(i64::from),
            ),
            ("intensity", s.intensity.map(|v| i64::from(v.0))),
        ];
        for (key, value) in ints {
            check(
                int_differs(value, &theirs[key]),
                format!("step {i} {key} {value:?} vs {}", theirs[key]),
            );
        }
        for (key, value) in [("name", &s.name), ("notes", &s.notes)] {
            check(
                value.as_deref() != theirs[key].as_str(),
                format!("step {i} {key} {value:?} vs {}", theirs[key]),
            );
        }
    }
    let laps = sdk["laps"].as_array().expect("laps");
    check(
        a.laps.len() != laps.len(),
        format!("{} laps, SDK {}", a.laps.len(), laps.len()),
    );
    for (i, (lap, theirs)) in a.laps.iter().zip(laps).enumerate() {
        let ints = [
            ("message_index", lap.message_index.map(i64::from)),
            ("wkt_step_index", lap.wkt_step_index.map(i64::from)),
        ];
        for (key, value) in ints {
            check(
                int_differs(value, &theirs[key]),
                format!("lap {i} {key} {value:?} vs {}", theirs[key]),
            );
        }
    }
    diffs
}

#[test]
fn workouts_agree_with_garmins_decoder() {
    let mut files = vec!["fit/hrv-activity.fit".to_owned()];
    files.extend(common::fit_files("fit-workouts"));
    let sdk = common::run_oracle("dump_garmin_sdk.py", &files);
    let mut all = Vec::new();
    for (file, theirs) in files.iter().zip(&sdk) {
        let errors = theirs["errors"].as_array().expect("errors");
        assert!(errors.is_empty(), "{file}: the SDK reported {errors:?}");
        let decoded = miler_fit::decode(&common::read(file)).expect("decodes");
        all.extend(compare(file, &decoded.activity, theirs));
    }
    assert!(all.is_empty(), "differences from garmin-fit-sdk:\n{all:#?}");
}

#[test]
fn the_hrv_ride_ran_its_embedded_workout() {
    let d = miler_fit::decode(&common::read("fit/hrv-activity.fit")).expect("decodes");
    let a = &d.activity;
    let w = &a.workouts[0];
    assert_eq!(w.name.as_deref(), Some("HIIT 20 X 0:30/0:15"));
    assert_eq!(w.num_valid_steps, Some(14));
    assert_eq!(a.workout_steps.len(), 14);

    // (step, duration type, duration value, target value, intensity): warm-ups of 5, 5, 5, 2
    // and 8 minutes, 30 s on / 15 s off repeated 10 times from step 5, ten minutes easy, the
    // block again from step 9, and two cool-downs.
    let warm = Some(Intensity::WARMUP);
    let time = DurationType::TIME;
    let repeat = DurationType::REPEAT_UNTIL_STEPS_CMPLT;
    let want = [
        (0, time, 300_000, 2, warm),
        (1, time, 300_000, 3, warm),
        (2, time, 300_000, 4, warm),
        (3, time, 120_000, 5, warm),
        (4, time, 480_000, 2, warm),
        (5, time, 30_000, 7, Some(Intensity::ACTIVE)),
        (6, time, 15_000, 1, Some(Intensity::RECOVERY)),
        (7, repeat, 5, 10, None),
        (8, time, 600_000, 2, Some(Intensity::ACTIVE)),
        (9, time, 30_000, 7, Some(Intensity::ACTIVE)),
        (10, time, 15_000, 1, Some(Intensity::RECOVERY)),
        (11, repeat, 9, 10, None),
        (12, time, 300_000, 0, Some(Intensity::COOLDOWN)),
        (13, time, 300_000, 2, Some(Intensity::COOLDOWN)),
    ];
    for (step, (index, duration_type, duration_value, target_value, intensity)) in
        a.workout_steps.iter().zip(want)
    {
        assert_eq!(
            (
                step.message_index,
                step.duration_type,
                step.duration_value,
                step.target_value,
                step.intensity
            ),
            (
                Some(index),
                Some(duration_type),
                Some(duration_value),
                Some(target_value),
                intensity
            ),
            "step {index}"
        );
    }

    // The laps follow the steps: one per warm-up step (the rider skipped through them), then
    // the 30/15 reps, alternating steps 5 and 6, stopped in the fifth of ten; the last lap,
    // after the workout was left, names no step.
    let steps: Vec<Option<u16>> = a.laps.iter().map(|l| l.wkt_step_index).collect();
    let s = Some;
    assert_eq!(
        steps,
        [
            s(0),
            s(1),
            s(2),
            s(3),
            s(4),
            s(5),
            s(6),
            s(5),
            s(6),
            s(5),
            s(6),
            s(5),
            s(6),
            s(5),
            None
        ]
    );
}
