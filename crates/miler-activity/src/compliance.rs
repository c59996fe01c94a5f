//! Compliance: an activity held against the session that was prescribed for it, rep by rep.
//!
//! The prescription is a flat list of steps ([`Prescription`]) that knows nothing of the
//! workout language or of FIT: the workout crate resolves its workouts into one, and the FIT
//! reader builds one from the workout a watch ran (see [`crate::Activity::embedded_workout`]).
//! Keeping the input this small lets one checker serve both, and keeps this crate free of the
//! workout model.
//!
//! # Matching laps to steps
//! - **By step index.** When the activity's laps carry a `workout_step_index` and the
//!   prescription's steps carry one too, each step is matched to a lap by that index. This is
//!   how watches record a workout they ran: one lap per step, named by the step. A repeat runs
//!   one step several times, so the n-th lap with an index is the n-th step with that index.
//!   A step with no such lap was not run: a work step is **missed**, a warm-up, cool-down or a
//!   recovery between two reps that were run is **skipped**.
//! - **In order.** Otherwise the prescribed work reps are matched in order to the activity's
//!   work intervals ([`detect_intervals`]: the laps when they separate work from recovery,
//!   else stretches found in the speed stream). Reps beyond the last work interval are missed.
//!   A single effort over a distance (a time trial) has no intervals to find: it is matched to
//!   the fastest stretch of that distance in the activity, its best effort.
//!
//! # Judging a rep
//! - A distance rep is judged by its time over the prescribed distance. A lap whose measured
//!   distance is within 5 % of the prescription is taken as that distance (GPS and foot pods
//!   read a marked 400 m anywhere from 390 m to 410 m); a lap more than 5 % longer is judged by
//!   its average pace over the prescribed distance (its time scaled, and marked `scaled`); one
//!   more than 5 % shorter stopped **short**.
//! - A timed rep is judged by its pace over the distance it covered, as the times the pace band
//!   gives for that distance. It stopped **short** when it lasted less than its time by more
//!   than 5 % (and more than the half-second tolerance).
//! - The band's ends are widened by [`TOLERANCE_S`], half a second each side: watches and
//!   track clocks time a rep to a tenth at best and lap buttons are pressed by hand, so a
//!   90.4 s rep against an 88-90 s band was run as prescribed. Faster than the band is
//!   **under**, slower is **over**; a rep without a pace or time target is **no target**.
//!
//! # The verdict line
//! One sentence a runner reads first: how many reps were in the band (or run, when there is no
//! band), then the reps that were not — off the band, stopped short, missed — then a skipped
//! or cut-short warm-up or cool-down. "7 of 8 reps in 88-90 s; rep 8 was 93 s".
//!
//! Pure: no IO, no clock. Allocates its output only.

use miler_core::{Distance, Duration, Pace};

use crate::Activity;
use crate::analysis::{IntervalKind, best_effort, detect_intervals};

/// Half a second either side of a band: the resolution of a hand-pressed lap button.
pub const TOLERANCE_S: f64 = 0.5;

/// How far a lap's distance may differ from a distance rep's before it counts as longer or
/// shorter than prescribed, as a share of the prescribed distance.
const DISTANCE_SLACK: f64 = 0.05;

/// How much shorter than prescribed a timed step may be before it stopped short, as a share.
const TIME_SLACK: f64 = 0.05;

/// A session as prescribed: its steps in the order they are run, repeats expanded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Prescription {
    pub steps: Vec<PrescribedStep>,
}

/// What a step is for, which decides how the checker treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRole {
    WarmUp,
    /// A rep, or any other step the session is about.
    Work,
    /// The recovery or rest between reps.
    Recovery,
    CoolDown,
}

impl StepRole {
    /// A stable lower-case name for storage and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            StepRole::WarmUp => "warmup",
            StepRole::Work => "work",
            StepRole::Recovery => "recovery",
            StepRole::CoolDown => "cooldown",
        }
    }

    /// The inverse of [`StepRole::as_str`].
    pub fn from_name(name: &str) -> Option<StepRole> {
        Some(match name {
            "warmup" => StepRole::WarmUp,
            "work" => StepRole::Work,
            "recovery" => StepRole::Recovery,
            "cooldown" => StepRole::CoolDown,
            _ => return None,
        })
    }
}

