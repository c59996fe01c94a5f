//! The store's story, end to end: open, import, recognise duplicates, list, load, scope by
//! athlete, and roll back a failed import. Backend-independent by design: when PostgreSQL
//! arrives, the same story runs against it.

use miler_activity::compliance::{PrescribedStep, Prescription, StepRole};
use miler_activity::{Activity, Lap, SampleRow, SamplesBuilder, Sport};
use miler_core::{Distance, Duration, Pace};
use miler_store::{AthleteId, Inserted, Source, Store};

fn run(start_s: i64, metres_per_s: f64, seconds: usize) -> Activity {
    let mut b = SamplesBuilder::default();
    for i in 0..=seconds {
        let t = i as f64;
        b.push(SampleRow {
            time_s: t,
            distance_m: Some(t * metres_per_s),
            latitude_deg: Some(51.5 + t * 1e-5),
            longitude_deg: Some(-0.1),
            heart_rate_bpm: Some(150),
            ..SampleRow::default()
        });
    }
    let mut activity = Activity::new(Sport::Running, b.finish());
    activity.start_time = Some(jiff::Timestamp::from_second(start_s).unwrap());
    activity.name = Some("Morning run".to_owned());
    let lap = |k: f64| Lap {
        start_offset: Duration::from_secs(k * 100.0).unwrap(),
        timer_time: Duration::from_secs(100.0).unwrap(),
        elapsed_time: Duration::from_secs(100.0).unwrap(),
        distance: Distance::from_metres(100.0 * metres_per_s).unwrap(),
        average_heart_rate_bpm: Some(150),
        workout_step_index: Some(k as u16),
        is_rest: Some(k as u16 % 2 == 1),
    };
    activity.laps = (0..seconds / 100).map(|k| lap(k as f64)).collect();
    activity.timer_pauses = vec![(
        Duration::from_secs(50.0).unwrap(),
        Duration::from_secs(12.0).unwrap(),
    )];
    activity.embedded_workout = Some(embedded_workout());
    activity
}

/// A watch's workout as the FIT reader gives it: a timed warm-up, a 400 m rep with both
/// bands, and an open recovery.
fn embedded_workout() -> Prescription {
    let step = |label: &str, role, index| PrescribedStep {
        label: label.to_owned(),
        role,
        distance: None,
        time: None,
        time_band: None,
        pace_band: None,
        workout_step_index: Some(index),
    };
    let fast = Pace::from_secs_per_km(220.0).unwrap();
    let slow = Pace::from_secs_per_km(225.0).unwrap();
    let rep = Distance::from_metres(400.0).unwrap();
    Prescription {
        steps: vec![
            PrescribedStep {
                time: Some(Duration::from_secs(300.0).unwrap()),
                ..step("5:00 warm-up", StepRole::WarmUp, 0)
            },
            PrescribedStep {
                distance: Some(rep),
                time_band: Some((fast.time_for(rep), slow.time_for(rep))),
                pace_band: Some((fast, slow)),
                ..step("400 m work @ 3:40-3:45/km", StepRole::Work, 1)
            },
            step("open recovery", StepRole::Recovery, 2),
        ],
    }
}

/// Exact equality, with NaN ("no data") equal to itself: compares bit patterns.
fn assert_same(got: &Activity, want: &Activity) {
    let bits = |c: &[f64]| c.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    let (g, w) = (&got.samples, &want.samples);
    for (name, a, b) in [
        ("time", g.time_s(), w.time_s()),
        ("distance", g.distance_m(), w.distance_m()),
        ("speed", g.speed_m_s(), w.speed_m_s()),
        ("latitude", g.latitude_deg(), w.latitude_deg()),
        ("longitude", g.longitude_deg(), w.longitude_deg()),
        ("altitude", g.altitude_m(), w.altitude_m()),
    ] {
        assert!(bits(a) == bits(b), "{name} column differs");
    }
    assert_eq!(g.heart_rate_bpm(), w.heart_rate_bpm());
    assert_eq!(g.cadence_spm(), w.cadence_spm());
    assert_eq!(got.laps, want.laps);
    assert_eq!(got.timer_pauses, want.timer_pauses);
    assert_eq!(got.embedded_workout, want.embedded_workout);
    assert_eq!(
        (got.start_time, &got.sport, &got.name),
        (want.start_time, &want.sport, &want.name)
    );
}

async fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("miler.db");
    let store = Store::open(path.to_str().unwrap()).await.unwrap();
    (dir, store)
}

