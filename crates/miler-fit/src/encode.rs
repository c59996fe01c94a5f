//! The FIT workout-file encoder: a structured workout in, the bytes a watch loads out.
//!
//! This module owns the writing side of the crate, and only for workout files (file_id type 5):
//! a file_id, one workout message and one workout_step message per step, framed by a 14-byte
//! header and the file CRC. Its input, [`WorkoutFile`], speaks the FIT profile's language
//! (milliseconds, centimetres, mm/s, step indices), not miler's workout model, so the crate stays
//! independent of the rest of miler; turning a planned session into steps happens in the caller.
//!
//! # Why it is shaped so
//! - Everything is checked before a byte is written ([`encode_workout`] returns an
//!   [`EncodeError`] naming the step), because a watch given a malformed workout either rejects
//!   the file without saying why or, worse, runs something other than what was planned.
//! - Each message type gets one definition (local types 0, 1 and 2), written once before its
//!   data. String fields are sized to the longest text of that kind in the file, so a file of
//!   unnamed steps carries no name bytes; a step with shorter or no text pads with NULs, which
//!   every decoder reads as the shorter text or as no text.
//! - Field numbers, base types and enumeration values are the Garmin FIT SDK profile's
//!   (release 21.218): file_id 0 (type 0 enum, manufacturer 1 uint16, product 2 uint16,
//!   serial_number 3 uint32z, time_created 4 uint32), workout 26 (sport 4 enum,
//!   num_valid_steps 6 uint16, wkt_name 8 string, sub_sport 11 enum) and workout_step 27
//!   (message_index 254 uint16, wkt_step_name 0 string, duration_type 1 enum, duration_value 2
//!   uint32, target_type 3 enum, target_value 4 uint32, custom_target_value_low 5 and high 6
//!   uint32, intensity 7 enum, notes 8 string).
//! - The header says protocol 1.0: the file uses nothing from 2.0 (no developer fields, no
//!   64-bit types), and a decoder that knows only 1.0 refuses files with a newer major version.
//!
//! # Text
//! Names and notes are cut at the first NUL (FIT strings end there), then to their byte limit at
//! the last UTF-8 character boundary that fits, so no character is ever split:
//! [`WorkoutFile::MAX_NAME_BYTES`], [`StepSpec::MAX_NAME_BYTES`] and
//! [`StepSpec::MAX_NOTES_BYTES`]. An empty text (or one that starts with NUL) is written as no
//! text. Every text keeps its terminating NUL, and a FIT field is at most 255 bytes, so notes keep
//! at most 254; names are labels for a watch screen and keep 63, enough for "3 x (4 x 200 m,
//! 60 s) with 3 min between sets". A device that stores fewer bytes cuts the text itself, as FIT
//! decoders read a field by the size its definition gives.

use crate::crc::crc16;
use crate::types::{
    DurationType, FileType, FitTime, Intensity, Manufacturer, Sport, SubSport, TargetType,
};

/// A workout file to write: what the file_id and workout messages say, and the steps in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkoutFile {
    /// The workout's name (wkt_name), as the watch lists it; see [`WorkoutFile::MAX_NAME_BYTES`].
    pub name: String,
    /// The sport the watch runs the workout as, normally [`Sport::RUNNING`].
    pub sport: Sport,
    /// Refines the sport, e.g. [`SubSport::TRACK`]; [`SubSport::GENERIC`] when it does not matter.
    pub sub_sport: SubSport,
    /// file_id product: the writer's product number under manufacturer "development" (255).
    pub product: u16,
    /// file_id serial_number: with `time_created`, what tells two workout files apart. It must
    /// not be 0, which FIT reads as "no serial number".
    pub serial_number: u32,
    /// file_id time_created.
    pub time_created: FitTime,
    /// The steps in order; a step's index here is its message_index, which repeat steps name.
    pub steps: Vec<StepSpec>,
}

