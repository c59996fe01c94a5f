//! `miler import`, `activities`, `activity` and `best-efforts` against the shared sample files,
//! each run on its own temporary database.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/activities")
        .join(relative)
}

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
        let doc = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
        (output.status.code(), doc)
    }

    fn import(&self, paths: &[PathBuf]) -> (Option<i32>, Value) {
        let mut args = vec!["import".to_owned()];
        args.extend(paths.iter().map(|p| p.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.json(&args)
    }
}

fn number(v: &Value, pointer: &str) -> f64 {
    v.pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{pointer} in {v}"))
}

/// The 1 h fenix 6 run: its own session message says 9399.93 m and 6 laps; importing it
/// twice imports it once.
#[test]
fn import_a_fit_file_then_recognise_it() {
    let db = Db::new();
    let file = data("fit/fenix6-trail-run-1h.fit");
    let (code, doc) = db.import(std::slice::from_ref(&file));
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(doc["imported"].as_array().unwrap().len(), 1);
    assert!((number(&doc, "/imported/0/distance_m") - 9399.93).abs() < 0.01);
    let id = number(&doc, "/imported/0/id") as i64;

    let (code, again) = db.import(&[file]);
    assert_eq!(code, Some(0));
    assert!(again["imported"].as_array().unwrap().is_empty());
    assert_eq!(again["duplicates"][0]["reason"], "same file");
    assert_eq!(number(&again, "/duplicates/0/existing_id") as i64, id);

    let (_, list) = db.json(&["activities"]);
    let row = &list[0];
    for field in ["id", "start_time", "sport", "distance_m", "elapsed_s"] {
        assert!(!row[field].is_null(), "{field} in {row}");
    }
    assert_eq!(row["start_time"], "2020-09-24T07:03:18Z");
    assert_eq!(row["sport"], "running");

    let (_, activity) = db.json(&["activity", &id.to_string()]);
    assert_eq!(activity["laps"].as_array().unwrap().len(), 6);
    assert_eq!(
        activity["pauses"].as_array().unwrap().len(),
        3,
        "the file's three timer pauses"
    );
    assert_eq!(
        activity["splits"]["km"].as_array().unwrap().len(),
        10,
        "9 whole km and the rest"
    );
    let efforts = activity["best_efforts"].as_array().unwrap();
    let names: Vec<&str> = efforts
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["400m", "800m", "1000m", "1500m", "mile", "2mi", "5k"]
    );
    // A longer best effort takes longer, and no best effort is slower than the same
    // distance as a whole split of the run.
    for pair in efforts.windows(2) {
        assert!(
            pair[0]["time_s"].as_f64() < pair[1]["time_s"].as_f64(),
            "{pair:?}"
        );
    }
    let fastest_split = |unit: &str| {
        activity["splits"][unit]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["distance_m"].as_f64().unwrap() >= 1000.0)
            .map(|s| s["time_s"].as_f64().unwrap())
            .fold(f64::INFINITY, f64::min)
    };
    let best = |name: &str| {
        efforts.iter().find(|e| e["name"] == name).unwrap()["time_s"]
            .as_f64()
            .unwrap()
    };
    assert!(best("1000m") <= fastest_split("km") + 0.01);
    assert!(best("mile") <= fastest_split("mile") + 0.01);
    // A steady trail run with auto-laps of a mile and three stops is not an interval session.
    assert_eq!(activity["intervals"], serde_json::json!([]));
}