/// One step of a prescription.
#[derive(Debug, Clone, PartialEq)]
pub struct PrescribedStep {
    /// How the step reads on a card: `400m @ 88-90 s`, `30 s active`.
    pub label: String,
    pub role: StepRole,
    /// The step's length: a distance, a time, or neither (until the lap button).
    pub distance: Option<Distance>,
    pub time: Option<Duration>,
    /// For a distance rep: the time band over the distance (fast, slow).
    pub time_band: Option<(Duration, Duration)>,
    /// A pace band (fast, slow), for timed reps and wherever a time band is not given.
    pub pace_band: Option<(Pace, Pace)>,
    /// The index of the step in the workout the watch ran, which laps refer to.
    pub workout_step_index: Option<u16>,
}

impl PrescribedStep {
    pub fn is_work(&self) -> bool {
        self.role == StepRole::Work
    }

    /// The target band in time, for a rep that covered `covered` (used for timed reps, whose
    /// distance is whatever the runner covered).
    fn band_for(&self, covered: Option<Distance>) -> Option<(Duration, Duration)> {
        if let Some(d) = self.distance {
            return self
                .time_band
                .or_else(|| self.pace_band.map(|(f, s)| (f.time_for(d), s.time_for(d))));
        }
        match (self.pace_band, covered) {
            (Some((fast, slow)), Some(d)) if d.metres() > 0.0 => {
                Some((fast.time_for(d), slow.time_for(d)))
            }
            (Some(_), _) => None,
            (None, _) => self.time_band,
        }
    }
}

/// How a rep went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within the band (and its tolerance).
    In,
    /// Faster than the band.
    Under,
    /// Slower than the band.
    Over,
    /// Stopped before its distance or time.
    Short,
    /// Run, but the prescription gave no pace or time to hold it to.
    NoTarget,
    /// Not run.
    Missed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::In => "in",
            Verdict::Under => "under",
            Verdict::Over => "over",
            Verdict::Short => "short",
            Verdict::NoTarget => "no_target",
            Verdict::Missed => "missed",
        }
    }
}

/// How laps were matched to steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// By the laps' workout step indexes.
    StepIndex,
    /// Reps in order to the activity's work intervals.
    InOrder,
}

/// One prescribed rep held against what was run.
#[derive(Debug, Clone, PartialEq)]
pub struct RepCheck {
    /// 1-based among the work reps.
    pub number: u32,
    /// Position of the step in the prescription.
    pub step: usize,
    pub prescribed: PrescribedStep,
    /// The band the rep was judged against, in time (see the module docs for timed reps).
    pub target_time: Option<(Duration, Duration)>,
    /// The rep's time as judged: the lap's time, or its pace over the prescribed distance when
    /// `scaled`.
    pub actual_time: Option<Duration>,
    /// The distance the lap or interval measured.
    pub actual_distance: Option<Distance>,
    pub actual_pace: Option<Pace>,
    /// The lap ran more than 5 % past the prescribed distance and its time was scaled to it.
    pub scaled: bool,
    pub verdict: Verdict,
}

/// The warm-up or cool-down: prescribed and actual time, and how many of its steps were run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegmentCheck {
    /// The sum of the segment's timed steps.
    pub prescribed: Duration,
    pub actual: Duration,
    pub steps: usize,
    pub steps_run: usize,
}

/// The result of [`check`].
#[derive(Debug, Clone, PartialEq)]
pub struct Compliance {
    pub matching: Matching,
    pub reps: Vec<RepCheck>,
    /// Work reps not run.
    pub missed: usize,
    /// Positions in the prescription of warm-up, cool-down and recovery steps that were not run
    /// (recoveries only between two reps that were; see the module docs). Always empty when
    /// matching in order, which cannot tell.
    pub skipped_steps: Vec<usize>,
    pub warm_up: Option<SegmentCheck>,
    pub cool_down: Option<SegmentCheck>,
    pub verdict_line: String,
}

impl Compliance {
    /// Whether the session's targets were hit, for deciding whether a progression moves on:
    /// every rep run and at most a quarter of the targeted reps slower than their band or cut
    /// short. Reps faster than the band count as hit — the runner could do the work. `None`
    /// when no rep had a target to hit.
    pub fn targets_hit(&self) -> Option<bool> {
        let targeted: Vec<&RepCheck> = self
            .reps
            .iter()
            .filter(|r| !matches!(r.verdict, Verdict::NoTarget))
            .collect();
        if targeted.is_empty() {
            return None;
        }
        let failed = targeted
            .iter()
            .filter(|r| matches!(r.verdict, Verdict::Over | Verdict::Short | Verdict::Missed))
            .count();
        Some(self.missed == 0 && failed * 4 <= targeted.len())
    }
}

