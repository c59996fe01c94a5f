//! What the integration tests share: the sample data in `testdata/` and the Python oracle.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

/// A file under `testdata/activities`, in the repository.
pub fn data(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/activities")
        .join(relative)
}

/// The bytes of a sample data file.
pub fn bytes(relative: &str) -> Vec<u8> {
    let path = data(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The names of the files in a sample data folder, sorted.
pub fn files_in(folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data(folder))
        .unwrap_or_else(|e| panic!("listing {folder}: {e}"))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What the independent Python reader (`tests/oracle/tracks.py`: gpxpy, ElementTree and
/// geographiclib) says about a GPX or TCX file.
#[derive(Debug, Clone)]
pub struct Oracle {
    pub points: usize,
    pub timed: usize,
    pub first: Option<f64>,
    pub last: Option<f64>,
    pub geodesic_m: f64,
    pub gpxpy_length_2d_m: Option<f64>,
    pub route_points: Option<usize>,
}

/// Runs the oracle on `paths` (absolute). Fails, never skips, when Python or its packages are
/// missing: the numbers it checks have no other independent source.
pub fn oracle(paths: &[PathBuf]) -> HashMap<PathBuf, Oracle> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/tracks.py");
    let output = Command::new("python3")
        .arg(&script)
        .args(paths)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 could not be run ({e}); run `bash scripts/test`, which installs the test oracles")
        });
    assert!(
        output.status.success(),
        "the oracle failed; run `bash scripts/test`, which installs the test oracles (gpxpy, \
         geographiclib):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("oracle JSON");
    let number = |v: &serde_json::Value, key: &str| v.get(key).and_then(serde_json::Value::as_f64);
    json.as_object()
        .expect("an object")
        .iter()
        .map(|(path, v)| {
            (
                PathBuf::from(path),
                Oracle {
                    points: number(v, "points").unwrap() as usize,
                    timed: number(v, "timed").unwrap() as usize,
                    first: number(v, "first"),
                    last: number(v, "last"),
                    geodesic_m: number(v, "geodesic_m").unwrap(),
                    gpxpy_length_2d_m: number(v, "gpxpy_length_2d_m"),
                    route_points: number(v, "route_points").map(|n| n as usize),
                },
            )
        })
        .collect()
}

/// Unix seconds of a timestamp, with the fraction.
pub fn unix(ts: jiff::Timestamp) -> f64 {
    ts.as_second() as f64 + f64::from(ts.subsec_nanosecond()) / 1e9
}

/// Asserts that two values print the same with `{:?}`. The activity model's columns use NaN
/// for "no data", and NaN is never equal to itself, so `==` cannot compare two readings of the
/// same file; their printed forms can. On a mismatch, shows where they first differ.
pub fn assert_same<T: std::fmt::Debug>(a: &T, b: &T, context: &str) {
    let (a, b) = (format!("{a:?}"), format!("{b:?}"));
    if a != b {
        let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        let from = at.saturating_sub(80);
        let around = |s: &str| s.get(from..(at + 80).min(s.len())).unwrap_or("").to_owned();
        panic!(
            "{context}: values differ at character {at}:\n  left:  ...{}...\n  right: ...{}...",
            around(&a),
            around(&b)
        );
    }
}
