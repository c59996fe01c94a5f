//! End-to-end import speed: how close importing 2000 FIT activities into SQLite, as files and
//! as a Strava export, gets to decoding the same files and nothing else, and the memory the
//! export's import takes.
//!
//! Run: `cargo bench -p miler-store --bench import` (results in `docs/performance.md`).
//!
//! The archive is generated in memory from four real files (a Fenix 6 trail run, a Fenix 2 run,
//! an older Garmin run and the SDK's developer-fields sample). Copy `k` is its source file with
//! every timestamp miler reads (field 253 of every message, the lap and session start times and
//! the file's creation time) moved `k` whole days later and the file CRC recomputed. The copies
//! are therefore distinct files, byte for byte and by start time, so the store's duplicate
//! checks (same file hash, or same start within a minute) let every one of them in. A whole day
//! is a multiple of 32 s, so compressed timestamp headers stay valid. Before timing, the harness
//! checks that every copy reads back as its source with only the start time moved.
//!
//! Four phases run over the same 2000 files, each a few rounds, and the fastest round counts:
//! - **decode**: `miler_formats::read` on each file's bytes (FIT decode, CRC check, conversion
//!   into `Samples`, laps and pauses), the results dropped.
//! - **decode + best efforts**: the same, then the best effort at every one of the eight
//!   `STANDARD_EFFORTS` for every activity, whatever its sport.
//! - **import**: what `miler import` does with a file once it has its bytes: `miler_formats::read`,
//!   the file's SHA-256 (`Source::new`) and `Store::insert_activity` for each activity, into a
//!   fresh SQLite database in a temporary folder, one transaction per activity. The store
//!   computes the summary, compresses the sample columns, and stores laps, pauses and (for runs)
//!   best efforts. Closing the store, which checkpoints the write-ahead log, is included; opening
//!   it and running the migrations is reported on its own line. Reading the files from disk is
//!   not included: the generated files are never written out.
//! - **Strava export**: the same files as a Strava bulk export (`activities/<k>.fit.gz` and an
//!   `activities.csv` naming each), imported by `miler_app::import::import_file` as
//!   `miler import export.zip` does once it has read the zip, into a fresh database. Each round runs in a child process (this binary again,
//!   told the archive's path in `MILER_BENCH_STRAVA_ZIP`), which reads the zip from disk and
//!   reports its time and its peak resident memory (`VmHWM` in `/proc/self/status`): the zip's
//!   bytes, what the import holds, and the runtime, as a `miler import` process would peak. The
//!   other phases' peak is the whole harness's, which holds every generated file at once.
//!
//! Under `cargo test` (no `--bench` argument) the harness runs a small smoke check instead, so
//! the workspace's test run stays quick.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use miler_activity::Activity;
use miler_activity::analysis::STANDARD_EFFORTS;
use miler_activity::analysis::best_efforts;
use miler_core::Distance;
use miler_formats::Contents;
use miler_store::{AthleteId, Inserted, Source, Store};

/// The files the archive is made of, cycled in this order.
const SOURCES: [&str; 4] = [
    "fenix6-trail-run-1h.fit",
    "activity-small-fenix2-run.fit",
    "2013-02-06-12-11-14.fit",
    "developer-types-sample.fit",
];

const DAY_S: u32 = 86_400;

/// One generated file.
struct File {
    name: String,
    bytes: Vec<u8>,
}

/// Where a child process finds the Strava export it is to import.
const STRAVA_ZIP_VAR: &str = "MILER_BENCH_STRAVA_ZIP";

/// Where to write the generated Strava export, instead of timing anything: how
/// `scripts/bench-import` gets the archive it gives two `miler` builds.
const WRITE_EXPORT_VAR: &str = "MILER_BENCH_WRITE_EXPORT";

