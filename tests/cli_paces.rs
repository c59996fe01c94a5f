//! `miler paces`: the JSON contract and the published numbers it must reproduce.

use assert_cmd::Command;
use serde_json::Value;

fn miler() -> Command {
    Command::cargo_bin("miler").expect("the miler binary is built for tests")
}

fn paces_json(args: &[&str]) -> Value {
    let output = miler()
        .arg("paces")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

fn number(value: &Value, pointer: &str) -> f64 {
    value
        .pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{pointer} in {value}"))
}

/// PRODUCT.md: a 6:00 mile is 90 s per 400 m; 200 m reps at 2 s under half the 400 pace;
/// negative-split 400s 5 s slower over the first 200 m; 6:00 per mile is 10 mph.
#[test]
fn goal_mile_numbers_from_the_articles() {
    let doc = paces_json(&["--goal-mile", "6:00"]);
    let table = [
        ("/goal/per_400_s", 90.0),
        ("/goal/per_200_s", 45.0),
        ("/goal/per_100_s", 22.5),
        ("/goal/per_800_s", 180.0),
        ("/goal/per_1200_s", 270.0),
        ("/goal/rep_200m/time_s", 43.0),
        ("/goal/negative_split_400/first_200_s", 47.5),
        ("/goal/negative_split_400/second_200_s", 42.5),
        ("/goal/treadmill_mph", 10.0),
        ("/goal/treadmill_kmh", 16.09),
        ("/goal/laps_400m_track/3/cumulative_s", 360.0),
        ("/goal/laps_400m_track/0/distance_m", 409.344),
        ("/goal/laps_200m_track/7/cumulative_s", 360.0),
        ("/goal/threshold/min/pace_s_per_mile", 400.0),
        ("/goal/threshold/max/pace_s_per_mile", 410.0),
    ];
    for (pointer, expected) in table {
        assert_eq!(number(&doc, pointer), expected, "{pointer}");
    }
    assert_eq!(doc["goal"]["laps_400m_track"].as_array().unwrap().len(), 4);
    assert_eq!(doc["goal"]["laps_200m_track"].as_array().unwrap().len(), 8);
    assert!(doc["daniels"].is_null(), "no VDOT was given");
}

/// Daniels' table at VDOT 50 (REFERENCE.md): T 4:15/km, I 3:55/km, R 87 s per 400 m.
#[test]
fn daniels_paces_at_vdot_50() {
    let doc = paces_json(&["--vdot", "50"]);
    let table = [
        ("/daniels/T/pace_s_per_km", 255.0),
        ("/daniels/I/pace_s_per_km", 235.0),
        ("/daniels/R/per_400m_s", 87.0),
    ];
    for (pointer, book) in table {
        let got = number(&doc, pointer);
        assert!((got - book).abs() <= 1.0, "{pointer}: {got} vs {book}");
    }
    let e_fast = number(&doc, "/daniels/E/min/pace_s_per_km");
    let e_slow = number(&doc, "/daniels/E/max/pace_s_per_km");
    let m = number(&doc, "/daniels/M/pace_s_per_km");
    assert!(
        e_slow > e_fast && e_fast > m,
        "E band {e_fast}-{e_slow} is slower than M {m}"
    );
    assert!(doc["goal"].is_null());
}

/// Daniels' table lists VDOT 50 for a 19:57 5 km.
#[test]
fn vdot_from_a_result() {
    let doc = paces_json(&["--from", "5k=19:57"]);
    let vdot = number(&doc, "/vdot");
    assert!((vdot - 50.0).abs() <= 0.3, "{vdot}");
}

#[test]
fn bad_input_exits_2_with_what_was_expected() {
    let cases: [(&[&str], &str); 5] = [
        (&["--from", "400m=80"], "1500 m or longer"),
        (&["--goal-mile", "6m"], "M:SS"),
        (&["--vdot", "5"], "outside 20-90"),
        (&["--from", "5x=20:00"], "not a distance"),
        (&[], "required"),
    ];
    for (args, needle) in cases {
        let output = miler().arg("paces").args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

/// A goal mile or result beyond the human limits (`miler_core::limits`) is refused with the
/// record it breaks; the mile world record itself is accepted.
#[test]
fn goals_and_results_beyond_human_limits_are_refused() {
    let refused: [(&[&str], &str); 3] = [
        (
            &["--goal-mile", "1:00"],
            "--goal-mile 1:00: a mile in 1:00 is faster than the world record, 3:43.13",
        ),
        (
            &["--goal-mile", "3:43.12"],
            "faster than the world record, 3:43.13",
        ),
        (
            &["--from", "5k=11:00"],
            "--from 5k=11:00: 5k in 11:00 is faster than anyone",
        ),
    ];
    for (args, needle) in refused {
        let output = miler().arg("paces").args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    let record = paces_json(&["--goal-mile", "3:43.13"]);
    assert!(record["goal"].is_object(), "{record}");
}
