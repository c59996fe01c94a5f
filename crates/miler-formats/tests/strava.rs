//! Strava bulk exports, built here with the zip crate's writer from the shared files and an
//! `activities.csv` written the way Strava writes it for a German account (localised headers,
//! two "Distanz" and two "Verstrichene Zeit" columns, quoted fields with commas and newlines).
//!
//! Also the hostile archives the reader must survive: an entry that climbs out of the archive,
//! decompression bombs with honest and with lying sizes, and an archive over its budget.

mod common;

use std::io::{Cursor, Write};

use miler_activity::Sport;
use miler_formats::{Contents, ErrorKind, Limits, StravaExport, Warning, read_strava_export};
use zip::write::SimpleFileOptions;

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A zip of `(path, bytes)` entries, deflated; a path ending in `/` is a folder.
fn zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in entries {
        if path.ends_with('/') {
            w.add_directory(*path, options).unwrap();
        } else {
            w.start_file(*path, options).unwrap();
            w.write_all(bytes).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

const GERMAN_CSV: &str = "\
Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart,Aktivitätsbeschreibung,Verstrichene Zeit,Distanz,Dateiname,Verstrichene Zeit,Distanz,Medien
101,\"18.12.2020, 07:15:50\",\"Morgenlauf, locker\",Lauf,\"Zwei
Zeilen, mit Komma\",514,\"2,74\",activities/101.gpx,514.0,2736.0,
102,\"26.12.2012, 22:29:53\",Meilen,Lauf,,1992,\"4,69\",activities/102.tcx.gz,1992.0,4686.3,
103,\"24.09.2020, 09:03:18\",Trail,Lauf,,4701,\"9,40\",activities/103.fit.gz,4701.0,9399.9,
104,\"07.02.2022, 17:47:52\",HIIT,Radfahrt,,1072,\"6,87\",activities/104.fit,1072.0,6873.6,
105,\"01.01.2021, 10:00:00\",Geplante Runde,Lauf,,0,0,activities/105.gpx,0,0,
106,\"02.01.2021, 10:00:00\",Laufband von Hand,Lauf,,1800,\"5,00\",,1800,5000,
107,\"03.01.2021, 10:00:00\",Verloren,Lauf,,1800,\"5,00\",activities/107.gpx,1800,5000,
";

fn export_entries(csv: &str) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("activities.csv", csv.as_bytes().to_vec()),
        ("activities/", Vec::new()),
        (
            "activities/101.gpx",
            common::bytes("gpx/strava-style-leading-whitespace.gpx"),
        ),
        (
            "activities/102.tcx.gz",
            gz(&common::bytes("tcx/fr410-run-mile-laps.tcx")),
        ),
        (
            "activities/103.fit.gz",
            gz(&common::bytes("fit/fenix6-trail-run-1h.fit")),
        ),
        ("activities/104.fit", common::bytes("fit/hrv-activity.fit")),
        ("activities/105.gpx", common::bytes("gpx/route.gpx")),
        ("../evil.gpx", common::bytes("gpx/route.gpx")),
        ("media/photo.jpg", vec![0xFF, 0xD8, 0xFF]),
        (
            "activities/999.gpx",
            common::bytes("gpx/track-with-empty-segment.gpx"),
        ),
    ]
}

fn read(archive: &[u8]) -> StravaExport {
    read_strava_export("export.zip", archive, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_german_export_imports_with_names_and_types() {
    let export = read(&zip(&export_entries(GERMAN_CSV)));
    let paths: Vec<&str> = export.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "activities/101.gpx",
            "activities/102.tcx.gz",
            "activities/103.fit.gz",
            "activities/104.fit",
            "activities/105.gpx",
            "../evil.gpx",
            "activities/999.gpx",
        ]
    );
    // (name, sport, samples) of each entry that imports.
    let expected = [
        (0, "Morgenlauf, locker", Sport::Running, 104),
        (1, "Meilen", Sport::Running, 384),
        (2, "Trail", Sport::Running, 4276),
        (3, "HIIT", Sport::Cycling, 1072),
        (6, "2013-07-06T14:59:00Z", Sport::Other("unknown".into()), 9),
    ];
    for (i, name, sport, samples) in expected {
        let entry = &export.entries[i];
        let imported = entry.result.as_ref().unwrap_or_else(|e| panic!("{e}"));
        let a = &imported.activities[0];
        assert_eq!(a.name.as_deref(), Some(name), "{}", entry.path);
        assert_eq!(a.sport, sport, "{}", entry.path);
        assert_eq!(a.samples.len(), samples, "{}", entry.path);
    }
    assert_eq!(export.entries[0].row.as_ref().unwrap().id, "101");
    assert_eq!(
        export.entries[1].result.as_ref().unwrap().activities[0]
            .laps
            .len(),
        3
    );
    assert!(
        export.entries[6].row.is_none(),
        "no row for a file the CSV does not list"
    );

    let route = export.entries[4].result.as_ref().unwrap_err();
    assert_eq!(route.kind(), &ErrorKind::RouteOnly { points: 55 });
    assert_eq!(route.file(), "export.zip:activities/105.gpx");
    let evil = export.entries[5].result.as_ref().unwrap_err();
    assert_eq!(evil.kind(), &ErrorKind::UnsafePath);

    assert_eq!(
        export.warnings,
        [
            Warning::MissingFiles {
                files: vec!["activities/107.gpx".to_owned()]
            },
            Warning::RowsWithoutFile { rows: 1 },
        ]
    );
}

