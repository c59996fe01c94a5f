//! `miler serve` and a bare `miler`: the web app starts on a fresh database, prints its
//! address, answers, and stops cleanly on SIGTERM; a taken port is a clear error for
//! `--addr` and a fallback to a free port for a bare `miler`.

mod common;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn miler() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("miler"))
}

/// Starts `miler` with `args` on the database `db` and returns it with the URL it printed.
fn start(args: &[&str], db: &std::path::Path) -> (Child, String) {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("miler"));
    command
        .args(args)
        .arg("--db")
        .arg(db)
        .stderr(Stdio::piped());
    common::spawn_server(command)
}

/// A raw HTTP/1.1 GET: the status line and the headers.
fn get(url: &str, path: &str) -> String {
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
}

fn stop(mut child: Child) -> String {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "exit {status}: {stderr}");
    stderr
}

#[test]
fn serve_answers_on_the_address_given_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let (child, url) = start(&["serve", "--addr", &addr], &dir.path().join("m.db"));
    assert_eq!(url, format!("http://{addr}/"));
    let home = get(&url, "/");
    assert!(home.starts_with("HTTP/1.1 303"), "{home}");
    assert!(home.to_lowercase().contains("location: /welcome"), "{home}");
    let api = get(&url, "/api/v1/athletes");
    assert!(api.starts_with("HTTP/1.1 200"), "{api}");
    assert!(stop(child).contains("miler stopped."));
    assert!(dir.path().join("m.db").exists(), "the database was created");
}

#[test]
fn a_taken_address_is_an_error_that_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = miler()
        .args(["serve", "--addr", &addr, "--db"])
        .arg(dir.path().join("m.db"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("could not listen on {addr}")),
        "{stderr}"
    );
    assert!(stderr.contains("--addr 127.0.0.1:PORT"), "{stderr}");
}

#[test]
fn a_bare_miler_falls_back_to_a_free_port() {
    let dir = tempfile::tempdir().unwrap();
    // Hold the default port (or find it already held) so the fallback must be used.
    let _held = TcpListener::bind("127.0.0.1:5280");
    let (child, url) = start(&[], &dir.path().join("m.db"));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_ne!(url, "http://127.0.0.1:5280/");
    assert!(get(&url, "/welcome").starts_with("HTTP/1.1 200"));
    stop(child);
}

#[test]
fn a_bad_public_url_is_a_usage_error_that_says_what_to_give() {
    let dir = tempfile::tempdir().unwrap();
    for (url, said) in [
        ("miler.example.org", "not a URL"),
        ("ftp://miler.example.org", "http:// or https://"),
        ("https://miler.example.org/miler", "root of its host"),
        ("https://miler.example.org:99999", "no valid host"),
    ] {
        let output = miler()
            .args(["serve", "--public-url", url, "--db"])
            .arg(dir.path().join("m.db"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{url}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--public-url"), "{url}: {stderr}");
        assert!(stderr.contains(said), "{url}: {stderr}");
    }
    assert!(
        !dir.path().join("m.db").exists(),
        "nothing was opened for a bad URL"
    );
}

#[test]
fn serve_with_a_public_url_says_where_else_it_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = miler()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--public-url",
            "https://Miler.Example.org/",
        ])
        .arg("--db")
        .arg(dir.path().join("m.db"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.starts_with("miler is running at http://127.0.0.1:"),
        "{first}"
    );
    let second = lines.next().unwrap().unwrap();
    assert_eq!(
        second,
        "It also answers at https://miler.example.org/ through your reverse proxy."
    );
    drop(lines);
    let url = first.trim_start_matches("miler is running at ");
    // Answering a request also means the server is past installing its signal handlers.
    assert!(get(url, "/welcome").starts_with("HTTP/1.1 200"));
    stop(child);
}

#[test]
fn the_header_timeout_for_tests_is_not_in_the_help() {
    let output = miler().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("--public-url"), "{help}");
    assert!(!help.contains("header-timeout"), "{help}");
}
