//! Best efforts: the fastest stretch of each standard distance inside an activity.
//!
//! For a target distance `D` the elapsed time of the window `[s, s + D]` is a piecewise
//! linear function of its start `s` (time is interpolated linearly between samples), so its
//! minimum lies where the start or the end of the window sits on a sample. Two two-pointer
//! passes check exactly those windows: one with the end on each sample and the start
//! interpolated, one with the start on each sample and the end interpolated. Each pass is
//! O(n), and no window is missed or counted twice.

use miler_core::{Distance, Duration};

use crate::Samples;

/// The distances miler reports best efforts for, with their names.
pub const STANDARD_EFFORTS: [(&str, f64); 8] = [
    ("400m", 400.0),
    ("800m", 800.0),
    ("1000m", 1000.0),
    ("1500m", 1500.0),
    ("mile", 1609.344),
    ("2mi", 3218.688),
    ("5k", 5000.0),
    ("10k", 10_000.0),
];

/// The fastest `distance` in an activity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BestEffort {
    pub distance: Distance,
    pub time: Duration,
    /// Elapsed time from the activity's start to the start of the effort.
    pub start_offset: Duration,
}

/// The best effort for each of `distances` that the activity covers, in the given order.
pub fn best_efforts(samples: &Samples, distances: &[Distance]) -> Vec<BestEffort> {
    let slopes = Slopes::new(samples);
    distances
        .iter()
        .filter_map(|&d| slopes.best_effort(samples, d))
        .collect()
}

/// The best effort at each of [`STANDARD_EFFORTS`] the activity covers, with its name.
pub fn standard_best_efforts(samples: &Samples) -> Vec<(&'static str, BestEffort)> {
    let slopes = Slopes::new(samples);
    STANDARD_EFFORTS
        .iter()
        .filter_map(|&(name, metres)| {
            let distance = Distance::from_metres(metres)?;
            slopes.best_effort(samples, distance).map(|e| (name, e))
        })
        .collect()
}

/// The fastest stretch of exactly `target`, or `None` if the activity is shorter.
pub fn best_effort(samples: &Samples, target: Distance) -> Option<BestEffort> {
    Slopes::new(samples).best_effort(samples, target)
}

/// Seconds per metre inside each sample interval (0 where the runner stood still), computed
/// once per activity: interpolation is then a multiply-add, and the divisions are not repeated
/// for every distance and both passes.
struct Slopes(Vec<f64>);

impl Slopes {
    fn new(samples: &Samples) -> Slopes {
        let (d, t) = (samples.distance_m(), samples.time_s());
        Slopes(
            d.windows(2)
                .zip(t.windows(2))
                .map(|(d, t)| {
                    if d[1] > d[0] {
                        (t[1] - t[0]) / (d[1] - d[0])
                    } else {
                        0.0
                    }
                })
                .collect(),
        )
    }

    /// The time at cumulative `distance`, which lies in the interval starting at `index`.
    #[inline]
    fn time_at(&self, d: &[f64], t: &[f64], index: usize, distance: f64) -> f64 {
        t[index] + (distance - d[index]) * self.0.get(index).copied().unwrap_or(0.0)
    }

