//! Helpers shared by the integration tests: where the sample files are, reading them, and
//! running the Python oracle scripts.
//!
//! The sample FIT files live in the repository's `testdata/activities` (sources and licences in
//! `testdata/SOURCES.md`); tests reference them by a path relative to this crate.

// Each test binary compiles this module and uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `testdata/activities`, seen from this crate.
pub fn activities_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/activities")
}

/// The bytes of `rel`, a path under `testdata/activities`.
pub fn read(rel: &str) -> Vec<u8> {
    let path = activities_dir().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The `.fit` files in `dir` (under `testdata/activities`), sorted, as `dir/name` paths.
pub fn fit_files(dir: &str) -> Vec<String> {
    let path = activities_dir().join(dir);
    let mut files: Vec<String> = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", path.display()))
        .map(|entry| entry.expect("directory entry").file_name())
        .filter_map(|name| name.to_str().map(str::to_owned))
        .filter(|name| name.ends_with(".fit"))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

/// Runs the oracle script `script` (in `tests/oracle/`) on each of `files` and returns their
/// JSON outputs in the same order. The scripts are slow on big files, so two workers take files
/// from a shared queue.
///
/// Fails the test, never skips it, when Python or the oracle package is missing: the comparison
/// is the point of the test.
pub fn run_oracle(script: &str, files: &[String]) -> Vec<serde_json::Value> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracle")
        .join(script);
    let next = AtomicUsize::new(0);
    let results = Mutex::new(vec![serde_json::Value::Null; files.len()]);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let value = run_one(&script, file);
                    results.lock().expect("no worker panicked holding the lock")[i] = value;
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no worker panicked holding the lock")
}

fn run_one(script: &Path, file: &str) -> serde_json::Value {
    const INSTALL: &str = "run the project's test script (scripts/test), which installs the \
                           oracles with `pip install fitdecode garmin-fit-sdk`";
    let path = activities_dir().join(file);
    let output = Command::new("python3")
        .arg(script)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}): {INSTALL}"));
    if !output.status.success() {
        panic!(
            "{} failed on {file} ({}): {}\n{INSTALL}",
            script.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("oracle output for {file} is not JSON: {e}"))
}

/// Whether `ours` differs from the oracle's `theirs` (a JSON number or null) by more than
/// `tolerance`; `None` must meet null.
pub fn float_differs(ours: Option<f64>, theirs: &serde_json::Value, tolerance: f64) -> bool {
    match (ours, theirs.as_f64()) {
        (None, None) => !theirs.is_null(),
        (Some(a), Some(b)) => (a - b).abs() > tolerance,
        _ => true,
    }
}

/// Whether an integer field differs from the oracle's; `None` must meet null.
pub fn int_differs(ours: Option<i64>, theirs: &serde_json::Value) -> bool {
    match (ours, theirs.as_i64()) {
        (None, None) => !theirs.is_null(),
        (Some(a), Some(b)) => a != b,
        _ => true,
    }
}

/// Degrees back to the FIT semicircles they were made from (exact: f64 holds 31 bits).
pub fn semicircles(deg: Option<f64>) -> Option<i64> {
    deg.map(|d| (d * 2_147_483_648.0 / 180.0).round() as i64)
}
