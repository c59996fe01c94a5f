//! The import pipeline end to end: files and Strava exports built here, imported into a fresh
//! database, and the reports checked entry by entry; and the memory an archive's import takes,
//! measured in a child process of this test binary.

use std::io::{Cursor, Write};
use std::path::Path;

use miler_app::import::{DuplicateReason, FileReport, import_file};
use miler_formats::MAX_ARCHIVE_ENTRIES;
use miler_store::{AthleteId, Store};
use zip::write::SimpleFileOptions;

/// A recorded run as GPX: `points` one-second samples heading north from 45° N, starting at
/// 07:00 UTC on 2024-01-01 plus `day` days, so each day is a distinct activity.
fn gpx(day: u32, points: usize) -> Vec<u8> {
    let start = "2024-01-01T07:00:00Z".parse::<jiff::Timestamp>().unwrap()
        + jiff::SignedDuration::from_hours(24 * i64::from(day));
    let mut text = String::from(
        r#"<?xml version="1.0"?><gpx version="1.1"><trk><type>running</type><trkseg>"#,
    );
    for i in 0..points {
        let time = start + jiff::SignedDuration::from_secs(i as i64);
        // About 3.3 m a second.
        let lat = 45.0 + i as f64 * 0.00003;
        text.push_str(&format!(
            "<trkpt lat=\"{lat:.6}\" lon=\"13.0\"><time>{time}</time></trkpt>\n"
        ));
    }
    text.push_str("</trkseg></trk></gpx>");
    text.into_bytes()
}