#[tokio::test]
async fn import_list_load_and_recognise_duplicates() {
    let (_dir, store) = temp_store().await;
    let me = AthleteId::DEFAULT;
    let activity = run(1_700_000_000, 3.5, 600);
    let fit = Source::new("fit", "morning.fit", b"the fit file's bytes");
    let Inserted::New(id) = store.insert_activity(me, &activity, &fit).await.unwrap() else {
        panic!("new")
    };

    // The same file again, and the same run exported as GPX (20 s later, 1 % shorter).
    assert_eq!(
        store.insert_activity(me, &activity, &fit).await.unwrap(),
        Inserted::SameFile(id)
    );
    let gpx_twin = run(1_700_000_020, 3.465, 600);
    let gpx = Source::new("gpx", "morning.gpx", b"the gpx file's bytes");
    assert_eq!(
        store.insert_activity(me, &gpx_twin, &gpx).await.unwrap(),
        Inserted::SameActivity(id)
    );
    // A different run the next day is new.
    let next_day = run(1_700_086_400, 3.5, 600);
    let other = Source::new("fit", "next.fit", b"other bytes");
    assert!(matches!(
        store.insert_activity(me, &next_day, &other).await.unwrap(),
        Inserted::New(_)
    ));

    let list = store.list_activities(me).await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list[0].start_time > list[1].start_time, "newest first");
    assert_eq!(list[1].id, id);
    assert_eq!(list[1].distance.metres(), 2100.0);
    assert_eq!(list[1].elapsed.secs(), 600.0);

    // Best efforts: the steady 3.5 m/s run covers 400 m in 400/3.5 s; 10 km is too far.
    let all_time = store.best_efforts(me, None).await.unwrap();
    let four_hundred = all_time.iter().find(|b| b.name == "400m").unwrap();
    assert!((four_hundred.time.secs() - 400.0 / 3.5).abs() < 1e-9);
    assert_eq!(four_hundred.period, "all");
    assert!(
        all_time.iter().all(|b| b.name != "5k"),
        "a 2.1 km run has no 5 km effort"
    );
    let by_month = store
        .best_efforts(me, Some(miler_store::Period::Month))
        .await
        .unwrap();
    assert!(
        by_month.iter().all(|b| b.period == "2023-11"),
        "both runs are in November 2023"
    );

    let stored = store.load_activity(me, id).await.unwrap().unwrap();
    assert_same(&stored.activity, &activity);
    assert!(stored.activity.embedded_workout.is_some());
    assert_eq!(stored.summary.source_name, "morning.fit");
}

#[tokio::test]
async fn athletes_see_only_their_own() {
    let (_dir, store) = temp_store().await;
    let activity = run(1_700_000_000, 3.5, 300);
    let Inserted::New(id) = store
        .insert_activity(
            AthleteId::DEFAULT,
            &activity,
            &Source::new("fit", "a.fit", b"a"),
        )
        .await
        .unwrap()
    else {
        panic!("new")
    };
    let stranger = AthleteId(42);
    assert!(store.load_activity(stranger, id).await.unwrap().is_none());
    assert!(store.list_activities(stranger).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_failed_import_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("miler.db");
    let url = path.to_str().unwrap();
    let store = Store::open(url).await.unwrap();
    store.close().await;
    // Sabotage the third lap of any import, as a crash or a full disk would.
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{url}"))
            .await
            .unwrap();
        sqlx::query("CREATE TRIGGER fail_third_lap BEFORE INSERT ON laps WHEN NEW.lap_index = 2 BEGIN SELECT RAISE(ABORT, 'disk full'); END")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    let store = Store::open(url).await.unwrap();
    let activity = run(1_700_000_000, 3.5, 600);
    let error = store
        .insert_activity(
            AthleteId::DEFAULT,
            &activity,
            &Source::new("fit", "a.fit", b"a"),
        )
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("saving an activity's laps"),
        "{error}"
    );
    assert!(
        store
            .list_activities(AthleteId::DEFAULT)
            .await
            .unwrap()
            .is_empty(),
        "the activity row was rolled back"
    );
}

#[tokio::test]
async fn urls_pick_the_backend_or_say_why_not() {
    let memory = Store::open("sqlite::memory:").await.unwrap();
    assert!(
        memory
            .list_activities(AthleteId::DEFAULT)
            .await
            .unwrap()
            .is_empty()
    );
    let error = Store::open("postgres://coach:secret@localhost/miler")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("club server") && !error.contains("secret"),
        "{error}"
    );
    let error = Store::open("mysql://localhost/miler")
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("sqlite://PATH"), "{error}");
}