impl WorkoutFile {
    /// Longest workout name kept, in bytes of UTF-8.
    pub const MAX_NAME_BYTES: usize = 63;
    /// Most steps a workout can have, repeat steps included: message_index is a uint16 and 65535
    /// is its "no value".
    pub const MAX_STEPS: usize = 65_534;
}

/// One workout step: a block of running with a target, or a repeat of earlier steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepSpec {
    /// The step's name (wkt_step_name), shown while it runs; see [`StepSpec::MAX_NAME_BYTES`].
    pub name: Option<String>,
    /// Longer text the watch shows for the step; see [`StepSpec::MAX_NOTES_BYTES`].
    pub notes: Option<String>,
    /// When the step ends, or which steps it repeats.
    pub duration: StepDuration,
    /// The band to hold; must be [`StepTarget::Open`] for a repeat step.
    pub target: StepTarget,
    /// Warm-up, active, recovery, cool-down...; a repeat step's intensity is written as given.
    pub intensity: Intensity,
}

impl StepSpec {
    /// Longest step name kept, in bytes of UTF-8.
    pub const MAX_NAME_BYTES: usize = 63;
    /// Longest step notes kept, in bytes of UTF-8: the most a FIT field (at most 255 bytes)
    /// holds beside its terminating NUL.
    pub const MAX_NOTES_BYTES: usize = 254;

    /// An unnamed step without notes.
    pub fn new(duration: StepDuration, target: StepTarget, intensity: Intensity) -> StepSpec {
        StepSpec {
            name: None,
            notes: None,
            duration,
            target,
            intensity,
        }
    }

    /// A repeat step: run steps `from_step` up to this one `count` times in all. Its intensity is
    /// written as active; the steps it repeats carry their own.
    pub fn repeat(from_step: u16, count: u32) -> StepSpec {
        StepSpec::new(
            StepDuration::RepeatUntilStepsComplete { from_step, count },
            StepTarget::Open,
            Intensity::ACTIVE,
        )
    }

    /// The same step with a name.
    pub fn named(mut self, name: impl Into<String>) -> StepSpec {
        self.name = Some(name.into());
        self
    }

    /// The same step with notes.
    pub fn with_notes(mut self, notes: impl Into<String>) -> StepSpec {
        self.notes = Some(notes.into());
        self
    }
}

/// How a step ends (duration_type and duration_value, and target_value for a repeat).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepDuration {
    /// After this much timer time.
    Time {
        /// Milliseconds, more than 0.
        ms: u32,
    },
    /// After this distance.
    Distance {
        /// Centimetres, more than 0.
        cm: u32,
    },
    /// When the runner presses the lap button.
    Open,
    /// Go back to step `from_step` until the steps from there to this one have run `count`
    /// times in all (so `count` 4 runs them four times, not five).
    RepeatUntilStepsComplete {
        /// The first step of the repeated block: an earlier step.
        from_step: u16,
        /// How many times the block runs, at least 1.
        count: u32,
    },
}

impl StepDuration {
    /// The FIT duration_type this duration is written as.
    pub fn duration_type(self) -> DurationType {
        match self {
            StepDuration::Time { .. } => DurationType::TIME,
            StepDuration::Distance { .. } => DurationType::DISTANCE,
            StepDuration::Open => DurationType::OPEN,
            StepDuration::RepeatUntilStepsComplete { .. } => DurationType::REPEAT_UNTIL_STEPS_CMPLT,
        }
    }
}

/// The band a step asks the runner to stay in (target_type and the custom bounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepTarget {
    /// No target.
    Open,
    /// A speed band.
    Speed {
        /// Slowest speed, mm/s.
        low_mm_s: u32,
        /// Fastest speed, mm/s, at least `low_mm_s`.
        high_mm_s: u32,
    },
    /// A heart-rate band.
    HeartRate {
        /// Lowest heart rate, beats per minute, at least 1.
        low_bpm: u8,
        /// Highest heart rate, beats per minute, at least `low_bpm`.
        high_bpm: u8,
    },
}

