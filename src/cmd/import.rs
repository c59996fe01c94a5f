//! `miler import PATH...`: activity files, folders of them and Strava export archives into the
//! database.
//!
//! Each activity goes in its own transaction (see `miler-store`), so one bad file is reported
//! and the rest still go in, and an interrupted import leaves every finished activity in
//! place and no half-written one. Re-importing is safe: a file seen before, or the same
//! activity from another file or format, is listed as a duplicate and skipped.

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use miler_activity::Activity;
use miler_formats::Contents;
use miler_store::{AthleteId, Inserted, Source, Store};
use serde::Serialize;

use crate::cli::{InputError, emit, invalid, round};
use crate::db;

/// Import FIT, GPX and TCX files (also gzipped), folders of them, and Strava export zips.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler import morning-run.fit
  miler import ~/Downloads/export_12345678.zip     a Strava bulk export
  miler import ~/watch/activities/                 every activity file in a folder
  miler import *.gpx --json")]
pub struct Args {
    /// Files or folders to import; folders are searched recursively for .fit, .gpx, .tcx
    /// (optionally .gz) and .zip files.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Serialize, Default)]
struct Report {
    imported: Vec<ImportedView>,
    duplicates: Vec<DuplicateView>,
    failed: Vec<FailedView>,
    warnings: Vec<WarningView>,
}

#[derive(Serialize)]
struct ImportedView {
    id: i64,
    path: String,
    start_time: Option<String>,
    sport: String,
    name: Option<String>,
    distance_m: f64,
}

#[derive(Serialize)]
struct DuplicateView {
    path: String,
    existing_id: i64,
    reason: &'static str,
}

#[derive(Serialize)]
struct FailedView {
    path: String,
    error: String,
}

#[derive(Serialize)]
struct WarningView {
    path: String,
    warning: String,
}

pub fn run(args: &Args, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let mut report = Report::default();
    let files = collect_files(&args.paths, &mut report);
    if files.is_empty() && report.failed.is_empty() {
        return Err(invalid(format!(
            "found no activity files in {}: give .fit, .gpx or .tcx files (optionally .gz), a folder of them, or a Strava export .zip",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let progress = progress_bar(files.len() as u64);
    db::block_on(async {
        let store = db::open(db_flag).await?;
        for path in &files {
            progress.set_message(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            import_file(&store, path, &mut report).await;
            progress.inc(1);
        }
        store.close().await;
        anyhow::Ok(())
    })??;
    progress.finish_and_clear();
    emit(json, &report, || human(&report))?;
    if report.failed.is_empty() {
        Ok(())
    } else {
        let n = report.failed.len();
        Err(InputError(format!(
            "{n} file{} could not be imported (listed above)",
            if n == 1 { "" } else { "s" }
        ))
        .into())
    }
}

fn progress_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Files to read, in a stable order: the paths given, and activity files found in folders.
fn collect_files(paths: &[PathBuf], report: &mut Report) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files, report),
            Ok(_) => files.push(path.clone()),
            Err(e) => report.failed.push(FailedView {
                path: path.display().to_string(),
                error: format!("can't read it ({e}); check the path"),
            }),
        }
    }
    files
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, report: &mut Report) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            report.failed.push(FailedView {
                path: dir.display().to_string(),
                error: format!("can't list the folder ({e})"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files, report);
        } else if path
            .file_name()
            .is_some_and(|n| miler_formats::is_activity_file_name(&n.to_string_lossy()))
        {
            files.push(path);
        }
    }
}

async fn import_file(store: &Store, path: &Path, report: &mut Report) {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            report.failed.push(FailedView {
                path: shown,
                error: format!("can't read it ({e})"),
            });
            return;
        }
    };
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    match miler_formats::read(&name, &bytes) {
        Err(e) => report.failed.push(FailedView {
            path: shown,
            error: e.to_string(),
        }),
        Ok(Contents::Activities(imported)) => {
            for warning in &imported.warnings {
                report.warnings.push(WarningView {
                    path: shown.clone(),
                    warning: warning.to_string(),
                });
            }
            let source = Source::new(format_of(&name, &bytes), &name, &bytes);
            for activity in &imported.activities {
                insert(store, &shown, activity, &source, report).await;
            }
        }
        Ok(Contents::StravaExport(export)) => {
            for warning in &export.warnings {
                report.warnings.push(WarningView {
                    path: shown.clone(),
                    warning: warning.to_string(),
                });
            }
            let archive_hash = Source::new("zip", &name, &bytes).sha256;
            for entry in export.entries {
                let entry_path = format!("{shown}:{}", entry.path);
                match entry.result {
                    Err(e) => report.failed.push(FailedView {
                        path: entry_path,
                        error: e.to_string(),
                    }),
                    Ok(imported) => {
                        for warning in &imported.warnings {
                            report.warnings.push(WarningView {
                                path: entry_path.clone(),
                                warning: warning.to_string(),
                            });
                        }
                        // The entry's own bytes stay inside the archive; the archive's hash
                        // and the entry's path identify it just as well for a re-import.
                        let mut identity = archive_hash.to_vec();
                        identity.extend_from_slice(entry.path.as_bytes());
                        let source =
                            Source::new(format_of(&entry.path, &[]), &entry.path, &identity);
                        for activity in &imported.activities {
                            insert(store, &entry_path, activity, &source, report).await;
                        }
                    }
                }
            }
        }
    }
}

