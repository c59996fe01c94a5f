//! A plan as a calendar: one all-day event per session, with the workout and its splits in
//! the description, for [`ics::write`] to turn into an iCalendar file.
//!
//! The part that matters most is the identity of each event. A runner imports the plan, then
//! the plan adapts and they import it again; the calendar app must update the events it
//! holds instead of adding a second copy of every session. So the UID depends only on the
//! stored plan and the session's key (its date and workout, which the plan keeps across
//! revisions), and SEQUENCE is the plan's revision, which grows with every adaptation — the
//! pair RFC 5545 §3.8.7.4 uses to tell a newer version of an event from an older one.
//!
//! Everything else is text a runner reads on their phone: the title as the summary, and in
//! the description what the session is for, the workout as miler's workout language writes
//! it, the splits card for this runner's paces, the planned time and distance and, on race
//! day, the warm-up and the lap-by-lap pacing plan.

use std::fmt::Write as _;

use miler_core::Distance;
use miler_workout::card;
use miler_workout::resolve::{AthletePaces, resolve};
use miler_workout::text;

use crate::feasibility::clock;
use crate::ics::{Calendar, Event};
use crate::model::{Plan, Session, SessionKind};

/// The plan's calendar. `plan_id` names the stored plan (the store's id, as text) and goes
/// into every UID; `revision` is the plan's revision and becomes every event's SEQUENCE.
pub fn to_calendar(plan: &Plan, plan_id: &str, revision: u32) -> Calendar {
    let paces = plan.athlete_paces();
    let f = &plan.feasibility;
    Calendar {
        name: format!("miler: {}", plan_name(plan)),
        description: Some(format!(
            "{} weeks to race day. {}: {}",
            plan.weeks.len(),
            capitalized(f.verdict.as_str()),
            f.reason
        )),
        events: plan
            .weeks
            .iter()
            .flat_map(|week| week.sessions.iter().map(move |s| (week, s)))
            .map(|(week, session)| Event {
                uid: uid(plan_id, &session.key),
                date: session.date,
                summary: session.title.clone(),
                description: description(plan, session, &paces),
                sequence: revision,
                categories: vec![
                    week.phase.as_str().to_owned(),
                    kind_name(session.kind).to_owned(),
                ],
            })
            .collect(),
    }
}

/// The plan in a few words, as a runner would name it: `6:00 mile on 2027-04-18`,
/// `1600m in 7:00 on 2027-01-26`, `Fastest mile on 2027-04-18`.
pub fn plan_name(plan: &Plan) -> String {
    let goal = match plan.request.goal_time() {
        Some(p) if (p.distance().metres() - Distance::MILE.metres()).abs() < 0.5 => {
            format!("{} mile", p.time())
        }
        Some(p) => format!("{} in {}", p.distance(), p.time()),
        None => "Fastest mile".to_owned(),
    };
    format!("{goal} on {}", plan.race.date)
}

/// The UID of a session's event: `{key}@{plan_id}.plan.miler`, with the key's `/` written as
/// `.` and anything but ASCII letters, digits, `-`, `.` and `_` as `_`, so the UID needs no
/// escaping and survives calendar apps that are careless with other characters.
///
/// ```
/// assert_eq!(
///     miler_plan::calendar::uid("7", "2027-01-05/goal-pace-400s"),
///     "2027-01-05.goal-pace-400s@7.plan.miler"
/// );
/// ```
pub fn uid(plan_id: &str, session_key: &str) -> String {
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| match c {
                '/' => '.',
                c if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') => c,
                _ => '_',
            })
            .collect()
    };
    format!("{}@{}.plan.miler", safe(session_key), safe(plan_id))
}

