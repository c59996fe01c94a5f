//! Every guardrail over thousands of generated runners: from people who do not run yet to
//! sub-4 hopefuls, 3 to 30 weeks, 3 to 7 training days, every facility and preference.

use jiff::civil::{Weekday, date};
use miler_core::agegrade::Sex;
use miler_core::{Distance, Duration, Performance};
use miler_plan::guardrails::{self, Rule};
use miler_plan::request::ALL_DAYS;
use miler_plan::{
    Experience, Facilities, Fitness, Goal, Level, RaceVenue, Request, SessionKind, TrackSize, build,
};
use proptest::prelude::*;

/// Result distances a runner might give, from 400 m to the half marathon.
const DISTANCES: [f64; 8] = [
    400.0, 800.0, 1500.0, 1609.344, 3000.0, 5000.0, 10_000.0, 21_097.5,
];

fn result(mile_s: f64, metres: f64) -> Performance {
    // Riegel from the runner's mile: plausible at every distance.
    let time = mile_s * (metres / 1609.344).powf(1.06);
    Performance::new(
        Distance::from_metres(metres).unwrap(),
        Duration::from_secs(time.round()).unwrap(),
    )
    .unwrap()
}

prop_compose! {
    fn runner()(
        start_offset in 0i64..400,
        weeks in 3i64..=30,
        race_back in 0i64..7,
        none in prop::bool::weighted(0.1),
        mile_s in 230.0f64..900.0,
        distance in 0usize..DISTANCES.len(),
        second in prop::option::weighted(0.3, 0usize..DISTANCES.len()),
        goal_factor in prop::option::weighted(0.9, 0.8f64..1.1),
        day_mask in 0u8..128,
        long in prop::option::of(0usize..7),
        weekly in prop::option::of(0.0f64..600.0),
        experience in prop::option::of(0usize..4),
        age in prop::option::of(12u32..80),
        female in any::<bool>(),
        track in 0usize..3,
        hills in any::<bool>(),
        treadmill in any::<bool>(),
        gym in any::<bool>(),
        backward in any::<bool>(),
        venue in 0usize..3,
    ) -> Request {
        let start = date(2026, 1, 1).checked_add(jiff::Span::new().days(start_offset)).unwrap();
        let race_date = start
            .checked_add(jiff::Span::new().days(weeks * 7 - race_back))
            .unwrap();
        let mut days: Vec<Weekday> = ALL_DAYS
            .iter()
            .enumerate()
            .filter(|(i, _)| day_mask & (1 << i) != 0)
            .map(|(_, &d)| d)
            .collect();
        // At least three days: fill from the front of the week.
        for d in ALL_DAYS {
            if days.len() >= 3 {
                break;
            }
            if !days.contains(&d) {
                days.push(d);
            }
        }
        let long_run_day = long.map(|i| days[i % days.len()]);
        let fitness = if none {
            Fitness::None
        } else {
            let mut results = vec![result(mile_s, DISTANCES[distance])];
            if let Some(d) = second {
                results.push(result(mile_s * 1.01, DISTANCES[d]));
            }
            Fitness::Results(results)
        };
        let goal_mile = if none { 780.0 } else { mile_s };
        let goal = match goal_factor {
            Some(f) => Goal::Time(Performance::new(Distance::MILE, Duration::from_secs((goal_mile * f).max(230.0).round()).unwrap()).unwrap()),
            None => Goal::AsFastAsPossible,
        };
        Request {
            start,
            race_date,
            fitness,
            goal,
            days,
            long_run_day,
            weekly_minutes: weekly.map(|w| w.round()),
            experience: experience.map(|i| [Experience::New, Experience::Novice, Experience::Regular, Experience::Competitive][i]),
            age,
            sex: if female { Sex::Female } else { Sex::Male },
            facilities: Facilities {
                track: [Some(TrackSize::M400), Some(TrackSize::M200), None][track],
                hills,
                treadmill,
                gym,
            },
            backward,
            venue: [RaceVenue::Track400, RaceVenue::Track200, RaceVenue::Road][venue],
        }
    }
}

fn cases() -> u32 {
    std::env::var("MILER_PLAN_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn every_generated_runner_gets_a_plan_within_every_guardrail(
        request in runner(),
        adapt_after in 0i64..210,
        skip_mask in any::<u64>(),
    ) {
        let plan = build(&request).expect("a valid request builds");
        let violations = guardrails::check(&plan);
        prop_assert!(violations.is_empty(), "{}", violations.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("\n"));
        prop_assert_eq!(plan.weeks.len() as u32, request.weeks());
        // The race is on its date and is the last session.
        let last = plan.sessions().filter(|s| s.kind.is_running()).last().unwrap();
        prop_assert_eq!(last.kind, SessionKind::Race);
        prop_assert_eq!(last.date, request.race_date);
        // Plans round-trip through JSON unchanged.
        let json = serde_json::to_string(&plan).unwrap();
        let back: miler_plan::Plan = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &plan);

        // Adapted after some sessions were skipped, the plan keeps every guardrail too.
        let today = request.start.checked_add(jiff::Span::new().days(adapt_after)).unwrap();
        let log = miler_plan::adapt::Log {
            outcomes: plan
                .sessions()
                .filter(|s| s.date < today)
                .enumerate()
                .map(|(i, s)| miler_plan::adapt::Outcome {
                    session_key: s.key.clone(),
                    done: skip_mask & (1 << (i % 64)) == 0,
                    targets_hit: Some(skip_mask & (1 << ((i + 7) % 64)) == 0),
                })
                .collect(),
            results: Vec::new(),
        };
        let adapted = miler_plan::adapt::adapt(&plan, &log, today).expect("adapts");
        let violations = guardrails::check(&adapted.plan);
        prop_assert!(violations.is_empty(), "adapted on {}: {}", today, violations.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("\n"));
    }
}

