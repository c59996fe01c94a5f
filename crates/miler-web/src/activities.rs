//! Activities for pages and API: importing uploaded files, the list, one activity analysed,
//! and its samples for the chart.
//!
//! Uploads arrive as `multipart/form-data` and are read field by field: each file waits for a
//! turn at the app's [`ImportGate`](miler_app::import::ImportGate) (at most
//! [`MAX_CONCURRENT_IMPORTS`](miler_app::import::MAX_CONCURRENT_IMPORTS) files are imported at
//! once; later ones wait, within the upload's timeout, before their bytes are read), is
//! gathered (up to [`FILE_LIMIT_BYTES`]), imported by [`miler_app::import`] and dropped before
//! the next one is read, so a request with many files never holds more than one in memory.
//! Each file gets its own report: activities imported, duplicates recognised, or what was
//! wrong with it, so one bad file doesn't hide the good ones. The analyses are
//! miler-activity's, laid out as `miler activity --json` lays them out.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use miler_app::import;
use miler_store::{ActivityId, AthleteId, StoredActivity};
use serde::Serialize;

use crate::fmt::round;
use crate::{AppState, Error};
pub use miler_app::views::activity::{ActivityRow, ActivityView, analyse};
/// What became of one uploaded file, as the API and the Activities page show it.
pub use miler_app::views::import::FileReportView as FileReport;

/// The largest upload request: a Strava export of several years fits.
pub const UPLOAD_LIMIT_BYTES: usize = 1024 * 1024 * 1024;
/// The largest single file in an upload.
pub const FILE_LIMIT_BYTES: usize = 512 * 1024 * 1024;
/// How long an upload may take, waiting for a turn included: decoding a large export takes
/// minutes on a slow machine.
pub const UPLOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15 * 60);
/// Points in a chart's series: enough for a smooth line at any screen width.
const CHART_POINTS: usize = 1500;

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
        // Before the bytes are read, so waiting uploads hold no memory.
        let _turn = state.imports().enter().await;
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
        let report = if too_large {
            import::FileReport::refused(
                &file,
                format!(
                    "the file is larger than {} MiB; split the export or upload the activity files inside it",
                    FILE_LIMIT_BYTES / (1024 * 1024)
                ),
            )
        } else {
            import::import_file(state.store(), athlete, &file, bytes).await
        };
        reports.push(FileReport::from(&report));
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
