//! FIT files through miler-fit into the activity model.
//!
//! Record counts, sports, start times, lap step indices and timer events were read with
//! Python's `fitdecode` (the second-opinion FIT reader named in the reference notes), counting
//! for multisport files only the records inside the running session's start..end window. Lap
//! counts and distances are compared with the file's own session message as miler-fit decodes
//! it.

mod common;

use std::io::Write;

use miler_activity::Sport;
use miler_formats::{ErrorKind, Warning, fit};

/// A valid activity file: the one activity it gives, its sport, and its number of samples.
struct Valid {
    file: &'static str,
    sport: Sport,
    samples: usize,
}

fn valid() -> Vec<Valid> {
    let v = |file, sport, samples| Valid {
        file,
        sport,
        samples,
    };
    vec![
        v("2013-02-06-12-11-14.fit", Sport::Running, 590),
        v("Activity.fit", Sport::Running, 14),
        v("activity-settings.fit", Sport::Running, 14),
        v("activity-small-fenix2-run.fit", Sport::Running, 2809),
        // Mountain bike then trail run: the run only, 19:57:15 to 19:57:42.
        v("activity_multisport.fit", Sport::Running, 23),
        v("antfs-dump.63.fit", Sport::Running, 686),
        v("compressed-speed-distance.fit", Sport::Running, 755),
        v(
            "coros-pace-2-cycling-misaligned-fields.fit",
            Sport::Cycling,
            11272,
        ),
        v("developer-types-sample.fit", Sport::Running, 3424),
        v("event_timestamp.fit", Sport::Swimming, 4376),
        v("fenix6-trail-run-1h.fit", Sport::Running, 4276),
        v("fenix6-ultra-12h.fit", Sport::Running, 42709),
        v("garmin-fenix-5-run.fit", Sport::Running, 21),
        v("hrv-activity.fit", Sport::Cycling, 1072),
        // Triathlons: the run only, 09:23:41 to 10:11:31 and 13:56:34 to 14:23:33.
        v("sample_mulitple_header.fit", Sport::Running, 518),
        v("triathlon_summary_last.fit", Sport::Running, 1575),
    ]
}

