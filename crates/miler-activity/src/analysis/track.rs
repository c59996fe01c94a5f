//! Was this run on a track? Two kinds of evidence, either of which is enough:
//!
//! - **Laps**: at least three laps of 400 m (outdoor) or 200 m (indoor), within 3 %, make up
//!   most of the laps (runners press the button at the line, or set auto-lap to a lap).
//! - **Positions**: the route stays within a 250 m box and keeps coming back to where it
//!   was 400 m earlier (within 25 m, allowing for GPS error on a bend) for at least 60 % of
//!   the samples after the first lap.

use miler_core::Distance;

use crate::Activity;

/// Which track, if any, and what showed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackKind {
    /// 400 m laps.
    Outdoor400 { from_laps: bool },
    /// 200 m laps.
    Indoor200 { from_laps: bool },
}

impl TrackKind {
    pub fn lap(self) -> Distance {
        match self {
            TrackKind::Outdoor400 { .. } => Distance::TRACK_400,
            TrackKind::Indoor200 { .. } => Distance::TRACK_200,
        }
    }
}

pub fn detect_track(activity: &Activity) -> Option<TrackKind> {
    from_laps(activity).or_else(|| from_positions(activity))
}

fn from_laps(activity: &Activity) -> Option<TrackKind> {
    let laps = &activity.laps;
    let share_near = |lap_m: f64| {
        let near = laps
            .iter()
            .filter(|l| (l.distance.metres() - lap_m).abs() <= 0.03 * lap_m)
            .count();
        (near >= 3 && near * 2 > laps.len()).then_some(near)
    };
    match (share_near(400.0), share_near(200.0)) {
        (Some(a), Some(b)) if b > a => Some(TrackKind::Indoor200 { from_laps: true }),
        (Some(_), _) => Some(TrackKind::Outdoor400 { from_laps: true }),
        (None, Some(_)) => Some(TrackKind::Indoor200 { from_laps: true }),
        (None, None) => None,
    }
}

fn from_positions(activity: &Activity) -> Option<TrackKind> {
    let s = &activity.samples;
    let (lat, lon, d) = (s.latitude_deg(), s.longitude_deg(), s.distance_m());
    let points: Vec<(f64, f64, f64)> = (0..s.len())
        .filter(|&i| !lat[i].is_nan() && !lon[i].is_nan())
        .map(|i| (d[i], lat[i], lon[i]))
        .collect();
    if points.len() < 20 || s.total_distance().metres() < 800.0 {
        return None;
    }
    let (mut min_lat, mut max_lat, mut min_lon, mut max_lon) =
        (90.0f64, -90.0f64, 180.0f64, -180.0f64);
    for &(_, a, o) in &points {
        (min_lat, max_lat, min_lon, max_lon) = (
            min_lat.min(a),
            max_lat.max(a),
            min_lon.min(o),
            max_lon.max(o),
        );
    }
    if crate::geo::step_distance_m(min_lat, min_lon, max_lat, max_lon) > 250.0 {
        return None;
    }
    for (lap, kind) in [
        (400.0, TrackKind::Outdoor400 { from_laps: false }),
        (200.0, TrackKind::Indoor200 { from_laps: false }),
    ] {
        let (mut back, mut checked, mut k) = (0usize, 0usize, 0usize);
        for &(dist, a, o) in &points {
            let earlier = dist - lap;
            if earlier < points[0].0 {
                continue;
            }
            while k + 1 < points.len() && points[k + 1].0 <= earlier {
                k += 1;
            }
            checked += 1;
            let (_, pa, po) = points[k];
            if crate::geo::step_distance_m(pa, po, a, o) <= 25.0 {
                back += 1;
            }
        }
        if checked >= 10 && back * 10 >= checked * 6 {
            return Some(kind);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Lap, SampleRow, SamplesBuilder, Sport};
    use miler_core::Duration;

    /// Laps around a 400 m oval of two 84.39 m straights and two bends of radius 36.5 m,
    /// sampled every 2 s at 4 m/s.
    fn oval_run(laps: f64) -> Activity {
        let (straight, radius) = (84.39, 36.5);
        let lap = 2.0 * straight + 2.0 * std::f64::consts::PI * radius;
        let metres_per_degree_lat = 111_132.0;
        let metres_per_degree_lon = 78_847.0; // at 45°
        let mut b = SamplesBuilder::default();
        let mut t = 0.0;
        let mut s = 0.0;
        while s <= laps * lap {
            let p = s % lap;
            let (x, y) = if p < straight {
                (p, 0.0)
            } else if p < straight + std::f64::consts::PI * radius {
                let a = (p - straight) / radius;
                (straight + radius * a.sin(), radius - radius * a.cos())
            } else if p < 2.0 * straight + std::f64::consts::PI * radius {
                (
                    straight - (p - straight - std::f64::consts::PI * radius),
                    2.0 * radius,
                )
            } else {
                let a = (p - 2.0 * straight - std::f64::consts::PI * radius) / radius;
                (-radius * a.sin(), radius + radius * a.cos())
            };
            b.push(SampleRow {
                time_s: t,
                latitude_deg: Some(45.0 + y / metres_per_degree_lat),
                longitude_deg: Some(x / metres_per_degree_lon),
                ..SampleRow::default()
            });
            t += 2.0;
            s += 8.0;
        }
        Activity::new(Sport::Running, b.finish())
    }

    #[test]
    fn an_oval_of_positions_is_a_400m_track() {
        let run = oval_run(5.0);
        let total = run.samples.total_distance().metres();
        assert!(
            (total - 2000.0).abs() < 25.0,
            "chords shorten the oval slightly: {total}"
        );
        assert_eq!(
            detect_track(&run),
            Some(TrackKind::Outdoor400 { from_laps: false })
        );
    }

    #[test]
    fn a_straight_road_is_not_a_track() {
        let mut b = SamplesBuilder::default();
        for i in 0..300 {
            b.push(SampleRow {
                time_s: i as f64,
                latitude_deg: Some(45.0 + i as f64 * 4.0 / 111_132.0),
                longitude_deg: Some(0.0),
                ..SampleRow::default()
            });
        }
        assert_eq!(
            detect_track(&Activity::new(Sport::Running, b.finish())),
            None
        );
    }

    #[test]
    fn lap_button_at_the_line() {
        let mut run = Activity::new(Sport::Running, Default::default());
        let lap = |m: f64| Lap {
            start_offset: Duration::ZERO,
            timer_time: Duration::from_secs(90.0).unwrap(),
            elapsed_time: Duration::from_secs(90.0).unwrap(),
            distance: Distance::from_metres(m).unwrap(),
            average_heart_rate_bpm: None,
            workout_step_index: None,
            is_rest: None,
        };
        run.laps = vec![
            lap(1609.0),
            lap(402.0),
            lap(398.0),
            lap(401.0),
            lap(399.5),
            lap(2000.0),
        ];
        assert_eq!(
            detect_track(&run),
            Some(TrackKind::Outdoor400 { from_laps: true })
        );
        run.laps = vec![lap(201.0), lap(199.0), lap(200.0), lap(1000.0)];
        assert_eq!(
            detect_track(&run),
            Some(TrackKind::Indoor200 { from_laps: true })
        );
        run.laps = vec![lap(1000.0); 5];
        assert_eq!(detect_track(&run), None);
    }
}
