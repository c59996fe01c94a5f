//! `miler workout`: the catalog, splits cards with the articles' numbers, diagnostics for bad
//! text, and exports that the independent readers accept.

use assert_cmd::Command;
use serde_json::Value;

fn miler() -> Command {
    Command::cargo_bin("miler").unwrap()
}

fn json(args: &[&str]) -> Value {
    let output = miler().args(args).arg("--json").output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_catalog_lists_every_required_workout() {
    let list = json(&["workout", "list"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    for id in [
        "backwards-mile",
        "backward-easy-run",
        "repeats-200m",
        "goal-pace-400s",
        "negative-split-400s",
        "repeats-400m",
        "repeats-800m",
        "bends-and-straights",
        "jo-pavey",
        "hill-repeats",
        "downhill-strides",
        "hill-pyramid",
        "cruise-intervals",
        "threshold-10min",
        "vo2max-miles",
        "strides",
        "leg-speed",
        "easy-run",
        "long-run",
        "warm-up",
        "strength-bodyweight",
        "strength-gym",
        "mobility",
        "foam-rolling",
        "mile-time-trial",
        "time-trial-400m",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    for row in list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["origin"] == "catalog")
    {
        for field in ["id", "title", "phase", "source"] {
            assert!(row[field].is_string(), "{field} in {row}");
        }
    }
}

/// "400 m repeats at goal pace (e.g. 90 s for a 6:00 goal), recovery from 2:00 down to 0:30."
#[test]
fn goal_pace_400s_show_90_second_reps_and_this_sessions_recovery() {
    for (step, recovery) in [("1/6", 120.0), ("6/6", 30.0)] {
        let doc = json(&[
            "workout",
            "show",
            "goal-pace-400s",
            "--goal-mile",
            "6:00",
            "--step",
            step,
        ]);
        let steps = doc["steps"].as_array().unwrap();
        let reps: Vec<&Value> = steps.iter().filter(|s| s["kind"] == "run").collect();
        assert_eq!(reps.len(), 4);
        for rep in reps {
            assert_eq!(rep["distance_m"], 400.0);
            assert_eq!(rep["target"]["time_s"], serde_json::json!([88.0, 90.0]));
        }
        let jogs: Vec<f64> = steps
            .iter()
            .filter(|s| s["role"] == "between")
            .map(|s| s["time_s"].as_f64().unwrap())
            .collect();
        assert_eq!(jogs, [recovery; 3], "session {step}");
        assert!(doc["total_distance_m"].as_f64().unwrap() > 1600.0);
        assert!(doc["total_time_s"].as_f64().unwrap() > 20.0 * 60.0);
    }
}

/// The backwards mile for a 9:00 goal miler: four quarter miles, backward, forward, backward,
/// forward, with target splits (goal-pace effort: 135.8 s forward, 35 % more backward).
#[test]
fn backwards_mile_quarters() {
    let doc = json(&["workout", "show", "backwards-mile", "--goal-mile", "9:00"]);
    let quarters: Vec<&Value> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "run")
        .collect();
    let directions: Vec<&str> = quarters
        .iter()
        .map(|q| q["direction"].as_str().unwrap())
        .collect();
    assert_eq!(directions, ["backward", "forward", "backward", "forward"]);
    let forward = 540.0 * 402.336 / 1600.0;
    for q in quarters {
        assert_eq!(q["distance_m"], 402.336);
        let split = q["target"]["time_s"][0].as_f64().unwrap();
        let expected = if q["direction"] == "backward" {
            forward * 1.35
        } else {
            forward
        };
        assert!((split - expected).abs() < 0.01, "{split} vs {expected}");
    }
}

#[test]
fn check_reports_mistakes_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.txt");
    std::fs::write(
        &file,
        "warm-up 15min easy\n8 x 400 @ goal, recovery 2min jog\n",
    )
    .unwrap();
    let output = miler()
        .args(["workout", "check"])
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["diagnostics"][0]["line"], 2);
    std::fs::write(
        &file,
        "warm-up 15min easy\n8 x 400m @ goal, recovery 2min jog\n",
    )
    .unwrap();
    let output = miler()
        .args(["workout", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn exports_for_watch_intervals_icu_and_zwift() {
    let dir = tempfile::tempdir().unwrap();
    let fit = dir.path().join("400s.fit");
    let status = miler()
        .args([
            "workout",
            "export",
            "goal-pace-400s",
            "--goal-mile",
            "6:00",
            "--format",
            "fit",
            "-o",
        ])
        .arg(&fit)
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let decoded = miler_fit::decode(&std::fs::read(&fit).unwrap()).unwrap();
    assert_eq!(
        decoded.activity.workouts[0].name.as_deref(),
        Some("400 m repeats at goal pace")
    );
    assert!(
        decoded
            .activity
            .workout_steps
            .iter()
            .any(|s| s.duration_value == Some(40_000))
    );

    let icu = dir.path().join("400s.txt");
    assert!(
        miler()
            .args([
                "workout",
                "export",
                "goal-pace-400s",
                "--goal-mile",
                "6:00",
                "--format",
                "icu",
                "-o"
            ])
            .arg(&icu)
            .output()
            .unwrap()
            .status
            .success()
    );
    let text = std::fs::read_to_string(&icu).unwrap();
    assert!(text.contains("Main set 4x"), "{text}");
    assert!(text.contains("- Run 400mtr 1:30-1:28/400m Pace"), "{text}");
    assert!(text.contains("- Recovery jog 2m"), "{text}");

    let zwo = dir.path().join("400s.zwo");
    assert!(
        miler()
            .args([
                "workout",
                "export",
                "goal-pace-400s",
                "--goal-mile",
                "6:00",
                "--format",
                "zwo",
                "-o"
            ])
            .arg(&zwo)
            .output()
            .unwrap()
            .status
            .success()
    );
    let xml = std::fs::read_to_string(&zwo).unwrap();
    assert!(
        xml.contains("<sportType>run</sportType>") && xml.matches("<SteadyState").count() >= 7,
        "{xml}"
    );
}

#[test]
fn show_needs_paces_and_a_known_workout() {
    for (args, needle) in [
        (vec!["workout", "show", "goal-pace-400s"], "--goal-mile"),
        (
            vec!["workout", "show", "no-such-workout", "--goal-mile", "6:00"],
            "miler workout list",
        ),
        (
            vec![
                "workout",
                "show",
                "goal-pace-400s",
                "--goal-mile",
                "6:00",
                "--step",
                "7/6",
            ],
            "K/N",
        ),
    ] {
        let output = miler().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(needle),
            "{args:?}"
        );
    }
}

/// `miler workout save NAME FILE` keeps a workout for the default athlete; `list` shows it
/// after the catalog, and `show` and `export` find it by name where a catalog id or a file
/// is not. Text with mistakes and a name too long are refused and nothing is saved.
#[test]
fn a_saved_workout_is_listed_and_found_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("miler.db");
    let run = |args: &[&str]| {
        let mut cmd = miler();
        cmd.env("MILER_DB", &db).current_dir(dir.path()).args(args);
        cmd.output().unwrap()
    };
    let file = dir.path().join("fours.txt");
    std::fs::write(&file, "# My 400s\n6 x 400m @ goal, recovery 90s jog\n").unwrap();
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, "6 x 400m @ gaol\n").unwrap();
    let file = file.to_str().unwrap();

    // Before anything is saved, listing creates no database.
    assert!(run(&["workout", "list"]).status.success());
    assert!(!db.exists());

    let bad = run(&["workout", "save", "Broken", broken.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 1"));
    let long = run(&["workout", "save", &"x".repeat(61), file]);
    assert_eq!(long.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&long.stderr).contains("NAME"));

    let saved = run(&["workout", "save", "Tuesday", file, "--json"]);
    assert!(
        saved.status.success(),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    let saved: Value = serde_json::from_slice(&saved.stdout).unwrap();
    assert_eq!(saved["name"], "Tuesday");
    assert_eq!(saved["replaced"], false);
    let again: Value =
        serde_json::from_slice(&run(&["workout", "save", "Tuesday", file, "--json"]).stdout)
            .unwrap();
    assert_eq!(again["replaced"], true);
    assert_eq!(again["id"], saved["id"]);

    let list: Value = serde_json::from_slice(&run(&["workout", "list", "--json"]).stdout).unwrap();
    let rows = list.as_array().unwrap();
    assert_eq!(rows[0]["origin"], "catalog");
    let mine: Vec<&Value> = rows.iter().filter(|r| r["origin"] == "mine").collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], "Tuesday");
    assert_eq!(mine[0]["title"], "My 400s");
    let text = String::from_utf8(run(&["workout", "list"]).stdout).unwrap();
    assert!(text.contains("Your workouts:"), "{text}");

    let shown = run(&[
        "workout",
        "show",
        "Tuesday",
        "--goal-mile",
        "6:00",
        "--json",
    ]);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["id"], "Tuesday");
    assert_eq!(shown["title"], "My 400s");
    let reps: Vec<&Value> = shown["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "run")
        .collect();
    assert_eq!(reps.len(), 6);
    // `@ goal` with no band: a 6:00 mile's 90 s per 400 m.
    assert_eq!(reps[0]["target"]["time_s"], serde_json::json!([90.0, 90.0]));

    let out = dir.path().join("t.fit");
    let export = run(&[
        "workout",
        "export",
        "Tuesday",
        "--goal-mile",
        "6:00",
        "--format",
        "fit",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert_eq!(&std::fs::read(&out).unwrap()[8..12], b".FIT");

    // A catalog id still means the catalog's workout, and an unknown name says what to do.
    let unknown = run(&["workout", "show", "Wednesday", "--goal-mile", "6:00"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("miler workout list"));
}

/// Three nested blocks of a thousand (115 bytes, about two billion steps) are refused when
/// saved, checked or shown, with the reason and exit code 2, before anything is expanded; a
/// name's control and bidirectional-override characters are removed when it is saved.
#[test]
fn a_workout_past_the_size_budget_is_refused_and_names_are_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("miler.db");
    let run = |args: &[&str]| {
        let mut cmd = miler();
        cmd.env("MILER_DB", &db).current_dir(dir.path()).args(args);
        cmd.output().unwrap()
    };
    let big = dir.path().join("big.txt");
    std::fs::write(
        &big,
        "warm-up 15min easy\n1000 x {\n  1000 x {\n    1000 x 400m @ goal, recovery 200m walk\n  }, rest 3min\n}\ncool-down 10min\n",
    )
    .unwrap();
    let big = big.to_str().unwrap();
    for args in [
        &["workout", "save", "Forever", big][..],
        &["workout", "check", big][..],
        &["workout", "show", big, "--goal-mile", "6:00"][..],
    ] {
        let out = run(args);
        // `check` lists the diagnostics on stdout; the others report on stderr.
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        assert!(
            said.contains("expands to 1999999002 steps, more than the 1000"),
            "{args:?}: {said}"
        );
    }

    let file = dir.path().join("fours.txt");
    std::fs::write(&file, "6 x 400m @ goal, recovery 90s jog\n").unwrap();
    let saved = run(&[
        "workout",
        "save",
        "\u{1b}[2JTue\u{202e}sday\u{7}",
        file.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        saved.status.success(),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    let saved: Value = serde_json::from_slice(&saved.stdout).unwrap();
    assert_eq!(saved["name"], "[2JTuesday");
}
