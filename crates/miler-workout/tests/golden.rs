//! Golden files: every `test_data/ok/*.txt` must parse without errors, and its expected output
//! (`.out` beside it) is the canonical print followed by a debug dump of the model; every
//! `test_data/err/*.txt` must produce diagnostics, and its expected output is them rendered.
//!
//! Run with `UPDATE_EXPECT=1` to write the `.out` files after a deliberate change, then review
//! the diff like any other change.

use std::fs;
use std::path::{Path, PathBuf};

use miler_workout::text::{parse, print, render};

fn cases(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", dir.display());
    files
}

/// Compares `actual` with the `.out` file beside `input`, or writes it under `UPDATE_EXPECT`.
fn expect(input: &Path, actual: &str, failures: &mut Vec<String>) {
    let path = input.with_extension("out");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::write(&path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    match fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!(
            "{} differs from what the code produces:\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        )),
        Err(_) => failures.push(format!(
            "{} is missing; run with UPDATE_EXPECT=1 to write it",
            path.display()
        )),
    }
}

fn report(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} golden case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn ok_cases_parse_print_and_round_trip() {
    let mut failures = Vec::new();
    for input in cases("ok") {
        let source = fs::read_to_string(&input).expect("readable case");
        let parsed = parse(&source);
        if parsed.has_errors() {
            failures.push(format!(
                "{} has errors:\n{}",
                input.display(),
                render(&source, parsed.diagnostics())
            ));
            continue;
        }
        let workout = parsed.workout();
        let printed = print(workout);
        let again = parse(&printed);
        if again.workout() != workout || again.has_errors() {
            failures.push(format!(
                "{} does not round-trip; printed as:\n{printed}",
                input.display()
            ));
        }
        let mut actual = printed;
        if !parsed.diagnostics().is_empty() {
            actual.push_str("--- warnings\n");
            actual.push_str(&render(&source, parsed.diagnostics()));
        }
        actual.push_str("--- model\n");
        actual.push_str(&format!("{workout:#?}\n"));
        expect(&input, &actual, &mut failures);
    }
    report(failures);
}

#[test]
fn err_cases_report_their_diagnostics() {
    let mut failures = Vec::new();
    for input in cases("err") {
        let source = fs::read_to_string(&input).expect("readable case");
        let parsed = parse(&source);
        if parsed.diagnostics().is_empty() {
            failures.push(format!("{} parses without a diagnostic", input.display()));
            continue;
        }
        expect(
            &input,
            &render(&source, parsed.diagnostics()),
            &mut failures,
        );
    }
    report(failures);
}
