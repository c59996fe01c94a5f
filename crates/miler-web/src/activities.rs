//! Activities for pages and API: importing uploaded files, the list, one activity analysed,
//! and its samples for the chart.
//!
//! Uploads arrive as `multipart/form-data` and are read field by field: each file is
//! gathered (up to [`FILE_LIMIT_BYTES`]), decoded off the async threads, stored, and dropped
//! before the next one is read, so a request with many files never holds more than one in
//! memory. Each file gets its own report: activities imported, duplicates recognised, or
//! what was wrong with it, so one bad file doesn't hide the good ones. The analyses are
//! miler-activity's, laid out as `miler activity --json` lays them out.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use miler_activity::Activity;
use miler_formats::Contents;
use miler_store::{ActivityId, AthleteId, Inserted, Source, StoredActivity};
use serde::Serialize;

use crate::fmt::round;
use crate::{AppState, Error};
pub use miler_app::views::activity::{ActivityRow, ActivityView, analyse};

/// The largest upload request: a Strava export of several years fits.
pub const UPLOAD_LIMIT_BYTES: usize = 1024 * 1024 * 1024;
/// The largest single file in an upload.
pub const FILE_LIMIT_BYTES: usize = 512 * 1024 * 1024;
/// How long an upload may take: decoding a large export takes minutes on a slow machine.
pub const UPLOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15 * 60);
/// Points in a chart's series: enough for a smooth line at any screen width.
const CHART_POINTS: usize = 1500;

/// What became of one uploaded file.
#[derive(Debug, Default, Serialize)]
pub struct FileReport {
    pub file: String,
    pub imported: Vec<ImportedView>,
    pub duplicates: Vec<DuplicateView>,
    /// Why the file (or an entry of an archive) could not be read; empty when it was.
    pub failed: Vec<FailedView>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ImportedView {
    pub id: i64,
    pub entry: String,
    pub start_time: Option<String>,
    pub sport: String,
    pub name: Option<String>,
    pub distance_m: f64,
}

#[derive(Debug, Serialize)]
pub struct DuplicateView {
    pub entry: String,
    pub existing_id: i64,
    pub reason: &'static str,
}

#[derive(Debug, Serialize)]
pub struct FailedView {
    pub entry: String,
    pub error: String,
}

fn multipart_error(e: &MultipartError) -> Error {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        Error::TooLarge(format!(
            "the upload is larger than miler accepts ({} MiB in one request); send fewer files at once",
            UPLOAD_LIMIT_BYTES / (1024 * 1024)
        ))
    } else {
        Error::BadRequest(format!(
            "the upload could not be read ({}); send the files as multipart/form-data",
            e.body_text()
        ))
    }
}

/// Reads every file field of an upload and imports it for `athlete`.
pub async fn receive(
    state: &AppState,
    athlete: AthleteId,
    mut multipart: Multipart,
) -> Result<Vec<FileReport>, Error> {
    let mut reports = Vec::new();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(&e))?
    {
        let Some(file) = field.file_name().map(clean_name) else {
            continue; // a form's other fields
        };
        if file.is_empty() {
            continue; // the empty file input of a form sent without a choice
        }
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
            if bytes.len() + chunk.len() > FILE_LIMIT_BYTES {
                too_large = true;
                bytes = Vec::new();
                continue; // read the rest of this file to reach the next
            }
            if !too_large {
                bytes.extend_from_slice(&chunk);
            }
        }
        if too_large {
            reports.push(FileReport {
                failed: vec![FailedView {
                    entry: file.clone(),
                    error: format!(
                        "the file is larger than {} MiB; split the export or upload the activity files inside it",
                        FILE_LIMIT_BYTES / (1024 * 1024)
                    ),
                }],
                file,
                ..FileReport::default()
            });
            continue;
        }
        reports.push(import(state, athlete, file, bytes).await?);
    }
    if reports.is_empty() {
        return Err(Error::field(
            "files",
            "no file was sent: choose one or more .fit, .gpx or .tcx files (optionally .gz), or a Strava export .zip",
        ));
    }
    Ok(reports)
}

