//! What the CLI tests share: a `miler` on a database of its own, run for JSON, text or an
//! input error.

// Each test binary uses the helpers it needs.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// A temporary folder with the database `miler` runs on (`MILER_DB`).
pub struct Db(tempfile::TempDir);

impl Db {
    pub fn new() -> Db {
        Db(tempfile::tempdir().unwrap())
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    pub fn miler(&self) -> Command {
        let mut cmd = Command::cargo_bin("miler").unwrap();
        cmd.env("MILER_DB", self.path("miler.db"));
        cmd
    }

    /// Runs with `--json`, expecting success, and returns the document.
    pub fn json(&self, args: &[&str]) -> Value {
        let output = self.miler().args(args).arg("--json").output().unwrap();
        assert!(
            output.status.success(),
            "miler {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    /// Runs without `--json`, expecting success, and returns stdout.
    pub fn text(&self, args: &[&str]) -> String {
        let output = self.miler().args(args).output().unwrap();
        assert!(
            output.status.success(),
            "miler {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs expecting exit code 2 and returns stderr.
    pub fn input_error(&self, args: &[&str]) -> String {
        let output = self.miler().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(
            output.status.code(),
            Some(2),
            "miler {}: {stderr}",
            args.join(" ")
        );
        stderr
    }
}

/// Spawns `command` (`miler serve …` or a bare `miler`, its standard error set by the caller)
/// with its output piped and returns it with the address it printed first
/// (`http://host:port/`). Only that line is read and the pipe is then closed: the server must
/// keep running when nobody reads its output.
pub fn spawn_server(mut command: std::process::Command) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .strip_prefix("miler is running at ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .trim()
        .to_owned();
    (child, url)
}
