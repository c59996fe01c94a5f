//! Detecting the work and recovery of an interval session.
//!
//! Laps come first: when the runner pressed the lap button (or a workout did) the laps are
//! the intervals, and the device may even say which laps were rest. Without useful laps, the
//! speed stream is split in two by the threshold that best separates fast from slow (a
//! one-dimensional two-means split), smoothed over 10 s so a GPS spike is not a rep.
//!
//! Either way the session must look like intervals: at least two work stretches, and work at
//! least 20 % faster than the rest (30 % in the speed stream, which wanders more), and a
//! recovery between work blocks. A steady run has no intervals, not one long one, and laps
//! of one distance (the watch's auto-lap) are not reps.

use miler_core::{Distance, Duration};

use crate::Activity;

/// What a stretch of the session was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalKind {
    WarmUp,
    Work,
    Recovery,
    CoolDown,
}

impl IntervalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IntervalKind::WarmUp => "warmup",
            IntervalKind::Work => "work",
            IntervalKind::Recovery => "recovery",
            IntervalKind::CoolDown => "cooldown",
        }
    }
}

/// One stretch of an interval session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub kind: IntervalKind,
    pub start_offset: Duration,
    pub time: Duration,
    pub distance: Distance,
}

const MIN_RATIO: f64 = 1.2;
/// The speed stream wanders more than lap averages do (hills, bends, traffic), so it needs a
/// wider gap between work and rest before a session counts as intervals.
const MIN_STREAM_RATIO: f64 = 1.3;
const SMOOTH_HALF_WINDOW_S: f64 = 5.0;
const MIN_WORK_S: f64 = 20.0;
const MIN_WORK_M: f64 = 60.0;
const MIN_STRETCH_S: f64 = 10.0;

pub fn detect_intervals(activity: &Activity) -> Vec<Interval> {
    let from_laps = from_laps(activity);
    if !from_laps.is_empty() {
        return from_laps;
    }
    from_stream(activity)
}

/// Splits `values` into a slow and a fast group at the threshold that minimises the
/// within-group sum of squares; returns the threshold, the two means and the pooled
/// within-group standard deviation.
fn two_means(values: &[f64]) -> Option<TwoMeans> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.len() < 2 {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let total: f64 = sorted.iter().sum();
    let total_sq: f64 = sorted.iter().map(|v| v * v).sum();
    let (mut best, mut best_cost) = (None, f64::INFINITY);
    let (mut sum, mut sum_sq) = (0.0, 0.0);
    for k in 1..n {
        sum += sorted[k - 1];
        sum_sq += sorted[k - 1] * sorted[k - 1];
        let (low_n, high_n) = (k as f64, (n - k) as f64);
        let cost =
            (sum_sq - sum * sum / low_n) + ((total_sq - sum_sq) - (total - sum).powi(2) / high_n);
        if cost < best_cost && sorted[k] > sorted[k - 1] {
            best_cost = cost;
            best = Some(TwoMeans {
                threshold: (sorted[k - 1] + sorted[k]) / 2.0,
                slow: sum / low_n,
                fast: (total - sum) / high_n,
                spread: (cost.max(0.0) / n as f64).sqrt(),
            });
        }
    }
    best
}

#[derive(Debug, Clone, Copy)]
struct TwoMeans {
    threshold: f64,
    slow: f64,
    fast: f64,
    spread: f64,
}

/// How far apart, in within-group standard deviations, the two speed groups of the stream
/// must be. Splitting one bell-shaped spread of speeds (a steady run over hills) at its middle
/// leaves the halves' means about 1.6 deviations apart; reps and recoveries sit much further.
const MIN_SEPARATION: f64 = 3.0;

/// Names unlabelled stretches: slow ones before the first work are the warm-up, after the
/// last the cool-down, between them recoveries. `None` unless there are at least two work
/// blocks with a recovery between them: fast stretches back to back are one effort.
fn label(fast: &[bool]) -> Option<Vec<IntervalKind>> {
    let first = fast.iter().position(|&f| f)?;
    let last = fast.iter().rposition(|&f| f)?;
    let blocks = fast.windows(2).filter(|w| !w[0] && w[1]).count() + usize::from(fast[0]);
    if blocks < 2 {
        return None;
    }
    Some(
        fast.iter()
            .enumerate()
            .map(|(i, &f)| match (f, i < first, i > last) {
                (true, _, _) => IntervalKind::Work,
                (false, true, _) => IntervalKind::WarmUp,
                (false, _, true) => IntervalKind::CoolDown,
                _ => IntervalKind::Recovery,
            })
            .collect(),
    )
}