impl StepTarget {
    /// The FIT target_type this target is written as.
    pub fn target_type(self) -> TargetType {
        match self {
            StepTarget::Open => TargetType::OPEN,
            StepTarget::Speed { .. } => TargetType::SPEED,
            StepTarget::HeartRate { .. } => TargetType::HEART_RATE,
        }
    }
}

/// Why a workout could not be encoded, and at which step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    step: Option<usize>,
    kind: EncodeErrorKind,
}

impl EncodeError {
    fn file(kind: EncodeErrorKind) -> EncodeError {
        EncodeError { step: None, kind }
    }

    fn step(step: usize, kind: EncodeErrorKind) -> EncodeError {
        EncodeError {
            step: Some(step),
            kind,
        }
    }

    /// The index of the offending step, or `None` when the problem is the file as a whole.
    pub fn step_index(&self) -> Option<usize> {
        self.step
    }

    /// What is wrong.
    pub fn kind(&self) -> &EncodeErrorKind {
        &self.kind
    }
}

impl std::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.step {
            Some(step) => write!(f, "workout step {step}: {}", self.kind),
            None => write!(f, "workout: {}", self.kind),
        }
    }
}

impl std::error::Error for EncodeError {}

/// What is wrong with a [`WorkoutFile`]; see [`EncodeError::step_index`] for where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// A workout without steps, which a watch has nothing to run.
    #[error("it has no steps; add at least one")]
    NoSteps,
    /// More steps than message_index can number.
    #[error(
        "it has {count} steps but a FIT workout holds at most {} (repeat steps included); \
         split it into several workouts",
        WorkoutFile::MAX_STEPS
    )]
    TooManySteps {
        /// How many steps it has.
        count: usize,
    },
    /// A value FIT reserves to mean "no value" for its field: a watch would read the field as
    /// missing.
    #[error("{field} is {value}, which FIT reserves to mean \"no value\"; choose another value")]
    ReservedValue {
        /// The FIT field's name.
        field: &'static str,
        /// The value given.
        value: u32,
    },
    /// A time or distance step of zero, which ends before it starts.
    #[error("its time or distance is 0; give it a positive length or make it an open step")]
    ZeroDuration,
    /// A repeat step that does not point back to an earlier step.
    #[error(
        "it repeats from step {from_step}, which is not an earlier step; a repeat step names the \
         first step of the block before it"
    )]
    RepeatNotBackwards {
        /// The step it named.
        from_step: u16,
    },
    /// Two repeated blocks that overlap without one containing the other.
    #[error(
        "it repeats from step {from_step}, which cuts into the block that step {other} repeats \
         (from step {other_from}); repeated blocks must nest or be apart"
    )]
    RepeatsCross {
        /// The step it named.
        from_step: u16,
        /// The earlier repeat step whose block is cut.
        other: usize,
        /// Where that block starts.
        other_from: u16,
    },
    /// A repeat step with a count of 0.
    #[error("it repeats 0 times; a repeat count must be at least 1")]
    ZeroRepeatCount,
    /// A repeat step with a target: its target_value field holds the repeat count instead.
    #[error("it is a repeat step with a target; a repeat step's target must be open")]
    RepeatWithTarget,
    /// A target band whose low bound is above its high bound.
    #[error("its target's low bound {low} is above its high bound {high}; swap them")]
    InvertedTarget {
        /// The low bound given.
        low: u32,
        /// The high bound given.
        high: u32,
    },
    /// A heart-rate bound of 0 bpm. FIT stores a heart rate in bpm as bpm + 100 and reads 100 as
    /// "100 % of maximum", so 0 bpm cannot be written.
    #[error("its heart-rate band starts at 0 bpm; bounds must be at least 1 bpm")]
    ZeroHeartRate,
}

