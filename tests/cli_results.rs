//! `miler result` and `miler leaderboard`, each test on its own temporary database.
//!
//! Age grades are worked out by hand from the WMA 2023 track table in
//! `testdata/agegrade/track_mile_1500_wma2023.csv`: age grade % = 100 × open
//! standard / (factor × time).

mod common;

use common::Db;
use serde_json::Value;

fn close(a: &Value, b: f64) {
    let a = a.as_f64().unwrap_or_else(|| panic!("not a number: {a}"));
    assert!((a - b).abs() < 0.006, "{a} vs {b}");
}

#[test]
fn a_result_is_added_graded_and_listed() {
    let db = Db::new();
    let added = db.json(&[
        "result",
        "add",
        "mile=6:00",
        "--date",
        "2026-06-01",
        "--age",
        "45",
        "--sex",
        "M",
        "--weight-kg",
        "92",
        "--felt",
        "4",
        "--again",
        "yes",
        "--notes",
        "windy",
    ]);
    assert_eq!(added["event"], "mile");
    assert_eq!(added["time_s"], 360.0);
    assert_eq!(added["would_repeat"], true);
    // WMA 2023, M, mile, age 45: factor 0.9187, open 223.13 s.
    // 100 × 223.13 / (0.9187 × 360) = 67.47 %.
    close(&added["age_grade"]["age_grade_pct"], 67.47);

    let back = db.json(&[
        "result",
        "add",
        "backwards-mile=8:40",
        "--date",
        "2026-06-02",
    ]);
    assert_eq!(back["backwards"], true);
    assert!(back["age_grade"].is_null());
    db.json(&["result", "add", "mile=6:20", "--date", "2026-05-01"]);

    let list = db.json(&["result", "list"]);
    let events: Vec<&str> = list["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["backwards-mile", "mile", "mile"]);

    let prs = db.json(&["result", "prs"]);
    assert_eq!(prs["prs"][0]["event"], "mile");
    assert_eq!(prs["prs"][0]["time_s"], 360.0);
    let steps = prs["progression"][0]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1]["improvement_s"], 20.0);

    let text = db.miler().args(["result", "prs"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Mile"), "{text}");
    assert!(text.contains("67.47 %"), "{text}");
}

#[test]
fn bad_results_name_the_argument_and_what_to_give() {
    let db = Db::new();
    for (args, words) in [
        (
            &["result", "add", "mile"][..],
            "EVENT=TIME: `mile` has no `=`",
        ),
        (
            &["result", "add", "swim=6:00"],
            "EVENT=TIME: `swim` is not an event",
        ),
        (
            &["result", "add", "mile=six"],
            "EVENT=TIME: `six` is not a time",
        ),
        (
            &["result", "add", "mile=6:00", "--felt", "8"],
            "--felt: 8 is not 1-5",
        ),
        (
            &["result", "add", "mile=6:00", "--date", "2999-01-01"],
            "--date: 2999-01-01 is in the future",
        ),
        (
            &["result", "add", "mile=6:00", "--again", "perhaps"],
            "--again: `perhaps` is not yes or no",
        ),
        (
            &["leaderboard", "--by", "speed"],
            "--by: `speed` is not a ranking; give time or age-grade",
        ),
        (
            &["leaderboard", "--age-group", "33"],
            "--age-group: `33` is not an age group",
        ),
    ] {
        let stderr = db.input_error(args);
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
    assert!(
        db.json(&["result", "list"])["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn csv_round_trips_and_bad_rows_are_reported_with_exit_code_2() {
    let db = Db::new();
    db.json(&[
        "result",
        "add",
        "1500m=5:10.3",
        "--date",
        "2026-04-01",
        "--age",
        "45",
        "--sex",
        "F",
        "--notes",
        "cold, wet",
    ]);
    db.json(&["result", "add", "5k=24:00", "--date", "2026-03-01"]);
    let file = db.path("results.csv");
    let file_text = file.to_str().unwrap();
    let written = db.json(&["result", "export", file_text]);
    assert_eq!(written["results"], 2);
    let csv = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        csv,
        "date,event,time,age,sex,height_cm,weight_kg,felt,would_repeat,notes\n\
         2026-03-01,5k,24:00,,,,,,,\n\
         2026-04-01,1500m,5:10.3,45,F,,,,,\"cold, wet\"\n"
    );

    // Into a fresh database: both go in; a second time, both are already there.
    let other = Db::new();
    let report = other.json(&["result", "import", file_text]);
    assert_eq!(report["imported"], 2);
    assert_eq!(
        other.json(&["result", "import", file_text])["already_there"],
        2
    );

    // A bad row is reported by line and column; the good row still goes in.
    let mixed = db.path("mixed.csv");
    std::fs::write(
        &mixed,
        "date,event,time\n2026-05-01,800m,2:40\n2026-05-02,800m,2:4O\n",
    )
    .unwrap();
    let output = other
        .miler()
        .args(["result", "import", mixed.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["imported"], 1);
    assert_eq!(report["errors"][0]["line"], 3);
    assert_eq!(report["errors"][0]["column"], "time");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 row of"), "{stderr}");
    assert_eq!(
        other.json(&["result", "list"])["results"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let missing = db.input_error(&["result", "import", "/nonexistent/results.csv"]);
    assert!(missing.contains("can't be read"), "{missing}");
}

#[test]
fn the_leaderboard_ranks_by_time_or_age_grade() {
    let db = Db::new();
    db.json(&[
        "result",
        "add",
        "mile=6:00",
        "--date",
        "2026-06-01",
        "--age",
        "50",
        "--sex",
        "M",
    ]);
    db.json(&[
        "result",
        "add",
        "mile=5:50",
        "--date",
        "2026-06-03",
        "--age",
        "50",
        "--sex",
        "M",
    ]);
    db.json(&[
        "result",
        "add",
        "backwards-mile=9:00",
        "--date",
        "2026-06-02",
    ]);
    let board = db.json(&["leaderboard", "--event", "mile", "--by", "age-grade"]);
    assert_eq!(board["ranked_by"], "age-grade");
    let entries = board["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "one entry per athlete");
    // WMA 2023, M, mile, age 50: factor 0.8852 → 100 × 223.13 / (0.8852 × 350) = 72.02 %.
    close(&entries[0]["result"]["age_grade"]["age_grade_pct"], 72.02);

    let back = db.json(&[
        "leaderboard",
        "--event",
        "backwards-mile",
        "--by",
        "age-grade",
    ]);
    assert_eq!(back["ranked_by"], "time");
    assert_eq!(back["items"][0]["result"]["time_s"], 540.0);

    let text = db
        .miler()
        .args(["leaderboard", "--event", "mile"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("1. Me"), "{text}");
    assert!(text.contains("5:50.0"), "{text}");
}

#[test]
fn lists_show_everything_or_the_first_n_given_with_limit() {
    let db = Db::new();
    for day in 1..=7 {
        let date = format!("2026-06-{day:02}");
        db.json(&["result", "add", "mile=6:30", "--date", &date]);
    }
    let all = db.json(&["result", "list"]);
    assert_eq!(all["results"].as_array().unwrap().len(), 7);
    assert_eq!(all["total"], 7);
    let newest = db.json(&["result", "list", "--limit", "3"]);
    let dates: Vec<&str> = newest["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-06-07", "2026-06-06", "2026-06-05"]);
    assert_eq!(newest["total"], 7);
    let text = db.text(&["result", "list", "--limit", "3"]);
    assert!(text.contains("Showing 3 of 7"), "{text}");
    assert!(!db.text(&["result", "list"]).contains("Showing"));
    // More than a page of the store's is still one list.
    assert_eq!(
        db.json(&["result", "list", "--limit", "600"])["results"]
            .as_array()
            .unwrap()
            .len(),
        7
    );

    let board = db.json(&["leaderboard", "--limit", "1"]);
    assert_eq!(board["items"].as_array().unwrap().len(), 1);
    assert_eq!(board["total"], 1);
    assert!(board["next"].is_null());

    for args in [
        &["result", "list", "--limit", "0"][..],
        &["activities", "--limit=-3"],
        &["leaderboard", "--limit", "ten"],
    ] {
        let out = db.miler().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--limit"),
            "{args:?}"
        );
    }
}
