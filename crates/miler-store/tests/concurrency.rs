//! Concurrent writers on one database file: every write waits for its turn and none fails,
//! and every distinct activity and result is stored exactly once, even when several writers
//! offer the same one at the same moment.
//!
//! Each writer is a thread with its own runtime and its own [`Store`] on the file, as
//! separate `miler` processes (two imports, a server) would have: SQLite's locks are per
//! connection, so separate pools contend exactly as separate processes do.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Barrier};

use jiff::Timestamp;
use jiff::civil::Date;
use miler_activity::Activity;
use miler_core::{Distance, Duration};
use miler_formats::Contents;
use miler_store::{AthleteId, ImportedResult, Inserted, NewResult, Source, Store};

/// Writers at once.
const WRITERS: usize = 6;
/// Activities only one writer stores.
const OWN_ACTIVITIES: usize = 12;
/// Activities every writer offers; each must be stored once.
const SHARED_ACTIVITIES: usize = 4;
/// Results batches per writer, as CSV imports.
const BATCHES: usize = 4;
/// Rows per batch.
const ROWS: usize = 25;
/// Rows every writer imports; each must be stored once.
const SHARED_ROWS: usize = 10;

/// A small GPX run of `points` seconds that starts `hours` after 2026-01-05 06:00 UTC:
/// activities more than a minute apart are distinct ones to the store.
fn gpx(hours: usize, points: usize) -> String {
    let start: Timestamp = "2026-01-05T06:00:00Z".parse().unwrap();
    let mut out = format!(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"test\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>run {hours}</name>\
         <type>running</type><trkseg>"
    );
    for i in 0..points {
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

/// The activity in the GPX file for `hours`, and its source.
fn activity(hours: usize) -> (Activity, Source) {
    let name = format!("run-{hours:04}.gpx");
    let bytes = gpx(hours, 120).into_bytes();
    let Contents::Activities(imported) = miler_formats::read(&name, &bytes).unwrap() else {
        panic!("a GPX file holds activities");
    };
    let [activity] = <[Activity; 1]>::try_from(imported.activities).unwrap();
    (activity, Source::new("gpx", name, &bytes))
}

/// A result on its own day: `day` numbers rows across every batch so each is distinct.
fn result(day: usize) -> NewResult {
    let date = Date::constant(2020, 1, 1)
        .checked_add(jiff::Span::new().days(day as i64))
        .unwrap();
    NewResult {
        date,
        event: "mile".to_owned(),
        distance: Distance::MILE,
        time: Duration::from_secs(360.0 + (day % 60) as f64).unwrap(),
        age: None,
        sex: None,
        height_cm: None,
        weight_kg: None,
        felt: None,
        would_repeat: None,
        notes: Some(format!("row {day}")),
    }
}

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

/// What one writer saw: failures, and the outcome of each shared activity and row.
#[derive(Default)]
struct Seen {
    failures: Vec<String>,
    shared_activities: Vec<Inserted>,
    shared_rows: Vec<ImportedResult>,
    own_rows_new: usize,
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn writer(path: &Path, w: usize, start: &Barrier) -> Seen {
    let mut seen = Seen::default();
    // Build everything first, so the writes themselves overlap as much as they can.
    let own: Vec<_> = (0..OWN_ACTIVITIES)
        .map(|k| activity(100 + w * OWN_ACTIVITIES + k))
        .collect();
    let shared: Vec<_> = (0..SHARED_ACTIVITIES).map(activity).collect();
    let batches: Vec<Vec<NewResult>> = (0..BATCHES)
        .map(|b| {
            (0..ROWS)
                .map(|r| result(1000 + (w * BATCHES + b) * ROWS + r))
                .collect()
        })
        .collect();
    let shared_batch: Vec<NewResult> = (0..SHARED_ROWS).map(result).collect();
    runtime().block_on(async {
        let store = Store::open(path.to_str().unwrap()).await.unwrap();
        start.wait();
        for (k, (a, source)) in own.iter().enumerate() {
            match store.insert_activity(AthleteId::DEFAULT, a, source).await {
                Ok(Inserted::New(_)) => {}
                Ok(other) => seen
                    .failures
                    .push(format!("own activity {k} was taken for {other:?}")),
                Err(e) => seen.failures.push(format!("activity {k}: {e:?}")),
            }
            if k % 3 == 0
                && let Some(batch) = batches.get(k / 3)
            {
                match store.import_results(AthleteId::DEFAULT, batch, now()).await {
                    Ok(outcomes) => {
                        seen.own_rows_new += outcomes
                            .iter()
                            .filter(|o| matches!(o, ImportedResult::New(_)))
                            .count();
                    }
                    Err(e) => seen
                        .failures
                        .push(format!("results batch {}: {e:?}", k / 3)),
                }
            }
            if k == OWN_ACTIVITIES / 2 {
                for (a, source) in &shared {
                    match store.insert_activity(AthleteId::DEFAULT, a, source).await {
                        Ok(outcome) => seen.shared_activities.push(outcome),
                        Err(e) => seen.failures.push(format!("shared activity: {e:?}")),
                    }
                }
                match store
                    .import_results(AthleteId::DEFAULT, &shared_batch, now())
                    .await
                {
                    Ok(outcomes) => seen.shared_rows = outcomes,
                    Err(e) => seen.failures.push(format!("shared results: {e:?}")),
                }
            }
        }
        store.close().await;
    });
    seen
}

/// Runs every writer at once on `path` and returns what each saw.
fn run_writers(path: &Path) -> Vec<Seen> {
    let start = Arc::new(Barrier::new(WRITERS));
    let threads: Vec<_> = (0..WRITERS)
        .map(|w| {
            let path = path.to_owned();
            let start = Arc::clone(&start);
            std::thread::spawn(move || writer(&path, w, &start))
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

#[test]
fn concurrent_imports_wait_for_each_other_and_store_everything_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("miler.db");
    // The database exists before the writers start (a fresh one is the next test's).
    runtime().block_on(async {
        Store::open(path.to_str().unwrap())
            .await
            .unwrap()
            .close()
            .await;
    });

    let seen = run_writers(&path);

    let failures: Vec<&String> = seen.iter().flat_map(|s| &s.failures).collect();
    assert!(failures.is_empty(), "writes failed: {failures:#?}");
    // Each shared activity is new to exactly one writer and a duplicate to the others.
    for k in 0..SHARED_ACTIVITIES {
        let outcomes: Vec<Inserted> = seen.iter().map(|s| s.shared_activities[k]).collect();
        let new = outcomes
            .iter()
            .filter(|o| matches!(o, Inserted::New(_)))
            .count();
        assert_eq!(new, 1, "shared activity {k}: {outcomes:?}");
    }
    for r in 0..SHARED_ROWS {
        let new = seen
            .iter()
            .filter(|s| matches!(s.shared_rows[r], ImportedResult::New(_)))
            .count();
        assert_eq!(new, 1, "shared row {r} was new to {new} writers");
    }
    assert_eq!(
        seen.iter().map(|s| s.own_rows_new).sum::<usize>(),
        WRITERS * BATCHES * ROWS
    );

    runtime().block_on(async {
        let store = Store::open(path.to_str().unwrap()).await.unwrap();
        let listed = store.list_activities(AthleteId::DEFAULT).await.unwrap();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for a in &listed {
            *by_name.entry(a.source_name.clone()).or_default() += 1;
        }
        assert_eq!(
            listed.len(),
            WRITERS * OWN_ACTIVITIES + SHARED_ACTIVITIES,
            "activities stored"
        );
        assert!(by_name.values().all(|&n| n == 1), "{by_name:?}");
        let results = store.results(AthleteId::DEFAULT).await.unwrap();
        assert_eq!(results.len(), WRITERS * BATCHES * ROWS + SHARED_ROWS);
        let mut days: Vec<Date> = results.iter().map(|r| r.result.date).collect();
        days.sort();
        days.dedup();
        assert_eq!(days.len(), results.len(), "a result was stored twice");
        assert!(store.integrity_check().await.unwrap().is_empty());
        store.close().await;
    });
}

#[test]
fn many_handles_opening_a_new_database_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let start = Arc::new(Barrier::new(WRITERS));
    let threads: Vec<_> = (0..WRITERS)
        .map(|w| {
            let path = path.clone();
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                runtime().block_on(async {
                    start.wait();
                    let store = Store::open(path.to_str().unwrap()).await?;
                    let (a, source) = activity(w);
                    let inserted = store.insert_activity(AthleteId::DEFAULT, &a, &source).await;
                    store.close().await;
                    inserted
                })
            })
        })
        .collect();
    for (w, thread) in threads.into_iter().enumerate() {
        let outcome = thread.join().unwrap();
        assert!(
            matches!(outcome, Ok(Inserted::New(_))),
            "writer {w}: {outcome:?}"
        );
    }
}
