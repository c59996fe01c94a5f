//! Activity files into the store: the one import pipeline that `miler import` and the web
//! upload both run, so what a file becomes cannot differ between them.
//!
//! [`import_file`] takes one file's bytes and returns its [`FileReport`]: activities imported,
//! duplicates recognised, entries that failed and why, warnings. It works one archive entry at
//! a time: a blocking thread reads the file (and, for a Strava export, inflates and reads each
//! entry in turn) and hands each entry's activities to a second blocking thread, which does
//! the store's own work on them ([`Prepared`]: the summary, the compressed samples, the best
//! efforts); the caller's task stores them as they come. Each hand-over is a channel holding at
//! most [`DECODED_AHEAD`] entries. Reading an entry, compressing the one before and writing
//! the one before that thus overlap, the async threads never decode or compress, and memory
//! holds the file's bytes and a few entries, however many the archive has.
//!
//! Nothing that goes wrong with one entry stops the others: an entry that does not read, or
//! whose store write fails, is recorded as that entry's failure and the next one is read.
//!
//! [`ImportGate`] bounds how many files are imported at once ([`MAX_CONCURRENT_IMPORTS`]), so
//! a server's memory and cores are not divided among more uploads than it can serve.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};

use jiff::Timestamp;
use miler_activity::Activity;
use miler_core::Distance;
use miler_formats::{Contents, Format};
use miler_store::{ActivityId, AthleteId, Inserted, Prepared, Source, Store};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

/// How many files a server imports at once; further uploads wait for a turn (within their
/// request's timeout). Each import holds its file's bytes and keeps about one core busy
/// reading and compressing, so two fill a small server without crowding out its pages.
pub const MAX_CONCURRENT_IMPORTS: usize = 2;

/// Entries read ahead of the store: enough to keep the reading thread busy while an entry is
/// written, few enough that memory holds only a handful of activities.
pub const DECODED_AHEAD: usize = 2;

/// What became of one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileReport {
    /// The file's name, as the caller gave it.
    pub file: String,
    pub imported: Vec<ImportedActivity>,
    pub duplicates: Vec<Duplicate>,
    /// Why the file, or an entry of an archive, could not be imported; empty when all were.
    pub failed: Vec<Failure>,
    pub warnings: Vec<EntryWarning>,
}

impl FileReport {
    /// An empty report for `file`.
    pub fn new(file: &str) -> FileReport {
        FileReport {
            file: file.to_owned(),
            ..FileReport::default()
        }
    }

    /// A report of a file that was not read at all.
    pub fn refused(file: &str, error: String) -> FileReport {
        FileReport {
            failed: vec![Failure { entry: None, error }],
            ..FileReport::new(file)
        }
    }
}

/// An activity stored as new.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedActivity {
    /// The archive entry it came from; `None` for the file itself.
    pub entry: Option<String>,
    pub id: ActivityId,
    pub start_time: Option<Timestamp>,
    pub sport: String,
    pub name: Option<String>,
    pub distance: Distance,
}

/// An activity already stored, recognised and skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// The archive entry it came from; `None` for the file itself.
    pub entry: Option<String>,
    pub existing: ActivityId,
    pub reason: DuplicateReason,
}

/// How a duplicate was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateReason {
    /// The same file (or archive entry) was imported before.
    SameFile,
    /// The same activity came from another file: same start, distance and time.
    SameActivity,
}

impl DuplicateReason {
    /// As reports print it.
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateReason::SameFile => "same file",
            DuplicateReason::SameActivity => "same activity from another file",
        }
    }
}

/// A file or archive entry that could not be imported.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The archive entry; `None` for the file itself.
    pub entry: Option<String>,
    /// What went wrong and what to do, for the runner.
    pub error: String,
}

/// A problem worked around while reading a file or an archive entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryWarning {
    /// The archive entry; `None` for the file (or the archive as a whole).
    pub entry: Option<String>,
    pub warning: String,
}

/// What the reading thread hands on, in file order: to the preparing thread with plain
/// activities (`A` = [`Activity`]), which hands it to the store with each activity prepared
/// (`A` = `(Activity, Prepared)`).
#[derive(Debug)]
enum Decoded<A> {
    Warning {
        entry: Option<String>,
        warning: String,
    },
    Failed {
        entry: Option<String>,
        error: String,
    },
    Activities {
        entry: Option<String>,
        activities: Vec<A>,
        source: Source,
    },
}

