//! Every sample file, with the outcome expected of it: valid files decode completely and agree
//! with their own session messages; damaged files give a clear error or a partial recovery with
//! the exact warnings, offsets included.
//!
//! The expected counts come from the file descriptions in `testdata/SOURCES.md` and from
//! fitdecode (see `fitdecode_oracle.rs`, which compares the values themselves). The CRC values
//! in the damaged files' warnings are the ones fitdecode reports too.

mod common;

use miler_fit::{Activity, ErrorKind, FileType, Part};

/// A valid file and what it holds.
struct Valid {
    file: &'static str,
    records: usize,
    laps: usize,
    sessions: usize,
    /// Chained parts (one file_id each, except parts that have none).
    file_ids: usize,
}

const VALID: &[Valid] = &[
    Valid {
        file: "2013-02-06-12-11-14.fit",
        records: 590,
        laps: 5,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "Activity.fit",
        records: 14,
        laps: 1,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "activity-settings.fit",
        records: 14,
        laps: 1,
        sessions: 1,
        file_ids: 2,
    },
    Valid {
        file: "activity-small-fenix2-run.fit",
        records: 2809,
        laps: 4,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "activity_multisport.fit",
        records: 78,
        laps: 7,
        sessions: 2,
        file_ids: 1,
    },
    Valid {
        file: "antfs-dump.63.fit",
        records: 686,
        laps: 1,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "compressed-speed-distance.fit",
        records: 755,
        laps: 11,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "coros-pace-2-cycling-misaligned-fields.fit",
        records: 11272,
        laps: 4,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "developer-types-sample.fit",
        records: 3424,
        laps: 1,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "event_timestamp.fit",
        records: 4376,
        laps: 99,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "fenix6-trail-run-1h.fit",
        records: 4276,
        laps: 6,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "fenix6-ultra-12h.fit",
        records: 42709,
        laps: 53,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "garmin-fenix-5-run.fit",
        records: 21,
        laps: 1,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "hrv-activity.fit",
        records: 1072,
        laps: 15,
        sessions: 1,
        file_ids: 1,
    },
    Valid {
        file: "sample_mulitple_header.fit",
        records: 1773,
        laps: 5,
        sessions: 5,
        file_ids: 1,
    },
    Valid {
        file: "triathlon_summary_last.fit",
        records: 4043,
        laps: 11,
        sessions: 5,
        file_ids: 1,
    },
];

#[test]
fn every_valid_file_is_in_the_table() {
    let listed: Vec<String> = VALID.iter().map(|v| format!("fit/{}", v.file)).collect();
    assert_eq!(common::fit_files("fit"), listed);
}

