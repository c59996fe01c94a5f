//! `miler plan`: making a plan, showing it, marking sessions and exporting it, each test on
//! its own temporary database.
//!
//! Expected values come from the request (its dates, days and goal), from RFC 5545 through
//! Python's `icalendar` package, and from Garmin's FIT SDK (`garmin-fit-sdk`), never from
//! miler's own output.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::Db;
use jiff::civil::{Date, Weekday};
use serde_json::Value;

/// The example request.
const SPRING_MILE: &[&str] = &[
    "plan",
    "new",
    "--goal-mile",
    "6:00",
    "--race-date",
    "2027-04-18",
    "--from",
    "5k=24:00",
    "--days",
    "mon,wed,thu,sat,sun",
    "--long-run",
    "sun",
    "--start",
    "2026-12-01",
];

/// A first test for someone who doesn't run yet: 1600 m in 7:00, eight weeks away.
const FIRST_TEST: &[&str] = &[
    "plan",
    "new",
    "--from",
    "none",
    "--goal",
    "1600m=7:00",
    "--weeks",
    "8",
    "--start",
    "2026-12-01",
];

fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    [base, extra].concat()
}

fn date(value: &Value) -> Date {
    value.as_str().unwrap().parse().unwrap()
}

fn sessions(plan: &Value) -> Vec<&Value> {
    plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
        .collect()
}

fn is_running(session: &Value) -> bool {
    matches!(
        session["kind"].as_str().unwrap(),
        "run" | "time_trial" | "race"
    )
}