fn from_laps(activity: &Activity) -> Vec<Interval> {
    let laps = &activity.laps;
    if laps.len() < 3 {
        return Vec::new();
    }
    let speeds: Vec<f64> = laps
        .iter()
        .map(|l| {
            let time = if l.timer_time.secs() > 0.0 {
                l.timer_time
            } else {
                l.elapsed_time
            };
            if time.secs() > 0.0 {
                l.distance.metres() / time.secs()
            } else {
                0.0
            }
        })
        .collect();
    let device_says =
        laps.iter().all(|l| l.is_rest.is_some()) && laps.iter().any(|l| l.is_rest == Some(true));
    if !device_says && auto_laps(laps) {
        // Laps of one distance are the watch's auto-lap, not the runner marking reps.
        return Vec::new();
    }
    let fast: Vec<bool> = if device_says {
        laps.iter().map(|l| l.is_rest == Some(false)).collect()
    } else {
        let Some(split) = two_means(&speeds) else {
            return Vec::new();
        };
        if split.fast < MIN_RATIO * split.slow {
            return Vec::new();
        }
        speeds.iter().map(|&v| v > split.threshold).collect()
    };
    let Some(kinds) = label(&fast) else {
        return Vec::new();
    };
    laps.iter()
        .zip(kinds)
        .map(|(l, kind)| Interval {
            kind,
            start_offset: l.start_offset,
            time: if l.timer_time.secs() > 0.0 {
                l.timer_time
            } else {
                l.elapsed_time
            },
            distance: l.distance,
        })
        .collect()
}

/// Whether every lap but the last (which ends wherever the run did) has the same distance
/// within 1 %: the watch's auto-lap.
fn auto_laps(laps: &[crate::Lap]) -> bool {
    let whole = &laps[..laps.len() - 1];
    let Some(first) = whole.first().map(|l| l.distance.metres()) else {
        return false;
    };
    whole.len() >= 2
        && first > 0.0
        && whole
            .iter()
            .all(|l| (l.distance.metres() - first).abs() <= 0.01 * first)
}

