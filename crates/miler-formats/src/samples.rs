//! Rows into [`Samples`], with the fixes every format needs in the same way.
//!
//! The readers hand their [`SampleRow`]s here one at a time, in file order, as they read them
//! ([`Collector`]), so that times relative to the first sample, dropped out-of-order rows and
//! distance from positions all come from [`SamplesBuilder`] alone, and no reader holds a copy
//! of its points besides the columns. The collector is also where the number of points is
//! capped ([`MAX_POINTS`]).
//!
//! Cadence is the one unit the formats disagree with the model on. Garmin devices, and the FIT,
//! TCX (`RunCadence`) and GPX (`gpxtpx:cad`) files they and Strava write, count running cadence
//! in strides per minute (one foot), while runners and the model's `cadence_spm` mean steps per
//! minute. So running cadence is doubled. A few apps already write steps; no human strides more
//! than 120 times a minute (that would be 240 steps), so when the typical running value is above
//! 120 it is taken as steps and kept. Other sports keep their cadence as written (revolutions
//! per minute on a bike).

use miler_activity::{Activity, SampleRow, Samples, SamplesBuilder, Sport};
use miler_core::{Distance, Duration};

/// The most strides a minute a runner takes; a typical value above it means the file counts
/// steps already.
const MAX_STRIDES_PER_MINUTE: u8 = 120;

/// The most samples read from one file (so from one activity): 200,000 is over 55 hours at
/// one point a second, longer than any race a runner records in one file. A reader stops at
/// it with [`crate::Warning::PointsCapped`] and keeps the points before; the limit, not the file's
/// size, is what bounds the memory the samples take (about 10 MB at the limit).
///
/// Keeping the first points and warning is chosen over refusing the file: the crate returns
/// what it can read, and a multi-day recording is a real file, not an attack.
pub const MAX_POINTS: usize = 200_000;

/// Samples built from rows, with the clock they were measured on.
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) samples: Samples,
    /// The time (on the rows' clock) of the first sample, which is zero in [`Samples`].
    pub(crate) origin: f64,
    /// Rows dropped for a missing or backwards time.
    pub(crate) dropped: usize,
}

/// Collects a reader's rows, in file order, straight into the sample columns, up to a
/// budget of rows: the one place [`MAX_POINTS`] is enforced.
#[derive(Debug)]
pub(crate) struct Collector {
    builder: SamplesBuilder,
    origin: Option<f64>,
    /// How often each cadence value occurs, for the strides-or-steps decision at the end.
    cadences: [usize; 256],
    rows: usize,
    limit: usize,
    capped: bool,
}

impl Collector {
    /// A collector taking at most `limit` rows (never more than [`MAX_POINTS`]).
    pub(crate) fn new(limit: usize) -> Collector {
        Collector {
            builder: SamplesBuilder::default(),
            origin: None,
            cadences: [0; 256],
            rows: 0,
            limit: limit.min(MAX_POINTS),
            capped: false,
        }
    }

    /// Adds a row; returns false, and keeps nothing, once the budget is spent.
    pub(crate) fn push(&mut self, row: SampleRow) -> bool {
        if self.rows >= self.limit {
            self.capped = true;
            return false;
        }
        self.rows += 1;
        if row.time_s.is_finite() {
            self.origin.get_or_insert(row.time_s);
        }
        if let Some(c) = row.cadence_spm {
            self.cadences[usize::from(c)] += 1;
        }
        self.builder.push(row);
        true
    }

    /// Rows taken so far.
    pub(crate) fn len(&self) -> usize {
        self.rows
    }

    /// Whether a row was refused for the budget.
    pub(crate) fn capped(&self) -> bool {
        self.capped
    }

    /// The warning for a collection stopped at the budget.
    pub(crate) fn capped_warning(&self) -> Option<crate::Warning> {
        self.capped
            .then_some(crate::Warning::PointsCapped { limit: MAX_POINTS })
    }

    /// Finishes the samples for an activity of `sport`, converting running cadence to steps
    /// (see the module documentation).
    pub(crate) fn finish(self, sport: &Sport) -> Built {
        let dropped = self.builder.dropped();
        let mut samples = self.builder.finish();
        if sport.is_running() {
            let scale = to_steps_factor(median_of_counts(&self.cadences));
            if scale != Scale::Keep {
                samples = rescale_cadence(&samples, scale);
            }
        }
        Built {
            samples,
            origin: self.origin.unwrap_or(0.0),
            dropped,
        }
    }
}

/// Changes an activity's sport, converting its cadence between strides and steps when the
/// change crosses running and the values say they need it (see the module documentation).
/// Used when a Strava export's `activities.csv` knows the sport better than the file.
pub(crate) fn set_sport(activity: &mut Activity, sport: Sport) {
    let was_running = activity.sport.is_running();
    activity.sport = sport;
    if was_running == activity.sport.is_running() {
        return;
    }
    let s = &activity.samples;
    let present = || s.cadence_spm().iter().copied().filter(|&c| c != 0);
    let scale = if activity.sport.is_running() {
        to_steps_factor(median(present()))
    } else {
        match median(present()) {
            Some(m) if m > MAX_STRIDES_PER_MINUTE => Scale::Halve,
            _ => Scale::Keep,
        }
    };
    if scale == Scale::Keep {
        return;
    }
    activity.samples = rescale_cadence(s, scale);
}

