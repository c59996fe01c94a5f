//! FIT, through `miler-fit`: a decoded file converted into the activity model.
//!
//! [`miler_fit::decode`] does the bytes; this module decides what the messages mean for a
//! runner's activity:
//! - Samples from the records (timestamp, distance, speed, position, altitude, heart rate,
//!   cadence), times relative to the first record. Records without a timestamp cannot be placed
//!   and are left out.
//! - `start_time` from the first record's FIT time (seconds since 1989-12-31 00:00 UTC); none for
//!   old devices that write seconds since power-on instead.
//! - The sport from the session's sport and sub-sport (trail running is running; track and
//!   treadmill keep their own kinds).
//! - Laps with their start offsets, timer and elapsed times, distance, average heart rate,
//!   workout step index, and intensity as `is_rest`: rest, recovery, warm-up and cool-down are
//!   not work, active and interval are (what interval detection needs); other values say nothing.
//! - Timer pauses from timer stop events each followed by a timer start.
//! - The name of the workout the watch ran, if it ran one, and its steps as a
//!   [`Prescription`] (`Activity::embedded_workout`), for compliance checks. Repeat steps
//!   (`repeat_until_steps_cmplt`: run again from step `duration_value` until the block has run
//!   `target_value` times) are expanded, so the n-th step with an index is what the n-th lap
//!   with that index ran. Times are in ms and distances in cm; a speed target with custom
//!   bounds (mm/s) becomes a pace band, other targets (power, heart rate, cadence) are not
//!   pace and leave the step without a band. The step's intensity decides its role: warm-up
//!   and cool-down as named, rest and recovery are recoveries, everything else (active,
//!   interval, unsaid) is work. Repeats until a time or distance can't be expanded without
//!   the run itself and are taken once; expansion stops at [`MAX_EXPANDED_STEPS`] so a hostile
//!   repeat count can't make the reader allocate without bound.
//!
//! # Multisport files
//! A file with one session (or none, when the recording was cut off) is one activity made of all
//! its records. A file with several sessions (a triathlon, a brick) gives one activity per
//! running session, each made of the records, laps and events inside that session's time
//! window, with its distance counted from the session's start (the file's distance runs on
//! across sessions); the other sessions are skipped with [`Warning::SessionsSkipped`]. When no
//! session is running, each session except transitions becomes an activity, so nothing a runner
//! imports disappears silently.
//!
//! The decoder's warnings (CRC mismatch, damaged tail, no session) are passed on as
//! [`Warning::Fit`], except its record cap ([`miler_fit::MAX_RECORDS`], equal to
//! [`MAX_POINTS`]), which becomes [`Warning::PointsCapped`] as in every other format.

use jiff::Timestamp;
use miler_activity::compliance::{PrescribedStep, Prescription, StepRole};
use miler_activity::{Activity, Lap, SampleRow, Sport};
use miler_core::{Distance, Duration, Pace};
use miler_fit::{
    DurationType, FileType, FitTime, Intensity, NO_TIMESTAMP, NO_U8, Session, SubSport, TargetType,
    WorkoutStep,
};

use crate::Imported;
use crate::error::{Error, ErrorKind, Warning};
use crate::samples::{Collector, MAX_POINTS, distance, duration};

/// Reads a FIT file.
pub fn read(name: &str, bytes: &[u8]) -> Result<Imported, Error> {
    let decoded = miler_fit::decode(bytes).map_err(|e| Error::new(name, ErrorKind::Fit(e)))?;
    convert(name, decoded)
}