fn from_stream(activity: &Activity) -> Vec<Interval> {
    let s = &activity.samples;
    let (d, t) = (s.distance_m(), s.time_s());
    let n = t.len();
    if n < 10 {
        return Vec::new();
    }
    // Speed over a centred window of about 10 s.
    let mut speed = vec![0.0; n];
    let (mut lo, mut hi) = (0, 0);
    for (i, speed) in speed.iter_mut().enumerate() {
        while t[i] - t[lo] > SMOOTH_HALF_WINDOW_S {
            lo += 1;
        }
        while hi + 1 < n && t[hi + 1] - t[i] <= SMOOTH_HALF_WINDOW_S {
            hi += 1;
        }
        let dt = t[hi] - t[lo];
        *speed = if dt > 0.0 { (d[hi] - d[lo]) / dt } else { 0.0 };
    }
    let Some(TwoMeans {
        threshold,
        slow,
        fast: quick,
        spread,
    }) = two_means(&speed)
    else {
        return Vec::new();
    };
    if quick < MIN_STREAM_RATIO * slow.max(0.1) || quick - slow < MIN_SEPARATION * spread {
        return Vec::new();
    }
    // Stretches of consecutive samples on one side of the threshold: (start, end, fast).
    // Neighbouring stretches share their boundary sample, so times and distances add up.
    let mut stretches: Vec<(usize, usize, bool)> = Vec::new();
    for (i, &v) in speed.iter().enumerate() {
        let fast = v > threshold;
        match stretches.last_mut() {
            Some(last) if last.2 == fast => last.1 = i,
            Some(last) => {
                let start = last.1;
                stretches.push((start, i, fast));
            }
            None => stretches.push((0, i, fast)),
        }
    }
    // Stretches too short to be a rep or a rest are noise: fold them into their neighbours.
    let mut merged: Vec<(usize, usize, bool)> = Vec::new();
    for stretch in stretches {
        let long = |s: &(usize, usize, bool)| t[s.1] - t[s.0] >= MIN_STRETCH_S;
        match merged.last_mut() {
            Some(last) if last.2 == stretch.2 || !long(&stretch) => last.1 = stretch.1,
            _ => merged.push(stretch),
        }
    }
    // A work stretch must be long enough to be a rep.
    for stretch in &mut merged {
        if stretch.2
            && (t[stretch.1] - t[stretch.0] < MIN_WORK_S
                || d[stretch.1] - d[stretch.0] < MIN_WORK_M)
        {
            stretch.2 = false;
        }
    }
    merged.dedup_by(|b, a| {
        if a.2 == b.2 {
            a.1 = b.1;
            true
        } else {
            false
        }
    });
    let fast: Vec<bool> = merged.iter().map(|s| s.2).collect();
    let Some(kinds) = label(&fast) else {
        return Vec::new();
    };
    merged
        .iter()
        .zip(kinds)
        .map(|(&(a, b, _), kind)| Interval {
            kind,
            start_offset: Duration::from_secs(t[a]).unwrap_or(Duration::ZERO),
            time: Duration::from_secs(t[b] - t[a]).unwrap_or(Duration::ZERO),
            distance: Distance::from_metres(d[b] - d[a]).unwrap_or(Distance::ZERO),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SampleRow, SamplesBuilder, Sport};

    /// 5 min easy at 3 m/s, then 6 × (400 m at 5 m/s, 90 s jog at 2.5 m/s), then 5 min easy,
    /// sampled every second.
    fn session() -> Activity {
        let mut b = SamplesBuilder::default();
        let (mut t, mut d) = (0.0, 0.0);
        let mut run = |seconds: f64, speed: f64, b: &mut SamplesBuilder| {
            for _ in 0..seconds as usize {
                b.push(SampleRow {
                    time_s: t,
                    distance_m: Some(d),
                    ..SampleRow::default()
                });
                t += 1.0;
                d += speed;
            }
        };
        run(300.0, 3.0, &mut b);
        for _ in 0..6 {
            run(80.0, 5.0, &mut b);
            run(90.0, 2.5, &mut b);
        }
        run(300.0, 3.0, &mut b);
        Activity::new(Sport::Running, b.finish())
    }

    #[test]
    fn finds_six_reps_in_the_stream() {
        let found = detect_intervals(&session());
        let work: Vec<&Interval> = found
            .iter()
            .filter(|i| i.kind == IntervalKind::Work)
            .collect();
        assert_eq!(work.len(), 6, "{found:#?}");
        for rep in work {
            // Smoothing blurs each edge by at most the half window.
            assert!((rep.distance.metres() - 400.0).abs() <= 30.0, "{rep:?}");
            assert!((rep.time.secs() - 80.0).abs() <= 6.0, "{rep:?}");
        }
        assert_eq!(found.first().unwrap().kind, IntervalKind::WarmUp);
        assert_eq!(found.last().unwrap().kind, IntervalKind::CoolDown);
    }

    #[test]
    fn a_steady_run_has_no_intervals() {
        let mut b = SamplesBuilder::default();
        for i in 0..1200 {
            let wobble = if i % 7 == 0 { 0.2 } else { 0.0 };
            b.push(SampleRow {
                time_s: i as f64,
                distance_m: Some(i as f64 * 3.3 + wobble),
                ..SampleRow::default()
            });
        }
        assert!(detect_intervals(&Activity::new(Sport::Running, b.finish())).is_empty());
    }

    #[test]
    fn two_means_splits_two_clusters() {
        let split = two_means(&[2.0, 2.1, 1.9, 5.0, 5.2, 4.8]).unwrap();
        assert!((split.slow - 2.0).abs() < 1e-9 && (split.fast - 5.0).abs() < 1e-9);
        assert!(split.threshold > 2.1 && split.threshold < 4.8);
        assert!(split.fast - split.slow > MIN_SEPARATION * split.spread);
    }
}
