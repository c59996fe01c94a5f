//! Exports of a resolved workout for the apps runners train with: intervals.icu's plain-text
//! workout builder and Zwift's `.zwo` run workouts for treadmills. (Garmin watches get a FIT
//! workout file, written by the binary with `miler-fit`.)
//!
//! intervals.icu (its workout builder's syntax): a line per step starting with `-`, a cue
//! text, then a time (`10m`, `30s`, `1m30s` — `m` is *minutes* there) or a distance (`400mtr`,
//! `1.6km`, `1mi`), then an absolute pace band (`1:30-1:28/400m Pace`). `press lap` ends a step
//! on the lap button. A repeat is a header line ending in `Nx` with its steps below and a
//! blank line around it; the builder has no nested repeats, so an inner block is written out
//! rep by rep inside its outer repeat's section, and a block nested deeper is flattened.
//!
//! Zwift `.zwo` (run): XML with `<sportType>run</sportType>`; each step is a `Warmup`,
//! `SteadyState` or `Cooldown` block of `Duration` seconds whose `Power` is the step's speed as
//! a fraction of the runner's threshold speed (Daniels T), the way Zwift scales run workouts
//! to each runner. Distance steps take the time their target pace gives; standing rest is a
//! `FreeRide`. Strength and mobility steps have no place on a treadmill and are left out.

use std::fmt::Write as _;

use miler_core::{Distance, Duration, Pace};

use crate::model::{Count, Item, Length, Move, MoveKind, Step, Workout};
use crate::resolve::{
    AthletePaces, ResolveError, Resolved, ResolvedStep, ResolvedTarget, StepKind,
    resolve_move_step, threshold_pace,
};

