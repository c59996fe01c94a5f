//! `miler agegrade` from the outside: the JSON it prints for known results, and the exit code
//! and message for input it cannot grade.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn miler() -> Command {
    Command::cargo_bin("miler").expect("the miler binary is built")
}

fn agegrade_json(args: &[&str]) -> Value {
    let output = miler()
        .arg("agegrade")
        .args(args)
        .arg("--json")
        .output()
        .expect("miler runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

/// The reference example: a 50-year-old man's 6:00 road mile is 73.36 % on the 2025 road
/// table, factor 0.8595.
#[test]
fn reference_example_as_json() {
    let doc = agegrade_json(&[
        "mile=6:00",
        "--age",
        "50",
        "--sex",
        "M",
        "--table",
        "road2025",
    ]);
    assert_eq!(doc["factor"], 0.8595);
    assert_eq!(doc["age_grade_pct"], 73.36);
    assert_eq!(doc["age_graded_time_s"], 309.42);
    assert_eq!(doc["table"], "road2025");
    assert_eq!(doc["open_standard_s"], 227.0);
    assert_eq!(doc["distance_m"], 1609.344);
    assert_eq!(doc["time_s"], 360.0);
    assert_eq!(doc["age"], 50);
    assert_eq!(doc["sex"], "M");
    assert_eq!(doc["event"], "road mile");
}

/// Results graded with the factors of the published tables; the percentages follow from
/// 100 × open standard / (factor × time), rounded to two places.
#[test]
fn graded_results_as_json() {
    // (arguments, table, factor, age grade %, age-graded time in seconds)
    let table: [(&[&str], &str, f64, f64, f64); 5] = [
        // No --table: WMA 2023. 100 × 223.13 / (0.8852 × 360) = 70.02; 360 × 0.8852 = 318.672
        (
            &["mile=6:00", "--age", "50", "--sex", "M"],
            "wma2023",
            0.8852,
            70.02,
            318.67,
        ),
        // 100 × 223.13 / (0.8146 × 360) = 76.09
        (
            &["mile=6:00", "--age", "60", "--sex", "m"],
            "wma2023",
            0.8146,
            76.09,
            293.26,
        ),
        // 100 × 230.07 / (0.9069 × 310) = 81.83
        (
            &["1500m=5:10", "--age", "45", "--sex", "F"],
            "wma2023",
            0.9069,
            81.83,
            281.14,
        ),
        // 100 × 253 / (0.6995 × 540) = 66.98
        (
            &[
                "mile=9:00",
                "--age",
                "70",
                "--sex",
                "F",
                "--table",
                "road2020",
            ],
            "road2020",
            0.6995,
            66.98,
            377.73,
        ),
        // `road` is short for the 2025 table.
        (
            &["mile=6:00", "--age", "50", "--sex", "M", "--table", "road"],
            "road2025",
            0.8595,
            73.36,
            309.42,
        ),
    ];
    for (args, table, factor, pct, graded) in table {
        let doc = agegrade_json(args);
        assert_eq!(doc["table"], table, "{args:?}");
        assert_eq!(doc["factor"], factor, "{args:?}");
        assert_eq!(doc["age_grade_pct"], pct, "{args:?}");
        assert_eq!(doc["age_graded_time_s"], graded, "{args:?}");
    }
}

#[test]
fn human_output_names_the_table() {
    miler()
        .args([
            "agegrade",
            "mile=6:00",
            "--age",
            "50",
            "--sex",
            "M",
            "--table",
            "road2025",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("73.36 %"))
        .stdout(predicate::str::contains("0.8595"))
        .stdout(predicate::str::contains("road2025"))
        .stdout(predicate::str::contains("5:09.42"));
}

/// Bad input exits with 2 and a message naming the input, what was expected and what to do.
#[test]
fn bad_input_is_explained() {
    // (arguments, fragments the message must contain)
    let table: [(&[&str], &[&str]); 6] = [
        (
            &["mile=6:00", "--age", "3", "--sex", "M"],
            &["age 3", "5 to 110", "give a whole age"],
        ),
        (
            &[
                "mile=6:00",
                "--age",
                "101",
                "--sex",
                "F",
                "--table",
                "road2025",
            ],
            &["age 101", "road2025", "5 to 100"],
        ),
        (
            &["mile=6:00", "--age", "50", "--sex", "X"],
            &["`X`", "give M or F"],
        ),
        (
            &["1600m=6:00", "--age", "50", "--sex", "M"],
            &["1600m", "wma2023", "1500m, mile", "--table"],
        ),
        (
            &[
                "5k=20:00", "--age", "50", "--sex", "M", "--table", "road2025",
            ],
            &["5k", "road2025", "only the road mile", "wma2023"],
        ),
        (
            &[
                "mile=6:00",
                "--age",
                "50",
                "--sex",
                "M",
                "--table",
                "road2015",
            ],
            &["`road2015`", "wma2023", "road2025", "road2020"],
        ),
    ];
    for (args, fragments) in table {
        let assert = miler().arg("agegrade").args(args).assert().code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        for fragment in fragments {
            assert!(stderr.contains(fragment), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn help_teaches_by_example() {
    miler()
        .args(["agegrade", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "miler agegrade mile=6:00 --age 50 --sex M",
        ))
        .stdout(predicate::str::contains("[default: wma2023]"))
        .stdout(predicate::str::contains("road2025"));
}
