//! Every activity file a runner has, read into [`miler_activity::Activity`]: FIT, GPX, TCX, a
//! `.gz` of any of them, and Strava's bulk-export zip.
//!
//! Bytes in, values out. Every reader takes the file's bytes and its name; the name is used in
//! messages and as a hint when the content alone does not say what the file is. The crate reads
//! no files, walks no folders and reads no clock: the caller (the CLI, the web upload handler)
//! does the IO and passes the bytes, so everything here runs the same in a test, a server and a
//! fuzzer. Walking a folder of exports is left to the caller; [`is_activity_file_name`] says
//! which names are worth reading.
//!
//! # Entry points
//! - [`read`]: any supported input, detected by content ([`detect`]); a Strava export gives
//!   [`Contents::StravaExport`], opened but not yet read, anything else
//!   [`Contents::Activities`].
//! - [`read_activity`]: one activity file (FIT, GPX, TCX or a `.gz` of one).
//! - [`StravaArchive`]: a Strava bulk-export zip, one result per activity file inside, read
//!   one entry at a time; [`read_strava_export`] collects them all.
//! - [`gpx::read`], [`tcx::read`], [`fit::read`] and [`fit::convert`]: one format, for callers
//!   that already know it.
//!
//! # Example
//! ```
//! // A GPX as Strava exports it: spaces before the declaration, which XML forbids.
//! let gpx = br#"   <?xml version="1.0"?><gpx version="1.1"><trk><type>running</type><trkseg>
//!   <trkpt lat="45.000" lon="13.0"><time>2024-05-01T07:00:00Z</time></trkpt>
//!   <trkpt lat="45.001" lon="13.0"><time>2024-05-01T07:00:30Z</time></trkpt>
//! </trkseg></trk></gpx>"#;
//! let imported = miler_formats::read_activity("morning.gpx", gpx).unwrap();
//! let run = &imported.activities[0];
//! assert!(run.sport.is_running());
//! assert_eq!(run.samples.time_s(), [0.0, 30.0]);
//! // A thousandth of a degree of latitude at 45° N is 111.13 m on the WGS-84 ellipsoid.
//! assert!((run.samples.total_distance().metres() - 111.13).abs() < 0.01);
//!
//! let err = miler_formats::read("notes.txt", b"6 x 400 m").unwrap_err();
//! assert!(err.to_string().starts_with("`notes.txt` is not an activity file"));
//! ```
//!
//! # Shape
//! - `detect`: what a file is, from its first bytes.
//! - `xml`: what GPX and TCX share: streaming, tolerant text decoding (BOM, leading whitespace,
//!   UTF-16, Latin-1), element tracking and times.
//! - `samples`: rows into [`miler_activity::Samples`] as they are read, with the unit fixes
//!   every format needs.
//! - `text`: names made safe and short.
//! - `gzip`: a `.gz` read as it inflates.
//! - `gpx`, `tcx`, `fit`: one module per format.
//! - `inflate`: bounded decompression shared by `.gz` and zip entries.
//! - `strava`: the export zip and the join between its files and `activities.csv`;
//!   `activities_csv`: that file's localised, ever-growing layout.
//!
//! # Budgets
//! Every amount of work or memory a file can ask for is capped by a named constant, enforced in
//! one place, and reported with a [`Warning`] (or, for markup no activity file has, an
//! [`ErrorKind::Xml`]) when reached:
//! - [`Limits`]: bytes a `.gz` or zip entry may inflate to, and its compression ratio
//!   (`inflate::Bounded`).
//! - [`MAX_POINTS`]: samples from one file, 200,000 (`samples::Collector`); reading stops there
//!   and the first points are kept ([`Warning::PointsCapped`]). FIT records stop at the same
//!   number inside the decoder (`miler_fit::MAX_RECORDS`), which says so with the same warning.
//! - [`MAX_NAME_CHARS`]: an activity's name and sport name, 200 characters, with control
//!   characters and bidirectional overrides removed (`text::clean`, used by GPX, TCX, FIT and
//!   `activities.csv` alike).
//! - [`MAX_XML_DEPTH`], [`MAX_XML_EVENT_BYTES`], [`MAX_TEXT_BYTES`]: nesting, the size of one
//!   piece of markup or text, and the text kept from one element (`xml`). Entities are never
//!   expanded.
//! - [`MAX_ACTIVITIES`], [`MAX_LAPS`]: what one TCX file may hold (`tcx`).
//! - [`MAX_CSV_ROWS`], [`MAX_CSV_FIELD_BYTES`], [`MAX_CSV_COLUMNS`]: `activities.csv`
//!   (`activities_csv`).
//!
//! GPX and TCX, plain or gzipped, are streamed and their points go straight into the sample
//! columns, so reading one costs a few megabytes over the input whatever its size (measured
//! per case by `tests/hostile.rs`; `examples/peak.rs` measures any file).
//!
//! # Architecture invariants
//! - No IO, no clock, no global state.
//! - Hostile input never panics, never hangs and never makes the crate allocate much more than
//!   the input, except by inflating compressed data, which is capped by [`Limits`]; what it
//!   keeps is capped by the budgets above.
//! - Partial recovery is data: what could be read is returned with [`Warning`]s, and only input
//!   that yields nothing useful is an [`Error`]. Every error names the file, what was expected and
//!   what to do.
//! - Samples are built only through [`miler_activity::SamplesBuilder`], so every format gets the
//!   same invariants (relative times, monotonic distance, distance from positions).

