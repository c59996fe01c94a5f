//! Prediction checked against published values: REFERENCE.md's cross-model vector, Daniels'
//! table at VDOT 50, Riegel's known slowness at the mile, Horwill's rule and critical speed
//! worked by hand; then validity, the combination rule and properties every model must keep.

use proptest::prelude::*;

use super::*;

fn perf(text: &str) -> Performance {
    text.parse().unwrap_or_else(|e| panic!("{e}"))
}

fn dist(text: &str) -> Distance {
    text.parse().unwrap_or_else(|e| panic!("{e}"))
}

fn forecast(results: &[&str], targets: &[&str], sex: Sex) -> Forecast {
    let results: Vec<Performance> = results.iter().map(|t| perf(t)).collect();
    let targets: Vec<Distance> = targets.iter().map(|t| dist(t)).collect();
    predict(&Request {
        results: &results,
        targets: &targets,
        models: &Model::ALL,
        sex,
    })
    .unwrap()
}

/// The valid time of `model` for `target`, or a panic naming the refusal.
fn secs(forecast: &Forecast, target: &str, model: Model) -> f64 {
    let prediction = forecast.get(dist(target), model).unwrap();
    match &prediction.outcome {
        Ok(estimate) => estimate.time.secs(),
        Err(reason) => panic!("{model} for {target}: {}", reason.describe(&[])),
    }
}

#[test]
fn reference_vector_5k_in_20_to_10k() {
    // REFERENCE.md (from the running-tools project's unit tests): 5000 m in 20:00 predicts
    // 10 000 m as Riegel 2502 s, Cameron 2500 s, Purdy 2490 s, VDOT 2488 s, rounded.
    let f = forecast(&["5k=20:00"], &["10k"], Sex::Male);
    let table = [
        (Model::Riegel, 2502.0),
        (Model::Cameron, 2500.0),
        (Model::Purdy, 2490.0),
        (Model::Vdot, 2488.0),
    ];
    for (model, expected) in table {
        assert_eq!(secs(&f, "10k", model).round(), expected, "{model}");
    }
}

#[test]
fn daniels_table_at_vdot_50() {
    // Daniels' published table at VDOT 50: 1500 m 5:24, mile 5:50, 3000 m 11:33, 5 km 19:57,
    // 10 km 41:21. From each entry, the formula must give every other within REFERENCE.md's
    // tolerances: 1.5 s for 1500 m and the mile, 2 s for 3000-5000 m, 0.5 % beyond.
    let table = [
        ("1500m", 324.0, 1.5),
        ("mile", 350.0, 1.5),
        ("3000m", 693.0, 2.0),
        ("5k", 1197.0, 2.0),
        ("10k", 2481.0, 0.005 * 2481.0),
    ];
    let targets: Vec<&str> = table.iter().map(|(t, _, _)| *t).collect();
    for (from, from_secs, _) in table {
        let result = format!("{from}={}", Duration::from_secs(from_secs).unwrap());
        let f = forecast(&[&result], &targets, Sex::Male);
        for (target, book, tolerance) in table {
            let got = secs(&f, target, Model::Vdot);
            assert!(
                (got - book).abs() <= tolerance,
                "from {result}: {target} {got:.2} s, book {book} s"
            );
        }
    }
}

#[test]
fn riegel_predicts_the_mile_about_ten_seconds_slower_from_a_5k() {
    // REFERENCE.md: "From a 5 km it predicts the mile ~10 s slower than the other models."
    let f = forecast(&["5k=20:00"], &["mile"], Sex::Male);
    let riegel = secs(&f, "mile", Model::Riegel);
    for model in [Model::Vdot, Model::Cameron, Model::Purdy] {
        let gap = riegel - secs(&f, "mile", model);
        assert!(
            (7.0..=16.0).contains(&gap),
            "{model}: Riegel slower by {gap:.1} s"
        );
    }
}

