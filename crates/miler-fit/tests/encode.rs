//! The workout encoder, checked by Garmin's own decoder and by ours.
//!
//! Garmin's FIT SDK (garmin-fit-sdk, run by `tests/oracle/encode_check.py`) is the judge of what
//! a watch accepts: every workout in the table below, and a deterministic sample of random ones,
//! is written to a file and read back by it, and each message must hold exactly the fields the
//! FIT profile gives the workout as the test specified it. The expected values come from
//! [`expected`], which spells out the profile's rules (REFERENCE.md, "Workout file") separately
//! from the encoder, so a wrong field number, unit or convention in either shows up as a
//! difference. The 4 x 400 m workout is also compared with the file Garmin's own encoder wrote
//! for it, message by message, and miler's decoder must read every encoded file back the same
//! way.

mod common;

use miler_fit::{
    DurationType, EncodeError, EncodeErrorKind, FileId, FileType, FitTime, Intensity, Manufacturer,
    Sport, StepDuration, StepSpec, StepTarget, SubSport, TargetType, Workout, WorkoutFile,
    WorkoutStep, encode_workout,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

// ---------------------------------------------------------------------------------------------
// Building workouts.

/// The time Garmin's reference file was created, reused so the 4 x 400 m file_ids agree.
const CREATED: FitTime = FitTime(1_104_624_000);

fn workout(name: &str, steps: Vec<StepSpec>) -> WorkoutFile {
    WorkoutFile {
        name: name.to_owned(),
        sport: Sport::RUNNING,
        sub_sport: SubSport::GENERIC,
        product: 0,
        serial_number: 12_345,
        time_created: CREATED,
        steps,
    }
}

fn time(ms: u32, target: StepTarget, intensity: Intensity) -> StepSpec {
    StepSpec::new(StepDuration::Time { ms }, target, intensity)
}

fn distance(cm: u32, target: StepTarget, intensity: Intensity) -> StepSpec {
    StepSpec::new(StepDuration::Distance { cm }, target, intensity)
}

fn open(target: StepTarget, intensity: Intensity) -> StepSpec {
    StepSpec::new(StepDuration::Open, target, intensity)
}

fn speed(low_mm_s: u32, high_mm_s: u32) -> StepTarget {
    StepTarget::Speed {
        low_mm_s,
        high_mm_s,
    }
}

fn heart_rate(low_bpm: u8, high_bpm: u8) -> StepTarget {
    StepTarget::HeartRate { low_bpm, high_bpm }
}

const OPEN: StepTarget = StepTarget::Open;
const ACTIVE: Intensity = Intensity::ACTIVE;
const REST: Intensity = Intensity::REST;
const WARMUP: Intensity = Intensity::WARMUP;
const COOLDOWN: Intensity = Intensity::COOLDOWN;
const RECOVERY: Intensity = Intensity::RECOVERY;

/// Warm-up 10 min, 4 x (400 m at 4.545-4.762 m/s, 90 s jog), cool-down until the lap button: the
/// workout of `fit-workouts/garmin_sdk_4x400.fit`, which Garmin's own Python encoder wrote.
fn four_by_400() -> WorkoutFile {
    workout(
        "4x400m",
        vec![
            time(600_000, OPEN, WARMUP).named("Warm up"),
            distance(40_000, speed(4_545, 4_762), ACTIVE).named("400m"),
            time(90_000, OPEN, RECOVERY).named("Jog"),
            StepSpec::repeat(1, 4),
            open(OPEN, COOLDOWN).named("Cool down"),
        ],
    )
}

/// 3 x (4 x 200 m, 60 s) with 3 min between sets: a repeat inside a repeat.
fn sets_of_200s() -> WorkoutFile {
    workout(
        "3 x (4 x 200 m, 60 s) with 3 min between sets",
        vec![
            time(900_000, heart_rate(120, 150), WARMUP).named("Warm up"),
            distance(20_000, speed(5_700, 6_000), ACTIVE).named("200 m"),
            time(60_000, OPEN, RECOVERY).named("Jog"),
            StepSpec::repeat(1, 4).named("4 x"),
            time(180_000, OPEN, REST).named("Between sets"),
            StepSpec::repeat(1, 3).named("3 sets"),
            open(OPEN, COOLDOWN).named("Cool down"),
        ],
    )
}

/// A backwards mile: four laps of a mile (402.336 m, written as 40 234 cm) each faster than the
/// last, with a minute of rest between them.
fn backwards_mile() -> WorkoutFile {
    let lap = |low, high| distance(40_234, speed(low, high), ACTIVE).named("Quarter");
    let rest = || time(60_000, OPEN, REST).named("Rest");
    WorkoutFile {
        sub_sport: SubSport::TRACK,
        ..workout(
            "Backwards mile",
            vec![
                lap(4_000, 4_200),
                rest(),
                lap(4_300, 4_500),
                rest(),
                lap(4_600, 4_800),
                rest(),
                lap(4_900, 5_200),
            ],
        )
    }
}

/// Every kind of duration, including the extremes of its value.
fn durations() -> WorkoutFile {
    WorkoutFile {
        sub_sport: SubSport::TREADMILL,
        product: 65_534,
        serial_number: u32::MAX,
        time_created: FitTime(0),
        ..workout(
            "Durations",
            vec![
                time(1, OPEN, ACTIVE),
                time(u32::MAX - 1, OPEN, ACTIVE),
                distance(1, OPEN, ACTIVE),
                distance(160_934, OPEN, ACTIVE),
                distance(u32::MAX - 1, OPEN, ACTIVE),
                open(OPEN, ACTIVE),
                StepSpec::repeat(0, 1),
                StepSpec::repeat(0, u32::MAX - 1),
            ],
        )
    }
}

/// Every kind of target, including the extremes of its bounds.
fn targets() -> WorkoutFile {
    workout(
        "Targets",
        vec![
            time(60_000, OPEN, ACTIVE),
            time(60_000, speed(0, 0), ACTIVE),
            time(60_000, speed(4_470, 4_470), ACTIVE),
            time(60_000, speed(0, u32::MAX - 1), ACTIVE),
            time(60_000, heart_rate(1, 1), ACTIVE),
            time(60_000, heart_rate(140, 165), ACTIVE),
            time(60_000, heart_rate(255, 255), ACTIVE),
            time(60_000, heart_rate(1, 255), Intensity::INTERVAL),
            time(60_000, OPEN, Intensity::OTHER),
        ],
    )
}

/// Names and notes past their limits, with multi-byte characters across the limit, a NUL inside,
/// and empty ones.
fn long_texts() -> WorkoutFile {
    WorkoutFile {
        name: "W".repeat(100),
        ..workout(
            "",
            vec![
                open(OPEN, ACTIVE)
                    .named("n".repeat(64))
                    .with_notes("x".repeat(300)),
                open(OPEN, ACTIVE)
                    .named("é".repeat(40))
                    .with_notes("ü".repeat(200)),
                open(OPEN, ACTIVE)
                    .named("🏃".repeat(20))
                    .with_notes("🏃".repeat(70)),
                open(OPEN, ACTIVE).named("Tempo\0hidden").with_notes(""),
                open(OPEN, ACTIVE).named("").with_notes("\0hidden"),
                open(OPEN, ACTIVE),
            ],
        )
    }
}

/// The table of workouts every check runs over.
fn table() -> Vec<(&'static str, WorkoutFile)> {
    vec![
        ("4x400", four_by_400()),
        ("sets-of-200s", sets_of_200s()),
        ("backwards-mile", backwards_mile()),
        ("durations", durations()),
        ("targets", targets()),
        ("long-texts", long_texts()),
        (
            "one-step-no-name",
            workout("", vec![time(1_200_000, OPEN, ACTIVE)]),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// What a decoder must read: the FIT profile's rules, written out apart from the encoder.

/// One workout_step as the file must hold it, in raw FIT numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawStep {
    message_index: u16,
    name: Option<String>,
    duration_type: u8,
    duration_value: u32,
    target_type: u8,
    target_value: u32,
    low: Option<u32>,
    high: Option<u32>,
    intensity: u8,
    notes: Option<String>,
}

/// The longest prefix of `text` before any NUL that fits in `max` bytes without splitting a
/// character; `None` when that is empty.
fn kept_text(text: Option<&str>, max: usize) -> Option<String> {
    let mut kept = String::new();
    for c in text.unwrap_or("").chars() {
        if c == '\0' || kept.len() + c.len_utf8() > max {
            break;
        }
        kept.push(c);
    }
    (!kept.is_empty()).then_some(kept)
}

/// The steps of `w` as raw FIT values: durations 0 time (ms), 1 distance (cm), 5 open (value 0),
/// 6 repeat (value = first step, target_value = count, target open); targets 0 speed (mm/s),
/// 1 heart rate (bpm + 100), 2 open (no bounds), with target_value 0 ("custom") on every step
/// that is not a repeat.
fn expected(w: &WorkoutFile) -> Vec<RawStep> {
    w.steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (duration_type, duration_value, repeat_count) = match s.duration {
                StepDuration::Time { ms } => (0, ms, None),
                StepDuration::Distance { cm } => (1, cm, None),
                StepDuration::Open => (5, 0, None),
                StepDuration::RepeatUntilStepsComplete { from_step, count } => {
                    (6, u32::from(from_step), Some(count))
                }
            };
            let (target_type, low, high) = match s.target {
                StepTarget::Speed {
                    low_mm_s,
                    high_mm_s,
                } => (0, Some(low_mm_s), Some(high_mm_s)),
                StepTarget::HeartRate { low_bpm, high_bpm } => (
                    1,
                    Some(u32::from(low_bpm) + 100),
                    Some(u32::from(high_bpm) + 100),
                ),
                StepTarget::Open => (2, None, None),
            };
            RawStep {
                message_index: u16::try_from(i).expect("few steps"),
                name: kept_text(s.name.as_deref(), 63),
                duration_type,
                duration_value,
                target_type,
                target_value: repeat_count.unwrap_or(0),
                low,
                high,
                intensity: s.intensity.0,
                notes: kept_text(s.notes.as_deref(), 254),
            }
        })
        .collect()
}

/// The file_id, workout and steps as Garmin's SDK returns them raw: an object per message, with
/// the fields it reads as "no data" left out.
fn expected_sdk(w: &WorkoutFile) -> Value {
    let file_id = json!({
        "type": 5,
        "manufacturer": 255,
        "product": w.product,
        "serial_number": w.serial_number,
        "time_created": w.time_created.0,
    });
    let mut workout = json!({
        "sport": w.sport.0,
        "sub_sport": w.sub_sport.0,
        "num_valid_steps": w.steps.len(),
    });
    if let Some(name) = kept_text(Some(&w.name), 63) {
        workout["wkt_name"] = json!(name);
    }
    let steps: Vec<Value> = expected(w)
        .into_iter()
        .map(|s| {
            let mut m = Map::new();
            let mut put = |key: &str, value: Option<Value>| {
                if let Some(value) = value {
                    m.insert(key.to_owned(), value);
                }
            };
            put("message_index", Some(json!(s.message_index)));
            put("wkt_step_name", s.name.map(Value::from));
            put("duration_type", Some(json!(s.duration_type)));
            put("duration_value", Some(json!(s.duration_value)));
            put("target_type", Some(json!(s.target_type)));
            put("target_value", Some(json!(s.target_value)));
            put("custom_target_value_low", s.low.map(Value::from));
            put("custom_target_value_high", s.high.map(Value::from));
            put("intensity", Some(json!(s.intensity)));
            put("notes", s.notes.map(Value::from));
            Value::Object(m)
        })
        .collect();
    json!({
        "file_id_mesgs": [file_id],
        "workout_mesgs": [workout],
        "workout_step_mesgs": steps,
    })
}

/// What miler's decoder must return for `w`.
fn expected_ours(w: &WorkoutFile) -> (FileId, Workout, Vec<WorkoutStep>) {
    let file_id = FileId {
        file_type: Some(FileType::WORKOUT),
        manufacturer: Some(Manufacturer::DEVELOPMENT),
        product: Some(w.product),
        serial_number: Some(w.serial_number),
        time_created: Some(w.time_created),
    };
    let workout = Workout {
        sport: Some(w.sport),
        sub_sport: Some(w.sub_sport),
        num_valid_steps: Some(u16::try_from(w.steps.len()).expect("few steps")),
        name: kept_text(Some(&w.name), 63),
    };
    let steps = expected(w)
        .into_iter()
        .map(|s| WorkoutStep {
            message_index: Some(s.message_index),
            name: s.name,
            duration_type: Some(DurationType(s.duration_type)),
            duration_value: Some(s.duration_value),
            target_type: Some(TargetType(s.target_type)),
            target_value: Some(s.target_value),
            custom_target_value_low: s.low,
            custom_target_value_high: s.high,
            intensity: Some(Intensity(s.intensity)),
            notes: s.notes,
        })
        .collect();
    (file_id, workout, steps)
}

/// Decodes `bytes` with miler's decoder and lists how it differs from what `w` specifies.
fn our_differences(w: &WorkoutFile, bytes: &[u8]) -> Vec<String> {
    let decoded = match miler_fit::decode(bytes) {
        Ok(d) => d,
        Err(e) => return vec![format!("does not decode: {e}")],
    };
    let mut diffs: Vec<String> = decoded
        .warnings
        .iter()
        .map(|e| format!("warning: {e}"))
        .collect();
    let a = decoded.activity;
    let (file_id, workout, steps) = expected_ours(w);
    if a.file_ids != [file_id.clone()] {
        diffs.push(format!("file_ids {:?}, want [{file_id:?}]", a.file_ids));
    }
    if a.workouts != [workout.clone()] {
        diffs.push(format!("workouts {:?}, want [{workout:?}]", a.workouts));
    }
    if a.workout_steps.len() != steps.len() {
        diffs.push(format!(
            "{} steps, want {}",
            a.workout_steps.len(),
            steps.len()
        ));
    }
    for (i, (got, want)) in a.workout_steps.iter().zip(&steps).enumerate() {
        if got != want {
            diffs.push(format!("step {i}: {got:?}, want {want:?}"));
        }
    }
    diffs
}

// ---------------------------------------------------------------------------------------------
// Running Garmin's decoder.

/// A fresh scratch folder for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("encode-{test}"));
    // A previous run may have left files; a missing folder is fine.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Encodes each workout into `dir` and returns the files' paths.
fn write_all(dir: &Path, workouts: &[(String, WorkoutFile)]) -> Vec<PathBuf> {
    workouts
        .iter()
        .map(|(name, w)| {
            let bytes = encode_workout(w).unwrap_or_else(|e| panic!("{name}: {e}"));
            let path = dir.join(format!("{name}.fit"));
            std::fs::write(&path, bytes)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            path
        })
        .collect()
}

/// Garmin's decoder's reading of each file (see `tests/oracle/encode_check.py`), in order.
/// Fails, never skips, when Python or garmin-fit-sdk is missing: the oracle is the point.
fn garmin_reads(files: &[PathBuf]) -> Vec<Value> {
    const INSTALL: &str = "run `bash scripts/test`, which installs Garmin's decoder \
                           (`pip install garmin-fit-sdk`) before running the tests";
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/encode_check.py");
    let output = Command::new("python3")
        .arg(&script)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}): {INSTALL}"));
    assert!(
        output.status.success(),
        "{} failed ({}): {}\n{INSTALL}",
        script.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let reads: Vec<Value> = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("encode_check.py did not print JSON: {e}"));
    assert_eq!(reads.len(), files.len(), "one reading per file");
    reads
}