/// Converts a decoded FIT file into activities (see the module documentation for the rules).
/// `name` is used in errors.
pub fn convert(name: &str, decoded: miler_fit::Decoded) -> Result<Imported, Error> {
    let fit = decoded.activity;
    let mut warnings: Vec<Warning> = decoded.warnings.into_iter().map(warning).collect();
    if let Some(file_type) = fit.file_id().and_then(|f| f.file_type)
        && file_type != FileType::ACTIVITY
    {
        let file_type = file_type
            .name()
            .map_or_else(|| format!("type {}", file_type.0), str::to_owned);
        return Err(Error::new(name, ErrorKind::FitNotActivity { file_type }));
    }

    let parts = parts(&fit, &mut warnings);
    let mut activities = Vec::new();
    let mut untimed = 0;
    for (index, part) in parts.iter().enumerate() {
        match activity(&fit, part, &mut untimed, &mut warnings) {
            Some(a) => activities.push(a),
            None if parts.len() > 1 => warnings.push(Warning::EmptyActivity { index: index + 1 }),
            None => {}
        }
    }
    if activities.is_empty() {
        return Err(Error::new(name, ErrorKind::FitNoRecords));
    }
    if untimed > 0 {
        warnings.push(Warning::UntimedPoints {
            skipped: untimed,
            total: fit.records.len(),
        });
    }
    Ok(Imported {
        activities,
        warnings,
    })
}

/// A decoder warning as an import warning. The decoder stops keeping records at
/// [`miler_fit::MAX_RECORDS`], the same number as [`MAX_POINTS`] (a test holds them equal), so
/// its warning is the points cap every format reports.
fn warning(e: miler_fit::Error) -> Warning {
    match e.kind() {
        miler_fit::ErrorKind::TooManyRecords { .. } => Warning::PointsCapped { limit: MAX_POINTS },
        _ => Warning::Fit(e),
    }
}

/// One activity's share of the file: a time window (or the whole file), its laps and sport.
#[derive(Debug)]
struct Part {
    /// Inclusive FIT-time window of the session; `None` takes every record.
    window: Option<(u32, u32)>,
    /// Indices into the file's laps.
    laps: std::ops::Range<usize>,
    sport: Sport,
}

/// Splits the file into the parts that become activities.
fn parts(fit: &miler_fit::Activity, warnings: &mut Vec<Warning>) -> Vec<Part> {
    let all_laps = 0..fit.laps.len();
    if fit.sessions.len() <= 1 {
        let sport = match fit.sessions.first() {
            Some(s) => sport(s.sport, s.sub_sport),
            None => fit.laps.iter().find_map(|l| l.sport).map_or_else(
                || Sport::Other("unknown".to_owned()),
                |s| sport(Some(s), None),
            ),
        };
        return vec![Part {
            window: None,
            laps: all_laps,
            sport,
        }];
    }
    let sports: Vec<Sport> = fit
        .sessions
        .iter()
        .map(|s| sport(s.sport, s.sub_sport))
        .collect();
    let any_running = sports.iter().any(Sport::is_running);
    let keep = |s: &Session, sport: &Sport| {
        if any_running {
            sport.is_running()
        } else {
            s.sport != Some(miler_fit::Sport::TRANSITION)
        }
    };
    let mut skipped = Vec::new();
    let mut parts = Vec::new();
    for (session, sport) in fit.sessions.iter().zip(sports) {
        if !keep(session, &sport) {
            skipped.push(session_name(session));
            continue;
        }
        // A chained file can repeat a session (the same recording written twice); one
        // activity is enough.
        let window = window(session);
        if window.is_some()
            && parts
                .iter()
                .any(|p: &Part| p.window == window && p.sport == sport)
        {
            continue;
        }
        parts.push(Part {
            window,
            laps: session_laps(fit, session),
            sport,
        });
    }
    if !skipped.is_empty() {
        warnings.push(Warning::SessionsSkipped { sports: skipped });
    }
    parts
}

/// A session's sport as the file names it ("cycling", "transition"), for messages.
fn session_name(s: &Session) -> String {
    match s.sport {
        Some(sport) => sport
            .name()
            .map_or_else(|| format!("sport {}", sport.0), str::to_owned),
        None => "unknown".to_owned(),
    }
}

/// The session's inclusive time window, from its start and end, or its start and elapsed time.
fn window(s: &Session) -> Option<(u32, u32)> {
    let start = s.start_time?.0;
    let end = match (s.timestamp, s.total_elapsed_time_s) {
        (Some(end), _) => end.0,
        (None, Some(elapsed)) => {
            start.saturating_add(elapsed.ceil().clamp(0.0, f64::from(u32::MAX)) as u32)
        }
        (None, None) => return None,
    };
    (end >= start).then_some((start, end))
}