/// The workout as intervals.icu workout-builder text.
pub fn intervals_icu(workout: &Workout, athlete: &AthletePaces) -> Result<String, ResolveError> {
    // Blocks nested in a repeat are written out in full below, so the workout must be within
    // the size budget, as it must be to flatten.
    workout.size().check()?;
    let mut out = String::new();
    for item in &workout.items {
        match item {
            Item::Step(Step::Move(m)) => {
                let _ = writeln!(out, "{}", icu_line(m, &resolve_move_step(m, athlete)?));
            }
            Item::Step(_) => {}
            Item::Repeat(r) => {
                let count = match &r.count {
                    Count::Times(n) => Some(n.first()),
                    Count::Until(_) => None,
                };
                let mut lines = Vec::new();
                for inner in &r.body {
                    icu_item_lines(inner, athlete, &mut lines)?;
                }
                if let Some(between) = &r.between {
                    lines.push(icu_line(between, &resolve_move_step(between, athlete)?));
                }
                let header = match count {
                    Some(n) => format!("Main set {n}x"),
                    None => "Main set (repeat until covered) 1x".to_owned(),
                };
                let _ = writeln!(out, "\n{header}");
                for line in lines {
                    let _ = writeln!(out, "{line}");
                }
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// Lines for an item inside a repeat: inner repeats are written out in full.
fn icu_item_lines(
    item: &Item,
    athlete: &AthletePaces,
    lines: &mut Vec<String>,
) -> Result<(), ResolveError> {
    match item {
        Item::Step(Step::Move(m)) => lines.push(icu_line(m, &resolve_move_step(m, athlete)?)),
        Item::Step(_) => {}
        Item::Repeat(inner) => {
            let times = match &inner.count {
                Count::Times(n) => n.first(),
                Count::Until(_) => 1,
            };
            for i in 0..times {
                for body in &inner.body {
                    icu_item_lines(body, athlete, lines)?;
                }
                if i + 1 < times
                    && let Some(between) = &inner.between
                {
                    lines.push(icu_line(between, &resolve_move_step(between, athlete)?));
                }
            }
        }
    }
    Ok(())
}

/// `2m`, `30s`, `1m30s`: intervals.icu's time units (`m` is minutes there).
fn icu_time(t: Duration) -> String {
    let total = t.secs().round() as u64;
    match (total / 60, total % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

/// `400mtr`, `1.5km`, `0.25mi`: intervals.icu's distance units.
fn icu_distance(d: Distance) -> String {
    let miles = d.miles();
    if (miles - (miles * 4.0).round() / 4.0).abs() < 1e-9
        && miles >= 0.25
        && d.metres() % 100.0 != 0.0
    {
        return format!("{}mi", (miles * 100.0).round() / 100.0);
    }
    if d.metres() >= 1000.0 && d.metres() % 100.0 == 0.0 {
        return format!("{}km", d.km());
    }
    format!("{}mtr", d.metres().round())
}

fn clock(seconds: f64) -> String {
    let total = seconds.round() as u64;
    format!("{}:{:02}", total / 60, total % 60)
}

/// Slow end first, as intervals.icu writes bands: `1:30-1:28/400m Pace`.
fn icu_pace(fast: Pace, slow: Pace, per: Distance) -> String {
    let (f, s) = (fast.time_for(per).secs(), slow.time_for(per).secs());
    let unit = if per == Distance::TRACK_400 {
        "/400m".to_owned()
    } else {
        "/km".to_owned()
    };
    if (f - s).abs() < 0.5 {
        format!("{}{unit} Pace", clock(f))
    } else {
        format!("{}-{}{unit} Pace", clock(s), clock(f))
    }
}

fn icu_line(m: &Move, r: &ResolvedStep) -> String {
    let mut parts = vec![format!("- {}", m.cue())];
    parts.push(match &m.length {
        Length::Distance { ramp, .. } => icu_distance(ramp.first()),
        Length::Time { ramp, .. } => icu_time(ramp.first()),
        Length::Open => "press lap".to_owned(),
    });
    // Reps on the track read per 400 m; everything else per km.
    let per = match r.distance {
        Some(d) if d.metres() <= 1609.344 => Distance::TRACK_400,
        _ => Distance::metres_const(1000.0),
    };
    match &r.target {
        Some(ResolvedTarget::Pace { fast, slow, .. }) => parts.push(icu_pace(*fast, *slow, per)),
        Some(ResolvedTarget::Effort {
            flat_pace: Some(p),
            description,
        }) => {
            parts.push(icu_pace(*p, *p, per));
            parts.push(format!("({description})"));
        }
        Some(ResolvedTarget::Effort { description, .. }) => parts.push(format!("({description})")),
        None => {}
    }
    parts.join(" ")
}

/// The resolved workout as a Zwift `.zwo` run workout.
pub fn zwo(
    name: &str,
    description: &str,
    resolved: &Resolved,
    athlete: &AthletePaces,
) -> Result<String, ResolveError> {
    let threshold = threshold_pace(athlete)
        .ok_or(ResolveError::NoPaces)?
        .speed()
        .m_per_s();
    let mut out = String::from("<workout_file>\n");
    let _ = writeln!(out, "    <author>miler</author>");
    let _ = writeln!(out, "    <name>{}</name>", xml_escape(name));
    let _ = writeln!(
        out,
        "    <description>{}</description>",
        xml_escape(description)
    );
    let _ = writeln!(out, "    <sportType>run</sportType>");
    let _ = writeln!(out, "    <tags/>");
    let _ = writeln!(out, "    <workout>");
    for step in &resolved.steps {
        let StepKind::Move { kind, .. } = step.kind else {
            continue;
        };
        let seconds = step.estimated_time.secs().round().max(1.0);
        let effort_pace = match &step.target {
            Some(ResolvedTarget::Effort { flat_pace, .. }) => *flat_pace,
            _ => None,
        };
        let speed = step.target_pace().or(effort_pace);
        let speed = speed.map(|p| p.speed().m_per_s()).unwrap_or_else(|| {
            if seconds > 0.0 {
                step.estimated_distance.metres() / seconds
            } else {
                0.0
            }
        });
        let power = speed / threshold;
        let tag = match kind {
            MoveKind::Rest => {
                let _ = writeln!(out, "        <FreeRide Duration=\"{seconds}\"/>");
                continue;
            }
            MoveKind::WarmUp => "Warmup",
            MoveKind::CoolDown => "Cooldown",
            _ => "SteadyState",
        };
        if tag == "SteadyState" {
            let _ = writeln!(
                out,
                "        <SteadyState Duration=\"{seconds}\" Power=\"{power:.3}\"/>"
            );
        } else {
            let _ = writeln!(
                out,
                "        <{tag} Duration=\"{seconds}\" PowerLow=\"{power:.3}\" PowerHigh=\"{power:.3}\"/>"
            );
        }
    }
    let _ = writeln!(out, "    </workout>");
    out.push_str("</workout_file>\n");
    Ok(out)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
