//! `miler compliance`: an activity held against a workout, end to end through `miler import`
//! on a temporary database. Expectations come from the files (the FIT file's own workout
//! steps and laps, as `crates/miler-fit/tests/workouts.rs` spells them out and Garmin's SDK
//! confirms) or from activities built here so the answer is known by construction.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

struct Db(tempfile::TempDir);

impl Db {
    fn new() -> Db {
        Db(tempfile::tempdir().unwrap())
    }

    fn miler(&self) -> Command {
        let mut cmd = Command::cargo_bin("miler").unwrap();
        cmd.env("MILER_DB", self.0.path().join("miler.db"));
        cmd
    }

    fn json(&self, args: &[&str]) -> (Option<i32>, Value) {
        let output = self.miler().args(args).arg("--json").output().unwrap();
        let doc = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
        (output.status.code(), doc)
    }

    /// Imports one file and returns its new id.
    fn import(&self, path: &Path) -> String {
        let (code, doc) = self.json(&["import", path.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{doc}");
        doc["imported"][0]["id"]
            .as_i64()
            .expect("an id")
            .to_string()
    }

    fn stderr(&self, args: &[&str]) -> (Option<i32>, String) {
        let output = self.miler().args(args).output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/activities")
        .join(relative)
}

/// The Edge 530 ride "HIIT 20 X 0:30/0:15": 14 steps, five warm-ups (5, 5, 5, 2 and 8 min),
/// 30 s on (step 5) / 15 s off (step 6) ten times, 10 min active (step 8), the 30/15 block
/// ten times again (steps 9 and 10), two 5 min cool-downs. The laps ran steps 0 to 4 (the
/// first four cut short by the lap button: 107.727, 4.713, 17.596 and 89.96 s; the fifth its
/// full 480 s), then step 5 five times (30, 30, 30, 1.368 and 9.042 s) with step 6 between,
/// then left the workout.
#[test]
fn the_hrv_ride_against_its_embedded_workout() {
    let db = Db::new();
    let id = db.import(&data("fit/hrv-activity.fit"));
    let (code, doc) = db.json(&["compliance", &id]);
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(doc["workout"]["source"], "embedded");
    assert_eq!(doc["workout"]["name"], "HIIT 20 X 0:30/0:15");
    assert_eq!(doc["matching"], "step_index");

    // 10 + 1 + 10 work steps; power targets are not paces, so no rep has a band.
    let reps = doc["reps"].as_array().unwrap();
    assert_eq!(reps.len(), 21);
    assert!(reps.iter().all(|r| r["target_time_s"].is_null()));
    let run: Vec<(f64, &str)> = reps[..5]
        .iter()
        .map(|r| {
            (
                r["actual_time_s"].as_f64().unwrap(),
                r["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        run,
        [
            (30.0, "no_target"),
            (30.0, "no_target"),
            (30.0, "no_target"),
            (1.368, "short"),
            (9.042, "short"),
        ]
    );
    assert_eq!(
        reps[10]["label"], "10:00 work",
        "step 8, ten minutes active"
    );
    assert!(reps[5..].iter().all(|r| r["verdict"] == "missed"));
    assert_eq!(doc["missed"], 16);

    // The warm-up: every step has a lap, 699.996 s of 1500 s. The cool-down's two steps have
    // none.
    assert_eq!(doc["warm_up"]["steps_run"], 5);
    assert_eq!(doc["warm_up"]["prescribed_s"], 1500.0);
    assert_eq!(doc["warm_up"]["actual_s"], 699.996);
    let skipped: Vec<&str> = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["5:00 cool-down", "5:00 cool-down"]);
    assert_eq!(
        doc["verdict"],
        "3 of 21 reps run in full; rep 4 stopped at 1.4 s of 30 s, rep 5 stopped at 9 s of 30 s; \
         reps 6-21 missed; the warm-up was cut short (11:40 of 25:00); the cool-down was skipped"
    );
}

/// A TCX run of `goal-pace-400s` for a 6:00 goal mile (four 400 m reps at goal-2s..goal per
/// 400 m, so 88-90 s each): 20 min warm-up, reps of 89, 88.5, 90.3 and 93 s with 2 min jogs,
/// 10 min cool-down. Laps (the warm-up, jogs and cool-down marked `Resting`) and one trackpoint a second at each lap's steady speed.
fn goal_pace_400s_tcx() -> String {
    let laps: &[(f64, f64, &str)] = &[
        (1200.0, 3000.0, "Resting"),
        (89.0, 400.0, "Active"),
        (120.0, 300.0, "Resting"),
        (88.5, 400.0, "Active"),
        (120.0, 300.0, "Resting"),
        (90.3, 400.0, "Active"),
        (120.0, 300.0, "Resting"),
        (93.0, 400.0, "Active"),
        (600.0, 1800.0, "Resting"),
    ];
    let start = 1_767_250_800.0; // 2026-01-01T07:00:00Z
    let stamp = |t: f64| {
        jiff::Timestamp::from_millisecond(((start + t) * 1000.0).round() as i64)
            .unwrap()
            .to_string()
    };
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>2026-01-01T07:00:00Z</Id>
"#,
    );
    let (mut t, mut d) = (0.0, 0.0);
    for &(seconds, metres, intensity) in laps {
        xml.push_str(&format!(
            "<Lap StartTime=\"{}\"><TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{metres}</DistanceMeters><Intensity>{intensity}</Intensity><TriggerMethod>Manual</TriggerMethod><Track>\n",
            stamp(t)
        ));
        // One point a second and one at the lap's end, so the stream covers every lap.
        let points = seconds.ceil() as usize;
        for i in 0..=points {
            let dt = (i as f64).min(seconds);
            xml.push_str(&format!(
                "<Trackpoint><Time>{}</Time><DistanceMeters>{:.3}</DistanceMeters></Trackpoint>\n",
                stamp(t + dt),
                d + metres * dt / seconds
            ));
        }
        xml.push_str("</Track></Lap>\n");
        t += seconds;
        d += metres;
    }
    xml.push_str("</Activity></Activities></TrainingCenterDatabase>\n");
    xml
}

#[test]
fn a_catalog_workout_against_a_tcx_run() {
    let db = Db::new();
    let file = db.0.path().join("goal-400s.tcx");
    std::fs::write(&file, goal_pace_400s_tcx()).unwrap();
    let id = db.import(&file);

    let (code, doc) = db.json(&[
        "compliance",
        &id,
        "--workout",
        "goal-pace-400s",
        "--goal-mile",
        "6:00",
    ]);
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(doc["workout"]["source"], "catalog:goal-pace-400s");
    assert_eq!(doc["matching"], "in_order");
    let reps = doc["reps"].as_array().unwrap();
    assert_eq!(reps.len(), 4);
    for (rep, (time, verdict)) in
        reps.iter()
            .zip([(89.0, "in"), (88.5, "in"), (90.3, "in"), (93.0, "over")])
    {
        // A 6:00 mile is 90 s per 400 m by the four-laps rule; goal-2s/400m is 88 s.
        assert_eq!(rep["target_time_s"], serde_json::json!([88.0, 90.0]));
        assert_eq!(rep["actual_time_s"], time);
        assert_eq!(rep["actual_distance_m"], 400.0);
        assert_eq!(rep["verdict"], verdict);
    }
    assert_eq!(doc["missed"], 0);
    assert_eq!(doc["verdict"], "3 of 4 reps in 88-90 s; rep 4 was 93 s");

    // The human table ends with the same verdict.
    let out = db
        .miler()
        .args([
            "compliance",
            &id,
            "--workout",
            "goal-pace-400s",
            "--goal-mile",
            "6:00",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.trim_end()
            .ends_with("3 of 4 reps in 88-90 s; rep 4 was 93 s"),
        "{text}"
    );
}

#[test]
fn input_errors_say_what_to_do() {
    let db = Db::new();
    let file = db.0.path().join("goal-400s.tcx");
    std::fs::write(&file, goal_pace_400s_tcx()).unwrap();
    let id = db.import(&file);
    let bad_workout = db.0.path().join("bad.txt");
    std::fs::write(&bad_workout, "4 x 400m @ gaol\n").unwrap();
    let bad_workout = bad_workout.to_str().unwrap().to_owned();

    // (arguments, words the message must contain)
    let cases: &[(&[&str], &str)] = &[
        (&["compliance", &id], "--workout"),
        (
            &["compliance", &id, "--workout", "goal-pace-400s"],
            "--goal-mile",
        ),
        (
            &["compliance", &id, "--workout", "no-such-workout"],
            "neither a catalog workout nor a file",
        ),
        (
            &[
                "compliance",
                &id,
                "--workout",
                &bad_workout,
                "--goal-mile",
                "6:00",
            ],
            "not a workout miler can read",
        ),
        (
            &[
                "compliance",
                "999",
                "--workout",
                "goal-pace-400s",
                "--goal-mile",
                "6:00",
            ],
            "there is no activity 999",
        ),
    ];
    for &(args, words) in cases {
        let (code, stderr) = db.stderr(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
}
