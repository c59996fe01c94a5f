//! Goal-mile splits and the mile articles' pacing rules, turned into numbers.
//!
//! Two ways of splitting a mile live side by side here, and each figure says which it uses:
//!
//! - **Training splits** follow the articles' convention that a mile is four 400 m laps
//!   ("a 6:00 mile is 90 s per 400 m"): the goal divided by 1600 m, times the rep distance.
//!   Reps on a track are run at these numbers.
//! - **Race laps** use the true geometry: a mile is 1609.344 m, so on a 400 m track it starts
//!   9.344 m behind the finish line and the first lap is 409.344 m (209.344 m on a 200 m
//!   track), all at even pace. These are the times to see on the clock in a mile race.
//!
//! The rules quoted in PRODUCT.md (200 m reps 2 s under half the 400 pace, negative-split
//! 400s, threshold at mile pace plus 40-50 s per mile, VO2max reps at 5 km pace) are each a
//! field with the rule in its doc comment.

use crate::paces::PaceRange;
use crate::units::{Distance, Duration, Pace, Speed};
use crate::vdot::Vdot;

/// Rep distances the articles give training splits for.
pub const TRAINING_SPLIT_DISTANCES: [f64; 7] = [100.0, 200.0, 300.0, 400.0, 600.0, 800.0, 1200.0];

/// The articles' mile: four laps of 400 m.
const ARTICLE_MILE_M: f64 = 1600.0;

/// One lap of a race on a track at even pace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lap {
    /// 1-based lap number.
    pub number: u32,
    /// Length of this lap; the first is longer by the 9.344 m the mile adds.
    pub distance: Distance,
    /// Distance from the start at the end of this lap.
    pub cumulative_distance: Distance,
    pub split: Duration,
    pub cumulative: Duration,
}

/// A quarter of a 400 m lap in the bends-and-straights session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackPart {
    Bend,
    Straight,
}

/// A bend or straight at goal pace, as 100 m of a 400 m lap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackSegment {
    pub part: TrackPart,
    pub distance: Distance,
    pub split: Duration,
    pub cumulative: Duration,
}

/// Everything a goal mile time turns into.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalSplits {
    pub goal: Duration,
    /// True even pace over 1609.344 m.
    pub pace: Pace,
    /// Training splits by the four-laps convention: `(rep distance, time)` for each of
    /// [`TRAINING_SPLIT_DISTANCES`]; 400 m is exactly a quarter of the goal.
    pub training_splits: Vec<(Distance, Duration)>,
    /// Even-pace race laps on a 400 m track (first lap 409.344 m).
    pub laps_400m_track: Vec<Lap>,
    /// Even-pace race laps on a 200 m track (first lap 209.344 m).
    pub laps_200m_track: Vec<Lap>,
    /// One lap in quarters, bend first as in a 400 m race start: 100 m each at goal pace.
    pub bends_and_straights: Vec<TrackSegment>,
    /// Goal pace on a treadmill.
    pub treadmill: Speed,
    /// 200 m reps "slightly faster than your 400 m pace": half the 400 m split minus 2 s
    /// (80 s per 400 m gives 38 s per 200 m).
    pub rep_200m: Duration,
    /// Negative-split 400s: the first 200 m 5 s slower than the second, the whole rep at goal
    /// 400 m time, so the second half is faster than goal pace.
    pub negative_split_400: (Duration, Duration),
    /// Threshold: 40-50 s per mile slower than mile race pace.
    pub threshold: PaceRange,
    /// VO2max reps of one mile at 5 km race pace, here the 5 km the goal mile's VDOT predicts.
    pub vo2max_5k_pace: Pace,
    /// The articles' check on the same pace: 30-40 s per mile slower than the mile.
    pub vo2max_check: PaceRange,
}

impl GoalSplits {
    /// Splits for a goal mile of `goal`; `None` for a zero goal.
    pub fn for_goal(goal: Duration) -> Option<GoalSplits> {
        let pace = Pace::of(Distance::MILE, goal)?;
        let per_article_metre = goal.secs() / ARTICLE_MILE_M;
        let training_splits = TRAINING_SPLIT_DISTANCES
            .iter()
            .map(|&m| (Distance::metres_const(m), secs(per_article_metre * m)))
            .collect();
        let per_400 = per_article_metre * 400.0;
        let rep_200m = secs(per_400 / 2.0 - 2.0);
        let second_half = (per_400 - 5.0) / 2.0;
        let negative_split_400 = (secs(second_half + 5.0), secs(second_half));
        let mile_plus = |s: f64| pace.shifted(s, Distance::MILE).expect("slower is positive");
        let vdot = Vdot::from_performance(
            crate::units::Performance::new(Distance::MILE, goal).expect("goal above zero"),
        );
        let five_k = Distance::metres_const(5000.0);
        Some(GoalSplits {
            goal,
            pace,
            training_splits,
            laps_400m_track: race_laps(pace, Distance::TRACK_400),
            laps_200m_track: race_laps(pace, Distance::TRACK_200),
            bends_and_straights: bends_and_straights(per_article_metre),
            treadmill: pace.speed(),
            rep_200m,
            negative_split_400,
            threshold: PaceRange::between(mile_plus(40.0), mile_plus(50.0)),
            vo2max_5k_pace: Pace::of(five_k, vdot.time_for(five_k)).expect("positive"),
            vo2max_check: PaceRange::between(mile_plus(30.0), mile_plus(40.0)),
        })
    }

