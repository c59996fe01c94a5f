//! Flattening: the concrete sequence of steps, with rep and set positions.

use miler_core::{Distance, Duration};
use miler_workout::budget::{MAX_STEPS, MAX_TOTAL_DURATION, TooLarge};
use miler_workout::text::parse;
use miler_workout::{
    Count, FlatStep, Item, Length, Move, MoveKind, Ramp, RepPosition, Repeat, Role, Step, StepRef,
    Track, Workout,
};

fn workout(text: &str) -> Workout {
    parse(text)
        .into_result()
        .unwrap_or_else(|e| panic!("{e:#?}"))
}

/// A flattened step as `text role positions`, e.g. `run 200m | body | 1/3 2/4`.
fn describe(flat: &FlatStep<'_>) -> String {
    let text = match flat.step {
        StepRef::Move(step) => step.to_string(),
        StepRef::Strength(step) => format!("{step:?}"),
        StepRef::Mobility(step) => format!("{step:?}"),
    };
    let role = match flat.role {
        Role::Body => "body",
        Role::Between => "between",
    };
    let positions: Vec<String> = flat
        .reps
        .iter()
        .map(|RepPosition { iteration, count }| match count {
            Some(count) => format!("{iteration}/{count}"),
            None => format!("{iteration}/?"),
        })
        .collect();
    format!("{text} | {role} | {}", positions.join(" "))
}

fn flat(text: &str) -> Vec<String> {
    workout(text)
        .flatten()
        .unwrap()
        .map(|f| describe(&f))
        .collect()
}

#[test]
fn recovery_comes_between_reps_not_after_the_last() {
    assert_eq!(
        flat("warm-up 10min easy\n3 x 800m @ 5k, recovery 2min jog\ncool-down 10min easy"),
        [
            "warm-up 10min easy | body | ",
            "run 800m @ 5k | body | 1/3",
            "jog 2min | between | 1/3",
            "run 800m @ 5k | body | 2/3",
            "jog 2min | between | 2/3",
            "run 800m @ 5k | body | 3/3",
            "cool-down 10min easy | body | ",
        ]
    );
}

#[test]
fn sets_of_reps_carry_both_positions() {
    let text = "2 x {\n  3 x 200m @ goal, recovery 30s jog\n  run 400m @ mile\n} rest 2min";
    assert_eq!(
        flat(text),
        [
            "run 200m @ goal | body | 1/2 1/3",
            "jog 30s | between | 1/2 1/3",
            "run 200m @ goal | body | 1/2 2/3",
            "jog 30s | between | 1/2 2/3",
            "run 200m @ goal | body | 1/2 3/3",
            "run 400m @ mile | body | 1/2",
            "rest 2min | between | 1/2",
            "run 200m @ goal | body | 2/2 1/3",
            "jog 30s | between | 2/2 1/3",
            "run 200m @ goal | body | 2/2 2/3",
            "jog 30s | between | 2/2 2/3",
            "run 200m @ goal | body | 2/2 3/3",
            "run 400m @ mile | body | 2/2",
        ]
    );
}

#[test]
fn until_a_mile_is_four_laps_of_bends_and_straights() {
    let text = "until 1mi {\n  jog bend\n  run straight @ sprint\n}";
    let steps = flat(text);
    assert_eq!(steps.len(), 16);
    for (i, step) in steps.iter().enumerate() {
        let expected = if i % 2 == 0 {
            format!("jog bend | body | {}/8", i / 2 + 1)
        } else {
            format!("run straight @ sprint | body | {}/8", i / 2 + 1)
        };
        assert_eq!(step, &expected);
    }
    let metres: f64 = workout(text)
        .flatten()
        .unwrap()
        .map(|f| f.nominal_distance.unwrap().metres())
        .sum();
    assert!((metres - 1600.0).abs() < 1e-9, "{metres}");
}

#[test]
fn until_uses_the_track_it_is_given() {
    // Eight laps of a 200 m indoor track make the mile.
    let indoor = Track {
        lap: Distance::TRACK_200,
        bend: Distance::from_metres(60.0).unwrap(),
        straight: Distance::from_metres(40.0).unwrap(),
    };
    let workout = workout("until 1mi {\n  jog bend\n  run straight\n}");
    assert_eq!(workout.flatten_on(indoor).unwrap().count(), 32);
}

