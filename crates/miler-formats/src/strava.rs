//! A Strava bulk export: a zip of `activities.csv` and `activities/<id>.{fit,gpx,tcx}[.gz]`.
//!
//! Every entry that looks like an activity file is read on its own and gets its own result, so
//! one damaged file never costs the others. Each is joined to its `activities.csv` row by the
//! row's Filename (relative to the folder holding `activities.csv`, so a re-zipped export with
//! a top folder still joins), else by the Activity ID matching the file's stem; the row's name
//! and type then override the file's. A missing or unreadable CSV, or one whose columns cannot
//! be found, is a warning: the files still import, without names.
//!
//! The archive is untrusted:
//! - Entries with an absolute path or a `..` component are refused, reported, and never read
//!   (nothing is written to disk here, but the caller may, and such an entry is a sign of a
//!   crafted archive).
//! - Each entry is checked against its declared sizes before inflating (larger than
//!   [`Limits::max_file_bytes`], or compressed more than [`Limits::max_ratio`]:1), and bytes are
//!   counted while inflating because declared sizes can lie (the zip crate also stops an entry
//!   at its declared size; the count does not rely on it, and it is what guards the `.gz` inside
//!   an entry, which declares nothing). The archive as a whole may inflate
//!   at most [`Limits::max_archive_bytes`] (the `.gz` layer inside entries included); entries after
//!   that are reported, not read.
//! - Only stored and deflated entries are read; encrypted ones are refused.
//!
//! Memory is bounded by one entry at a time: [`StravaArchive`] lists the entries and joins
//! `activities.csv` when it is opened, then reads one entry per [`Iterator::next`], so an
//! importer stores an entry's activities and drops them before the next is inflated. An
//! archive may hold at most [`MAX_ARCHIVE_ENTRIES`] activity files; one with more is refused
//! when it is opened, before any entry is read.

use std::collections::HashMap;
use std::io::Cursor;

use miler_activity::Sport;
use zip::{CompressionMethod, ZipArchive};

use crate::activities_csv::{self, CsvRow};
use crate::detect::is_activity_file_name;
use crate::error::{Error, ErrorKind, Warning};
use crate::inflate::{self, Stop};
use crate::{Imported, Limits, samples};

/// The most activity files (and refused entries) one archive may hold.
///
/// A decade of daily runs is 3,650 files and a very busy one with doubles perhaps twice that;
/// 20,000 leaves room for any real export. An archive beyond it is refused as a whole rather
/// than imported in part: a partial import is easy to take for a whole one in a long report,
/// and an archive this large is far more likely crafted than exported, so nothing of it is
/// read. The runner can extract it and import the folder, or split it.
pub const MAX_ARCHIVE_ENTRIES: usize = 20_000;

/// A Strava export opened over its bytes, read one entry at a time.
///
/// Opening reads the central directory and `activities.csv`, joins the rows to the files, and
/// settles the archive's [`warnings`](StravaArchive::warnings); iterating inflates and reads one
/// activity file per step, in archive order. Nothing read from an entry is kept once it has
/// been returned.
#[derive(Debug)]
pub struct StravaArchive<'a> {
    name: String,
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// The entries still to read, each with the index of its `activities.csv` row.
    pending: std::vec::IntoIter<(Meta, Option<usize>)>,
    rows: Vec<CsvRow>,
    warnings: Vec<Warning>,
    limits: Limits,
    budget: Budget,
}

/// What a Strava export held, every entry read: [`StravaArchive`] collected.
#[derive(Debug, Clone)]
pub struct StravaExport {
    /// One per activity file in the archive (and per refused entry), in archive order.
    pub entries: Vec<ExportEntry>,
    /// Problems with the export as a whole: `activities.csv` missing, unreadable, or with an
    /// unknown layout; rows whose file is missing.
    pub warnings: Vec<Warning>,
}