    /// The training split for a rep of `metres`, by the four-laps convention.
    pub fn training_split(&self, metres: f64) -> Option<Duration> {
        self.training_splits
            .iter()
            .find(|(d, _)| d.metres() == metres)
            .map(|&(_, t)| t)
    }
}

fn secs(value: f64) -> Duration {
    Duration::from_secs(value.max(0.0)).expect("finite")
}

/// Laps of a mile on a track of `lap` length at even `pace`; the first lap carries the
/// distance by which the mile exceeds a whole number of laps.
fn race_laps(pace: Pace, lap: Distance) -> Vec<Lap> {
    let whole_laps = (Distance::MILE.metres() / lap.metres()).floor() as u32;
    let extra = Distance::MILE.metres() - f64::from(whole_laps) * lap.metres();
    let mut covered = 0.0;
    (1..=whole_laps)
        .map(|number| {
            let length = if number == 1 {
                lap.metres() + extra
            } else {
                lap.metres()
            };
            covered += length;
            let distance = Distance::metres_const(length);
            let cumulative_distance = Distance::metres_const(covered);
            Lap {
                number,
                distance,
                cumulative_distance,
                split: pace.time_for(distance),
                cumulative: pace.time_for(cumulative_distance),
            }
        })
        .collect()
}

fn bends_and_straights(per_metre: f64) -> Vec<TrackSegment> {
    let quarter = Distance::metres_const(100.0);
    let split = secs(per_metre * 100.0);
    [
        TrackPart::Bend,
        TrackPart::Straight,
        TrackPart::Bend,
        TrackPart::Straight,
    ]
    .into_iter()
    .enumerate()
    .map(|(i, part)| TrackSegment {
        part,
        distance: quarter,
        split,
        cumulative: secs(per_metre * 100.0 * (i as f64 + 1.0)),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(text: &str) -> GoalSplits {
        GoalSplits::for_goal(text.parse().unwrap()).unwrap()
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    /// PRODUCT.md: "a 6:00 mile is 90 s per 400 m", and the other training splits in step.
    #[test]
    fn six_minute_mile_training_splits() {
        let g = goal("6:00");
        let table = [
            (100.0, 22.5),
            (200.0, 45.0),
            (300.0, 67.5),
            (400.0, 90.0),
            (600.0, 135.0),
            (800.0, 180.0),
            (1200.0, 270.0),
        ];
        for (metres, seconds) in table {
            assert_eq!(
                g.training_split(metres).unwrap().secs(),
                seconds,
                "{metres} m"
            );
        }
    }

    /// PRODUCT.md: "80 s per 400 → 38 s per 200 (2 s under half of the 400 pace)". A 5:20
    /// mile is 80 s per 400 m by the four-laps convention.
    #[test]
    fn two_hundred_rule() {
        assert_eq!(goal("5:20").rep_200m.secs(), 38.0);
        assert_eq!(goal("6:00").rep_200m.secs(), 43.0);
    }

    /// First 200 m 5 s slower than the second; the rep at goal 400 m time.
    #[test]
    fn negative_split_400s() {
        let (first, second) = goal("6:00").negative_split_400;
        assert_eq!((first.secs(), second.secs()), (47.5, 42.5));
        assert!(second.secs() < 45.0, "second half faster than goal pace");
    }

    #[test]
    fn race_laps_use_the_true_mile() {
        let g = goal("6:00");
        let laps = &g.laps_400m_track;
        assert_eq!(laps.len(), 4);
        assert!(close(laps[0].distance.metres(), 409.344, 1e-9));
        assert!(close(laps[1].split.secs(), 400.0 / 1609.344 * 360.0, 1e-9));
        assert!(close(laps[3].cumulative.secs(), 360.0, 1e-9));
        assert!(close(laps[3].cumulative_distance.metres(), 1609.344, 1e-9));
        let indoor = &g.laps_200m_track;
        assert_eq!(indoor.len(), 8);
        assert!(close(indoor[0].distance.metres(), 209.344, 1e-9));
        assert!(close(indoor[7].cumulative.secs(), 360.0, 1e-9));
    }

    /// A 6:00 mile is exactly 10 mph (3600 s per hour / 360 s per mile).
    #[test]
    fn treadmill_speed() {
        let g = goal("6:00");
        assert!(close(g.treadmill.mph(), 10.0, 1e-12));
        assert!(close(g.treadmill.km_per_h(), 16.09344, 1e-12));
    }

    #[test]
    fn threshold_and_vo2max_rules() {
        let g = goal("6:00");
        assert!(close(g.threshold.fast.secs_per_mile(), 400.0, 1e-9));
        assert!(close(g.threshold.slow.secs_per_mile(), 410.0, 1e-9));
        assert!(close(g.vo2max_check.fast.secs_per_mile(), 390.0, 1e-9));
        // The 5 km a 6:00 mile predicts by VDOT is run about 30-40 s per mile slower than the
        // mile, which is the articles' rule of thumb: the two agree.
        let five_k_per_mile = g.vo2max_5k_pace.secs_per_mile();
        assert!(
            (385.0..=405.0).contains(&five_k_per_mile),
            "{five_k_per_mile}"
        );
    }

    #[test]
    fn bends_and_straights_alternate() {
        let g = goal("6:00");
        let parts: Vec<_> = g.bends_and_straights.iter().map(|s| s.part).collect();
        assert_eq!(
            parts,
            [
                TrackPart::Bend,
                TrackPart::Straight,
                TrackPart::Bend,
                TrackPart::Straight
            ]
        );
        assert_eq!(g.bends_and_straights[3].cumulative.secs(), 90.0);
    }
}
