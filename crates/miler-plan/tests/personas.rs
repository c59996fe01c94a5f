//! The people in PRODUCT.md's user list, each with the plan and verdict they should get.

use jiff::civil::{Date, Weekday, date};
use miler_core::agegrade::Sex;
use miler_plan::guardrails;
use miler_plan::{
    Experience, Facilities, Fitness, Goal, Level, Phase, Plan, RaceVenue, Request, SessionKind,
    Verdict, build,
};

fn request(start: Date, race: Date, from: &[&str], goal: Option<&str>) -> Request {
    Request {
        start,
        race_date: race,
        fitness: if from.is_empty() {
            Fitness::None
        } else {
            Fitness::Results(from.iter().map(|r| r.parse().unwrap()).collect())
        },
        goal: goal.map_or(Goal::AsFastAsPossible, |g| Goal::Time(g.parse().unwrap())),
        days: miler_plan::request::ALL_DAYS.to_vec(),
        long_run_day: None,
        weekly_minutes: None,
        experience: None,
        age: None,
        sex: Sex::Male,
        facilities: Facilities::default(),
        backward: false,
        venue: RaceVenue::Track400,
    }
}

fn sound(plan: &Plan) {
    let violations = guardrails::check(plan);
    assert!(violations.is_empty(), "{violations:?}");
}

fn ids(plan: &Plan) -> Vec<&str> {
    plan.sessions().map(|s| s.workout_id.as_str()).collect()
}

#[test]
fn a_non_runner_with_a_13_20_test_in_a_month_walk_runs_to_it() {
    // "I have a physical agility test in a month: one mile in 13:20. I don't run."
    let mut r = request(
        date(2026, 11, 23),
        date(2026, 12, 19),
        &[],
        Some("mile=13:20"),
    );
    r.days = vec![
        Weekday::Monday,
        Weekday::Wednesday,
        Weekday::Friday,
        Weekday::Saturday,
    ];
    let plan = build(&r).unwrap();
    sound(&plan);
    let f = &plan.feasibility;
    // Brisk walking with some jogging: 15:00 today, about 13:50 after three weeks.
    assert_eq!(f.predicted_mile_now_s, 900.0);
    assert_eq!(f.verdict, Verdict::Stretch, "{}", f.reason);
    assert!(f.expected_mile_race_day_s > 800.0 && f.expected_mile_race_day_s < 900.0);
    assert!(f.advice.as_deref().unwrap().contains("walk-run"));
    assert_eq!(plan.level, Level::Beginner);
    // Walk-run, nothing hard before the test but a few reps at test pace in its week, the
    // test on its date.
    let runs: Vec<_> = plan
        .sessions()
        .filter(|s| s.kind.is_running() && s.workout_id != "race-sharpener")
        .collect();
    assert!(
        runs[..runs.len() - 1]
            .iter()
            .all(|s| s.workout_id == "walk-run")
    );
    assert!(runs[..runs.len() - 1].iter().all(|s| !s.hard));
    let test = runs.last().unwrap();
    assert_eq!(
        (test.kind, test.date),
        (SessionKind::Race, date(2026, 12, 19))
    );
    // Three days a week at most for someone starting out.
    for week in &plan.weeks[..plan.weeks.len() - 1] {
        assert!(
            week.sessions
                .iter()
                .filter(|s| s.workout_id == "walk-run")
                .count()
                <= 3
        );
    }
    // The walk-run moves on: later sessions run more of the time.
    let walks: Vec<f64> = plan
        .sessions()
        .filter(|s| s.workout_id == "walk-run")
        .map(|s| s.progress.unwrap())
        .collect();
    let furthest = walks.iter().copied().fold(0.0, f64::max);
    assert!(furthest > walks[0], "{walks:?}");
}

