//! The printer: a [`Workout`] as canonical workout text.
//!
//! Canonical means one text per workout: words in a fixed order (kind, length, direction,
//! slope, venue, target, note), units in the form runners write, two spaces of indentation per
//! block, a repeat of one step on one line. Reading the printed text gives back the same
//! workout, which is what lets a workout be stored, diffed and edited as text.

use std::fmt;

use super::units::{format_clock, format_distance, format_number, format_time};
use crate::model::{
    Count, Cover, Direction, Dose, Effort, Feel, Grade, Item, Length, Load, Mobility, MobilityKind,
    Move, MoveKind, PaceExpr, PaceOffset, PaceRef, PaceTarget, RelativePace, Repeat, Sign, Slope,
    Step, Strength, Target, TrackPart, Venue, Workout, Zone,
};
use crate::ramp::Ramp;
use miler_core::Distance;

/// Prints a workout as canonical text, one step per line, ending with a line break.
pub fn print(workout: &Workout) -> String {
    let mut out = String::new();
    print_items(&workout.items, 0, &mut out);
    out
}

/// Where a move is printed, which decides how its kind is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Line,
    Rep,
    Between,
}

fn print_items(items: &[Item], depth: usize, out: &mut String) {
    for item in items {
        out.push_str(&"  ".repeat(depth));
        match item {
            Item::Step(step) => out.push_str(&step_text(step, Place::Line)),
            Item::Repeat(repeat) => print_repeat(repeat, depth, out),
        }
        out.push('\n');
    }
}

fn print_repeat(repeat: &Repeat, depth: usize, out: &mut String) {
    if let (Count::Times(count), [Item::Step(step)]) = (&repeat.count, repeat.body.as_slice()) {
        out.push_str(&format!(
            "{} x {}",
            count_text(count),
            step_text(step, Place::Rep)
        ));
        if let Some(between) = &repeat.between {
            out.push_str(", ");
            out.push_str(&move_text(between, Place::Between));
        }
        if repeat.each_faster {
            out.push_str(", each faster");
        }
        return;
    }
    match &repeat.count {
        Count::Times(count) => out.push_str(&format!("{} x {{\n", count_text(count))),
        Count::Until(cover) => out.push_str(&format!("until {} {{\n", cover_text(*cover))),
    }
    print_items(&repeat.body, depth + 1, out);
    out.push_str(&"  ".repeat(depth));
    out.push('}');
    if let Some(between) = &repeat.between {
        out.push(' ');
        out.push_str(&move_text(between, Place::Between));
    }
    if repeat.each_faster {
        out.push_str(if repeat.between.is_some() {
            ", each faster"
        } else {
            " each faster"
        });
    }
}

fn count_text(count: &Ramp<u32>) -> String {
    count
        .waypoints()
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join("->")
}

fn cover_text(cover: Cover) -> String {
    match cover {
        Cover::Distance(distance) => format_distance(distance),
        Cover::Time(time) => format_time(time),
    }
}

fn step_text(step: &Step, place: Place) -> String {
    match step {
        Step::Move(step) => move_text(step, place),
        Step::Strength(step) => strength_text(step),
        Step::Mobility(step) => mobility_text(step),
    }
}

fn kind_text(kind: MoveKind) -> &'static str {
    match kind {
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
}

fn length_text(length: &Length) -> Option<String> {
    let (waypoints, approx): (Vec<String>, bool) = match length {
        Length::Open => return None,
        Length::Distance { ramp, approx } => (
            ramp.waypoints()
                .iter()
                .map(|d| format_distance(*d))
                .collect(),
            *approx,
        ),
        Length::Time { ramp, approx } => (
            ramp.waypoints().iter().map(|t| format_time(*t)).collect(),
            *approx,
        ),
    };
    let tilde = if approx { "~" } else { "" };
    Some(format!("{tilde}{}", waypoints.join("->")))
}

fn move_text(step: &Move, place: Place) -> String {
    let mut words: Vec<String> = Vec::new();
    let length = length_text(&step.length);
    match place {
        Place::Between if step.kind == MoveKind::Rest => {
            words.push("rest".into());
            words.extend(length);
        }
        Place::Between => {
            words.push("recovery".into());
            words.extend(length);
            words.push(kind_text(step.kind).into());
        }
        Place::Rep if step.kind == MoveKind::Run && length.is_some() => words.extend(length),
        Place::Line | Place::Rep => {
            words.push(kind_text(step.kind).into());
            words.extend(length);
        }
    }
    if step.direction == Direction::Backward {
        words.push("backward".into());
    }
    if let Some(slope) = slope_text(step.slope) {
        words.push(slope);
    }
    match step.venue {
        Venue::Anywhere => {}
        Venue::Track(None) => words.push("on track".into()),
        Venue::Track(Some(TrackPart::Bend)) => words.push("bend".into()),
        Venue::Track(Some(TrackPart::Straight)) => words.push("straight".into()),
        Venue::Treadmill => words.push("on treadmill".into()),
    }
    match &step.target {
        // "warm-up 15min easy" reads as runners say it; every other target follows an `@`.
        Some(Target::Effort(Effort::Feel(Feel::Easy))) => words.push("easy".into()),
        Some(target) => words.push(format!("@ {target}")),
        None => {}
    }
    if let Some(note) = &step.note {
        words.push(format!("\"{note}\""));
    }
    words.join(" ")
}