#[test]
fn a_new_plan_keeps_the_json_contract_and_the_request() {
    let db = Db::new();
    let plan = db.json(SPRING_MILE);

    assert!(plan["id"].is_i64(), "{}", plan["id"]);
    assert_eq!(plan["revision"], 1);
    let f = &plan["feasibility"];
    assert!(f["predicted_mile_now_s"].as_f64().unwrap() > 0.0);
    let range: Vec<f64> = f["predicted_mile_race_day_s"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(range.len(), 2);
    assert!(range[0] <= range[1], "{range:?} is [low, high]");
    assert!(["likely", "stretch", "unlikely"].contains(&f["verdict"].as_str().unwrap()));
    assert!(!f["reason"].as_str().unwrap().is_empty());

    let start: Date = "2026-12-01".parse().unwrap();
    let race: Date = "2027-04-18".parse().unwrap();
    let days = [
        Weekday::Monday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    let weeks = plan["weeks"].as_array().unwrap();
    // Calendar weeks from the start's (Monday 2026-11-30) to the race's (Monday 2027-04-12).
    assert_eq!(weeks.len(), 20);
    for (i, week) in weeks.iter().enumerate() {
        let monday = date(&week["start"]);
        assert_eq!(monday.weekday(), Weekday::Monday);
        assert_eq!(
            monday,
            "2026-11-30"
                .parse::<Date>()
                .unwrap()
                .checked_add(jiff::Span::new().weeks(i as i64))
                .unwrap()
        );
        assert!(week["phase"].is_string());
    }
    let all = sessions(&plan);
    for s in &all {
        let day = date(&s["date"]);
        assert!(start <= day && day <= race, "{day} outside the plan");
        if s["kind"] != "race" {
            assert!(days.contains(&day.weekday()), "{day} is not a training day");
        }
        assert!(s["workout_id"].is_string() && s["title"].is_string());
        assert!(s["hard"].is_boolean());
        assert!(s["planned_time_s"].as_f64().unwrap() > 0.0);
        assert!(s["planned_distance_m"].as_f64().unwrap() >= 0.0);
        assert_eq!(s["status"], Value::Null);
    }
    let last = all.last().unwrap();
    assert_eq!(last["kind"], "race");
    assert_eq!(date(&last["date"]), race);

    // The race is a mile (1609.344 m) on a 400 m track, its laps adding up to the target.
    assert_eq!(plan["race"]["date"], "2027-04-18");
    assert_eq!(plan["race"]["distance_m"], 1609.344);
    let splits = plan["race"]["splits"].as_array().unwrap();
    assert_eq!(splits.last().unwrap()["at_m"], 1609.344);
    let total: f64 = splits.iter().map(|s| s["split_s"].as_f64().unwrap()).sum();
    assert!((total - plan["race"]["target_s"].as_f64().unwrap()).abs() < 0.2);

    // What was stored is what was printed.
    assert_eq!(db.json(&["plan", "show"]), plan);
    let id = plan["id"].to_string();
    assert_eq!(db.json(&["plan", "show", "--plan", &id]), plan);
}

#[test]
fn one_week_at_a_time() {
    let db = Db::new();
    db.json(SPRING_MILE);
    let text = db.text(&["plan", "show", "--week", "3"]);
    // Week 3 begins two Mondays after the start's week: 2026-11-30 + 14 days.
    assert!(text.contains("## Week 3 — 2026-12-14"), "{text}");
    assert!(!text.contains("## Week 2") && !text.contains("## Week 4"));
    let week = db.json(&["plan", "show", "--week", "3"]);
    let weeks = week["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 1);
    assert_eq!(weeks[0]["number"], 3);
    assert_eq!(weeks[0]["start"], "2026-12-14");
    for s in weeks[0]["sessions"].as_array().unwrap() {
        let day = date(&s["date"]);
        assert!(
            ("2026-12-14".parse::<Date>().unwrap()..="2026-12-20".parse().unwrap()).contains(&day)
        );
    }
}

#[test]
fn bad_input_exits_2_and_says_what_to_do() {
    let db = Db::new();
    let base: &[&str] = &[
        "plan",
        "new",
        "--goal-mile",
        "6:00",
        "--from",
        "5k=24:00",
        "--race-date",
        "2027-04-18",
    ];
    let cases: &[(Vec<&str>, &[&str])] = &[
        (
            with(
                &["plan", "new", "--goal-mile", "6:00", "--from", "5k=24:00"],
                &["--start", "2026-12-01", "--race-date", "2026-11-01"],
            ),
            &["2026-11-01", "--race-date"],
        ),
        (
            with(
                &["plan", "new", "--goal-mile", "6:00", "--from", "5k=24:00"],
                &[
                    "--race-date",
                    "2027-04-18",
                    "--start",
                    "2026-12-01",
                    "--days",
                    "mon,tue",
                ],
            ),
            &["at least 3", "--days"],
        ),
        (
            with(
                &["plan", "new", "--goal-mile", "6:00", "--from", "5k=24:00"],
                &[
                    "--race-date",
                    "2027-04-18",
                    "--start",
                    "2026-12-01",
                    "--days",
                    "mon,wed,thu,sat,sun",
                    "--long-run",
                    "fri",
                ],
            ),
            &["fri", "mon,wed,thu,sat,sun", "--days"],
        ),
        (
            with(
                &["plan", "new", "--goal-mile", "6:00", "--from", "5k=24"],
                &["--race-date", "2027-04-18", "--start", "2026-12-01"],
            ),
            &["--from 5k=24", "5k=24:00"],
        ),
        (
            with(
                &["plan", "new", "--goal-mile", "6:00", "--from", "5k=24:00"],
                &["--race-date", "2027-04-18", "--days", "mon,wex,sat"],
            ),
            &["`wex`", "--days", "mon,tue,wed"],
        ),
        (
            with(base, &["--long-run", "someday"]),
            &["--long-run someday", "mon, tue"],
        ),
        (
            with(base, &["--start", "2026-12-01", "--weekly", "3 hours"]),
            &["--weekly 3 hours", "2h30"],
        ),
        (
            with(
                &[
                    "plan",
                    "new",
                    "--goal-mile",
                    "6:00",
                    "--from",
                    "none",
                    "--from",
                    "5k=24:00",
                ],
                &["--weeks", "8"],
            ),
            &["none", "alone"],
        ),
        (
            with(
                &["plan", "new", "--goal-mile", "6:00", "--from", "5k=24:00"],
                &["--weeks", "0"],
            ),
            &["--weeks 0", "1 to 52"],
        ),
        (
            with(
                &["plan", "new", "--goal-mile", "6:00", "--from", "5k=24:00"],
                &[],
            ),
            &["--race-date", "--weeks"],
        ),
    ];
    for (args, expected) in cases {
        let stderr = db.input_error(args);
        for fragment in *expected {
            assert!(
                stderr.contains(fragment),
                "miler {}: {stderr:?} lacks {fragment:?}",
                args.join(" ")
            );
        }
    }
    // Nothing to show before a plan exists; then weeks outside the plan.
    assert!(db.input_error(&["plan", "show"]).contains("miler plan new"));
    db.json(SPRING_MILE);
    let stderr = db.input_error(&["plan", "show", "--week", "99"]);
    assert!(
        stderr.contains("--week 99") && stderr.contains("1 to 20"),
        "{stderr}"
    );
    let stderr = db.input_error(&["plan", "show", "--plan", "42"]);
    assert!(
        stderr.contains("--plan 42") && stderr.contains("miler plan list"),
        "{stderr}"
    );
    let stderr = db.input_error(&["plan", "export"]);
    assert!(
        stderr.contains("--ics") && stderr.contains("--fit-dir"),
        "{stderr}"
    );
}

#[test]
fn someone_who_does_not_run_yet_starts_with_walk_run() {
    let db = Db::new();
    let plan = db.json(FIRST_TEST);
    // Eight weeks after Tuesday 2026-12-01.
    let race = "2026-12-01"
        .parse::<Date>()
        .unwrap()
        .checked_add(jiff::Span::new().weeks(8))
        .unwrap();
    assert_eq!(date(&plan["race"]["date"]), race);
    assert_eq!(plan["race"]["distance_m"], 1600.0);
    assert_eq!(plan["request"]["fitness"], serde_json::json!([]));
    let all = sessions(&plan);
    let last = all.last().unwrap();
    assert_eq!(
        (last["kind"].as_str(), date(&last["date"])),
        (Some("race"), race)
    );
    let first_runs: Vec<&&Value> = all.iter().filter(|s| is_running(s)).take(3).collect();
    for s in &first_runs {
        let text = s["text"].as_str().unwrap();
        assert!(
            s["workout_id"].as_str().unwrap().starts_with("walk-run") && text.contains("walk"),
            "{s}"
        );
    }
    assert_eq!(plan["title"], "1600m in 7:00 on 2027-01-26");
}

#[test]
fn volume_facilities_and_venue_reach_the_request() {
    let db = Db::new();
    let base = [
        "plan",
        "new",
        "--as-fast-as-possible",
        "--weeks",
        "12",
        "--from",
        "mile=6:30",
    ];
    for (extra, minutes) in [
        (&["--weekly", "2h30"][..], 150.0),
        (&["--weekly", "3h"][..], 180.0),
        (&["--weekly-min", "200"][..], 200.0),
    ] {
        let plan = db.json(&with(&base, extra));
        assert_eq!(plan["request"]["weekly_minutes"], minutes, "{extra:?}");
    }
    // Without a track the race is a road mile, paced by quarter miles of 402.336 m.
    let plan = db.json(&with(
        &base,
        &["--track", "none", "--no-hills", "--gym", "--age", "50"],
    ));
    let request = &plan["request"];
    assert_eq!(request["facilities"]["track"], Value::Null);
    assert_eq!(request["facilities"]["hills"], false);
    assert_eq!(request["facilities"]["gym"], true);
    assert_eq!(request["age"], 50);
    assert_eq!(plan["race"]["venue"], "road");
    let at: Vec<f64> = plan["race"]["splits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["at_m"].as_f64().unwrap())
        .collect();
    let expected = [402.336, 804.672, 1207.008, 1609.344];
    assert_eq!(at.len(), 4);
    for (a, e) in at.iter().zip(expected) {
        assert!((a - e).abs() < 1e-3, "{at:?}");
    }
    // Indoors, on 200 m laps: a mile is 9.344 m and eight laps, the first lap 209.344 m.
    let plan = db.json(&with(&base, &["--venue", "indoor"]));
    let splits = plan["race"]["splits"].as_array().unwrap();
    assert_eq!(splits.len(), 8);
    assert!((splits[0]["at_m"].as_f64().unwrap() - 209.344).abs() < 1e-3);
}

/// What Python's `icalendar` read from the file (with its all-day, DTEND and unique-UID
/// checks), through the plan crate's oracle script.
fn icalendar_reads(file: &Path) -> Value {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/miler-plan/tests/ics_oracle.py");
    let output = Process::new("python3").arg(script).arg(file).output().unwrap_or_else(|e| {
        panic!("python3 is needed for the iCalendar check ({e}); run `bash scripts/test`, which installs it")
    });
    assert!(
        output.status.success(),
        "icalendar rejected the calendar: {}\nrun `bash scripts/test`, which installs icalendar",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Garmin's reading of `files`, one JSON object per file.
fn garmin_reads(files: &[PathBuf]) -> Vec<Value> {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/miler-fit/tests/oracle/encode_check.py");
    let output = Process::new("python3").arg(script).args(files).output().unwrap_or_else(|e| {
        panic!("python3 is needed for Garmin's FIT decoder ({e}); run `bash scripts/test`, which installs it")
    });
    assert!(
        output.status.success(),
        "Garmin's decoder failed: {}\nrun `bash scripts/test`, which installs garmin-fit-sdk",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_calendar_is_rfc_5545_with_stable_uids() {
    let db = Db::new();
    let plan = db.json(SPRING_MILE);
    let id = plan["id"].as_i64().unwrap();
    let ics = db.path("plan.ics");
    let report = db.json(&["plan", "export", "--ics", ics.to_str().unwrap()]);
    let all = sessions(&plan);
    assert_eq!(report["ics"]["events"], all.len());

    let bytes = std::fs::read(&ics).unwrap();
    // RFC 5545 §3.1: every line ends in CRLF, and there is no other CR or LF.
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            assert_eq!(bytes[i - 1], b'\r', "a bare LF at octet {i}");
        }
        if b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "a bare CR at octet {i}");
        }
    }

    let read = icalendar_reads(&ics);
    let events = read["events"].as_array().unwrap();
    assert_eq!(events.len(), all.len());
    for (event, session) in events.iter().zip(&all) {
        // The UID calendar.rs promises: the session key with `/` as `.`, at the plan.
        let key = session["key"].as_str().unwrap();
        assert_eq!(
            event["uid"],
            format!("{}@{id}.plan.miler", key.replace('/', "."))
        );
        assert_eq!(event["start"], session["date"]);
        let next = date(&session["date"]).tomorrow().unwrap();
        assert_eq!(event["end"], next.to_string());
        assert_eq!(event["summary"], session["title"]);
        assert_eq!(event["sequence"], 1);
        let description = event["description"].as_str().unwrap();
        assert!(description.contains(session["text"].as_str().unwrap().trim_end()));
    }
    let uids: HashSet<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(uids.len(), events.len());

    // Exporting again gives the same events, so a calendar app updates instead of adding.
    let again = db.path("again.ics");
    db.json(&["plan", "export", "--ics", again.to_str().unwrap()]);
    let reread = icalendar_reads(&again);
    let uids_again: Vec<&Value> = reread["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["uid"])
        .collect();
    let uids_first: Vec<&Value> = events.iter().map(|e| &e["uid"]).collect();
    assert_eq!(uids_again, uids_first);
}

#[test]
fn every_running_session_is_a_fit_workout_garmin_reads() {
    let db = Db::new();
    let plan = db.json(SPRING_MILE);
    let dir = db.path("fit");
    let zip_path = db.path("fit.zip");
    let report = db.json(&[
        "plan",
        "export",
        "--fit-dir",
        dir.to_str().unwrap(),
        "--zip",
        zip_path.to_str().unwrap(),
    ]);
    let all = sessions(&plan);
    let expected: Vec<String> = all
        .iter()
        .filter(|s| is_running(s))
        .map(|s| {
            format!(
                "{}-{}.fit",
                s["date"].as_str().unwrap(),
                s["workout_id"].as_str().unwrap()
            )
        })
        .collect();
    let names: Vec<String> = report["fit_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, expected);
    // Strength and mobility are reported as skipped, not lost.
    assert_eq!(
        report["skipped"].as_array().unwrap().len(),
        all.len() - expected.len()
    );
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut sorted = expected.clone();
    sorted.sort();
    assert_eq!(on_disk, sorted);

    let files: Vec<PathBuf> = expected.iter().map(|n| dir.join(n)).collect();
    let reads = garmin_reads(&files);
    for (read, (path, name)) in reads.iter().zip(files.iter().zip(&expected)) {
        assert_eq!(read["integrity"], true, "{name}: {read}");
        assert!(
            read["errors"].as_array().unwrap().is_empty(),
            "{name}: {read}"
        );
        // FIT profile, File type 5: a workout.
        assert_eq!(read["messages"]["file_id_mesgs"][0]["type"], 5, "{name}");
        let garmin_steps = read["messages"]["workout_step_mesgs"].as_array().unwrap();
        let ours = miler_fit::decode(&std::fs::read(path).unwrap()).unwrap();
        assert!(ours.is_complete(), "{name}: {:?}", ours.warnings);
        assert!(!garmin_steps.is_empty(), "{name}");
        assert_eq!(
            garmin_steps.len(),
            ours.activity.workout_steps.len(),
            "{name}"
        );
        assert_eq!(
            read["messages"]["workout_mesgs"][0]["num_valid_steps"],
            garmin_steps.len(),
            "{name}"
        );
    }

    // The zip holds the same files, byte for byte.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    assert_eq!(archive.len(), expected.len());
    for name in &expected {
        let mut entry = archive.by_name(name).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        assert_eq!(bytes, std::fs::read(dir.join(name)).unwrap(), "{name}");
    }
}

#[test]
fn marks_show_in_the_plan_and_come_off_again() {
    let db = Db::new();
    let plan = db.json(SPRING_MILE);
    // A day with a run and strength: the run is the session meant.
    let all = sessions(&plan);
    let day = all
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .find(|d| {
            let on_day: Vec<&&Value> = all.iter().filter(|s| s["date"] == *d).collect();
            on_day.len() == 2 && on_day.iter().filter(|s| is_running(s)).count() == 1
        })
        .expect("a day with a run and something else")
        .to_owned();
    let run = all
        .iter()
        .find(|s| s["date"] == day.as_str() && is_running(s))
        .unwrap();
    let other = all
        .iter()
        .find(|s| s["date"] == day.as_str() && !is_running(s))
        .unwrap();
    let status_of = |doc: &Value, key: &Value| -> Value {
        sessions(doc)
            .into_iter()
            .find(|s| s["key"] == *key)
            .unwrap()["status"]
            .clone()
    };

    let marked = db.json(&["plan", "mark", &day, "done", "--note", "windy"]);
    assert_eq!(marked["session_key"], run["key"]);
    assert_eq!(marked["note"], "windy");
    let shown = db.json(&["plan", "show"]);
    assert_eq!(status_of(&shown, &run["key"]), "done");
    assert_eq!(status_of(&shown, &other["key"]), Value::Null);
    let marked_count = sessions(&shown)
        .iter()
        .filter(|s| !s["status"].is_null())
        .count();
    assert_eq!(marked_count, 1);

    // Marking again replaces the mark; --workout picks the other session of the day.
    db.json(&["plan", "mark", &day, "skipped"]);
    let other_id = other["workout_id"].as_str().unwrap();
    db.json(&["plan", "mark", &day, "done", "--workout", other_id]);
    let shown = db.json(&["plan", "show"]);
    assert_eq!(status_of(&shown, &run["key"]), "skipped");
    assert_eq!(status_of(&shown, &other["key"]), "done");
    assert!(db.text(&["plan", "show"]).contains("## Marked"));

    let removed = db.json(&["plan", "unmark", &day]);
    assert_eq!(removed["removed"], true);
    assert_eq!(db.json(&["plan", "unmark", &day])["removed"], false);
    let shown = db.json(&["plan", "show"]);
    assert_eq!(status_of(&shown, &run["key"]), Value::Null);
    assert_eq!(status_of(&shown, &other["key"]), "done");

    // Days without a session, unknown workouts and activities are input errors.
    let stderr = db.input_error(&["plan", "mark", "2026-12-01", "done"]);
    assert!(
        stderr.contains("no session") && stderr.contains("2026-12-02"),
        "{stderr}"
    );
    let stderr = db.input_error(&["plan", "mark", &day, "done", "--workout", "nope"]);
    assert!(
        stderr.contains(run["workout_id"].as_str().unwrap()),
        "{stderr}"
    );
    let stderr = db.input_error(&["plan", "mark", &day, "done", "--activity", "999"]);
    assert!(stderr.contains("--activity 999"), "{stderr}");
    let stderr = db.input_error(&["plan", "mark", "18.04.2027", "done"]);
    assert!(stderr.contains("YYYY-MM-DD"), "{stderr}");
}

#[test]
fn a_day_with_two_sessions_that_are_not_one_run_needs_workout() {
    let db = Db::new();
    let plan = db.json(FIRST_TEST);
    let all = sessions(&plan);
    let (day, ids) = all
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .find_map(|d| {
            let on_day: Vec<&&Value> = all.iter().filter(|s| s["date"] == d).collect();
            let running = on_day.iter().filter(|s| is_running(s)).count();
            (on_day.len() >= 2 && running != 1).then(|| {
                (
                    d.to_owned(),
                    on_day
                        .iter()
                        .map(|s| s["workout_id"].as_str().unwrap().to_owned())
                        .collect::<Vec<_>>(),
                )
            })
        })
        .expect("a day with strength and mobility");
    let stderr = db.input_error(&["plan", "mark", &day, "done"]);
    for id in &ids {
        assert!(stderr.contains(id.as_str()), "{stderr} lacks {id}");
    }
    assert!(stderr.contains("--workout"), "{stderr}");
    let marked = db.json(&["plan", "mark", &day, "done", "--workout", &ids[1]]);
    assert_eq!(marked["workout_id"], ids[1].as_str());
}

#[test]
fn plans_are_listed_and_their_history_kept() {
    let db = Db::new();
    let first = db.json(SPRING_MILE);
    let second = db.json(FIRST_TEST);
    let list = db.json(&["plan", "list"]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    // Newest first, and only the newest is followed.
    assert_eq!(rows[0]["id"], second["id"]);
    assert_eq!(rows[0]["active"], true);
    assert_eq!(rows[1]["id"], first["id"]);
    assert_eq!(rows[1]["active"], false);
    assert_eq!(rows[1]["title"], "6:00 mile on 2027-04-18");
    assert_eq!(db.json(&["plan", "show"])["id"], second["id"]);
    let id = first["id"].to_string();
    let history = db.json(&["plan", "history", "--plan", &id]);
    let revisions = history["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0]["revision"], 1);
    assert!(!revisions[0]["changes"].as_array().unwrap().is_empty());
    let text = db.text(&["plan", "list"]);
    assert!(text.contains("* "), "{text}");
}

/// The FR110 run in `testdata/` (4.8 km on 2013-02-06, laps of 1 km).
fn fr110_run() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/activities/fit/2013-02-06-12-11-14.fit")
}

#[test]
fn adapting_counts_the_run_on_its_day_does_not_make_up_misses_and_takes_new_results() {
    let db = Db::new();
    // Twelve weeks from Monday 2013-02-04, every day available: the FR110 run on Wednesday
    // 2013-02-06 falls on a planned session.
    let plan = db.json(&[
        "plan",
        "new",
        "--goal-mile",
        "6:00",
        "--weeks",
        "12",
        "--from",
        "5k=24:00",
        "--start",
        "2013-02-04",
    ]);
    let wednesday: Vec<&Value> = sessions(&plan)
        .into_iter()
        .filter(|s| s["date"] == "2013-02-06" && is_running(s))
        .collect();
    assert_eq!(wednesday.len(), 1, "one run on the Wednesday");
    let key = wednesday[0]["key"].as_str().unwrap().to_owned();
    let imported = db.json(&["import", fr110_run().to_str().unwrap()]);
    let activity = imported["imported"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{imported}"));

    // Two weeks on, only that run was done.
    let adapted = db
        .miler()
        .env("TZ", "UTC")
        .args(["plan", "adapt", "--today", "2013-02-18", "--json"])
        .output()
        .unwrap();
    assert!(
        adapted.status.success(),
        "{}",
        String::from_utf8_lossy(&adapted.stderr)
    );
    let adapted: Value = serde_json::from_slice(&adapted.stdout).unwrap();
    assert_eq!(adapted["revision"], 2);
    assert_eq!(adapted["matched"][0]["session_key"], key.as_str());
    assert_eq!(adapted["matched"][0]["activity"], activity);
    // Re-planned from Monday 2013-02-25 (week 4); the misses counted are those of the two
    // weeks before it, all of week 2 (week 3 has only begun).
    let today: Date = "2013-02-18".parse().unwrap();
    let planned = plan["weeks"][1]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| is_running(s) && date(&s["date"]) < today)
        .count();
    let changes: Vec<&str> = adapted["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let missed = format!(
        "{planned} of {planned} planned runs in weeks 2-3 were not done; they are not made up: week 4"
    );
    assert!(
        changes.iter().any(|c| c.starts_with(&missed)),
        "{changes:?}"
    );
    // The weeks before the re-plan are as they were; the plan kept its id and race day.
    assert_eq!(adapted["plan"]["id"], plan["id"]);
    assert_eq!(adapted["plan"]["weeks"][0], {
        let mut week = plan["weeks"][0].clone();
        week["sessions"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .for_each(|s| s["status"] = Value::Null);
        week
    });
    let history = db.json(&["plan", "history"]);
    assert_eq!(history["revisions"][1]["changes"], adapted["changes"]);

    // A mile in 6:30 is faster than the plan expected on race day from a 24:00 5 km: the
    // paces move and the expected race day comes down.
    let before = adapted["plan"]["feasibility"]["expected_mile_race_day_s"]
        .as_f64()
        .unwrap();
    let faster = db.json(&[
        "plan",
        "adapt",
        "--today",
        "2013-02-18",
        "--result",
        "mile=6:30",
    ]);
    assert_eq!(faster["revision"], 3);
    assert_eq!(faster["results"][0]["date"], "2013-02-18");
    assert!(
        faster["changes"][0]
            .as_str()
            .unwrap()
            .starts_with("New result mile=6:30 on 2013-02-18")
    );
    let after = faster["plan"]["feasibility"]["expected_mile_race_day_s"]
        .as_f64()
        .unwrap();
    assert!(after < before && after < 390.0, "{before} -> {after}");

    // Adapting again on the same day with nothing new changes nothing.
    let again = db.json(&[
        "plan",
        "adapt",
        "--today",
        "2013-02-18",
        "--result",
        "mile=6:30",
    ]);
    assert_eq!(again["revision"], Value::Null);

    let error = db.input_error(&["plan", "adapt", "--today", "18/02/2013"]);
    assert!(
        error.contains("--today 18/02/2013: expected a date as YYYY-MM-DD"),
        "{error}"
    );
}
