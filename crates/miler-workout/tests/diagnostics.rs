//! Diagnostics for the mistakes runners make, checked for place, kind and wording.

use miler_workout::text::{DiagnosticKind, Severity, parse, print};
use miler_workout::{Item, Length, Step};

/// One expected diagnostic: line, column, kind, severity, message, and text the help contains.
struct Expect {
    text: &'static str,
    line: u32,
    column: u32,
    kind: DiagnosticKind,
    severity: Severity,
    message: &'static str,
    help: &'static str,
}

fn check(cases: &[Expect]) {
    for case in cases {
        let parsed = parse(case.text);
        let found = parsed
            .diagnostics()
            .iter()
            .find(|d| d.line == case.line && d.column == case.column && d.kind == case.kind);
        let Some(diagnostic) = found else {
            panic!(
                "{:?}: no {:?} at {}:{}; found {:#?}",
                case.text,
                case.kind,
                case.line,
                case.column,
                parsed.diagnostics()
            );
        };
        assert_eq!(diagnostic.severity, case.severity, "{:?}", case.text);
        assert_eq!(diagnostic.message, case.message, "{:?}", case.text);
        let help = diagnostic.help.as_deref().unwrap_or("");
        assert!(
            help.contains(case.help),
            "{:?}: help {help:?} lacks {:?}",
            case.text,
            case.help
        );
        assert!(
            diagnostic.expected.is_some(),
            "{:?}: says what was expected",
            case.text
        );
    }
}

#[test]
fn typical_mistakes_are_reported_where_they_are() {
    use DiagnosticKind::*;
    use Severity::*;
    check(&[
        Expect {
            text: "8 x 400 @ goal",
            line: 1,
            column: 5,
            kind: MissingUnit,
            severity: Error,
            message: "`400` has no unit",
            help: "did you mean `400m`?",
        },
        Expect {
            text: "warm-up 15min easy\nrun 5m easy",
            line: 2,
            column: 5,
            kind: SuspiciousLength,
            severity: Warning,
            message: "`5m` is 5 metres — did you mean `5min`?",
            help: "`5min`",
        },
        Expect {
            text: "warm-up 10 m easy",
            line: 1,
            column: 9,
            kind: SuspiciousLength,
            severity: Warning,
            message: "`10 m` is 10 metres — did you mean `10min`?",
            help: "`10min`",
        },
        Expect {
            text: "4 x 400m @ goal, recovery 2m jog",
            line: 1,
            column: 27,
            kind: SuspiciousLength,
            severity: Warning,
            message: "`2m` is 2 metres — did you mean `2min`?",
            help: "`2min`",
        },
        Expect {
            text: "8 x 400m @ gaol",
            line: 1,
            column: 12,
            kind: UnknownReference,
            severity: Error,
            message: "`gaol` is not a pace, an effort or a feel",
            help: "did you mean `goal`?",
        },
        Expect {
            text: "run 10min @ m",
            line: 1,
            column: 13,
            kind: UnknownReference,
            severity: Error,
            message: "`m` alone is not a pace",
            help: "`mile`",
        },
        Expect {
            text: "warm-up 15min easy\n3 x {\n  run 400m @ goal\n",
            line: 2,
            column: 5,
            kind: UnclosedBrace,
            severity: Error,
            message: "this `{` is never closed",
            help: "`}`",
        },
        Expect {
            text: "run 400m\n  }",
            line: 2,
            column: 3,
            kind: UnmatchedBrace,
            severity: Error,
            message: "this `}` has no block to close",
            help: "remove it",
        },
        Expect {
            text: "6-10 x 200m",
            line: 1,
            column: 1,
            kind: RangeNotRamp,
            severity: Error,
            message: "`6-10` is a range; the language writes a progression with `->`",
            help: "did you mean `6->10`?",
        },
        Expect {
            text: "8 x stride 15-30s @ fast",
            line: 1,
            column: 12,
            kind: RangeNotRamp,
            severity: Error,
            message: "`15-30s` is a range; the language writes a progression with `->`",
            help: "did you mean `15s->30s`?",
        },
        Expect {
            text: "run 1mi uphil",
            line: 1,
            column: 9,
            kind: UnknownWord,
            severity: Error,
            message: "`uphil` is not a word of the workout language",
            help: "did you mean `uphill`?",
        },
        Expect {
            text: "run 400m @ goal-2s",
            line: 1,
            column: 16,
            kind: BadTarget,
            severity: Error,
            message: "an offset needs the distance it applies to",
            help: "`goal-2s/400m`",
        },
        Expect {
            text: "run 400yd",
            line: 1,
            column: 5,
            kind: UnknownUnit,
            severity: Error,
            message: "`yd` is not a unit of distance or time",
            help: "",
        },
    ]);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = "warm-up 15 easy\n8 x 400 @ gaol, recovery 2m jog\n3 x {\n  run 200m @ mlie\n";
    let parsed = parse(text);
    let found: Vec<(u32, u32, DiagnosticKind)> = parsed
        .diagnostics()
        .iter()
        .map(|d| (d.line, d.column, d.kind))
        .collect();
    assert_eq!(
        found,
        [
            (1, 9, DiagnosticKind::MissingUnit),
            (2, 5, DiagnosticKind::MissingUnit),
            (2, 11, DiagnosticKind::UnknownReference),
            (2, 26, DiagnosticKind::SuspiciousLength),
            (3, 5, DiagnosticKind::UnclosedBrace),
            (4, 14, DiagnosticKind::UnknownReference),
        ]
    );
}

