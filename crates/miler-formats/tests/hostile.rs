//! Hostile files: each case asserts what the reader says (the error or the warning) and how
//! much memory it took, measured in a process of its own (`hostile/harness.rs`): the peak's
//! growth over the memory in use once the input was built, that is what reading costs beyond
//! holding the file. The budget for any single file, whatever its content, is 256 MiB; cases
//! whose cost should not grow with the file have tighter limits.
//!
//! The inputs are generated here (`hostile/corpus.rs`), the large ones in memory, never
//! committed. Run with `cargo test -p miler-formats --test hostile -- --nocapture` to see each
//! case's figures.

#[path = "hostile/corpus.rs"]
mod corpus;
#[path = "hostile/harness.rs"]
mod harness;

use std::io::Write;

use corpus::{GPX_TAIL, big_gpx, gpx_head, gzip, small_gpx, stored_zip, write_point};
use harness::isolated;
use miler_formats::{
    ErrorKind, Limits, MAX_CSV_ROWS, MAX_NAME_CHARS, MAX_POINTS, MAX_XML_DEPTH,
    MAX_XML_EVENT_BYTES, Warning, read_activity, read_strava_export,
};

const MIB: usize = 1024 * 1024;

/// The one memory budget every single file must stay under, whatever it holds.
const ANY_FILE_MIB: u64 = 256;

fn xml_message(kind: &ErrorKind) -> &str {
    match kind {
        ErrorKind::Xml { message, .. } => message,
        other => panic!("expected an XML error, got {other:?}"),
    }
}

#[test]
fn a_small_gzip_of_many_points_stays_small() {
    // About a megabyte of gzip, inflating under the ratio cap to a GPX far past the point cap:
    // what once took gigabytes is read up to the cap and stops there.
    isolated(
        "a_small_gzip_of_many_points_stays_small",
        48,
        || {
            gzip(|w| {
                w.write_all(gpx_head("Long").as_bytes()).unwrap();
                for i in 0..2 * MAX_POINTS {
                    write_point(w, i, true);
                }
                w.write_all(GPX_TAIL.as_bytes()).unwrap();
            })
        },
        |gz| {
            assert!(gz.len() < 4 * MIB, "{} bytes", gz.len());
            let imported = read_activity("long.gpx.gz", &gz).unwrap();
            assert_eq!(imported.activities[0].samples.len(), MAX_POINTS);
            assert!(
                imported
                    .warnings
                    .contains(&Warning::PointsCapped { limit: MAX_POINTS }),
                "{:?}",
                imported.warnings
            );
        },
    );
}

#[test]
fn a_gzip_of_untimed_points_is_read_through_in_constant_memory() {
    // Points without times are counted, never kept, so the whole stream is read (about
    // 140 MB inflated) and memory does not grow with it.
    isolated(
        "a_gzip_of_untimed_points_is_read_through_in_constant_memory",
        16,
        || {
            gzip(|w| {
                w.write_all(gpx_head("Untimed").as_bytes()).unwrap();
                for i in 0..3_000_000 {
                    write_point(w, i, false);
                }
                w.write_all(GPX_TAIL.as_bytes()).unwrap();
            })
        },
        |gz| {
            let err = read_activity("untimed.gpx.gz", &gz).unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::NoTimes { points: 3_000_000 });
        },
    );
}

#[test]
fn a_gzip_bomb_is_refused_at_the_ratio() {
    isolated(
        "a_gzip_bomb_is_refused_at_the_ratio",
        16,
        || {
            // At the best level deflate packs repeated markup about 1000:1 (miniz_oxide and
            // zlib-rs alike; their default levels differ, down to 200:1), so 128 MiB is past
            // the ratio of 400 after some 50 MiB, well before the 200 MiB size cap.
            let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            w.write_all(b"<gpx><trk><trkseg>").unwrap();
            let empty = b"<x/>".repeat(MIB / 4);
            for _ in 0..128 {
                w.write_all(&empty).unwrap();
            }
            let gz = w.finish().unwrap();
            assert!(128 * MIB / gz.len() > 800, "{} bytes deflated", gz.len());
            gz
        },
        |gz| {
            let err = read_activity("bomb.gpx.gz", &gz).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::CompressionRatio { limit: 400, .. }),
                "{err}"
            );
        },
    );
}

