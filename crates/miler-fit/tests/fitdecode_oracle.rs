//! miler-fit against fitdecode, an independent Python FIT decoder, on every sample file.
//!
//! `tests/oracle/dump_fitdecode.py` prints what fitdecode reads; this test decodes the same file
//! and compares message counts and every value miler uses: integers (timestamps, semicircles,
//! heart rate, enums) exactly, scaled values to 1e-6. For damaged files fitdecode's output is the
//! prefix it read before giving up, which is what miler-fit should recover too.

mod common;

use common::{float_differs, int_differs, semicircles};
use miler_fit::{Activity, Decoded};
use serde_json::Value;

const EPS: f64 = 1e-6;

/// Collects differences so one run reports all of them, not just the first.
struct Diffs {
    file: String,
    list: Vec<String>,
}

impl Diffs {
    fn check(&mut self, differs: bool, what: impl FnOnce() -> String) {
        if differs {
            self.list.push(format!("{}: {}", self.file, what()));
        }
    }
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("oracle output has no array {key:?}"))
}

fn compare(d: &mut Diffs, a: &Activity, o: &Value) {
    let records = array(o, "records");
    d.check(a.records.len() != records.len(), || {
        format!("{} records, fitdecode {}", a.records.len(), records.len())
    });
    for (i, (ours, theirs)) in a.records.iter().zip(records).enumerate() {
        let ts = ours.timestamp.map(|t| i64::from(t.0));
        d.check(int_differs(ts, &theirs["timestamp"]), || {
            format!("record {i} timestamp {ts:?} vs {}", theirs["timestamp"])
        });
        let floats = [
            ("distance_m", ours.distance_m),
            ("speed_m_s", ours.speed_m_s),
            ("altitude_m", ours.altitude_m),
        ];
        for (key, value) in floats {
            d.check(float_differs(value, &theirs[key], EPS), || {
                format!("record {i} {key} {value:?} vs {}", theirs[key])
            });
        }
        let ints = [
            ("lat_semicircles", semicircles(ours.lat_deg)),
            ("lon_semicircles", semicircles(ours.lon_deg)),
            ("heart_rate", ours.heart_rate_bpm.map(i64::from)),
            ("cadence", ours.cadence_rpm.map(i64::from)),
        ];
        for (key, value) in ints {
            d.check(int_differs(value, &theirs[key]), || {
                format!("record {i} {key} {value:?} vs {}", theirs[key])
            });
        }
    }

    let laps = array(o, "laps");
    d.check(a.laps.len() != laps.len(), || {
        format!("{} laps, fitdecode {}", a.laps.len(), laps.len())
    });
    for (i, (lap, theirs)) in a.laps.iter().zip(laps).enumerate() {
        let ints = [
            ("timestamp", lap.timestamp.map(|t| i64::from(t.0))),
            ("start_time", lap.start_time.map(|t| i64::from(t.0))),
            ("avg_heart_rate", lap.avg_heart_rate_bpm.map(i64::from)),
            ("max_heart_rate", lap.max_heart_rate_bpm.map(i64::from)),
            ("wkt_step_index", lap.wkt_step_index.map(i64::from)),
            ("lap_trigger", lap.lap_trigger.map(|t| i64::from(t.0))),
        ];
        for (key, value) in ints {
            d.check(int_differs(value, &theirs[key]), || {
                format!("lap {i} {key} {value:?} vs {}", theirs[key])
            });
        }
        let floats = [
            ("total_elapsed_time_s", lap.total_elapsed_time_s),
            ("total_timer_time_s", lap.total_timer_time_s),
            ("total_distance_m", lap.total_distance_m),
            ("avg_speed_m_s", lap.avg_speed_m_s),
            ("max_speed_m_s", lap.max_speed_m_s),
        ];
        for (key, value) in floats {
            d.check(float_differs(value, &theirs[key], EPS), || {
                format!("lap {i} {key} {value:?} vs {}", theirs[key])
            });
        }
    }

    let sessions = array(o, "sessions");
    d.check(a.sessions.len() != sessions.len(), || {
        format!(
            "{} sessions, fitdecode {}",
            a.sessions.len(),
            sessions.len()
        )
    });
    for (i, (s, theirs)) in a.sessions.iter().zip(sessions).enumerate() {
        let ints = [
            ("timestamp", s.timestamp.map(|t| i64::from(t.0))),
            ("start_time", s.start_time.map(|t| i64::from(t.0))),
            ("sport", s.sport.map(|v| i64::from(v.0))),
            ("sub_sport", s.sub_sport.map(|v| i64::from(v.0))),
            ("avg_heart_rate", s.avg_heart_rate_bpm.map(i64::from)),
            ("num_laps", s.num_laps.map(i64::from)),
            ("first_lap_index", s.first_lap_index.map(i64::from)),
        ];
        for (key, value) in ints {
            d.check(int_differs(value, &theirs[key]), || {
                format!("session {i} {key} {value:?} vs {}", theirs[key])
            });
        }
        let floats = [
            ("total_elapsed_time_s", s.total_elapsed_time_s),
            ("total_timer_time_s", s.total_timer_time_s),
            ("total_distance_m", s.total_distance_m),
            ("avg_speed_m_s", s.avg_speed_m_s),
            ("max_speed_m_s", s.max_speed_m_s),
        ];
        for (key, value) in floats {
            d.check(float_differs(value, &theirs[key], EPS), || {
                format!("session {i} {key} {value:?} vs {}", theirs[key])
            });
        }
    }

    let events = array(o, "events");
    d.check(a.events.len() != events.len(), || {
        format!("{} events, fitdecode {}", a.events.len(), events.len())
    });
    for (i, (e, theirs)) in a.events.iter().zip(events).enumerate() {
        let ints = [
            ("timestamp", e.timestamp.map(|t| i64::from(t.0))),
            ("event", e.event.map(|v| i64::from(v.0))),
            ("event_type", e.event_type.map(|v| i64::from(v.0))),
        ];
        for (key, value) in ints {
            d.check(int_differs(value, &theirs[key]), || {
                format!("event {i} {key} {value:?} vs {}", theirs[key])
            });
        }
    }

    let file_ids = array(o, "file_ids");
    d.check(a.file_ids.len() != file_ids.len(), || {
        format!(
            "{} file_ids, fitdecode {}",
            a.file_ids.len(),
            file_ids.len()
        )
    });
    for (i, (f, theirs)) in a.file_ids.iter().zip(file_ids).enumerate() {
        let ints = [
            ("type", f.file_type.map(|v| i64::from(v.0))),
            ("manufacturer", f.manufacturer.map(|v| i64::from(v.0))),
            ("product", f.product.map(i64::from)),
            ("serial_number", f.serial_number.map(i64::from)),
            ("time_created", f.time_created.map(|t| i64::from(t.0))),
        ];
        for (key, value) in ints {
            d.check(int_differs(value, &theirs[key]), || {
                format!("file_id {i} {key} {value:?} vs {}", theirs[key])
            });
        }
    }

    let workouts = array(o, "workouts");
    d.check(a.workouts.len() != workouts.len(), || {
        format!(
            "{} workouts, fitdecode {}",
            a.workouts.len(),
            workouts.len()
        )
    });
    for (w, theirs) in a.workouts.iter().zip(workouts) {
        d.check(w.name.as_deref() != theirs["name"].as_str(), || {
            format!("workout name {:?} vs {}", w.name, theirs["name"])
        });
        let steps = w.num_valid_steps.map(i64::from);
        d.check(int_differs(steps, &theirs["num_valid_steps"]), || {
            format!("num_valid_steps {steps:?} vs {}", theirs["num_valid_steps"])
        });
    }
    let steps = array(o, "workout_steps");
    d.check(a.workout_steps.len() != steps.len(), || {
        format!("{} steps, fitdecode {}", a.workout_steps.len(), steps.len())
    });
    for (i, (s, theirs)) in a.workout_steps.iter().zip(steps).enumerate() {
        let ints = [
            ("message_index", s.message_index.map(i64::from)),
            ("duration_type", s.duration_type.map(|v| i64::from(v.0))),
            ("duration_value", s.duration_value.map(i64::from)),
            ("target_type", s.target_type.map(|v| i64::from(v.0))),
            ("target_value", s.target_value.map(i64::from)),
            (
                "custom_target_value_low",
                s.custom_target_value_low.map(i64::from),
            ),
            (
                "custom_target_value_high",
                s.custom_target_value_high.map(i64::from),
            ),
            ("intensity", s.intensity.map(|v| i64::from(v.0))),
        ];
        for (key, value) in ints {
            d.check(int_differs(value, &theirs[key]), || {
                format!("step {i} {key} {value:?} vs {}", theirs[key])
            });
        }
        for (key, value) in [("name", &s.name), ("notes", &s.notes)] {
            d.check(value.as_deref() != theirs[key].as_str(), || {
                format!("step {i} {key} {value:?} vs {}", theirs[key])
            });
        }
    }

    let counts = [
        ("device_infos", a.devices.len()),
        ("activities", a.summaries.len()),
    ];
    for (key, ours) in counts {
        d.check(o[key].as_u64() != Some(ours as u64), || {
            format!("{ours} {key}, fitdecode {}", o[key])
        });
    }
}

#[test]
fn every_sample_file_agrees_with_fitdecode() {
    let mut files = common::fit_files("fit");
    files.extend(common::fit_files("fit-bad"));
    files.extend(common::fit_files("fit-workouts"));
    let oracle = common::run_oracle("dump_fitdecode.py", &files);
    let mut all = Vec::new();
    for (file, theirs) in files.iter().zip(&oracle) {
        let mut diffs = Diffs {
            file: file.clone(),
            list: Vec::new(),
        };
        match miler_fit::decode(&common::read(file)) {
            Ok(Decoded { activity, .. }) => compare(&mut diffs, &activity, theirs),
            Err(e) => diffs.check(true, || format!("miler-fit failed: {e}")),
        }
        all.extend(diffs.list);
    }
    let shown: Vec<_> = all.iter().take(40).collect();
    assert!(
        all.is_empty(),
        "{} differences from fitdecode, first ones:\n{shown:#?}",
        all.len()
    );
}
