//! The workout a watch ran, read from the FIT file into the activity's prescription: repeats
//! expanded in the order a watch runs them, times from ms, roles from the step intensities.
//! Expectations are the file's own workout_step messages (see
//! `crates/miler-fit/tests/workouts.rs`, checked against Garmin's SDK).

use std::path::Path;

use miler_activity::compliance::StepRole;

#[test]
fn the_hrv_rides_workout_expands_its_two_repeats() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/activities/fit/hrv-activity.fit");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let imported = miler_formats::read_activity("hrv-activity.fit", &bytes).expect("reads");
    let workout = imported.activities[0]
        .embedded_workout
        .as_ref()
        .expect("an embedded workout");

    // Steps 0-4, (5, 6) ten times, 8, (9, 10) ten times, 12, 13: the repeat steps 7 and 11
    // are not steps of their own.
    let mut want: Vec<u16> = vec![0, 1, 2, 3, 4];
    want.extend([5, 6].repeat(10));
    want.push(8);
    want.extend([9, 10].repeat(10));
    want.extend([12, 13]);
    let got: Vec<u16> = workout
        .steps
        .iter()
        .map(|s| s.workout_step_index.unwrap())
        .collect();
    assert_eq!(got, want);

    // (index, seconds, role) for one of each kind of step.
    let cases = [
        (0, 300.0, StepRole::WarmUp),
        (3, 120.0, StepRole::WarmUp),
        (4, 480.0, StepRole::WarmUp),
        (5, 30.0, StepRole::Work),
        (6, 15.0, StepRole::Recovery),
        (8, 600.0, StepRole::Work),
        (12, 300.0, StepRole::CoolDown),
    ];
    for (index, seconds, role) in cases {
        let step = workout
            .steps
            .iter()
            .find(|s| s.workout_step_index == Some(index))
            .unwrap();
        assert_eq!(step.time.map(|t| t.secs()), Some(seconds), "step {index}");
        assert_eq!(step.role, role, "step {index}");
        // Power and cadence targets are not paces.
        assert_eq!(step.pace_band, None, "step {index}");
        assert_eq!(step.distance, None, "step {index}");
    }
}