fn read(relative: &str) -> miler_formats::Imported {
    let name = relative.rsplit('/').next().unwrap();
    fit::read(name, &common::bytes(relative)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_valid_fit_file_gives_its_activity() {
    let table = valid();
    let on_disk: Vec<String> = common::files_in("fit")
        .into_iter()
        .filter(|f| f.ends_with(".fit"))
        .collect();
    let listed: Vec<&str> = table.iter().map(|v| v.file).collect();
    assert_eq!(listed, on_disk, "every shared FIT activity has a row here");
    for v in &table {
        let imported = read(&format!("fit/{}", v.file));
        let [a] = &imported.activities[..] else {
            panic!(
                "{}: one activity, got {}",
                v.file,
                imported.activities.len()
            );
        };
        assert_eq!(a.sport, v.sport, "{}", v.file);
        assert_eq!(a.samples.len(), v.samples, "{}", v.file);
        assert!(
            !imported
                .warnings
                .iter()
                .any(|w| matches!(w, Warning::OutOfOrder { .. })),
            "{}: {:?}",
            v.file,
            imported.warnings
        );
    }
}

#[test]
fn the_one_hour_trail_run_matches_its_session() {
    let bytes = common::bytes("fit/fenix6-trail-run-1h.fit");
    let decoded = miler_fit::decode(&bytes).unwrap();
    let session = decoded.activity.sessions[0].clone();
    let imported = fit::convert("fenix6-trail-run-1h.fit", decoded).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let a = &imported.activities[0];
    assert_eq!(a.sport, Sport::Running, "trail running is running");
    assert_eq!(a.samples.len(), 4276);
    assert_eq!(Some(a.laps.len()), session.num_laps.map(usize::from));
    let total = a.samples.total_distance().metres();
    assert!(
        (total - session.total_distance_m.unwrap()).abs() < 0.01,
        "{total}"
    );
    // fitdecode: the first record and the session start at 2020-09-24 07:03:18 UTC.
    assert_eq!(a.start_time, Some("2020-09-24T07:03:18Z".parse().unwrap()));
    // fitdecode's timer events: stop_all 07:43:09, start 07:44:12; stop_all 07:53:56, start
    // 07:59:19; stop_all 08:19:32, start 08:20:14; the final stop_all at 08:21:40 is the end.
    let pauses: Vec<(f64, f64)> = a
        .timer_pauses
        .iter()
        .map(|(at, length)| (at.secs(), length.secs()))
        .collect();
    assert_eq!(pauses, [(2391.0, 63.0), (3038.0, 323.0), (4574.0, 42.0)]);
    // The laps as fitdecode prints them: five mile auto-laps and the rest.
    let lap = &a.laps[3];
    assert_eq!(lap.start_offset.secs(), 2527.0, "07:45:25");
    assert_eq!(lap.timer_time.secs(), 565.881);
    assert_eq!(lap.elapsed_time.secs(), 889.324);
    assert!((lap.distance.metres() - 1609.34).abs() < 1e-9);
    assert_eq!(lap.average_heart_rate_bpm, Some(155));
    let distances: f64 = a.laps.iter().map(|l| l.distance.metres()).sum();
    assert!((distances - session.total_distance_m.unwrap()).abs() < 0.1);
}

#[test]
fn laps_carry_the_workout_step_they_ran() {
    let imported = read("fit/hrv-activity.fit");
    let a = &imported.activities[0];
    let steps: Vec<Option<u16>> = a.laps.iter().map(|l| l.workout_step_index).collect();
    // fitdecode's lap.wkt_step_index: warm-up steps, then 30 s / 15 s reps until the rider
    // stopped, and a last lap outside the workout.
    let want = [0, 1, 2, 3, 4, 5, 6, 5, 6, 5, 6, 5, 6, 5]
        .map(Some)
        .into_iter()
        .chain([None])
        .collect::<Vec<_>>();
    assert_eq!(steps, want);
    assert_eq!(
        a.name.as_deref(),
        Some("HIIT 20 X 0:30/0:15"),
        "the workout's name"
    );
    assert_eq!(a.sport, Sport::Cycling);
}

#[test]
fn a_triathlon_gives_its_run() {
    let bytes = common::bytes("fit/triathlon_summary_last.fit");
    let run_session = miler_fit::decode(&bytes).unwrap().activity.sessions[4].clone();
    let imported = fit::read("tri.fit", &bytes).unwrap();
    let [a] = &imported.activities[..] else {
        panic!("one run");
    };
    assert_eq!(a.start_time, Some("2023-09-02T13:56:34Z".parse().unwrap()));
    assert_eq!(Some(a.laps.len()), run_session.num_laps.map(usize::from));
    let total = a.samples.total_distance().metres();
    assert!(
        (total - run_session.total_distance_m.unwrap()).abs() < 0.01,
        "the run's distance counts from the run's start: {total}"
    );
    assert_eq!(a.laps[0].start_offset.secs(), 0.0);
    assert_eq!(
        imported.warnings,
        [Warning::SessionsSkipped {
            sports: ["swimming", "transition", "cycling", "transition"]
                .map(String::from)
                .to_vec()
        }]
    );
}

#[test]
fn a_gzipped_fit_file_imports_like_the_file() {
    let bytes = common::bytes("fit/fenix6-trail-run-1h.fit");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).unwrap();
    let gz = gz.finish().unwrap();
    let plain = miler_formats::read_activity("run.fit", &bytes).unwrap();
    // By content, whatever the name says.
    for name in ["run.fit.gz", "download.bin"] {
        let from_gz = miler_formats::read_activity(name, &gz).unwrap();
        common::assert_same(&from_gz, &plain, name);
    }
}

#[test]
fn workout_files_are_not_activities() {
    for file in common::files_in("fit-workouts") {
        let err = fit::read(&file, &common::bytes(&format!("fit-workouts/{file}"))).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::FitNotActivity {
                file_type: "workout".to_owned()
            },
            "{file}"
        );
        assert!(err.to_string().contains("not a recorded activity"), "{err}");
    }
}

/// What a damaged file should give, per `testdata/SOURCES.md`.
enum Bad {
    /// Activities, with a decoder warning as the first warning.
    Partial,
    /// The file's activities, with a warning that it has no session.
    NoSession,
}

#[test]
fn damaged_files_give_clear_partial_recoveries() {
    let table = [
        ("activity-activity-filecrc.fit", Bad::Partial),
        ("activity-filecrc.fit", Bad::Partial),
        ("activity-settings-corruptheader.fit", Bad::Partial),
        ("activity-settings-nodata.fit", Bad::Partial),
        ("activity-unexpected-eof.fit", Bad::Partial),
        ("activity_truncated.fit", Bad::NoSession),
        ("nick.fit", Bad::Partial),
        ("strava-android-app-201.10-b1218918.fit", Bad::Partial),
    ];
    let listed: Vec<&str> = table.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        listed,
        common::files_in("fit-bad"),
        "every damaged file has a row here"
    );
    for (file, expect) in table {
        let imported = read(&format!("fit-bad/{file}"));
        assert!(!imported.activities.is_empty(), "{file}");
        assert!(
            imported.activities.iter().all(|a| !a.samples.is_empty()),
            "{file}"
        );
        match expect {
            Bad::Partial => assert!(
                matches!(imported.warnings.first(), Some(Warning::Fit(_))),
                "{file}: {:?}",
                imported.warnings
            ),
            Bad::NoSession => assert!(
                imported.warnings.iter().any(|w| matches!(
                    w,
                    Warning::Fit(e) if matches!(e.kind(), miler_fit::ErrorKind::NoSession)
                )),
                "{file}: {:?}",
                imported.warnings
            ),
        }
        for w in &imported.warnings {
            assert!(!w.to_string().is_empty());
        }
    }
}

#[test]
fn bytes_that_are_not_fit_are_an_error_naming_the_file() {
    let err = fit::read("broken.fit", b"hello").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Fit(_)), "{err}");
    assert!(
        err.to_string()
            .starts_with("`broken.fit` could not be read as a FIT file"),
        "{err}"
    );
}