/// A lap or interval as the checker sees it.
#[derive(Debug, Clone, Copy)]
struct Run {
    time: Duration,
    distance: Distance,
}

/// Holds `activity` against `prescription`; see the module documentation for the rules.
pub fn check(activity: &Activity, prescription: &Prescription) -> Compliance {
    let by_index = activity.laps.iter().any(|l| l.workout_step_index.is_some())
        && prescription
            .steps
            .iter()
            .any(|s| s.workout_step_index.is_some());
    let runs: Vec<Option<Run>> = if by_index {
        match_by_index(activity, prescription)
    } else {
        match_in_order(activity, prescription)
    };
    let matching = if by_index {
        Matching::StepIndex
    } else {
        Matching::InOrder
    };

    let mut reps = Vec::new();
    for (position, (step, run)) in prescription.steps.iter().zip(&runs).enumerate() {
        if !step.is_work() {
            continue;
        }
        reps.push(judge(reps.len() as u32 + 1, position, step, *run));
    }
    let missed = reps.iter().filter(|r| r.verdict == Verdict::Missed).count();

    let mut skipped_steps = Vec::new();
    if by_index {
        let work_run = |range: &[Option<Run>], steps: &[PrescribedStep]| {
            steps
                .iter()
                .zip(range)
                .any(|(s, r)| s.is_work() && r.is_some())
        };
        for (position, (step, run)) in prescription.steps.iter().zip(&runs).enumerate() {
            if run.is_some() || step.is_work() {
                continue;
            }
            let counts = match step.role {
                StepRole::WarmUp | StepRole::CoolDown => true,
                // A recovery counts as skipped only between two reps that were run: after a
                // missed rep, it was never due.
                StepRole::Recovery => {
                    let before = prescription.steps[..position]
                        .iter()
                        .rposition(PrescribedStep::is_work);
                    let after = prescription.steps[position + 1..]
                        .iter()
                        .position(PrescribedStep::is_work)
                        .map(|i| position + 1 + i);
                    match (before, after) {
                        (Some(b), Some(a)) => {
                            work_run(&runs[b..=b], &prescription.steps[b..=b])
                                && work_run(&runs[a..=a], &prescription.steps[a..=a])
                        }
                        _ => false,
                    }
                }
                StepRole::Work => false,
            };
            if counts {
                skipped_steps.push(position);
            }
        }
    }

    let (warm_up, cool_down) = if by_index {
        (
            segment(prescription, &runs, StepRole::WarmUp),
            segment(prescription, &runs, StepRole::CoolDown),
        )
    } else {
        detected_segments(activity, prescription)
    };
    let verdict_line = verdict_line(&reps, warm_up, cool_down, matching);
    Compliance {
        matching,
        reps,
        missed,
        skipped_steps,
        warm_up,
        cool_down,
        verdict_line,
    }
}

fn lap_time(l: &crate::Lap) -> Duration {
    if l.timer_time.secs() > 0.0 {
        l.timer_time
    } else {
        l.elapsed_time
    }
}

/// Step k's lap: the n-th lap with its index, where it is the n-th step with that index.
fn match_by_index(activity: &Activity, prescription: &Prescription) -> Vec<Option<Run>> {
    let mut seen: Vec<(u16, usize)> = Vec::new();
    prescription
        .steps
        .iter()
        .map(|step| {
            let index = step.workout_step_index?;
            let nth = match seen.iter_mut().find(|(i, _)| *i == index) {
                Some((_, n)) => {
                    *n += 1;
                    *n - 1
                }
                None => {
                    seen.push((index, 1));
                    0
                }
            };
            activity
                .laps
                .iter()
                .filter(|l| l.workout_step_index == Some(index))
                .nth(nth)
                .map(|l| Run {
                    time: lap_time(l),
                    distance: l.distance,
                })
        })
        .collect()
}

