//! miler's decoder for Garmin FIT files: the activity subset, bytes in, values out; and the
//! encoder for the one kind of FIT file miler writes, a workout for the watch.
//!
//! [`decode`] reads the messages miler uses — file_id, session, lap, record, event, device_info,
//! activity, and an embedded workout with its steps — and skips every other message by its size.
//! Records go straight into columns ([`Records`]); the rest become small structs of `Option`s.
//!
//! # Shape
//! - `decoder`: headers, chained blocks, the message loop, CRCs and recovery.
//! - `plan`: a definition message compiled into a decode plan (offsets of the wanted fields), so
//!   the record loop reads fixed offsets and never looks a field up by number.
//! - `records`: the column store. `messages`: the summary messages. `types`: timestamps and the
//!   profile's open enumerations. `crc`: the FIT CRC-16. `error`: the one error type.
//! - `encode`: [`encode_workout`] writes a workout file (file_id, workout, workout_step) from a
//!   [`WorkoutFile`], checked first and reported with its own [`EncodeError`]. It shares the
//!   types and the CRC with the decoder, and the decoder reads back what it writes.
//!
//! # Architecture invariants
//! - Pure: no file IO, no clock, no global state. Callers read the file; tests and benchmarks
//!   read the shared sample data.
//! - Never panics on any input, never loops without consuming input, and allocates in proportion
//!   to the input's length (the fuzz target and the mutation tests hold it to that), up to fixed
//!   budgets: [`MAX_RECORDS`] records and [`MAX_SUMMARIES`] messages of each summary kind.
//! - Values are SI numbers named with their unit (`distance_m`, `speed_m_s`) or the file's raw
//!   numbers. This crate depends on nothing of miler's, so it can be reused and tested alone;
//!   conversion into miler-core's unit types happens where activities are imported.
//! - Partial files are data, not failures: what decoded cleanly is returned with warnings.
//!
//! # Example
//! ```
//! // The smallest valid FIT file: a 14-byte header with no messages and its CRC.
//! let mut file = vec![14, 0x20, 0x08, 0x08, 0, 0, 0, 0, b'.', b'F', b'I', b'T', 0, 0];
//! let crc = miler_fit::crc16(&file);
//! file.extend(crc.to_le_bytes());
//! let decoded = miler_fit::decode(&file).unwrap();
//! assert!(decoded.is_complete());
//! assert!(decoded.activity.records.is_empty());
//! ```

mod crc;
mod decoder;
mod encode;
mod error;
mod messages;
mod plan;
mod records;
mod types;

pub use crc::crc16;
pub use decoder::{MAX_RECORDS, MAX_SUMMARIES};
pub use encode::{
    EncodeError, EncodeErrorKind, StepDuration, StepSpec, StepTarget, WorkoutFile, encode_workout,
};
pub use error::{Error, ErrorKind, Part};
pub use messages::{
    ActivitySummary, DeviceInfo, Event, FileId, Lap, Session, Workout, WorkoutStep,
};
pub use records::{NO_TIMESTAMP, NO_U8, Record, Records};
pub use types::{
    DurationType, EventKind, EventType, FIT_EPOCH_UNIX, FileType, FitTime, Intensity, LapTrigger,
    Manufacturer, Sport, SubSport, TargetType,
};

/// Everything miler reads from a FIT file, in file order. A chained file's parts are
/// concatenated (its records form one column store).
#[derive(Debug, Clone, Default)]
pub struct Activity {
    /// One per chained part that had one.
    pub file_ids: Vec<FileId>,
    /// The record messages as columns.
    pub records: Records,
    /// Laps of all sessions, in order; a session's laps start at its `first_lap_index`.
    pub laps: Vec<Lap>,
    /// One per sport (a triathlon has five: three sports and two transitions).
    pub sessions: Vec<Session>,
    /// Timer, lap and workout events.
    pub events: Vec<Event>,
    /// The recording device and its sensors.
    pub devices: Vec<DeviceInfo>,
    /// The activity messages (global 34), normally one.
    pub summaries: Vec<ActivitySummary>,
    /// Workout messages: one in a workout file or in an activity that ran a workout.
    pub workouts: Vec<Workout>,
    /// The workout's steps, in file order.
    pub workout_steps: Vec<WorkoutStep>,
}

impl Activity {
    /// The first file_id, which describes the file as a whole.
    pub fn file_id(&self) -> Option<&FileId> {
        self.file_ids.first()
    }

    /// The number of data messages decoded into this value.
    fn message_count(&self) -> usize {
        self.file_ids.len()
            + self.records.len()
            + self.laps.len()
            + self.sessions.len()
            + self.events.len()
            + self.devices.len()
            + self.summaries.len()
            + self.workouts.len()
            + self.workout_steps.len()
    }
}

/// A decoded file and what went wrong on the way, if anything.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// What decoded cleanly.
    pub activity: Activity,
    /// Problems that were recovered from, in the order they were found: a CRC mismatch, a
    /// truncated or damaged tail, an unfinished recording. Empty for a sound file.
    pub warnings: Vec<Error>,
}

impl Decoded {
    /// Whether the file decoded without any warning.
    pub fn is_complete(&self) -> bool {
        self.warnings.is_empty()
    }

    /// The activity if the file decoded without warnings, else the first warning as the error,
    /// for callers that accept only sound files.
    pub fn strict(self) -> Result<Activity, Error> {
        match self.warnings.into_iter().next() {
            Some(first) => Err(first),
            None => Ok(self.activity),
        }
    }
}

/// Decodes a FIT file.
///
/// Returns an error only when nothing could be recovered: the input does not start with a FIT
/// header, the first header's CRC is wrong, or the first block breaks before its first data
/// message. Otherwise returns what decoded cleanly, with [`Decoded::warnings`] saying what was
/// lost and where.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    let mut activity = Activity::default();
    let mut warnings = Vec::new();
    decoder::decode(bytes, &mut activity, &mut warnings)?;
    let is_activity_file = activity
        .file_id()
        .is_some_and(|f| f.file_type == Some(FileType::ACTIVITY));
    if is_activity_file && activity.sessions.is_empty() {
        warnings.push(Error::new(bytes.len(), ErrorKind::NoSession));
    }
    Ok(Decoded { activity, warnings })
}