fn main() {
    if let Some(zip) = std::env::var_os(STRAVA_ZIP_VAR) {
        strava_child(Path::new(&zip));
        return;
    }
    let benching = std::env::args().any(|a| a == "--bench");
    let (count, rounds) = if benching { (2000, 3) } else { (8, 1) };

    let sources: Vec<(&str, Vec<u8>)> = SOURCES.iter().map(|&n| (n, read_source(n))).collect();
    let archive: Vec<File> = (0..count)
        .map(|k| {
            let (name, bytes) = &sources[k % sources.len()];
            File {
                name: format!("{k:04}-{name}"),
                bytes: shift_days(bytes, k as u32),
            }
        })
        .collect();
    check_archive(&sources, &archive);
    let total_bytes: usize = archive.iter().map(|f| f.bytes.len()).sum();
    let activities: usize = archive.iter().map(|f| activities_of(f).len()).sum();
    let samples: usize = archive
        .iter()
        .flat_map(activities_of)
        .map(|a| a.samples.len())
        .sum();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let zip_path = dir.path().join("export.zip");
    let zip_bytes = strava_export(&archive);
    std::fs::write(&zip_path, &zip_bytes).expect("the export is written");
    if let Some(keep) = std::env::var_os(WRITE_EXPORT_VAR) {
        std::fs::write(&keep, &zip_bytes).expect("the export is written where asked");
        println!(
            "{count} files as a Strava export in {}",
            Path::new(&keep).display()
        );
        return;
    }

    println!("sources:");
    for (name, bytes) in &sources {
        let file = File {
            name: (*name).to_owned(),
            bytes: bytes.clone(),
        };
        for a in activities_of(&file) {
            println!(
                "  {name}: {} bytes, {} samples, {:.2} km, {}, {} laps",
                bytes.len(),
                a.samples.len(),
                a.samples.total_distance().metres() / 1000.0,
                a.sport.as_str(),
                a.laps.len()
            );
        }
    }
    println!(
        "archive: {count} files, {activities} activities, {samples} samples, {:.1} MB; \
         as a Strava export {:.1} MB; fastest of {rounds} rounds\n",
        total_bytes as f64 / 1e6,
        zip_bytes.len() as f64 / 1e6
    );
    drop(zip_bytes);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");

    let mut decode = Vec::new();
    let mut efforts = Vec::new();
    let mut import = Vec::new();
    let mut open = Vec::new();
    let mut strava = Vec::new();
    let mut strava_peak = 0;
    // Phases interleave round by round, so a burst of load from elsewhere on the machine
    // slows one round of each rather than all rounds of one.
    for _ in 0..rounds {
        decode.push(time(|| decode_all(&archive)));
        efforts.push(time(|| decode_and_best_efforts(&archive)));
        let (opened, imported) = runtime.block_on(import_all(&archive));
        open.push(opened);
        import.push(imported);
        let child = run_strava_child(&zip_path, activities);
        strava.push(child.elapsed);
        strava_peak = strava_peak.max(child.peak_kib);
    }

    let (decode, efforts, import, open, strava) = (
        fastest(&decode),
        fastest(&efforts),
        fastest(&import),
        fastest(&open),
        fastest(&strava),
    );
    let harness_peak = peak_kib();
    println!(
        "{:<24} {:>10} {:>14} {:>10} {:>10} {:>10}",
        "phase", "time", "activities/s", "MB/s", "vs decode", "peak MiB"
    );
    for (phase, t, peak) in [
        ("decode", decode, harness_peak),
        ("decode + best efforts", efforts, harness_peak),
        ("import into SQLite", import, harness_peak),
        ("import Strava export", strava, strava_peak),
    ] {
        let secs = t.as_secs_f64();
        println!(
            "{phase:<24} {:>8.0} ms {:>14.0} {:>10.1} {:>9.2}x {:>10.0}",
            secs * 1e3,
            activities as f64 / secs,
            total_bytes as f64 / 1e6 / secs,
            secs / decode.as_secs_f64(),
            peak as f64 / 1024.0,
        );
    }
    println!(
        "{:<24} {:>8.1} ms (once per import, not in the lines above)",
        "open + migrate",
        open.as_secs_f64() * 1e3
    );
    println!(
        "peak memory: the harness's own (all {count} files held) for the first three phases; \
         the importing process's for the Strava export"
    );
}

/// The peak resident memory of this process so far, in KiB (`VmHWM`).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmHWM line")
}

/// What a child process reports about one import of the Strava export.
struct ChildRun {
    elapsed: Duration,
    peak_kib: u64,
}

/// Imports the export at `zip` in a child process and checks that it stored `activities` new
/// activities.
fn run_strava_child(zip: &Path, activities: usize) -> ChildRun {
    let out = std::process::Command::new(std::env::current_exe().expect("this binary"))
        .env(STRAVA_ZIP_VAR, zip)
        .output()
        .expect("the child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the child failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fields: Vec<u64> = stdout
        .split_whitespace()
        .map(|f| f.parse().expect("a number"))
        .collect();
    let [micros, imported, peak_kib] = fields[..] else {
        panic!("the child said {stdout:?}")
    };
    assert_eq!(imported as usize, activities, "every activity is new");
    ChildRun {
        elapsed: Duration::from_micros(micros),
        peak_kib,
    }
}

/// The child's side: imports the export into a fresh database and prints the time taken in
/// microseconds, the activities stored and the peak memory in KiB.
fn strava_child(zip: &Path) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("miler.db");
    let (elapsed, imported) = runtime.block_on(async {
        let store = Store::open(path.to_str().expect("a UTF-8 path"))
            .await
            .expect("the store opens");
        let start = Instant::now();
        let bytes = std::fs::read(zip).expect("the export reads");
        let imported = import_strava(&store, "export.zip", bytes).await;
        store.close().await;
        (start.elapsed(), imported)
    });
    println!("{} {imported} {}", elapsed.as_micros(), peak_kib());
}