/// Encodes a workout file, or says what is wrong with it.
///
/// # Example
/// ```
/// use miler_fit::{FitTime, Intensity, Sport, StepDuration, StepSpec, StepTarget, SubSport};
///
/// let workout = miler_fit::WorkoutFile {
///     name: "2 x 1 km".to_owned(),
///     sport: Sport::RUNNING,
///     sub_sport: SubSport::GENERIC,
///     product: 0,
///     serial_number: 1,
///     time_created: FitTime(1_104_624_000),
///     steps: vec![
///         StepSpec::new(
///             StepDuration::Distance { cm: 100_000 },
///             StepTarget::Open,
///             Intensity::ACTIVE,
///         ),
///         StepSpec::repeat(0, 2),
///     ],
/// };
/// let bytes = miler_fit::encode_workout(&workout).unwrap();
/// let decoded = miler_fit::decode(&bytes).unwrap().strict().unwrap();
/// assert_eq!(decoded.workouts[0].num_valid_steps, Some(2));
/// ```
pub fn encode_workout(workout: &WorkoutFile) -> Result<Vec<u8>, EncodeError> {
    validate(workout)?;
    let name = fit_text(&workout.name, WorkoutFile::MAX_NAME_BYTES);
    let step_names: Vec<&str> = workout
        .steps
        .iter()
        .map(|s| fit_text(s.name.as_deref().unwrap_or(""), StepSpec::MAX_NAME_BYTES))
        .collect();
    let step_notes: Vec<&str> = workout
        .steps
        .iter()
        .map(|s| fit_text(s.notes.as_deref().unwrap_or(""), StepSpec::MAX_NOTES_BYTES))
        .collect();
    let name_size = string_size(step_names.iter().copied());
    let notes_size = string_size(step_notes.iter().copied());

    let mut out = Vec::with_capacity(
        HEADER_SIZE + 100 + workout.steps.len() * (30 + name_size + notes_size) + 2,
    );
    out.extend_from_slice(&[0; HEADER_SIZE]);

    let file_id = [
        Field::Enum(0, FileType::WORKOUT.0),
        Field::U16(1, Manufacturer::DEVELOPMENT.0),
        Field::U16(2, workout.product),
        Field::U32z(3, workout.serial_number),
        Field::U32(4, workout.time_created.0),
    ];
    message(&mut out, LOCAL_FILE_ID, GLOBAL_FILE_ID, &file_id, true);

    // validate() has bounded the step count to a u16.
    let num_steps = u16::try_from(workout.steps.len()).unwrap_or(u16::MAX);
    let mut workout_fields = vec![
        Field::Enum(4, workout.sport.0),
        Field::Enum(11, workout.sub_sport.0),
        Field::U16(6, num_steps),
    ];
    if !name.is_empty() {
        workout_fields.push(Field::Str(8, name, string_size([name])));
    }
    message(
        &mut out,
        LOCAL_WORKOUT,
        GLOBAL_WORKOUT,
        &workout_fields,
        true,
    );

    for (i, step) in workout.steps.iter().enumerate() {
        let index = u16::try_from(i).unwrap_or(u16::MAX);
        let fields = step_fields(
            step,
            index,
            (step_names[i], name_size),
            (step_notes[i], notes_size),
        );
        message(
            &mut out,
            LOCAL_WORKOUT_STEP,
            GLOBAL_WORKOUT_STEP,
            &fields,
            i == 0,
        );
    }

    let data_size = u32::try_from(out.len() - HEADER_SIZE).unwrap_or(u32::MAX);
    out[0] = HEADER_SIZE as u8;
    out[1] = PROTOCOL_VERSION;
    out[2..4].copy_from_slice(&PROFILE_VERSION.to_le_bytes());
    out[4..8].copy_from_slice(&data_size.to_le_bytes());
    out[8..12].copy_from_slice(b".FIT");
    let header_crc = crc16(&out[..12]);
    out[12..14].copy_from_slice(&header_crc.to_le_bytes());
    let crc = crc16(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    Ok(out)
}

/// A 14-byte header: the 12-byte one plus its own CRC.
const HEADER_SIZE: usize = 14;
/// Protocol 1.0 (major version in the high nibble).
const PROTOCOL_VERSION: u8 = 0x10;
/// The profile the field numbers were checked against, 21.218, as major * 1000 + minor (the
/// SDK's own encoding of the version).
const PROFILE_VERSION: u16 = 21_218;

const GLOBAL_FILE_ID: u16 = 0;
const GLOBAL_WORKOUT: u16 = 26;
const GLOBAL_WORKOUT_STEP: u16 = 27;
const LOCAL_FILE_ID: u8 = 0;
const LOCAL_WORKOUT: u8 = 1;
const LOCAL_WORKOUT_STEP: u8 = 2;

/// FIT base types, as written in definitions.
const BASE_ENUM: u8 = 0x00;
const BASE_STRING: u8 = 0x07;
const BASE_UINT16: u8 = 0x84;
const BASE_UINT32: u8 = 0x86;
const BASE_UINT32Z: u8 = 0x8C;

/// The uint32 "no value", written for the custom bounds of a step without a band.
const NO_U32: u32 = u32::MAX;

/// One field of a message: its number, its value, and for strings the field size.
#[derive(Debug, Clone, Copy)]
enum Field<'a> {
    Enum(u8, u8),
    U16(u8, u16),
    U32(u8, u32),
    U32z(u8, u32),
    /// Text and field size in bytes; the text is shorter than the size.
    Str(u8, &'a str, usize),
}

impl Field<'_> {
    /// (field number, size in bytes, base type), as a definition lists it.
    fn definition(self) -> (u8, u8, u8) {
        match self {
            Field::Enum(n, _) => (n, 1, BASE_ENUM),
            Field::U16(n, _) => (n, 2, BASE_UINT16),
            Field::U32(n, _) => (n, 4, BASE_UINT32),
            Field::U32z(n, _) => (n, 4, BASE_UINT32Z),
            // string_size() caps sizes at 255.
            Field::Str(n, _, size) => (n, u8::try_from(size).unwrap_or(u8::MAX), BASE_STRING),
        }
    }

    fn write(self, out: &mut Vec<u8>) {
        match self {
            Field::Enum(_, v) => out.push(v),
            Field::U16(_, v) => out.extend_from_slice(&v.to_le_bytes()),
            Field::U32(_, v) | Field::U32z(_, v) => out.extend_from_slice(&v.to_le_bytes()),
            Field::Str(_, text, size) => {
                out.extend_from_slice(text.as_bytes());
                out.resize(out.len() + size - text.len(), 0);
            }
        }
    }
}

