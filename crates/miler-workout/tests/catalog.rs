//! The catalog against the product description: every entry parses cleanly, round-trips, and
//! carries the numbers PRODUCT.md states.

use miler_core::{Distance, Duration, Pace};
use miler_workout::catalog::{self, Phase};
use miler_workout::text::{parse, print};
use miler_workout::{
    Count, Direction, Effort, Item, Length, MobilityKind, Move, MoveKind, PaceExpr, PaceTarget,
    Repeat, Role, Slope, Step, StepRef, Target, Venue, Workout,
};

/// Every id the product description names, as the brief lists them.
const REQUIRED: [&str; 26] = [
    "backwards-mile",
    "backward-easy-run",
    "repeats-200m",
    "goal-pace-400s",
    "negative-split-400s",
    "repeats-400m",
    "repeats-800m",
    "bends-and-straights",
    "jo-pavey",
    "hill-repeats",
    "downhill-strides",
    "hill-pyramid",
    "cruise-intervals",
    "threshold-10min",
    "vo2max-miles",
    "strides",
    "leg-speed",
    "easy-run",
    "long-run",
    "warm-up",
    "strength-bodyweight",
    "strength-gym",
    "mobility",
    "foam-rolling",
    "mile-time-trial",
    "time-trial-400m",
];

fn workout(id: &str) -> Workout {
    catalog::get(id)
        .unwrap_or_else(|| panic!("no catalog entry `{id}`"))
        .workout()
}

/// The first repeat at the top level: the main set of an interval session.
fn main_set(workout: &Workout) -> &Repeat {
    workout
        .items
        .iter()
        .find_map(|item| match item {
            Item::Repeat(repeat) => Some(repeat),
            Item::Step(_) => None,
        })
        .expect("a repeat")
}

fn rep(repeat: &Repeat) -> &Move {
    match repeat.body.as_slice() {
        [Item::Step(Step::Move(step))] => step,
        other => panic!("expected one move in the repeat, found {other:?}"),
    }
}

fn counts(repeat: &Repeat) -> Vec<u32> {
    match &repeat.count {
        Count::Times(ramp) => ramp.waypoints().to_vec(),
        Count::Until(cover) => panic!("expected a count, found until {cover:?}"),
    }
}

/// A length as plain numbers, so table rows stay short.
#[derive(Debug, PartialEq)]
enum Len {
    Metres(Vec<f64>),
    Secs(Vec<f64>),
    Open,
}

fn len(length: &Length) -> Len {
    match length {
        Length::Open => Len::Open,
        Length::Distance { ramp, .. } => {
            Len::Metres(ramp.waypoints().iter().map(|d| d.metres()).collect())
        }
        Length::Time { ramp, .. } => Len::Secs(ramp.waypoints().iter().map(|t| t.secs()).collect()),
    }
}

fn m(values: &[f64]) -> Len {
    Len::Metres(values.to_vec())
}

fn s(values: &[f64]) -> Len {
    Len::Secs(values.to_vec())
}

fn target_text(step: &Move) -> Option<String> {
    step.target.as_ref().map(Target::to_string)
}

#[test]
fn every_entry_parses_without_a_diagnostic_and_round_trips() {
    let mut seen = std::collections::HashSet::new();
    for entry in catalog::entries() {
        assert!(seen.insert(entry.id), "duplicate id {}", entry.id);
        assert!(
            entry
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{} is not kebab-case",
            entry.id
        );
        for (field, value) in [
            ("title", entry.title),
            ("purpose", entry.purpose),
            ("progression", entry.progression),
        ] {
            assert!(!value.trim().is_empty(), "{} has no {field}", entry.id);
        }
        // Sources name the articles, and never a document the runner cannot read.
        assert!(
            entry.source.starts_with("Mile-training articles"),
            "{}: {}",
            entry.id,
            entry.source
        );
        assert!(
            !entry.source.contains(".md"),
            "{}: {}",
            entry.id,
            entry.source
        );
        let parsed = parse(entry.text);
        assert!(
            parsed.diagnostics().is_empty(),
            "{}: {:#?}",
            entry.id,
            parsed.diagnostics()
        );
        let workout = parsed.workout();
        let printed = print(workout);
        assert_eq!(
            &parse(&printed).into_result().unwrap(),
            workout,
            "{}",
            entry.id
        );
        assert_eq!(print(&parse(&printed).into_result().unwrap()), printed);
        // Every ramp can be instantiated at the ends of a cycle.
        for n in [1, 2, 5, 12] {
            for k in [0, n - 1] {
                let session = workout.at_step(k, n).unwrap();
                assert!(!session.has_progression(), "{} at {k} of {n}", entry.id);
            }
        }
        assert!(workout.flatten().unwrap().count() > 0, "{}", entry.id);
    }
}

