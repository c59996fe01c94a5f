//! `miler activity ID`: one activity analysed — summary, pauses, laps, splits, best efforts,
//! track, intervals and a VDOT estimate.

use std::fmt::Write as _;

use miler_activity::analysis::{self, TrackKind};
use miler_core::Distance;
use miler_store::{ActivityId, AthleteId, StoredActivity};
use serde::Serialize;

use crate::cli::{emit, invalid, round};
use crate::cmd::activities::ActivityRow;
use crate::db;

/// Show one activity: laps, splits, best efforts and intervals.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler activity 3
  miler activity 3 --json | jq '.best_efforts'")]
pub struct Args {
    /// The activity's id, as `miler activities` lists it.
    id: i64,
}

#[derive(Serialize)]
struct View {
    #[serde(flatten)]
    summary: ActivityRow,
    pauses: Vec<PauseView>,
    pauses_from_timer: bool,
    laps: Vec<LapView>,
    splits: SplitsView,
    best_efforts: Vec<EffortView>,
    intervals: Vec<IntervalView>,
    track: Option<TrackView>,
    vdot_estimate: Option<VdotView>,
}

#[derive(Serialize)]
struct PauseView {
    start_offset_s: f64,
    length_s: f64,
}

#[derive(Serialize)]
struct LapView {
    lap: usize,
    start_offset_s: f64,
    distance_m: f64,
    time_s: f64,
    elapsed_s: f64,
    pace_s_per_km: Option<f64>,
    average_heart_rate_bpm: Option<u8>,
    workout_step_index: Option<u16>,
}

#[derive(Serialize)]
struct SplitView {
    split: u32,
    distance_m: f64,
    time_s: f64,
    cumulative_s: f64,
    average_heart_rate_bpm: Option<f64>,
}

#[derive(Serialize)]
struct SplitsView {
    km: Vec<SplitView>,
    mile: Vec<SplitView>,
}

#[derive(Serialize)]
struct EffortView {
    name: &'static str,
    distance_m: f64,
    time_s: f64,
    start_offset_s: f64,
}

#[derive(Serialize)]
struct IntervalView {
    kind: &'static str,
    start_offset_s: f64,
    distance_m: f64,
    time_s: f64,
}

#[derive(Serialize)]
struct TrackView {
    lap_m: f64,
    evidence: &'static str,
}

#[derive(Serialize)]
struct VdotView {
    vdot: f64,
    from: &'static str,
    rule: &'static str,
}

pub fn run(args: &Args, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let id = ActivityId(args.id);
    let stored = db::block_on(async {
        let store = db::open(db_flag).await?;
        let found = store.load_activity(AthleteId::DEFAULT, id).await?;
        store.close().await;
        anyhow::Ok(found)
    })??;
    let Some(stored) = stored else {
        return Err(invalid(format!(
            "there is no activity {}: `miler activities` lists the ids you can use",
            args.id
        )));
    };
    let view = analyse(&stored);
    emit(json, &view, || human(&view))
}

fn analyse(stored: &StoredActivity) -> View {
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
    View {
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

fn clock(seconds: f64) -> String {
    miler_core::Duration::from_secs(seconds).map_or_else(|| "-".into(), |d| d.display_fixed(1))
}

fn human(v: &View) -> String {
    let s = &v.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Activity {}: {} — {} {:.2} km in {} (moving {})",
        s.id,
        s.name.as_deref().unwrap_or(&s.source),
        s.sport,
        s.distance_m / 1000.0,
        clock(s.elapsed_s),
        clock(s.moving_s)
    );
    if let Some(start) = &s.start_time {
        let _ = writeln!(out, "Started {start}");
    }
    if !v.pauses.is_empty() {
        let total: f64 = v.pauses.iter().map(|p| p.length_s).sum();
        let how = if v.pauses_from_timer {
            "timer stopped"
        } else {
            "standing still"
        };
        let _ = writeln!(
            out,
            "Pauses: {} ({how}), {} in all",
            v.pauses.len(),
            clock(total)
        );
    }
    if let Some(t) = &v.track {
        let _ = writeln!(out, "On a {} m track (from its {})", t.lap_m, t.evidence);
    }
    if !v.laps.is_empty() {
        let _ = writeln!(
            out,
            "\nLaps\n  {:>4}  {:>9}  {:>9}  {:>8}  {:>4}",
            "lap", "metres", "time", "per km", "HR"
        );
        for l in &v.laps {
            let hr = l
                .average_heart_rate_bpm
                .map_or("-".into(), |h| h.to_string());
            let pace = l.pace_s_per_km.map_or("-".into(), clock);
            let _ = writeln!(
                out,
                "  {:>4}  {:>9.1}  {:>9}  {:>8}  {:>4}",
                l.lap,
                l.distance_m,
                clock(l.time_s),
                pace,
                hr
            );
        }
    }
    for (title, splits) in [
        ("Kilometre splits", &v.splits.km),
        ("Mile splits", &v.splits.mile),
    ] {
        if splits.is_empty() {
            continue;
        }
        let cells: Vec<String> = splits
            .iter()
            .map(|s| {
                if s.split as usize == splits.len()
                    && (s.distance_m - splits[0].distance_m).abs() > 0.5
                {
                    format!("{} ({:.0} m)", clock(s.time_s), s.distance_m)
                } else {
                    clock(s.time_s)
                }
            })
            .collect();
        let _ = writeln!(out, "\n{title}\n  {}", cells.join("  "));
    }
    if !v.best_efforts.is_empty() {
        let _ = writeln!(out, "\nBest efforts");
        for e in &v.best_efforts {
            let _ = writeln!(
                out,
                "  {:<6} {:>9}   from {}",
                e.name,
                clock(e.time_s),
                clock(e.start_offset_s)
            );
        }
    }
    if let Some(vdot) = &v.vdot_estimate {
        let _ = writeln!(
            out,
            "  VDOT estimate {:.1} (from the {})",
            vdot.vdot, vdot.from
        );
    }
    if !v.intervals.is_empty() {
        let _ = writeln!(out, "\nIntervals");
        for i in &v.intervals {
            let _ = writeln!(
                out,
                "  {:<9} {:>7.0} m  {:>9}",
                i.kind,
                i.distance_m,
                clock(i.time_s)
            );
        }
    }
    out
}
