//! `miler predict`: the JSON contract, the published numbers behind it, the refusal to print
//! VDOT from a 400 m, and the messages for bad input.

use assert_cmd::Command;
use serde_json::Value;

fn miler() -> Command {
    Command::cargo_bin("miler").expect("the miler binary is built for tests")
}

fn predict_json(args: &[&str]) -> Value {
    let output = miler()
        .arg("predict")
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

fn predict_text(args: &[&str]) -> String {
    let output = miler().arg("predict").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The prediction for one target and model.
fn prediction<'a>(doc: &'a Value, name: &str, model: &str) -> &'a Value {
    doc["predictions"]
        .as_array()
        .expect("predictions is an array")
        .iter()
        .find(|p| p["name"] == name && p["model"] == model)
        .unwrap_or_else(|| panic!("no {model} prediction for {name} in {doc}"))
}

fn time_s(doc: &Value, name: &str, model: &str) -> f64 {
    let p = prediction(doc, name, model);
    assert_eq!(p["valid"], true, "{p}");
    p["time_s"]
        .as_f64()
        .unwrap_or_else(|| panic!("time_s in {p}"))
}

#[test]
fn json_shape() {
    let doc = predict_json(&["5k=24:00"]);
    let input = &doc["inputs"][0];
    assert_eq!(input["distance_m"], 5000.0);
    assert_eq!(input["time_s"], 1440.0);
    assert!(doc["vdot"].is_f64(), "{doc}");
    assert!(doc["combination"].is_string());
    let predictions = doc["predictions"].as_array().unwrap();
    // 11 standard targets, 6 models.
    assert_eq!(predictions.len(), 11 * 6);
    for p in predictions {
        for key in [
            "name",
            "distance_m",
            "model",
            "valid",
            "time_s",
            "note",
            "from",
        ] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
        // A valid prediction has a time; an invalid one has none, and says why.
        if p["valid"] == true {
            assert!(p["time_s"].as_f64().unwrap() > 0.0, "{p}");
        } else {
            assert!(p["time_s"].is_null(), "{p}");
            assert!(p["note"].as_str().unwrap().contains("not valid") || p["model"] == "cs");
        }
    }
    let mile = prediction(&doc, "mile", "vdot");
    assert_eq!(mile["distance_m"], 1609.344);
    assert_eq!(mile["from"][0], "5k=24:00");
}

/// REFERENCE.md: 5000 m in 20:00 predicts 10 000 m as Riegel 2502 s, Cameron 2500 s,
/// Purdy 2490 s, VDOT 2488 s (rounded).
#[test]
fn reference_vector_through_the_command_line() {
    let doc = predict_json(&["5k=20:00", "--to", "10k"]);
    let table = [
        ("riegel", 2502.0),
        ("cameron", 2500.0),
        ("purdy", 2490.0),
        ("vdot", 2488.0),
    ];
    for (model, expected) in table {
        assert_eq!(time_s(&doc, "10k", model).round(), expected, "{model}");
    }
}

/// Daniels' table at VDOT 50: a 19:57 5 km goes with 1500 m 5:24, mile 5:50, 3000 m 11:33 and
/// 10 km 41:21 (REFERENCE.md tolerances: 1.5 s, 1.5 s, 2 s, 0.5 %).
#[test]
fn daniels_table_through_the_command_line() {
    let doc = predict_json(&["5k=19:57"]);
    assert!(
        (doc["vdot"].as_f64().unwrap() - 50.0).abs() < 0.1,
        "{}",
        doc["vdot"]
    );
    let table = [
        ("1500m", 324.0, 1.5),
        ("mile", 350.0, 1.5),
        ("3000m", 693.0, 2.0),
        ("10k", 2481.0, 0.005 * 2481.0),
    ];
    for (target, book, tolerance) in table {
        let got = time_s(&doc, target, "vdot");
        assert!((got - book).abs() <= tolerance, "{target}: {got} vs {book}");
    }
}

#[test]
fn from_a_400m_vdot_is_not_valid_and_horwill_gives_the_mile() {
    let doc = predict_json(&["400m=80"]);
    assert!(doc["vdot"].is_null(), "{}", doc["vdot"]);
    for model in ["vdot", "riegel"] {
        let p = prediction(&doc, "mile", model);
        assert_eq!(p["valid"], false, "{p}");
        assert!(p["time_s"].is_null(), "{p}");
        assert!(p["note"].as_str().unwrap().contains("400m=1:20"), "{p}");
    }
    // By hand: the mile sits at rung 2 + log2(1609.344/1500) = 2.10151 of the ladder, so its
    // pace is 80 + 4 × 2.10151 = 88.406 s per 400 m, and 88.406 × 4.02336 = 355.69 s.
    let mile = time_s(&doc, "mile", "horwill");
    assert!((mile - 355.69).abs() < 0.01, "{mile}");
    assert_eq!(time_s(&doc, "800m", "horwill"), 168.0);
    assert_eq!(time_s(&doc, "1500m", "horwill"), 330.0);
    assert_eq!(doc["horwill_step_s_per_400m"], 4.0);

    let women = predict_json(&["400m=80", "--sex", "F", "--to", "800m"]);
    assert_eq!(time_s(&women, "800m", "horwill"), 170.0);
}

