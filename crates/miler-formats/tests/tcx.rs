//! The shared TCX files: laps, heart rate, the Strava-style twin, and distance derived from
//! positions when the file has none.
//!
//! The expected values were read by hand from the XML (`grep`): 384 trackpoints, the first at
//! 21:29:53Z and the last at 22:03:05Z; three laps starting at 21:29:53, 21:40:02 and 21:51:56
//! with `TotalTimeSeconds` 608.47, 714.80 and 669.51 and `DistanceMeters` 1609.34399414 (the
//! FR410's one-mile auto-lap, twice) and 1470.5546875; lap average heart rates 139, 172, 167;
//! the last `DistanceMeters` of a trackpoint is 4686.31103516 (the final trackpoint has only a
//! time). The derived distance is checked against `tests/oracle/tracks.py` (geographiclib).

mod common;

use miler_activity::Sport;
use miler_formats::tcx;

struct Expect {
    file: &'static str,
    heart_rate: bool,
}

const FILES: [Expect; 3] = [
    Expect {
        file: "fr410-run-mile-laps.tcx",
        heart_rate: true,
    },
    Expect {
        file: "fr410-run-no-hr.tcx",
        heart_rate: false,
    },
    Expect {
        file: "strava-style-leading-whitespace.tcx",
        heart_rate: true,
    },
];

const LAP_STARTS_S: [f64; 3] = [0.0, 609.0, 1323.0];
const LAP_TIMER_S: [f64; 3] = [608.47, 714.80, 669.51];
const LAP_DISTANCE_M: [f64; 3] = [1609.34399414, 1609.34399414, 1470.5546875];
const LAP_HEART_RATE: [u8; 3] = [139, 172, 167];

#[test]
fn every_tcx_file_with_its_laps() {
    let listed: Vec<&str> = FILES.iter().map(|e| e.file).collect();
    assert_eq!(
        listed,
        common::files_in("tcx"),
        "every shared TCX file has a row here"
    );
    for e in &FILES {
        let bytes = common::bytes(&format!("tcx/{}", e.file));
        let imported = miler_formats::read_activity(e.file, &bytes).unwrap();
        assert!(
            imported.warnings.is_empty(),
            "{}: {:?}",
            e.file,
            imported.warnings
        );
        let [a] = &imported.activities[..] else {
            panic!("{}: one activity", e.file);
        };
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.start_time, Some("2012-12-26T21:29:53Z".parse().unwrap()));
        let s = &a.samples;
        assert_eq!(s.len(), 384, "{}", e.file);
        assert_eq!(
            s.elapsed().secs(),
            1992.0,
            "{}: 21:29:53 to 22:03:05",
            e.file
        );
        assert!((s.total_distance().metres() - 4686.31103516).abs() < 1e-6);
        assert_eq!(
            s.heart_rate_bpm().iter().any(|&h| h > 0),
            e.heart_rate,
            "{}",
            e.file
        );

        assert_eq!(a.laps.len(), 3, "{}", e.file);
        for (i, lap) in a.laps.iter().enumerate() {
            assert_eq!(
                lap.start_offset.secs(),
                LAP_STARTS_S[i],
                "{} lap {i}",
                e.file
            );
            assert_eq!(lap.timer_time.secs(), LAP_TIMER_S[i], "{} lap {i}", e.file);
            assert!(
                (lap.distance.metres() - LAP_DISTANCE_M[i]).abs() < 1e-9,
                "{} lap {i}",
                e.file
            );
            let hr = e.heart_rate.then_some(LAP_HEART_RATE[i]);
            assert_eq!(lap.average_heart_rate_bpm, hr, "{} lap {i}", e.file);
            assert_eq!(
                lap.is_rest,
                Some(false),
                "{} lap {i}: Intensity Active",
                e.file
            );
        }
        // The auto-lap is the international mile as the watch stores it.
        assert!((a.laps[0].distance.metres() - 1609.344).abs() < 1e-3);
        // Elapsed times run to the next lap's start; the last lap's to its last trackpoint
        // (669 s), but never less than its timer time.
        let elapsed: Vec<f64> = a.laps.iter().map(|l| l.elapsed_time.secs()).collect();
        assert_eq!(elapsed, [609.0, 714.0, 669.51], "{}", e.file);
    }
}

#[test]
fn the_strava_twin_equals_the_clean_file() {
    let clean = tcx::read("a.tcx", &common::bytes("tcx/fr410-run-mile-laps.tcx")).unwrap();
    let strava = common::bytes("tcx/strava-style-leading-whitespace.tcx");
    assert!(
        strava.starts_with(b" "),
        "the twin really starts with whitespace"
    );
    common::assert_same(&tcx::read("a.tcx", &strava).unwrap(), &clean, "Strava twin");
}

#[test]
fn without_distances_the_positions_give_it() {
    // The same run with every trackpoint's DistanceMeters removed (lap distances stay).
    let text = String::from_utf8(common::bytes("tcx/fr410-run-mile-laps.tcx")).unwrap();
    let mut stripped = String::with_capacity(text.len());
    let mut in_trackpoint = false;
    for line in text.lines() {
        in_trackpoint |= line.contains("<Trackpoint>");
        if !(in_trackpoint && line.contains("<DistanceMeters>")) {
            stripped.push_str(line);
            stripped.push('\n');
        }
        in_trackpoint &= !line.contains("</Trackpoint>");
    }
    assert_eq!(
        stripped.matches("<DistanceMeters>").count(),
        3,
        "only the laps' remain"
    );
    let dir = std::env::temp_dir().join(format!("miler-formats-tcx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("no-distance.tcx");
    std::fs::write(&path, &stripped).unwrap();
    let oracle = common::oracle(std::slice::from_ref(&path));
    std::fs::remove_dir_all(&dir).ok();

    let a = &tcx::read("no-distance.tcx", stripped.as_bytes())
        .unwrap()
        .activities[0];
    let d = a.samples.total_distance().metres();
    let geodesic = oracle[&path].geodesic_m;
    assert!(
        (d - geodesic).abs() < 1e-6 * geodesic + 1e-3,
        "{d} m vs geodesic {geodesic} m"
    );
    // The watch's own (filtered) distance is within 0.1 % of the positions' (4686.3 m).
    assert!((d - 4686.31).abs() / 4686.31 < 1e-3, "{d}");
    assert_eq!(
        a.laps[2].distance.metres(),
        1470.5546875,
        "lap distances are the file's"
    );
}