#[test]
fn the_catalog_holds_every_workout_the_product_names() {
    for id in REQUIRED {
        assert!(catalog::get(id).is_some(), "missing `{id}`");
    }
    assert!(catalog::get("no-such-workout").is_none());
}

#[test]
fn phases_and_hard_days_are_as_planned() {
    use Phase::*;
    let table = [
        ("backwards-mile", Strength, true),
        ("backward-easy-run", Base, false),
        ("repeats-200m", Quality, true),
        ("goal-pace-400s", RaceSpecific, true),
        ("negative-split-400s", RaceSpecific, true),
        ("repeats-400m", Quality, true),
        ("sharpening-400s", Taper, true),
        ("race-sharpener", Taper, true),
        ("repeats-800m", Quality, true),
        ("bends-and-straights", Quality, true),
        ("jo-pavey", Quality, true),
        ("hill-repeats", Strength, true),
        ("hill-repeats-timed", Strength, true),
        ("downhill-strides", Strength, false),
        ("hill-pyramid", Strength, true),
        ("cruise-intervals", Quality, true),
        ("threshold-10min", Quality, true),
        ("vo2max-miles", Quality, true),
        ("strides", Any, false),
        ("leg-speed", Any, false),
        ("walk-run", Base, false),
        ("easy-run", Any, false),
        ("long-run", Any, false),
        ("warm-up", Any, false),
        ("strength-bodyweight", Base, false),
        ("strength-gym", Strength, true),
        ("glute-activation", Any, false),
        ("mobility", Any, false),
        ("foam-rolling", Any, false),
        ("mile-time-trial", Any, true),
        ("time-trial-400m", Any, true),
        ("mile-race", Any, true),
    ];
    assert_eq!(
        table.len(),
        catalog::entries().len(),
        "every entry is in the table"
    );
    for (id, phase, hard) in table {
        let entry = catalog::get(id).unwrap();
        assert_eq!((entry.phase, entry.hard), (phase, hard), "{id}");
    }
}

/// One row per interval session: reps, rep length, target, and the step between reps.
struct MainSet {
    id: &'static str,
    reps: &'static [u32],
    kind: MoveKind,
    length: Len,
    target: Option<&'static str>,
    between: (MoveKind, Len),
    each_faster: bool,
}

