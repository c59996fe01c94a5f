//! Running a test case in its own process and measuring its peak memory, without unsafe code
//! or a custom allocator: the test re-executes its own binary for one case, and the child reads
//! its own high-water mark (`VmHWM` in `/proc/self/status`, Linux).
//!
//! ```ignore
//! #[path = "hostile/harness.rs"]
//! mod harness;
//!
//! #[test]
//! fn a_gzip_bomb() {
//!     // The case's name, a limit in MiB, how to build the input, what to check.
//!     harness::isolated("a_gzip_bomb", 16, || make_bomb(), |bomb| check(read(&bomb)));
//! }
//! ```
//!
//! [`isolated`] builds the input, resets the high-water mark to the memory in use then (by
//! writing 5 to `/proc/self/clear_refs`), runs the case, and asserts that the peak grew by at
//! most the case's limit: what the reader costs beyond holding its input, which the caller
//! owns. Each case runs in its own process so that one case's peak, or its allocator's
//! retained memory, never counts against another.

#![allow(dead_code)]

use std::process::Command;

/// Set in the child to the name of the case it runs.
pub const CHILD_ENV: &str = "MILER_HOSTILE_CASE";

const MIB: u64 = 1024 * 1024;

/// Runs `case` (the test's own name, as `cargo test` knows it) in a child process: there,
/// `setup` builds the input, then `body` runs on it, and the child fails if its peak memory
/// grew by more than `limit_mib` MiB while `body` ran. In the parent, waits for the child and
/// fails with its output if it failed.
pub fn isolated<T>(case: &str, limit_mib: u64, setup: impl FnOnce() -> T, body: impl FnOnce(T)) {
    if std::env::var(CHILD_ENV).as_deref() == Ok(case) {
        let input = setup();
        let baseline = reset_peak();
        body(input);
        let peak = status_kib("VmHWM") * 1024;
        let grew = peak.saturating_sub(baseline);
        println!(
            "{case}: peak {} MiB, {} MiB over the {} MiB in use before",
            peak / MIB,
            grew / MIB,
            baseline / MIB
        );
        assert!(
            grew <= limit_mib * MIB,
            "{case}: memory grew by {} MiB, over its limit of {limit_mib} MiB",
            grew / MIB
        );
        return;
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    let output = Command::new(exe)
        .args([case, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, case)
        .output()
        .expect("running the case in a child process");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "case {case} failed in its own process ({}):\n{stdout}\n{stderr}",
        output.status
    );
    // Show the child's figures in the parent's output.
    let figures = format!("{case}: peak");
    for line in stdout.lines() {
        if let Some(at) = line.find(&figures) {
            println!("{}", &line[at..]);
        }
    }
}

/// Resets the process's high-water mark to the memory in use now, and returns that (bytes).
/// Where the kernel refuses the reset, the peak so far stands, which only makes the check
/// stricter.
fn reset_peak() -> u64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss = status_kib("VmRSS") * 1024;
    let hwm = status_kib("VmHWM") * 1024;
    rss.min(hwm)
}

/// A `kB` field of `/proc/self/status`.
pub fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status (Linux)");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"))
}