/// The session's laps: by its first lap index and count when they fit, else by time.
fn session_laps(fit: &miler_fit::Activity, s: &Session) -> std::ops::Range<usize> {
    if let (Some(first), Some(count)) = (s.first_lap_index, s.num_laps) {
        let (first, end) = (usize::from(first), usize::from(first) + usize::from(count));
        if end <= fit.laps.len() {
            return first..end;
        }
    }
    let Some((start, end)) = window(s) else {
        return 0..0;
    };
    let inside = |l: &miler_fit::Lap| l.start_time.is_some_and(|t| t.0 >= start && t.0 <= end);
    let first = fit.laps.iter().position(inside);
    let last = fit.laps.iter().rposition(inside);
    match (first, last) {
        (Some(a), Some(b)) => a..b + 1,
        _ => 0..0,
    }
}

/// The model's sport for a FIT sport and sub-sport.
fn sport(sport: Option<miler_fit::Sport>, sub: Option<SubSport>) -> Sport {
    use miler_fit::Sport as S;
    let Some(sport) = sport else {
        return Sport::Other("unknown".to_owned());
    };
    match (sport, sub) {
        (S::RUNNING, Some(SubSport::TRACK)) => Sport::TrackRunning,
        (S::RUNNING, Some(SubSport::TREADMILL | SubSport::INDOOR_RUNNING)) => {
            Sport::TreadmillRunning
        }
        (S::RUNNING, _) => Sport::Running,
        (S::WALKING, _) => Sport::Walking,
        (S::HIKING, _) => Sport::Hiking,
        (S::CYCLING, _) => Sport::Cycling,
        (S::SWIMMING, _) => Sport::Swimming,
        (other, _) => Sport::Other(
            other
                .name()
                .map_or_else(|| format!("sport {}", other.0), str::to_owned),
        ),
    }
}

/// Builds the activity for one part; `None` if it has no timed record.
fn activity(
    fit: &miler_fit::Activity,
    part: &Part,
    untimed: &mut usize,
    warnings: &mut Vec<Warning>,
) -> Option<Activity> {
    let r = &fit.records;
    let times = r.timestamps();
    let inside = |t: u32| part.window.is_none_or(|(a, b)| t >= a && t <= b);
    // The file's distance runs on across sessions; a session counts from the distance reached
    // before it started.
    let base = match part.window {
        Some((start, _)) => (0..r.len())
            .filter(|&i| times[i] != NO_TIMESTAMP && times[i] < start)
            .filter_map(|i| Some(r.distances_m()[i]).filter(|d| !d.is_nan()))
            .next_back()
            .unwrap_or(0.0),
        None => 0.0,
    };
    let some = |v: f64| (!v.is_nan()).then_some(v);
    let byte = |v: u8| (v != NO_U8 && v != 0).then_some(v);
    let mut collector = Collector::new(MAX_POINTS);
    for (i, &time) in times.iter().enumerate() {
        if time == NO_TIMESTAMP {
            if part.window.is_none() {
                *untimed += 1;
            }
            continue;
        }
        if !inside(time) {
            continue;
        }
        let row = SampleRow {
            time_s: f64::from(time),
            distance_m: some(r.distances_m()[i]).map(|d| (d - base).max(0.0)),
            speed_m_s: some(r.speeds_m_s()[i]),
            latitude_deg: some(r.latitudes_deg()[i]),
            longitude_deg: some(r.longitudes_deg()[i]),
            altitude_m: some(r.altitudes_m()[i]),
            heart_rate_bpm: byte(r.heart_rates_bpm()[i]),
            cadence_spm: byte(r.cadences_rpm()[i]),
        };
        if !collector.push(row) {
            break;
        }
    }
    if collector.len() == 0 {
        return None;
    }
    // The decoder may have reported the same cap already (see `warning`).
    if let Some(capped) = collector.capped_warning()
        && !warnings.contains(&capped)
    {
        warnings.push(capped);
    }
    let built = collector.finish(&part.sport);
    if built.dropped > 0 {
        warnings.push(Warning::OutOfOrder {
            dropped: built.dropped,
        });
    }
    let origin = built.origin;
    let laps = fit.laps[part.laps.clone()]
        .iter()
        .map(|l| lap(l, origin))
        .collect();
    let mut activity = Activity::new(part.sport.clone(), built.samples);
    activity.start_time = timestamp(origin);
    activity.laps = laps;
    activity.timer_pauses = pauses(fit, part, origin);
    if let Some(name) = fit.workouts.iter().find_map(|w| w.name.as_deref()) {
        let name = crate::text::clean(name, false);
        warnings.extend(name.warning("name"));
        activity.name = name.non_empty();
    }
    activity.embedded_workout = embedded_workout(&fit.workout_steps);
    Some(activity)
}