/// A Strava export of `(path, bytes)` entries, with an `activities.csv` naming each
/// `activities/<day>.gpx` entry "Run <day>" (or `names` gives the name).
fn export(entries: &[(String, Vec<u8>)], names: &[(u32, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut csv = String::from("Activity ID,Activity Date,Activity Name,Activity Type,Filename\n");
    for (path, _) in entries {
        let Some(day) = path
            .strip_prefix("activities/")
            .and_then(|p| p.strip_suffix(".gpx"))
            .and_then(|d| d.parse::<u32>().ok())
        else {
            continue;
        };
        let name = names
            .iter()
            .find(|(d, _)| *d == day)
            .map_or_else(|| format!("Run {day}"), |(_, n)| (*n).to_owned());
        csv.push_str(&format!(
            "{day},\"Jan 1, 2024, 7:00:00 AM\",{name},Run,{path}\n"
        ));
    }
    w.start_file("activities.csv", options).unwrap();
    w.write_all(csv.as_bytes()).unwrap();
    for (path, bytes) in entries {
        w.start_file(path.as_str(), options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// `count` runs as `activities/<day>.gpx`, days 0 to `count - 1`.
fn runs(count: u32, points: usize) -> Vec<(String, Vec<u8>)> {
    (0..count)
        .map(|day| (format!("activities/{day}.gpx"), gpx(day, points)))
        .collect()
}

async fn open(dir: &Path) -> Store {
    Store::open(dir.join("miler.db").to_str().unwrap())
        .await
        .unwrap()
}

fn entries<T>(list: &[T], entry: impl Fn(&T) -> Option<&str>) -> Vec<&str> {
    list.iter().map(|x| entry(x).unwrap_or("(file)")).collect()
}

#[tokio::test]
async fn an_export_imports_entry_by_entry_with_names_and_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let mut files = runs(3, 120);
    files.insert(1, ("../../etc/evil.gpx".to_owned(), gpx(9, 120)));
    files.push(("activities/notes.gpx".to_owned(), b"<gpx></gpx>".to_vec()));
    let report = import_file(
        &store,
        AthleteId::DEFAULT,
        "export.zip",
        export(&files, &[]),
    )
    .await;

    assert_eq!(report.file, "export.zip");
    assert_eq!(
        entries(&report.imported, |a| a.entry.as_deref()),
        ["activities/0.gpx", "activities/1.gpx", "activities/2.gpx"]
    );
    let names: Vec<_> = report.imported.iter().map(|a| a.name.as_deref()).collect();
    assert_eq!(names, [Some("Run 0"), Some("Run 1"), Some("Run 2")]);
    // 119 s at 0.00003° of latitude a second: 119 * 0.00003° * 111.13 km/° ≈ 396.7 m.
    let d = report.imported[0].distance.metres();
    assert!((d - 396.7).abs() < 1.0, "{d}");
    // The entry that climbs out of the archive is refused unread, the empty GPX says why, and
    // the rest went in.
    assert_eq!(
        entries(&report.failed, |f| f.entry.as_deref()),
        ["../../etc/evil.gpx", "activities/notes.gpx"]
    );
    assert!(
        report.failed[0]
            .error
            .ends_with("is a path outside the archive; the entry was refused and not read"),
        "{}",
        report.failed[0].error
    );
    assert!(report.failed[1].error.contains("no recorded track points"));
    assert!(report.duplicates.is_empty());
    let listed = store.list_activities(AthleteId::DEFAULT).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().all(|a| a.source_format == "gpx"));
}

#[tokio::test]
async fn importing_an_export_again_gives_duplicates_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let zip = export(&runs(4, 60), &[]);
    let first = import_file(&store, AthleteId::DEFAULT, "export.zip", zip.clone()).await;
    assert_eq!(first.imported.len(), 4);
    let again = import_file(&store, AthleteId::DEFAULT, "export.zip", zip).await;
    assert!(again.imported.is_empty() && again.failed.is_empty());
    let ids: Vec<_> = first.imported.iter().map(|a| a.id).collect();
    let existing: Vec<_> = again.duplicates.iter().map(|d| d.existing).collect();
    assert_eq!(existing, ids);
    assert!(
        again
            .duplicates
            .iter()
            .all(|d| d.reason == DuplicateReason::SameFile)
    );

    // The same run as a file of its own is the same activity from another file.
    let single = import_file(&store, AthleteId::DEFAULT, "monday.gpx", gpx(2, 60)).await;
    assert_eq!(single.duplicates.len(), 1);
    assert_eq!(single.duplicates[0].entry, None);
    assert_eq!(single.duplicates[0].existing, ids[2]);
    assert_eq!(single.duplicates[0].reason, DuplicateReason::SameActivity);
    assert_eq!(
        store
            .list_activities(AthleteId::DEFAULT)
            .await
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn a_store_failure_costs_only_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    // A trigger makes the store refuse one activity, as a full disk or a damaged database
    // would refuse a write.
    let url = format!("sqlite://{}", dir.path().join("miler.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query(
        "CREATE TRIGGER refuse BEFORE INSERT ON activities WHEN NEW.name = 'Refused'
         BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let zip = export(&runs(5, 60), &[(2, "Refused")]);
    let report = import_file(&store, AthleteId::DEFAULT, "export.zip", zip).await;
    assert_eq!(
        entries(&report.imported, |a| a.entry.as_deref()),
        [
            "activities/0.gpx",
            "activities/1.gpx",
            "activities/3.gpx",
            "activities/4.gpx"
        ]
    );
    assert_eq!(
        entries(&report.failed, |f| f.entry.as_deref()),
        ["activities/2.gpx"]
    );
    assert!(
        report.failed[0].error.contains("refused by a test trigger"),
        "the cause is kept: {}",
        report.failed[0].error
    );
    assert_eq!(
        store
            .list_activities(AthleteId::DEFAULT)
            .await
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn an_archive_over_the_entry_cap_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    // 25,000 empty entries: the archive is small, its count is not.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("activities/real.gpx", options).unwrap();
    w.write_all(&gpx(0, 60)).unwrap();
    for i in 1..25_000 {
        w.start_file(format!("activities/{i}.gpx"), options)
            .unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    let report = import_file(&store, AthleteId::DEFAULT, "huge.zip", zip).await;
    assert!(report.imported.is_empty());
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].entry, None, "the archive as a whole");
    assert_eq!(
        report.failed[0].error,
        format!(
            "`huge.zip` holds 25000 activity files, more than the {MAX_ARCHIVE_ENTRIES} miler \
             reads from one archive (a decade of daily runs is about 3,650); nothing was \
             imported: extract the archive and import its folder, or split it into smaller \
             archives"
        )
    );
    assert!(
        store
            .list_activities(AthleteId::DEFAULT)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_single_file_is_reported_as_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let report = import_file(&store, AthleteId::DEFAULT, "run.gpx", gpx(0, 30)).await;
    assert_eq!(report.imported.len(), 1);
    assert_eq!(report.imported[0].entry, None);
    let bad = import_file(&store, AthleteId::DEFAULT, "notes.txt", b"6 x 400".to_vec()).await;
    assert_eq!(
        bad,
        FileReport::refused(
            "notes.txt",
            "`notes.txt` is not an activity file: expected FIT, GPX, TCX, a .gz of one, or a \
             Strava export .zip"
                .to_owned()
        )
    );
}

/// The budget this test holds an archive's import to.
const PEAK_LIMIT_MIB: u64 = 200;
/// Where the child process finds the archive it imports.
const CHILD_VAR: &str = "MILER_IMPORT_MEMORY_CHILD";

/// 1,500 hour-long runs (5.4 million samples, about 270 MB as the store's columns) held at once
/// would take well over the limit; one entry at a time, the import holds the zip and a few
/// activities.
#[test]
fn a_1500_entry_archive_imports_in_bounded_memory() {
    const TEST: &str = "a_1500_entry_archive_imports_in_bounded_memory";
    if let Some(zip) = std::env::var_os(CHILD_VAR) {
        return import_and_report_peak(Path::new(&zip));
    }
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("export.zip");
    std::fs::write(&zip_path, export(&runs(1500, 3600), &[])).unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
        .env(CHILD_VAR, &zip_path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("imported ").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("the child said {stdout}"));
    let [imported, peak_kib]: [u64; 2] = line
        .split(" peak_kib ")
        .map(|n| n.trim().parse().unwrap())
        .collect::<Vec<_>>()
        .try_into()
        .unwrap();
    assert_eq!(imported, 1500);
    assert!(
        peak_kib < PEAK_LIMIT_MIB * 1024,
        "the import peaked at {} MiB",
        peak_kib / 1024
    );
}

/// The child: imports the archive into a fresh database and prints what it stored and its
/// peak resident memory.
fn import_and_report_peak(zip: &Path) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let report = runtime.block_on(async {
        let store = open(dir.path()).await;
        let bytes = std::fs::read(zip).unwrap();
        let report = import_file(&store, AthleteId::DEFAULT, "export.zip", bytes).await;
        store.close().await;
        report
    });
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak_kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap();
    println!("imported {} peak_kib {peak_kib}", report.imported.len());
}