#[test]
fn main_sets_have_the_numbers_the_product_states() {
    use MoveKind::*;
    let table = [
        // 200 m repeats: 6-10 reps, 2 min jog shrinking to 30 s, 2 s under half the 400 pace.
        MainSet {
            id: "repeats-200m",
            reps: &[6, 10],
            kind: Run,
            length: m(&[200.0]),
            target: Some("goal-2s/200m"),
            between: (Jog, s(&[120.0, 30.0])),
            each_faster: false,
        },
        // 400 m at goal pace, recovery from 2:00 down to 0:30.
        MainSet {
            id: "goal-pace-400s",
            reps: &[4],
            kind: Run,
            length: m(&[400.0]),
            target: Some("goal-2s/400m..goal"),
            between: (Jog, s(&[120.0, 30.0])),
            each_faster: false,
        },
        // Early cycle: 8-12 x 400 m somewhat slower than goal pace.
        MainSet {
            id: "repeats-400m",
            reps: &[8, 12],
            kind: Run,
            length: m(&[400.0]),
            target: Some("slower than goal"),
            between: (Jog, Len::Open),
            each_faster: false,
        },
        // Near the race: 4 x 400 m at or faster than goal pace.
        MainSet {
            id: "sharpening-400s",
            reps: &[4],
            kind: Run,
            length: m(&[400.0]),
            target: Some("goal or faster"),
            between: (Jog, Len::Open),
            each_faster: false,
        },
        // 4-6 x 800 m faster than goal pace, 90 s recovery, each faster than the last.
        MainSet {
            id: "repeats-800m",
            reps: &[4, 6],
            kind: Run,
            length: m(&[800.0]),
            target: Some("faster than goal"),
            between: (Jog, s(&[90.0])),
            each_faster: true,
        },
        // 6-10 x ~100 m up a steep hill at race-pace effort, jog down.
        MainSet {
            id: "hill-repeats",
            reps: &[6, 10],
            kind: Run,
            length: m(&[100.0]),
            target: Some("mile effort"),
            between: (Jog, Len::Open),
            each_faster: false,
        },
        // Or 6-8 x 30-60 s uphill, jog-down recovery.
        MainSet {
            id: "hill-repeats-timed",
            reps: &[6, 8],
            kind: Run,
            length: s(&[30.0, 60.0]),
            target: None,
            between: (Jog, Len::Open),
            each_faster: false,
        },
        MainSet {
            id: "downhill-strides",
            reps: &[6, 10],
            kind: Stride,
            length: m(&[100.0]),
            target: Some("fast"),
            between: (Walk, Len::Open),
            each_faster: false,
        },
        // 6 x 4 min with 1 min rest, building to 3 x 10 min or 2 x 15 min, comfortably hard.
        MainSet {
            id: "cruise-intervals",
            reps: &[6, 3, 2],
            kind: Run,
            length: s(&[240.0, 600.0, 900.0]),
            target: Some("comfortably hard"),
            between: (Rest, s(&[60.0])),
            each_faster: false,
        },
        // 3-4 x 10 min at 40-50 s per mile slower than mile race pace.
        MainSet {
            id: "threshold-10min",
            reps: &[3, 4],
            kind: Run,
            length: s(&[600.0]),
            target: Some("mile+40s/mi..mile+50s/mi"),
            between: (Jog, Len::Open),
            each_faster: false,
        },
        // Repeats of one mile at 5 km race pace.
        MainSet {
            id: "vo2max-miles",
            reps: &[3],
            kind: Run,
            length: m(&[Distance::MILE.metres()]),
            target: Some("5k"),
            between: (Jog, Len::Open),
            each_faster: false,
        },
        // Strides after easy runs: 6-10 x 15-20 s (Daniels; the 8-12 x 15-30 s is the
        // leg-speed session below).
        MainSet {
            id: "strides",
            reps: &[6, 10],
            kind: Stride,
            length: s(&[15.0, 20.0]),
            target: Some("fast"),
            between: (Walk, Len::Open),
            each_faster: false,
        },
        // ... with 4-6 min easy running between.
        MainSet {
            id: "leg-speed",
            reps: &[8, 12],
            kind: Stride,
            length: s(&[15.0, 30.0]),
            target: Some("fast"),
            between: (Run, s(&[360.0, 240.0])),
            each_faster: false,
        },
        // A few minutes backward at a time inside an easy run, increased as it feels fine.
        MainSet {
            id: "backward-easy-run",
            reps: &[3],
            kind: Run,
            length: s(&[120.0, 240.0]),
            target: Some("easy"),
            between: (Run, s(&[300.0])),
            each_faster: false,
        },
    ];
    for row in table {
        let workout = workout(row.id);
        let set = main_set(&workout);
        let step = rep(set);
        assert_eq!(counts(set), row.reps, "{}: reps", row.id);
        assert_eq!(step.kind, row.kind, "{}: kind", row.id);
        assert_eq!(len(&step.length), row.length, "{}: rep length", row.id);
        assert_eq!(
            target_text(step).as_deref(),
            row.target,
            "{}: target",
            row.id
        );
        let between = set.between.as_ref().expect("a step between reps");
        assert_eq!(
            (between.kind, len(&between.length)),
            row.between,
            "{}: between reps",
            row.id
        );
        assert_eq!(set.each_faster, row.each_faster, "{}: each faster", row.id);
    }
}

#[test]
fn terrain_and_direction_are_as_described() {
    let hills = workout("hill-repeats");
    let set = main_set(&hills);
    assert!(matches!(
        rep(set).slope,
        Slope::Uphill(miler_workout::Grade::Steep)
    ));
    assert!(matches!(
        &rep(set).length,
        Length::Distance { approx: true, .. }
    ));
    assert!(matches!(
        set.between.as_ref().unwrap().slope,
        Slope::Downhill(_)
    ));
    // The hill repeats come after 30 minutes of jogging.
    match &hills.items[0] {
        Item::Step(Step::Move(first)) => assert_eq!(len(&first.length), s(&[1800.0])),
        other => panic!("{other:?}"),
    }
    let downhill = workout("downhill-strides");
    assert!(matches!(
        rep(main_set(&downhill)).slope,
        Slope::Downhill(miler_workout::Grade::Gentle)
    ));
    let backward = workout("backward-easy-run");
    assert_eq!(rep(main_set(&backward)).direction, Direction::Backward);
}

