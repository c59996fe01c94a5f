//! The activity model: samples as columns, laps as recorded, and what the file says about
//! itself.

use jiff::Timestamp;
use miler_core::{Distance, Duration};

use crate::compliance::Prescription;

/// The sport an activity was recorded as. Analyses that assume running (best efforts, VDOT)
/// check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sport {
    Running,
    TrackRunning,
    TreadmillRunning,
    Walking,
    Hiking,
    Cycling,
    Swimming,
    Other(String),
}

impl Sport {
    /// Whether running analyses (best efforts, VDOT, compliance with a running workout)
    /// apply.
    pub fn is_running(&self) -> bool {
        matches!(
            self,
            Sport::Running | Sport::TrackRunning | Sport::TreadmillRunning
        )
    }

    /// A stable lower-case name for storage and JSON.
    pub fn as_str(&self) -> &str {
        match self {
            Sport::Running => "running",
            Sport::TrackRunning => "track_running",
            Sport::TreadmillRunning => "treadmill_running",
            Sport::Walking => "walking",
            Sport::Hiking => "hiking",
            Sport::Cycling => "cycling",
            Sport::Swimming => "swimming",
            Sport::Other(name) => name,
        }
    }

    /// The inverse of [`Sport::as_str`], also accepting the names GPX, TCX and Strava use
    /// (`Run`, `Biking`, `Ride`, ...).
    pub fn from_name(name: &str) -> Sport {
        match name
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "running" | "run" | "trail_run" | "trail_running" | "virtual_run" => Sport::Running,
            "track_running" | "track" => Sport::TrackRunning,
            "treadmill_running" | "treadmill" => Sport::TreadmillRunning,
            "walking" | "walk" => Sport::Walking,
            "hiking" | "hike" => Sport::Hiking,
            "cycling" | "biking" | "ride" | "virtual_ride" | "bike" => Sport::Cycling,
            "swimming" | "swim" => Sport::Swimming,
            "" => Sport::Other("unknown".to_owned()),
            other => Sport::Other(other.to_owned()),
        }
    }
}

/// Samples as columns of equal length, one row per recorded point.
///
/// `time_s` is seconds since the first sample and never decreases. Every other column uses
/// NaN (or 0 for heart rate and cadence) for "no data". `distance_m` is cumulative; readers
/// whose files lack it derive it from positions ([`crate::geo`]) so that analyses can rely on
/// it whenever the activity moved.
///
/// No `PartialEq`: NaN ("no data") is never equal to itself, so a derived equality would
/// call every real activity unequal to its copy. Compare columns bit by bit instead.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    time_s: Vec<f64>,
    distance_m: Vec<f64>,
    speed_m_s: Vec<f64>,
    latitude_deg: Vec<f64>,
    longitude_deg: Vec<f64>,
    altitude_m: Vec<f64>,
    heart_rate_bpm: Vec<u8>,
    cadence_spm: Vec<u8>,
}

impl Samples {
    pub fn len(&self) -> usize {
        self.time_s.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time_s.is_empty()
    }

    pub fn time_s(&self) -> &[f64] {
        &self.time_s
    }

    pub fn distance_m(&self) -> &[f64] {
        &self.distance_m
    }

    pub fn speed_m_s(&self) -> &[f64] {
        &self.speed_m_s
    }

    pub fn latitude_deg(&self) -> &[f64] {
        &self.latitude_deg
    }

    pub fn longitude_deg(&self) -> &[f64] {
        &self.longitude_deg
    }

    pub fn altitude_m(&self) -> &[f64] {
        &self.altitude_m
    }

    pub fn heart_rate_bpm(&self) -> &[u8] {
        &self.heart_rate_bpm
    }

    pub fn cadence_spm(&self) -> &[u8] {
        &self.cadence_spm
    }

    /// Whether any sample has a distance.
    pub fn has_distance(&self) -> bool {
        self.distance_m.iter().any(|d| !d.is_nan())
    }

    /// Whether any sample has a position.
    pub fn has_positions(&self) -> bool {
        self.latitude_deg
            .iter()
            .zip(&self.longitude_deg)
            .any(|(a, b)| !a.is_nan() && !b.is_nan())
    }

    /// The last cumulative distance, or zero.
    pub fn total_distance(&self) -> Distance {
        let last = self
            .distance_m
            .iter()
            .rev()
            .find(|d| !d.is_nan())
            .copied()
            .unwrap_or(0.0);
        Distance::from_metres(last).unwrap_or(Distance::ZERO)
    }

