//! Splits: the time for each whole kilometre or mile, on elapsed time.

use miler_core::{Distance, Duration};

use crate::Samples;

/// One split of an activity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    /// 1-based.
    pub number: u32,
    /// The split's length: the unit, or less for the final partial split.
    pub distance: Distance,
    pub time: Duration,
    /// Elapsed time at the end of the split.
    pub cumulative: Duration,
    /// Mean of the heart-rate samples inside the split, where there are any.
    pub average_heart_rate_bpm: Option<f64>,
}

/// Splits of `unit` (1 km, 1 mile, 400 m ...) with a final partial split when at least 1 % of
/// a unit remains. Each boundary is the first moment the runner reached that distance,
/// interpolated between samples.
pub fn splits(samples: &Samples, unit: Distance) -> Vec<Split> {
    let (d, t, hr) = (
        samples.distance_m(),
        samples.time_s(),
        samples.heart_rate_bpm(),
    );
    let step = unit.metres();
    if d.len() < 2 || step <= 0.0 {
        return Vec::new();
    }
    let total = d[d.len() - 1];
    let mut out = Vec::new();
    let (mut previous_time, mut previous_distance) = (t[0], d[0]);
    let (mut hr_sum, mut hr_count) = (0.0, 0u32);
    let mut boundary = d[0] + step;
    let mut push =
        |number: u32, distance: f64, end: f64, start: f64, hr_sum: f64, hr_count: u32| {
            out.push(Split {
                number,
                distance: Distance::from_metres(distance).unwrap_or(Distance::ZERO),
                time: Duration::from_secs((end - start).max(0.0)).unwrap_or(Duration::ZERO),
                cumulative: Duration::from_secs(end - t[0]).unwrap_or(Duration::ZERO),
                average_heart_rate_bpm: (hr_count > 0).then(|| hr_sum / f64::from(hr_count)),
            });
        };
    let mut number = 1;
    for i in 1..d.len() {
        if hr[i] > 0 {
            hr_sum += f64::from(hr[i]);
            hr_count += 1;
        }
        while d[i] >= boundary {
            let (d0, t0) = (d[i - 1], t[i - 1]);
            let at = if d[i] > d0 {
                t0 + (boundary - d0) / (d[i] - d0) * (t[i] - t0)
            } else {
                t[i]
            };
            push(number, step, at, previous_time, hr_sum, hr_count);
            number += 1;
            previous_time = at;
            previous_distance = boundary;
            boundary += step;
            (hr_sum, hr_count) = (0.0, 0);
        }
    }
    let rest = total - previous_distance;
    if rest >= 0.01 * step {
        push(
            number,
            rest,
            t[t.len() - 1],
            previous_time,
            hr_sum,
            hr_count,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SampleRow, SamplesBuilder};

    #[test]
    fn kilometre_splits_of_a_negative_split_run() {
        // 2.5 km: first km at 4 m/s (250 s), second at 5 m/s (200 s), then 500 m at 5 m/s.
        let mut b = SamplesBuilder::default();
        let (mut t, mut d) = (0.0, 0.0);
        while d < 2500.0 {
            b.push(SampleRow {
                time_s: t,
                distance_m: Some(d),
                heart_rate_bpm: Some(150),
                ..SampleRow::default()
            });
            let v = if d < 1000.0 { 4.0 } else { 5.0 };
            // 2.5 s samples put a sample exactly on the change of pace at 1000 m.
            d += v * 2.5;
            t += 2.5;
        }
        b.push(SampleRow {
            time_s: t,
            distance_m: Some(d),
            ..SampleRow::default()
        });
        let s = b.finish();
        let km = splits(&s, Distance::from_metres(1000.0).unwrap());
        assert_eq!(km.len(), 3);
        assert!((km[0].time.secs() - 250.0).abs() < 1e-9);
        assert!((km[1].time.secs() - 200.0).abs() < 1e-9);
        assert!((km[2].distance.metres() - (d - 2000.0)).abs() < 1e-9);
        assert_eq!(km[0].average_heart_rate_bpm, Some(150.0));
        let miles = splits(&s, Distance::MILE);
        assert_eq!(miles.len(), 2);
        // The first mile: 1000 m at 4 m/s then 609.344 m at 5 m/s.
        assert!((miles[0].time.secs() - (250.0 + 609.344 / 5.0)).abs() < 1e-9);
    }
}
