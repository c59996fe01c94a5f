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
//! - The name of the workout the watch ran, if it ran one.
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
//! [`Warning::Fit`].

use jiff::Timestamp;
use miler_activity::{Activity, Lap, SampleRow, Sport};
use miler_fit::{FileType, FitTime, Intensity, NO_TIMESTAMP, NO_U8, Session, SubSport};

use crate::Imported;
use crate::error::{Error, ErrorKind, Warning};
use crate::samples::{self, distance, duration};

/// Reads a FIT file.
pub fn read(name: &str, bytes: &[u8]) -> Result<Imported, Error> {
    let decoded = miler_fit::decode(bytes).map_err(|e| Error::new(name, ErrorKind::Fit(e)))?;
    convert(name, decoded)
}

/// Converts a decoded FIT file into activities (see the module documentation for the rules).
/// `name` is used in errors.
pub fn convert(name: &str, decoded: miler_fit::Decoded) -> Result<Imported, Error> {
    let fit = decoded.activity;
    let mut warnings: Vec<Warning> = decoded.warnings.into_iter().map(Warning::Fit).collect();
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
    let mut rows = Vec::new();
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
        rows.push(SampleRow {
            time_s: f64::from(time),
            distance_m: some(r.distances_m()[i]).map(|d| (d - base).max(0.0)),
            speed_m_s: some(r.speeds_m_s()[i]),
            latitude_deg: some(r.latitudes_deg()[i]),
            longitude_deg: some(r.longitudes_deg()[i]),
            altitude_m: some(r.altitudes_m()[i]),
            heart_rate_bpm: byte(r.heart_rates_bpm()[i]),
            cadence_spm: byte(r.cadences_rpm()[i]),
        });
    }
    if rows.is_empty() {
        return None;
    }
    let built = samples::build(&rows, &part.sport);
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
    activity.name = fit
        .workouts
        .iter()
        .find_map(|w| w.name.clone())
        .filter(|n| !n.trim().is_empty());
    Some(activity)
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
fn pauses(
    fit: &miler_fit::Activity,
    part: &Part,
    origin: f64,
) -> Vec<(miler_core::Duration, miler_core::Duration)> {
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