/// Writes one data message, preceded by its definition when `define` is set. Every message of a
/// local type has the same fields in the same order, so the first one's definition serves all.
fn message(out: &mut Vec<u8>, local: u8, global: u16, fields: &[Field<'_>], define: bool) {
    if define {
        out.push(0x40 | local);
        out.push(0); // Reserved.
        out.push(0); // Little-endian.
        out.extend_from_slice(&global.to_le_bytes());
        out.push(u8::try_from(fields.len()).unwrap_or(u8::MAX));
        for field in fields {
            let (number, size, base) = field.definition();
            out.extend_from_slice(&[number, size, base]);
        }
    }
    out.push(local);
    for field in fields {
        field.write(out);
    }
}

/// The fields of one workout_step message. The list has the same shape for every step of a file
/// (string fields at the file's sizes, absent when the size is 0), as one definition requires.
fn step_fields<'a>(
    step: &StepSpec,
    index: u16,
    (name, name_size): (&'a str, usize),
    (notes, notes_size): (&'a str, usize),
) -> Vec<Field<'a>> {
    // A repeat step keeps its block's start in duration_value and its count in target_value;
    // every other step has target_value 0, which means "the custom bounds, not a zone". An open
    // step's duration_value is 0, as Garmin's encoder writes it.
    let (duration_value, target_value) = match step.duration {
        StepDuration::Time { ms } => (ms, 0),
        StepDuration::Distance { cm } => (cm, 0),
        StepDuration::Open => (0, 0),
        StepDuration::RepeatUntilStepsComplete { from_step, count } => {
            (u32::from(from_step), count)
        }
    };
    let (low, high) = match step.target {
        StepTarget::Open => (NO_U32, NO_U32),
        StepTarget::Speed {
            low_mm_s,
            high_mm_s,
        } => (low_mm_s, high_mm_s),
        // Heart rates in bpm are stored as bpm + 100 (0 to 100 are percentages of maximum).
        StepTarget::HeartRate { low_bpm, high_bpm } => {
            (u32::from(low_bpm) + 100, u32::from(high_bpm) + 100)
        }
    };
    let mut fields = Vec::with_capacity(11);
    fields.push(Field::U16(254, index));
    if name_size > 0 {
        fields.push(Field::Str(0, name, name_size));
    }
    fields.extend([
        Field::Enum(1, step.duration.duration_type().0),
        Field::U32(2, duration_value),
        Field::Enum(3, step.target.target_type().0),
        Field::U32(4, target_value),
        Field::U32(5, low),
        Field::U32(6, high),
        Field::Enum(7, step.intensity.0),
    ]);
    if notes_size > 0 {
        fields.push(Field::Str(8, notes, notes_size));
    }
    fields
}

/// The field size for strings of this kind: the longest text plus its NUL, or 0 (no field) when
/// every text is empty. Texts are already cut to at most 254 bytes, so the size fits a byte.
fn string_size<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    texts
        .into_iter()
        .map(str::len)
        .max()
        .filter(|&longest| longest > 0)
        .map_or(0, |longest| longest.min(254) + 1)
}