mod activities_csv;
mod detect;
mod error;
pub mod fit;
pub mod gpx;
mod gzip;
mod inflate;
mod samples;
mod strava;
pub mod tcx;
mod text;
mod xml;

use miler_activity::Activity;

pub use activities_csv::CsvRow;
pub use activities_csv::{MAX_CSV_COLUMNS, MAX_CSV_FIELD_BYTES, MAX_CSV_ROWS};
pub use detect::{Format, detect, is_activity_file_name};
pub use error::{Error, ErrorKind, Warning};
pub use inflate::Limits;
pub use samples::MAX_POINTS;
pub use strava::{
    ExportEntry, MAX_ARCHIVE_ENTRIES, StravaArchive, StravaExport, read_strava_export,
};
pub use tcx::{MAX_ACTIVITIES, MAX_LAPS};
pub use text::MAX_NAME_CHARS;
pub use xml::{MAX_TEXT_BYTES, MAX_XML_DEPTH, MAX_XML_EVENT_BYTES};

/// The activities read from one file, and what was recovered from on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Usually one. A multisport FIT file can give several (see [`fit`]), as can a TCX file with
    /// several `<Activity>` elements.
    pub activities: Vec<Activity>,
    /// Problems that were worked around: points without times, a damaged tail, a FIT CRC
    /// mismatch. Empty for a sound file.
    pub warnings: Vec<Warning>,
}

/// What [`read`] found in a file.
#[derive(Debug)]
pub enum Contents<'a> {
    /// A single activity file (FIT, GPX, TCX, or a `.gz` of one).
    Activities(Imported),
    /// A zip archive, opened as a Strava bulk export: iterate it for one result per activity
    /// file inside, read as it is reached.
    StravaExport(StravaArchive<'a>),
}

/// Reads any supported input, detected by its content, with the default [`Limits`].
///
/// `name` is the file's name (or any label the caller wants in messages); it is used as a hint
/// when the content is not recognised, for example to give a GPX-specific error for a damaged
/// `run.gpx`.
pub fn read<'a>(name: &str, bytes: &'a [u8]) -> Result<Contents<'a>, Error> {
    read_with_limits(name, bytes, &Limits::default())
}

/// [`read`] with explicit [`Limits`] on decompression.
pub fn read_with_limits<'a>(
    name: &str,
    bytes: &'a [u8],
    limits: &Limits,
) -> Result<Contents<'a>, Error> {
    match detect(name, bytes) {
        Some(Format::Zip) => StravaArchive::open(name, bytes, limits).map(Contents::StravaExport),
        _ => read_activity_with_limits(name, bytes, limits).map(Contents::Activities),
    }
}

/// Reads one activity file: FIT, GPX, TCX, or a `.gz` of one (detected by content, not by the
/// name's extension). A zip is refused with [`ErrorKind::Archive`]; use [`read`] or
/// [`StravaArchive`] for those.
pub fn read_activity(name: &str, bytes: &[u8]) -> Result<Imported, Error> {
    read_activity_with_limits(name, bytes, &Limits::default())
}

/// [`read_activity`] with explicit [`Limits`] on decompression.
pub fn read_activity_with_limits(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Imported, Error> {
    read_one(name, bytes, limits, None)
}

/// Reads one activity file, adding the bytes a `.gz` inflated to `inflated` when given (an
/// archive counts them against its budget).
pub(crate) fn read_one(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    inflated: Option<&mut u64>,
) -> Result<Imported, Error> {
    let format = detect(name, bytes).or_else(|| detect::from_name(name));
    match format {
        Some(Format::Fit) => fit::read(name, bytes),
        Some(Format::Gpx) => gpx::read(name, bytes),
        Some(Format::Tcx) => tcx::read(name, bytes),
        Some(Format::Zip) => Err(Error::new(name, ErrorKind::Archive)),
        Some(Format::Gzip) => gzip::read(name, bytes, limits, inflated),
        None => Err(Error::new(name, ErrorKind::NotActivityFile)),
    }
}
