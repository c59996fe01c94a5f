//! Elapsed time, moving time and pauses.
//!
//! A sample interval counts as moving when the runner covered ground at 0.5 m/s or more
//! (a slow walk; a standing runner's GPS drifts well below it). Runs of still intervals of
//! 10 s or more are pauses. When the device recorded its timer stops and starts, those
//! pauses are the ones reported, since the runner pressed the button for them.

use miler_core::{Distance, Duration};

use crate::Activity;

const MOVING_SPEED_M_S: f64 = 0.5;
const MIN_PAUSE_S: f64 = 10.0;

/// A stop inside an activity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pause {
    /// Elapsed time from the start to the pause.
    pub start_offset: Duration,
    pub length: Duration,
}

/// The headline numbers of an activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub distance: Distance,
    pub elapsed: Duration,
    pub moving: Duration,
    pub pauses: Vec<Pause>,
    /// Whether `pauses` came from the device's timer events rather than detection.
    pub pauses_from_timer: bool,
}

pub fn summarize(activity: &Activity) -> Summary {
    let s = &activity.samples;
    let (d, t) = (s.distance_m(), s.time_s());
    let mut moving = 0.0;
    let mut detected = Vec::new();
    let mut still_since: Option<f64> = None;
    for i in 1..t.len() {
        let dt = t[i] - t[i - 1];
        if dt <= 0.0 {
            continue;
        }
        if (d[i] - d[i - 1]) / dt >= MOVING_SPEED_M_S {
            moving += dt;
            if let Some(start) = still_since.take() {
                push_pause(&mut detected, start, t[i - 1]);
            }
        } else if still_since.is_none() {
            still_since = Some(t[i - 1]);
        }
    }
    if let Some(start) = still_since {
        push_pause(&mut detected, start, t[t.len() - 1]);
    }
    let from_timer = !activity.timer_pauses.is_empty();
    let pauses = if from_timer {
        activity
            .timer_pauses
            .iter()
            .map(|&(start_offset, length)| Pause {
                start_offset,
                length,
            })
            .collect()
    } else {
        detected
    };
    Summary {
        distance: s.total_distance(),
        elapsed: s.elapsed(),
        moving: Duration::from_secs(moving).unwrap_or(Duration::ZERO),
        pauses,
        pauses_from_timer: from_timer,
    }
}

fn push_pause(pauses: &mut Vec<Pause>, start: f64, end: f64) {
    if end - start >= MIN_PAUSE_S {
        pauses.push(Pause {
            start_offset: Duration::from_secs(start).unwrap_or(Duration::ZERO),
            length: Duration::from_secs(end - start).unwrap_or(Duration::ZERO),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SampleRow, SamplesBuilder, Sport};

    #[test]
    fn a_traffic_light_stop_is_a_pause() {
        let mut b = SamplesBuilder::default();
        let rows = [
            (0.0, 0.0),
            (100.0, 400.0),
            (130.0, 401.0),
            (230.0, 801.0),
            (235.0, 801.0),
        ];
        for (t, d) in rows {
            b.push(SampleRow {
                time_s: t,
                distance_m: Some(d),
                ..SampleRow::default()
            });
        }
        let summary = summarize(&Activity::new(Sport::Running, b.finish()));
        assert_eq!(summary.elapsed.secs(), 235.0);
        assert_eq!(summary.moving.secs(), 200.0);
        assert_eq!(summary.distance.metres(), 801.0);
        // The 30 s stop counts; the 5 s at the end is too short to be a pause.
        assert_eq!(summary.pauses.len(), 1);
        assert_eq!(
            (
                summary.pauses[0].start_offset.secs(),
                summary.pauses[0].length.secs()
            ),
            (100.0, 30.0)
        );
    }
}