/// The FR410 run's first lap is an auto-lap of exactly a mile in 608.47 s (the TCX says so),
/// so the best mile is at most that; the same run as another TCX is the same activity.
#[test]
fn tcx_best_mile_is_no_slower_than_its_mile_lap() {
    let db = Db::new();
    let (code, doc) = db.import(&[
        data("tcx/fr410-run-mile-laps.tcx"),
        data("tcx/strava-style-leading-whitespace.tcx"),
    ]);
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(doc["imported"].as_array().unwrap().len(), 1);
    assert_eq!(
        doc["duplicates"][0]["reason"],
        "same activity from another file"
    );
    let id = number(&doc, "/imported/0/id") as i64;
    let (_, activity) = db.json(&["activity", &id.to_string()]);
    assert_eq!(activity["laps"].as_array().unwrap().len(), 3);
    assert!((number(&activity, "/laps/0/distance_m") - 1609.34).abs() < 0.01);
    let mile = activity["best_efforts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "mile")
        .unwrap();
    let best = mile["time_s"].as_f64().unwrap();
    assert!(best <= 608.47 + 0.01 && best > 500.0, "{best}");

    let (_, bests) = db.json(&["best-efforts", "--by", "year"]);
    let all_mile = bests["all_time"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "mile")
        .unwrap();
    assert_eq!(all_mile["time_s"].as_f64().unwrap(), best);
    assert_eq!(bests["periods"][0]["period"], "2012");
}

/// One bad file in a batch is reported and the rest still go in; the exit code says so.
#[test]
fn a_bad_file_does_not_stop_the_batch() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.fit");
    std::fs::write(&notes, b"6 x 400 m at goal pace").unwrap();
    let (code, doc) = db.import(&[
        data("fit/activity-small-fenix2-run.fit"),
        notes,
        data("fit-workouts/garmin_sdk_4x400.fit"),
        data("fit-bad/nick.fit"),
    ]);
    assert_eq!(code, Some(2));
    assert_eq!(doc["imported"].as_array().unwrap().len(), 2, "{doc}");
    let failed = doc["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 2);
    assert!(failed[0]["error"].as_str().unwrap().contains("notes.fit"));
    assert!(
        failed[1]["error"]
            .as_str()
            .unwrap()
            .contains("workout file")
    );
    assert!(
        doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["path"].as_str().unwrap().ends_with("nick.fit"))
    );
    let (_, list) = db.json(&["activities"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    // `--limit` keeps the newest, in the same order, and keeps the JSON a list.
    let (code, newest) = db.json(&["activities", "--limit", "1"]);
    assert_eq!(code, Some(0));
    assert_eq!(newest.as_array().unwrap(), &list.as_array().unwrap()[..1]);
}

#[test]
fn folders_are_searched_and_unknown_ids_explained() {
    let db = Db::new();
    let (code, doc) = db.import(&[data("tcx")]);
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(
        doc["imported"].as_array().unwrap().len() + doc["duplicates"].as_array().unwrap().len(),
        3
    );
    let output = db.miler().args(["activity", "999"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("miler activities"));
    let output = db
        .miler()
        .args(["import", "/nonexistent/run.fit"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("/nonexistent/run.fit")
            || String::from_utf8_lossy(&output.stdout).contains("/nonexistent/run.fit")
    );
}

/// A name from a file can carry characters that rewrite a terminal (a C1 control, a
/// right-to-left override); the human listing never prints them raw, the JSON keeps them
/// escaped as JSON.
#[test]
fn names_from_files_cannot_rewrite_the_terminal() {
    let db = Db::new();
    let file = db.0.path().join("odd-name.gpx");
    let points: String = (0..30)
        .map(|i| {
            format!(
                "<trkpt lat=\"51.5\" lon=\"{:.6}\"><time>2026-11-01T08:{:02}:{:02}Z</time></trkpt>",
                -0.1 + f64::from(i) * 0.0005,
                i * 10 / 60,
                i * 10 % 60
            )
        })
        .collect();
    std::fs::write(
        &file,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"test\" \
             xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>Run\u{85}\u{202e}evil</name>\
             <trkseg>{points}</trkseg></trk></gpx>"
        ),
    )
    .unwrap();
    let (code, doc) = db.import(std::slice::from_ref(&file));
    assert_eq!(code, Some(0), "{doc}");
    let output = db.miler().arg("activities").output().unwrap();
    assert!(output.status.success());
    let listing = String::from_utf8(output.stdout).unwrap();
    assert!(listing.contains("Run"), "{listing}");
    assert!(
        !listing.contains(['\u{85}', '\u{202e}', '\u{1b}']),
        "{listing:?}"
    );
}
