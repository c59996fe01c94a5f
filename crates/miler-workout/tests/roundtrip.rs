//! Property tests: printing is canonical and `parse(print(w)) == w` for arbitrary workouts, and
//! the parser never panics on arbitrary text, while whatever it reads cleanly round-trips.

use miler_core::{Distance, Duration};
use miler_workout::budget::{MAX_STEPS, MAX_TOTAL_DURATION};
use miler_workout::text::{DiagnosticKind, parse, print};
use miler_workout::{
    AbsolutePace, Count, Cover, Direction, Dose, Effort, Feel, Grade, Item, Length, Load, Mobility,
    MobilityKind, Move, MoveKind, PaceExpr, PaceOffset, PaceRef, PaceTarget, Ramp, RelativePace,
    Repeat, Sign, Slope, Step, StepRef, Strength, Target, TrackPart, Venue, Workout, Zone,
};
use proptest::prelude::*;

fn metres(m: f64) -> Distance {
    Distance::from_metres(m).unwrap()
}

fn secs(s: f64) -> Duration {
    Duration::from_secs(s).unwrap()
}

fn distance() -> BoxedStrategy<Distance> {
    prop_oneof![
        (1u32..50_000).prop_map(|m| metres(f64::from(m))),
        (1u32..40).prop_map(|quarters| metres(f64::from(quarters) * Distance::MILE.metres() / 4.0)),
        (1u32..40).prop_map(|km| metres(f64::from(km) * 1000.0)),
        (0.001f64..100_000.0).prop_map(metres),
    ]
    .boxed()
}

fn duration() -> BoxedStrategy<Duration> {
    prop_oneof![
        (1u32..20_000).prop_map(|s| secs(f64::from(s))),
        (1u32..300).prop_map(|min| secs(f64::from(min) * 60.0)),
        (0.001f64..20_000.0).prop_map(secs),
    ]
    .boxed()
}

fn ramp<T: Copy + std::fmt::Debug + 'static>(
    values: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Ramp<T>> {
    prop::collection::vec(values, 1..4)
        .prop_map(|waypoints| Ramp::through(waypoints).unwrap())
        .boxed()
}

fn length() -> BoxedStrategy<Length> {
    prop_oneof![
        Just(Length::Open),
        (ramp(distance()), any::<bool>())
            .prop_map(|(ramp, approx)| Length::Distance { ramp, approx }),
        (ramp(duration()), any::<bool>()).prop_map(|(ramp, approx)| Length::Time { ramp, approx }),
    ]
    .boxed()
}

fn zone() -> BoxedStrategy<Zone> {
    prop_oneof![
        Just(Zone::E),
        Just(Zone::M),
        Just(Zone::T),
        Just(Zone::I),
        Just(Zone::R)
    ]
    .boxed()
}

fn reference() -> BoxedStrategy<PaceRef> {
    prop_oneof![
        Just(PaceRef::Goal),
        Just(PaceRef::CURRENT_MILE),
        distance().prop_map(PaceRef::Race),
        zone().prop_map(PaceRef::Daniels),
    ]
    .boxed()
}

fn pace() -> BoxedStrategy<PaceExpr> {
    let sign = prop_oneof![Just(Sign::Slower), Just(Sign::Faster)];
    let offset =
        (sign, duration(), distance()).prop_map(|(sign, time, per)| PaceOffset { sign, time, per });
    prop_oneof![
        (duration(), distance())
            .prop_map(|(time, per)| PaceExpr::Absolute(AbsolutePace { time, per })),
        (reference(), prop::option::of(offset))
            .prop_map(|(reference, offset)| PaceExpr::Relative(RelativePace { reference, offset })),
    ]
    .boxed()
}

fn feel() -> BoxedStrategy<Feel> {
    prop_oneof![
        Just(Feel::Easy),
        Just(Feel::Moderate),
        Just(Feel::Steady),
        Just(Feel::ComfortablyHard),
        Just(Feel::Hard),
        Just(Feel::Fast),
        Just(Feel::Sprint),
        Just(Feel::AllOut),
    ]
    .boxed()
}

fn target() -> BoxedStrategy<Target> {
    prop_oneof![
        pace().prop_map(|p| Target::Pace(PaceTarget::At(p))),
        (pace(), pace()).prop_map(|(a, b)| Target::Pace(PaceTarget::Band(a, b))),
        (pace(), any::<bool>())
            .prop_map(|(than, inclusive)| Target::Pace(PaceTarget::Faster { than, inclusive })),
        (pace(), any::<bool>())
            .prop_map(|(than, inclusive)| Target::Pace(PaceTarget::Slower { than, inclusive })),
        (1u8..=100).prop_map(|p| Target::Effort(Effort::Percent(p))),
        (0u8..=10).prop_map(|r| Target::Effort(Effort::Rpe(r))),
        feel().prop_map(|f| Target::Effort(Effort::Feel(f))),
        reference().prop_map(|r| Target::Effort(Effort::Race(r))),
    ]
    .boxed()
}

