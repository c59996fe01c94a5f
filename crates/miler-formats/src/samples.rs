//! Rows into [`Samples`], with the fixes every format needs in the same way.
//!
//! The readers collect [`SampleRow`]s in file order and hand them here, so that times relative
//! to the first sample, dropped out-of-order rows and distance from positions all come from
//! [`SamplesBuilder`] alone.
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

/// Samples built from rows, with the clock they were measured on.
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) samples: Samples,
    /// The time (on the rows' clock) of the first sample, which is zero in [`Samples`].
    pub(crate) origin: f64,
    /// Rows dropped for a missing or backwards time.
    pub(crate) dropped: usize,
}

/// Builds samples for an activity of `sport` from rows in file order.
pub(crate) fn build(rows: &[SampleRow], sport: &Sport) -> Built {
    let origin = rows
        .iter()
        .map(|r| r.time_s)
        .find(|t| t.is_finite())
        .unwrap_or(0.0);
    let factor = if sport.is_running() {
        to_steps_factor(rows.iter().filter_map(|r| r.cadence_spm))
    } else {
        Scale::Keep
    };
    let mut builder = SamplesBuilder::with_capacity(rows.len());
    for row in rows {
        builder.push(SampleRow {
            cadence_spm: row.cadence_spm.map(|c| factor.apply(c)),
            ..*row
        });
    }
    let dropped = builder.dropped();
    Built {
        samples: builder.finish(),
        origin,
        dropped,
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
        to_steps_factor(present())
    } else {
        match median(present()) {
            Some(m) if m > MAX_STRIDES_PER_MINUTE => Scale::Halve,
            _ => Scale::Keep,
        }
    };
    if scale == Scale::Keep {
        return;
    }
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
    activity.samples = builder.finish();
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
fn to_steps_factor(values: impl Iterator<Item = u8>) -> Scale {
    match median(values) {
        Some(m) if m <= MAX_STRIDES_PER_MINUTE => Scale::Double,
        _ => Scale::Keep,
    }
}

/// The median of the non-zero values, by counting (values are bytes, so no sort is needed).
fn median(values: impl Iterator<Item = u8>) -> Option<u8> {
    let mut counts = [0usize; 256];
    let mut n = 0;
    for v in values.filter(|&v| v != 0) {
        counts[usize::from(v)] += 1;
        n += 1;
    }
    let mut seen = 0;
    for (value, &count) in counts.iter().enumerate() {
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