#[test]
fn billion_laughs_are_not_expanded() {
    // quick-xml never expands entities a document defines: the reference stays text.
    isolated(
        "billion_laughs_are_not_expanded",
        8,
        || {
            let mut dtd = String::from("<!DOCTYPE gpx [<!ENTITY lol0 \"lol\">");
            for i in 1..10 {
                let refs = format!("&lol{};", i - 1).repeat(10);
                dtd.push_str(&format!("<!ENTITY lol{i} \"{refs}\">"));
            }
            dtd.push(']');
            dtd.push('>');
            let mut doc = format!("<?xml version=\"1.0\"?>{dtd}").into_bytes();
            doc.extend(small_gpx("&lol9;"));
            doc
        },
        |doc| {
            let imported = read_activity("laughs.gpx", &doc).unwrap();
            assert_eq!(imported.activities[0].name.as_deref(), Some("&lol9;"));
        },
    );
}

#[test]
fn nesting_a_million_deep_stops_at_the_depth_limit() {
    isolated(
        "nesting_a_million_deep_stops_at_the_depth_limit",
        8,
        || {
            let mut doc = b"<gpx>".to_vec();
            doc.extend(b"<a>".repeat(1_000_000));
            doc.extend(b"</a>".repeat(1_000_000));
            doc.extend(b"</gpx>");
            let mut after_points = small_gpx("Deep");
            let cut = after_points.len() - GPX_TAIL.len();
            after_points.truncate(cut);
            after_points.extend(b"<extensions>".repeat(1_000_000));
            (doc, after_points)
        },
        |(doc, after_points)| {
            let err = read_activity("deep.gpx", &doc).unwrap_err();
            let limit = format!("nest more than {MAX_XML_DEPTH} deep");
            assert!(xml_message(err.kind()).contains(&limit), "{err}");
            // After points, the same limit is damage: the points before it stand.
            let imported = read_activity("deep2.gpx", &after_points).unwrap();
            assert_eq!(imported.activities[0].samples.len(), 3);
            assert!(
                matches!(&imported.warnings[0], Warning::Damaged { message, .. } if message.contains(&limit)),
                "{:?}",
                imported.warnings
            );
        },
    );
}

#[test]
fn a_200_mb_gpx_stops_at_the_point_cap() {
    // 200 MB of timed points: reading stops at MAX_POINTS (about 23 MB into the file), so the
    // cost is the columns of 200,000 samples.
    isolated(
        "a_200_mb_gpx_stops_at_the_point_cap",
        48,
        || big_gpx(200 * 1_000_000, true),
        |doc| {
            let imported = read_activity("big.gpx", &doc).unwrap();
            let a = &imported.activities[0];
            assert_eq!(a.samples.len(), MAX_POINTS);
            assert_eq!(a.samples.elapsed().secs(), (MAX_POINTS - 1) as f64);
            assert!(
                imported
                    .warnings
                    .contains(&Warning::PointsCapped { limit: MAX_POINTS })
            );
        },
    );
}

#[test]
fn a_200_mb_gpx_without_times_is_read_through_in_constant_memory() {
    isolated(
        "a_200_mb_gpx_without_times_is_read_through_in_constant_memory",
        16,
        || big_gpx(200 * 1_000_000, false),
        |doc| {
            let err = read_activity("untimed.gpx", &doc).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::NoTimes { points } if *points > 4_000_000),
                "{err}"
            );
        },
    );
}

#[test]
fn a_50_mb_name_is_cut_to_the_name_limit() {
    isolated(
        "a_50_mb_name_is_cut_to_the_name_limit",
        ANY_FILE_MIB / 2,
        || small_gpx(&"Long run ".repeat(50 * MIB / 9)),
        |doc| {
            let imported = read_activity("name.gpx", &doc).unwrap();
            let name = imported.activities[0].name.as_deref().unwrap();
            assert_eq!(name.chars().count(), MAX_NAME_CHARS);
            assert!(name.starts_with("Long run Long run"));
            assert!(
                imported.warnings.contains(&Warning::TextCleaned {
                    field: "name",
                    limit: MAX_NAME_CHARS,
                    truncated: true,
                    removed: 0
                }),
                "{:?}",
                imported.warnings
            );
        },
    );
}

