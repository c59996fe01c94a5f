//! `kill -9` in the middle of a large `miler import`: the database file is sound, every
//! activity stored before the kill is whole, and importing the same files again stores
//! each of the rest exactly once and none of the first ones twice.

mod common;
mod writers;

use std::process::Stdio;
use std::time::{Duration, Instant};

use writers::{assert_each_once, stored, write_runs};

/// Files in the import: enough that it is still running when the test kills it.
const RUNS: usize = 600;
/// Activities stored before the kill.
const BEFORE_KILL: usize = 30;

#[test]
fn an_import_killed_midway_leaves_a_sound_database_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("miler.db");
    let folder = write_runs(&dir.path().join("runs"), 0..RUNS);

    let mut import = writers::miler()
        .args(["import", "--json", "--db"])
        .arg(&db)
        .arg(&folder)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // The import creates the database; wait for it to exist.
        let waited = Instant::now();
        while !db.exists() {
            assert!(waited.elapsed() < Duration::from_secs(20), "no database");
            std::thread::sleep(Duration::from_millis(5));
        }
        let store = miler_store::Store::open(db.to_str().unwrap())
            .await
            .unwrap();
        loop {
            let n = store
                .list_activities(miler_store::AthleteId::DEFAULT)
                .await
                .unwrap()
                .len();
            if n >= BEFORE_KILL {
                // SIGKILL: no chance to finish the activity in hand or to clean up.
                import.kill().unwrap();
                break;
            }
            assert!(
                import.try_wait().unwrap().is_none(),
                "the import finished before it could be killed"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        store.close().await;
    });
    let status = import.wait().unwrap();
    assert!(!status.success(), "the import was killed, not finished");

    let after_kill = stored(&db);
    assert!(
        after_kill.integrity.is_empty(),
        "{:?}",
        after_kill.integrity
    );
    let killed_at = after_kill.activity_starts.len();
    assert!(
        (BEFORE_KILL..RUNS).contains(&killed_at),
        "{killed_at} stored"
    );
    assert_each_once("an activity", &after_kill.activity_starts, killed_at);

    let output = writers::miler()
        .args(["import", "--json", "--db"])
        .arg(&db)
        .arg(&folder)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["duplicates"].as_array().unwrap().len(), killed_at);
    assert_eq!(
        report["imported"].as_array().unwrap().len(),
        RUNS - killed_at
    );
    let done = stored(&db);
    assert!(done.integrity.is_empty(), "{:?}", done.integrity);
    assert_each_once("an activity", &done.activity_starts, RUNS);
}