/// The files as a Strava bulk export: each gzipped as `activities/<k>.fit.gz`, with an
/// `activities.csv` row naming it, all deflated into a zip as Strava writes it.
fn strava_export(archive: &[File]) -> Vec<u8> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut csv = String::from("Activity ID,Activity Date,Activity Name,Activity Type,Filename\n");
    for k in 0..archive.len() {
        csv.push_str(&format!(
            "{k},\"Jan 1, 2020, 7:00:00 AM\",Run {k},Run,activities/{k}.fit.gz\n"
        ));
    }
    zip.start_file("activities.csv", options)
        .expect("a zip entry");
    zip.write_all(csv.as_bytes()).expect("written");
    for (k, f) in archive.iter().enumerate() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&f.bytes).expect("written");
        zip.start_file(format!("activities/{k}.fit.gz"), options)
            .expect("a zip entry");
        zip.write_all(&gz.finish().expect("gzipped"))
            .expect("written");
    }
    zip.finish().expect("the zip is finished").into_inner()
}

/// What `miler import export.zip` does once it has read the zip: `miler_app::import`, one
/// entry at a time. Returns the activities stored.
async fn import_strava(store: &Store, name: &str, bytes: Vec<u8>) -> usize {
    let report = miler_app::import::import_file(store, AthleteId::DEFAULT, name, bytes).await;
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    report.imported.len()
}

fn read_source(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/activities/fit")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn activities_of(file: &File) -> Vec<Activity> {
    match miler_formats::read(&file.name, &file.bytes) {
        Ok(Contents::Activities(imported)) => imported.activities,
        Ok(Contents::StravaExport(_)) => panic!("{} read as an archive", file.name),
        Err(e) => panic!("{} does not read: {e}", file.name),
    }
}

/// Every copy reads back as its source: the same samples, laps, pauses and warnings, and a
/// start `k` days later.
fn check_archive(sources: &[(&str, Vec<u8>)], archive: &[File]) {
    for (k, file) in archive.iter().enumerate() {
        let (name, bytes) = &sources[k % sources.len()];
        let want = miler_formats::read_activity(name, bytes).expect("source reads");
        let got = miler_formats::read_activity(&file.name, &file.bytes).expect("copy reads");
        assert_eq!(
            got.warnings.len(),
            want.warnings.len(),
            "{} warns differently: {:?}",
            file.name,
            got.warnings
        );
        assert_eq!(got.activities.len(), want.activities.len());
        for (g, w) in got.activities.iter().zip(&want.activities) {
            let shift = jiff::SignedDuration::from_secs(i64::from(k as u32 * DAY_S));
            assert_eq!(
                g.start_time,
                w.start_time.map(|t| t + shift),
                "{}",
                file.name
            );
            assert_eq!(g.samples.time_s(), w.samples.time_s(), "{}", file.name);
            assert_eq!(g.samples.distance_m(), w.samples.distance_m());
            assert_eq!(g.samples.heart_rate_bpm(), w.samples.heart_rate_bpm());
            assert_eq!(g.laps, w.laps, "{}", file.name);
            assert_eq!(g.timer_pauses, w.timer_pauses);
        }
    }
}

fn time(f: impl FnOnce() -> usize) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

fn fastest(times: &[Duration]) -> Duration {
    times.iter().copied().min().expect("at least one round")
}

/// Phase (a): samples decoded.
fn decode_all(archive: &[File]) -> usize {
    archive
        .iter()
        .map(
            |f| match miler_formats::read(&f.name, black_box(&f.bytes)) {
                Ok(Contents::Activities(imported)) => imported
                    .activities
                    .iter()
                    .map(|a| a.samples.len())
                    .sum::<usize>(),
                _ => unreachable!("checked before timing"),
            },
        )
        .sum()
}

/// Phase (b): best efforts found.
fn decode_and_best_efforts(archive: &[File]) -> usize {
    let distances: Vec<Distance> = STANDARD_EFFORTS
        .iter()
        .map(|&(_, m)| Distance::from_metres(m).expect("a standard distance"))
        .collect();
    let mut found = 0;
    for f in archive {
        let Ok(Contents::Activities(imported)) = miler_formats::read(&f.name, black_box(&f.bytes))
        else {
            unreachable!("checked before timing")
        };
        for activity in &imported.activities {
            found += best_efforts(&activity.samples, &distances).len();
        }
    }
    found
}

