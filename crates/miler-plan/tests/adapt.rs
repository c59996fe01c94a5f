//! Adaptation: missed sessions are not crammed in, new results move the paces, repeated misses
//! hold the progression, and every change is explained.

use jiff::civil::{Date, Weekday, date};
use miler_core::agegrade::Sex;
use miler_plan::adapt::{Log, NewResult, Outcome, adapt};
use miler_plan::{
    Facilities, Fitness, Goal, Plan, RaceVenue, Request, SessionKind, build, guardrails,
};

fn plan() -> Plan {
    build(&Request {
        start: date(2026, 11, 30),
        race_date: date(2027, 4, 18),
        fitness: Fitness::Results(vec!["5k=22:00".parse().unwrap()]),
        goal: Goal::Time("mile=6:00".parse().unwrap()),
        days: vec![
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Thursday,
            Weekday::Saturday,
            Weekday::Sunday,
        ],
        long_run_day: Some(Weekday::Sunday),
        weekly_minutes: Some(200.0),
        experience: None,
        age: Some(30),
        sex: Sex::Male,
        facilities: Facilities::default(),
        backward: false,
        venue: RaceVenue::Track400,
    })
    .unwrap()
}

/// Every session before `today` done, except those `skip` says.
fn log(plan: &Plan, today: Date, skip: impl Fn(&miler_plan::Session) -> bool) -> Log {
    Log {
        outcomes: plan
            .sessions()
            .filter(|s| s.date < today)
            .map(|s| Outcome {
                session_key: s.key.clone(),
                done: !skip(s),
                targets_hit: None,
            })
            .collect(),
        results: Vec::new(),
    }
}

#[test]
fn running_the_plan_as_written_changes_nothing() {
    let plan = plan();
    let today = date(2027, 1, 6);
    let adapted = adapt(&plan, &log(&plan, today, |_| false), today).unwrap();
    assert_eq!(adapted.plan.weeks, plan.weeks);
    assert!(adapted.changes.is_empty(), "{:?}", adapted.changes);
}

#[test]
fn a_missed_fortnight_is_not_crammed_in_and_the_plan_comes_back_gently() {
    let plan = plan();
    let today = date(2027, 1, 13);
    // Weeks 5 and 6 (2026-12-28 to 2027-01-10) missed entirely.
    let missed = |s: &miler_plan::Session| s.date >= date(2026, 12, 28);
    let adapted = adapt(&plan, &log(&plan, today, missed), today).unwrap();
    assert!(
        guardrails::check(&adapted.plan).is_empty(),
        "{:?}",
        guardrails::check(&adapted.plan)
    );
    let line = adapted
        .changes
        .iter()
        .find(|c| c.contains("not made up"))
        .expect("explained");
    assert!(line.contains("weeks 6-7"), "{line}");
    assert!(
        line.contains("starts again from your level before the plan"),
        "{line}"
    );
    // Nothing added: the weeks ahead hold no more sessions than planned.
    let ahead = |p: &Plan| p.sessions().filter(|s| s.date >= date(2027, 1, 18)).count();
    assert!(ahead(&adapted.plan) <= ahead(&plan));
    // Week 8 (the first re-planned) is at most 10 % above the runner's own starting level,
    // since the two weeks before it were not run.
    let week8 = adapted.plan.week(8).unwrap();
    assert!(week8.training().running_min <= 1.1 * plan.reference.running_min + 1e-6);
    assert!(week8.training().running_min < plan.week(8).unwrap().training().running_min);
    // The past is kept as it was planned.
    assert_eq!(adapted.plan.weeks[..7], plan.weeks[..7]);
}

#[test]
fn a_faster_time_trial_moves_the_paces_and_the_prediction() {
    let plan = plan();
    let today = date(2027, 2, 3);
    let mut log = log(&plan, today, |_| false);
    log.results.push(NewResult {
        date: date(2027, 1, 30),
        result: "mile=5:58".parse().unwrap(),
    });
    let adapted = adapt(&plan, &log, today).unwrap();
    assert!(
        adapted.plan.feasibility.expected_mile_race_day_s
            < plan.feasibility.expected_mile_race_day_s
    );
    assert!(
        adapted.changes[0].starts_with("New result mile=5:58 on 2027-01-30"),
        "{:?}",
        adapted.changes
    );
    // Goal-pace sessions ahead are faster: the goal is now within reach at 6:00 rather than
    // the slower training goal the 5 km gave.
    let gp = |p: &Plan| -> Vec<f64> {
        p.sessions()
            .filter(|s| s.workout_id == "goal-pace-400s" && s.date > date(2027, 2, 8))
            .map(|s| s.planned_time_s)
            .collect()
    };
    assert!(!gp(&adapted.plan).is_empty());
    assert!(adapted.plan.feasibility.training_goal_mile_s <= plan.feasibility.training_goal_mile_s);
    assert!(guardrails::check(&adapted.plan).is_empty());
}

#[test]
fn missing_targets_twice_holds_the_progression() {
    let plan = plan();
    // The cruise intervals build from 6 x 4 min over the strength and quality weeks.
    let id = "cruise-intervals";
    let gp: Vec<_> = plan
        .sessions()
        .filter(|s| s.workout_id == id)
        .cloned()
        .collect();
    assert!(gp.len() >= 3, "{}", gp.len());
    let today = gp[1].date.checked_add(jiff::Span::new().days(1)).unwrap();
    let mut log = log(&plan, today, |_| false);
    for o in &mut log.outcomes {
        if o.session_key == gp[0].key || o.session_key == gp[1].key {
            o.targets_hit = Some(false);
        }
    }
    let adapted = adapt(&plan, &log, today).unwrap();
    assert!(
        adapted
            .changes
            .iter()
            .any(|c| c.starts_with("Cruise intervals: targets missed in 2 of the last 3")),
        "{:?}",
        adapted.changes
    );
    let held = gp[1].progress.unwrap();
    let ahead: Vec<f64> = adapted
        .plan
        .sessions()
        .filter(|s| s.workout_id == id && s.date > today)
        .filter_map(|s| s.progress)
        .collect();
    assert!(!ahead.is_empty());
    assert!(
        ahead.iter().all(|&p| p <= held + 1e-9),
        "{ahead:?} > {held}"
    );
    // Without the misses the progression would have moved on.
    let free = adapt(&plan, &self::log(&plan, today, |_| false), today).unwrap();
    let moved: Vec<f64> = free
        .plan
        .sessions()
        .filter(|s| s.workout_id == id && s.date > today)
        .filter_map(|s| s.progress)
        .collect();
    assert!(moved.iter().any(|&p| p > held));
    let _ = SessionKind::Race;
}