/// The checker itself catches what it should: each rule broken on purpose is reported.
#[test]
fn the_checker_reports_each_broken_rule() {
    let request = Request {
        start: date(2026, 12, 1),
        race_date: date(2027, 4, 18),
        fitness: Fitness::Results(vec!["5k=24:00".parse().unwrap()]),
        goal: Goal::Time("mile=6:00".parse().unwrap()),
        days: vec![
            Weekday::Monday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Saturday,
            Weekday::Sunday,
        ],
        long_run_day: Some(Weekday::Sunday),
        weekly_minutes: None,
        experience: None,
        age: None,
        sex: Sex::Male,
        facilities: Facilities::default(),
        backward: false,
        venue: RaceVenue::Track400,
    };
    let plan = build(&request).unwrap();
    assert!(guardrails::check(&plan).is_empty());
    let rules = |plan: &miler_plan::Plan| -> Vec<Rule> {
        guardrails::check(plan).iter().map(|v| v.rule).collect()
    };

    // A session on a Tuesday, which is not a training day.
    let mut broken = plan.clone();
    let week = &mut broken.weeks[3];
    let mut extra = week.sessions[0].clone();
    extra.date = week.start.checked_add(jiff::Span::new().days(1)).unwrap();
    week.sessions.push(extra);
    assert!(rules(&broken).contains(&Rule::Days));

    // Twice the running in one week.
    let mut broken = plan.clone();
    let week = broken
        .weeks
        .iter_mut()
        .skip(1)
        .find(|w| !w.lighter)
        .unwrap();
    week.running.running_load *= 2.0;
    assert!(rules(&broken).contains(&Rule::LoadGrowth));

    // Hard sessions on two days in a row.
    let mut broken = plan.clone();
    let week = broken
        .weeks
        .iter_mut()
        .find(|w| w.sessions.iter().any(|s| s.hard))
        .unwrap();
    let hard = week.sessions.iter().find(|s| s.hard).unwrap().clone();
    let mut next = hard.clone();
    next.date = hard.date.checked_add(jiff::Span::new().days(1)).unwrap();
    week.sessions.push(next);
    week.sessions.sort_by_key(|s| s.date);
    assert!(rules(&broken).contains(&Rule::HardDaysApart));

    // A long run that is most of the week.
    let mut broken = plan.clone();
    let week = &mut broken.weeks[2];
    let long = week
        .sessions
        .iter_mut()
        .find(|s| s.workout_id == "long-run")
        .unwrap();
    long.planned_time_s = 5.0 * 3600.0;
    assert!(rules(&broken).contains(&Rule::LongRunShare));

    // No taper: race week as big as the biggest week.
    let mut broken = plan.clone();
    let peak = broken
        .weeks
        .iter()
        .map(|w| w.running)
        .fold(broken.reference, |a, b| a.max(b));
    let last = broken.weeks.last_mut().unwrap();
    last.running = peak.scaled(1.5);
    assert!(rules(&broken).contains(&Rule::Taper));

    // No race.
    let mut broken = plan.clone();
    for week in &mut broken.weeks {
        week.sessions.retain(|s| s.kind != SessionKind::Race);
    }
    assert!(rules(&broken).contains(&Rule::Race));

    // A 90-minute long run the day before the race.
    let mut broken = plan.clone();
    let race = broken.request.race_date;
    let eve = race.checked_sub(jiff::Span::new().days(1)).unwrap();
    let week = broken.weeks.last_mut().unwrap();
    let mut long = week.sessions[0].clone();
    long.date = eve;
    long.workout_id = "long-run".into();
    long.hard = false;
    long.planned_time_s = 90.0 * 60.0;
    long.load = 0.0;
    week.sessions.retain(|s| s.date != eve);
    week.sessions.push(long);
    week.sessions.sort_by_key(|s| s.date);
    assert!(rules(&broken).contains(&Rule::RaceEve));

    // The seven days before the race as big as the biggest week (COACHING §3: cut volume in
    // the last 5-7 days before any race).
    let mut broken = plan.clone();
    let peak = guardrails::window_peak(&broken.weeks, broken.reference, race);
    let week = broken.weeks.last_mut().unwrap();
    let first = week
        .sessions
        .iter_mut()
        .find(|s| s.kind.is_running() && s.kind != SessionKind::Race)
        .unwrap();
    first.planned_time_s = peak.running_min * 60.0;
    assert!(rules(&broken).contains(&Rule::RaceWindow));

    // No sharpener, or one a week before the race.
    let mut broken = plan.clone();
    for week in &mut broken.weeks {
        week.sessions.retain(|s| s.workout_id != "race-sharpener");
    }
    assert!(rules(&broken).contains(&Rule::Sharpener));
    let mut broken = plan.clone();
    for s in broken.weeks.iter_mut().flat_map(|w| w.sessions.iter_mut()) {
        if s.workout_id == "race-sharpener" {
            s.date = race.checked_sub(jiff::Span::new().days(6)).unwrap();
        }
    }
    assert!(rules(&broken).contains(&Rule::Sharpener));

    // A 75-year-old given a plan for someone of no stated age: five running days and two hard
    // sessions a week (coaching reference §4: fewer hard days, longer recovery with age).
    let mut broken = plan.clone();
    broken.request.age = Some(75);
    assert!(rules(&broken).contains(&Rule::Age));

    // A beginner with two hard days.
    let mut broken = plan.clone();
    broken.level = Level::Beginner;
    assert!(rules(&broken).contains(&Rule::Beginner));
}
