//! The crate's error and warning types.
//!
//! An [`Error`] means a file gave nothing usable; a [`Warning`] rides along with what was read.
//! Both are written for the runner who will see them: an error names the file, says what was
//! expected, and says what to do ("export the activity instead of the route"), because "parse
//! error" helps nobody. The kinds are typed so callers can branch on them (a web upload may
//! treat [`ErrorKind::RouteOnly`] differently from a damaged file) and so tests can assert them.

use crate::detect::Format;

/// A file that could not be read, with the file's name.
///
/// Displays as "`run.gpx` is a route (…) …": the kind's message continues the sentence.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{file}` {kind}")]
pub struct Error {
    file: String,
    kind: ErrorKind,
}

impl Error {
    pub(crate) fn new(file: &str, kind: ErrorKind) -> Error {
        Error {
            file: file.to_owned(),
            kind,
        }
    }

    /// The file (or archive entry, as `archive.zip:path/in/archive`) the error is about.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

/// What went wrong; each message continues "`file` …".
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The content is none of the supported formats.
    #[error(
        "is not an activity file: expected FIT, GPX, TCX, a .gz of one, or a Strava export .zip"
    )]
    NotActivityFile,
    /// GPX or TCX that is not well-formed XML before anything useful was read.
    #[error(
        "is not well-formed {format} ({message}, at byte {offset}); the file may be cut short or \
         damaged: download or export it again"
    )]
    Xml {
        /// The format the file claimed to be.
        format: Format,
        /// Byte offset of the problem in the decoded text.
        offset: u64,
        /// The XML parser's description.
        message: String,
    },
    /// A GPX or TCX file with no recorded points at all (waypoints only, or empty).
    #[error(
        "has no recorded track points{}: miler imports recorded activities; export the activity \
         you ran from your watch or app",
        waypoint_note(*waypoints)
    )]
    NoTrack {
        /// How many waypoints (`<wpt>`) the file has instead.
        waypoints: usize,
    },
    /// A planned route or course: positions but no times, so nothing was run.
    #[error(
        "is a route or course ({points} points, no times), not a recorded activity: miler needs \
         the times you ran at; export the activity instead of the route"
    )]
    RouteOnly {
        /// Route or course points in the file.
        points: usize,
    },
    /// Track points exist but none has a time, so no pace, split or effort can be computed.
    #[error(
        "has {points} track points but none has a time: miler needs times to work out pace, \
         splits and best efforts; export the recorded activity (a track drawn on a map or \
         converted without times cannot be analysed)"
    )]
    NoTimes {
        /// Track points in the file.
        points: usize,
    },
    /// The FIT decoder could not recover anything.
    #[error("could not be read as a FIT file ({0}); if another app opens it, please report it")]
    Fit(miler_fit::Error),
    /// A valid FIT file that is not an activity (a workout, settings, a course).
    #[error(
        "is a FIT {file_type} file, not a recorded activity: import the file the watch saved \
         after the run"
    )]
    FitNotActivity {
        /// The file_id type's name, e.g. "workout".
        file_type: String,
    },
    /// A FIT activity with no record that has a time.
    #[error(
        "is a FIT activity without any timed records (the recording may have been cut off at the \
         start): there is nothing to analyse"
    )]
    FitNoRecords,
    /// A damaged gzip stream that yielded nothing.
    #[error("is a damaged gzip file ({message}); download or export it again")]
    Gzip {
        /// What the decompressor said.
        message: String,
    },
    /// Decompressing would produce more than the limit allows.
    #[error(
        "inflates to more than {} MiB, far more than any activity file; it was refused \
         so it cannot exhaust memory (raise the limit if the file is genuine)",
        limit / (1024 * 1024)
    )]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Compressed far more tightly than real activity data ever is: a decompression bomb.
    #[error(
        "compresses more than {limit}:1 (real activity files compress 2-20:1); it was refused as \
         a likely decompression bomb after inflating {inflated} bytes"
    )]
    CompressionRatio {
        /// The largest ratio allowed.
        limit: u64,
        /// Bytes inflated before the file was refused (0 when its declared size gave it away).
        inflated: u64,
    },
    /// The archive as a whole inflated past its budget; later entries were not read.
    #[error(
        "was not read: the archive already inflated {} MiB, its limit",
        limit / (1024 * 1024)
    )]
    ArchiveBudget {
        /// The archive limit in bytes.
        limit: u64,
    },
    /// A compressed file inside a compressed file.
    #[error(
        "is compressed twice (a .gz or .zip inside a .gz or a zip entry); decompress it once and \
         import the result"
    )]
    Nested,
    /// A zip passed where a single activity file was expected.
    #[error("is a zip archive; import it as a Strava export rather than as one activity file")]
    Archive,
    /// The zip archive itself cannot be read.
    #[error("is not a readable zip archive ({message}); download the export again")]
    Zip {
        /// What the zip reader said.
        message: String,
    },
    /// A zip entry that could not be inflated: damaged data, a bad checksum, or more data than
    /// its header declares.
    #[error(
        "could not be taken out of the archive ({message}); the export may be damaged: download \
         it again"
    )]
    DamagedEntry {
        /// What the zip reader said.
        message: String,
    },
    /// A zip that holds no activity file at all.
    #[error(
        "is a zip archive without any activity file (.fit, .gpx, .tcx or a .gz of one): expected \
         a Strava bulk export"
    )]
    EmptyArchive,
    /// A zip with more activity files than one archive may hold; none of them was read.
    #[error(
        "holds {entries} activity files, more than the {limit} miler reads from one archive (a \
         decade of daily runs is about 3,650); nothing was imported: extract the archive and \
         import its folder, or split it into smaller archives"
    )]
    TooManyEntries {
        /// Activity files (and refused entries) in the archive.
        entries: usize,
        /// The most one archive may hold.
        limit: usize,
    },
    /// A zip entry whose path is absolute or climbs out of the archive (`../`).
    #[error("is a path outside the archive; the entry was refused and not read")]
    UnsafePath,
    /// A zip entry stored with a method this crate does not inflate, or encrypted.
    #[error(
        "is stored {how}, which miler does not read; re-create the archive with ordinary \
         (deflate) compression and no password"
    )]
    UnsupportedEntry {
        /// "with bzip2 compression", "encrypted", ...
        how: String,
    },
}