/// The most steps an embedded workout expands to: a session of 50 × (rep, recovery) is 100,
/// so this is far above any real one.
pub const MAX_EXPANDED_STEPS: usize = 2000;

/// The embedded workout's steps, repeats expanded (see the module documentation); `None`
/// when the file has no workout steps.
fn embedded_workout(steps: &[WorkoutStep]) -> Option<Prescription> {
    if steps.is_empty() {
        return None;
    }
    let mut out: Vec<PrescribedStep> = Vec::new();
    // Where each step index first appears in `out`, so a repeat knows where its block starts.
    let mut first_at: Vec<(u16, usize)> = Vec::new();
    for (position, step) in steps.iter().enumerate() {
        let index = step
            .message_index
            .unwrap_or_else(|| u16::try_from(position).unwrap_or(u16::MAX));
        match step.duration_type {
            Some(DurationType::REPEAT_UNTIL_STEPS_CMPLT) => {
                let from = step.duration_value.and_then(|v| u16::try_from(v).ok());
                let Some(start) = from
                    .and_then(|from| first_at.iter().find(|(i, _)| *i == from))
                    .map(|&(_, at)| at)
                else {
                    continue;
                };
                let times = step.target_value.unwrap_or(1).max(1);
                let block: Vec<PrescribedStep> = out[start..].to_vec();
                for _ in 1..times {
                    if out.len() + block.len() > MAX_EXPANDED_STEPS {
                        break;
                    }
                    out.extend(block.iter().cloned());
                }
            }
            // A repeat until a time, a distance, calories, a heart rate or a power (the FIT
            // profile's values 7 to 13, 17 and 18): once, as the steps before it were run.
            Some(DurationType(7..=13 | 17 | 18)) => {}
            _ => {
                if out.len() >= MAX_EXPANDED_STEPS {
                    break;
                }
                if !first_at.iter().any(|(i, _)| *i == index) {
                    first_at.push((index, out.len()));
                }
                out.push(prescribed_step(step, index));
            }
        }
    }
    (!out.is_empty()).then_some(Prescription { steps: out })
}

fn prescribed_step(step: &WorkoutStep, index: u16) -> PrescribedStep {
    let value = step.duration_value.filter(|&v| v != u32::MAX);
    let (distance, time) = match step.duration_type {
        Some(DurationType::TIME) => (
            None,
            value.and_then(|ms| Duration::from_secs(f64::from(ms) / 1000.0)),
        ),
        Some(DurationType::DISTANCE) => (
            value.and_then(|cm| Distance::from_metres(f64::from(cm) / 100.0)),
            None,
        ),
        _ => (None, None),
    };
    // A speed target with custom bounds: a zone (target_value 1 to 10) refers to the watch's
    // own settings, which the file does not carry.
    let pace_band = match (
        step.target_type,
        step.target_value,
        step.custom_target_value_low,
        step.custom_target_value_high,
    ) {
        (Some(TargetType::SPEED), Some(0) | None, Some(low), Some(high)) => {
            let pace = |mm_s: u32| {
                (mm_s > 0 && mm_s != u32::MAX)
                    .then(|| Pace::from_secs_per_km(1_000_000.0 / f64::from(mm_s)))
                    .flatten()
            };
            match (pace(low.max(high)), pace(low.min(high))) {
                (Some(fast), Some(slow)) => Some((fast, slow)),
                _ => None,
            }
        }
        _ => None,
    };
    let time_band = match (distance, pace_band) {
        (Some(d), Some((fast, slow))) => Some((fast.time_for(d), slow.time_for(d))),
        _ => None,
    };
    let role = match step.intensity {
        Some(Intensity::WARMUP) => StepRole::WarmUp,
        Some(Intensity::COOLDOWN) => StepRole::CoolDown,
        Some(Intensity::REST | Intensity::RECOVERY) => StepRole::Recovery,
        _ => StepRole::Work,
    };
    PrescribedStep {
        label: step_label(step, distance, time, pace_band, role),
        role,
        distance,
        time,
        time_band,
        pace_band,
        workout_step_index: Some(index),
    }
}