/// How Garmin's reading of a file differs from what `w` specifies.
fn garmin_differences(w: &WorkoutFile, read: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    if read["integrity"] != json!(true) {
        diffs.push("check_integrity() is false".to_owned());
    }
    if read["errors"] != json!([]) {
        diffs.push(format!("errors {}", read["errors"]));
    }
    let want = expected_sdk(w);
    let got = &read["messages"];
    let kinds = |v: &Value| {
        let mut keys: Vec<String> = v
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    };
    if kinds(got) != kinds(&want) {
        diffs.push(format!(
            "message kinds {:?}, want {:?}",
            kinds(got),
            kinds(&want)
        ));
    }
    for kind in ["file_id_mesgs", "workout_mesgs"] {
        if got[kind] != want[kind] {
            diffs.push(format!("{kind} {}, want {}", got[kind], want[kind]));
        }
    }
    let (got_steps, want_steps) = (&got["workout_step_mesgs"], &want["workout_step_mesgs"]);
    let got_steps = got_steps.as_array().map(Vec::as_slice).unwrap_or_default();
    let want_steps = want_steps.as_array().map(Vec::as_slice).unwrap_or_default();
    if got_steps.len() != want_steps.len() {
        diffs.push(format!(
            "{} steps, want {}",
            got_steps.len(),
            want_steps.len()
        ));
    }
    for (i, (g, w)) in got_steps.iter().zip(want_steps).enumerate() {
        if g != w {
            diffs.push(format!("step {i}: {g}, want {w}"));
        }
    }
    diffs
}