#[test]
fn horwill_from_400m_in_80_by_hand() {
    // Men, 4 s per 400 m per step up 400-800-1500-3000-5000 m:
    //   800 m:  2 × (80 + 4)                    = 168 s
    //   1500 m: 3.75 × (80 + 8)                 = 330 s
    //   3000 m: 7.5 × (80 + 12)                 = 690 s
    //   5000 m: 12.5 × (80 + 16)                = 1200 s
    // Between rungs the rung is interpolated by log distance:
    //   1000 m: rung 1 + ln(1000/800)/ln(1500/800) = 1.35498, pace 85.4199, × 2.5 = 213.550 s
    //   mile:   rung 2 + log2(1609.344/1500)       = 2.10151, pace 88.4060, × 4.02336 = 355.689 s
    //   2 mi:   rung 3 + ln(3218.688/3000)/ln(5/3) = 3.13774, pace 92.5510, × 8.04672 = 744.732 s
    // Women, 5 s per step: 800 m 2 × 85 = 170 s; 1500 m 3.75 × 90 = 337.5 s;
    //   mile (90 + 5 × 0.10151) × 4.02336 = 364.144 s.
    let table = [
        (Sex::Male, "800m", 168.0),
        (Sex::Male, "1000m", 213.550),
        (Sex::Male, "1500m", 330.0),
        (Sex::Male, "mile", 355.689),
        (Sex::Male, "3000m", 690.0),
        (Sex::Male, "2mi", 744.732),
        (Sex::Male, "5k", 1200.0),
        (Sex::Female, "800m", 170.0),
        (Sex::Female, "1500m", 337.5),
        (Sex::Female, "mile", 364.144),
    ];
    for (sex, target, expected) in table {
        let f = forecast(&["400m=80"], &[target], sex);
        let got = secs(&f, target, Model::Horwill);
        assert!((got - expected).abs() < 1e-3, "{sex} {target}: {got}");
    }
}

#[test]
fn horwill_steps_down_as_well_as_up() {
    // 5 km in 24:00 is 115.2 s per 400 m; four steps down to 400 m: 115.2 − 16 = 99.2 s, and
    // 1500 m two steps down: 3.75 × 107.2 = 402 s.
    let f = forecast(&["5k=24:00"], &["400m", "1500m"], Sex::Male);
    assert!((secs(&f, "400m", Model::Horwill) - 99.2).abs() < 1e-9);
    assert!((secs(&f, "1500m", Model::Horwill) - 402.0).abs() < 1e-9);
}

#[test]
fn critical_speed_by_hand() {
    // 800 m in 2:30 and 2000 m in 7:30: CS = 1200/300 = 4 m/s, D' = 800 − 4 × 150 = 200 m.
    // 1500 m: (1500 − 200)/4 = 325 s; mile: 1409.344/4 = 352.336 s; 3000 m: 2800/4 = 700 s.
    let f = forecast(
        &["800m=2:30", "2000m=7:30"],
        &["400m", "1500m", "mile", "3000m", "5k"],
        Sex::Male,
    );
    assert!((secs(&f, "1500m", Model::CriticalSpeed) - 325.0).abs() < 1e-9);
    assert!((secs(&f, "mile", Model::CriticalSpeed) - 352.336).abs() < 1e-9);
    assert!((secs(&f, "3000m", Model::CriticalSpeed) - 700.0).abs() < 1e-9);
    // 400 m would take 50 s and 5 km 1200 s: outside 2-15 min, so not predicted.
    for target in ["400m", "5k"] {
        let outcome = &f.get(dist(target), Model::CriticalSpeed).unwrap().outcome;
        assert_eq!(
            outcome,
            &Err(NotValid::Effort {
                model: Model::CriticalSpeed
            }),
            "{target}"
        );
    }
}

/// The kind of answer, for validity tables.
#[derive(Debug, PartialEq)]
enum Kind {
    Valid,
    FromResults,
    Target,
    Effort,
    BelowScale,
    NoCs,
}

fn kind(outcome: &Result<Estimate, NotValid>) -> Kind {
    match outcome {
        Ok(_) => Kind::Valid,
        Err(NotValid::FromResults { .. }) => Kind::FromResults,
        Err(NotValid::Target { .. }) => Kind::Target,
        Err(NotValid::Effort { .. }) => Kind::Effort,
        Err(NotValid::BelowPurdyScale { .. }) => Kind::BelowScale,
        Err(NotValid::CriticalSpeed(_)) => Kind::NoCs,
    }
}