/// Work reps in order to the work intervals; other steps are left unmatched.
fn match_in_order(activity: &Activity, prescription: &Prescription) -> Vec<Option<Run>> {
    let intervals = detect_intervals(activity);
    let work_steps: Vec<&PrescribedStep> =
        prescription.steps.iter().filter(|s| s.is_work()).collect();
    // One effort over a distance (a time trial) is not intervals: it is the fastest stretch
    // of that distance in the activity.
    if let [step] = work_steps[..]
        && let Some(distance) = step.distance
        && !intervals.iter().any(|i| i.kind == IntervalKind::Work)
    {
        let effort = best_effort(&activity.samples, distance);
        return prescription
            .steps
            .iter()
            .map(|s| {
                let e = effort.filter(|_| s.is_work())?;
                Some(Run {
                    time: e.time,
                    distance: e.distance,
                })
            })
            .collect();
    }
    let mut work = intervals
        .into_iter()
        .filter(|i| i.kind == IntervalKind::Work);
    prescription
        .steps
        .iter()
        .map(|step| {
            if !step.is_work() {
                return None;
            }
            work.next().map(|i| Run {
                time: i.time,
                distance: i.distance,
            })
        })
        .collect()
}

fn judge(number: u32, position: usize, step: &PrescribedStep, run: Option<Run>) -> RepCheck {
    let mut check = RepCheck {
        number,
        step: position,
        prescribed: step.clone(),
        target_time: None,
        actual_time: None,
        actual_distance: None,
        actual_pace: None,
        scaled: false,
        verdict: Verdict::Missed,
    };
    let Some(run) = run else {
        check.target_time = step.band_for(None);
        return check;
    };
    check.actual_distance = Some(run.distance);
    check.actual_time = Some(run.time);
    check.actual_pace = Pace::of(run.distance, run.time);
    check.target_time = step.band_for(Some(run.distance));

    let short = match (step.distance, step.time) {
        (Some(d), _) => run.distance.metres() < d.metres() * (1.0 - DISTANCE_SLACK),
        (None, Some(t)) => run.time.secs() < t.secs() - (t.secs() * TIME_SLACK).max(TOLERANCE_S),
        (None, None) => false,
    };
    if short {
        check.verdict = Verdict::Short;
        return check;
    }
    if let Some(d) = step.distance
        && run.distance.metres() > d.metres() * (1.0 + DISTANCE_SLACK)
    {
        check.actual_time = run.time.scaled(d.metres() / run.distance.metres());
        check.scaled = true;
    }
    check.verdict = match (check.target_time, check.actual_time) {
        (Some((fast, slow)), Some(t)) => {
            if t.secs() < fast.secs() - TOLERANCE_S {
                Verdict::Under
            } else if t.secs() > slow.secs() + TOLERANCE_S {
                Verdict::Over
            } else {
                Verdict::In
            }
        }
        _ => Verdict::NoTarget,
    };
    check
}

fn segment(
    prescription: &Prescription,
    runs: &[Option<Run>],
    role: StepRole,
) -> Option<SegmentCheck> {
    let mut out = SegmentCheck {
        prescribed: Duration::ZERO,
        actual: Duration::ZERO,
        steps: 0,
        steps_run: 0,
    };
    for (step, run) in prescription.steps.iter().zip(runs) {
        if step.role != role {
            continue;
        }
        out.steps += 1;
        if let Some(t) = step.time {
            out.prescribed = out.prescribed + t;
        }
        if let Some(r) = run {
            out.steps_run += 1;
            out.actual = out.actual + r.time;
        }
    }
    (out.steps > 0).then_some(out)
}

/// Warm-up and cool-down when matching in order: the detected warm-up and cool-down
/// stretches, whose steps count as run when there is one.
fn detected_segments(
    activity: &Activity,
    prescription: &Prescription,
) -> (Option<SegmentCheck>, Option<SegmentCheck>) {
    let intervals = detect_intervals(activity);
    let one = |role: StepRole, kind: IntervalKind| {
        let steps: Vec<&PrescribedStep> = prescription
            .steps
            .iter()
            .filter(|s| s.role == role)
            .collect();
        if steps.is_empty() {
            return None;
        }
        let actual: f64 = intervals
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.time.secs())
            .sum();
        Some(SegmentCheck {
            prescribed: Duration::from_secs(
                steps.iter().filter_map(|s| s.time).map(|t| t.secs()).sum(),
            )
            .unwrap_or(Duration::ZERO),
            actual: Duration::from_secs(actual).unwrap_or(Duration::ZERO),
            steps: steps.len(),
            steps_run: if actual > 0.0 { steps.len() } else { 0 },
        })
    };
    (
        one(StepRole::WarmUp, IntervalKind::WarmUp),
        one(StepRole::CoolDown, IntervalKind::CoolDown),
    )
}

