//! One activity as `miler activity --json` and `GET /api/v1/activities/{id}` describe it:
//! its summary, pauses, laps, splits, best efforts, intervals, track and VDOT estimate.

use miler_activity::analysis::{self, TrackKind};
use miler_core::Distance;
use miler_store::{ActivitySummary, StoredActivity};
use serde::Serialize;

use super::round;

/// An activity in a list.
#[derive(Debug, Serialize)]
pub struct ActivityRow {
    pub id: i64,
    pub start_time: Option<String>,
    pub sport: String,
    pub name: Option<String>,
    pub distance_m: f64,
    pub elapsed_s: f64,
    pub moving_s: f64,
    pub source: String,
}

impl From<&ActivitySummary> for ActivityRow {
    fn from(a: &ActivitySummary) -> ActivityRow {
        ActivityRow {
            id: a.id.0,
            start_time: a.start_time.map(|t| t.to_string()),
            sport: a.sport.clone(),
            name: a.name.clone(),
            distance_m: round(a.distance.metres(), 2),
            elapsed_s: round(a.elapsed.secs(), 3),
            moving_s: round(a.moving.secs(), 3),
            source: a.source_name.clone(),
        }
    }
}

/// One activity analysed: the fields of `miler activity --json`.
#[derive(Debug, Serialize)]
pub struct ActivityView {
    #[serde(flatten)]
    pub summary: ActivityRow,
    pub pauses: Vec<PauseView>,
    pub pauses_from_timer: bool,
    pub laps: Vec<LapView>,
    pub splits: SplitsView,
    pub best_efforts: Vec<EffortView>,
    pub intervals: Vec<IntervalView>,
    pub track: Option<TrackView>,
    pub vdot_estimate: Option<VdotView>,
}

#[derive(Debug, Serialize)]
pub struct PauseView {
    pub start_offset_s: f64,
    pub length_s: f64,
}

#[derive(Debug, Serialize)]
pub struct LapView {
    pub lap: usize,
    pub start_offset_s: f64,
    pub distance_m: f64,
    pub time_s: f64,
    pub elapsed_s: f64,
    pub pace_s_per_km: Option<f64>,
    pub average_heart_rate_bpm: Option<u8>,
    pub workout_step_index: Option<u16>,
}

#[derive(Debug, Serialize)]
pub struct SplitView {
    pub split: u32,
    pub distance_m: f64,
    pub time_s: f64,
    pub cumulative_s: f64,
    pub average_heart_rate_bpm: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct SplitsView {
    pub km: Vec<SplitView>,
    pub mile: Vec<SplitView>,
}

#[derive(Debug, Serialize)]
pub struct EffortView {
    pub name: &'static str,
    pub distance_m: f64,
    pub time_s: f64,
    pub start_offset_s: f64,
}

#[derive(Debug, Serialize)]
pub struct IntervalView {
    pub kind: &'static str,
    pub start_offset_s: f64,
    pub distance_m: f64,
    pub time_s: f64,
}

#[derive(Debug, Serialize)]
pub struct TrackView {
    pub lap_m: f64,
    pub evidence: &'static str,
}

#[derive(Debug, Serialize)]
pub struct VdotView {
    pub vdot: f64,
    pub from: &'static str,
    pub rule: &'static str,
}

pub fn analyse(stored: &StoredActivity) -> ActivityView {
    let activity = &stored.activity;
    let samples = &activity.samples;
    let summary = analysis::summarize(activity);
    let split_views = |unit: Distance| {
        analysis::splits(samples, unit)
            .iter()
            .map(|s| SplitView {
                split: s.number,
                distance_m: round(s.distance.metres(), 2),
                time_s: round(s.time.secs(), 2),
                cumulative_s: round(s.cumulative.secs(), 2),
                average_heart_rate_bpm: s.average_heart_rate_bpm.map(|h| round(h, 1)),
            })
            .collect()
    };
    let running = activity.sport.is_running();
    let efforts: Vec<(&'static str, analysis::BestEffort)> = if running {
        analysis::standard_best_efforts(samples)
    } else {
        Vec::new()
    };
    let vdot_estimate = analysis::vdot_estimate(
        &efforts.iter().map(|(_, e)| *e).collect::<Vec<_>>(),
    )
    .map(|(v, e)| VdotView {
        vdot: round(v.value(), 1),
        from: efforts
            .iter()
            .find(|(_, x)| *x == e)
            .map_or("", |(n, _)| *n),
        rule: "the best VDOT among best efforts of 1500 m or more (Daniels-Gilbert)",
    });
    let mut row = ActivityRow::from(&stored.summary);
    row.moving_s = round(summary.moving.secs(), 3);
    ActivityView {
        summary: row,
        pauses: summary
            .pauses
            .iter()
            .map(|p| PauseView {
                start_offset_s: round(p.start_offset.secs(), 2),
                length_s: round(p.length.secs(), 2),
            })
            .collect(),
        pauses_from_timer: summary.pauses_from_timer,
        laps: activity
            .laps
            .iter()
            .enumerate()
            .map(|(i, l)| LapView {
                lap: i + 1,
                start_offset_s: round(l.start_offset.secs(), 2),
                distance_m: round(l.distance.metres(), 2),
                time_s: round(l.timer_time.secs(), 3),
                elapsed_s: round(l.elapsed_time.secs(), 3),
                pace_s_per_km: (l.distance.metres() > 0.0)
                    .then(|| round(l.timer_time.secs() / l.distance.km(), 1)),
                average_heart_rate_bpm: l.average_heart_rate_bpm,
                workout_step_index: l.workout_step_index,
            })
            .collect(),
        splits: SplitsView {
            km: split_views(Distance::metres_const(1000.0)),
            mile: split_views(Distance::MILE),
        },
        best_efforts: efforts
            .iter()
            .map(|(name, e)| EffortView {
                name,
                distance_m: e.distance.metres(),
                time_s: round(e.time.secs(), 2),
                start_offset_s: round(e.start_offset.secs(), 2),
            })
            .collect(),
        intervals: if running {
            analysis::detect_intervals(activity)
        } else {
            Vec::new()
        }
        .iter()
        .map(|i| IntervalView {
            kind: i.kind.as_str(),
            start_offset_s: round(i.start_offset.secs(), 2),
            distance_m: round(i.distance.metres(), 2),
            time_s: round(i.time.secs(), 2),
        })
        .collect(),
        track: if running {
            analysis::detect_track(activity)
        } else {
            None
        }
        .map(|t| TrackView {
            lap_m: t.lap().metres(),
            evidence: match t {
                TrackKind::Outdoor400 { from_laps: true }
                | TrackKind::Indoor200 { from_laps: true } => "laps",
                _ => "positions",
            },
        }),
        vdot_estimate,
    }
}