#[test]
fn the_police_test_is_paced_over_1600_m_in_four_105_s_laps() {
    // "The motorway police want 1.6 km in 7 minutes."
    let mut r = request(
        date(2026, 11, 23),
        date(2027, 2, 28),
        &["5k=25:00"],
        Some("1600m=7:00"),
    );
    r.days = vec![
        Weekday::Tuesday,
        Weekday::Thursday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    let plan = build(&r).unwrap();
    sound(&plan);
    assert_ne!(
        plan.feasibility.verdict,
        Verdict::Unlikely,
        "{}",
        plan.feasibility.reason
    );
    assert_eq!(plan.race.distance_m, 1600.0);
    assert_eq!(plan.race.target_s, 420.0);
    let splits: Vec<(f64, f64)> = plan
        .race
        .splits
        .iter()
        .map(|s| (s.at_m, s.split_s))
        .collect();
    assert_eq!(
        splits,
        [
            (400.0, 105.0),
            (800.0, 105.0),
            (1200.0, 105.0),
            (1600.0, 105.0)
        ]
    );
    let race = plan
        .sessions()
        .find(|s| s.kind == SessionKind::Race)
        .unwrap();
    assert!(race.text.contains("time-trial 1600m"), "{}", race.text);
    // Time trials over the test distance along the way.
    assert!(
        plan.sessions()
            .any(|s| s.workout_id == "mile-time-trial" && s.text.contains("1600m"))
    );
}

#[test]
fn the_stuck_club_runner_hears_6_00_is_unlikely_in_12_weeks_and_what_to_aim_for() {
    // "I run 5 km in 24 minutes but I can't run 1600 m in 6 minutes."
    let r = request(
        date(2026, 11, 23),
        date(2027, 2, 14),
        &["5k=24:00"],
        Some("mile=6:00"),
    );
    let plan = build(&r).unwrap();
    sound(&plan);
    let f = &plan.feasibility;
    // VDOT 40.2: the 5 km predicts a 7:05 mile today.
    assert!(
        (f.predicted_mile_now_s - 425.0).abs() < 1.0,
        "{}",
        f.predicted_mile_now_s
    );
    assert_eq!(f.verdict, Verdict::Unlikely, "{}", f.reason);
    assert!(f.predicted_mile_race_day_s[0] > 360.0);
    let advice = f.advice.as_deref().unwrap();
    assert!(advice.contains("weeks of training"), "{advice}");
    // The plan trains at the realistic goal, not at 6:00.
    assert_eq!(f.training_goal_mile_s, f.expected_mile_race_day_s);
    // The cycle: base, hills, quality, goal-pace work, taper, with the articles' sessions.
    let phases: Vec<Phase> = plan.weeks.iter().map(|w| w.phase).collect();
    for phase in [
        Phase::Base,
        Phase::Strength,
        Phase::Quality,
        Phase::RaceSpecific,
        Phase::Taper,
    ] {
        assert!(phases.contains(&phase), "{phases:?}");
    }
    let ids = ids(&plan);
    for id in [
        "goal-pace-400s",
        "mile-time-trial",
        "cruise-intervals",
        "strides",
        "long-run",
    ]
    .iter()
    .filter(|&&id| id != "strides")
    {
        assert!(ids.contains(id), "{id} missing");
    }
    assert!(plan.sessions().any(|s| s.title.contains("strides")));
    // Strength twice in every full week before the taper.
    for week in plan.weeks.iter().filter(|w| w.phase != Phase::Taper) {
        let strength = week
            .sessions
            .iter()
            .filter(|s| s.kind == SessionKind::Strength)
            .count();
        assert_eq!(strength, 2, "week {}", week.number);
    }
}

#[test]
fn masters_runners_see_their_goal_age_graded_and_get_more_lighter_weeks() {
    // "I'm 45 and want a 5-minute mile again; I ran 4:40 in high school."
    let mut r = request(
        date(2026, 11, 23),
        date(2027, 3, 14),
        &["mile=5:35"],
        Some("mile=5:00"),
    );
    r.age = Some(45);
    let plan = build(&r).unwrap();
    sound(&plan);
    assert_eq!(
        plan.feasibility.verdict,
        Verdict::Unlikely,
        "{}",
        plan.feasibility.reason
    );
    // WMA 2023: a 5:00 mile at 45 grades in the 80s.
    let grade = plan.feasibility.goal_age_grade_pct.unwrap();
    assert!(grade > 80.0 && grade < 90.0, "{grade}");

    // "At 56 I ran 5:12, at 60 I can't break 6:00."
    let mut r = request(
        date(2026, 11, 23),
        date(2027, 2, 14),
        &["mile=6:08"],
        Some("mile=5:59"),
    );
    r.age = Some(60);
    let plan = build(&r).unwrap();
    sound(&plan);
    assert_eq!(
        plan.feasibility.verdict,
        Verdict::Likely,
        "{}",
        plan.feasibility.reason
    );
    // A lighter week every third week from 50.
    let lighter: Vec<u32> = plan
        .weeks
        .iter()
        .filter(|w| w.lighter)
        .map(|w| w.number)
        .collect();
    assert!(lighter.windows(2).all(|w| w[1] - w[0] <= 3), "{lighter:?}");
    assert!(!lighter.is_empty());
}

#[test]
fn a_sub_4_hopeful_at_4_08_is_told_it_is_unlikely_by_march_but_gets_an_advanced_plan() {
    // "I'm 19 and want a sub-4 mile by March."
    let mut r = request(
        date(2026, 11, 23),
        date(2027, 3, 14),
        &["1500m=3:50"],
        Some("mile=3:59.9"),
    );
    r.age = Some(19);
    r.experience = Some(Experience::Competitive);
    r.weekly_minutes = Some(420.0);
    let plan = build(&r).unwrap();
    sound(&plan);
    assert_eq!(plan.level, Level::Advanced);
    assert_eq!(
        plan.feasibility.verdict,
        Verdict::Unlikely,
        "{}",
        plan.feasibility.reason
    );
    // Two hard sessions in full quality weeks.
    let quality = plan
        .weeks
        .iter()
        .find(|w| w.phase == Phase::Quality && !w.lighter)
        .unwrap();
    let hard_days = quality
        .sessions
        .iter()
        .filter(|s| s.hard && s.kind.is_running())
        .count();
    assert_eq!(
        hard_days,
        2,
        "{:?}",
        quality
            .sessions
            .iter()
            .map(|s| &s.title)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_road_mile_is_paced_by_the_quarter_mile() {
    // Racing the Westminster Mile: even quarters on the road.
    let mut r = request(
        date(2026, 11, 23),
        date(2027, 5, 23),
        &["5k=19:00"],
        Some("mile=5:30"),
    );
    r.venue = RaceVenue::Road;
    let plan = build(&r).unwrap();
    sound(&plan);
    let splits: Vec<f64> = plan.race.splits.iter().map(|s| s.split_s).collect();
    assert_eq!(splits, [82.5, 82.5, 82.5, 82.5]);
    assert!(plan.race.splits[0].label.starts_with("quarter"));
}

#[test]
fn a_runner_who_wants_variety_gets_backward_running_introduced_gradually() {
    // Backward-running intervals, hill pyramids, bends and straights.
    let mut r = request(
        date(2026, 11, 23),
        date(2027, 4, 18),
        &["5k=22:00"],
        Some("mile=6:15"),
    );
    r.backward = true;
    let plan = build(&r).unwrap();
    sound(&plan);
    let backward: Vec<&str> = plan
        .sessions()
        .filter(|s| s.workout_id == "backward-easy-run")
        .map(|s| s.title.as_str())
        .collect();
    assert!(backward.len() >= 4);
    assert!(
        backward.first().unwrap().contains("1 × 2 min"),
        "{backward:?}"
    );
    assert!(
        backward.last().unwrap().contains("3 × 4 min"),
        "{backward:?}"
    );
    // Not in the first two weeks.
    assert!(plan.weeks[..2].iter().all(|w| {
        w.sessions
            .iter()
            .all(|s| s.workout_id != "backward-easy-run")
    }));
    let ids = ids(&plan);
    for id in ["backwards-mile", "hill-pyramid", "bends-and-straights"] {
        assert!(ids.contains(&id), "{id} missing");
    }
}

// Race week, keyed to the race day (Fast Talk Labs, "The Tuesday taper run"; Men's Running UK,
// "Taper time"; middle-distance race-week practice on the runningahead forum).

/// Days from `date` to the plan's race.
fn days_out(plan: &Plan, date: Date) -> i32 {
    (plan.request.race_date - date).get_days()
}

/// Running minutes in the seven days before the race, and of the biggest calendar week that
/// ends before them.
fn window_and_peak(plan: &Plan) -> (f64, f64) {
    let window: f64 = plan
        .sessions()
        .filter(|s| s.kind.is_running() && s.kind != SessionKind::Race)
        .filter(|s| (1..=7).contains(&days_out(plan, s.date)))
        .map(|s| s.planned_time_s / 60.0)
        .sum();
    let peak = plan
        .weeks
        .iter()
        .filter(|w| days_out(plan, w.start) >= 14)
        .map(|w| w.training().running_min)
        .fold(0.0, f64::max);
    (window, peak)
}

#[test]
fn race_week_a_monday_race_keeps_the_weekend_before_it_short_and_easy() {
    // "Nothing long or hard in the two days before the race, across the Monday boundary."
    let mut r = request(
        date(2026, 12, 7),
        date(2027, 3, 1),
        &["800m=2:18"],
        Some("mile=5:10"),
    );
    r.age = Some(17);
    assert_eq!(r.race_date.weekday(), Weekday::Monday);
    let plan = build(&r).unwrap();
    sound(&plan);
    for s in plan.sessions().filter(|s| s.kind != SessionKind::Race) {
        let days = days_out(&plan, s.date);
        if (1..=2).contains(&days) && s.kind.is_running() {
            assert!(!s.hard, "{} on {}", s.title, s.date);
            assert!(
                s.planned_time_s <= 40.0 * 60.0,
                "{} of {:.0} min on {}",
                s.title,
                s.planned_time_s / 60.0,
                s.date
            );
        }
        if (1..=7).contains(&days) {
            assert_ne!(s.workout_id, "long-run", "a long run {days} days out");
        }
    }
    // Strides the day before.
    let eve = plan
        .sessions()
        .find(|s| days_out(&plan, s.date) == 1)
        .unwrap();
    assert!(eve.title.contains("strides"), "{}", eve.title);
}

#[test]
fn race_week_a_six_week_plan_tapers_in_the_last_seven_days_too() {
    // "Cut volume in the last 5-7 days before any goal race, also in plans shorter than 8
    // weeks": at most 70 % of the biggest week, and no peak-week intervals into race day.
    let mut r = request(
        date(2026, 12, 7),
        date(2027, 1, 18),
        &["5k=22:00"],
        Some("mile=6:00"),
    );
    r.days = vec![
        Weekday::Monday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    assert_eq!(r.weeks(), 7);
    let plan = build(&r).unwrap();
    sound(&plan);
    let (window, peak) = window_and_peak(&plan);
    assert!(
        window <= 0.70 * peak,
        "{window:.0} min in the last 7 days against a {peak:.0}-minute week"
    );
    let hard: Vec<&str> = plan
        .sessions()
        .filter(|s| s.hard && s.kind != SessionKind::Race)
        .filter(|s| (1..=7).contains(&days_out(&plan, s.date)))
        .map(|s| s.workout_id.as_str())
        .collect();
    assert_eq!(hard, ["race-sharpener"]);
}

#[test]
fn race_week_every_persona_gets_a_race_pace_sharpener_three_or_four_days_out() {
    // "4-6 x 200-400 m at race pace 3-4 days out."
    let races = [
        (date(2027, 3, 1), &["800m=2:18"][..], "mile=5:10"),
        (date(2027, 2, 14), &["5k=24:00"][..], "mile=6:00"),
        (date(2027, 2, 27), &[][..], "1600m=9:30"),
        (date(2027, 1, 20), &["mile=6:08"][..], "mile=5:59"),
    ];
    for (race, from, goal) in races {
        let plan = build(&request(date(2026, 12, 7), race, from, Some(goal))).unwrap();
        sound(&plan);
        let sharpeners: Vec<(i32, &str)> = plan
            .sessions()
            .filter(|s| s.workout_id == "race-sharpener")
            .map(|s| (days_out(&plan, s.date), s.text.as_str()))
            .collect();
        assert_eq!(sharpeners.len(), 1, "{goal} on {race}: {sharpeners:?}");
        let (days, text) = sharpeners[0];
        assert!((3..=4).contains(&days), "{goal}: {days} days out");
        assert!(text.contains("x 200m @ goal"), "{text}");
    }
}

// The beginner and test-taker path (NHS Couch to 5K; Stew Smith, "Running distance vs running
// a timed run fitness test"; coaching reference §2).

/// The longest stretch of running without a walk in a session, in minutes: an easy or long
/// run's minutes, or a walk-run's longest run segment.
fn longest_continuous_min(text: &str) -> f64 {
    let workout = miler_workout::text::parse(text).into_result().unwrap();
    let mut longest: f64 = 0.0;
    for step in workout.flatten().unwrap() {
        if let miler_workout::StepRef::Move(m) = step.step
            && matches!(m.kind, miler_workout::MoveKind::Run)
            && let miler_workout::Length::Time { ramp, .. } = &m.length
        {
            longest = longest.max(ramp.first().secs() / 60.0);
        }
    }
    longest
}

fn non_runner_with_a_20_week_test() -> Plan {
    // "The motorway police want 1.6 km in 7 minutes", from someone who does not run yet.
    let mut r = request(
        date(2026, 12, 7),
        date(2027, 4, 25),
        &[],
        Some("1600m=7:00"),
    );
    r.days = vec![
        Weekday::Tuesday,
        Weekday::Thursday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    assert_eq!(r.weeks(), 20);
    let plan = build(&r).unwrap();
    sound(&plan);
    plan
}

#[test]
fn beginner_run_segments_grow_every_week_to_15_min_continuous_by_week_6() {
    // Couch to 5K: the run segments grow every week (60 s in week 1, 5 min in week 4, 20 min
    // continuous at the end of week 5); a lighter week repeats, it never resets.
    let plan = non_runner_with_a_20_week_test();
    let longest: Vec<f64> = plan
        .weeks
        .iter()
        .map(|w| {
            w.sessions
                .iter()
                .filter(|s| s.kind == SessionKind::Run && !s.hard)
                .map(|s| longest_continuous_min(&s.text))
                .fold(0.0, f64::max)
        })
        .collect();
    assert!(
        longest[0] <= 1.5,
        "week 1 starts with short runs: {longest:?}"
    );
    assert!(longest[5] >= 15.0, "week 6: {longest:?}");
    // Until running is continuous, every week's segments are longer than the week before's.
    let walk_weeks = plan
        .weeks
        .iter()
        .take_while(|w| w.sessions.iter().any(|s| s.workout_id == "walk-run"))
        .count();
    assert!((4..=6).contains(&walk_weeks), "{walk_weeks} walk-run weeks");
    for w in 1..walk_weeks {
        assert!(longest[w] > longest[w - 1], "week {}: {longest:?}", w + 1);
    }
    // Never back to the start: the walk-run progress only moves forward.
    let steps: Vec<f64> = plan
        .sessions()
        .filter(|s| s.workout_id == "walk-run")
        .map(|s| s.progress.unwrap())
        .collect();
    assert!(steps.windows(2).all(|p| p[1] >= p[0]), "{steps:?}");
}

#[test]
fn beginner_test_taker_rehearses_the_test_every_three_weeks_at_least_twice() {
    // Timed tests: rehearse the test itself, up to weekly (Stew Smith); every 1-3 weeks.
    let plan = non_runner_with_a_20_week_test();
    let rehearsals: Vec<Date> = plan
        .sessions()
        .filter(|s| s.kind == SessionKind::TimeTrial && s.text.contains("1600m"))
        .map(|s| s.date)
        .collect();
    assert!(rehearsals.len() >= 2, "{rehearsals:?}");
    for pair in rehearsals.windows(2) {
        assert!((pair[1] - pair[0]).get_days() <= 21, "{rehearsals:?}");
    }
    let last = *rehearsals.last().unwrap();
    assert!(
        (plan.request.race_date - last).get_days() <= 24,
        "{rehearsals:?}"
    );
}

// Paces from the right number (Daniels' Running Formula: E from VDOT; Horwill's four-second
// rule from an 800 m to the mile; coaching reference §5).

/// The paces a session's running reps (or its easy running) are run at, in seconds per km.
fn resolved_paces(plan: &Plan, text: &str) -> Vec<f64> {
    let workout = miler_workout::text::parse(text).into_result().unwrap();
    let resolved = miler_workout::resolve::resolve(&workout, &plan.athlete_paces()).unwrap();
    resolved
        .steps
        .iter()
        .filter(|s| {
            s.role == miler_workout::Role::Body
                && matches!(
                    s.kind,
                    miler_workout::resolve::StepKind::Move {
                        kind: miler_workout::MoveKind::Run,
                        ..
                    }
                )
        })
        .filter_map(|s| match &s.target {
            Some(miler_workout::resolve::ResolvedTarget::Pace { fast, slow, .. }) => {
                Some((fast.secs_per_km() + slow.secs_per_km()) / 2.0)
            }
            Some(miler_workout::resolve::ResolvedTarget::Effort {
                flat_pace: Some(p), ..
            }) => Some(p.secs_per_km()),
            _ => None,
        })
        .collect()
}

#[test]
fn paces_easy_running_from_an_800_m_alone_is_aerobic_not_race_pace() {
    // With only 800m=2:18, E comes from the mile Horwill's rule predicts, then its VDOT: slower
    // than 4:00/km, so a 60-minute long run is not "17.9 km".
    let mut r = request(
        date(2026, 12, 7),
        date(2027, 4, 18),
        &["800m=2:18"],
        Some("mile=4:59"),
    );
    r.sex = Sex::Female;
    let plan = build(&r).unwrap();
    sound(&plan);
    let easy = resolved_paces(&plan, "run 60min easy\n");
    assert_eq!(easy.len(), 1);
    assert!(easy[0] > 240.0, "E at {:.0} s/km", easy[0]);
    for s in plan.sessions().filter(|s| s.workout_id == "long-run") {
        let pace = s.planned_time_s / s.planned_distance_m * 1000.0;
        assert!(pace > 240.0, "{}: {:.0} s/km", s.title, pace);
    }
    // Which model set "mile today", and why.
    let basis = &plan.feasibility.basis;
    assert!(basis.contains("Horwill"), "{basis}");
    assert!(basis.contains("800 m"), "{basis}");
    // 2:18 is 69 s per 400 m; Horwill's women's step adds 5 s per rung: 74 s per 400 m at
    // 1500 m, 79 at 3000 m, and the mile in between on the doubling scale: about 5:00.
    let per_400 = 74.0 + 5.0 * (1609.344f64 / 1500.0).log2();
    let horwill_mile = per_400 * 1609.344 / 400.0;
    assert!(
        (plan.feasibility.predicted_mile_now_s - horwill_mile).abs() < 0.5,
        "{} against {horwill_mile:.1}",
        plan.feasibility.predicted_mile_now_s
    );
}

#[test]
fn paces_one_threshold_pace_daniels_t_for_a_4_05_1500_m_runner() {
    // The article's "mile pace + 40-50 s per mile" is a check, capped at Daniels' T: for a
    // 4:05 1500 m runner it would be about his 10 km race pace.
    let mut r = request(
        date(2026, 12, 7),
        date(2027, 5, 23),
        &["1500m=4:05"],
        Some("mile=4:19"),
    );
    r.experience = Some(Experience::Competitive);
    r.weekly_minutes = Some(360.0);
    let plan = build(&r).unwrap();
    sound(&plan);
    let vdot = plan.athlete_paces().vdot().unwrap();
    let t = miler_core::paces::TrainingPaces::for_vdot(vdot)
        .threshold
        .secs_per_km();
    let mut seen = Vec::new();
    for s in plan.sessions().filter(|s| {
        matches!(
            s.workout_id.as_str(),
            "threshold-10min" | "cruise-intervals"
        )
    }) {
        for pace in resolved_paces(&plan, &s.text) {
            assert!(
                (pace - t).abs() < 1.0,
                "{} on {} at {pace:.1} s/km, T is {t:.1}",
                s.title,
                s.date
            );
        }
        seen.push(s.workout_id.as_str());
    }
    assert!(seen.contains(&"threshold-10min"), "{seen:?}");
    assert!(seen.contains(&"cruise-intervals"), "{seen:?}");
}

// Age (Runner's World, "Miles in the bank"; Women's Running, "If you're over 40, stretch out
// your training schedule"; Pete Magill, "Fast after 40: recovery"; coaching reference §4).

/// Hard training days (the race and time trials not counted) and the most running days in
/// any week.
fn hard_and_running_days(plan: &Plan) -> (Vec<Date>, usize) {
    let hard: Vec<Date> = plan
        .sessions()
        .filter(|s| s.hard && s.kind == SessionKind::Run)
        .map(|s| s.date)
        .collect();
    let running = plan
        .weeks
        .iter()
        .map(|w| {
            let mut days: Vec<Date> = w
                .sessions
                .iter()
                .filter(|s| s.kind.is_running())
                .map(|s| s.date)
                .collect();
            days.dedup();
            days.len()
        })
        .max()
        .unwrap_or(0);
    (hard, running)
}

#[test]
fn age_a_75_year_old_trains_fewer_hard_and_running_days_than_a_60_year_old() {
    let plan_at = |age: u32| {
        let mut r = request(
            date(2026, 12, 7),
            date(2027, 3, 28),
            &["mile=8:40"],
            Some("mile=8:25"),
        );
        r.age = Some(age);
        r.weekly_minutes = Some(240.0);
        let plan = build(&r).unwrap();
        sound(&plan);
        plan
    };
    let (hard_60, running_60) = hard_and_running_days(&plan_at(60));
    let (hard_75, running_75) = hard_and_running_days(&plan_at(75));
    assert!(hard_75.len() < hard_60.len(), "{hard_75:?} vs {hard_60:?}");
    assert!(running_75 < running_60, "{running_75} vs {running_60}");
    assert!(running_60 <= 5, "{running_60} running days at 60");
    // Masters need recovery between hard sessions: at 60 two easy days between them, at 75 a
    // cycle of 8-10 days, so at most one a week (the race-week sharpener aside).
    let gaps = |hard: &[Date], min: i32| {
        hard.windows(2)
            .filter(|p| (p[1] - p[0]).get_days() < min)
            .map(|p| (p[0], p[1]))
            .collect::<Vec<_>>()
    };
    let before_race_week = |hard: &[Date]| -> Vec<Date> {
        hard.iter()
            .copied()
            .filter(|&d| d < date(2027, 3, 21))
            .collect()
    };
    assert_eq!(gaps(&before_race_week(&hard_60), 3), []);
    assert_eq!(gaps(&before_race_week(&hard_75), 8), []);
}

#[test]
fn age_a_high_school_runner_s_long_run_stays_within_70_to_90_minutes() {
    // Youth: long runs of 70-90 min at most; volume grows over seasons, not weeks.
    let mut r = request(
        date(2026, 12, 7),
        date(2027, 5, 23),
        &["1500m=4:05"],
        Some("mile=4:19"),
    );
    r.age = Some(16);
    r.experience = Some(Experience::Competitive);
    r.weekly_minutes = Some(420.0);
    let plan = build(&r).unwrap();
    sound(&plan);
    let longest = plan
        .sessions()
        .filter(|s| s.workout_id == "long-run")
        .map(|s| s.planned_time_s / 60.0)
        .fold(0.0, f64::max);
    assert!(longest <= 90.0, "{longest:.0} min");
    assert!(
        longest >= 70.0,
        "{longest:.0} min: the long run still builds"
    );
}

// Sessions that come back (Daniels: stay at a chosen stress for weeks before changing;
// strides of 15-20 s, 6-10 of them; coaching reference §6).

fn club_runner_20_weeks() -> Plan {
    let mut r = request(
        date(2026, 11, 30),
        date(2027, 4, 18),
        &["5k=24:00"],
        Some("mile=6:00"),
    );
    r.days = vec![
        Weekday::Monday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    let plan = build(&r).unwrap();
    sound(&plan);
    plan
}

#[test]
fn sessions_key_sessions_come_back_within_7_to_14_days_in_their_phase() {
    let plan = club_runner_20_weeks();
    let key = [
        "cruise-intervals",
        "repeats-400m",
        "goal-pace-400s",
        "repeats-800m",
    ];
    for id in key {
        let dates: Vec<(Date, Phase)> = plan
            .weeks
            .iter()
            .flat_map(|w| w.sessions.iter().map(move |s| (s, w.phase)))
            .filter(|(s, _)| s.workout_id == id)
            .map(|(s, p)| (s.date, p))
            .collect();
        assert!(dates.len() >= 2, "{id} comes {} time(s)", dates.len());
        for pair in dates.windows(2).filter(|p| p[0].1 == p[1].1) {
            let gap = (pair[1].0 - pair[0].0).get_days();
            assert!((7..=14).contains(&gap), "{id}: {gap} days apart, {dates:?}");
        }
    }
    // The cruise intervals' progression runs: 4-minute reps first (as many of the 6 as the
    // week's threshold share holds), longer reps after.
    let cruise: Vec<&str> = plan
        .sessions()
        .filter(|s| s.workout_id == "cruise-intervals")
        .map(|s| s.text.as_str())
        .collect();
    assert!(cruise.len() >= 3, "{cruise:?}");
    assert!(cruise[0].contains(" x 4min @"), "{}", cruise[0]);
    assert!(!cruise.last().unwrap().contains("4min @"), "{cruise:?}");
}

#[test]
fn sessions_strides_are_6_to_10_of_15_to_20_seconds_never_a_workout() {
    let plan = club_runner_20_weeks();
    let mut seen = 0;
    for s in plan
        .sessions()
        .filter(|s| matches!(s.workout_id.as_str(), "easy-run" | "long-run"))
    {
        let workout = miler_workout::text::parse(&s.text).into_result().unwrap();
        for item in &workout.items {
            if let miler_workout::Item::Repeat(r) = item {
                let miler_workout::Count::Times(n) = &r.count else {
                    panic!("{}", s.text)
                };
                assert!((6..=10).contains(&n.first()), "{} on {}", s.text, s.date);
                for step in workout.flatten().unwrap() {
                    if let miler_workout::StepRef::Move(m) = step.step
                        && m.kind == miler_workout::MoveKind::Stride
                        && let miler_workout::Length::Time { ramp, .. } = &m.length
                    {
                        let secs = ramp.first().secs();
                        assert!((15.0..=20.0).contains(&secs), "{} on {}", s.text, s.date);
                        seen += 1;
                    }
                }
            }
        }
    }
    assert!(seen > 0, "the plan has strides");
}

#[test]
fn strength_sessions_are_48_hours_apart_across_weeks_too() {
    // ACSM: strength on non-consecutive days, 48 h apart for the same muscles.
    use Weekday::*;
    for days in [
        vec![Monday, Wednesday, Thursday, Saturday, Sunday],
        miler_plan::request::ALL_DAYS.to_vec(),
        vec![Monday, Tuesday, Saturday, Sunday],
    ] {
        let mut r = request(
            date(2026, 12, 1),
            date(2027, 4, 18),
            &["5k=24:00"],
            Some("mile=6:00"),
        );
        r.days = days;
        let plan = build(&r).unwrap();
        sound(&plan);
        let strength: Vec<Date> = plan
            .sessions()
            .filter(|s| s.kind == SessionKind::Strength)
            .map(|s| s.date)
            .collect();
        assert!(strength.len() > 10, "{strength:?}");
        for pair in strength.windows(2) {
            assert!((pair[1] - pair[0]).get_days() >= 2, "{pair:?}");
        }
    }
}

#[test]
fn paces_a_non_runner_s_easy_running_is_never_slower_than_walking() {
    // A non-runner's walking pace is information: easy running is never slower than the pace
    // they already walk (brisk walking, 1.4 m/s: 714 s/km).
    let mut r = request(
        date(2026, 12, 7),
        date(2027, 4, 25),
        &[],
        Some("mile=13:20"),
    );
    r.age = Some(42);
    r.weekly_minutes = Some(90.0);
    let plan = build(&r).unwrap();
    sound(&plan);
    let easy = resolved_paces(&plan, "run 30min easy\n");
    assert!(easy[0] <= 1000.0 / 1.4 + 0.5, "E at {:.0} s/km", easy[0]);
    for s in plan
        .sessions()
        .filter(|s| matches!(s.workout_id.as_str(), "easy-run" | "long-run"))
    {
        let pace = s.planned_time_s / s.planned_distance_m * 1000.0;
        assert!(pace <= 1000.0 / 1.4 + 0.5, "{} at {pace:.0} s/km", s.title);
    }
}

#[test]
fn recovery_add_ons_foam_rolling_after_hard_sessions_and_a_walk_before_a_non_runner_s_stretching() {
    // Foam rolling a few times a week, as an add-on to a run day; a non-runner's flexibility
    // session does not start with 15 minutes of running.
    let plan = club_runner_20_weeks();
    let foam: Vec<Date> = plan
        .sessions()
        .filter(|s| s.workout_id == "foam-rolling")
        .map(|s| s.date)
        .collect();
    assert!(foam.len() >= 10, "{foam:?}");
    for date in &foam {
        assert!(
            plan.sessions()
                .any(|s| s.date == *date && s.hard && s.kind == SessionKind::Run),
            "foam rolling on {date} without a hard run"
        );
    }
    let plan = non_runner_with_a_20_week_test();
    for s in plan.sessions().filter(|s| s.workout_id == "mobility") {
        assert!(
            !s.text.contains("warm-up 15min easy"),
            "{}: {}",
            s.date,
            s.text
        );
    }
}
