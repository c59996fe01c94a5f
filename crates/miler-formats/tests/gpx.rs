//! Every GPX file in `testdata/`, checked against an independent reader.
//!
//! Point counts, first and last times and lengths come from `tests/oracle/tracks.py` (gpxpy for
//! parsing, geographiclib for geodesics on WGS-84). The expected errors and warnings are what
//! the module documentation of `miler_formats::gpx` promises for routes, files without times and
//! files without tracks; their counts were checked by hand against the XML (`grep -c '<rtept'`).

mod common;

use miler_formats::{ErrorKind, Warning, gpx};

/// What a file should give.
enum Expect {
    /// An activity, with these warnings in this order.
    Activity(&'static [W]),
    /// This error.
    Error(ErrorKind),
}

/// Expected warnings; counts come from the oracle.
#[derive(Debug, Clone, Copy)]
enum W {
    /// Points without a time were left out: as many as the oracle counts untimed.
    Untimed,
    /// This many routes were ignored.
    Routes(usize),
    /// Times without a UTC offset.
    NoOffset,
}

fn table() -> Vec<(&'static str, Expect)> {
    vec![
        ("cerknicko-jezero.gpx", Expect::Activity(&[])),
        (
            "cerknicko-without-times.gpx",
            Expect::Activity(&[W::Untimed]),
        ),
        // One timed track point beside two routes; its time has no offset.
        (
            "gpx1.1_with_all_fields.gpx",
            Expect::Activity(&[W::Routes(2), W::NoOffset]),
        ),
        (
            "gpx1.1_with_extensions.gpx",
            Expect::Error(ErrorKind::NoTrack { waypoints: 1 }),
        ),
        ("korita-zbevnica.gpx", Expect::Activity(&[W::Untimed])),
        (
            "route.gpx",
            Expect::Error(ErrorKind::RouteOnly { points: 55 }),
        ),
        ("strava-style-leading-whitespace.gpx", Expect::Activity(&[])),
        ("track-with-empty-segment.gpx", Expect::Activity(&[])),
        (
            "unicode_with_bom.gpx",
            Expect::Error(ErrorKind::NoTrack { waypoints: 1 }),
        ),
    ]
}

#[test]
fn every_gpx_file_imports_as_the_oracle_reads_it() {
    let table = table();
    let listed: Vec<&str> = table.iter().map(|(f, _)| *f).collect();
    let on_disk: Vec<String> = common::files_in("gpx");
    assert_eq!(listed, on_disk, "every shared GPX file has a row here");

    let paths: Vec<_> = listed
        .iter()
        .map(|f| common::data(&format!("gpx/{f}")))
        .collect();
    let oracle = common::oracle(&paths);
    for ((file, expect), path) in table.iter().zip(&paths) {
        let o = &oracle[path];
        let bytes = std::fs::read(path).unwrap();
        let result = miler_formats::read_activity(file, &bytes);
        match expect {
            Expect::Error(want) => {
                let err = result.expect_err(file);
                assert_eq!(err.kind(), want, "{file}");
                assert_eq!(err.file(), *file);
                if let ErrorKind::RouteOnly { points } = want {
                    assert_eq!(
                        o.route_points,
                        Some(*points),
                        "{file}: the oracle's route points"
                    );
                }
            }
            Expect::Activity(warnings) => {
                let imported = result.unwrap_or_else(|e| panic!("{e}"));
                let want: Vec<Warning> = warnings
                    .iter()
                    .map(|w| match *w {
                        W::Untimed => Warning::UntimedPoints {
                            skipped: o.points - o.timed,
                            total: o.points,
                        },
                        W::Routes(routes) => Warning::RoutesIgnored { routes },
                        W::NoOffset => Warning::TimesWithoutOffset,
                    })
                    .collect();
                assert_eq!(imported.warnings, want, "{file}");
                let [a] = &imported.activities[..] else {
                    panic!("{file}: one activity");
                };
                let s = &a.samples;
                assert_eq!(s.len(), o.timed, "{file}: timed points");
                let start = common::unix(a.start_time.expect("a start time"));
                assert_eq!(Some(start), o.first, "{file}: first time");
                assert_eq!(
                    Some(start + s.elapsed().secs()),
                    o.last,
                    "{file}: last time"
                );
                // The model's per-step formula against Karney's geodesic: within a millimetre a
                // kilometre (the steps are seconds apart, where the formula is exact to well
                // under a millimetre).
                let d = s.total_distance().metres();
                assert!(
                    (d - o.geodesic_m).abs() <= 1e-6 * o.geodesic_m + 1e-3,
                    "{file}: {d} m vs geodesic {} m",
                    o.geodesic_m
                );
                // gpxpy's own length uses a spherical approximation, good to about 0.5 %.
                let gpxpy = o.gpxpy_length_2d_m.unwrap();
                assert!(
                    (d - gpxpy).abs() <= 0.005 * gpxpy + 0.01,
                    "{file}: {d} vs gpxpy {gpxpy}"
                );
            }
        }
    }
}

#[test]
fn strava_whitespace_and_a_bom_change_nothing() {
    let original = common::bytes("gpx/strava-style-leading-whitespace.gpx");
    assert!(
        original.starts_with(b"  "),
        "the file really starts with spaces"
    );
    let clean = original.trim_ascii_start().to_vec();
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &clean].concat();
    let read = |bytes: &[u8]| gpx::read("run.gpx", bytes).unwrap();
    let strava = read(&original);
    common::assert_same(&strava, &read(&clean), "clean twin");
    common::assert_same(&strava, &read(&with_bom), "with a BOM");
    // The track's name, and no sport: the eTrex does not say.
    let a = &strava.activities[0];
    assert_eq!(a.name.as_deref(), Some("2020-12-18 07:24:29"));
    assert_eq!(a.sport.as_str(), "unknown");
}

#[test]
fn a_damaged_copy_keeps_the_points_before_the_damage() {
    let original = common::bytes("gpx/cerknicko-jezero.gpx");
    let text = String::from_utf8(original).unwrap();
    // Cut inside the 100th track point's element.
    let cut = text.match_indices("<trkpt").nth(99).unwrap().0 + 10;
    let imported = gpx::read("cut.gpx", &text.as_bytes()[..cut]).unwrap();
    assert_eq!(imported.activities[0].samples.len(), 99);
    assert!(
        matches!(
            imported.warnings.first(),
            Some(Warning::Damaged { points: 99, .. })
        ),
        "{:?}",
        imported.warnings
    );
}