#[test]
fn until_counts_the_step_between_iterations() {
    // 200 m on, 200 m jog: 5 reps cover 1800 m and 4 cover 1400 m; 1800 m is nearer a mile.
    let steps = flat("until 1mi {\n  run 200m\n} recovery 200m jog");
    assert_eq!(steps.iter().filter(|s| s.starts_with("run")).count(), 5);
    assert_eq!(steps.iter().filter(|s| s.starts_with("jog")).count(), 4);
    // Until a time: 3 minutes an iteration, 7 of them come nearest 20 minutes.
    let steps = flat("until 20min {\n  run 2min @ T\n  jog 1min\n}");
    assert_eq!(steps.len(), 14);
    assert_eq!(steps[13], "jog 1min | body | 7/7");
}

#[test]
fn until_with_unknown_lengths_runs_once_with_no_count() {
    assert_eq!(
        flat("until 1mi {\n  run 2min\n  jog 1min\n}"),
        ["run 2min | body | 1/?", "jog 1min | body | 1/?"]
    );
}

#[test]
fn ramps_read_as_their_first_waypoint_until_instantiated() {
    let workout = workout("6->10 x 200m, recovery 2min->30s jog");
    let reps = |w: &Workout| {
        w.flatten()
            .unwrap()
            .filter(|f| f.role == Role::Body)
            .count()
    };
    assert_eq!(reps(&workout), 6);
    assert_eq!(reps(&workout.at_step(3, 4).unwrap()), 10);
    let last = workout.at_step(3, 4).unwrap();
    let recoveries: Vec<String> = last
        .flatten()
        .unwrap()
        .filter(|f| f.role == Role::Between)
        .map(|f| describe(&f))
        .collect();
    assert_eq!(recoveries.len(), 9);
    assert!(recoveries.iter().all(|r| r.starts_with("jog 30s")));
}

/// `count x run 100m` (no recovery): exactly `count` steps once flattened.
fn reps_built_in_code(count: u32) -> Workout {
    let rep = Move::new(
        MoveKind::Run,
        Length::distance(Distance::from_metres(100.0).unwrap()),
    );
    Workout::new(vec![Item::Repeat(Repeat {
        count: Count::Times(Ramp::fixed(count)),
        body: vec![Item::Step(Step::Move(rep))],
        between: None,
        each_faster: false,
    })])
}

#[test]
fn flattening_expands_exactly_the_budget_and_refuses_one_step_more() {
    let at_limit = reps_built_in_code(MAX_STEPS as u32);
    assert_eq!(at_limit.flatten().unwrap().count() as u64, MAX_STEPS);
    // Built in code, past the parser: flattening itself refuses before the first step.
    let over = Workout::new(vec![
        Item::Repeat(match &reps_built_in_code(MAX_STEPS as u32).items[0] {
            Item::Repeat(r) => r.clone(),
            Item::Step(_) => unreachable!(),
        }),
        Item::Step(Step::Move(Move::new(MoveKind::Jog, Length::Open))),
    ]);
    assert_eq!(
        over.flatten().err(),
        Some(TooLarge::Steps {
            steps: MAX_STEPS + 1
        })
    );
}

#[test]
fn flattening_refuses_a_billion_steps_at_once() {
    // Three nested blocks of 1000: 10^9 steps, refused from the counts alone.
    let rep = reps_built_in_code(1000);
    let nest = |inner: Workout| {
        Workout::new(vec![Item::Repeat(Repeat {
            count: Count::Times(Ramp::fixed(1000)),
            body: inner.items,
            between: None,
            each_faster: false,
        })])
    };
    let huge = nest(nest(rep));
    assert_eq!(
        huge.flatten().err(),
        Some(TooLarge::Steps {
            steps: 1_000_000_000
        })
    );
}

#[test]
fn flattening_refuses_more_than_six_hours_of_timed_steps() {
    let timed = |minutes: f64, count: u32| {
        let step = Move::new(
            MoveKind::Run,
            Length::time(Duration::from_minutes(minutes).unwrap()),
        );
        Workout::new(vec![Item::Repeat(Repeat {
            count: Count::Times(Ramp::fixed(count)),
            body: vec![Item::Step(Step::Move(step))],
            between: None,
            each_faster: false,
        })])
    };
    assert_eq!(MAX_TOTAL_DURATION.secs(), 6.0 * 3600.0);
    assert_eq!(timed(60.0, 6).flatten().unwrap().count(), 6);
    assert!(matches!(
        timed(61.0, 6).flatten().err(),
        Some(TooLarge::Duration { .. })
    ));
}

#[test]
fn nominal_distances_come_from_lengths_and_track_parts() {
    let workout = workout("run 400m\nrun 2min\njog\njog straight\nsquats 3x12");
    let distances: Vec<Option<f64>> = workout
        .flatten()
        .unwrap()
        .map(|f| f.nominal_distance.map(|d| d.metres()))
        .collect();
    assert_eq!(distances, [Some(400.0), None, None, Some(84.39), None]);
}
