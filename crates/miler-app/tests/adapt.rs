//! A plan held against what was run: a time trial recorded on its day is a new result that
//! moves the paces, and a hard session's laps decide whether its targets were hit.
//!
//! The activities are built lap by lap so that every expected value is known by construction
//! (a mile lap of 405 s is a 6:45 mile).

use jiff::Timestamp;
use jiff::civil::{Date, Weekday, date};
use jiff::tz::TimeZone;
use miler_activity::{Activity, Lap, SampleRow, SamplesBuilder, Sport};
use miler_core::agegrade::Sex;
use miler_core::{Distance, Duration, Performance};
use miler_plan::{Facilities, Fitness, Goal, Plan, RaceVenue, Request, SessionKind, build};
use miler_store::{AthleteId, NewPlan, Source, Store};

fn request() -> Request {
    Request {
        start: date(2026, 11, 30),
        race_date: date(2027, 3, 28),
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

/// An activity on `day` at 09:00 UTC of `(seconds, metres, rest)` laps, steady within each.
fn run_on(day: Date, laps: &[(f64, f64, bool)]) -> Activity {
    let mut samples = SamplesBuilder::default();
    let (mut t, mut d) = (0.0, 0.0);
    let mut out = Vec::new();
    for &(time, distance, rest) in laps {
        out.push(Lap {
            start_offset: Duration::from_secs(t).unwrap(),
            timer_time: Duration::from_secs(time).unwrap(),
            elapsed_time: Duration::from_secs(time).unwrap(),
            distance: Distance::from_metres(distance).unwrap(),
            average_heart_rate_bpm: None,
            workout_step_index: None,
            is_rest: Some(rest),
        });
        let n = time.round() as usize;
        for i in 0..n {
            samples.push(SampleRow {
                time_s: t + i as f64,
                distance_m: Some(d + distance * i as f64 / n as f64),
                ..SampleRow::default()
            });
        }
        t += time;
        d += distance;
    }
    samples.push(SampleRow {
        time_s: t,
        distance_m: Some(d),
        ..SampleRow::default()
    });
    let mut activity = Activity::new(Sport::Running, samples.finish());
    activity.laps = out;
    activity.start_time = Some(
        day.at(9, 0, 0, 0)
            .to_zoned(TimeZone::UTC)
            .unwrap()
            .timestamp(),
    );
    activity
}

async fn stored(plan: &Plan) -> (tempfile::TempDir, Store, miler_store::StoredPlan) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("miler.db").display()
    );
    let store = Store::open(&url).await.unwrap();
    let json = serde_json::to_string(plan).unwrap();
    let request = serde_json::to_string(&plan.request).unwrap();
    let id = store
        .create_plan(
            AthleteId::DEFAULT,
            &NewPlan {
                title: "test",
                request_json: &request,
                plan_json: &json,
            },
            Timestamp::UNIX_EPOCH,
        )
        .await
        .unwrap();
    let stored = store.plan(AthleteId::DEFAULT, id).await.unwrap().unwrap();
    (dir, store, stored)
}

#[tokio::test]
async fn a_time_trial_run_on_its_day_is_a_new_result_that_moves_the_paces() {
    let plan = build(&request()).unwrap();
    let trial = plan
        .sessions()
        .find(|s| s.kind == SessionKind::TimeTrial)
        .expect("the plan has a time trial")
        .clone();
    let (_dir, store, stored) = stored(&plan).await;
    // Warm-up, the mile in 6:45, cool-down.
    let activity = run_on(
        trial.date,
        &[
            (1200.0, 3000.0, true),
            (405.0, 1609.344, false),
            (600.0, 1500.0, true),
        ],
    );
    let id = store
        .insert_activity(
            AthleteId::DEFAULT,
            &activity,
            &Source::new("fit", "trial.fit", b"trial"),
        )
        .await
        .unwrap();
    let miler_store::Inserted::New(id) = id else {
        panic!("{id:?}")
    };

    let today = trial.date.tomorrow().unwrap();
    let adaptation = miler_app::plans::adapt(
        &store,
        AthleteId::DEFAULT,
        &stored,
        today,
        &TimeZone::UTC,
        &[],
        Timestamp::UNIX_EPOCH,
    )
    .await
    .unwrap();

    let mile_6_45 = Performance::new(Distance::MILE, Duration::from_secs(405.0).unwrap()).unwrap();
    assert_eq!(adaptation.results.len(), 1);
    assert_eq!(adaptation.results[0].date, trial.date);
    assert_eq!(adaptation.results[0].result, mile_6_45);
    assert_eq!(adaptation.matched, vec![(trial.key.clone(), id)]);
    assert_eq!(adaptation.checks.len(), 1);
    assert_eq!(adaptation.checks[0].session_key, trial.key);
    assert!(
        adaptation.changes[0].starts_with(&format!("New result {mile_6_45} on {}", trial.date)),
        "{:?}",
        adaptation.changes
    );
    assert_eq!(adaptation.revision, Some(2));
    // The paces now come from the trial: its mile is the plan's basis.
    assert_eq!(
        adaptation.plan.request.fitness,
        Fitness::Results(vec![mile_6_45])
    );
    let revisions = store
        .plan_revisions(AthleteId::DEFAULT, stored.id)
        .await
        .unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[1].changes, adaptation.changes);
}

#[tokio::test]
async fn hard_sessions_are_checked_against_their_laps() {
    let plan = build(&request()).unwrap();
    // The first hard session with distance reps and a pace band.
    let (session, prescription) = plan
        .sessions()
        .filter(|s| s.hard && s.kind == SessionKind::Run)
        .find_map(|s| {
            let p = miler_app::plans::prescription(&plan, s)?;
            let banded = p
                .steps
                .iter()
                .filter(|st| st.is_work())
                .all(|st| st.time_band.is_some() && st.distance.is_some());
            banded.then(|| (s.clone(), p))
        })
        .expect("a hard session of distance reps");
    // Every rep 10 % slower than the slow end of its band: the targets were missed.
    let laps: Vec<(f64, f64, bool)> = prescription
        .steps
        .iter()
        .map(|st| {
            if st.is_work() {
                let (_, slow) = st.time_band.unwrap();
                (slow.secs() * 1.1, st.distance.unwrap().metres(), false)
            } else {
                let t = st.time.map_or(120.0, |t| t.secs());
                (t, t * 2.5, true)
            }
        })
        .collect();
    let (_dir, store, stored) = stored(&plan).await;
    store
        .insert_activity(
            AthleteId::DEFAULT,
            &run_on(session.date, &laps),
            &Source::new("fit", "slow.fit", b"slow"),
        )
        .await
        .unwrap();
    let marks = store
        .session_marks(AthleteId::DEFAULT, stored.id)
        .await
        .unwrap();
    let (log, matched, checks) = miler_app::plans::log(
        &store,
        AthleteId::DEFAULT,
        &plan,
        &marks,
        session.date.tomorrow().unwrap(),
        &TimeZone::UTC,
    )
    .await
    .unwrap();
    assert_eq!(matched.len(), 1);
    assert_eq!(checks.len(), 1);
    let outcome = log
        .outcomes
        .iter()
        .find(|o| o.session_key == session.key)
        .unwrap();
    assert!(outcome.done);
    assert_eq!(
        outcome.targets_hit,
        Some(false),
        "{}",
        checks[0].compliance.verdict_line
    );
    // Every other session before it was missed.
    assert!(
        log.outcomes
            .iter()
            .filter(|o| o.session_key != session.key)
            .all(|o| !o.done)
    );
}
