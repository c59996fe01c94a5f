//! Resolution: catalog workouts made exact for athletes, checked against the numbers the
//! mile articles give (PRODUCT.md) and the published energy factors.

use miler_core::Performance;
use miler_core::agegrade::Sex;
use miler_workout::resolve::{
    AthletePaces, ResolveError, Resolved, ResolvedStep, ResolvedTarget, StepKind, resolve,
};
use miler_workout::{Direction, MoveKind, Role, catalog};

fn goal(text: &str) -> AthletePaces {
    AthletePaces::from_goal(text.parse().unwrap())
}

fn resolved(id: &str, athlete: &AthletePaces, step: Option<(u32, u32)>) -> Resolved {
    let mut workout = catalog::get(id).unwrap().workout();
    if let Some((k, n)) = step {
        workout = workout.at_step(k, n).unwrap();
    }
    resolve(&workout, athlete).unwrap()
}

fn runs(r: &Resolved) -> Vec<&ResolvedStep> {
    r.steps
        .iter()
        .filter(|s| {
            matches!(
                s.kind,
                StepKind::Move {
                    kind: MoveKind::Run,
                    ..
                }
            )
        })
        .collect()
}

fn between(r: &Resolved) -> Vec<f64> {
    r.steps
        .iter()
        .filter(|s| s.role == Role::Between)
        .map(|s| s.time.map_or(f64::NAN, |t| t.secs()))
        .collect()
}