/// A time as a runner says it: seconds up to two minutes (`88`, `89.5`), else `M:SS`.
fn say_time(t: Duration) -> String {
    let tenths = (t.secs() * 10.0).round() / 10.0;
    if tenths < 120.0 {
        if tenths.fract() == 0.0 {
            format!("{tenths:.0}")
        } else {
            format!("{tenths:.1}")
        }
    } else {
        t.rounded(1).to_string()
    }
}

fn say_seconds(t: Duration) -> String {
    let s = say_time(t);
    if s.contains(':') { s } else { format!("{s} s") }
}

fn say_band((fast, slow): (Duration, Duration)) -> String {
    let (a, b) = (say_time(fast), say_time(slow));
    let unit = if b.contains(':') { "" } else { " s" };
    if a == b {
        format!("{a}{unit}")
    } else {
        format!("{a}-{b}{unit}")
    }
}

fn say_pace(p: Pace) -> String {
    let t = Duration::from_secs(p.secs_per_km()).unwrap_or(Duration::ZERO);
    format!("{}/km", t.rounded(0))
}

fn say_pace_band((fast, slow): (Pace, Pace)) -> String {
    let t = |p: Pace| {
        Duration::from_secs(p.secs_per_km())
            .unwrap_or(Duration::ZERO)
            .rounded(0)
            .to_string()
    };
    if t(fast) == t(slow) {
        format!("{}/km", t(fast))
    } else {
        format!("{}-{}/km", t(fast), t(slow))
    }
}

fn say_distance(d: Distance) -> String {
    if d.metres() >= 2000.0 {
        format!("{:.2} km", d.km())
    } else {
        format!("{:.0} m", d.metres())
    }
}

/// `rep 8`, `reps 3 and 5`, `reps 6-21`, `reps 2, 4 and 6-8`.
fn say_reps(numbers: &[u32]) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &n in numbers {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => ranges.push((n, n)),
        }
    }
    let parts: Vec<String> = ranges
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    let word = if numbers.len() == 1 { "rep" } else { "reps" };
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{word} {} and {last}", rest.join(", "))
        }
        _ => format!("{word} {}", parts.join("")),
    }
}

/// At most this many off-band or short reps are named one by one; the rest are counted.
const NAMED_REPS: usize = 3;