#[test]
fn valid_files_decode_completely() {
    for v in VALID {
        let path = format!("fit/{}", v.file);
        let decoded =
            miler_fit::decode(&common::read(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(decoded.is_complete(), "{path}: {:?}", decoded.warnings);
        let a = &decoded.activity;
        let got = (
            a.records.len(),
            a.laps.len(),
            a.sessions.len(),
            a.file_ids.len(),
        );
        assert_eq!(got, (v.records, v.laps, v.sessions, v.file_ids), "{path}");
        assert_eq!(
            a.file_id().and_then(|f| f.file_type),
            Some(FileType::ACTIVITY),
            "{path}"
        );
        assert_eq!(a.summaries.len(), 1, "{path}: activity messages");
        sessions_agree_with_laps(&path, a);
    }
}

/// Each session's lap count and total distance agree with the laps it covers. A session names its
/// laps by `first_lap_index` and `num_laps`; when a file leaves those out, a session's laps are
/// the ones after the previous session's.
fn sessions_agree_with_laps(path: &str, a: &Activity) {
    let mut next_lap = 0;
    for (i, s) in a.sessions.iter().enumerate() {
        let first = s.first_lap_index.map_or(next_lap, usize::from);
        let count = match s.num_laps {
            Some(n) => usize::from(n),
            None if i + 1 == a.sessions.len() => a.laps.len() - first,
            None => panic!("{path}: session {i} has no num_laps and is not the last"),
        };
        let laps = a
            .laps
            .get(first..first + count)
            .unwrap_or_else(|| panic!("{path}: session {i} laps {first}+{count} out of range"));
        next_lap = first + count;
        if let Some(total) = s.total_distance_m {
            let sum: f64 = laps.iter().filter_map(|l| l.total_distance_m).sum();
            // Devices total unrounded distances, so the rounded laps may be off by a little: up
            // to 0.41 m on the triathlon, 1.25 m in 10 km on the FR70 (0.012 %).
            let tolerance = (total * 2e-4).max(0.5);
            assert!(
                (sum - total).abs() <= tolerance,
                "{path}: session {i} {total} m, laps {sum} m"
            );
        }
    }
    assert_eq!(next_lap, a.laps.len(), "{path}: laps outside every session");
}

/// What a damaged file must recover: these counts, and exactly these warnings. (None of the
/// sample files is damaged beyond recovery; `synthetic.rs` covers the fatal errors.)
struct Recovers {
    records: usize,
    laps: usize,
    sessions: usize,
    warnings: &'static [(usize, ErrorKind)],
}

const fn truncated(part: Part, needed: usize, available: usize) -> ErrorKind {
    ErrorKind::Truncated {
        part,
        needed,
        available,
    }
}

const BAD: &[(&str, Recovers)] = &[
    (
        // Chained, the second part's CRC is wrong: both parts kept, flagged.
        "activity-activity-filecrc.fit",
        Recovers {
            records: 28,
            laps: 2,
            sessions: 2,
            warnings: &[(
                1540,
                ErrorKind::FileCrcMismatch {
                    stored: 0xB1D5,
                    computed: 0xA1D5,
                },
            )],
        },
    ),
    (
        "activity-filecrc.fit",
        Recovers {
            records: 14,
            laps: 1,
            sessions: 1,
            warnings: &[(
                769,
                ErrorKind::FileCrcMismatch {
                    stored: 0xB1D5,
                    computed: 0xA1D5,
                },
            )],
        },
    ),
    (
        // The second part's header says ".GIT": the first part is whole.
        "activity-settings-corruptheader.fit",
        Recovers {
            records: 14,
            laps: 1,
            sessions: 1,
            warnings: &[(
                771,
                ErrorKind::NotFit {
                    reason: "no \".FIT\" tag at bytes 8 to 11",
                },
            )],
        },
    ),
    (
        // The second part declares 68 bytes of data and has 3.
        "activity-settings-nodata.fit",
        Recovers {
            records: 14,
            laps: 1,
            sessions: 1,
            warnings: &[
                (783, truncated(Part::Definition, 6, 3)),
                (771, truncated(Part::Data, 68, 3)),
            ],
        },
    ),
    (
        // Three bytes short: the activity message at the end is lost.
        "activity-unexpected-eof.fit",
        Recovers {
            records: 14,
            laps: 1,
            sessions: 1,
            warnings: &[
                (751, truncated(Part::Message, 18, 17)),
                (0, truncated(Part::Data, 757, 756)),
            ],
        },
    ),
    (
        // Structurally sound, but the recording was never finished.
        "activity_truncated.fit",
        Recovers {
            records: 14,
            laps: 0,
            sessions: 0,
            warnings: &[(277, ErrorKind::NoSession)],
        },
    ),
    (
        // An unterminated Sigma ride: the last record runs into the end of the file.
        "nick.fit",
        Recovers {
            records: 14391,
            laps: 1,
            sessions: 0,
            warnings: &[
                (403_437, truncated(Part::Message, 28, 17)),
                (
                    403_454,
                    ErrorKind::FileCrcMismatch {
                        stored: 0x0040,
                        computed: 0x1AD2,
                    },
                ),
                (403_456, ErrorKind::NoSession),
            ],
        },
    ),
    (
        // Bytes went missing at about byte 7460, so a data message points at an undefined local
        // type and the declared size runs past the end of the file.
        "strava-android-app-201.10-b1218918.fit",
        Recovers {
            records: 473,
            laps: 1,
            sessions: 1,
            warnings: &[
                (7471, ErrorKind::UndefinedLocalMessage { local: 11 }),
                (0, truncated(Part::Data, 78236, 78219)),
            ],
        },
    ),
];

#[test]
fn every_bad_file_is_in_the_table() {
    let listed: Vec<String> = BAD.iter().map(|(f, _)| format!("fit-bad/{f}")).collect();
    assert_eq!(common::fit_files("fit-bad"), listed);
}

#[test]
fn bad_files_fail_clearly_or_recover_partially() {
    for (file, want) in BAD {
        let path = format!("fit-bad/{file}");
        let d = miler_fit::decode(&common::read(&path))
            .unwrap_or_else(|e| panic!("{path}: expected a partial recovery, got {e}"));
        let a = &d.activity;
        assert_eq!(
            (a.records.len(), a.laps.len(), a.sessions.len()),
            (want.records, want.laps, want.sessions),
            "{path}"
        );
        let got: Vec<(usize, ErrorKind)> = d
            .warnings
            .iter()
            .map(|w| (w.offset(), w.kind().clone()))
            .collect();
        assert_eq!(got, want.warnings.to_vec(), "{path}");
        // The warning reads as a sentence a person can act on.
        let first = d.warnings[0].to_string();
        assert!(first.starts_with("at byte "), "{path}: {first}");
    }
}

#[test]
fn workout_files_decode() {
    // (file, step messages, num_valid_steps): Garmin SDK examples and a workout written by
    // Garmin's own encoder. The SDK's repeat examples say 4 valid steps beside 5 step messages;
    // Garmin's decoder reads the same.
    let cases = [
        ("WorkoutCustomTargetValues.fit", 4, 4),
        ("WorkoutIndividualSteps.fit", 4, 4),
        ("WorkoutRepeatGreaterThanStep.fit", 5, 4),
        ("WorkoutRepeatSteps.fit", 5, 4),
        ("garmin_sdk_4x400.fit", 5, 5),
    ];
    let listed: Vec<String> = cases
        .iter()
        .map(|(f, ..)| format!("fit-workouts/{f}"))
        .collect();
    assert_eq!(common::fit_files("fit-workouts"), listed);
    for (file, steps, valid_steps) in cases {
        let path = format!("fit-workouts/{file}");
        let d = miler_fit::decode(&common::read(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(d.is_complete(), "{path}: {:?}", d.warnings);
        let a = &d.activity;
        assert_eq!(
            a.file_id().and_then(|f| f.file_type),
            Some(FileType::WORKOUT),
            "{path}"
        );
        assert_eq!(a.workouts.len(), 1, "{path}");
        assert_eq!(a.workout_steps.len(), steps, "{path}");
        assert_eq!(a.workouts[0].num_valid_steps, Some(valid_steps), "{path}");
        assert!(a.records.is_empty(), "{path}");
    }
}

#[test]
fn timer_events_give_the_pauses() {
    // (file, pauses in seconds from a timer stop to the next start): the trail run stopped
    // three times; the others ran straight through. The sessions agree to within the events'
    // whole-second timestamps: the trail run's elapsed minus timer time is 429.45 s.
    let cases: &[(&str, &[u32])] = &[
        ("fit/fenix6-trail-run-1h.fit", &[63, 323, 42]),
        ("fit/activity-small-fenix2-run.fit", &[]),
        ("fit/2013-02-06-12-11-14.fit", &[]),
    ];
    for &(path, want) in cases {
        let d = miler_fit::decode(&common::read(path)).expect("decodes");
        let mut pauses = Vec::new();
        let mut stopped_at = None;
        for e in &d.activity.events {
            let Some(t) = e.timestamp else { continue };
            if e.is_timer_stop() {
                stopped_at = Some(t.0);
            } else if e.is_timer_start() {
                pauses.extend(stopped_at.take().map(|s| t.0 - s));
            }
        }
        assert_eq!(pauses, want, "{path}");
        let s = &d.activity.sessions[0];
        let paused = s
            .total_elapsed_time_s
            .zip(s.total_timer_time_s)
            .map(|(e, t)| e - t);
        let total: u32 = want.iter().sum();
        let tolerance = want.len() as f64 + 1.0;
        assert!(
            paused.is_some_and(|p| (p - f64::from(total)).abs() <= tolerance),
            "{path}: session paused {paused:?}, events {total}"
        );
    }
}
