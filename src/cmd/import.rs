//! `miler import PATH...`: activity files, folders of them and Strava export archives into the
//! database.
//!
//! Each file goes through `miler_app::import`, the pipeline the web upload uses: an archive is
//! read and stored one entry at a time, each activity in its own transaction (see
//! `miler-store`), so one bad file or entry is reported and the rest still go in, and an
//! interrupted import leaves every finished activity in place and no half-written one.
//! Re-importing is safe: a file seen before, or the same activity from another file or
//! format, is listed as a duplicate and skipped. This module finds the files, reads their
//! bytes and renders the reports.

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use miler_app::import::{FileReport, import_file};
use miler_store::{AthleteId, Store};
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
            import_path(&store, path, &mut report).await;
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

/// Reads one file and imports it, adding what became of it to `report`.
async fn import_path(store: &Store, path: &Path, report: &mut Report) {
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
    let file = import_file(store, AthleteId::DEFAULT, &name, bytes).await;
    report.add(&shown, file);
}

impl Report {
    /// Adds one file's report, naming each entry of an archive `file:entry`.
    fn add(&mut self, shown: &str, file: FileReport) {
        let path = |entry: Option<String>| match entry {
            Some(e) => format!("{shown}:{e}"),
            None => shown.to_owned(),
        };
        for a in file.imported {
            self.imported.push(ImportedView {
                id: a.id.0,
                start_time: a.start_time.map(|t| t.to_string()),
                sport: a.sport,
                name: a.name,
                distance_m: round(a.distance.metres(), 2),
                path: path(a.entry),
            });
        }
        for d in file.duplicates {
            self.duplicates.push(DuplicateView {
                existing_id: d.existing.0,
                reason: d.reason.as_str(),
                path: path(d.entry),
            });
        }
        for f in file.failed {
            self.failed.push(FailedView {
                error: f.error,
                path: path(f.entry),
            });
        }
        for w in file.warnings {
            self.warnings.push(WarningView {
                warning: w.warning,
                path: path(w.entry),
            });
        }
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