#[test]
fn validity_table() {
    use Kind::*;
    use Model::*;
    let table: [(&[&str], &str, Model, Kind); 24] = [
        // From a 400 m only Horwill's rule holds.
        (&["400m=80"], "mile", Vdot, FromResults),
        (&["400m=80"], "mile", Riegel, FromResults),
        (&["400m=80"], "mile", Cameron, FromResults),
        (&["400m=80"], "mile", Purdy, FromResults),
        (&["400m=80"], "mile", Horwill, Valid),
        (&["400m=80"], "mile", CriticalSpeed, NoCs),
        (&["400m=80"], "10k", Horwill, Target),
        // From an 800 m Cameron and Purdy apply; VDOT and Riegel still don't.
        (&["800m=2:40"], "mile", Vdot, FromResults),
        (&["800m=2:40"], "mile", Riegel, FromResults),
        (&["800m=2:40"], "mile", Cameron, Valid),
        (&["800m=2:40"], "mile", Purdy, Valid),
        // A 1500 m run in under 3.5 min is too short for VDOT.
        (&["1500m=3:29"], "mile", Vdot, FromResults),
        (&["1500m=3:31"], "mile", Vdot, Valid),
        // From a 5 km: VDOT covers 1500 m up, Riegel stops at 3.5 and 230 min.
        (&["5k=24:00"], "1000m", Vdot, Target),
        (&["5k=24:00"], "1500m", Vdot, Valid),
        (&["5k=24:00"], "marathon", Vdot, Valid),
        (&["5k=24:00"], "800m", Riegel, Effort),
        (&["5k=24:00"], "1000m", Riegel, Valid),
        (&["5k=20:00"], "marathon", Riegel, Valid),
        (&["5k=24:00"], "marathon", Riegel, Effort),
        (&["5k=24:00"], "400m", Cameron, Target),
        (&["5k=24:00"], "400m", Horwill, Valid),
        // Purdy refuses results below zero points.
        (&["5k=40:00"], "mile", Purdy, BelowScale),
        (&["5k=40:00"], "mile", Cameron, Valid),
    ];
    for (results, target, model, expected) in table {
        let f = forecast(results, &[target], Sex::Male);
        let outcome = &f.get(dist(target), model).unwrap().outcome;
        assert_eq!(kind(outcome), expected, "{results:?} → {target} by {model}");
    }
}

#[test]
fn refusals_say_why_in_words() {
    let f = forecast(&["400m=80"], &["400m", "mile"], Sex::Male);
    let vdot = f.get(Distance::MILE, Model::Vdot).unwrap();
    assert_eq!(
        vdot.note().unwrap(),
        "not valid from 400m=1:20: VDOT is built for 1500 m to the marathon, from results of \
         3.5 min or longer"
    );
    // The same reason for every target, so a table can explain it once.
    let vdot_400 = f.get(dist("400m"), Model::Vdot).unwrap();
    assert_eq!(vdot.outcome, vdot_400.outcome);
    let cs = f.get(Distance::MILE, Model::CriticalSpeed).unwrap();
    assert!(
        cs.note()
            .unwrap()
            .contains("needs results of 2-15 min at two distances")
    );

    let f = forecast(&["5k=24:00"], &["800m"], Sex::Male);
    let reason = f.get(dist("800m"), Model::Vdot).unwrap().outcome.clone();
    assert_eq!(
        reason
            .unwrap_err()
            .describe(&[dist("400m"), dist("800m"), dist("1000m")]),
        "not valid for 400m, 800m and 1000m: VDOT is built for 1500 m to the marathon, from \
         results of 3.5 min or longer"
    );
}

#[test]
fn caveats_on_valid_predictions() {
    let f = forecast(&["5k=20:00"], &["mile", "10k"], Sex::Female);
    let mile = f.get(Distance::MILE, Model::Vdot).unwrap();
    assert_eq!(
        mile.outcome.as_ref().unwrap().caveat,
        Some(Caveat::ShortEffort)
    );
    let ten = f.get(dist("10k"), Model::Vdot).unwrap();
    assert_eq!(ten.outcome.as_ref().unwrap().caveat, None);
    let horwill = f.get(Distance::MILE, Model::Horwill).unwrap();
    assert_eq!(
        horwill.note().unwrap(),
        "+5 s per 400 m for each step up 400-800-1500-3000-5000 m (the women's figure); pace \
         between classic distances interpolated by log distance"
    );
}