fn slope_text(slope: Slope) -> Option<String> {
    let (word, grade) = match slope {
        Slope::Flat => return None,
        Slope::Uphill(grade) => ("uphill", grade),
        Slope::Downhill(grade) => ("downhill", grade),
    };
    Some(match grade {
        Grade::Any => word.to_owned(),
        Grade::Gentle => format!("gentle {word}"),
        Grade::Steep => format!("steep {word}"),
        Grade::Percent(percent) => format!("{word} {}%", format_number(percent)),
    })
}

fn strength_text(step: &Strength) -> String {
    let dose = match step.dose {
        Dose::Reps(reps) => reps.to_string(),
        Dose::Time(time) => format_time(time),
    };
    let mut text = format!("{} {}x{dose}", step.exercise, step.sets);
    if step.each_side {
        text.push_str(" each side");
    }
    if let Some(load) = step.load {
        text.push_str(" @ ");
        text.push_str(&match load {
            Load::Bodyweight => "bodyweight".to_owned(),
            Load::Band => "band".to_owned(),
            Load::Light => "light".to_owned(),
            Load::Moderate => "moderate".to_owned(),
            Load::Heavy => "heavy".to_owned(),
            Load::Kg(kg) => format!("{}kg", format_number(kg)),
        });
    }
    if let Some(rest) = step.rest {
        text.push_str(&format!(" rest {}", format_time(rest)));
    }
    if let Some(note) = &step.note {
        text.push_str(&format!(" \"{note}\""));
    }
    text
}

fn mobility_text(step: &Mobility) -> String {
    let time = step.time.map(format_time);
    let mut words: Vec<String> = Vec::new();
    match (step.kind, &step.area, time) {
        (MobilityKind::Stretch, Some(area), Some(time)) => {
            words.extend([area.clone(), "hold".into(), time]);
        }
        (MobilityKind::Stretch, area, time) => {
            words.push("stretch".into());
            words.extend(area.clone());
            words.extend(time);
        }
        (MobilityKind::FoamRoll, area, time) => {
            words.push("foam-roll".into());
            words.extend(area.clone());
            words.extend(time);
        }
    }
    if step.each_side {
        words.push("each side".into());
    }
    if let Some(note) = &step.note {
        words.push(format!("\"{note}\""));
    }
    words.join(" ")
}

fn reference_text(reference: PaceRef) -> String {
    match reference {
        PaceRef::Goal => "goal".into(),
        PaceRef::Race(distance) if distance == Distance::MILE => "mile".into(),
        PaceRef::Race(distance) => format_distance(distance),
        PaceRef::Daniels(zone) => match zone {
            Zone::E => "E",
            Zone::M => "M",
            Zone::T => "T",
            Zone::I => "I",
            Zone::R => "R",
        }
        .into(),
    }
}

/// The distance after `/`: `km` and `mi` for the units, otherwise the distance itself.
fn per_text(per: Distance) -> String {
    if per.metres() == 1000.0 {
        "km".into()
    } else if per == Distance::MILE {
        "mi".into()
    } else {
        format_distance(per)
    }
}

impl fmt::Display for PaceOffset {
    /// `-2s/400m`, `+45s/mi`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.sign {
            Sign::Slower => '+',
            Sign::Faster => '-',
        };
        write!(f, "{sign}{}/{}", format_time(self.time), per_text(self.per))
    }
}

impl fmt::Display for PaceExpr {
    /// `90s/400m` as `1:30/400m`; `goal-2s/400m`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaceExpr::Absolute(pace) => {
                write!(f, "{}/{}", format_clock(pace.time), per_text(pace.per))
            }
            PaceExpr::Relative(RelativePace { reference, offset }) => {
                f.write_str(&reference_text(*reference))?;
                match offset {
                    Some(offset) => write!(f, "{offset}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl fmt::Display for Target {
    /// The target as written after `@`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Pace(PaceTarget::At(pace)) => write!(f, "{pace}"),
            Target::Pace(PaceTarget::Band(from, to)) => write!(f, "{from}..{to}"),
            Target::Pace(PaceTarget::Faster { than, inclusive }) => match inclusive {
                true => write!(f, "{than} or faster"),
                false => write!(f, "faster than {than}"),
            },
            Target::Pace(PaceTarget::Slower { than, inclusive }) => match inclusive {
                true => write!(f, "{than} or slower"),
                false => write!(f, "slower than {than}"),
            },
            Target::Effort(Effort::Percent(percent)) => write!(f, "{percent}% effort"),
            Target::Effort(Effort::Rpe(rpe)) => write!(f, "rpe {rpe}"),
            Target::Effort(Effort::Race(reference)) => {
                write!(f, "{} effort", reference_text(*reference))
            }
            Target::Effort(Effort::Feel(feel)) => f.write_str(match feel {
                Feel::Easy => "easy",
                Feel::Moderate => "moderate",
                Feel::Steady => "steady",
                Feel::ComfortablyHard => "comfortably hard",
                Feel::Hard => "hard",
                Feel::Fast => "fast",
                Feel::Sprint => "sprint",
                Feel::AllOut => "all out",
            }),
        }
    }
}

impl fmt::Display for Step {
    /// The step as it would stand on a line of its own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&step_text(self, Place::Line))
    }
}

impl fmt::Display for Move {
    /// The move as it would stand on a line of its own (`jog 2min`), also for a recovery.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&move_text(self, Place::Line))
    }
}

impl fmt::Display for Workout {
    /// The canonical text; see [`print()`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&print(self))
    }
}
