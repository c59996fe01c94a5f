//! Representative plans in full, as a runner reads them. A change to how plans are built shows
//! up here as a reviewable diff.

use jiff::civil::{Weekday, date};
use miler_core::agegrade::Sex;
use miler_plan::{Facilities, Fitness, Goal, RaceVenue, Request, build, render};

fn request(from: &[&str], goal: &str, race: jiff::civil::Date, days: &[Weekday]) -> Request {
    Request {
        start: date(2026, 12, 1),
        race_date: race,
        fitness: if from.is_empty() {
            Fitness::None
        } else {
            Fitness::Results(from.iter().map(|r| r.parse().unwrap()).collect())
        },
        goal: Goal::Time(goal.parse().unwrap()),
        days: days.to_vec(),
        long_run_day: Some(Sunday),
        weekly_minutes: None,
        experience: None,
        age: None,
        sex: Sex::Male,
        facilities: Facilities::default(),
        backward: false,
        venue: RaceVenue::Track400,
    }
}

use Weekday::*;

#[test]
fn the_issue_example_5k_24_00_to_a_6_00_mile_on_2027_04_18() {
    let r = request(
        &["5k=24:00"],
        "mile=6:00",
        date(2027, 4, 18),
        &[Monday, Wednesday, Thursday, Saturday, Sunday],
    );
    insta::assert_snapshot!(render::markdown(&build(&r).unwrap(), None));
}

#[test]
fn a_new_runner_with_eight_weeks_to_a_1600_m_test() {
    let r = request(
        &[],
        "1600m=9:30",
        date(2027, 1, 24),
        &[Tuesday, Thursday, Sunday],
    );
    insta::assert_snapshot!(render::markdown(&build(&r).unwrap(), None));
}