/// The samples with cadence scaled; the other columns are copied as they are.
fn rescale_cadence(s: &Samples, scale: Scale) -> Samples {
    let mut builder = SamplesBuilder::with_capacity(s.len());
    for i in 0..s.len() {
        let some = |v: f64| (!v.is_nan()).then_some(v);
        let nonzero = |v: u8| (v != 0).then_some(v);
        builder.push(SampleRow {
            time_s: s.time_s()[i],
            distance_m: some(s.distance_m()[i]),
            speed_m_s: some(s.speed_m_s()[i]),
            latitude_deg: some(s.latitude_deg()[i]),
            longitude_deg: some(s.longitude_deg()[i]),
            altitude_m: some(s.altitude_m()[i]),
            heart_rate_bpm: nonzero(s.heart_rate_bpm()[i]),
            cadence_spm: nonzero(s.cadence_spm()[i]).map(|c| scale.apply(c)),
        });
    }
    builder.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    Keep,
    Double,
    Halve,
}

impl Scale {
    fn apply(self, cadence: u8) -> u8 {
        match self {
            Scale::Keep => cadence,
            Scale::Double => cadence.saturating_mul(2),
            Scale::Halve => cadence.div_ceil(2),
        }
    }
}

/// Double running cadence unless the typical value is already steps per minute.
fn to_steps_factor(median: Option<u8>) -> Scale {
    match median {
        Some(m) if m <= MAX_STRIDES_PER_MINUTE => Scale::Double,
        _ => Scale::Keep,
    }
}

/// The median of the non-zero values, by counting (values are bytes, so no sort is needed).
fn median(values: impl Iterator<Item = u8>) -> Option<u8> {
    let mut counts = [0usize; 256];
    for v in values {
        counts[usize::from(v)] += 1;
    }
    median_of_counts(&counts)
}

/// The median of the non-zero values counted in `counts` (index = value).
fn median_of_counts(counts: &[usize; 256]) -> Option<u8> {
    let n: usize = counts[1..].iter().sum();
    let mut seen = 0;
    for (value, &count) in counts.iter().enumerate().skip(1) {
        seen += count;
        if n > 0 && seen * 2 >= n {
            return u8::try_from(value).ok();
        }
    }
    None
}

/// A duration from seconds that may be negative, NaN or missing: those become zero.
pub(crate) fn duration(seconds: f64) -> Duration {
    Duration::from_secs(seconds.max(0.0)).unwrap_or(Duration::ZERO)
}

/// A distance from metres that may be negative or NaN: those become zero.
pub(crate) fn distance(metres: f64) -> Distance {
    Distance::from_metres(metres.max(0.0)).unwrap_or(Distance::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(rows: &[SampleRow], sport: &Sport) -> Built {
        let mut c = Collector::new(MAX_POINTS);
        for row in rows {
            assert!(c.push(*row));
        }
        c.finish(sport)
    }

    #[test]
    fn the_point_budget_holds_at_its_limit() {
        let mut c = Collector::new(usize::MAX);
        for i in 0..MAX_POINTS {
            let row = SampleRow {
                time_s: i as f64,
                ..SampleRow::default()
            };
            assert!(c.push(row), "row {i} is within the budget");
        }
        assert!(!c.capped());
        assert!(!c.push(SampleRow::default()));
        assert!(c.capped());
        assert_eq!(c.len(), MAX_POINTS);
        let built = c.finish(&Sport::Running);
        assert_eq!(built.samples.len(), MAX_POINTS);
        assert_eq!(
            built.samples.time_s()[MAX_POINTS - 1],
            (MAX_POINTS - 1) as f64
        );
    }

    fn rows(cadences: &[u8]) -> Vec<SampleRow> {
        cadences
            .iter()
            .enumerate()
            .map(|(i, &c)| SampleRow {
                time_s: 100.0 + i as f64,
                cadence_spm: (c != 0).then_some(c),
                ..SampleRow::default()
            })
            .collect()
    }

    #[test]
    fn running_strides_become_steps_and_steps_stay() {
        let table: [(&[u8], Sport, &[u8]); 4] = [
            (&[84, 0, 86, 90], Sport::Running, &[168, 0, 172, 180]),
            (&[168, 170, 60], Sport::TrackRunning, &[168, 170, 60]),
            (&[84, 86], Sport::Cycling, &[84, 86]),
            (&[200, 201], Sport::Running, &[200, 201]),
        ];
        for (input, sport, want) in table {
            let built = build(&rows(input), &sport);
            assert_eq!(built.samples.cadence_spm(), want, "{sport:?} {input:?}");
            assert_eq!(built.origin, 100.0);
        }
    }

    #[test]
    fn changing_sport_converts_cadence_once() {
        let mut a = Activity::new(
            Sport::Other("unknown".into()),
            build(&rows(&[85, 87]), &Sport::Cycling).samples,
        );
        set_sport(&mut a, Sport::Running);
        assert_eq!(a.samples.cadence_spm(), [170, 174]);
        set_sport(&mut a, Sport::TrackRunning);
        assert_eq!(a.samples.cadence_spm(), [170, 174]);
        set_sport(&mut a, Sport::Walking);
        assert_eq!(a.samples.cadence_spm(), [85, 87]);
        assert_eq!(a.samples.time_s(), [0.0, 1.0]);
    }

    #[test]
    fn median_counts() {
        assert_eq!(median([3, 1, 2].into_iter()), Some(2));
        assert_eq!(median([0, 0].into_iter()), None);
        assert_eq!(median([5, 9].into_iter()), Some(5));
    }
}