#[test]
fn from_a_400m_the_table_says_what_applies() {
    let text = predict_text(&["400m=80"]);
    assert!(
        text.contains("VDOT: not valid from 400m=1:20: VDOT is built for 1500 m to the marathon"),
        "{text}"
    );
    assert!(text.contains("Mile: 5:55.7 by Horwill"), "{text}");
    assert!(text.contains("men's figure"), "{text}");
    // The VDOT column shows a dash and a footnote marker, never a time.
    let mile_row = text.lines().find(|l| l.starts_with("mile ")).unwrap();
    assert!(mile_row.contains("— a"), "{mile_row}");
    assert!(mile_row.contains("5:55.7"), "{mile_row}");
}

#[test]
fn riegel_is_slower_at_the_mile_from_a_5k() {
    // REFERENCE.md: from a 5 km, Riegel predicts the mile ~10 s slower than the other models.
    let doc = predict_json(&["5k=20:00", "--to", "mile"]);
    let riegel = time_s(&doc, "mile", "riegel");
    for model in ["vdot", "cameron", "purdy"] {
        let gap = riegel - time_s(&doc, "mile", model);
        assert!((7.0..=16.0).contains(&gap), "{model}: {gap}");
    }
}

#[test]
fn critical_speed_from_two_efforts() {
    // 800 m in 2:30 and 2000 m in 7:30: CS 4 m/s, D' 200 m; 1500 m in (1500 − 200)/4 = 325 s.
    let doc = predict_json(&["800m=2:30", "2000m=7:30", "--model", "cs"]);
    assert_eq!(doc["critical_speed"]["speed_m_s"], 4.0);
    assert_eq!(doc["critical_speed"]["d_prime_m"], 200.0);
    assert_eq!(time_s(&doc, "1500m", "cs"), 325.0);
    assert_eq!(prediction(&doc, "10k", "cs")["valid"], false);
    assert!(
        doc["predictions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["model"] == "cs")
    );
}

#[test]
fn several_results_state_how_they_combine() {
    let doc = predict_json(&["10k=42:00", "1500m=5:20"]);
    let combination = doc["combination"].as_str().unwrap();
    assert!(combination.contains("highest VDOT"), "{combination}");
    assert!(combination.contains("closest"), "{combination}");
    assert_eq!(doc["vdot_from"], "1500m=5:20");
    assert_eq!(prediction(&doc, "hm", "riegel")["from"][0], "10k=42:00");
    assert_eq!(prediction(&doc, "mile", "riegel")["from"][0], "1500m=5:20");
    let text = predict_text(&["10k=42:00", "1500m=5:20"]);
    assert!(
        text.contains("How the results combine: VDOT: the highest VDOT"),
        "{text}"
    );
}

#[test]
fn targets_and_models_can_be_chosen() {
    let doc = predict_json(&["5k=24:00", "--to", "mile,10k", "--model", "vdot,riegel"]);
    let pairs: Vec<(String, String)> = doc["predictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["model"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("mile", "vdot"),
        ("mile", "riegel"),
        ("10k", "vdot"),
        ("10k", "riegel"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(pairs, expected);
}

#[test]
fn bad_input_exits_2_with_what_was_expected() {
    let cases: [(&[&str], &[&str]); 6] = [
        (&["5x=24:00"], &["`5x` is not a distance", "5k"]),
        (&["5k=24m"], &["`24m` is not a time", "colons"]),
        (&[], &["no result given", "DIST=TIME", "5k=24:00"]),
        (
            &["5k=24"],
            &["faster than any runner", "did you mean 5k=24:00?"],
        ),
        (&["5k=20:00", "--sex", "X"], &["`X` is not M or F"]),
        (&["5k=20:00", "--model", "elo"], &["possible values"]),
    ];
    for (args, needles) in cases {
        let output = miler().arg("predict").args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        for needle in needles {
            assert!(stderr.contains(needle), "{args:?}: {stderr}");
        }
    }
}