fn rep_times(step: &ResolvedStep) -> (f64, f64) {
    let (fast, slow) = step.rep_time.expect("a rep with a time band");
    (fast.secs(), slow.secs())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// "400 m repeats at goal pace (e.g. 90 s for a 6:00 goal), recovery from 2:00 down to 0:30."
#[test]
fn goal_pace_400s_for_a_six_minute_goal() {
    let athlete = goal("6:00");
    let first = resolved("goal-pace-400s", &athlete, Some((0, 6)));
    let reps = runs(&first);
    assert_eq!(reps.len(), 4);
    for rep in &reps {
        let (fast, slow) = rep_times(rep);
        assert!(
            close(fast, 88.0) && close(slow, 90.0),
            "88-90 s, got {fast}-{slow}"
        );
    }
    assert_eq!(between(&first), [120.0, 120.0, 120.0]);
    let last = resolved("goal-pace-400s", &athlete, Some((5, 6)));
    assert_eq!(between(&last), [30.0, 30.0, 30.0]);
}

/// "80 s per 400 → 38 s per 200"; a 6:00 goal (90 s per 400 m) gives 43 s.
#[test]
fn repeats_200m_follow_the_two_second_rule() {
    for (goal_mile, per_200) in [("5:20", 38.0), ("6:00", 43.0), ("9:00", 65.5)] {
        let r = resolved("repeats-200m", &goal(goal_mile), Some((0, 5)));
        let reps = runs(&r);
        assert_eq!(reps.len(), 6);
        let (fast, slow) = rep_times(reps[0]);
        assert!(
            close(fast, per_200) && close(slow, per_200),
            "{goal_mile}: {fast}"
        );
    }
}

/// The backwards mile for a 9:00 goal: four quarter miles, backward and forward in turn, each
/// at goal-pace effort; backward at the same effort is 35 % slower (Wright & Weyand 2001).
#[test]
fn backwards_mile_for_a_nine_minute_goal() {
    let r = resolved("backwards-mile", &goal("9:00"), None);
    let quarters = runs(&r);
    let directions: Vec<Direction> = quarters
        .iter()
        .map(|s| match s.kind {
            StepKind::Move { direction, .. } => direction,
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        directions,
        [
            Direction::Backward,
            Direction::Forward,
            Direction::Backward,
            Direction::Forward
        ]
    );
    let forward_split = 540.0 * 402.336 / 1600.0;
    for q in &quarters {
        assert!(close(q.distance.unwrap().metres(), 402.336));
        let (split, _) = rep_times(q);
        let expected = match q.kind {
            StepKind::Move {
                direction: Direction::Backward,
                ..
            } => forward_split * 1.35,
            _ => forward_split,
        };
        assert!(close(split, expected), "{split} vs {expected}");
        // Energy per metre backward is 1.35 times forward.
        let per_metre = q.kcal_per_kg / q.estimated_distance.metres();
        let forward_per_metre = 3.6 / 4184.0;
        let factor = if matches!(
            q.kind,
            StepKind::Move {
                direction: Direction::Backward,
                ..
            }
        ) {
            1.35
        } else {
            1.0
        };
        assert!(close(per_metre, forward_per_metre * factor));
    }
}

/// Threshold: "3-4 x 10 min at 40-50 s per mile slower than mile race pace".
#[test]
fn threshold_reps_are_mile_pace_plus_40_to_50() {
    let r = resolved("threshold-10min", &goal("6:00"), Some((0, 2)));
    let reps = runs(&r);
    assert_eq!(reps.len(), 3);
    let Some(ResolvedTarget::Pace { fast, slow, .. }) = &reps[0].target else {
        panic!()
    };
    assert!(close(fast.secs_per_mile(), 400.0) && close(slow.secs_per_mile(), 410.0));
    assert_eq!(reps[0].time.unwrap().secs(), 600.0);
}

/// VO2max: "repeats of one mile at 5 km race pace": from a 24:00 5 km, 7:43.5 per mile.
#[test]
fn vo2max_miles_at_five_k_pace_from_a_result() {
    let five_k: Performance = "5k=24:00".parse().unwrap();
    let athlete = AthletePaces::from_results(&[five_k], None, Sex::Male).unwrap();
    let r = resolved("vo2max-miles", &athlete, None);
    let reps = runs(&r);
    assert_eq!(reps.len(), 3);
    let (fast, slow) = rep_times(reps[0]);
    assert!(close(fast, 1440.0 / 5000.0 * 1609.344) && close(slow, fast));
    assert!(
        r.basis.iter().any(|b| b.contains("5k=24:00")),
        "{:?}",
        r.basis
    );
}

/// Negative-split 400s: first 200 m 5 s slower than the second, second half faster than goal.
#[test]
fn negative_split_halves() {
    let r = resolved("negative-split-400s", &goal("6:00"), None);
    let reps = runs(&r);
    assert_eq!(reps.len(), 12);
    let (first, second) = (rep_times(reps[0]).0, rep_times(reps[1]).0);
    assert!(close(first - second, 5.0) && second < 45.0 && close(first + second, 90.0));
}

/// Every catalog workout resolves for a 6:00 and a 9:00 goal miler, with a positive total
/// time, and a faster goal never makes the session's running slower.
#[test]
fn every_catalog_workout_resolves_for_two_goals() {
    for entry in catalog::entries() {
        let fast = resolved(entry.id, &goal("6:00"), None);
        let slow = resolved(entry.id, &goal("9:00"), None);
        assert!(fast.total_time.secs() > 0.0, "{}", entry.id);
        assert!(!fast.steps.is_empty(), "{}", entry.id);
        for (a, b) in fast.steps.iter().zip(&slow.steps) {
            if let (Some((a, _)), Some((b, _))) = (a.rep_time, b.rep_time) {
                assert!(
                    a.secs() < b.secs(),
                    "{}: a 6:00 goal's reps are faster",
                    entry.id
                );
            }
        }
        assert!(fast.load >= 0.0 && fast.kcal_per_kg >= 0.0);
    }
}

/// Totals add up: the goal-pace 400s at the first step for a 6:00 goal cover the warm-up
/// (20 min at E pace), four 400 m reps, three 2 min jogs and a 10 min cool-down.
#[test]
fn totals_are_the_sum_of_the_steps() {
    let r = resolved("goal-pace-400s", &goal("6:00"), Some((0, 6)));
    let time: f64 = r.steps.iter().map(|s| s.estimated_time.secs()).sum();
    let distance: f64 = r.steps.iter().map(|s| s.estimated_distance.metres()).sum();
    assert!(close(r.total_time.secs(), time));
    assert!(close(r.total_distance.metres(), distance));
    let reps: f64 = runs(&r).iter().map(|s| s.estimated_time.secs()).sum();
    assert!(
        close(reps, 4.0 * 89.0),
        "reps run at the middle of the band"
    );
    assert!(r.total_time.secs() > (20.0 + 6.0 + 10.0) * 60.0);
}

#[test]
fn an_athlete_needs_a_goal_or_a_result() {
    assert_eq!(
        AthletePaces::from_results(&[], None, Sex::Female).unwrap_err(),
        ResolveError::NoPaces
    );
    let implausible: Performance = "5k=1:00".parse().unwrap();
    assert!(AthletePaces::from_results(&[implausible], None, Sex::Male).is_err());
}