/// Imports one file (an activity file, or a Strava export zip) for `athlete`.
///
/// `name` is the file's name: it names the file in messages and in the store, and hints at
/// the format when the content does not say. Never fails: everything that went wrong is in
/// the report.
pub async fn import_file(
    store: &Store,
    athlete: AthleteId,
    name: &str,
    bytes: Vec<u8>,
) -> FileReport {
    let (decoded, undecoded) = std::sync::mpsc::sync_channel(DECODED_AHEAD);
    let (sender, mut receiver) = mpsc::channel(DECODED_AHEAD);
    let file = name.to_owned();
    let reader = tokio::task::spawn_blocking(move || decode(&file, &bytes, &decoded));
    let preparer = tokio::task::spawn_blocking(move || prepare(&undecoded, &sender));
    let mut report = FileReport::new(name);
    while let Some(decoded) = receiver.recv().await {
        match decoded {
            Decoded::Warning { entry, warning } => {
                report.warnings.push(EntryWarning { entry, warning });
            }
            Decoded::Failed { entry, error } => report.failed.push(Failure { entry, error }),
            Decoded::Activities {
                entry,
                activities,
                source,
            } => {
                for (activity, prepared) in &activities {
                    insert(
                        store,
                        athlete,
                        entry.as_deref(),
                        (activity, prepared),
                        &source,
                        &mut report,
                    )
                    .await;
                }
            }
        }
    }
    if let Err(e) = match (reader.await, preparer.await) {
        (Err(e), _) | (_, Err(e)) => Err(e),
        _ => Ok(()),
    } {
        // A thread that panicked has handed on what it finished; the rest of the file is lost.
        report.failed.push(Failure {
            entry: None,
            error: format!(
                "reading stopped part way ({e}); what is listed above was imported, please \
                 report the file"
            ),
        });
    }
    report
}

/// The reading thread: reads `bytes` and sends what each entry holds, stopping early if the
/// importer has gone (a cancelled upload).
fn decode(file: &str, bytes: &[u8], out: &SyncSender<Decoded<Activity>>) {
    let send = |decoded: Decoded<Activity>| out.send(decoded).is_ok();
    let warning = |entry: Option<&str>, warning: &dyn ToString| Decoded::Warning {
        entry: entry.map(str::to_owned),
        warning: warning.to_string(),
    };
    match miler_formats::read(file, bytes) {
        Err(e) => {
            send(Decoded::Failed {
                entry: None,
                error: e.to_string(),
            });
        }
        Ok(Contents::Activities(imported)) => {
            for w in &imported.warnings {
                send(warning(None, w));
            }
            send(Decoded::Activities {
                entry: None,
                activities: imported.activities,
                source: Source::new(format_of(file, bytes), file, bytes),
            });
        }
        Ok(Contents::StravaExport(archive)) => {
            for w in archive.warnings() {
                send(warning(None, w));
            }
            let archive_hash = Source::new("zip", file, bytes).sha256;
            for entry in archive {
                let sent = match entry.result {
                    Err(e) => send(Decoded::Failed {
                        entry: Some(entry.path),
                        error: e.to_string(),
                    }),
                    Ok(imported) => {
                        for w in &imported.warnings {
                            send(warning(Some(&entry.path), w));
                        }
                        // The entry's own bytes stay inside the archive; the archive's hash
                        // and the entry's path identify it just as well for a re-import.
                        let mut identity = archive_hash.to_vec();
                        identity.extend_from_slice(entry.path.as_bytes());
                        let source =
                            Source::new(format_of(&entry.path, &[]), &entry.path, &identity);
                        send(Decoded::Activities {
                            entry: Some(entry.path),
                            activities: imported.activities,
                            source,
                        })
                    }
                };
                if !sent {
                    return;
                }
            }
        }
    }
}

/// The preparing thread: does the store's work on each activity the reading thread sends
/// ([`Prepared::of`]), so that on two cores reading the next entry, compressing this one and
/// writing the last overlap. Stops when the reader is done or the importer has gone.
fn prepare(input: &Receiver<Decoded<Activity>>, out: &mpsc::Sender<Decoded<(Activity, Prepared)>>) {
    for decoded in input {
        let prepared = match decoded {
            Decoded::Warning { entry, warning } => Decoded::Warning { entry, warning },
            Decoded::Failed { entry, error } => Decoded::Failed { entry, error },
            Decoded::Activities {
                entry,
                activities,
                source,
            } => Decoded::Activities {
                entry,
                activities: activities
                    .into_iter()
                    .map(|a| {
                        let prepared = Prepared::of(&a);
                        (a, prepared)
                    })
                    .collect(),
                source,
            },
        };
        if out.blocking_send(prepared).is_err() {
            return;
        }
    }
}