/// The file name without any folder a browser may send, for messages and the store.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// Decodes one file (off the async threads: a large export takes a while) and stores what
/// it holds.
async fn import(
    state: &AppState,
    athlete: AthleteId,
    file: String,
    bytes: Vec<u8>,
) -> Result<FileReport, Error> {
    let name = file.clone();
    let decoded = tokio::task::spawn_blocking(move || {
        let contents = miler_formats::read(&name, &bytes);
        (contents, bytes)
    })
    .await
    .map_err(|e| Error::Internal(format!("decoding an upload failed: {e}")))?;
    let (contents, bytes) = decoded;
    let mut report = FileReport {
        file: file.clone(),
        ..FileReport::default()
    };
    match contents {
        Err(e) => report.failed.push(FailedView {
            entry: file,
            error: e.to_string(),
        }),
        Ok(Contents::Activities(imported)) => {
            report
                .warnings
                .extend(imported.warnings.iter().map(ToString::to_string));
            let source = Source::new(format_of(&file, &bytes), &file, &bytes);
            for activity in &imported.activities {
                insert(state, athlete, &file, activity, &source, &mut report).await;
            }
        }
        Ok(Contents::StravaExport(export)) => {
            report
                .warnings
                .extend(export.warnings.iter().map(ToString::to_string));
            let archive = Source::new("zip", &file, &bytes).sha256;
            for entry in export.entries {
                match entry.result {
                    Err(e) => report.failed.push(FailedView {
                        entry: entry.path,
                        error: e.to_string(),
                    }),
                    Ok(imported) => {
                        report.warnings.extend(
                            imported
                                .warnings
                                .iter()
                                .map(|w| format!("{}: {w}", entry.path)),
                        );
                        // As `miler import` does: the archive's hash and the entry's path
                        // identify an entry for a re-import.
                        let mut identity = archive.to_vec();
                        identity.extend_from_slice(entry.path.as_bytes());
                        let source =
                            Source::new(format_of(&entry.path, &[]), &entry.path, &identity);
                        for activity in &imported.activities {
                            insert(state, athlete, &entry.path, activity, &source, &mut report)
                                .await;
                        }
                    }
                }
            }
        }
    }
    Ok(report)
}

async fn insert(
    state: &AppState,
    athlete: AthleteId,
    entry: &str,
    activity: &Activity,
    source: &Source,
    report: &mut FileReport,
) {
    // A store failure is this entry's, reported with it; the rest of the upload goes on.
    let inserted = match state
        .store()
        .insert_activity(athlete, activity, source)
        .await
    {
        Ok(inserted) => inserted,
        Err(e) => {
            // As the server logs its errors: the causes stay out of the response.
            let mut line = format!("error: saving {entry} of an upload: {e}");
            let mut next = std::error::Error::source(&e);
            while let Some(cause) = next {
                line.push_str(&format!("\n  caused by: {cause}"));
                next = cause.source();
            }
            crate::log(&line);
            report.failed.push(FailedView {
                entry: entry.to_owned(),
                error: "it could not be saved in the database; the details are in the server's log. Upload it again".to_owned(),
            });
            return;
        }
    };
    match inserted {
        Inserted::New(id) => report.imported.push(ImportedView {
            id: id.0,
            entry: entry.to_owned(),
            start_time: activity.start_time.map(|t| t.to_string()),
            sport: activity.sport.as_str().to_owned(),
            name: activity.name.clone(),
            distance_m: round(activity.samples.total_distance().metres(), 2),
        }),
        Inserted::SameFile(id) => report.duplicates.push(DuplicateView {
            entry: entry.to_owned(),
            existing_id: id.0,
            reason: "same file",
        }),
        Inserted::SameActivity(id) => report.duplicates.push(DuplicateView {
            entry: entry.to_owned(),
            existing_id: id.0,
            reason: "same activity from another file",
        }),
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

/// One activity, loaded for the athlete it belongs to; "not found" for anyone else's.
pub async fn load(state: &AppState, athlete: AthleteId, id: &str) -> Result<StoredActivity, Error> {
    let not_found = || {
        Error::NotFound(format!(
            "there is no activity {id} for this athlete; the activities list shows the ids"
        ))
    };
    let id = id.parse::<i64>().map_err(|_| not_found())?;
    state
        .store()
        .load_activity(athlete, ActivityId(id))
        .await?
        .ok_or_else(not_found)
}

/// The series a chart draws: at most [`CHART_POINTS`] points, nulls where there is no data.
#[derive(Debug, Serialize)]
pub struct SamplesView {
    pub time_s: Vec<f64>,
    pub distance_m: Vec<Option<f64>>,
    /// Over the last 30 s, so GPS jitter doesn't swamp the line; null when standing still.
    pub pace_s_per_km: Vec<Option<f64>>,
    pub heart_rate_bpm: Vec<Option<u8>>,
}

pub fn samples(stored: &StoredActivity) -> SamplesView {
    let s = &stored.activity.samples;
    let (time, distance, heart) = (s.time_s(), s.distance_m(), s.heart_rate_bpm());
    let n = time.len();
    let step = n.div_ceil(CHART_POINTS).max(1);
    let mut view = SamplesView {
        time_s: Vec::new(),
        distance_m: Vec::new(),
        pace_s_per_km: Vec::new(),
        heart_rate_bpm: Vec::new(),
    };
    let mut back = 0;
    for i in (0..n).step_by(step) {
        while back < i && time[i] - time[back] > 30.0 {
            back += 1;
        }
        let pace = (back < i)
            .then(|| (time[i] - time[back], distance[i] - distance[back]))
            .filter(|&(dt, dd)| dt > 0.0 && dd.is_finite() && dd / dt > 0.5)
            .map(|(dt, dd)| round(dt / dd * 1000.0, 1));
        view.time_s.push(round(time[i], 1));
        view.distance_m
            .push(distance[i].is_finite().then(|| round(distance[i], 1)));
        view.pace_s_per_km.push(pace);
        view.heart_rate_bpm
            .push(heart.get(i).copied().filter(|&h| h > 0));
    }
    view
}