/// One activity file of an export, and what became of it.
#[derive(Debug, Clone)]
pub struct ExportEntry {
    /// The entry's path in the archive, as written there.
    pub path: String,
    /// The `activities.csv` row this file was joined to, if any.
    pub row: Option<CsvRow>,
    /// The activities read, named and typed from `row`; or why the entry could not be read.
    pub result: Result<Imported, Error>,
}

/// Reads a whole Strava bulk-export zip into memory: [`StravaArchive::open`], every entry
/// collected.
///
/// Holds every activity of the archive at once, so it suits small archives, tests and tools;
/// an importer iterates a [`StravaArchive`] instead.
pub fn read_strava_export(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<StravaExport, Error> {
    let mut archive = StravaArchive::open(name, bytes, limits)?;
    let entries = archive.by_ref().collect();
    Ok(StravaExport {
        entries,
        warnings: archive.warnings,
    })
}

impl<'a> StravaArchive<'a> {
    /// Opens a Strava bulk-export zip (see the module documentation).
    ///
    /// Fails only when the archive itself is unreadable, holds no activity file at all, or
    /// holds more than [`MAX_ARCHIVE_ENTRIES`]; problems with single entries are in their
    /// [`ExportEntry::result`].
    pub fn open(name: &str, bytes: &'a [u8], limits: &Limits) -> Result<StravaArchive<'a>, Error> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            let message = e.to_string();
            Error::new(name, ErrorKind::Zip { message })
        })?;
        let metas: Vec<Meta> = (0..archive.len())
            .filter_map(|i| meta(&archive, i))
            .filter(|m| !m.is_dir)
            .collect();
        // Refused entries are reported one by one, so they count against the cap too.
        let entries = metas
            .iter()
            .filter(|m| !m.safe || is_activity_file_name(&m.path))
            .count();
        if entries > MAX_ARCHIVE_ENTRIES {
            return Err(Error::new(
                name,
                ErrorKind::TooManyEntries {
                    entries,
                    limit: MAX_ARCHIVE_ENTRIES,
                },
            ));
        }
        if entries == 0 {
            return Err(Error::new(name, ErrorKind::EmptyArchive));
        }
        let mut budget = Budget {
            used: 0,
            limit: limits.max_archive_bytes,
        };
        let csv = find_csv(&metas);
        let table = match csv {
            Some(m) => match inflate_entry(&mut archive, m, limits, &mut budget) {
                Ok(bytes) => activities_csv::parse(&bytes),
                Err(kind) => activities_csv::Table {
                    rows: Vec::new(),
                    warnings: vec![Warning::CsvUnreadable {
                        message: kind.to_string(),
                    }],
                },
            },
            None => activities_csv::Table::default(),
        };
        let csv_missing = csv.is_none();
        let root = csv.map_or(String::new(), |m| folder(&m.path).to_owned());

        let join = Join::new(&table.rows, &root);
        let mut used_rows = vec![false; table.rows.len()];
        let mut pending = Vec::with_capacity(entries);
        for m in metas {
            if !m.safe {
                pending.push((m, None));
            } else if is_activity_file_name(&m.path) {
                let row = join.find(&m.path);
                if let Some(i) = row {
                    used_rows[i] = true;
                }
                pending.push((m, row));
            }
        }

        let mut warnings = table.warnings;
        if csv_missing {
            warnings.push(Warning::CsvMissing);
        }
        let missing: Vec<String> = table
            .rows
            .iter()
            .zip(&used_rows)
            .filter(|(r, used)| !**used && !r.filename.is_empty())
            .map(|(r, _)| r.filename.clone())
            .collect();
        if !missing.is_empty() {
            warnings.push(Warning::MissingFiles { files: missing });
        }
        let by_hand = table.rows.iter().filter(|r| r.filename.is_empty()).count();
        if by_hand > 0 {
            warnings.push(Warning::RowsWithoutFile { rows: by_hand });
        }
        Ok(StravaArchive {
            name: name.to_owned(),
            archive,
            pending: pending.into_iter(),
            rows: table.rows,
            warnings,
            limits: *limits,
            budget,
        })
    }

    /// Problems with the export as a whole: `activities.csv` missing, unreadable, or with an
    /// unknown layout; rows whose file is missing. Settled when the archive is opened.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