fn verdict_line(
    reps: &[RepCheck],
    warm_up: Option<SegmentCheck>,
    cool_down: Option<SegmentCheck>,
    matching: Matching,
) -> String {
    let n = reps.len();
    let mut parts = Vec::new();
    if n == 0 {
        parts.push("no reps prescribed".to_owned());
    } else {
        let targeted = reps.iter().any(|r| {
            r.prescribed.time_band.is_some()
                || r.prescribed.pace_band.is_some()
                || r.target_time.is_some()
        });
        let reps_word = if n == 1 { "rep" } else { "reps" };
        if targeted {
            let in_band = reps.iter().filter(|r| r.verdict == Verdict::In).count();
            // The band is named when every rep shares it.
            let bands: Vec<String> = reps
                .iter()
                .map(|r| match (r.prescribed.distance, r.prescribed.pace_band) {
                    (None, Some(p)) => say_pace_band(p),
                    _ => r
                        .prescribed
                        .band_for(None)
                        .map_or_else(String::new, say_band),
                })
                .collect();
            let common = bands
                .iter()
                .all(|b| !b.is_empty() && *b == bands[0])
                .then(|| bands[0].clone());
            match common {
                Some(band) => parts.push(format!("{in_band} of {n} {reps_word} in {band}")),
                None => parts.push(format!("{in_band} of {n} {reps_word} on target")),
            }
        } else {
            let short = reps.iter().any(|r| r.verdict == Verdict::Short);
            let full = reps
                .iter()
                .filter(|r| !matches!(r.verdict, Verdict::Short | Verdict::Missed))
                .count();
            let how = if short { "run in full" } else { "run" };
            parts.push(format!("{full} of {n} {reps_word} {how}"));
        }

        let off: Vec<String> = reps
            .iter()
            .filter_map(|r| {
                let t = r.actual_time?;
                match r.verdict {
                    Verdict::Under | Verdict::Over => Some(match r.prescribed.distance {
                        Some(_) => format!("rep {} was {}", r.number, say_seconds(t)),
                        None => format!(
                            "rep {} was {}",
                            r.number,
                            r.actual_pace.map_or_else(|| say_seconds(t), say_pace)
                        ),
                    }),
                    Verdict::Short => Some(match (r.prescribed.distance, r.prescribed.time) {
                        (Some(d), _) => format!(
                            "rep {} stopped at {} of {}",
                            r.number,
                            say_distance(r.actual_distance.unwrap_or(Distance::ZERO)),
                            say_distance(d)
                        ),
                        (None, Some(p)) => format!(
                            "rep {} stopped at {} of {}",
                            r.number,
                            say_seconds(t),
                            say_seconds(p)
                        ),
                        (None, None) => format!("rep {} stopped short", r.number),
                    }),
                    _ => None,
                }
            })
            .collect();
        if !off.is_empty() {
            let mut named = off[..off.len().min(NAMED_REPS)].join(", ");
            if off.len() > NAMED_REPS {
                named.push_str(&format!(" and {} more off target", off.len() - NAMED_REPS));
            }
            parts.push(named);
        }
        let missed: Vec<u32> = reps
            .iter()
            .filter(|r| r.verdict == Verdict::Missed)
            .map(|r| r.number)
            .collect();
        if !missed.is_empty() {
            parts.push(format!("{} missed", say_reps(&missed)));
        }
    }
    for (name, segment) in [("warm-up", warm_up), ("cool-down", cool_down)] {
        let Some(s) = segment else { continue };
        if s.steps_run == 0 {
            parts.push(match matching {
                Matching::StepIndex => format!("the {name} was skipped"),
                // Found from the speed alone, a missing warm-up may have been run apart.
                Matching::InOrder => format!("no {name} was recorded"),
            });
        } else if s.prescribed.secs() > 0.0
            && s.actual.secs() < s.prescribed.secs() * (1.0 - TIME_SLACK)
        {
            parts.push(format!(
                "the {name} was cut short ({} of {})",
                s.actual.rounded(0),
                s.prescribed.rounded(0)
            ));
        }
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Lap, SampleRow, SamplesBuilder, Sport};

    fn secs(s: f64) -> Duration {
        Duration::from_secs(s).unwrap()
    }

    fn metres(m: f64) -> Distance {
        Distance::from_metres(m).unwrap()
    }

    fn rep_400(band: (f64, f64), index: Option<u16>) -> PrescribedStep {
        PrescribedStep {
            label: "400m".into(),
            role: StepRole::Work,
            distance: Some(metres(400.0)),
            time: None,
            time_band: Some((secs(band.0), secs(band.1))),
            pace_band: None,
            workout_step_index: index,
        }
    }

    fn timed(role: StepRole, seconds: f64, index: Option<u16>) -> PrescribedStep {
        PrescribedStep {
            label: format!("{seconds} s"),
            role,
            distance: None,
            time: Some(secs(seconds)),
            time_band: None,
            pace_band: None,
            workout_step_index: index,
        }
    }

    fn lap(start: f64, time: f64, distance: f64, index: Option<u16>, rest: bool) -> Lap {
        Lap {
            start_offset: secs(start),
            timer_time: secs(time),
            elapsed_time: secs(time),
            distance: metres(distance),
            average_heart_rate_bpm: None,
            workout_step_index: index,
            is_rest: Some(rest),
        }
    }

    /// An activity of `(seconds, metres, is_rest)` laps, with samples at a steady pace within
    /// each lap, one a second.
    fn activity(laps: &[(f64, f64, Option<u16>, bool)]) -> Activity {
        let mut b = SamplesBuilder::default();
        let (mut t, mut d) = (0.0, 0.0);
        let mut out = Vec::new();
        for &(time, distance, index, rest) in laps {
            out.push(lap(t, time, distance, index, rest));
            let n = time.round() as usize;
            for i in 0..n {
                b.push(SampleRow {
                    time_s: t + i as f64,
                    distance_m: Some(d + distance * i as f64 / n as f64),
                    ..SampleRow::default()
                });
            }
            t += time;
            d += distance;
        }
        b.push(SampleRow {
            time_s: t,
            distance_m: Some(d),
            ..SampleRow::default()
        });
        let mut a = Activity::new(Sport::Running, b.finish());
        a.laps = out;
        a
    }

    /// 8 × 400 m with 200 m jogs: reps as given, jogs at 60 s.
    fn eight_by_400(rep_times: &[f64]) -> Activity {
        let mut laps = vec![(600.0, 2000.0, None, true)];
        for (i, &t) in rep_times.iter().enumerate() {
            if i > 0 {
                laps.push((60.0, 200.0, None, true));
            }
            laps.push((t, 400.0, None, false));
        }
        laps.push((300.0, 1000.0, None, true));
        activity(&laps)
    }

    fn eight_by_400_prescription() -> Prescription {
        let mut steps = vec![timed(StepRole::WarmUp, 600.0, None)];
        for i in 0..8 {
            if i > 0 {
                steps.push(timed(StepRole::Recovery, 60.0, None));
            }
            steps.push(rep_400((88.0, 90.0), None));
        }
        steps.push(timed(StepRole::CoolDown, 300.0, None));
        Prescription { steps }
    }

    #[test]
    fn verdict_lines_for_eight_by_400() {
        // (rep times, verdicts, line): each built so its answer is known.
        let cases: &[(&[f64], &str)] = &[
            (
                &[89.0, 88.5, 90.0, 89.0, 88.0, 89.5, 90.4, 93.0],
                "7 of 8 reps in 88-90 s; rep 8 was 93 s",
            ),
            (&[89.0; 8], "8 of 8 reps in 88-90 s"),
            (
                &[87.0, 89.0, 89.0, 89.0, 89.0, 89.0, 89.0, 89.0],
                "7 of 8 reps in 88-90 s; rep 1 was 87 s",
            ),
            (
                &[89.0, 89.0, 89.0, 89.0, 89.0, 89.0, 89.0],
                "7 of 8 reps in 88-90 s; rep 8 missed",
            ),
        ];
        for &(times, want) in cases {
            let c = check(&eight_by_400(times), &eight_by_400_prescription());
            assert_eq!(c.matching, Matching::InOrder);
            assert_eq!(c.verdict_line, want, "{times:?}");
            assert_eq!(c.reps.len(), 8);
            for (rep, &t) in c.reps.iter().zip(times) {
                assert_eq!(rep.actual_time, Some(secs(t)), "rep {}", rep.number);
                assert_eq!(rep.target_time, Some((secs(88.0), secs(90.0))));
            }
            assert_eq!(c.missed, 8 - times.len());
        }
    }

    #[test]
    fn targets_are_hit_with_at_most_a_quarter_of_reps_slow_and_none_missed() {
        let cases: &[(&[f64], bool)] = &[
            (&[89.0; 8], true),
            // Fast reps are hit: the runner could do the work.
            (&[85.0; 8], true),
            // Two slow reps in eight is a quarter.
            (&[89.0, 89.0, 89.0, 89.0, 89.0, 89.0, 93.0, 94.0], true),
            (&[89.0, 89.0, 89.0, 89.0, 89.0, 92.0, 93.0, 94.0], false),
            // A missed rep is a miss.
            (&[89.0; 7], false),
        ];
        for &(times, want) in cases {
            let c = check(&eight_by_400(times), &eight_by_400_prescription());
            assert_eq!(c.targets_hit(), Some(want), "{times:?}");
        }
    }

    #[test]
    fn tolerance_is_half_a_second() {
        // (rep time, verdict) at and just past each end of the 88-90 s band.
        let cases = [
            (87.5, Verdict::In),
            (87.4, Verdict::Under),
            (90.5, Verdict::In),
            (90.6, Verdict::Over),
        ];
        for (t, want) in cases {
            let got = judge(
                1,
                0,
                &rep_400((88.0, 90.0), None),
                Some(Run {
                    time: secs(t),
                    distance: metres(400.0),
                }),
            );
            assert_eq!(got.verdict, want, "{t} s");
        }
    }

    #[test]
    fn long_laps_are_scaled_and_short_ones_stopped() {
        // 440 m in 99 s is 90 s per 400 m; 360 m is 10 % short.
        let step = rep_400((88.0, 90.0), None);
        let long = judge(
            1,
            0,
            &step,
            Some(Run {
                time: secs(99.0),
                distance: metres(440.0),
            }),
        );
        assert!(long.scaled);
        assert!((long.actual_time.unwrap().secs() - 90.0).abs() < 1e-9);
        assert_eq!(long.verdict, Verdict::In);
        let short = judge(
            1,
            0,
            &step,
            Some(Run {
                time: secs(80.0),
                distance: metres(360.0),
            }),
        );
        assert_eq!(short.verdict, Verdict::Short);
        // 410 m is within 5 %: taken as the 400 m it was.
        let close = judge(
            1,
            0,
            &step,
            Some(Run {
                time: secs(89.0),
                distance: metres(410.0),
            }),
        );
        assert!(!close.scaled);
        assert_eq!(close.actual_time, Some(secs(89.0)));
    }

    #[test]
    fn timed_reps_are_judged_by_pace_over_the_distance_run() {
        // 60 s at 4:00-4:10/km: 250 m is exactly 4:00/km, 220 m is slower than 4:10/km.
        let step = PrescribedStep {
            pace_band: Some((
                Pace::from_secs_per_km(240.0).unwrap(),
                Pace::from_secs_per_km(250.0).unwrap(),
            )),
            ..timed(StepRole::Work, 60.0, None)
        };
        let run = |m: f64| {
            judge(
                1,
                0,
                &step,
                Some(Run {
                    time: secs(60.0),
                    distance: metres(m),
                }),
            )
        };
        assert_eq!(run(250.0).verdict, Verdict::In);
        assert_eq!(run(220.0).verdict, Verdict::Over);
        assert_eq!(run(270.0).verdict, Verdict::Under);
    }

    /// Warm-up (step 0), 3 × (30 s on, step 1; 15 s off, step 2) as a watch repeats them, and a
    /// cool-down (step 4). The runner cut the warm-up to 2 minutes, ran two reps in full, pressed
    /// the lap button 5 s into the third and stopped.
    #[test]
    fn matching_by_step_index_follows_the_repeat() {
        let mut steps = vec![timed(StepRole::WarmUp, 300.0, Some(0))];
        for _ in 0..3 {
            steps.push(timed(StepRole::Work, 30.0, Some(1)));
            steps.push(timed(StepRole::Recovery, 15.0, Some(2)));
        }
        steps.push(timed(StepRole::CoolDown, 300.0, Some(4)));
        let prescription = Prescription { steps };
        let a = activity(&[
            (120.0, 400.0, Some(0), true),
            (30.0, 150.0, Some(1), false),
            (15.0, 40.0, Some(2), true),
            (31.0, 150.0, Some(1), false),
            (15.0, 40.0, Some(2), true),
            (5.0, 20.0, Some(1), false),
            (200.0, 500.0, None, true),
        ]);
        let c = check(&a, &prescription);
        assert_eq!(c.matching, Matching::StepIndex);
        let got: Vec<(Option<f64>, Verdict)> = c
            .reps
            .iter()
            .map(|r| (r.actual_time.map(Duration::secs), r.verdict))
            .collect();
        assert_eq!(
            got,
            [
                (Some(30.0), Verdict::NoTarget),
                (Some(31.0), Verdict::NoTarget),
                (Some(5.0), Verdict::Short),
            ]
        );
        assert_eq!(c.missed, 0);
        // The cool-down (position 7) was skipped; the recovery after rep 3 was never due.
        assert_eq!(c.skipped_steps, [7]);
        let warm = c.warm_up.unwrap();
        assert_eq!((warm.prescribed, warm.actual), (secs(300.0), secs(120.0)));
        assert_eq!(
            c.verdict_line,
            "2 of 3 reps run in full; rep 3 stopped at 5 s of 30 s; the warm-up was cut short (2:00 of 5:00); the cool-down was skipped"
        );
    }

    #[test]
    fn one_rep_reads_in_the_singular() {
        let prescription = Prescription {
            steps: vec![rep_400((88.0, 90.0), Some(0))],
        };
        let a = activity(&[(95.0, 400.0, Some(0), false), (60.0, 100.0, None, true)]);
        assert_eq!(
            check(&a, &prescription).verdict_line,
            "0 of 1 rep in 88-90 s; rep 1 was 95 s"
        );
        let none = activity(&[(60.0, 100.0, None, true)]);
        let c = check(&none, &prescription);
        assert_eq!(c.matching, Matching::InOrder);
        assert_eq!(c.verdict_line, "0 of 1 rep in 88-90 s; rep 1 missed");
    }

    #[test]
    fn rep_lists_read_as_ranges() {
        let cases: &[(&[u32], &str)] = &[
            (&[8], "rep 8"),
            (&[3, 5], "reps 3 and 5"),
            (&[6, 7, 8, 9], "reps 6-9"),
            (&[2, 4, 6, 7, 8], "reps 2, 4 and 6-8"),
        ];
        for &(numbers, want) in cases {
            assert_eq!(say_reps(numbers), want);
        }
    }
}