/// The flattened steps of a workout without its warm-up and cool-down routine.
fn main_part(workout: &Workout) -> Vec<String> {
    workout
        .flatten()
        .unwrap()
        .filter_map(|flat| match flat.step {
            StepRef::Move(step) if !matches!(step.kind, MoveKind::WarmUp | MoveKind::CoolDown) => {
                Some(step.to_string())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn jo_pavey_is_exactly_as_listed() {
    // 3 x 800 m (2 min rec), 3 min rest, 3 x 400 m (90 s rec), 5 min rest, 10 min tempo,
    // 5 min rest, 4 x 200 m (60 s rec).
    let expected = [
        "run 800m @ 5k",
        "jog 2min",
        "run 800m @ 5k",
        "jog 2min",
        "run 800m @ 5k",
        "rest 3min",
        "run 400m @ 5k",
        "jog 90s",
        "run 400m @ 5k",
        "jog 90s",
        "run 400m @ 5k",
        "rest 5min",
        "run 10min @ comfortably hard",
        "rest 5min",
        "run 200m @ 5k",
        "jog 1min",
        "run 200m @ 5k",
        "jog 1min",
        "run 200m @ 5k",
        "jog 1min",
        "run 200m @ 5k",
    ];
    assert_eq!(main_part(&workout("jo-pavey")), expected);
}

#[test]
fn hill_pyramid_climbs_and_descends_at_80_percent() {
    let workout = workout("hill-pyramid");
    let ups: Vec<f64> = workout
        .flatten()
        .unwrap()
        .filter_map(|flat| match flat.step {
            StepRef::Move(step) if matches!(step.slope, Slope::Uphill(_)) => {
                assert_eq!(step.target, Some(Target::Effort(Effort::Percent(80))));
                match len(&step.length) {
                    Len::Secs(secs) => Some(secs[0]),
                    other => panic!("{other:?}"),
                }
            }
            _ => None,
        })
        .collect();
    assert_eq!(ups, [20.0, 30.0, 40.0, 60.0, 40.0, 30.0, 20.0]);
    let downs = main_part(&workout)
        .iter()
        .filter(|step| *step == "jog downhill")
        .count();
    assert_eq!(downs, 6, "a jog down between every two climbs");
}

#[test]
fn backwards_mile_is_four_alternating_quarters() {
    let workout = workout("backwards-mile");
    let quarters: Vec<(Direction, f64)> = workout
        .flatten()
        .unwrap()
        .filter_map(|flat| match flat.step {
            StepRef::Move(step) if step.kind == MoveKind::Run => {
                Some((step.direction, flat.nominal_distance.unwrap().metres()))
            }
            _ => None,
        })
        .collect();
    let quarter = Distance::MILE.metres() / 4.0;
    assert_eq!(
        quarters,
        [
            (Direction::Backward, quarter),
            (Direction::Forward, quarter),
            (Direction::Backward, quarter),
            (Direction::Forward, quarter),
        ]
    );
    let total: f64 = quarters.iter().map(|(_, metres)| metres).sum();
    assert_eq!(total, Distance::MILE.metres(), "one continuous mile");
    let set = main_set(&workout);
    assert!(set.between.is_none(), "no recovery: the mile is continuous");
}

#[test]
fn bends_and_straights_cover_a_mile_then_rest_and_repeat() {
    let workout = workout("bends-and-straights");
    let steps: Vec<String> = main_part(&workout);
    let lap = ["jog bend", "run straight @ sprint"].repeat(8);
    let mut expected = lap.clone();
    expected.push("rest 3min");
    expected.extend(lap);
    assert_eq!(steps, expected);
    let set: f64 = workout
        .flatten()
        .unwrap()
        .filter(|flat| {
            matches!(flat.step, StepRef::Move(step) if matches!(step.venue, Venue::Track(Some(_))))
        })
        .take(16)
        .filter_map(|flat| flat.nominal_distance)
        .map(|d| d.metres())
        .sum();
    assert!((set - 1600.0).abs() < 1e-9, "four laps: {set}");
}

#[test]
fn negative_split_halves_are_five_seconds_apart_and_finish_faster_than_goal() {
    let workout = workout("negative-split-400s");
    let set = main_set(&workout);
    let halves: Vec<&Move> = set
        .body
        .iter()
        .map(|item| match item {
            Item::Step(Step::Move(step)) => step,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(halves.len(), 2);
    // For a 6:00 goal (90 s per 400 m, 45 s per 200 m) the halves are 47.5 s and 42.5 s.
    let goal = Pace::of(Distance::TRACK_400, Duration::from_secs(90.0).unwrap()).unwrap();
    let half = Distance::TRACK_200;
    let times: Vec<f64> = halves
        .iter()
        .map(|step| {
            assert_eq!(len(&step.length), m(&[200.0]));
            match &step.target {
                Some(Target::Pace(PaceTarget::At(PaceExpr::Relative(relative)))) => {
                    relative.apply(goal).unwrap().time_for(half).secs()
                }
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert!((times[0] - times[1] - 5.0).abs() < 1e-9, "{times:?}");
    assert!(
        times[1] < goal.time_for(half).secs(),
        "second half faster than goal"
    );
}

#[test]
fn targets_resolve_to_the_paces_the_product_gives() {
    // 200 m repeats: 80 s per 400 m now gives 38 s per 200 m.
    let step = rep(main_set(&workout("repeats-200m"))).clone();
    let current_400 = Pace::of(Distance::TRACK_400, Duration::from_secs(80.0).unwrap()).unwrap();
    let Some(Target::Pace(PaceTarget::At(PaceExpr::Relative(relative)))) = step.target else {
        panic!("{:?}", step.target)
    };
    let per_200 = relative
        .apply(current_400)
        .unwrap()
        .time_for(Distance::TRACK_200);
    assert!((per_200.secs() - 38.0).abs() < 1e-9, "{per_200:?}");

    // Threshold: a 6:00 mile gives 6:40 to 6:50 per mile.
    let step = rep(main_set(&workout("threshold-10min"))).clone();
    let mile = Pace::from_secs_per_mile(360.0).unwrap();
    let Some(Target::Pace(PaceTarget::Band(PaceExpr::Relative(low), PaceExpr::Relative(high)))) =
        step.target
    else {
        panic!("{:?}", step.target)
    };
    let low = low.apply(mile).unwrap().secs_per_mile();
    let high = high.apply(mile).unwrap().secs_per_mile();
    assert!(
        (low - 400.0).abs() < 1e-9 && (high - 410.0).abs() < 1e-9,
        "{low} {high}"
    );
}

#[test]
fn progressions_instantiate_at_each_end_of_the_cycle() {
    let recovery = |workout: &Workout| -> f64 {
        match len(&main_set(workout).between.as_ref().unwrap().length) {
            Len::Secs(secs) => {
                assert_eq!(secs.len(), 1, "instantiated");
                secs[0]
            }
            other => panic!("{other:?}"),
        }
    };
    let goal_400s = workout("goal-pace-400s");
    assert_eq!(recovery(&goal_400s.at_step(0, 6).unwrap()), 120.0);
    assert_eq!(recovery(&goal_400s.at_step(5, 6).unwrap()), 30.0);
    assert_eq!(recovery(&goal_400s.at_step(2, 4).unwrap()), 60.0);

    let cruise = workout("cruise-intervals");
    let sessions: Vec<(Vec<u32>, Len)> = (0..3)
        .map(|k| {
            let session = cruise.at_step(k, 3).unwrap();
            let set = main_set(&session);
            (counts(set), len(&rep(set).length))
        })
        .collect();
    assert_eq!(
        sessions,
        [
            (vec![6], s(&[240.0])),
            (vec![3], s(&[600.0])),
            (vec![2], s(&[900.0]))
        ]
    );

    let repeats = workout("repeats-200m");
    let last = repeats.at_step(9, 10).unwrap();
    assert_eq!(counts(main_set(&last)), [10]);
    assert_eq!(recovery(&last), 30.0);
    let first = repeats.at_step(0, 10).unwrap();
    assert_eq!(counts(main_set(&first)), [6]);
    assert_eq!(recovery(&first), 120.0);
}

#[test]
fn runs_and_routines_have_their_minutes() {
    let single = |id: &str| -> Len {
        match &workout(id).items[..] {
            [Item::Step(Step::Move(step))] => len(&step.length),
            other => panic!("{id}: {other:?}"),
        }
    };
    assert_eq!(single("easy-run"), s(&[1800.0, 2700.0]));
    assert_eq!(single("long-run"), s(&[3600.0, 5400.0]));

    // Warm-up: 15 min easy jog, stretch, 5 min jog; stretches held 30 s.
    let warm_up = workout("warm-up");
    let moves: Vec<String> = main_part_with_warm_up(&warm_up);
    assert_eq!(moves.first().unwrap(), "warm-up 15min easy");
    assert_eq!(moves.last().unwrap(), "warm-up 5min easy");
    for id in ["warm-up", "mobility"] {
        let holds: Vec<(String, f64)> = workout(id)
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Step(Step::Mobility(stretch)) => {
                    assert_eq!(stretch.kind, MobilityKind::Stretch);
                    Some((stretch.area.clone().unwrap(), stretch.time.unwrap().secs()))
                }
                _ => None,
            })
            .collect();
        let areas: Vec<&str> = holds.iter().map(|(area, _)| area.as_str()).collect();
        assert_eq!(
            areas,
            ["hamstrings", "glutes", "calves", "groin", "hips", "quads"],
            "{id}"
        );
        assert!(holds.iter().all(|(_, secs)| *secs == 30.0), "{id}");
    }

    // Every hard track session starts with the standard warm-up.
    for id in [
        "backwards-mile",
        "repeats-200m",
        "goal-pace-400s",
        "negative-split-400s",
        "repeats-400m",
        "sharpening-400s",
        "repeats-800m",
        "bends-and-straights",
        "jo-pavey",
        "hill-pyramid",
        "cruise-intervals",
        "threshold-10min",
        "vo2max-miles",
        "mile-time-trial",
        "time-trial-400m",
    ] {
        let text: Vec<String> = workout(id)
            .items
            .iter()
            .take(3)
            .map(|item| match item {
                Item::Step(step) => step.to_string(),
                Item::Repeat(_) => "repeat".into(),
            })
            .collect();
        assert_eq!(
            text,
            ["warm-up 15min easy", "stretch", "warm-up 5min easy"],
            "{id}"
        );
    }
}

fn main_part_with_warm_up(workout: &Workout) -> Vec<String> {
    workout
        .flatten()
        .unwrap()
        .filter_map(|flat| match flat.step {
            StepRef::Move(step) => Some(step.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn strength_names_the_exercises_the_product_lists() {
    let exercises = |id: &str| -> Vec<String> {
        workout(id)
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Step(Step::Strength(exercise)) => Some(exercise.exercise.clone()),
                _ => None,
            })
            .collect()
    };
    let bodyweight = exercises("strength-bodyweight");
    for name in [
        "squats",
        "lunges",
        "calf raises",
        "glute bridges",
        "jump squats",
    ] {
        assert!(
            bodyweight.iter().any(|e| e == name),
            "bodyweight lacks {name}"
        );
    }
    assert_eq!(
        exercises("strength-gym"),
        ["squats", "cleans", "deadlifts", "single-leg deadlifts"]
    );
    assert!(
        catalog::get("glute-activation")
            .unwrap()
            .text
            .contains("@ band")
    );
}

#[test]
fn time_trials_are_recorded_efforts_on_the_track() {
    for (id, metres) in [
        ("mile-time-trial", Distance::MILE.metres()),
        ("time-trial-400m", 400.0),
    ] {
        let trial = workout(id)
            .flatten()
            .unwrap()
            .find_map(|flat| match flat.step {
                StepRef::Move(step) if step.kind == MoveKind::TimeTrial => Some(step.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(len(&trial.length), m(&[metres]), "{id}");
        assert_eq!(trial.venue, Venue::Track(None), "{id}");
    }
}

#[test]
fn between_steps_are_tagged_as_such_when_flattened() {
    let workout = workout("goal-pace-400s");
    let flat: Vec<_> = workout.flatten().unwrap().collect();
    let roles: Vec<Role> = flat
        .iter()
        .filter(|step| !step.reps.is_empty())
        .map(|step| step.role)
        .collect();
    assert_eq!(
        roles,
        [
            Role::Body,
            Role::Between,
            Role::Body,
            Role::Between,
            Role::Body,
            Role::Between,
            Role::Body
        ]
    );
}