impl Iterator for StravaArchive<'_> {
    type Item = ExportEntry;

    /// Reads the next entry: inflated, read and joined to its row, or why it could not be.
    fn next(&mut self) -> Option<ExportEntry> {
        let (m, row) = self.pending.next()?;
        let label = format!("{}:{}", self.name, m.path);
        if !m.safe {
            return Some(ExportEntry {
                path: m.path,
                row: None,
                result: Err(Error::new(&label, ErrorKind::UnsafePath)),
            });
        }
        let row = row.map(|i| self.rows[i].clone());
        let result = read_entry(
            &mut self.archive,
            &m,
            &label,
            row.as_ref(),
            &self.limits,
            &mut self.budget,
        );
        Some(ExportEntry {
            path: m.path,
            row,
            result,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.pending.size_hint()
    }
}

impl ExactSizeIterator for StravaArchive<'_> {}

/// The export's `activities.csv`: the shallowest entry of that name, so that an export zipped
/// inside a top folder is found too.
fn find_csv(metas: &[Meta]) -> Option<&Meta> {
    metas
        .iter()
        .filter(|m| m.safe && !m.is_dir)
        .filter(|m| last_component(&m.path).eq_ignore_ascii_case("activities.csv"))
        .min_by_key(|m| m.path.matches('/').count())
}

/// The folder part of a path, with its trailing separator ("" at the top).
fn folder(path: &str) -> &str {
    &path[..path.len() - last_component(path).len()]
}

/// Finds a file's `activities.csv` row.
#[derive(Debug)]
struct Join<'a> {
    /// The folder holding `activities.csv`; the rows' file names are relative to it.
    root: &'a str,
    by_file: HashMap<&'a str, usize>,
    by_id: HashMap<&'a str, usize>,
}

impl<'a> Join<'a> {
    fn new(rows: &'a [CsvRow], root: &'a str) -> Join<'a> {
        let index = |key: fn(&CsvRow) -> &str| {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| !key(r).is_empty())
                .map(|(i, r)| (key(r), i))
                .collect()
        };
        Join {
            root,
            by_file: index(|r| &r.filename),
            by_id: index(|r| &r.id),
        }
    }

    /// The row whose Filename is this entry's path, else whose Activity ID is its stem.
    fn find(&self, entry_path: &str) -> Option<usize> {
        // The CSV writes `/`; archives made on Windows may use `\`.
        let relative = entry_path
            .strip_prefix(self.root)
            .unwrap_or(entry_path)
            .replace('\\', "/");
        let stem = last_component(&relative).split('.').next().unwrap_or("");
        self.by_file
            .get(relative.as_str())
            .or_else(|| self.by_id.get(stem))
            .copied()
    }
}