// ---------------------------------------------------------------------------------------------
// Random valid workouts.

/// A block of a workout: one step, or a repeat of blocks.
#[derive(Debug, Clone)]
enum Block {
    Step(StepSpec),
    Repeat {
        blocks: Vec<Block>,
        count: u32,
        intensity: Intensity,
        name: Option<String>,
    },
}

/// Appends the steps of `block` to `steps`; a repeat names the first step of its block.
fn flatten(block: Block, steps: &mut Vec<StepSpec>) {
    match block {
        Block::Step(step) => steps.push(step),
        Block::Repeat {
            blocks,
            count,
            intensity,
            name,
        } => {
            let from_step = u16::try_from(steps.len()).expect("few steps");
            for b in blocks {
                flatten(b, steps);
            }
            steps.push(StepSpec {
                name,
                intensity,
                ..StepSpec::repeat(from_step, count)
            });
        }
    }
}

/// Any text, with NULs, multi-byte characters and lengths on both sides of the limits.
fn text(max_chars: usize) -> impl Strategy<Value = Option<String>> {
    proptest::option::of(
        proptest::collection::vec(any::<char>(), 0..max_chars).prop_map(String::from_iter),
    )
}

fn intensity() -> impl Strategy<Value = Intensity> {
    (0u8..0xFF).prop_map(Intensity)
}