#[test]
fn the_same_file_imports_alike_inside_and_outside_the_export() {
    let export = read(&zip(&export_entries(GERMAN_CSV)));
    let inside = export.entries[2].result.as_ref().unwrap();
    let outside =
        miler_formats::read_activity("103.fit", &common::bytes("fit/fenix6-trail-run-1h.fit"))
            .unwrap();
    let mut renamed = outside.clone();
    renamed.activities[0].name = Some("Trail".to_owned());
    common::assert_same(inside, &renamed, "103.fit.gz");
}

#[test]
fn an_unknown_header_layout_is_reported_and_files_still_import() {
    let csv = "Kennung,Titel,Art,Datei\n101,Morgenlauf,Lauf,activities/101.gpx\n";
    let export = read(&zip(&export_entries(csv)));
    let a = &export.entries[0].result.as_ref().unwrap().activities[0];
    assert_eq!(
        a.name.as_deref(),
        Some("2020-12-18 07:24:29"),
        "the file's own name"
    );
    assert!(export.entries[0].row.is_none());
    let [
        Warning::CsvColumns {
            missing,
            seen,
            joined: false,
        },
    ] = &export.warnings[..]
    else {
        panic!("{:?}", export.warnings);
    };
    assert_eq!(seen, &["Kennung", "Titel", "Art", "Datei"]);
    assert_eq!(missing.len(), 5);
    let text = export.warnings[0].to_string();
    assert!(
        text.contains("Kennung | Titel | Art | Datei") && text.contains("Filename"),
        "{text}"
    );
}

#[test]
fn an_export_inside_a_top_folder_still_joins() {
    let entries: Vec<(String, Vec<u8>)> = export_entries(GERMAN_CSV)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".."))
        .map(|(p, b)| (format!("export_1234/{p}"), b))
        .collect();
    let entries: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(p, b)| (p.as_str(), b.clone()))
        .collect();
    let export = read(&zip(&entries));
    let a = &export.entries[0].result.as_ref().unwrap().activities[0];
    assert_eq!(a.name.as_deref(), Some("Morgenlauf, locker"));
}

#[test]
fn without_a_csv_the_files_import_and_it_is_said() {
    let export = read(&zip(&[(
        "activities/104.fit",
        common::bytes("fit/hrv-activity.fit"),
    )]));
    assert!(export.entries[0].result.is_ok());
    assert_eq!(export.warnings, [Warning::CsvMissing]);
}