async fn insert(
    store: &Store,
    path: &str,
    activity: &Activity,
    source: &Source,
    report: &mut Report,
) {
    match store
        .insert_activity(AthleteId::DEFAULT, activity, source)
        .await
    {
        Ok(Inserted::New(id)) => report.imported.push(ImportedView {
            id: id.0,
            path: path.to_owned(),
            start_time: activity.start_time.map(|t| t.to_string()),
            sport: activity.sport.as_str().to_owned(),
            name: activity.name.clone(),
            distance_m: round(activity.samples.total_distance().metres(), 2),
        }),
        Ok(Inserted::SameFile(id)) => report.duplicates.push(DuplicateView {
            path: path.to_owned(),
            existing_id: id.0,
            reason: "same file",
        }),
        Ok(Inserted::SameActivity(id)) => report.duplicates.push(DuplicateView {
            path: path.to_owned(),
            existing_id: id.0,
            reason: "same activity from another file",
        }),
        Err(e) => {
            let mut error = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                let _ = write!(error, ": {cause}");
                source = cause.source();
            }
            report.failed.push(FailedView {
                path: path.to_owned(),
                error,
            });
        }
    }
}

/// `fit`, `gpx` or `tcx`, from the name (without `.gz`) or else the content.
fn format_of(name: &str, bytes: &[u8]) -> &'static str {
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_suffix(".gz").unwrap_or(&lower);
    for ext in ["fit", "gpx", "tcx"] {
        if bare.ends_with(&format!(".{ext}")) {
            return ext;
        }
    }
    match miler_formats::detect(name, bytes) {
        Some(miler_formats::Format::Gpx) => "gpx",
        Some(miler_formats::Format::Tcx) => "tcx",
        _ => "fit",
    }
}

fn human(report: &Report) -> String {
    let mut out = String::new();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        out,
        "Imported {}, skipped {}, {} failed.",
        plural(report.imported.len(), "activity", "activities"),
        plural(report.duplicates.len(), "duplicate", "duplicates"),
        report.failed.len()
    );
    for a in &report.imported {
        let date = a
            .start_time
            .as_deref()
            .map_or("", |t| t.get(..10).unwrap_or(t));
        let _ = writeln!(
            out,
            "  + {:>4}  {date}  {:<10} {:>7.2} km  {}",
            a.id,
            a.sport,
            a.distance_m / 1000.0,
            a.path
        );
    }
    for d in &report.duplicates {
        let _ = writeln!(
            out,
            "  = {}: {} as activity {}",
            d.path, d.reason, d.existing_id
        );
    }
    for f in &report.failed {
        let _ = writeln!(out, "  ! {}: {}", f.path, f.error);
    }
    for w in &report.warnings {
        let _ = writeln!(out, "  ~ {}: {}", w.path, w.warning);
    }
    out
}