/// Reads one activity entry: inflated within the limits, read by content, then named and typed
/// from its row.
fn read_entry(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    m: &Meta,
    label: &str,
    row: Option<&CsvRow>,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Imported, Error> {
    let bytes =
        inflate_entry(archive, m, limits, budget).map_err(|kind| Error::new(label, kind))?;
    let imported = crate::read_one(label, &bytes, limits, Some(&mut budget.used)).map_err(|e| {
        // An archive inside the archive is not opened.
        if e.kind() == &ErrorKind::Archive {
            Error::new(label, ErrorKind::Nested)
        } else {
            e
        }
    })?;
    Ok(apply_row(imported, row))
}

/// What the central directory says about an entry.
#[derive(Debug)]
struct Meta {
    index: usize,
    path: String,
    is_dir: bool,
    safe: bool,
    size: u64,
    compressed: u64,
    encrypted: bool,
    method: CompressionMethod,
}

fn meta(archive: &ZipArchive<Cursor<&[u8]>>, index: usize) -> Option<Meta> {
    let e = archive.by_index_data(index).ok()?;
    let path = match e.name() {
        Ok(n) => n.into_owned(),
        Err(_) => String::from_utf8_lossy(e.name_raw()).into_owned(),
    };
    Some(Meta {
        index,
        is_dir: e.is_dir(),
        safe: e.enclosed_name().is_some() && is_safe_path(&path),
        size: e.size(),
        compressed: e.compressed_size(),
        encrypted: e.encrypted(),
        method: e.compression(),
        path,
    })
}

/// Whether an entry path stays inside the archive: relative, no `..` component (even one that
/// would cancel out), no drive letter, no NUL. Backslashes count as separators, since zips made
/// on Windows use them.
fn is_safe_path(path: &str) -> bool {
    let path = path.replace('\\', "/");
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\0')
        && path.as_bytes().get(1) != Some(&b':')
        && path.split('/').all(|c| c != "..")
}

fn last_component(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Bytes inflated so far by an archive, against its limit.
#[derive(Debug)]
struct Budget {
    used: u64,
    limit: u64,
}

/// Inflates one entry after checking its declared sizes, counting the bytes.
fn inflate_entry(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    m: &Meta,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Vec<u8>, ErrorKind> {
    if budget.used >= budget.limit {
        return Err(ErrorKind::ArchiveBudget {
            limit: budget.limit,
        });
    }
    if m.encrypted {
        return Err(ErrorKind::UnsupportedEntry {
            how: "encrypted".to_owned(),
        });
    }
    if !matches!(
        m.method,
        CompressionMethod::Stored | CompressionMethod::Deflated
    ) {
        return Err(ErrorKind::UnsupportedEntry {
            how: format!("with {} compression", m.method),
        });
    }
    if m.size > limits.max_file_bytes {
        return Err(ErrorKind::TooLarge {
            limit: limits.max_file_bytes,
        });
    }
    if m.size > Limits::RATIO_GRACE_BYTES && m.size / m.compressed.max(1) > limits.max_ratio {
        return Err(ErrorKind::CompressionRatio {
            limit: limits.max_ratio,
            inflated: 0,
        });
    }
    let file = archive
        .by_index(m.index)
        .map_err(|e| ErrorKind::DamagedEntry {
            message: e.to_string(),
        })?;
    let result = inflate::read_bounded(file, m.compressed, m.size, limits);
    match result {
        Ok(bytes) => {
            budget.used = budget.used.saturating_add(bytes.len() as u64);
            Ok(bytes)
        }
        Err(Stop::Limit(kind)) => Err(kind),
        Err(Stop::Io(_, e)) => Err(ErrorKind::DamagedEntry {
            message: e.to_string(),
        }),
    }
}

/// Gives the activities the row's name, and its type where the type names a sport miler knows
/// (or the file knew none).
fn apply_row(mut imported: Imported, row: Option<&CsvRow>) -> Imported {
    let Some(row) = row else {
        return imported;
    };
    let sport = activities_csv::sport(&row.activity_type);
    for a in &mut imported.activities {
        if !row.name.is_empty() {
            a.name = Some(row.name.clone());
        }
        match (&sport, &a.sport) {
            (Some(s), _) => samples::set_sport(a, s.clone()),
            (None, Sport::Other(_)) if !row.activity_type.is_empty() => {
                samples::set_sport(a, Sport::from_name(&row.activity_type));
            }
            _ => {}
        }
    }
    imported
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_join_by_file_name_then_by_id() {
        let row = |id: &str, filename: &str| CsvRow {
            id: id.into(),
            filename: filename.into(),
            ..CsvRow::default()
        };
        let rows = [
            row("1", "activities/1.gpx"),
            row("22", ""),
            row("3", "activities/9.fit.gz"),
        ];
        let join = Join::new(&rows, "export/");
        for (path, want) in [
            ("export/activities/1.gpx", Some(0)),
            // Outside the CSV's folder the name does not match, but the ID does.
            ("export\\activities\\1.gpx", Some(0)),
            ("export/activities/22.tcx.gz", Some(1)),
            ("export/activities/9.fit.gz", Some(2)),
            ("export/activities/3.fit", Some(2)),
            ("export/activities/4.fit", None),
        ] {
            assert_eq!(join.find(path), want, "{path}");
        }
        let join = Join::new(&rows, "");
        assert_eq!(
            join.find("activities\\1.gpx"),
            Some(0),
            "Windows separators"
        );
    }

    /// A zip of `files` empty activity files (`unsafe_files` of them climbing out of the
    /// archive) and `photos` photos, stored without compression.
    fn many_entries(files: usize, unsafe_files: usize, photos: usize) -> Vec<u8> {
        use std::io::Write as _;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            zip::write::SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        for i in 0..files {
            let path = if i < unsafe_files {
                format!("../{i}.gpx")
            } else {
                format!("activities/{i}.gpx")
            };
            w.start_file(path, options).unwrap();
        }
        for i in 0..photos {
            w.start_file(format!("media/{i}.jpg"), options).unwrap();
            w.write_all(&[0xFF, 0xD8, 0xFF]).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn an_archive_may_hold_up_to_the_entry_cap() {
        // At the cap, photos beside the activity files do not count.
        let full = many_entries(MAX_ARCHIVE_ENTRIES, 0, 50);
        let archive = StravaArchive::open("full.zip", &full, &Limits::default()).unwrap();
        assert_eq!(archive.len(), MAX_ARCHIVE_ENTRIES);
        assert_eq!(archive.warnings(), [Warning::CsvMissing]);

        // One more is refused before any entry is read; refused paths count too.
        for (files, unsafe_files) in [(MAX_ARCHIVE_ENTRIES + 1, 0), (MAX_ARCHIVE_ENTRIES + 1, 3)] {
            let over = many_entries(files, unsafe_files, 0);
            let err = StravaArchive::open("over.zip", &over, &Limits::default()).unwrap_err();
            assert_eq!(
                err.kind(),
                &ErrorKind::TooManyEntries {
                    entries: MAX_ARCHIVE_ENTRIES + 1,
                    limit: MAX_ARCHIVE_ENTRIES
                }
            );
            assert!(
                err.to_string().starts_with(
                    "`over.zip` holds 20001 activity files, more than the 20000 miler reads"
                ),
                "{err}"
            );
        }
    }

    #[test]
    fn entries_are_read_one_at_a_time_in_archive_order() {
        let bytes = many_entries(3, 1, 1);
        let mut archive = StravaArchive::open("e.zip", &bytes, &Limits::default()).unwrap();
        assert_eq!(archive.size_hint(), (3, Some(3)));
        let first = archive.next().unwrap();
        assert_eq!(first.path, "../0.gpx");
        assert_eq!(
            first.result.unwrap_err().kind(),
            &ErrorKind::UnsafePath,
            "refused, not read"
        );
        assert_eq!(archive.len(), 2, "the rest are not read yet");
        let rest: Vec<String> = archive.map(|e| e.path).collect();
        assert_eq!(rest, ["activities/1.gpx", "activities/2.gpx"]);
    }

    #[test]
    fn unsafe_paths() {
        for (path, safe) in [
            ("activities/1.gpx", true),
            ("export/activities/1.fit.gz", true),
            ("../1.gpx", false),
            ("activities/../../1.gpx", false),
            ("a/..\\..\\1.gpx", false),
            ("/etc/passwd", false),
            ("\\windows\\x.gpx", false),
            ("C:/x.gpx", false),
            ("a\0b.gpx", false),
            ("a..b.gpx", true),
        ] {
            assert_eq!(is_safe_path(path), safe, "{path}");
        }
    }
}
