//! Training plans in the store: the active plan, revisions with their explanations, marked
//! sessions, scoping by athlete, all-or-nothing writes, and the migration onto a database
//! that predates plans. The store treats plans as opaque JSON, so the documents here are
//! small stand-ins.

use jiff::Timestamp;
use miler_activity::{Activity, SampleRow, SamplesBuilder, Sport};
use miler_store::{
    ActivityId, AthleteId, Error, Inserted, NewPlan, PlanId, SessionMark, SessionStatus, Source,
    Store,
};
use sqlx::Connection;

const ME: AthleteId = AthleteId::DEFAULT;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn new_plan<'a>(title: &'a str, plan_json: &'a str) -> NewPlan<'a> {
    NewPlan {
        title,
        request_json: r#"{"goal_mile":"6:00","race":"2027-03-06"}"#,
        plan_json,
    }
}

/// A store in a temporary file, and that file's path for direct SQL.
async fn temp_store() -> (tempfile::TempDir, String, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("miler.db").to_str().unwrap().to_owned();
    let store = Store::open(&path).await.unwrap();
    (dir, path, store)
}

/// A second connection to the database, for what the store has no API for, with foreign
/// keys enforced as the store enforces them.
async fn sql(path: &str, statements: &str) {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    sqlx::raw_sql("PRAGMA foreign_keys = ON")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::raw_sql(statements).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

/// A second athlete: the store has no API for athletes yet.
async fn add_athlete(path: &str, id: i64) -> AthleteId {
    sql(
        path,
        &format!("INSERT INTO athletes (id, name) VALUES ({id}, 'Athlete {id}')"),
    )
    .await;
    AthleteId(id)
}

/// A 10-minute run at 3.5 m/s.
async fn import_run(store: &Store, athlete: AthleteId, start_s: i64) -> ActivityId {
    let mut b = SamplesBuilder::default();
    for i in 0..=600 {
        b.push(SampleRow {
            time_s: f64::from(i),
            distance_m: Some(f64::from(i) * 3.5),
            ..SampleRow::default()
        });
    }
    let mut activity = Activity::new(Sport::Running, b.finish());
    activity.start_time = Some(Timestamp::from_second(start_s).unwrap());
    let source = Source::new("fit", "run.fit", &start_s.to_le_bytes());
    match store
        .insert_activity(athlete, &activity, &source)
        .await
        .unwrap()
    {
        Inserted::New(id) => id,
        other => panic!("expected a new activity, got {other:?}"),
    }
}

fn mark(key: &str, status: SessionStatus, activity: Option<ActivityId>) -> SessionMark {
    let day = key.split('/').next().unwrap();
    SessionMark {
        date: day.parse().unwrap(),
        session_key: key.to_owned(),
        status,
        activity,
        note: None,
        marked_at: at("2027-01-05T19:00:00.250Z"),
    }
}

#[tokio::test]
async fn a_new_plan_is_active_at_revision_one() {
    let (_dir, _path, store) = temp_store().await;
    assert!(store.active_plan(ME).await.unwrap().is_none());
    let now = at("2026-11-23T08:00:00.125Z");
    let id = store
        .create_plan(ME, &new_plan("Spring mile", r#"{"weeks":[1]}"#), now)
        .await
        .unwrap();

    let plan = store.active_plan(ME).await.unwrap().unwrap();
    assert_eq!(plan.id, id);
    assert_eq!(plan.title, "Spring mile");
    assert_eq!((plan.revision, plan.active), (1, true));
    assert_eq!((plan.created_at, plan.updated_at), (now, now));
    assert_eq!(
        plan.request_json,
        r#"{"goal_mile":"6:00","race":"2027-03-06"}"#
    );
    assert_eq!(plan.plan_json, r#"{"weeks":[1]}"#);
    assert_eq!(store.plan(ME, id).await.unwrap(), Some(plan));

    let revisions = store.plan_revisions(ME, id).await.unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].revision, 1);
    assert_eq!(revisions[0].created_at, now);
    assert_eq!(revisions[0].changes, ["Plan created."]);
    assert_eq!(revisions[0].plan_json, r#"{"weeks":[1]}"#);
}

#[tokio::test]
async fn a_second_plan_sets_the_first_aside() {
    let (_dir, path, store) = temp_store().await;
    let first = store
        .create_plan(ME, &new_plan("Winter", "{}"), at("2026-11-23T08:00:00Z"))
        .await
        .unwrap();
    let second = store
        .create_plan(ME, &new_plan("Spring", "{}"), at("2026-12-01T08:00:00Z"))
        .await
        .unwrap();
    assert_ne!(first, second);
    assert_eq!(store.active_plan(ME).await.unwrap().unwrap().id, second);
    let first_plan = store.plan(ME, first).await.unwrap().unwrap();
    assert!(!first_plan.active, "the first plan is kept, inactive");

    let list = store.plans(ME).await.unwrap();
    let listed: Vec<(PlanId, &str, bool)> = list
        .iter()
        .map(|p| (p.id, p.title.as_str(), p.active))
        .collect();
    assert_eq!(
        listed,
        [(second, "Spring", true), (first, "Winter", false)],
        "newest first"
    );

    // The database itself refuses a second active plan for one athlete.
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    let refused = sqlx::query("UPDATE plans SET active = 1 WHERE id = ?")
        .bind(first.0)
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("UNIQUE"), "{refused}");
}

#[tokio::test]
async fn revisions_keep_their_changes_in_order() {
    let (_dir, _path, store) = temp_store().await;
    let created = at("2026-11-23T08:00:00Z");
    let id = store
        .create_plan(ME, &new_plan("Spring mile", r#"{"v":1}"#), created)
        .await
        .unwrap();
    let first_changes = vec![
        "Tuesday's 8 × 400 m moved to Wednesday: you marked Tuesday skipped.".to_owned(),
        "Thursday eased to 30 min easy.".to_owned(),
    ];
    let second_changes =
        vec!["Goal pace now 1:28 per 400 m, from your 5:52 time trial.".to_owned()];
    let revised = at("2026-12-02T20:15:00Z");
    assert_eq!(
        store
            .revise_plan(ME, id, r#"{"v":2}"#, &first_changes, revised)
            .await
            .unwrap(),
        2
    );
    let last = at("2026-12-09T07:30:00.500Z");
    assert_eq!(
        store
            .revise_plan(ME, id, r#"{"v":3}"#, &second_changes, last)
            .await
            .unwrap(),
        3
    );

    let revisions = store.plan_revisions(ME, id).await.unwrap();
    let got: Vec<(u32, Timestamp, &[String], &str)> = revisions
        .iter()
        .map(|r| {
            (
                r.revision,
                r.created_at,
                r.changes.as_slice(),
                r.plan_json.as_str(),
            )
        })
        .collect();
    let created_changes = ["Plan created.".to_owned()];
    assert_eq!(
        got,
        [
            (1, created, &created_changes[..], r#"{"v":1}"#),
            (2, revised, &first_changes[..], r#"{"v":2}"#),
            (3, last, &second_changes[..], r#"{"v":3}"#),
        ]
    );
    let plan = store.plan(ME, id).await.unwrap().unwrap();
    assert_eq!((plan.revision, plan.plan_json.as_str()), (3, r#"{"v":3}"#));
    assert_eq!((plan.created_at, plan.updated_at), (created, last));
}

#[tokio::test]
async fn athletes_see_and_change_only_their_own_plans() {
    let (_dir, path, store) = temp_store().await;
    let other = add_athlete(&path, 2).await;
    let theirs = store
        .create_plan(
            other,
            &new_plan("Theirs", r#"{"v":1}"#),
            at("2026-11-23T08:00:00Z"),
        )
        .await
        .unwrap();
    let their_run = import_run(&store, other, 1_790_000_000).await;
    store
        .mark_session(
            other,
            theirs,
            &mark(
                "2027-01-05/goal-pace-400s",
                SessionStatus::Done,
                Some(their_run),
            ),
        )
        .await
        .unwrap();

    // Invisible to me.
    assert!(store.plan(ME, theirs).await.unwrap().is_none());
    assert!(store.active_plan(ME).await.unwrap().is_none());
    assert!(store.plans(ME).await.unwrap().is_empty());
    assert!(store.plan_revisions(ME, theirs).await.unwrap().is_empty());
    assert!(store.session_marks(ME, theirs).await.unwrap().is_empty());
    // And out of my reach.
    let error = store
        .revise_plan(
            ME,
            theirs,
            "{}",
            &["Mine now.".to_owned()],
            at("2026-11-24T08:00:00Z"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::NoSuchPlan(id) if id == theirs.0),
        "{error}"
    );
    let error = store
        .mark_session(
            ME,
            theirs,
            &mark("2027-01-06/easy", SessionStatus::Skipped, None),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::NoSuchPlan(id) if id == theirs.0),
        "{error}"
    );
    assert!(
        !store
            .unmark_session(ME, theirs, "2027-01-05/goal-pace-400s")
            .await
            .unwrap()
    );
    assert!(!store.delete_plan(ME, theirs).await.unwrap());
    // Nor can I claim their run for a plan of mine.
    let mine = store
        .create_plan(ME, &new_plan("Mine", "{}"), at("2026-11-23T09:00:00Z"))
        .await
        .unwrap();
    let error = store
        .mark_session(
            ME,
            mine,
            &mark(
                "2027-01-05/goal-pace-400s",
                SessionStatus::Done,
                Some(their_run),
            ),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::NoSuchActivity(id) if id == their_run.0),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        format!("there is no activity {} for this athlete", their_run.0)
    );

    // Their plan is as they left it, and my plan didn't make theirs inactive.
    let plan = store.plan(other, theirs).await.unwrap().unwrap();
    assert_eq!(
        (plan.revision, plan.plan_json.as_str(), plan.active),
        (1, r#"{"v":1}"#, true)
    );
    let marks = store.session_marks(other, theirs).await.unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].activity, Some(their_run));
    assert!(store.session_marks(ME, mine).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_session_has_one_mark_which_the_last_one_replaces() {
    let (_dir, _path, store) = temp_store().await;
    let run = import_run(&store, ME, 1_799_000_000).await;
    let id = store
        .create_plan(
            ME,
            &new_plan("Spring mile", "{}"),
            at("2026-11-23T08:00:00Z"),
        )
        .await
        .unwrap();
    let done = SessionMark {
        note: Some("Windy; last two reps into the wind.".to_owned()),
        ..mark("2027-01-05/goal-pace-400s", SessionStatus::Done, Some(run))
    };
    store.mark_session(ME, id, &done).await.unwrap();
    assert_eq!(store.session_marks(ME, id).await.unwrap(), [done]);

    let skipped = SessionMark {
        marked_at: at("2027-01-06T07:00:00Z"),
        ..mark("2027-01-05/goal-pace-400s", SessionStatus::Skipped, None)
    };
    store.mark_session(ME, id, &skipped).await.unwrap();
    // Another session, earlier in the plan, comes first.
    let easy = mark("2027-01-03/easy-30", SessionStatus::Done, None);
    store.mark_session(ME, id, &easy).await.unwrap();
    assert_eq!(
        store.session_marks(ME, id).await.unwrap(),
        [easy.clone(), skipped]
    );

    assert!(
        store
            .unmark_session(ME, id, "2027-01-05/goal-pace-400s")
            .await
            .unwrap()
    );
    assert!(
        !store
            .unmark_session(ME, id, "2027-01-05/goal-pace-400s")
            .await
            .unwrap()
    );
    assert_eq!(store.session_marks(ME, id).await.unwrap(), [easy]);

    let missing = PlanId(id.0 + 100);
    let error = store
        .mark_session(
            ME,
            missing,
            &mark("2027-01-05/x", SessionStatus::Done, None),
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("there is no plan {} for this athlete", missing.0)
    );
}

#[tokio::test]
async fn a_deleted_activity_leaves_its_mark_without_the_link() {
    // The store has no API to delete an activity yet; the schema's ON DELETE SET NULL is what
    // such a deletion will rely on, so it is checked with a plain DELETE.
    let (_dir, path, store) = temp_store().await;
    let run = import_run(&store, ME, 1_799_000_000).await;
    let id = store
        .create_plan(
            ME,
            &new_plan("Spring mile", "{}"),
            at("2026-11-23T08:00:00Z"),
        )
        .await
        .unwrap();
    let done = mark("2027-01-05/goal-pace-400s", SessionStatus::Done, Some(run));
    store.mark_session(ME, id, &done).await.unwrap();
    sql(
        &path,
        &format!("DELETE FROM activities WHERE id = {}", run.0),
    )
    .await;
    assert!(store.list_activities(ME).await.unwrap().is_empty());
    assert_eq!(
        store.session_marks(ME, id).await.unwrap(),
        [SessionMark {
            activity: None,
            ..done
        }]
    );
}

#[tokio::test]
async fn failed_writes_change_nothing() {
    let (_dir, path, store) = temp_store().await;
    let id = store
        .create_plan(
            ME,
            &new_plan("Spring mile", r#"{"v":1}"#),
            at("2026-11-23T08:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .revise_plan(
                ME,
                id,
                r#"{"v":2}"#,
                &["Easier week.".to_owned()],
                at("2026-11-30T08:00:00Z")
            )
            .await
            .unwrap(),
        2
    );
    // Sabotage saving one particular revision, as a crash or a full disk would: the plan's
    // row is updated first, so only a transaction can undo it.
    sql(
        &path,
        r#"CREATE TRIGGER fail_revision BEFORE INSERT ON plan_revisions
           WHEN NEW.plan_json = '{"v":"doomed"}'
           BEGIN SELECT RAISE(ABORT, 'disk full'); END"#,
    )
    .await;
    let error = store
        .revise_plan(
            ME,
            id,
            r#"{"v":"doomed"}"#,
            &["Never saved.".to_owned()],
            at("2026-12-07T08:00:00Z"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "database error while saving a plan revision"
    );
    let plan = store.plan(ME, id).await.unwrap().unwrap();
    assert_eq!((plan.revision, plan.plan_json.as_str()), (2, r#"{"v":2}"#));
    assert_eq!(plan.updated_at, at("2026-11-30T08:00:00Z"));
    assert_eq!(store.plan_revisions(ME, id).await.unwrap().len(), 2);

    // A new plan that fails to save leaves the old one active.
    let error = store
        .create_plan(
            ME,
            &new_plan("Doomed", r#"{"v":"doomed"}"#),
            at("2026-12-08T08:00:00Z"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "database error while saving a plan revision"
    );
    assert_eq!(store.active_plan(ME).await.unwrap().unwrap().id, id);
    assert_eq!(store.plans(ME).await.unwrap().len(), 1);

    // Revising a plan that doesn't exist is an error, not a new plan.
    let missing = PlanId(id.0 + 1);
    let error = store
        .revise_plan(ME, missing, "{}", &[], at("2026-12-08T08:00:00Z"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::NoSuchPlan(n) if n == missing.0),
        "{error}"
    );
    assert!(store.plan(ME, missing).await.unwrap().is_none());
}

#[tokio::test]
async fn deleting_a_plan_takes_its_history_and_marks_and_its_id() {
    let (_dir, path, store) = temp_store().await;
    let id = store
        .create_plan(
            ME,
            &new_plan("Spring mile", "{}"),
            at("2026-11-23T08:00:00Z"),
        )
        .await
        .unwrap();
    store
        .revise_plan(
            ME,
            id,
            "{}",
            &["Easier week.".to_owned()],
            at("2026-11-30T08:00:00Z"),
        )
        .await
        .unwrap();
    store
        .mark_session(
            ME,
            id,
            &mark("2027-01-05/goal-pace-400s", SessionStatus::Done, None),
        )
        .await
        .unwrap();
    assert!(store.delete_plan(ME, id).await.unwrap());
    assert!(!store.delete_plan(ME, id).await.unwrap());
    assert!(store.plan(ME, id).await.unwrap().is_none());
    assert!(store.active_plan(ME).await.unwrap().is_none());

    // Nothing of it is left behind, and its id is never given to another plan: calendar
    // events exported from it must not turn into a new plan's.
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    for table in ["plan_revisions", "plan_session_marks"] {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(rows, 0, "{table}");
    }
    let next = store
        .create_plan(
            ME,
            &new_plan("Summer mile", "{}"),
            at("2026-12-01T08:00:00Z"),
        )
        .await
        .unwrap();
    assert!(next.0 > id.0, "{next:?} after {id:?}");
}

#[tokio::test]
async fn plans_arrive_on_a_database_from_before_plans() {
    // A database as the previous release left it: every migration before the plans one,
    // with an activity in it.
    let dir = tempfile::tempdir().unwrap();
    let earlier = dir.path().join("earlier-migrations");
    std::fs::create_dir(&earlier).unwrap();
    let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    for name in [
        "20261122000001_activities.sql",
        "20261122000002_best_efforts.sql",
        "20261122000003_embedded_workouts.sql",
    ] {
        std::fs::copy(migrations.join(name), earlier.join(name)).unwrap();
    }
    let path = dir.path().join("miler.db").to_str().unwrap().to_owned();
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&options)
            .await
            .unwrap();
        sqlx::migrate::Migrator::new(earlier.as_path())
            .await
            .unwrap()
            .run(&mut conn)
            .await
            .unwrap();
        sqlx::raw_sql(
            "INSERT INTO activities (id, athlete_id, start_time_ms, sport, distance_m, elapsed_s,
                                     moving_s, sample_count, source_format, source_name, content_sha256)
             VALUES (7, 1, 1799000000000, 'running', 1609.344, 360.0, 360.0, 0, 'fit', 'mile.fit', x'00');
             INSERT INTO activity_samples (activity_id, encoding, columns) VALUES (7, 1, x'');",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        let tables: i64 =
            sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'plans'")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        assert_eq!(tables, 0, "the old schema has no plans");
        conn.close().await.unwrap();
    }

    let store = Store::open(&path).await.unwrap();
    let activities = store.list_activities(ME).await.unwrap();
    assert_eq!(activities.len(), 1);
    assert_eq!(activities[0].id, ActivityId(7));
    let id = store
        .create_plan(
            ME,
            &new_plan("Spring mile", "{}"),
            at("2026-11-23T08:00:00Z"),
        )
        .await
        .unwrap();
    let done = mark(
        "2027-01-05/time-trial",
        SessionStatus::Done,
        Some(ActivityId(7)),
    );
    store.mark_session(ME, id, &done).await.unwrap();
    assert_eq!(store.session_marks(ME, id).await.unwrap(), [done]);
}

#[test]
fn session_statuses_read_back_their_names() {
    for status in [SessionStatus::Done, SessionStatus::Skipped] {
        assert_eq!(status.as_str().parse::<SessionStatus>(), Ok(status));
        assert_eq!(status.to_string(), status.as_str());
    }
    assert_eq!(
        "Done".parse::<SessionStatus>().unwrap_err().to_string(),
        "`Done` is not a session status: use `done` or `skipped`"
    );
    // The names the table's CHECK constraint allows.
    assert_eq!(SessionStatus::Done.as_str(), "done");
    assert_eq!(SessionStatus::Skipped.as_str(), "skipped");
}
