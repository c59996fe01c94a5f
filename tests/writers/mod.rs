//! What the tests of many writers share: activity files made up on the spot, each a distinct
//! activity, and a bare HTTP/1.1 client for `miler serve`.

// Each test binary uses the helpers it needs.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A GPX run of two minutes that starts `hours` hours after 2026-01-05 06:00 UTC. Runs an
/// hour or more apart are distinct activities to miler (the same one starts within a
/// minute), so `hours` names the activity.
pub fn gpx(hours: usize) -> String {
    let start: jiff::Timestamp = "2026-01-05T06:00:00Z".parse().unwrap();
    let mut out = format!(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"test\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>run {hours}</name>\
         <type>running</type><trkseg>"
    );
    for i in 0..120 {
        let at = start + jiff::SignedDuration::from_secs((hours * 3600 + i) as i64);
        // About 3.3 m a second northwards.
        let lat = 45.0 + i as f64 * 0.00003;
        out.push_str(&format!(
            "<trkpt lat=\"{lat:.6}\" lon=\"13.7\"><time>{at}</time></trkpt>"
        ));
    }
    out.push_str("</trkseg></trk></gpx>");
    out
}

/// The file name of run `hours`.
pub fn name(hours: usize) -> String {
    format!("run-{hours:05}.gpx")
}

/// Writes runs `hours` into `dir` (created) and returns it.
pub fn write_runs(dir: &Path, hours: impl IntoIterator<Item = usize>) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for h in hours {
        std::fs::write(dir.join(name(h)), gpx(h)).unwrap();
    }
    dir.to_owned()
}

pub fn miler() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("miler"))
}

/// `miler serve` on a free port of 127.0.0.1 and the database `db`, with its `host:port`.
pub fn serve(db: &Path) -> (Child, String) {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("miler"));
    command
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .stderr(Stdio::piped());
    let (child, url) = crate::common::spawn_server(command);
    let addr = url
        .strip_prefix("http://")
        .unwrap_or(&url)
        .trim_end_matches('/')
        .to_owned();
    (child, addr)
}

/// A response: its status and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One request on its own connection, as a program (not a browser) sends it.
pub fn request(addr: &str, method: &str, path: &str, content_type: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status: {head}"));
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    Reply {
        status,
        body: if chunked {
            unchunk(body)
        } else {
            body.to_owned()
        },
    }
}

/// The body of a chunked response.
fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").unwrap();
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
}

/// A `multipart/form-data` body with one `files` field per file, and its content type.
pub fn multipart(files: &[(String, String)]) -> (String, Vec<u8>) {
    let boundary = "miler-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, text) in files {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\
             Content-Type: application/gpx+xml\r\n\r\n{text}\r\n"
        )
        .unwrap();
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// What the store holds: one entry per stored activity (its start) and per result (its
/// notes), and the database's own check of the file.
pub struct Stored {
    pub activity_starts: Vec<String>,
    pub result_notes: Vec<String>,
    pub integrity: Vec<String>,
}

pub fn stored(db: &Path) -> Stored {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let store = miler_store::Store::open(db.to_str().unwrap())
                .await
                .unwrap();
            let me = miler_store::AthleteId::DEFAULT;
            let found = Stored {
                activity_starts: store
                    .list_activities(me)
                    .await
                    .unwrap()
                    .iter()
                    .map(|a| a.start_time.unwrap().to_string())
                    .collect(),
                result_notes: store
                    .results(me)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|r| r.result.notes.unwrap_or_default())
                    .collect(),
                integrity: store.integrity_check().await.unwrap(),
            };
            store.close().await;
            found
        })
}

/// Each item of `items` once, or which came more than once.
pub fn assert_each_once(what: &str, items: &[String], expected: usize) {
    let mut sorted = items.to_vec();
    sorted.sort();
    let twice: Vec<&String> = sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| &w[0])
        .collect();
    assert!(twice.is_empty(), "{what} stored more than once: {twice:?}");
    assert_eq!(items.len(), expected, "{what} stored");
}