/// The step's name, else its length, role and pace band: `30 s work`, `5:00 warm-up`,
/// `400 m work @ 3:40-3:45/km`.
fn step_label(
    step: &WorkoutStep,
    distance: Option<Distance>,
    time: Option<Duration>,
    pace_band: Option<(Pace, Pace)>,
    role: StepRole,
) -> String {
    if let Some(name) = step
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        return name.to_owned();
    }
    let length = match (distance, time) {
        (Some(d), _) => format!("{} m", d.metres().round()),
        (None, Some(t)) if t.secs() < 60.0 => format!("{} s", t.secs()),
        (None, Some(t)) => t.to_string(),
        (None, None) => "open".to_owned(),
    };
    let role = match role {
        StepRole::WarmUp => "warm-up",
        StepRole::Work => "work",
        StepRole::Recovery => "recovery",
        StepRole::CoolDown => "cool-down",
    };
    let per_km = |p: Pace| {
        Duration::from_secs(p.secs_per_km().round()).map_or_else(String::new, |d| d.to_string())
    };
    match pace_band {
        Some((fast, slow)) => format!("{length} {role} @ {}-{}/km", per_km(fast), per_km(slow)),
        None => format!("{length} {role}"),
    }
}

/// The instant of a FIT time, if it is a wall-clock time.
fn timestamp(fit_time: f64) -> Option<Timestamp> {
    let seconds = u32::try_from(fit_time as i64).ok()?;
    Timestamp::from_second(FitTime(seconds).unix_seconds()?).ok()
}

fn lap(l: &miler_fit::Lap, origin: f64) -> Lap {
    let end = l.timestamp.map(|t| f64::from(t.0));
    let elapsed = l
        .total_elapsed_time_s
        .or_else(|| Some(end? - f64::from(l.start_time?.0)));
    let start = l
        .start_time
        .map(|t| f64::from(t.0))
        .or_else(|| Some(end? - elapsed?))
        .unwrap_or(origin);
    let elapsed = elapsed.unwrap_or(0.0);
    Lap {
        start_offset: duration(start - origin),
        timer_time: duration(l.total_timer_time_s.unwrap_or(elapsed)),
        elapsed_time: duration(elapsed),
        distance: distance(l.total_distance_m.unwrap_or(0.0)),
        average_heart_rate_bpm: l.avg_heart_rate_bpm.filter(|&v| v != 0),
        workout_step_index: l.wkt_step_index,
        is_rest: l.intensity.and_then(is_rest),
    }
}

/// Whether a lap of this intensity is not work. Warm-up and cool-down count as not work so that
/// interval detection labels them as such rather than as reps.
fn is_rest(intensity: Intensity) -> Option<bool> {
    match intensity {
        Intensity::REST | Intensity::RECOVERY | Intensity::WARMUP | Intensity::COOLDOWN => {
            Some(true)
        }
        Intensity::ACTIVE | Intensity::INTERVAL => Some(false),
        _ => None,
    }
}