#[test]
fn several_results_combine_by_the_stated_rule() {
    // The 1500 m is the better performance (VDOT ~51 against ~48 for the 10 km).
    let f = forecast(&["10k=42:00", "1500m=5:20"], &["mile", "hm"], Sex::Male);
    let best = f.vdot.unwrap();
    assert_eq!(best.from, perf("1500m=5:20"));
    assert_eq!(
        best.vdot.value(),
        Vdot::from_performance(perf("1500m=5:20")).value()
    );
    let vdot_hm = f.get(Distance::HALF_MARATHON, Model::Vdot).unwrap();
    assert_eq!(
        vdot_hm.outcome.as_ref().unwrap().from,
        vec![perf("1500m=5:20")]
    );
    // One-result models take the closest result: the mile from the 1500 m, the half from the
    // 10 km.
    for model in [Model::Riegel, Model::Cameron, Model::Purdy] {
        let from = |target: Distance| f.get(target, model).unwrap().outcome.clone().unwrap().from;
        assert_eq!(from(Distance::MILE), vec![perf("1500m=5:20")], "{model}");
        assert_eq!(
            from(Distance::HALF_MARATHON),
            vec![perf("10k=42:00")],
            "{model}"
        );
    }
    let combination = f.combination();
    assert!(combination.contains("highest VDOT"), "{combination}");
    assert!(
        combination.contains("closest to it in distance"),
        "{combination}"
    );
    assert_eq!(
        forecast(&["5k=24:00"], &["mile"], Sex::Male).combination(),
        "one result (5k=24:00): every model predicts from it"
    );
}

#[test]
fn the_closest_usable_result_is_used_when_the_closest_is_not() {
    // For 800 m the 400 m is the closest result (a ratio of 2 against 6.25), but Cameron
    // can't use a 400 m and takes the 5 km; Horwill's rule can, and does.
    let f = forecast(&["400m=80", "5k=24:00"], &["800m"], Sex::Male);
    let cameron = f.get(dist("800m"), Model::Cameron).unwrap();
    assert_eq!(
        cameron.outcome.as_ref().unwrap().from,
        vec![perf("5k=24:00")]
    );
    let horwill = f.get(dist("800m"), Model::Horwill).unwrap();
    assert_eq!(
        horwill.outcome.as_ref().unwrap().from,
        vec![perf("400m=80")]
    );
}

#[test]
fn refuses_impossible_results_and_suggests_the_likely_time() {
    let table = [
        (
            "5k=24",
            "faster than any runner",
            Some("did you mean 5k=24:00?"),
        ),
        (
            "marathon=3:30",
            "faster than any runner",
            Some("did you mean marathon=3:30:00?"),
        ),
        ("mile=2:00", "faster than any runner", None),
        (
            "400m=80:00",
            "slower than walking",
            Some("did you mean 400m=1:20?"),
        ),
    ];
    for (text, what, hint) in table {
        let results = [perf(text)];
        let error = predict(&Request {
            results: &results,
            targets: &STANDARD_TARGETS,
            models: &Model::ALL,
            sex: Sex::Male,
        })
        .unwrap_err()
        .to_string();
        assert!(error.contains(what), "{text}: {error}");
        assert!(
            error.contains(&format!("`{}`", results[0])),
            "{text}: {error}"
        );
        match hint {
            Some(hint) => assert!(error.contains(hint), "{text}: {error}"),
            None => assert!(!error.contains("did you mean"), "{text}: {error}"),
        }
    }
    // World records stand: Kiptum's 2:00:35 marathon and El Guerrouj's 3:43.13 mile.
    for text in [
        "marathon=2:00:35",
        "mile=3:43.13",
        "400m=43.03",
        "100m=9.58",
    ] {
        assert_eq!(check_plausible(perf(text)), Ok(()), "{text}");
    }
    let empty = predict(&Request {
        results: &[],
        targets: &STANDARD_TARGETS,
        models: &Model::ALL,
        sex: Sex::Male,
    });
    assert_eq!(empty, Err(PredictError::NoResults));
}