/// Phase (c): (time to open and migrate, time to import and close).
async fn import_all(archive: &[File]) -> (Duration, Duration) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("miler.db");
    let start = Instant::now();
    let store = Store::open(path.to_str().expect("a UTF-8 path"))
        .await
        .expect("the store opens");
    let opened = start.elapsed();

    let start = Instant::now();
    for f in archive {
        let Ok(Contents::Activities(imported)) = miler_formats::read(&f.name, &f.bytes) else {
            unreachable!("checked before timing")
        };
        let source = Source::new("fit", &f.name, &f.bytes);
        for activity in &imported.activities {
            let inserted = store
                .insert_activity(AthleteId::DEFAULT, activity, &source)
                .await
                .expect("the activity is stored");
            assert!(
                matches!(inserted, Inserted::New(_)),
                "{} was taken for a duplicate: {inserted:?}",
                f.name
            );
        }
    }
    store.close().await;
    (opened, start.elapsed())
}

/// `bytes` with every timestamp miler reads moved `days` days later, and its CRCs fixed.
///
/// Walks each FIT file in a chain: its definitions say where each field of a data message
/// sits, and the `u32` date-time fields (253 in any message, `time_created` of file_id, and
/// `start_time` of laps and sessions) are moved unless they hold the invalid value.
fn shift_days(bytes: &[u8], days: u32) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let delta = days * DAY_S;
    let mut at = 0;
    while at + 12 <= out.len() {
        let header = usize::from(out[at]);
        let size = u32::from_le_bytes(out[at + 4..at + 8].try_into().expect("4 bytes")) as usize;
        let end = at + header + size;
        assert!(end + 2 <= out.len(), "a truncated source file");
        let stored = u16::from_le_bytes([out[end], out[end + 1]]);
        assert!(
            stored == 0 || stored == crc16(&out[at..end]),
            "the source's CRC is wrong"
        );
        shift_messages(&mut out[at + header..end], delta);
        if stored != 0 {
            let crc = crc16(&out[at..end]);
            out[end..end + 2].copy_from_slice(&crc.to_le_bytes());
        }
        at = end + 2;
    }
    out
}

/// What a definition says about its data messages: where their timestamps sit, their byte
/// order and their size.
#[derive(Clone, Default)]
struct Definition {
    timestamps: Vec<usize>,
    big_endian: bool,
    size: usize,
}

fn shift_messages(data: &mut [u8], delta: u32) {
    let mut definitions: [Option<Definition>; 16] = Default::default();
    let mut at = 0;
    while at < data.len() {
        let header = data[at];
        at += 1;
        if header & 0x80 == 0 && header & 0x40 != 0 {
            let big_endian = data[at + 1] == 1;
            let global = if big_endian {
                u16::from_be_bytes([data[at + 2], data[at + 3]])
            } else {
                u16::from_le_bytes([data[at + 2], data[at + 3]])
            };
            let fields = usize::from(data[at + 4]);
            at += 5;
            let mut def = Definition {
                big_endian,
                ..Definition::default()
            };
            for _ in 0..fields {
                let (number, size) = (data[at], usize::from(data[at + 1]));
                let timestamp = number == 253
                    || (global == 0 && number == 4)
                    || ((global == 18 || global == 19) && number == 2);
                if timestamp && size == 4 {
                    def.timestamps.push(def.size);
                }
                def.size += size;
                at += 3;
            }
            if header & 0x20 != 0 {
                let developer_fields = usize::from(data[at]);
                at += 1;
                for _ in 0..developer_fields {
                    def.size += usize::from(data[at + 1]);
                    at += 3;
                }
            }
            definitions[usize::from(header & 0x0f)] = Some(def);
        } else {
            let local = if header & 0x80 != 0 {
                (header >> 5) & 0x03
            } else {
                header & 0x0f
            };
            let def = definitions[usize::from(local)]
                .as_ref()
                .expect("a data message after its definition");
            for &offset in &def.timestamps {
                let field = &mut data[at + offset..at + offset + 4];
                let bytes: [u8; 4] = (&*field).try_into().expect("4 bytes");
                let value = if def.big_endian {
                    u32::from_be_bytes(bytes)
                } else {
                    u32::from_le_bytes(bytes)
                };
                if value == u32::MAX {
                    continue;
                }
                let shifted = value.wrapping_add(delta);
                field.copy_from_slice(&if def.big_endian {
                    shifted.to_be_bytes()
                } else {
                    shifted.to_le_bytes()
                });
            }
            at += def.size;
        }
    }
}

/// The FIT CRC-16 (polynomial 0xA001, nibble table from the FIT protocol document).
fn crc16(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc = 0u16;
    for &byte in bytes {
        for nibble in [byte & 0x0f, byte >> 4] {
            let low = TABLE[usize::from(crc & 0x0f)];
            crc = (crc >> 4) ^ low ^ TABLE[usize::from(nibble)];
        }
    }
    crc
}