/// Stores one activity and records what became of it; a store error is that entry's failure.
async fn insert(
    store: &Store,
    athlete: AthleteId,
    entry: Option<&str>,
    (activity, prepared): (&Activity, &Prepared),
    source: &Source,
    report: &mut FileReport,
) {
    let entry = entry.map(str::to_owned);
    let duplicate = |existing, reason| Duplicate {
        entry: entry.clone(),
        existing,
        reason,
    };
    match store
        .insert_prepared(athlete, activity, prepared, source)
        .await
    {
        Ok(Inserted::New(id)) => report.imported.push(ImportedActivity {
            entry,
            id,
            start_time: activity.start_time,
            sport: activity.sport.as_str().to_owned(),
            name: activity.name.clone(),
            distance: activity.samples.total_distance(),
        }),
        Ok(Inserted::SameFile(id)) => report
            .duplicates
            .push(duplicate(id, DuplicateReason::SameFile)),
        Ok(Inserted::SameActivity(id)) => report
            .duplicates
            .push(duplicate(id, DuplicateReason::SameActivity)),
        Err(e) => report.failed.push(Failure {
            entry,
            error: with_causes(&e),
        }),
    }
}

/// An error and its causes, as one line.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let _ = write!(text, ": {cause}");
        source = cause.source();
    }
    text
}

/// `fit`, `gpx` or `tcx`, from the name (without `.gz`) or else the content: what the store
/// records as the activity's source format.
fn format_of(name: &str, bytes: &[u8]) -> &'static str {
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_suffix(".gz").unwrap_or(&lower);
    for ext in ["fit", "gpx", "tcx"] {
        if bare.ends_with(&format!(".{ext}")) {
            return ext;
        }
    }
    match miler_formats::detect(name, bytes) {
        Some(Format::Gpx) => "gpx",
        Some(Format::Tcx) => "tcx",
        _ => "fit",
    }
}

/// The turns at importing: at most [`MAX_CONCURRENT_IMPORTS`] files at once. Clones share the
/// same turns.
#[derive(Debug, Clone)]
pub struct ImportGate {
    turns: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
}

/// A turn at importing, given back when dropped.
#[derive(Debug)]
pub struct ImportTurn {
    _permit: OwnedSemaphorePermit,
}

impl Default for ImportGate {
    fn default() -> ImportGate {
        ImportGate::new(MAX_CONCURRENT_IMPORTS)
    }
}

impl ImportGate {
    /// A gate letting `turns` imports run at once.
    pub fn new(turns: usize) -> ImportGate {
        ImportGate {
            turns: Arc::new(Semaphore::new(turns)),
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Waits for a turn; turns are given in the order they were asked for.
    pub async fn enter(&self) -> ImportTurn {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        // Decrements even if the waiting future is dropped (a cancelled upload).
        let _waiting = Waiting(&self.waiting);
        let permit = Arc::clone(&self.turns)
            .acquire_owned()
            .await
            .expect("the gate's semaphore is never closed");
        ImportTurn { _permit: permit }
    }

    /// Imports waiting for a turn now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }

    /// Turns free now.
    pub fn free(&self) -> usize {
        self.turns.available_permits()
    }
}

/// Counts a caller out of [`ImportGate::waiting`] when it stops waiting, however it stops.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_the_name_then_the_content() {
        for (name, bytes, want) in [
            ("a.fit", &b""[..], "fit"),
            ("A.GPX.gz", b"", "gpx"),
            ("activities/1.tcx.gz", b"", "tcx"),
            ("upload", b"<?xml version=\"1.0\"?><gpx>", "gpx"),
            ("upload", b"<TrainingCenterDatabase>", "tcx"),
            ("upload", b"\x0e\x10", "fit"),
        ] {
            assert_eq!(format_of(name, bytes), want, "{name}");
        }
    }

    #[tokio::test]
    async fn the_gate_lets_in_as_many_as_it_has_turns() {
        let gate = ImportGate::default();
        let mut turns = Vec::new();
        for _ in 0..MAX_CONCURRENT_IMPORTS {
            turns.push(gate.enter().await);
        }
        assert_eq!(gate.free(), 0);
        let next = tokio::spawn({
            let gate = gate.clone();
            async move { gate.enter().await }
        });
        // A current-thread runtime runs the spawned task only when this one yields.
        for _ in 0..100 {
            if gate.waiting() == 1 {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(gate.waiting(), 1, "one more waits");
        assert!(!next.is_finished());
        turns.pop();
        let _turn = next.await.unwrap();
        assert_eq!((gate.waiting(), gate.free()), (0, 0));
    }
}
