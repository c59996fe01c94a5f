//! `miler activity ID`: one activity analysed — summary, pauses, laps, splits, best efforts,
//! track, intervals and a VDOT estimate.

use std::fmt::Write as _;

use miler_app::views::activity::{ActivityView, analyse};
use miler_store::{ActivityId, AthleteId};

use crate::cli::{emit, invalid};
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

fn clock(seconds: f64) -> String {
    miler_core::Duration::from_secs(seconds).map_or_else(|| "-".into(), |d| d.display_fixed(1))
}

fn human(v: &ActivityView) -> String {
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
