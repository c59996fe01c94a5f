//! The splits card: a resolved workout as numbered lines a runner reads before the session,
//! each step with its length, terrain, target and, for track reps, the 200 m splits.
//!
//! It lives here, beside the resolver, because more than one place prints it: `miler workout
//! show` as a table in the terminal, and a training plan in the description of each calendar
//! event. Both want the same words and the same rounding, so the wording is decided once.
//!
//! Numbers are rounded the way the JSON views round them (times and paces to the hundredth
//! of a second, splits to the tenth) before they are printed, so the card and a JSON
//! document never disagree in the last digit.

use std::fmt::Write as _;

use miler_core::{Distance, Duration, Pace};

use crate::model::{Direction, MoveKind, Slope, TrackPart, Venue};
use crate::resolve::{Resolved, ResolvedStep, ResolvedTarget, Side, StepKind};

/// The steps of `resolved` as card lines: one numbered line per step, then its splits and
/// its note, if any, on lines of their own. `width` pads the step's description so targets
/// line up in a fixed-width font; 0 puts the target one space after it.
pub fn steps(resolved: &Resolved, width: usize) -> String {
    let mut out = String::new();
    for (i, step) in resolved.steps.iter().enumerate() {
        let what = description(step);
        let target = target_text(step);
        let line = format!("{:>3}  {what:<width$} {target}", i + 1);
        if width == 0 {
            let _ = writeln!(out, "{}", line.trim_end());
        } else {
            let _ = writeln!(out, "{line}");
        }
        let splits = track_splits(step);
        if !splits.is_empty() {
            let marks: Vec<String> = splits
                .iter()
                .map(|(at, band)| format!("{at:.0} m {}", band_text(*band)))
                .collect();
            let _ = writeln!(out, "       splits: {}", marks.join(", "));
        }
        if let Some(note) = &step.note {
            let _ = writeln!(out, "       \"{note}\"");
        }
    }
    out
}

/// The step's kind as the card and the JSON name it: `warm-up`, `run`, `strength`, ...
pub fn kind_name(kind: &StepKind) -> String {
    match kind {
        StepKind::Move { kind, .. } => match kind {
            MoveKind::WarmUp => "warm-up",
            MoveKind::Run => "run",
            MoveKind::Jog => "jog",
            MoveKind::Walk => "walk",
            MoveKind::Rest => "rest",
            MoveKind::CoolDown => "cool-down",
            MoveKind::Stride => "stride",
            MoveKind::Drills => "drills",
            MoveKind::TimeTrial => "time-trial",
        }
        .to_owned(),
        StepKind::Strength { .. } => "strength".to_owned(),
        StepKind::Mobility { .. } => "mobility".to_owned(),
    }
}