/// Rewrites an entry's declared uncompressed size in both its local header and the central
/// directory, as a hostile archive would, so that only counting while inflating can catch it.
fn lie_about_size(archive: &mut [u8], name: &str, size: u32) {
    let patch = |archive: &mut [u8], signature: &[u8], name_at: usize, size_at: usize| {
        let at = (0..archive.len() - name_at - name.len())
            .find(|&i| {
                archive[i..].starts_with(signature)
                    && archive[i + name_at..].starts_with(name.as_bytes())
            })
            .expect("the header");
        archive[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
    };
    patch(archive, b"PK\x03\x04", 30, 22);
    patch(archive, b"PK\x01\x02", 46, 24);
}

#[test]
fn decompression_bombs_are_refused_and_the_rest_imports() {
    // 64 MiB of zeros deflates about 1000:1, like the classic 1 GiB bomb; a real activity file
    // compresses 2-20:1.
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let gz_bomb = gz(&zeros);
    let mut archive = zip(&[
        ("activities/honest-bomb.gpx", zeros.clone()),
        ("activities/lying-bomb.gpx", zeros),
        ("activities/bomb.gpx.gz", gz_bomb.clone()),
        ("activities/104.fit", common::bytes("fit/hrv-activity.fit")),
    ]);
    lie_about_size(&mut archive, "activities/lying-bomb.gpx", 4000);
    let export = read(&archive);

    // Its declared size gives the first away before a byte is inflated.
    let honest = export.entries[0].result.as_ref().unwrap_err();
    assert_eq!(
        honest.kind(),
        &ErrorKind::CompressionRatio {
            limit: 400,
            inflated: 0
        }
    );
    // The second claims 4000 bytes; it is stopped there, by the count or by the zip reader.
    let lying = export.entries[1].result.as_ref().unwrap_err();
    assert!(
        matches!(
            lying.kind(),
            ErrorKind::CompressionRatio { .. } | ErrorKind::DamagedEntry { .. }
        ),
        "{lying}"
    );
    // A gzip declares no size at all: counting stops it once it has inflated 400 times its
    // compressed size, long before its 64 MiB.
    let in_gz = export.entries[2].result.as_ref().unwrap_err();
    let ErrorKind::CompressionRatio { inflated, .. } = *in_gz.kind() else {
        panic!("{in_gz}");
    };
    let stop = 400 * gz_bomb.len() as u64;
    assert!(
        inflated > stop && inflated <= stop + 64 * 1024,
        "stopped after {inflated} bytes"
    );
    assert!(inflated < 32 * 1024 * 1024);
    assert!(export.entries[3].result.is_ok(), "the rest still imports");
}

#[test]
fn size_limits_hold_per_entry_and_per_archive() {
    let fit = common::bytes("fit/hrv-activity.fit");
    let archive = zip(&[
        ("activities/1.fit", fit.clone()),
        ("activities/2.fit", fit.clone()),
        ("activities/3.fit", fit.clone()),
    ]);
    let per_file = Limits {
        max_file_bytes: 1000,
        ..Limits::default()
    };
    let export = read_strava_export("e.zip", &archive, &per_file).unwrap();
    assert!(
        export
            .entries
            .iter()
            .all(|e| e.result.as_ref().unwrap_err().kind() == &ErrorKind::TooLarge { limit: 1000 })
    );
    // Room for two files: the third is not read.
    let per_archive = Limits {
        max_archive_bytes: 2 * fit.len() as u64,
        ..Limits::default()
    };
    let export = read_strava_export("e.zip", &archive, &per_archive).unwrap();
    assert!(export.entries[0].result.is_ok() && export.entries[1].result.is_ok());
    assert!(matches!(
        export.entries[2].result.as_ref().unwrap_err().kind(),
        ErrorKind::ArchiveBudget { .. }
    ));
}

#[test]
fn archives_that_are_not_exports() {
    // (name, archive, whether the error is "no activity file" rather than "unreadable").
    let cases = [
        (
            "readme.zip",
            zip(&[("readme.txt", b"hello".to_vec())]),
            true,
        ),
        ("broken.zip", b"PK\x03\x04 not really a zip".to_vec(), false),
        ("empty.zip", zip(&[]), true),
    ];
    for (name, bytes, empty) in cases {
        let err = read_strava_export(name, &bytes, &Limits::default()).unwrap_err();
        let kind = err.kind();
        if empty {
            assert_eq!(kind, &ErrorKind::EmptyArchive, "{name}");
        } else {
            assert!(matches!(kind, ErrorKind::Zip { .. }), "{name}: {err}");
        }
        assert!(err.to_string().starts_with(&format!("`{name}` ")), "{err}");
    }
}

#[test]
fn read_dispatches_on_content() {
    let archive = zip(&export_entries(GERMAN_CSV));
    assert!(matches!(
        miler_formats::read("export.zip", &archive),
        Ok(Contents::StravaExport(_))
    ));
    // By content: a zip named like a GPX is still an export.
    assert!(matches!(
        miler_formats::read("x.gpx", &archive),
        Ok(Contents::StravaExport(_))
    ));
    let err = miler_formats::read_activity("export.zip", &archive).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Archive);
    let gpx = common::bytes("gpx/cerknicko-jezero.gpx");
    assert!(matches!(
        miler_formats::read("a.gpx", &gpx),
        Ok(Contents::Activities(_))
    ));
}

#[test]
fn anything_else_is_not_an_activity_file() {
    let err = miler_formats::read("notes.txt", b"Tuesday: 6 x 400 m").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`notes.txt` is not an activity file: expected FIT, GPX, TCX, a .gz of one, or a Strava \
         export .zip"
    );
    let err = miler_formats::read("notes.txt.gz", &gz(b"Tuesday")).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::NotActivityFile);
    let err = miler_formats::read("twice.gz", &gz(&gz(b"x"))).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Nested);
}