#[test]
fn standard_targets_print_as_runners_write_them() {
    let names: Vec<String> = STANDARD_TARGETS.iter().map(ToString::to_string).collect();
    assert_eq!(
        names,
        [
            "400m", "800m", "1000m", "1500m", "mile", "3000m", "2mi", "5k", "10k", "hm", "marathon"
        ]
    );
}

/// A plausible result: a distance from 400 m to the marathon, run between just under the
/// world-record curve and three and a half times slower.
fn plausible_result() -> impl Strategy<Value = Performance> {
    (400f64.ln()..42_195f64.ln(), 0.9f64..3.5)
        .prop_map(|(ln_d, slower)| {
            let distance = Distance::from_metres(ln_d.exp()).unwrap();
            let time = purdy::standard_time(distance).scaled(slower).unwrap();
            Performance::new(distance, time).unwrap()
        })
        // Plausible as miler takes results: never faster than the world records allow.
        .prop_filter("faster than a world record", |p| {
            crate::limits::check_performance(*p).is_ok()
        })
}

/// The raw formula of each one-result model, without validity: what monotonicity is about.
fn raw(model: Model, from: Performance, target: Distance) -> Option<Duration> {
    match model {
        Model::Vdot => Some(daniels::time(Vdot::from_performance(from), target)),
        Model::Riegel => Some(riegel::time(from, target)),
        Model::Cameron => Some(cameron::time(from, target)),
        Model::Purdy => purdy::time(from, target),
        Model::Horwill => horwill::time(from, target, horwill::step(Sex::Male)),
        Model::CriticalSpeed => None,
    }
}

proptest! {
    #[test]
    fn longer_targets_take_longer(
        from in plausible_result(),
        a in 400f64..42_195.0,
        b in 400f64..42_195.0,
    ) {
        let (short, long) = (a.min(b), a.max(b));
        prop_assume!(long - short > 1e-6);
        let (short, long) = (Distance::from_metres(short).unwrap(), Distance::from_metres(long).unwrap());
        for model in [Model::Vdot, Model::Riegel, Model::Cameron, Model::Purdy, Model::Horwill] {
            if let (Some(t_short), Some(t_long)) = (raw(model, from, short), raw(model, from, long)) {
                prop_assert!(t_short < t_long, "{model} from {from}: {short} {t_short}, {long} {t_long}");
            }
        }
    }

    #[test]
    fn critical_speed_longer_targets_take_longer(
        first in plausible_result(),
        second in plausible_result(),
        a in 400f64..5000.0,
        b in 400f64..5000.0,
    ) {
        prop_assume!((a - b).abs() > 1e-6);
        if let Ok(cs) = CriticalSpeed::fit(&[first, second]) {
            let (short, long) = (a.min(b), a.max(b));
            let at = |m: f64| cs.time_for(Distance::from_metres(m).unwrap());
            if let (Some(t_short), Some(t_long)) = (at(short), at(long)) {
                prop_assert!(t_short < t_long);
            }
        }
    }

    #[test]
    fn predicting_the_results_own_distance_gives_its_time(from in plausible_result()) {
        let f = predict(&Request {
            results: &[from],
            targets: &[from.distance()],
            models: &Model::ALL,
            sex: Sex::Male,
        }).unwrap();
        for prediction in &f.predictions {
            if let Ok(estimate) = &prediction.outcome {
                let (got, want) = (estimate.time.secs(), from.time().secs());
                prop_assert!((got - want).abs() < 1e-6 * want, "{}: {got} vs {want}", prediction.model);
            }
        }
    }

    #[test]
    fn critical_speed_passes_through_both_results(
        first in plausible_result(),
        second in plausible_result(),
    ) {
        let f = predict(&Request {
            results: &[first, second],
            targets: &[first.distance(), second.distance()],
            models: &[Model::CriticalSpeed],
            sex: Sex::Male,
        }).unwrap();
        for (prediction, result) in f.predictions.iter().zip([first, second]) {
            if let Ok(estimate) = &prediction.outcome {
                let (got, want) = (estimate.time.secs(), result.time().secs());
                prop_assert!((got - want).abs() < 1e-6 * want, "{got} vs {want}");
            }
        }
    }
}