/// `text` as FIT can hold it in `max` bytes: up to its first NUL, then cut at the last character
/// boundary within `max` bytes.
fn fit_text(text: &str, max: usize) -> &str {
    let text = text.split('\0').next().unwrap_or("");
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn validate(workout: &WorkoutFile) -> Result<(), EncodeError> {
    use EncodeErrorKind as K;
    let reserved = |field, value: u32, invalid: u32| {
        if value == invalid {
            Err(K::ReservedValue { field, value })
        } else {
            Ok(())
        }
    };
    let file = |r: Result<(), K>| r.map_err(EncodeError::file);
    let count = workout.steps.len();
    if count == 0 {
        return Err(EncodeError::file(K::NoSteps));
    }
    if count > WorkoutFile::MAX_STEPS {
        return Err(EncodeError::file(K::TooManySteps { count }));
    }
    file(reserved("sport", workout.sport.0.into(), 0xFF))?;
    file(reserved("sub_sport", workout.sub_sport.0.into(), 0xFF))?;
    file(reserved("product", workout.product.into(), 0xFFFF))?;
    file(reserved("serial_number", workout.serial_number, 0))?;
    file(reserved("time_created", workout.time_created.0, NO_U32))?;

    // Blocks repeated so far that no later repeat has swallowed, as (first step, repeat step),
    // disjoint and in order. A new block must contain or avoid each of them, never cut one.
    let mut blocks: Vec<(u16, usize)> = Vec::new();
    for (i, step) in workout.steps.iter().enumerate() {
        let check = |r: Result<(), K>| r.map_err(|kind| EncodeError::step(i, kind));
        check(reserved("intensity", step.intensity.0.into(), 0xFF))?;
        match step.duration {
            StepDuration::Time { ms: value } | StepDuration::Distance { cm: value } => {
                if value == 0 {
                    return Err(EncodeError::step(i, K::ZeroDuration));
                }
                check(reserved("duration_value", value, NO_U32))?;
            }
            StepDuration::Open => {}
            StepDuration::RepeatUntilStepsComplete { from_step, count } => {
                if usize::from(from_step) >= i {
                    return Err(EncodeError::step(i, K::RepeatNotBackwards { from_step }));
                }
                if count == 0 {
                    return Err(EncodeError::step(i, K::ZeroRepeatCount));
                }
                check(reserved("target_value", count, NO_U32))?;
                if step.target != StepTarget::Open {
                    return Err(EncodeError::step(i, K::RepeatWithTarget));
                }
                while blocks.last().is_some_and(|&(first, _)| first >= from_step) {
                    blocks.pop();
                }
                if let Some(&(other_from, other)) = blocks.last()
                    && other >= usize::from(from_step)
                {
                    return Err(EncodeError::step(
                        i,
                        K::RepeatsCross {
                            from_step,
                            other,
                            other_from,
                        },
                    ));
                }
                blocks.push((from_step, i));
            }
        }
        match step.target {
            StepTarget::Open => {}
            StepTarget::Speed {
                low_mm_s,
                high_mm_s,
            } => {
                if low_mm_s > high_mm_s {
                    return Err(EncodeError::step(
                        i,
                        K::InvertedTarget {
                            low: low_mm_s,
                            high: high_mm_s,
                        },
                    ));
                }
                check(reserved("custom_target_value_high", high_mm_s, NO_U32))?;
            }
            StepTarget::HeartRate { low_bpm, high_bpm } => {
                if low_bpm > high_bpm {
                    return Err(EncodeError::step(
                        i,
                        K::InvertedTarget {
                            low: low_bpm.into(),
                            high: high_bpm.into(),
                        },
                    ));
                }
                if low_bpm == 0 {
                    return Err(EncodeError::step(i, K::ZeroHeartRate));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_at_nul_and_on_character_boundaries() {
        // (text, limit, kept): "é" is two bytes and "🏃" four, so a limit that falls inside one
        // drops the whole character.
        let cases = [
            ("Warm up", 63, "Warm up"),
            ("", 63, ""),
            ("abc\0def", 63, "abc"),
            ("\0abc", 63, ""),
            ("abcdef", 3, "abc"),
            ("aé", 2, "a"),
            ("aé", 3, "aé"),
            ("🏃x", 3, ""),
            ("x🏃", 4, "x"),
            ("x🏃", 5, "x🏃"),
        ];
        for (text, max, want) in cases {
            assert_eq!(fit_text(text, max), want, "{text:?} in {max} bytes");
        }
    }

    #[test]
    fn string_fields_fit_the_longest_text() {
        let cases: &[(&[&str], usize)] = &[(&[], 0), (&["", ""], 0), (&["a", "abc"], 4)];
        for &(texts, want) in cases {
            assert_eq!(string_size(texts.iter().copied()), want, "{texts:?}");
        }
    }

    #[test]
    fn header_and_crcs_frame_the_data() {
        let workout = WorkoutFile {
            name: "x".to_owned(),
            sport: Sport::RUNNING,
            sub_sport: SubSport::GENERIC,
            product: 0,
            serial_number: 1,
            time_created: FitTime(0),
            steps: vec![StepSpec::new(
                StepDuration::Open,
                StepTarget::Open,
                Intensity::ACTIVE,
            )],
        };
        let bytes = encode_workout(&workout).expect("valid");
        let data_size = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
        assert_eq!(bytes[0], 14);
        // Protocol 1.0, which decoders that know only 1.0 accept and every later one reads.
        assert_eq!(bytes[1], 0x10, "protocol version");
        assert_eq!(&bytes[8..12], b".FIT");
        assert_eq!(bytes.len(), 14 + data_size + 2, "header data_size");
        assert_eq!(
            u16::from_le_bytes([bytes[12], bytes[13]]),
            crc16(&bytes[..12]),
            "header CRC"
        );
        // CRC-16/ARC over data followed by its own little-endian CRC is 0.
        assert_eq!(crc16(&bytes), 0, "file CRC");
    }
}