    /// From the first sample to the last.
    pub fn elapsed(&self) -> Duration {
        let last = self.time_s.last().copied().unwrap_or(0.0);
        Duration::from_secs(last).unwrap_or(Duration::ZERO)
    }
}

/// The largest gap between two samples of one activity.
const MAX_GAP_S: f64 = 24.0 * 3600.0;

/// Builds [`Samples`] row by row, keeping the column invariants: times relative to the first
/// sample and never decreasing (out-of-order rows are dropped), distances never decreasing.
#[derive(Debug, Default)]
pub struct SamplesBuilder {
    samples: Samples,
    origin: Option<f64>,
    dropped: usize,
    /// The last distance pushed that was not NaN: kept, not searched for, so that rows
    /// without distances cost the same as rows with them.
    last_distance: Option<f64>,
}

/// One row for [`SamplesBuilder::push`]; unknown values are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SampleRow {
    /// Seconds on any clock (Unix time, FIT time, seconds from start): only differences matter.
    pub time_s: f64,
    pub distance_m: Option<f64>,
    pub speed_m_s: Option<f64>,
    pub latitude_deg: Option<f64>,
    pub longitude_deg: Option<f64>,
    pub altitude_m: Option<f64>,
    pub heart_rate_bpm: Option<u8>,
    /// Steps per minute (both feet), not strides.
    pub cadence_spm: Option<u8>,
}

impl SamplesBuilder {
    pub fn with_capacity(rows: usize) -> SamplesBuilder {
        let mut builder = SamplesBuilder::default();
        let s = &mut builder.samples;
        s.time_s.reserve(rows);
        s.distance_m.reserve(rows);
        s.speed_m_s.reserve(rows);
        s.latitude_deg.reserve(rows);
        s.longitude_deg.reserve(rows);
        s.altitude_m.reserve(rows);
        s.heart_rate_bpm.reserve(rows);
        s.cadence_spm.reserve(rows);
        builder
    }

    /// Appends a row. Rows whose time is not finite, goes backwards or jumps a day or more
    /// ahead are dropped and counted; a distance that goes backwards is held at the previous value (watches
    /// occasionally correct a GPS distance downwards by a few centimetres).
    pub fn push(&mut self, row: SampleRow) {
        if !row.time_s.is_finite() {
            self.dropped += 1;
            return;
        }
        let origin = *self.origin.get_or_insert(row.time_s);
        let time = row.time_s - origin;
        // A sample before the last one, or a day or more after it, is a damaged record (a
        // file cut mid-message decodes its tail as garbage), not a run.
        if self
            .samples
            .time_s
            .last()
            .is_some_and(|&last| time < last || time - last >= MAX_GAP_S)
        {
            self.dropped += 1;
            return;
        }
        let valid = |v: Option<f64>| v.filter(|x| x.is_finite()).unwrap_or(f64::NAN);
        let mut distance = valid(row.distance_m);
        if let Some(previous) = self.last_distance
            && distance < previous
        {
            distance = previous;
        }
        if !distance.is_nan() {
            self.last_distance = Some(distance);
        }
        let s = &mut self.samples;
        s.time_s.push(time);
        s.distance_m.push(distance);
        s.speed_m_s.push(valid(row.speed_m_s));
        s.latitude_deg.push(valid(row.latitude_deg));
        s.longitude_deg.push(valid(row.longitude_deg));
        s.altitude_m.push(valid(row.altitude_m));
        s.heart_rate_bpm.push(row.heart_rate_bpm.unwrap_or(0));
        s.cadence_spm.push(row.cadence_spm.unwrap_or(0));
    }

    /// Rows dropped for a bad, backwards or far-ahead time.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// Finishes the columns. Where no row had a distance but rows have positions, the
    /// distance is derived from the positions along the ellipsoid ([`crate::geo`]); where
    /// some rows lack a distance between rows that have one, it is interpolated in time.
    pub fn finish(mut self) -> Samples {
        let s = &mut self.samples;
        if !s.distance_m.iter().any(|d| !d.is_nan()) && s.has_positions() {
            s.distance_m = crate::geo::cumulative_distance(&s.latitude_deg, &s.longitude_deg);
        }
        fill_gaps(&s.time_s, &mut s.distance_m);
        self.samples
    }
}