fn step() -> impl Strategy<Value = StepSpec> {
    let duration = prop_oneof![
        (1..u32::MAX).prop_map(|ms| StepDuration::Time { ms }),
        (1..u32::MAX).prop_map(|cm| StepDuration::Distance { cm }),
        Just(StepDuration::Open),
    ];
    let target = prop_oneof![
        Just(StepTarget::Open),
        (0..u32::MAX, 0..u32::MAX).prop_map(|(a, b)| speed(a.min(b), a.max(b))),
        (1..=u8::MAX, 1..=u8::MAX).prop_map(|(a, b)| heart_rate(a.min(b), a.max(b))),
    ];
    (text(80), text(300), duration, target, intensity()).prop_map(
        |(name, notes, duration, target, intensity)| StepSpec {
            name,
            notes,
            duration,
            target,
            intensity,
        },
    )
}

fn block() -> impl Strategy<Value = Block> {
    step()
        .prop_map(Block::Step)
        .prop_recursive(3, 32, 4, |inner| {
            (
                proptest::collection::vec(inner, 1..4),
                1..u32::MAX,
                intensity(),
                text(10),
            )
                .prop_map(|(blocks, count, intensity, name)| Block::Repeat {
                    blocks,
                    count,
                    intensity,
                    name,
                })
        })
}

