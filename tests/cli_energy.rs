//! `miler energy` from the outside: the JSON it prints for worked examples, and the exit code
//! and message for input it cannot cost.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn miler() -> Command {
    Command::cargo_bin("miler").expect("the miler binary is built")
}

fn energy_json(args: &[&str]) -> Value {
    let output = miler()
        .arg("energy")
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

/// 5 km in 25:00 is 200 m/min. ACSM: 0.2 × 200 + 3.5 = 43.5 ml/kg/min; × 70 kg × 25 min
/// = 76.125 l of O2 = 380.6 kcal gross, 350 kcal net, the same as 1 kcal/kg/km × 70 × 5.
/// Minetti: 3.6 J/kg/m × 70 kg × 5000 m = 1.26 MJ = 301.1 kcal.
#[test]
fn level_forward_as_json() {
    let doc = energy_json(&["5k=25:00", "--mass", "70"]);
    let expected = [
        ("vo2_ml_kg_min", 43.5),
        ("kcal_acsm_gross", 380.6),
        ("kcal_acsm_net", 350.0),
        ("kcal_net", 350.0),
        ("kcal_minetti", 301.1),
        ("minetti_cost_j_kg_m", 3.6),
        ("kcal_resting", 30.6),
        ("cost_factor", 1.0),
        ("speed_m_per_min", 200.0),
        ("mass_kg", 70.0),
        ("grade", 0.0),
    ];
    for (field, value) in expected {
        assert_eq!(doc[field], value, "{field}");
    }
    assert_eq!(doc["direction"], "forward");
    assert_eq!(doc["backward"], Value::Null);
}

/// Backward: the cost of moving × 1.35, rest unchanged. Net 350 × 1.35 = 472.5; gross
/// 472.5 + 30.625 = 503.1; Minetti 301.147 × 1.35 = 406.5; range 1.29 .. 1.41.
#[test]
fn backward_as_json() {
    let doc = energy_json(&["5k=25:00", "--mass", "70", "--backward"]);
    let expected = [
        ("vo2_ml_kg_min", 57.5),
        ("kcal_acsm_gross", 503.1),
        ("kcal_acsm_net", 472.5),
        ("kcal_net", 472.5),
        ("kcal_minetti", 406.5),
        ("cost_factor", 1.35),
    ];
    for (field, value) in expected {
        assert_eq!(doc[field], value, "{field}");
    }
    let backward = &doc["backward"];
    assert_eq!(backward["factor"], 1.35);
    assert_eq!(backward["factor_low"], 1.29);
    assert_eq!(backward["factor_high"], 1.41);
    assert_eq!(backward["popular_factor"], 1.3);
    // 301.147 × 1.29 = 388.5 and × 1.41 = 424.6
    assert_eq!(
        backward["kcal_minetti_range"],
        serde_json::json!([388.5, 424.6])
    );
    assert!(
        backward["source"]
            .as_str()
            .unwrap()
            .contains("Wright & Weyand 2001")
    );
}

/// Uphill by ACSM (0.9 S G) and Minetti; downhill by Minetti only.
#[test]
fn grades_as_json() {
    // 40 + 0.9 × 200 × 0.05 + 3.5 = 52.5 ml/kg/min; Cr(0.05) = 4.6851960625 J/kg/m
    let up = energy_json(&["5k=25:00", "--mass", "70", "--grade", "0.05"]);
    assert_eq!(up["vo2_ml_kg_min"], 52.5);
    assert_eq!(up["minetti_cost_j_kg_m"], 4.6852);
    // 4.6851960625 × 70 × 5000 / 4184 = 391.9 kcal
    assert_eq!(up["kcal_minetti"], 391.9);

    // Cr(-0.1) = 2.151706 J/kg/m; × 70 × 5000 / 4184 = 180.0 kcal
    let down = energy_json(&["5k=25:00", "--mass", "70", "--grade=-0.1"]);
    assert_eq!(down["minetti_cost_j_kg_m"], 2.1517);
    assert_eq!(down["kcal_minetti"], 180.0);
    assert_eq!(down["kcal_acsm_gross"], Value::Null);
    assert!(down["caveats"][0].as_str().unwrap().contains("downhill"));

    // A percentage means the same grade.
    let percent = energy_json(&["5k=25:00", "--mass", "70", "--grade", "5%"]);
    assert_eq!(percent["vo2_ml_kg_min"], 52.5);
}

#[test]
fn mass_scales_linearly() {
    let light = energy_json(&["10k=50:00", "--mass", "50"]);
    let heavy = energy_json(&["10k=50:00", "--mass", "100"]);
    for field in [
        "kcal_acsm_gross",
        "kcal_acsm_net",
        "kcal_net",
        "kcal_minetti",
    ] {
        let (l, h) = (
            light[field].as_f64().unwrap(),
            heavy[field].as_f64().unwrap(),
        );
        assert!((h - 2.0 * l).abs() <= 0.1, "{field}: {l} {h}");
    }
}

#[test]
fn human_output_names_the_sources() {
    miler()
        .args(["energy", "5k=25:00", "--mass", "70", "--backward"])
        .assert()
        .success()
        .stdout(predicate::str::contains("503 kcal"))
        .stdout(predicate::str::contains("1.29 to 1.41"))
        .stdout(predicate::str::contains("Minetti et al. 2002"))
        .stdout(predicate::str::contains("Wright & Weyand 2001"));
}

/// Bad input exits with 2 and a message naming the input, what was expected and what to do.
#[test]
fn bad_input_is_explained() {
    // (arguments, fragments the message must contain)
    let table: [(&[&str], &[&str]); 5] = [
        (
            &["5k=25:00", "--mass", "-70"],
            &["-70", "10 to 300 kg", "kilograms"],
        ),
        (&["5k=25:00", "--mass", "heavy"], &["`heavy`", "154lb"]),
        (
            &["5k=25:00", "--mass", "70", "--grade", "0.6"],
            &["0.6", "-0.45 to 0.45", "Minetti", "0.05"],
        ),
        (
            &["5k=25:00", "--mass", "70", "--grade", "-0.5"],
            &["-0.5", "-0.45 to 0.45"],
        ),
        (
            &["5k-25:00", "--mass", "70"],
            &["5k-25:00", "DISTANCE=TIME"],
        ),
    ];
    for (args, fragments) in table {
        let assert = miler().arg("energy").args(args).assert().code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        for fragment in fragments {
            assert!(stderr.contains(fragment), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn help_teaches_by_example() {
    miler()
        .args(["energy", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("miler energy 5k=25:00 --mass 70"))
        .stdout(predicate::str::contains("--backward"))
        .stdout(predicate::str::contains("[default: 0]"));
}
