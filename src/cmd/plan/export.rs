//! `miler plan export`: the plan for a calendar app (one iCalendar file) and for a watch (one
//! FIT workout file per running session, in a folder, a zip, or both).
//!
//! Strength and mobility sessions get no FIT file. The FIT export writes running workouts,
//! and a watch that started one for a strength circuit would record it as a run, with GPS
//! and all, into the runner's running totals; those sessions are listed as skipped, and the
//! calendar carries them with everything else.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use jiff::Timestamp;
use jiff::civil::Date;
use miler_plan::{calendar, ics};
use miler_workout::fit::{FitIdentity, fit_workout};
use serde::Serialize;

use super::{PlanArg, load};
use crate::cli::{emit, invalid};
use crate::db;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the plan as an iCalendar file here, for a calendar app.
    #[arg(long, value_name = "PATH")]
    ics: Option<PathBuf>,
    /// Write one FIT workout per running session into this folder (made if needed).
    #[arg(long, value_name = "DIR")]
    fit_dir: Option<PathBuf>,
    /// Write the FIT workouts into this zip file.
    #[arg(long, value_name = "PATH")]
    zip: Option<PathBuf>,
    #[command(flatten)]
    plan: PlanArg,
}

#[derive(Serialize)]
struct ExportView {
    plan: i64,
    revision: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    ics: Option<IcsView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fit_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    zip: Option<PathBuf>,
    /// The FIT files, by name, in the folder and the zip.
    fit_files: Vec<String>,
    /// Sessions without a FIT file, and why.
    skipped: Vec<SkippedView>,
}

#[derive(Serialize)]
struct IcsView {
    path: PathBuf,
    events: usize,
}

#[derive(Serialize)]
struct SkippedView {
    date: Date,
    workout_id: String,
    title: String,
    reason: &'static str,
}

pub fn run(args: &Args, json: bool, db: Option<&str>) -> anyhow::Result<()> {
    if args.ics.is_none() && args.fit_dir.is_none() && args.zip.is_none() {
        return Err(invalid(
            "say what to write: --ics PATH for your calendar, --fit-dir DIR or --zip PATH for your watch (or several)",
        ));
    }
    let loaded = db::block_on(async {
        let store = db::open(db).await?;
        let loaded = load(&store, args.plan).await?;
        store.close().await;
        anyhow::Ok(loaded)
    })??;
    let (stored, plan) = (&loaded.stored, &loaded.plan);
    let now = Timestamp::now();
    let mut view = ExportView {
        plan: stored.id.0,
        revision: stored.revision,
        ics: None,
        fit_dir: args.fit_dir.clone(),
        zip: args.zip.clone(),
        fit_files: Vec::new(),
        skipped: Vec::new(),
    };

    if let Some(path) = &args.ics {
        let calendar = calendar::to_calendar(plan, &stored.id.0.to_string(), stored.revision);
        write(path, ics::write(&calendar, now).as_bytes())?;
        view.ics = Some(IcsView {
            path: path.clone(),
            events: calendar.events.len(),
        });
    }

    if args.fit_dir.is_some() || args.zip.is_some() {
        let paces = plan.athlete_paces();
        let mut files = Vec::new();
        for session in plan.sessions() {
            if !session.kind.is_running() {
                view.skipped.push(SkippedView {
                    date: session.date,
                    workout_id: session.workout_id.clone(),
                    title: session.title.clone(),
                    reason: "not a running workout: a watch would record it as a run",
                });
                continue;
            }
            let workout = miler_workout::text::parse(&session.text)
                .into_result()
                .map_err(|e| anyhow::anyhow!("session {} doesn't parse: {e:?}", session.key))?;
            let identity = FitIdentity {
                name: session.title.clone(),
                created_unix: now.as_second(),
            };
            let bytes = fit_workout(&workout, &paces, &identity)
                .with_context(|| format!("session {}", session.key))?;
            files.push((
                format!("{}-{}.fit", session.date, session.workout_id),
                bytes,
            ));
        }
        if let Some(dir) = &args.fit_dir {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("could not make the folder {}", dir.display()))?;
            for (name, bytes) in &files {
                write(&dir.join(name), bytes)?;
            }
        }
        if let Some(path) = &args.zip {
            write(path, &zip(&files)?)?;
        }
        view.fit_files = files.into_iter().map(|(name, _)| name).collect();
    }

    emit(json, &view, || {
        let mut out = String::new();
        if let Some(ics) = &view.ics {
            out.push_str(&format!(
                "Wrote {} ({} events; import it again after the plan changes and the events update).\n",
                ics.path.display(),
                ics.events
            ));
        }
        if let Some(dir) = &view.fit_dir {
            out.push_str(&format!(
                "Wrote {} FIT workouts to {}.\n",
                view.fit_files.len(),
                dir.display()
            ));
        }
        if let Some(zip) = &view.zip {
            out.push_str(&format!(
                "Wrote {} FIT workouts into {}.\n",
                view.fit_files.len(),
                zip.display()
            ));
        }
        if !view.skipped.is_empty() {
            out.push_str(&format!(
                "No FIT file for {} strength and mobility sessions (a watch would record them as runs); they are in the calendar.\n",
                view.skipped.len()
            ));
        }
        out
    })
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("could not write {}", path.display()))
}

/// The files as a zip archive, deflated.
fn zip(files: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<u8>> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        archive.start_file(name.as_str(), options)?;
        archive.write_all(bytes)?;
    }
    Ok(archive.finish()?.into_inner())
}