fn workout_file() -> impl Strategy<Value = WorkoutFile> {
    (
        text(80),
        0u8..0xFF,
        0u8..0xFF,
        0u16..0xFFFF,
        1..=u32::MAX,
        0..u32::MAX,
        proptest::collection::vec(block(), 1..6),
    )
        .prop_map(
            |(name, sport, sub_sport, product, serial, created, blocks)| {
                let mut steps = Vec::new();
                for b in blocks {
                    flatten(b, &mut steps);
                }
                WorkoutFile {
                    name: name.unwrap_or_default(),
                    sport: Sport(sport),
                    sub_sport: SubSport(sub_sport),
                    product,
                    serial_number: serial,
                    time_created: FitTime(created),
                    steps,
                }
            },
        )
}

/// The same random workouts on every run, for the Garmin check (one Python run reads them all).
fn sample_workouts(count: usize) -> Vec<WorkoutFile> {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = workout_file();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).expect("a workout").current())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn garmins_decoder_reads_every_workout_as_specified() {
    let mut workouts: Vec<(String, WorkoutFile)> = table()
        .into_iter()
        .map(|(name, w)| (name.to_owned(), w))
        .collect();
    workouts.extend(
        sample_workouts(40)
            .into_iter()
            .enumerate()
            .map(|(i, w)| (format!("random-{i}"), w)),
    );
    let dir = scratch("garmin");
    let files = write_all(&dir, &workouts);
    let reads = garmin_reads(&files);
    let mut all = Vec::new();
    for ((name, w), read) in workouts.iter().zip(&reads) {
        all.extend(
            garmin_differences(w, read)
                .into_iter()
                .map(|d| format!("{name}: {d}")),
        );
    }
    assert!(
        all.is_empty(),
        "garmin-fit-sdk read something else:\n{all:#?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_4x400_reads_like_the_file_garmins_encoder_wrote() {
    let reference = common::activities_dir().join("fit-workouts/garmin_sdk_4x400.fit");
    let ours = encode_workout(&four_by_400()).expect("valid");
    let dir = scratch("4x400");
    let path = dir.join("4x400.fit");
    std::fs::write(&path, &ours).expect("write");

    let reads = garmin_reads(&[reference.clone(), path]);
    for read in &reads {
        assert_eq!(read["integrity"], json!(true), "{}", read["file"]);
        assert_eq!(read["errors"], json!([]), "{}", read["file"]);
    }
    assert_eq!(
        reads[1]["messages"], reads[0]["messages"],
        "garmin-fit-sdk reads our 4x400 (right) unlike Garmin's (left)"
    );

    let theirs = miler_fit::decode(&common::read("fit-workouts/garmin_sdk_4x400.fit"))
        .expect("decodes")
        .strict()
        .expect("sound");
    let ours = miler_fit::decode(&ours)
        .expect("decodes")
        .strict()
        .expect("sound");
    assert_eq!(ours.file_ids, theirs.file_ids);
    assert_eq!(ours.workouts, theirs.workouts);
    assert_eq!(ours.workout_steps, theirs.workout_steps);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn our_decoder_reads_back_every_workout() {
    for (name, w) in table() {
        let bytes = encode_workout(&w).unwrap_or_else(|e| panic!("{name}: {e}"));
        let diffs = our_differences(&w, &bytes);
        assert!(diffs.is_empty(), "{name}:\n{diffs:#?}");
    }
}

#[test]
fn nested_repeats_keep_the_plan_s_structure() {
    // (step, duration type, duration value, target value): the 200 m and the jog are repeated
    // 4 times from step 1, then that block and the rest between sets 3 times, also from step 1.
    let want: [(u16, DurationType, u32, u32); 7] = [
        (0, DurationType::TIME, 900_000, 0),
        (1, DurationType::DISTANCE, 20_000, 0),
        (2, DurationType::TIME, 60_000, 0),
        (3, DurationType::REPEAT_UNTIL_STEPS_CMPLT, 1, 4),
        (4, DurationType::TIME, 180_000, 0),
        (5, DurationType::REPEAT_UNTIL_STEPS_CMPLT, 1, 3),
        (6, DurationType::OPEN, 0, 0),
    ];
    let bytes = encode_workout(&sets_of_200s()).expect("valid");
    let a = miler_fit::decode(&bytes)
        .expect("decodes")
        .strict()
        .expect("sound");
    assert_eq!(a.workouts[0].num_valid_steps, Some(7));
    let got: Vec<_> = a
        .workout_steps
        .iter()
        .map(|s| {
            (
                s.message_index.expect("index"),
                s.duration_type.expect("duration type"),
                s.duration_value.expect("duration value"),
                s.target_value.expect("target value"),
            )
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn names_and_notes_are_cut_on_character_boundaries() {
    // (step, name, notes): names keep 63 bytes and notes 254, less any character that would be
    // split; text stops at a NUL; empty text is no text.
    let want: [(usize, Option<String>, Option<String>); 6] = [
        (0, Some("n".repeat(63)), Some("x".repeat(254))),
        (1, Some("é".repeat(31)), Some("ü".repeat(127))),
        (2, Some("🏃".repeat(15)), Some("🏃".repeat(63))),
        (3, Some("Tempo".to_owned()), None),
        (4, None, None),
        (5, None, None),
    ];
    let bytes = encode_workout(&long_texts()).expect("valid");
    let a = miler_fit::decode(&bytes)
        .expect("decodes")
        .strict()
        .expect("sound");
    assert_eq!(a.workouts[0].name, Some("W".repeat(63)));
    for (i, name, notes) in want {
        let step = &a.workout_steps[i];
        assert_eq!((&step.name, &step.notes), (&name, &notes), "step {i}");
    }
}

#[test]
fn the_step_limit_is_65534() {
    let steps = vec![time(1_000, OPEN, ACTIVE); WorkoutFile::MAX_STEPS];
    let bytes = encode_workout(&workout("Many", steps)).expect("65534 steps are allowed");
    let a = miler_fit::decode(&bytes)
        .expect("decodes")
        .strict()
        .expect("sound");
    assert_eq!(a.workouts[0].num_valid_steps, Some(65_534));
    assert_eq!(a.workout_steps.len(), 65_534);
    assert_eq!(
        a.workout_steps.last().and_then(|s| s.message_index),
        Some(65_533)
    );
}

#[test]
fn invalid_workouts_are_refused() {
    use EncodeErrorKind as K;
    let base = || {
        workout(
            "Base",
            vec![time(60_000, OPEN, ACTIVE), time(60_000, OPEN, REST)],
        )
    };
    let with_steps = |steps: Vec<StepSpec>| workout("Bad", steps);
    let a = || time(60_000, OPEN, ACTIVE);
    let reserved = |field, value| K::ReservedValue { field, value };
    // (what, workout, offending step, error).
    let cases: Vec<(&str, WorkoutFile, Option<usize>, K)> = vec![
        ("no steps", with_steps(vec![]), None, K::NoSteps),
        (
            "one step too many",
            with_steps(vec![a(); 65_535]),
            None,
            K::TooManySteps { count: 65_535 },
        ),
        (
            "sport 255",
            WorkoutFile {
                sport: Sport(255),
                ..base()
            },
            None,
            reserved("sport", 255),
        ),
        (
            "sub_sport 255",
            WorkoutFile {
                sub_sport: SubSport(255),
                ..base()
            },
            None,
            reserved("sub_sport", 255),
        ),
        (
            "product 65535",
            WorkoutFile {
                product: u16::MAX,
                ..base()
            },
            None,
            reserved("product", 65_535),
        ),
        (
            "serial number 0",
            WorkoutFile {
                serial_number: 0,
                ..base()
            },
            None,
            reserved("serial_number", 0),
        ),
        (
            "time_created 0xFFFFFFFF",
            WorkoutFile {
                time_created: FitTime(u32::MAX),
                ..base()
            },
            None,
            reserved("time_created", u32::MAX),
        ),
        (
            "intensity 255",
            with_steps(vec![a(), time(60_000, OPEN, Intensity(255))]),
            Some(1),
            reserved("intensity", 255),
        ),
        (
            "zero time",
            with_steps(vec![time(0, OPEN, ACTIVE)]),
            Some(0),
            K::ZeroDuration,
        ),
        (
            "zero distance",
            with_steps(vec![distance(0, OPEN, ACTIVE)]),
            Some(0),
            K::ZeroDuration,
        ),
        (
            "time 0xFFFFFFFF",
            with_steps(vec![time(u32::MAX, OPEN, ACTIVE)]),
            Some(0),
            reserved("duration_value", u32::MAX),
        ),
        (
            "distance 0xFFFFFFFF",
            with_steps(vec![distance(u32::MAX, OPEN, ACTIVE)]),
            Some(0),
            reserved("duration_value", u32::MAX),
        ),
        (
            "repeat as the first step",
            with_steps(vec![StepSpec::repeat(0, 2)]),
            Some(0),
            K::RepeatNotBackwards { from_step: 0 },
        ),
        (
            "repeat of itself",
            with_steps(vec![a(), StepSpec::repeat(1, 2)]),
            Some(1),
            K::RepeatNotBackwards { from_step: 1 },
        ),
        (
            "repeat of a later step",
            with_steps(vec![a(), StepSpec::repeat(2, 2), a()]),
            Some(1),
            K::RepeatNotBackwards { from_step: 2 },
        ),
        (
            "zero repeats",
            with_steps(vec![a(), StepSpec::repeat(0, 0)]),
            Some(1),
            K::ZeroRepeatCount,
        ),
        (
            "0xFFFFFFFF repeats",
            with_steps(vec![a(), StepSpec::repeat(0, u32::MAX)]),
            Some(1),
            reserved("target_value", u32::MAX),
        ),
        (
            "repeat with a target",
            with_steps(vec![
                a(),
                StepSpec {
                    target: speed(4_000, 4_500),
                    ..StepSpec::repeat(0, 2)
                },
            ]),
            Some(1),
            K::RepeatWithTarget,
        ),
        (
            // Steps 0-1 repeat, then a block from step 1 cuts that block in two.
            "blocks that cross",
            with_steps(vec![
                a(),
                a(),
                StepSpec::repeat(0, 2),
                a(),
                StepSpec::repeat(1, 2),
            ]),
            Some(4),
            K::RepeatsCross {
                from_step: 1,
                other: 2,
                other_from: 0,
            },
        ),
        (
            // Step 1 repeats step 0; step 2 would repeat step 1 alone, without step 0.
            "a block that starts at a repeat step",
            with_steps(vec![a(), StepSpec::repeat(0, 2), StepSpec::repeat(1, 2)]),
            Some(2),
            K::RepeatsCross {
                from_step: 1,
                other: 1,
                other_from: 0,
            },
        ),
        (
            "speed band upside down",
            with_steps(vec![a(), time(60_000, speed(5_000, 4_000), ACTIVE)]),
            Some(1),
            K::InvertedTarget {
                low: 5_000,
                high: 4_000,
            },
        ),
        (
            "speed 0xFFFFFFFF",
            with_steps(vec![time(60_000, speed(4_000, u32::MAX), ACTIVE)]),
            Some(0),
            reserved("custom_target_value_high", u32::MAX),
        ),
        (
            "heart-rate band upside down",
            with_steps(vec![time(60_000, heart_rate(170, 150), ACTIVE)]),
            Some(0),
            K::InvertedTarget {
                low: 170,
                high: 150,
            },
        ),
        (
            "heart rate 0",
            with_steps(vec![time(60_000, heart_rate(0, 150), ACTIVE)]),
            Some(0),
            K::ZeroHeartRate,
        ),
    ];
    let mut wrong = Vec::new();
    for (what, w, step, kind) in cases {
        match encode_workout(&w) {
            Ok(_) => wrong.push(format!("{what}: encoded")),
            Err(e) if e.step_index() != step || e.kind() != &kind => {
                wrong.push(format!("{what}: {e:?}, want step {step:?} {kind:?}"));
            }
            Err(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn errors_name_the_step_and_what_to_do() {
    let w = workout(
        "Bad",
        vec![time(60_000, OPEN, ACTIVE), StepSpec::repeat(0, 0)],
    );
    let e: EncodeError = encode_workout(&w).expect_err("zero repeats");
    assert_eq!(
        e.to_string(),
        "workout step 1: it repeats 0 times; a repeat count must be at least 1"
    );
}

proptest! {
    #[test]
    fn random_valid_workouts_round_trip_through_our_decoder(w in workout_file()) {
        let bytes = encode_workout(&w).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let diffs = our_differences(&w, &bytes);
        prop_assert!(diffs.is_empty(), "{:#?}", diffs);
    }
}