/// Interpolates NaN runs between known values linearly in time; leading NaNs become 0 and
/// trailing NaNs hold the last value, so a column with any data has no NaN left.
fn fill_gaps(time: &[f64], values: &mut [f64]) {
    let Some(first) = values.iter().position(|v| !v.is_nan()) else {
        return;
    };
    for v in &mut values[..first] {
        *v = 0.0;
    }
    let mut last_known = first;
    for i in first + 1..values.len() {
        if values[i].is_nan() {
            continue;
        }
        if i > last_known + 1 {
            let (t0, t1, v0, v1) = (time[last_known], time[i], values[last_known], values[i]);
            for j in last_known + 1..i {
                let share = if t1 > t0 {
                    (time[j] - t0) / (t1 - t0)
                } else {
                    0.0
                };
                values[j] = v0 + share * (v1 - v0);
            }
        }
        last_known = i;
    }
    let hold = values[last_known];
    for v in &mut values[last_known + 1..] {
        *v = hold;
    }
}

/// A lap as the device recorded it (auto-lap, lap button, workout step, or a TCX lap).
#[derive(Debug, Clone, PartialEq)]
pub struct Lap {
    /// Seconds from the activity's first sample to the lap's start.
    pub start_offset: Duration,
    /// Timer time of the lap (pauses excluded) as the device reports it.
    pub timer_time: Duration,
    /// Elapsed time of the lap, pauses included.
    pub elapsed_time: Duration,
    pub distance: Distance,
    pub average_heart_rate_bpm: Option<u8>,
    /// The index of the workout step the device was running, when it ran one.
    pub workout_step_index: Option<u16>,
    /// Whether the lap was not work: the device marked it rest, recovery, warm-up or
    /// cool-down. `None` when the device didn't say.
    pub is_rest: Option<bool>,
}

/// One activity, from any file format. (No `PartialEq`, for the reason given on
/// [`Samples`].)
#[derive(Debug, Clone)]
pub struct Activity {
    /// When the first sample was recorded, if the file says.
    pub start_time: Option<Timestamp>,
    pub sport: Sport,
    pub name: Option<String>,
    pub samples: Samples,
    pub laps: Vec<Lap>,
    /// Pauses as recorded by the device's timer (start offset, length); empty if the format
    /// has no timer events, in which case analyses detect stops from the samples.
    pub timer_pauses: Vec<(Duration, Duration)>,
    /// The workout the device ran during the activity, as it prescribed it (a FIT file's
    /// embedded workout), for [`crate::compliance::check`]. `None` for most files.
    pub embedded_workout: Option<Prescription>,
}

impl Activity {
    /// A new activity of `sport` with `samples` and nothing else.
    pub fn new(sport: Sport, samples: Samples) -> Activity {
        Activity {
            start_time: None,
            sport,
            name: None,
            samples,
            laps: Vec::new(),
            timer_pauses: Vec::new(),
            embedded_workout: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(time_s: f64, distance_m: Option<f64>) -> SampleRow {
        SampleRow {
            time_s,
            distance_m,
            ..SampleRow::default()
        }
    }

    #[test]
    fn builder_makes_times_relative_and_drops_backwards_rows() {
        let mut b = SamplesBuilder::default();
        for (t, d) in [
            (1000.0, Some(0.0)),
            (1001.0, Some(4.0)),
            (1000.5, Some(5.0)),
            (1002.0, Some(3.9)),
            (1003.0, Some(12.0)),
            (1.0e9, Some(13.0)),
        ] {
            b.push(row(t, d));
        }
        assert_eq!(b.dropped(), 2, "one went back, one jumped decades ahead");
        let s = b.finish();
        assert_eq!(s.time_s(), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(
            s.distance_m(),
            [0.0, 4.0, 4.0, 12.0],
            "distance never goes backwards"
        );
    }

    #[test]
    fn missing_distances_are_interpolated_in_time() {
        let mut b = SamplesBuilder::default();
        for (t, d) in [
            (0.0, None),
            (1.0, Some(10.0)),
            (2.0, None),
            (4.0, Some(40.0)),
            (5.0, None),
        ] {
            b.push(row(t, d));
        }
        assert_eq!(b.finish().distance_m(), [0.0, 10.0, 20.0, 40.0, 40.0]);
    }

    #[test]
    fn sport_names_from_other_apps() {
        assert_eq!(Sport::from_name("Run"), Sport::Running);
        assert_eq!(Sport::from_name("Biking"), Sport::Cycling);
        assert_eq!(Sport::from_name("Trail Run"), Sport::Running);
        assert!(Sport::from_name("track_running").is_running());
        assert_eq!(Sport::from_name("Kayaking").as_str(), "kayaking");
    }
}
