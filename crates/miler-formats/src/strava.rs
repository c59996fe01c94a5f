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
//! Memory is bounded by one entry at a time: an entry is inflated, read and dropped before the
//! next.

use std::collections::HashMap;
use std::io::Cursor;

use miler_activity::Sport;
use zip::{CompressionMethod, ZipArchive};

use crate::activities_csv::{self, CsvRow};
use crate::detect::is_activity_file_name;
use crate::error::{Error, ErrorKind, Warning};
use crate::inflate::{self, Stop};
use crate::{Imported, Limits, samples};

/// What a Strava export held.
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

/// Reads a Strava bulk-export zip (see the module documentation).
///
/// Fails only when the archive itself is unreadable or holds no activity file at all; problems
/// with single entries are in their [`ExportEntry::result`].
pub fn read_strava_export(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<StravaExport, Error> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        let message = e.to_string();
        Error::new(name, ErrorKind::Zip { message })
    })?;
    let metas: Vec<Meta> = (0..archive.len())
        .filter_map(|i| meta(&archive, i))
        .collect();
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
    let join = Join::new(&table.rows, csv.map_or("", |m| folder(&m.path)));

    let mut entries = Vec::new();
    let mut used_rows = vec![false; table.rows.len()];
    for m in metas.iter().filter(|m| !m.is_dir) {
        let label = format!("{name}:{}", m.path);
        if !m.safe {
            entries.push(ExportEntry {
                path: m.path.clone(),
                row: None,
                result: Err(Error::new(&label, ErrorKind::UnsafePath)),
            });
            continue;
        }
        if !is_activity_file_name(&m.path) {
            continue;
        }
        let row_index = join.find(&m.path);
        if let Some(i) = row_index {
            used_rows[i] = true;
        }
        let row = row_index.map(|i| table.rows[i].clone());
        let result = read_entry(&mut archive, m, &label, row.as_ref(), limits, &mut budget);
        entries.push(ExportEntry {
            path: m.path.clone(),
            row,
            result,
        });
    }
    if entries.is_empty() {
        return Err(Error::new(name, ErrorKind::EmptyArchive));
    }

    let mut warnings = table.warnings;
    if csv.is_none() {
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
    Ok(StravaExport { entries, warnings })
}

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
