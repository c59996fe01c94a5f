//! Writers at once on one database, as a household or club uses it: two `miler import`
//! processes, two uploads to `miler serve`, results posted one by one and CSV files of
//! results imported through the API, all started together. None of them may fail for the
//! others, and every distinct activity and result is stored exactly once, including the
//! activities that several of them offer at the same moment.

mod common;
mod writers;

use std::process::{Child, Output, Stdio};
use std::sync::{Arc, Barrier};
use std::thread::JoinHandle;

use writers::{Reply, assert_each_once, gpx, multipart, name, request, serve, stored, write_runs};

/// Activities each `miler import` alone offers.
const IMPORT_RUNS: usize = 60;
/// Activities each upload alone offers.
const UPLOAD_RUNS: usize = 20;
/// Activities both imports and both uploads offer.
const SHARED_RUNS: usize = 5;
/// Results each poster sends, one request each.
const POSTERS: usize = 4;
const POSTS: usize = 10;
/// CSV files of results imported through the API, and rows in each.
const CSV_IMPORTS: usize = 2;
const CSV_ROWS: usize = 40;

/// A result for the API, told apart by its day and its notes.
fn result_json(n: usize) -> String {
    let date = jiff::civil::date(2020, 1, 1)
        .checked_add(jiff::Span::new().days(n as i64))
        .unwrap();
    format!(
        r#"{{"date":"{date}","event":"mile","time_s":{},"notes":"row {n}"}}"#,
        360 + n % 60
    )
}

fn results_csv(first: usize) -> String {
    let mut csv = String::from("date,event,time,notes\n");
    for n in first..first + CSV_ROWS {
        let date = jiff::civil::date(2020, 1, 1)
            .checked_add(jiff::Span::new().days(n as i64))
            .unwrap();
        csv.push_str(&format!("{date},mile,6:{:02},row {n}\n", n % 60));
    }
    csv
}

#[test]
fn imports_uploads_and_result_posts_at_once_all_succeed_and_store_everything_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("miler.db");
    let (server, addr) = serve(&db);

    // Runs 0.. are shared; each writer's own runs follow.
    let shared = 0..SHARED_RUNS;
    let import_dirs: Vec<_> = (0..2)
        .map(|i| {
            let own = 100 + i * IMPORT_RUNS..100 + (i + 1) * IMPORT_RUNS;
            write_runs(
                &dir.path().join(format!("import-{i}")),
                shared.clone().chain(own),
            )
        })
        .collect();
    let uploads: Vec<Vec<(String, String)>> = (0..2)
        .map(|u| {
            let own = 1000 + u * UPLOAD_RUNS..1000 + (u + 1) * UPLOAD_RUNS;
            shared
                .clone()
                .chain(own)
                .map(|h| (name(h), gpx(h)))
                .collect()
        })
        .collect();

    let writers = 2 + uploads.len() + POSTERS + CSV_IMPORTS;
    let start = Arc::new(Barrier::new(writers + 1));
    let imports: Vec<JoinHandle<Output>> = import_dirs
        .into_iter()
        .map(|folder| {
            let (db, start) = (db.clone(), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                writers::miler()
                    .args(["import", "--json", "--db"])
                    .arg(&db)
                    .arg(&folder)
                    .stderr(Stdio::piped())
                    .output()
                    .unwrap()
            })
        })
        .collect();
    let mut requests: Vec<JoinHandle<Vec<Reply>>> = Vec::new();
    for files in uploads {
        let (addr, start) = (addr.clone(), Arc::clone(&start));
        requests.push(std::thread::spawn(move || {
            let (content_type, body) = multipart(&files);
            start.wait();
            vec![request(
                &addr,
                "POST",
                "/api/v1/athletes/1/activities",
                &content_type,
                &body,
            )]
        }));
    }
    for p in 0..POSTERS {
        let (addr, start) = (addr.clone(), Arc::clone(&start));
        requests.push(std::thread::spawn(move || {
            start.wait();
            (0..POSTS)
                .map(|k| {
                    let body = result_json(p * POSTS + k);
                    request(
                        &addr,
                        "POST",
                        "/api/v1/athletes/1/results",
                        "application/json",
                        body.as_bytes(),
                    )
                })
                .collect()
        }));
    }
    for c in 0..CSV_IMPORTS {
        let (addr, start) = (addr.clone(), Arc::clone(&start));
        requests.push(std::thread::spawn(move || {
            let csv = results_csv(1000 + c * CSV_ROWS);
            start.wait();
            vec![request(
                &addr,
                "POST",
                "/api/v1/athletes/1/results/import",
                "text/csv",
                csv.as_bytes(),
            )]
        }));
    }
    start.wait();

    let mut imported = 0;
    for import in imports {
        let output = import.join().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "miler import: {stderr}");
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["failed"], serde_json::json!([]), "{report}");
        imported += report["imported"].as_array().unwrap().len();
    }
    for (i, handle) in requests.into_iter().enumerate() {
        for reply in handle.join().unwrap() {
            assert!(
                matches!(reply.status, 200 | 201),
                "request {i}: {} {}",
                reply.status,
                reply.body
            );
            let body = reply.json();
            if let Some(files) = body["files"].as_array() {
                for file in files {
                    assert_eq!(file["failed"], serde_json::json!([]), "{file}");
                    imported += file["imported"].as_array().unwrap().len();
                }
            }
            if let Some(n) = body["imported"].as_u64() {
                assert_eq!(n as usize, CSV_ROWS, "{body}");
                assert_eq!(body["errors"], serde_json::json!([]), "{body}");
            }
        }
    }
    stop(server);

    let distinct = SHARED_RUNS + 2 * IMPORT_RUNS + 2 * UPLOAD_RUNS;
    // Each writer saw a shared run either stored by it or already there, never both.
    assert_eq!(imported, distinct, "activities reported as imported");
    let found = stored(&db);
    assert_each_once("an activity", &found.activity_starts, distinct);
    assert_each_once(
        "a result",
        &found.result_notes,
        POSTERS * POSTS + CSV_IMPORTS * CSV_ROWS,
    );
    assert!(found.integrity.is_empty(), "{:?}", found.integrity);
}

fn stop(mut server: Child) {
    server.kill().unwrap();
    server.wait().unwrap();
}