#[test]
fn the_workout_keeps_the_best_reading_of_a_faulty_text() {
    // The missing unit is read as the suggested one, so the rest of the structure survives.
    let parsed = parse("8 x 400 @ goal, recovery 2min jog");
    assert!(parsed.has_errors());
    let Item::Repeat(repeat) = &parsed.workout().items[0] else {
        panic!("{:?}", parsed.workout())
    };
    let [Item::Step(Step::Move(rep))] = repeat.body.as_slice() else {
        panic!("{repeat:?}")
    };
    let Length::Distance { ramp, .. } = &rep.length else {
        panic!("{rep:?}")
    };
    assert_eq!(ramp.first().metres(), 400.0);
    assert!(repeat.between.is_some());
    // Warnings alone don't stop a workout from being used.
    assert!(parse("run 5m easy").into_result().is_ok());
}

#[test]
fn odd_inputs_never_panic() {
    let inputs = [
        "",
        "\n\n\n",
        "{",
        "}",
        "}{",
        "{ }",
        "x x x",
        "@@@",
        "~",
        "->",
        "..",
        "\"",
        "\"\"",
        "1:2:3:4",
        "99999999999999999999999 x 1m",
        "5 x 99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999m",
        "run 1e400m",
        "3 x {\n}",
        "until {",
        "until 1mi {\n}\n}",
        "run @ faster than",
        "run @ goal..",
        "run @ goal-",
        "run @ goal-2s/",
        "run @ 1:30/",
        "run 1:30/400m",
        "squats 3x",
        "squats x12",
        "hold",
        "stretch hold",
        "foam roll",
        "→ × − –",
        "run 400m \"a\" \"b\"",
        "gentle",
        "run gentle steep uphill",
        "on",
        "3 x 2 x 400m",
        "run 0.5.5m",
        ".5m",
        "run ~",
        "recovery",
        "\r\n\r\nrun 1mi\r\n",
        "🏃 run 1mi 🏃",
    ];
    for input in inputs {
        let parsed = parse(input);
        // Whatever parses cleanly round-trips.
        if !parsed.has_errors() {
            let printed = print(parsed.workout());
            assert_eq!(parse(&printed).workout(), parsed.workout(), "{input:?}");
        }
        for diagnostic in parsed.diagnostics() {
            assert!(diagnostic.line >= 1 && diagnostic.column >= 1, "{input:?}");
            assert!(!diagnostic.message.is_empty(), "{input:?}");
        }
    }
}

/// The size budget: `MAX_STEPS` expanded steps and `MAX_TOTAL_DURATION` of timed steps.
mod budget {
    use miler_workout::budget::{MAX_STEPS, MAX_TOTAL_DURATION};
    use miler_workout::text::{DiagnosticKind, Severity, parse};

    fn too_large(text: &str) -> Vec<(u32, u32, String)> {
        parse(text)
            .diagnostics()
            .iter()
            .filter(|d| d.kind == DiagnosticKind::TooLarge)
            .inspect(|d| {
                assert_eq!(d.severity, Severity::Error);
                assert!(d.expected.is_some() && d.help.is_some(), "{d:?}");
            })
            .map(|d| (d.line, d.column, d.message.clone()))
            .collect()
    }

    #[test]
    fn the_limits_are_a_thousand_steps_and_six_hours() {
        assert_eq!(MAX_STEPS, 1000);
        assert_eq!(MAX_TOTAL_DURATION.secs(), 6.0 * 3600.0);
    }

    #[test]
    fn exactly_max_steps_is_accepted_and_one_more_is_refused_where_it_crosses() {
        assert!(parse("1000 x 400m @ goal\n").into_result().is_ok());
        assert!(
            parse("warm-up 10min\n999 x 400m @ goal\n")
                .into_result()
                .is_ok()
        );
        assert_eq!(
            too_large("1000 x 400m @ goal\ncool-down 10min\n"),
            [(
                2,
                1,
                "the workout expands to 1001 steps, more than the 1000 a workout may have".into()
            )]
        );
        // The recoveries between reps are steps too: 1000 reps and 999 recoveries.
        assert_eq!(
            too_large("1000 x 400m @ goal, recovery 1min jog\n"),
            [(
                1,
                1,
                "the workout expands to 1999 steps, more than the 1000 a workout may have".into()
            )]
        );
    }

    #[test]
    fn three_nested_blocks_of_a_thousand_are_refused_at_the_outermost() {
        // 115 bytes that ask for about two billion steps.
        let text = "warm-up 15min easy\n1000 x {\n  1000 x {\n    1000 x 400m @ goal, recovery 200m walk\n  }, rest 3min\n}\ncool-down 10min\n";
        assert_eq!(text.len(), 115);
        // 1000 x (1000 x (1000 reps + 999 walks) + 999 rests), a warm-up and a cool-down.
        let steps = 1000 * (1000 * 1999 + 999) + 2;
        assert_eq!(
            too_large(text),
            [(
                2,
                1,
                format!(
                    "the workout expands to {steps} steps, more than the 1000 a workout may have"
                )
            )]
        );
        // Still a value and diagnostics, never a panic, and saving it is refused.
        assert!(parse(text).into_result().is_err());
    }

    #[test]
    fn more_than_six_hours_of_timed_steps_is_refused() {
        assert!(parse("6 x 60min easy\n").into_result().is_ok());
        assert_eq!(
            too_large("warm-up 10min\n6 x 60min easy\n"),
            [(
                2,
                1,
                "the workout's timed steps add up to 6:10:00, more than 6:00:00".into()
            )]
        );
        // `until 7h` takes its seven hours whatever its steps are.
        assert_eq!(too_large("until 7h {\n  run 400m\n}\n").len(), 1);
    }
}