#[test]
fn text_past_the_event_limit_is_refused() {
    let over = usize::try_from(MAX_XML_EVENT_BYTES).unwrap() + MIB;
    isolated(
        "text_past_the_event_limit_is_refused",
        ANY_FILE_MIB / 2,
        || small_gpx(&"x".repeat(over)),
        |doc| {
            let err = read_activity("huge.gpx", &doc).unwrap_err();
            let limit = format!("longer than {} MiB", MAX_XML_EVENT_BYTES / MIB as u64);
            assert!(xml_message(err.kind()).contains(&limit), "{err}");
        },
    );
}

#[test]
fn control_characters_and_bidi_overrides_leave_names() {
    isolated(
        "control_characters_and_bidi_overrides_leave_names",
        8,
        || (),
        |()| {
            let gpx = small_gpx("Tempo\u{1b}[2J \u{202e}3pm.exe\u{2066}&#7;");
            let imported = read_activity("c.gpx", &gpx).unwrap();
            assert_eq!(
                imported.activities[0].name.as_deref(),
                Some("Tempo[2J 3pm.exe")
            );
            assert!(
                imported.warnings.contains(&Warning::TextCleaned {
                    field: "name",
                    limit: MAX_NAME_CHARS,
                    truncated: false,
                    removed: 4
                }),
                "{:?}",
                imported.warnings
            );
            let tcx = "<TrainingCenterDatabase><Activities><Activity Sport=\"Run\u{202e}ning\">\
                <Lap><Track><Trackpoint><Time>2021-03-01T08:00:00Z</Time></Trackpoint>\
                </Track></Lap></Activity></Activities></TrainingCenterDatabase>";
            let imported = read_activity("c.tcx", tcx.as_bytes()).unwrap();
            assert!(imported.activities[0].sport.is_running());
            let csv = "Activity ID,Activity Name,Activity Type,Filename\n\
                       1,\"Morning\u{7}\u{202d} run\",Run,activities/1.gpx\n";
            let zip = stored_zip(&[
                ("activities.csv", csv.as_bytes()),
                ("activities/1.gpx", &small_gpx("x")),
            ]);
            let export = read_strava_export("c.zip", &zip, &Limits::default()).unwrap();
            let imported = export.entries[0].result.as_ref().unwrap();
            assert_eq!(imported.activities[0].name.as_deref(), Some("Morning run"));
            assert!(
                export.warnings.contains(&Warning::CsvNamesCleaned {
                    rows: 1,
                    limit: MAX_NAME_CHARS
                }),
                "{:?}",
                export.warnings
            );
        },
    );
}

#[test]
fn an_activities_csv_of_a_million_rows_stops_at_the_row_cap() {
    // The CSV is stored, so it passes the ratio check and reaches the reader; the archive
    // reader inflates the entry whole before parsing it, which is most of this case's cost.
    isolated(
        "an_activities_csv_of_a_million_rows_stops_at_the_row_cap",
        160,
        || {
            let mut csv =
                b"Activity ID,Activity Date,Activity Name,Activity Type,Filename\n".to_vec();
            for i in 0..1_000_000 {
                writeln!(csv, "{i},\"May 1, 2024\",Run {i},Run,activities/{i}.gpx").unwrap();
            }
            stored_zip(&[
                ("activities.csv", &csv),
                ("activities/1.gpx", &small_gpx("x")),
            ])
        },
        |zip| {
            let export = read_strava_export("rows.zip", &zip, &Limits::default()).unwrap();
            assert!(
                export.warnings.contains(&Warning::CsvRowsCapped {
                    limit: MAX_CSV_ROWS
                }),
                "{:?}",
                &export.warnings[..1]
            );
            let entry = &export.entries[0];
            assert_eq!(entry.row.as_ref().unwrap().name, "Run 1");
        },
    );
}