fn note() -> BoxedStrategy<Option<String>> {
    prop::option::of(
        prop::sample::select(vec![
            "start facing away from the line; glance over the shoulder",
            "record each time",
            "keep it easy, about 5 s per lap slower",
            "# not a comment",
            "x 3 @ goal -> {fast}",
        ])
        .prop_map(str::to_owned),
    )
    .boxed()
}

fn grade() -> BoxedStrategy<Grade> {
    prop_oneof![
        Just(Grade::Any),
        Just(Grade::Gentle),
        Just(Grade::Steep),
        (0.001f64..=100.0).prop_map(Grade::Percent),
    ]
    .boxed()
}

fn slope() -> BoxedStrategy<Slope> {
    prop_oneof![
        Just(Slope::Flat),
        grade().prop_map(Slope::Uphill),
        grade().prop_map(Slope::Downhill),
    ]
    .boxed()
}

fn venue() -> BoxedStrategy<Venue> {
    prop_oneof![
        Just(Venue::Anywhere),
        Just(Venue::Track(None)),
        Just(Venue::Track(Some(TrackPart::Bend))),
        Just(Venue::Track(Some(TrackPart::Straight))),
        Just(Venue::Treadmill),
    ]
    .boxed()
}

fn kind() -> BoxedStrategy<MoveKind> {
    prop::sample::select(vec![
        MoveKind::WarmUp,
        MoveKind::Run,
        MoveKind::Jog,
        MoveKind::Walk,
        MoveKind::Rest,
        MoveKind::CoolDown,
        MoveKind::Stride,
        MoveKind::Drills,
        MoveKind::TimeTrial,
    ])
    .boxed()
}

fn a_move() -> BoxedStrategy<Move> {
    (
        kind(),
        length(),
        prop::option::of(target()),
        any::<bool>(),
        slope(),
        venue(),
        note(),
    )
        .prop_map(
            |(kind, length, target, backward, slope, venue, note)| Move {
                kind,
                length,
                target,
                direction: if backward {
                    Direction::Backward
                } else {
                    Direction::Forward
                },
                slope,
                venue,
                note,
            },
        )
        .boxed()
}

fn strength() -> BoxedStrategy<Strength> {
    let exercise = prop::sample::select(vec![
        "squats",
        "single-leg deadlifts",
        "calf raises",
        "Jump Squats",
        "box jumps",
        "pull-ups",
    ]);
    let dose = prop_oneof![
        (1u32..=50).prop_map(Dose::Reps),
        duration().prop_map(Dose::Time),
    ];
    let load = prop_oneof![
        Just(Load::Bodyweight),
        Just(Load::Band),
        Just(Load::Light),
        Just(Load::Moderate),
        Just(Load::Heavy),
        (0.5f64..300.0).prop_map(Load::Kg),
    ];
    (
        exercise,
        1u32..=10,
        dose,
        any::<bool>(),
        prop::option::of(load),
        prop::option::of(duration()),
        note(),
    )
        .prop_map(
            |(exercise, sets, dose, each_side, load, rest, note)| Strength {
                exercise: exercise.to_owned(),
                sets,
                dose,
                each_side,
                load,
                rest,
                note,
            },
        )
        .boxed()
}

fn mobility() -> BoxedStrategy<Mobility> {
    let kind = prop_oneof![Just(MobilityKind::Stretch), Just(MobilityKind::FoamRoll)];
    let area = prop::sample::select(vec!["hamstrings", "hip flexors", "calves", "IT band"]);
    (
        kind,
        prop::option::of(area),
        prop::option::of(duration()),
        any::<bool>(),
        note(),
    )
        .prop_map(|(kind, area, time, each_side, note)| Mobility {
            kind,
            area: area.map(str::to_owned),
            time,
            each_side,
            note,
        })
        .boxed()
}

fn step() -> BoxedStrategy<Step> {
    prop_oneof![
        6 => a_move().prop_map(Step::Move),
        1 => strength().prop_map(Step::Strength),
        1 => mobility().prop_map(Step::Mobility),
    ]
    .boxed()
}

fn count() -> BoxedStrategy<Count> {
    prop_oneof![
        3 => ramp(1u32..=1000).prop_map(Count::Times),
        1 => distance().prop_map(|d| Count::Until(Cover::Distance(d))),
        1 => duration().prop_map(|t| Count::Until(Cover::Time(t))),
    ]
    .boxed()
}

