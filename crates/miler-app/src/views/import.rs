//! An import's report as the web API and the Activities page show it: one document per
//! uploaded file, each entry of an archive named by its path inside it.

use serde::Serialize;

use super::round;
use crate::import::FileReport;

/// What became of one uploaded file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileReportView {
    pub file: String,
    pub imported: Vec<ImportedView>,
    pub duplicates: Vec<DuplicateView>,
    /// Why the file (or an entry of an archive) could not be read; empty when it was.
    pub failed: Vec<FailedView>,
    /// Each prefixed with its archive entry's path, when it is about one.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportedView {
    pub id: i64,
    /// The archive entry, or the file itself.
    pub entry: String,
    pub start_time: Option<String>,
    pub sport: String,
    pub name: Option<String>,
    pub distance_m: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DuplicateView {
    pub entry: String,
    pub existing_id: i64,
    pub reason: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FailedView {
    pub entry: String,
    pub error: String,
}

impl From<&FileReport> for FileReportView {
    fn from(r: &FileReport) -> FileReportView {
        let entry = |e: &Option<String>| e.clone().unwrap_or_else(|| r.file.clone());
        FileReportView {
            file: r.file.clone(),
            imported: r
                .imported
                .iter()
                .map(|a| ImportedView {
                    id: a.id.0,
                    entry: entry(&a.entry),
                    start_time: a.start_time.map(|t| t.to_string()),
                    sport: a.sport.clone(),
                    name: a.name.clone(),
                    distance_m: round(a.distance.metres(), 2),
                })
                .collect(),
            duplicates: r
                .duplicates
                .iter()
                .map(|d| DuplicateView {
                    entry: entry(&d.entry),
                    existing_id: d.existing.0,
                    reason: d.reason.as_str(),
                })
                .collect(),
            failed: r
                .failed
                .iter()
                .map(|f| FailedView {
                    entry: entry(&f.entry),
                    error: f.error.clone(),
                })
                .collect(),
            warnings: r
                .warnings
                .iter()
                .map(|w| match &w.entry {
                    Some(e) => format!("{e}: {}", w.warning),
                    None => w.warning.clone(),
                })
                .collect(),
        }
    }
}