/// Timer pauses in the part: each timer stop followed by a timer start, as (offset, length).
fn pauses(fit: &miler_fit::Activity, part: &Part, origin: f64) -> Vec<(Duration, Duration)> {
    let mut out = Vec::new();
    let mut stopped_at: Option<u32> = None;
    for e in &fit.events {
        let Some(t) = e.timestamp.map(|t| t.0) else {
            continue;
        };
        if part.window.is_some_and(|(a, b)| t < a || t > b) {
            continue;
        }
        if e.is_timer_stop() {
            stopped_at.get_or_insert(t);
        } else if e.is_timer_start()
            && let Some(stop) = stopped_at.take()
            && t > stop
        {
            out.push((
                duration(f64::from(stop) - origin),
                duration(f64::from(t - stop)),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decoders_record_cap_is_the_points_cap() {
        // `warning` reports the decoder's cap as this crate's; that is true only while they agree.
        assert_eq!(miler_fit::MAX_RECORDS, MAX_POINTS);
    }

    fn step(index: u16, duration: DurationType, value: u32, intensity: Intensity) -> WorkoutStep {
        WorkoutStep {
            message_index: Some(index),
            duration_type: Some(duration),
            duration_value: Some(value),
            intensity: Some(intensity),
            ..WorkoutStep::default()
        }
    }

    /// A warm-up, 2 × (3 × (400 m at 4.444-4.545 m/s, 60 s rest)) and an open cool-down: the
    /// inner repeat runs three times inside each of the outer's two.
    #[test]
    fn nested_repeats_and_speed_targets() {
        let rep = WorkoutStep {
            target_type: Some(TargetType::SPEED),
            target_value: Some(0),
            custom_target_value_low: Some(4444),
            custom_target_value_high: Some(4545),
            ..step(1, DurationType::DISTANCE, 40_000, Intensity::ACTIVE)
        };
        let repeat = |index, from, times| WorkoutStep {
            target_value: Some(times),
            ..step(
                index,
                DurationType::REPEAT_UNTIL_STEPS_CMPLT,
                from,
                Intensity::ACTIVE,
            )
        };
        let steps = [
            step(0, DurationType::TIME, 600_000, Intensity::WARMUP),
            rep,
            step(2, DurationType::TIME, 60_000, Intensity::REST),
            repeat(3, 1, 3),
            repeat(4, 1, 2),
            step(5, DurationType::OPEN, 0, Intensity::COOLDOWN),
        ];
        let p = embedded_workout(&steps).unwrap();
        let indexes: Vec<u16> = p
            .steps
            .iter()
            .map(|s| s.workout_step_index.unwrap())
            .collect();
        assert_eq!(indexes, [0, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 5]);
        let rep = &p.steps[1];
        assert_eq!(rep.role, StepRole::Work);
        assert_eq!(rep.distance.map(Distance::metres), Some(400.0));
        // 4.545 m/s is 220.02 s/km, 4.444 m/s 225.02 s/km: 400 m in 88.0 to 90.0 s.
        let (fast, slow) = rep.time_band.unwrap();
        assert!((fast.secs() - 400.0 / 4.545).abs() < 1e-9);
        assert!((slow.secs() - 400.0 / 4.444).abs() < 1e-9);
        assert_eq!(p.steps[0].time.map(Duration::secs), Some(600.0));
        assert_eq!(p.steps[2].role, StepRole::Recovery);
        assert_eq!(p.steps[13].role, StepRole::CoolDown);
        assert_eq!((p.steps[13].time, p.steps[13].distance), (None, None));
    }

    #[test]
    fn a_hostile_repeat_count_is_capped() {
        let steps = [
            step(0, DurationType::TIME, 30_000, Intensity::ACTIVE),
            WorkoutStep {
                target_value: Some(u32::MAX),
                ..step(
                    1,
                    DurationType::REPEAT_UNTIL_STEPS_CMPLT,
                    0,
                    Intensity::ACTIVE,
                )
            },
        ];
        assert_eq!(
            embedded_workout(&steps).unwrap().steps.len(),
            MAX_EXPANDED_STEPS
        );
    }
}