/// The calendar category for a kind of session.
pub fn kind_name(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Run => "run",
        SessionKind::TimeTrial => "time trial",
        SessionKind::Race => "race",
        SessionKind::Strength => "strength",
        SessionKind::Mobility => "mobility",
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What the event says: why, the workout, its splits card, the plan for it; the race plan
/// on race day.
fn description(plan: &Plan, session: &Session, paces: &AthletePaces) -> String {
    let mut out = String::new();
    if session.hard {
        out.push_str("Hard session: come to it fresh.\n");
    }
    if let Some(note) = &session.note {
        let _ = writeln!(out, "{note}");
    }
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", session.text.trim_end());
    // A session's text is printed by the plan's generator, so it parses and resolves; if it
    // ever didn't, the event still carries the workout itself.
    if let Ok(workout) = text::parse(&session.text).into_result()
        && let Ok(resolved) = resolve(&workout, paces)
    {
        let _ = write!(out, "\nFor your paces:\n{}", card::steps(&resolved, 0));
    }
    let mut planned = vec![format!("about {}", minutes(session.planned_time_s))];
    if session.planned_distance_m > 0.0 {
        planned.push(format!("{:.1} km", session.planned_distance_m / 1000.0));
    }
    let _ = writeln!(out, "\nPlanned: {}.", planned.join(", "));
    if session.kind == SessionKind::Race && session.date == plan.race.date {
        race_plan(&mut out, plan);
    }
    out.trim_end().to_owned()
}

/// `52 min`, or `1 h 05 min` from an hour.
fn minutes(secs: f64) -> String {
    let total = (secs / 60.0).round() as i64;
    if total < 60 {
        format!("{total} min")
    } else {
        format!("{} h {:02} min", total / 60, total % 60)
    }
}

fn race_plan(out: &mut String, plan: &Plan) {
    let race = &plan.race;
    let _ = writeln!(
        out,
        "\nRace plan: {} for {:.0} m at even pace.\nWarm-up: {}",
        clock(race.target_s),
        race.distance_m,
        race.warm_up
    );
    for split in &race.splits {
        let _ = writeln!(
            out,
            "{}: {} (at {})",
            split.label,
            card::clock(split.split_s),
            card::clock(split.cumulative_s)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Facilities, Fitness, Goal, RaceVenue, Request};
    use jiff::civil::{Weekday, date};
    use miler_core::agegrade::Sex;

    fn request() -> Request {
        Request {
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
        }
    }

    fn plan() -> Plan {
        crate::build(&request()).unwrap()
    }

    #[test]
    fn one_event_per_session_on_its_day() {
        let plan = plan();
        let calendar = to_calendar(&plan, "7", 3);
        let sessions: Vec<&Session> = plan.sessions().collect();
        assert_eq!(calendar.events.len(), sessions.len());
        for (event, session) in calendar.events.iter().zip(&sessions) {
            assert_eq!(event.date, session.date);
            assert_eq!(event.summary, session.title);
            assert_eq!(event.sequence, 3);
            assert!(event.description.contains(session.text.trim_end()));
            assert_eq!(event.categories[1], kind_name(session.kind));
        }
        assert_eq!(calendar.name, "miler: 6:00 mile on 2027-04-18");
    }

    #[test]
    fn uids_are_unique_and_survive_a_new_revision() {
        let plan = plan();
        let first = to_calendar(&plan, "7", 1);
        let second = to_calendar(&plan, "7", 2);
        let uids: std::collections::HashSet<&str> =
            first.events.iter().map(|e| e.uid.as_str()).collect();
        assert_eq!(uids.len(), first.events.len());
        for (a, b) in first.events.iter().zip(&second.events) {
            assert_eq!(a.uid, b.uid);
            assert_eq!((a.sequence, b.sequence), (1, 2));
        }
        // Another stored plan's events are other events.
        let other = to_calendar(&plan, "8", 1);
        assert!(other.events.iter().all(|e| !uids.contains(e.uid.as_str())));
    }

    #[test]
    fn uids_need_no_escaping() {
        for (plan_id, key, expected) in [
            (
                "7",
                "2027-01-05/goal-pace-400s",
                "2027-01-05.goal-pace-400s@7.plan.miler",
            ),
            ("12", "2027-04-18/race", "2027-04-18.race@12.plan.miler"),
            (
                "a b",
                "2027-04-18/x;y,z\\é",
                "2027-04-18.x_y_z__@a_b.plan.miler",
            ),
        ] {
            assert_eq!(uid(plan_id, key), expected);
        }
    }

    #[test]
    fn a_rep_session_carries_its_splits_for_the_goal() {
        let plan = plan();
        let calendar = to_calendar(&plan, "1", 1);
        // A 6:00 mile is 90 s per 400 m by the four-laps rule, so a 400 m rep at goal pace
        // is run in 1:30 at the slow end of its band.
        let (event, _) = calendar
            .events
            .iter()
            .zip(plan.sessions())
            .find(|(_, s)| s.workout_id == "goal-pace-400s")
            .expect("a 6:00 plan has goal-pace 400s");
        assert!(
            event.description.contains("run 400m"),
            "{}",
            event.description
        );
        assert!(
            event.description.contains("-1:30,"),
            "{}",
            event.description
        );
        assert!(event.description.starts_with("Hard session"));
        assert!(event.categories.contains(&"race-specific".to_owned()));
    }

    #[test]
    fn race_day_has_the_lap_by_lap_plan() {
        let plan = plan();
        let calendar = to_calendar(&plan, "1", 1);
        let race = calendar.events.last().unwrap();
        assert_eq!(race.date, date(2027, 4, 18));
        assert_eq!(race.categories[1], "race");
        // A mile on a 400 m track: 9 m to the start of four full laps; even 6:00 pace puts
        // the first 409 m at 409.344 / 1609.344 × 360 s = 91.6 s.
        assert!(
            race.description
                .contains("lap 1 (409 m): 1:31.6 (at 1:31.6)"),
            "{}",
            race.description
        );
        assert!(
            race.description
                .contains("lap 4 (1609 m): 1:29.5 (at 6:00)"),
            "{}",
            race.description
        );
        assert!(race.description.contains("15 min easy jog"));
    }

    #[test]
    fn plans_are_named_by_goal_and_date() {
        let mut request = request();
        assert_eq!(
            plan_name(&crate::build(&request).unwrap()),
            "6:00 mile on 2027-04-18"
        );
        request.goal = Goal::Time("1600m=7:00".parse().unwrap());
        assert_eq!(
            plan_name(&crate::build(&request).unwrap()),
            "1600m in 7:00 on 2027-04-18"
        );
        request.goal = Goal::AsFastAsPossible;
        assert_eq!(
            plan_name(&crate::build(&request).unwrap()),
            "Fastest mile on 2027-04-18"
        );
    }

    #[test]
    fn minutes_read_as_a_runner_says_them() {
        for (secs, text) in [
            (0.0, "0 min"),
            (3116.0, "52 min"),
            (3600.0, "1 h 00 min"),
            (3929.0, "1 h 05 min"),
        ] {
            assert_eq!(minutes(secs), text);
        }
    }
}