fn waypoint_note(waypoints: usize) -> String {
    match waypoints {
        0 => String::new(),
        1 => " (only 1 waypoint)".to_owned(),
        n => format!(" (only {n} waypoints)"),
    }
}

/// A problem that was worked around; what was read is still returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Warning {
    /// The FIT decoder recovered from a problem (CRC mismatch, damaged tail, no session).
    #[error("FIT: {0}")]
    Fit(miler_fit::Error),
    /// A `.gz` ended early; what inflated before the end was read.
    #[error("the gzip data ends early after {inflated} bytes; the activity may be cut short")]
    TruncatedGzip {
        /// Bytes inflated before the end.
        inflated: u64,
    },
    /// GPX or TCX that stops being well-formed part way; the points before were kept.
    #[error(
        "the file is damaged or cut short at byte {offset} ({message}); the {points} points \
         before it were imported"
    )]
    Damaged {
        /// Byte offset of the problem in the decoded text.
        offset: u64,
        /// The XML parser's description.
        message: String,
        /// Points read before the problem.
        points: usize,
    },
    /// Some points had no time and could not be placed on the activity's clock.
    #[error(
        "{skipped} of {total} track points have no time and were left out; the activity covers \
         only the timed points"
    )]
    UntimedPoints {
        /// Points left out.
        skipped: usize,
        /// Points in the file.
        total: usize,
    },
    /// Samples whose time went backwards were dropped.
    #[error(
        "{dropped} samples were out of time order (back in time, or a day or more after the one before) and were left out"
    )]
    OutOfOrder {
        /// Samples dropped.
        dropped: usize,
    },
    /// Times written without a UTC offset were taken as UTC.
    #[error("times have no UTC offset and were taken as UTC; the start time may be off by hours")]
    TimesWithoutOffset,
    /// Routes in a file that also has a track; the track was imported.
    #[error("{routes} route(s) in the file were ignored; the recorded track was imported")]
    RoutesIgnored {
        /// Routes in the file.
        routes: usize,
    },
    /// Sessions of a multisport FIT file that are not running.
    #[error("the file's {} session(s) that are not running were skipped: {}", sports.len(), sports.join(", "))]
    SessionsSkipped {
        /// The skipped sessions' sports, in file order.
        sports: Vec<String>,
    },
    /// An activity inside a multi-activity file had no timed points.
    #[error("activity {index} in the file has no timed points and was skipped")]
    EmptyActivity {
        /// Its position in the file, from 1.
        index: usize,
    },
    /// An archive without `activities.csv`.
    #[error("the archive has no activities.csv, so names and types come from the files themselves")]
    CsvMissing,
    /// `activities.csv` could not be read at all.
    #[error("activities.csv could not be read ({message}); names and types come from the files")]
    CsvUnreadable {
        /// What went wrong.
        message: String,
    },
    /// `activities.csv` lacks columns miler needs.
    #[error(
        "activities.csv has no column for {}{}; its headers are: {}. Expected (in any of English, \
         German, French, Spanish, Dutch, Italian or Portuguese): Activity ID, Activity Name, \
         Activity Type, Filename, Activity Date",
        missing.join(", "),
        if *joined { "" } else { ", so no row could be matched to a file and names and types come from the files" },
        seen.join(" | ")
    )]
    CsvColumns {
        /// The columns that were not found, in English.
        missing: Vec<&'static str>,
        /// The header row as it was.
        seen: Vec<String>,
        /// Whether rows could still be matched to files (an ID or Filename column was found).
        joined: bool,
    },
    /// Rows of `activities.csv` name files the archive does not hold.
    #[error(
        "activities.csv lists {} file(s) the archive does not hold: {}{}",
        files.len(),
        files.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
        if files.len() > 5 { ", ..." } else { "" }
    )]
    MissingFiles {
        /// The missing files' names, as the rows give them.
        files: Vec<String>,
    },
    /// A name or sport name had control characters or was too long; the cleaned text was kept.
    #[error(
        "the activity's {field} {}{}{}",
        if *removed > 0 { format!("had {removed} control or direction-changing character(s), which were removed") } else { String::new() },
        if *removed > 0 && *truncated { " and " } else { "" },
        if *truncated { format!("was longer than {limit} characters and was cut there") } else { String::new() }
    )]
    TextCleaned {
        /// "name" or "sport".
        field: &'static str,
        /// [`crate::MAX_NAME_CHARS`].
        limit: usize,
        /// Whether the text was cut at the limit.
        truncated: bool,
        /// Characters removed or replaced by spaces.
        removed: usize,
    },
    /// The file holds more points than one activity may have; reading stopped at the limit.
    #[error(
        "the file has more than {limit} points (over 55 hours at one a second), more than miler \
         reads for one file; the first {limit} were imported and the rest left out"
    )]
    PointsCapped {
        /// [`crate::MAX_POINTS`].
        limit: usize,
    },
    /// The file holds more activities, or an activity more laps, than miler reads.
    #[error("the file has more than {limit} {what}; those after the first {limit} were left out")]
    ElementsCapped {
        /// "activities" or "laps".
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// `activities.csv` has more rows than miler reads; the rows after were not read.
    #[error(
        "activities.csv has more than {limit} rows; the rows after the first {limit} were not \
         read, so their files import without names"
    )]
    CsvRowsCapped {
        /// [`crate::MAX_CSV_ROWS`].
        limit: usize,
    },
    /// Names in `activities.csv` had control characters or were too long.
    #[error(
        "{rows} activity name(s) in activities.csv had control characters or more than {limit} \
         characters; they were cleaned and cut"
    )]
    CsvNamesCleaned {
        /// Rows whose name was changed.
        rows: usize,
        /// [`crate::MAX_NAME_CHARS`].
        limit: usize,
    },
    /// Rows of `activities.csv` without a file: activities entered by hand.
    #[error("{rows} activities in activities.csv have no file (entered by hand) and were skipped")]
    RowsWithoutFile {
        /// How many.
        rows: usize,
    },
}