/// Where a running step is run (`uphill`, `track bend`, `treadmill`, ...); empty for flat
/// ground anywhere and for strength and mobility.
pub fn terrain(kind: &StepKind) -> String {
    let StepKind::Move { slope, venue, .. } = kind else {
        return String::new();
    };
    let slope = match slope {
        Slope::Flat => "",
        Slope::Uphill(_) => "uphill",
        Slope::Downhill(_) => "downhill",
    };
    let venue = match venue {
        Venue::Anywhere => "",
        Venue::Track(None) => "track",
        Venue::Track(Some(TrackPart::Bend)) => "track bend",
        Venue::Track(Some(TrackPart::Straight)) => "track straight",
        Venue::Treadmill => "treadmill",
    };
    [slope, venue]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// Splits on the track for a rep of 400 m or more with a time target: the time band (fast,
/// slow; seconds to the tenth) at every 200 m before the end.
pub fn track_splits(step: &ResolvedStep) -> Vec<(f64, [f64; 2])> {
    let (Some(distance), Some((fast, slow))) = (step.distance, step.rep_time) else {
        return Vec::new();
    };
    let d = distance.metres();
    if d < 400.0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 200.0;
    while at < d - 1e-6 {
        out.push((
            at,
            [
                round(fast.secs() * at / d, 1),
                round(slow.secs() * at / d, 1),
            ],
        ));
        at += 200.0;
    }
    out
}

/// A time as a runner reads it: `1:28.5` under ten minutes (tenths dropped when zero),
/// `51:56` above.
pub fn clock(seconds: f64) -> String {
    Duration::from_secs(seconds).map_or_else(
        || "-".into(),
        |d| {
            d.display_fixed(if seconds < 600.0 { 1 } else { 0 })
                .trim_end_matches(".0")
                .to_owned()
        },
    )
}

/// A band of two times, or one when its ends agree to the tenth.
pub fn band_text(band: [f64; 2]) -> String {
    if (band[0] - band[1]).abs() < 0.05 {
        clock(band[0])
    } else {
        format!("{}-{}", clock(band[0]), clock(band[1]))
    }
}

/// `1/4 run 400m BACKWARD (uphill)`: the repetition, kind, length, direction and terrain.
fn description(step: &ResolvedStep) -> String {
    let rep = step
        .reps
        .last()
        .map(|r| match r.count {
            Some(n) => format!("{}/{n} ", r.iteration),
            None => format!("{}/until ", r.iteration),
        })
        .unwrap_or_default();
    let kind = match &step.kind {
        StepKind::Strength { description } | StepKind::Mobility { description } => {
            format!("{}: {description}", kind_name(&step.kind))
        }
        k => kind_name(k),
    };
    let movement = matches!(step.kind, StepKind::Move { .. });
    let length = match (step.distance, step.time) {
        (Some(d), _) => {
            Distance::from_metres(round(d.metres(), 3)).map_or(String::new(), |d| d.to_string())
        }
        (None, Some(t)) => clock(round(t.secs(), 3)),
        _ if movement => "to the lap button".to_owned(),
        _ => String::new(),
    };
    let mut what = format!("{rep}{kind} {length}");
    if matches!(
        step.kind,
        StepKind::Move {
            direction: Direction::Backward,
            ..
        }
    ) {
        what.push_str(" BACKWARD");
    }
    let terrain = terrain(&step.kind);
    if !terrain.is_empty() {
        let _ = write!(what, " ({terrain})");
    }
    what
}

/// `in 1:28-1:30, 3:40-3:45/km`: the rep time (or the time per 400 m), the pace, which end
/// of a one-sided band counts, and the effort in words.
fn target_text(step: &ResolvedStep) -> String {
    let mut parts = Vec::new();
    let mut band = |fast: Pace, slow: Pace| {
        if let Some((a, b)) = step.rep_time {
            parts.push(format!("in {}", band_text(pair(a.secs(), b.secs()))));
        } else {
            let lap = |p: Pace| p.time_for(Distance::TRACK_400).secs();
            parts.push(format!(
                "{} per 400 m",
                band_text(pair(lap(fast), lap(slow)))
            ));
        }
        parts.push(format!(
            "{}/km",
            band_text(pair(fast.secs_per_km(), slow.secs_per_km()))
        ));
    };
    match &step.target {
        None => {}
        Some(ResolvedTarget::Pace {
            fast,
            slow,
            one_sided,
        }) => {
            band(*fast, *slow);
            if let Some(side) = one_sided {
                parts.push(
                    match side {
                        Side::Faster => "or faster",
                        Side::Slower => "or slower",
                    }
                    .to_owned(),
                );
            }
        }
        Some(ResolvedTarget::Effort {
            description,
            flat_pace,
        }) => {
            if let Some(p) = flat_pace {
                band(*p, *p);
            }
            parts.push(description.clone());
        }
    }
    parts.join(", ")
}

fn pair(a: f64, b: f64) -> [f64; 2] {
    [round(a, 2), round(b, 2)]
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{AthletePaces, resolve};

    fn card(text: &str, goal: &str, width: usize) -> String {
        let workout = crate::text::parse(text).into_result().unwrap();
        let resolved = resolve(&workout, &AthletePaces::from_goal(goal.parse().unwrap())).unwrap();
        steps(&resolved, width)
    }

    #[test]
    fn goal_pace_reps_read_as_lap_times_and_splits() {
        // A 6:00 mile is 90 s per 400 m by the four-laps rule, so `goal-2s/400m..goal` is a
        // 400 m rep in 1:28-1:30, 3:40-3:45 per km, and 44-45 s at 200 m. The recovery comes
        // between reps, not after the last.
        let text = "2 x 400m @ goal-2s/400m..goal, recovery 2min jog\n";
        assert_eq!(
            card(text, "6:00", 0),
            "  1  1/2 run 400m in 1:28-1:30, 3:40-3:45/km\n       \
             splits: 200 m 0:44-0:45\n  \
             2  1/2 jog 2:00\n  \
             3  2/2 run 400m in 1:28-1:30, 3:40-3:45/km\n       \
             splits: 200 m 0:44-0:45\n"
        );
        // A width pads the description so targets line up; an empty target leaves the pad.
        let padded = card(text, "6:00", 20);
        let pad = " ".repeat(20 - "1/2 run 400m".len());
        assert!(
            padded.starts_with(&format!("  1  1/2 run 400m{pad} in 1:28")),
            "{padded}"
        );
        assert!(
            padded.contains(&format!("  2  1/2 jog 2:00{pad} \n")),
            "{padded}"
        );
    }

    #[test]
    fn an_800_m_rep_has_a_split_at_every_200_m() {
        // 800 m at 6:00-mile pace: 180 s by the four-laps rule, so 45, 90 and 135 s.
        let text = "run 800m @ goal\n";
        let card = card(text, "6:00", 0);
        assert!(
            card.contains("splits: 200 m 0:45, 400 m 1:30, 600 m 2:15\n"),
            "{card}"
        );
    }

    #[test]
    fn times_read_as_runners_write_them() {
        for (secs, text) in [
            (44.0, "0:44"),
            (88.5, "1:28.5"),
            (599.94, "9:59.9"),
            (3116.0, "51:56"),
        ] {
            assert_eq!(clock(secs), text);
        }
        assert_eq!(band_text([88.0, 90.0]), "1:28-1:30");
        assert_eq!(band_text([90.0, 90.04]), "1:30");
    }
}