    fn best_effort(&self, samples: &Samples, target: Distance) -> Option<BestEffort> {
        let (d, t) = (samples.distance_m(), samples.time_s());
        let want = target.metres();
        if want <= 0.0 || d.len() < 2 || d[d.len() - 1] - d[0] < want {
            return None;
        }
        let (mut best_time, mut best_start) = (f64::INFINITY, 0.0);
        // End on a sample, start interpolated: `i` is the last sample at or before
        // `d[j] - want`.
        let mut i = 0;
        for j in 0..d.len() {
            let start_distance = d[j] - want;
            if start_distance < d[0] {
                continue;
            }
            while i + 1 < d.len() && d[i + 1] <= start_distance {
                i += 1;
            }
            let start = self.time_at(d, t, i, start_distance);
            if t[j] - start < best_time {
                (best_time, best_start) = (t[j] - start, start);
            }
        }
        // Start on a sample, end interpolated: `j` is the last sample at or before
        // `d[i] + want`. At a sample sitting exactly on the end distance the interpolation
        // adds nothing and gives that sample's time.
        let mut j = 0;
        let last = d[d.len() - 1];
        for i in 0..d.len() {
            let end_distance = d[i] + want;
            if end_distance > last {
                break;
            }
            while j + 1 < d.len() && d[j + 1] <= end_distance {
                j += 1;
            }
            let time = self.time_at(d, t, j, end_distance) - t[i];
            if time < best_time {
                (best_time, best_start) = (time, t[i]);
            }
        }
        best_time.is_finite().then_some(())?;
        Some(BestEffort {
            distance: target,
            time: Duration::from_secs(best_time.max(0.0))?,
            start_offset: Duration::from_secs(best_start.max(0.0))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SampleRow, SamplesBuilder};
    use proptest::prelude::*;

    fn samples(rows: &[(f64, f64)]) -> Samples {
        let mut b = SamplesBuilder::default();
        for &(t, d) in rows {
            b.push(SampleRow {
                time_s: t,
                distance_m: Some(d),
                ..SampleRow::default()
            });
        }
        b.finish()
    }

    fn metres(m: f64) -> Distance {
        Distance::from_metres(m).unwrap()
    }

    /// A synthetic run whose answer is known by construction: 1 s samples, 10 minutes at
    /// 4 m/s, then a 400 m stretch at 6.25 m/s (64 s) starting at 1000 m... run at 4 m/s
    /// again. The best 400 m is the 64 s stretch, the best 800 m contains it plus 400 m at
    /// 4 m/s (100 s).
    #[test]
    fn finds_a_fast_stretch_in_a_steady_run() {
        let mut rows = Vec::new();
        let (mut t, mut d) = (0.0, 0.0);
        while d < 2400.0 {
            rows.push((t, d));
            let speed = if (1000.0..1400.0).contains(&d) {
                6.25
            } else {
                4.0
            };
            t += 1.0;
            d += speed;
        }
        rows.push((t, d));
        let s = samples(&rows);
        let effort = |m: f64| best_effort(&s, metres(m)).unwrap();
        assert!((effort(400.0).time.secs() - 64.0).abs() < 1e-9);
        assert!((effort(400.0).start_offset.secs() - 250.0).abs() < 1e-9);
        assert!((effort(800.0).time.secs() - 164.0).abs() < 1e-9);
        assert!((effort(200.0).time.secs() - 32.0).abs() < 1e-9);
        assert!(best_effort(&s, metres(5000.0)).is_none());
    }

    /// Samples that don't fall on the window's edges: a 10 s gap spanning the 400 m start.
    #[test]
    fn interpolates_inside_sample_intervals() {
        // 0-100 m in 25 s (4 m/s), then 100-500 m in 80 s (5 m/s) sampled every 10 s... and
        // then slower again. The best 400 m is exactly the 5 m/s stretch: 80 s.
        let mut rows = vec![(0.0, 0.0), (25.0, 100.0)];
        for k in 1..=8 {
            rows.push((25.0 + 10.0 * k as f64, 100.0 + 50.0 * k as f64));
        }
        rows.push((205.0, 900.0));
        let s = samples(&rows);
        let e = best_effort(&s, metres(400.0)).unwrap();
        assert!((e.time.secs() - 80.0).abs() < 1e-9, "{:?}", e);
        // A 250 m effort sits inside the fast stretch whatever the sample boundaries.
        assert!((best_effort(&s, metres(250.0)).unwrap().time.secs() - 50.0).abs() < 1e-9);
    }

    /// The reference answer by brute force: every window start on a fine grid.
    fn brute_force(rows: &[(f64, f64)], want: f64) -> Option<f64> {
        let total = rows.last()?.1;
        // Leaving a distance: the last moment at it. Reaching a distance: the first moment.
        let leave = |x: f64| -> f64 {
            let k = rows.partition_point(|r| r.1 <= x).clamp(1, rows.len() - 1);
            let ((t0, d0), (t1, d1)) = (rows[k - 1], rows[k]);
            if d1 > d0 && x > d0 {
                t0 + (x - d0) / (d1 - d0) * (t1 - t0)
            } else {
                t0
            }
        };
        let reach = |x: f64| -> f64 {
            let k = rows.partition_point(|r| r.1 < x).clamp(1, rows.len() - 1);
            let ((t0, d0), (t1, d1)) = (rows[k - 1], rows[k]);
            if d1 > d0 {
                t0 + (x - d0) / (d1 - d0) * (t1 - t0)
            } else {
                t1
            }
        };
        let mut best = f64::INFINITY;
        let mut points: Vec<f64> = rows.iter().flat_map(|r| [r.1, r.1 - want]).collect();
        // `r.1 - want + want` can round a hair past the last distance: keep windows that end
        // on the last sample.
        points.retain(|&s| s >= 0.0 && s + want <= total + 1e-9);
        for s in points {
            best = best.min(reach(s + want) - leave(s));
        }
        best.is_finite().then_some(best)
    }

    proptest! {
        #[test]
        fn agrees_with_brute_force(steps in prop::collection::vec((0.5f64..20.0, 0.0f64..60.0), 2..120), want in 50.0f64..600.0) {
            let mut rows = vec![(0.0, 0.0)];
            for (dt, dd) in steps {
                let (t, d) = *rows.last().unwrap();
                rows.push((t + dt, d + dd));
            }
            let s = samples(&rows);
            let fast = best_effort(&s, metres(want)).map(|e| e.time.secs());
            let slow = brute_force(&rows, want);
            match (fast, slow) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-6, "{a} vs {b}"),
                (None, None) => {}
                other => prop_assert!(false, "{other:?}"),
            }
        }
    }
}