#[test]
fn a_huge_csv_field_is_skipped_not_collected() {
    // A 90 MiB description and a 90 MiB name (the file stays under the 200 MiB an entry may
    // inflate to): the description column is never collected, the name is cut at
    // MAX_CSV_FIELD_BYTES and then to MAX_NAME_CHARS.
    isolated(
        "a_huge_csv_field_is_skipped_not_collected",
        ANY_FILE_MIB,
        || {
            let mut csv =
                b"Activity ID,Activity Name,Activity Description,Activity Type,Filename\n1,"
                    .to_vec();
            csv.extend(b"N".repeat(90 * MIB));
            csv.push(b',');
            csv.extend(b"d".repeat(90 * MIB));
            csv.extend(b",Run,activities/1.gpx\n");
            stored_zip(&[
                ("activities.csv", &csv),
                ("activities/1.gpx", &small_gpx("x")),
            ])
        },
        |zip| {
            let export = read_strava_export("field.zip", &zip, &Limits::default()).unwrap();
            let imported = export.entries[0].result.as_ref().unwrap();
            let name = imported.activities[0].name.as_deref().unwrap();
            assert_eq!(name, "N".repeat(MAX_NAME_CHARS));
            assert!(export.warnings.contains(&Warning::CsvNamesCleaned {
                rows: 1,
                limit: MAX_NAME_CHARS
            }));
        },
    );
}

/// A FIT file of `count` minimal records, two bytes each: a compressed-timestamp header (one
/// second apart) and a heart rate that changes every 128 records, so that its gzip stays under
/// the compression-ratio cap.
fn minimal_records_fit(count: usize) -> Vec<u8> {
    let definition = [0x40, 0, 0, 20, 0, 1, 3, 1, 0x02];
    let size = definition.len() + 2 * count;
    let mut fit = vec![14, 0x20, 0x08, 0x08];
    fit.extend(u32::try_from(size).unwrap().to_le_bytes());
    fit.extend(b".FIT");
    fit.extend(miler_fit::crc16(&fit).to_le_bytes());
    fit.reserve(size + 2);
    fit.extend(definition);
    for i in 0..count {
        let heart_rate = if i % 128 == 0 {
            60 + (i / 128 * 37 % 120)
        } else {
            150
        };
        fit.extend([0x80 | (i % 32) as u8, heart_rate as u8]);
    }
    fit.extend(miler_fit::crc16(&fit).to_le_bytes());
    fit
}

/// About 190 MiB of records, 500 times the point cap.
const MINIMAL_RECORDS: usize = 100_000_000;

fn assert_points_capped(imported: &miler_formats::Imported) {
    assert_eq!(imported.activities[0].samples.len(), MAX_POINTS);
    assert!(
        imported
            .warnings
            .contains(&Warning::PointsCapped { limit: MAX_POINTS }),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn a_200_mb_fit_of_minimal_records_stops_at_the_point_cap() {
    // Decoding every 2-byte record into columns of 46 bytes a record once took gigabytes; the
    // decoder keeps MAX_POINTS of them and skips the rest by their size.
    isolated(
        "a_200_mb_fit_of_minimal_records_stops_at_the_point_cap",
        32,
        || minimal_records_fit(MINIMAL_RECORDS),
        |fit| assert_points_capped(&read_activity("minimal.fit", &fit).unwrap()),
    );
}

#[test]
fn a_fit_gz_inflating_to_200_mb_of_minimal_records_stays_under_the_budget() {
    // The inflated file itself (190 MiB) is held while it is decoded, since FIT is decoded from
    // one slice; decoding it adds what the case above measures.
    isolated(
        "a_fit_gz_inflating_to_200_mb_of_minimal_records_stays_under_the_budget",
        ANY_FILE_MIB,
        || {
            let fit = minimal_records_fit(MINIMAL_RECORDS);
            gzip(|w| w.write_all(&fit).unwrap())
        },
        |gz| assert_points_capped(&read_activity("minimal.fit.gz", &gz).unwrap()),
    );
}