fn item() -> BoxedStrategy<Item> {
    let leaf = step().prop_map(Item::Step);
    leaf.prop_recursive(3, 24, 4, |inner| {
        (
            count(),
            prop::collection::vec(inner, 1..4),
            prop::option::of(a_move()),
            any::<bool>(),
        )
            .prop_map(|(count, body, between, each_faster)| {
                Item::Repeat(Repeat {
                    count,
                    body,
                    between,
                    each_faster,
                })
            })
    })
    .boxed()
}

fn workout() -> BoxedStrategy<Workout> {
    prop::collection::vec(item(), 1..6)
        .prop_map(Workout::new)
        .boxed()
}

/// Words and symbols of the language, misspellings and stray characters, for text the parser
/// has never seen.
const SOUP: &[&str] = &[
    "run",
    "jog",
    "walk",
    "rest",
    "warm-up",
    "cool-down",
    "stride",
    "recovery",
    "8",
    "6",
    "0",
    "x",
    "×",
    "400",
    "400m",
    "5m",
    "2min",
    "30s",
    "1:30",
    "5:75",
    "1mi",
    "mile",
    "5k",
    "@",
    "goal",
    "gaol",
    "-",
    "+",
    "2s",
    "/",
    "km",
    "mi",
    "{",
    "}",
    "\n",
    "\n",
    "\n",
    "until",
    ",",
    "->",
    "..",
    "~",
    "\"a note\"",
    "\"",
    "easy",
    "comfortably",
    "hard",
    "faster",
    "than",
    "or",
    "slower",
    "80%",
    "effort",
    "rpe",
    "7",
    "T",
    "M",
    "m",
    "E",
    "bend",
    "straight",
    "uphill",
    "downhill",
    "steep",
    "gentle",
    "6%",
    "backward",
    "on",
    "track",
    "treadmill",
    "squats",
    "3x12",
    "3",
    "12",
    "hold",
    "stretch",
    "foam-roll",
    "each",
    "side",
    "band",
    "kg",
    "20kg",
    "#",
    "each faster",
    ";",
    "→",
    "open",
    "  ",
    "99999999999999999999",
    ".5",
    "1.5.5",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printing_then_parsing_gives_the_same_workout(workout in workout()) {
        let printed = print(&workout);
        let parsed = parse(&printed);
        // A workout past the size budget reads back the same, with that one error.
        let errors: Vec<_> = parsed.diagnostics().iter().filter(|d| d.is_error()).collect();
        match workout.size().check() {
            Ok(()) => prop_assert!(errors.is_empty(), "{printed}\n{:#?}", parsed.diagnostics()),
            Err(_) => prop_assert!(
                errors.len() == 1 && errors[0].kind == DiagnosticKind::TooLarge,
                "{printed}\n{:#?}", parsed.diagnostics()
            ),
        }
        prop_assert_eq!(parsed.workout(), &workout, "{}", printed);
        prop_assert_eq!(print(parsed.workout()), printed);
    }

    #[test]
    fn every_workout_the_parser_accepts_flattens_within_the_budget(workout in workout()) {
        let printed = print(&workout);
        if let Ok(accepted) = parse(&printed).into_result() {
            let steps = accepted.flatten().expect("an accepted workout flattens").count();
            prop_assert!(steps as u64 <= MAX_STEPS, "{steps} steps: {printed}");
            let timed: f64 = accepted
                .flatten()
                .unwrap()
                .filter_map(|f| match (f.step, f.role) {
                    (StepRef::Move(m), _) => match &m.length {
                        Length::Time { ramp, .. } => Some(ramp.first().secs()),
                        _ => None,
                    },
                    (StepRef::Mobility(m), _) => m.time.map(Duration::secs),
                    _ => None,
                })
                .sum();
            prop_assert!(timed <= MAX_TOTAL_DURATION.secs() + 1e-6, "{timed} s: {printed}");
        }
    }

    #[test]
    fn the_parser_never_panics_and_what_it_reads_round_trips(
        words in prop::collection::vec(prop::sample::select(SOUP), 0..40),
        separators in prop::collection::vec(prop::sample::select(vec![" ", "", "\n"]), 40),
    ) {
        let text: String = words
            .iter()
            .zip(&separators)
            .flat_map(|(word, separator)| [*word, *separator])
            .collect();
        let parsed = parse(&text);
        if !parsed.has_errors() {
            prop_assert!(parsed.workout().flatten().unwrap().count() as u64 <= MAX_STEPS);
            let printed = print(parsed.workout());
            let again = parse(&printed);
            prop_assert!(!again.has_errors(), "{text:?} printed as {printed:?}: {:#?}", again.diagnostics());
            prop_assert_eq!(again.workout(), parsed.workout(), "{:?} printed as {:?}", text, printed);
        }
    }

    #[test]
    fn the_parser_never_panics_on_any_string(text in "\\PC{0,200}") {
        let _ = parse(&text);
    }
}
