//! The results log: values come back as they went in, imports are all or nothing and skip
//! what the log already has, and every query reads only the athletes it names.

use jiff::Timestamp;
use jiff::civil::Date;
use miler_core::agegrade::Sex;
use miler_core::{Distance, Duration};
use miler_store::{AthleteId, ImportedResult, NewResult, Profile, Store};

async fn store() -> Store {
    Store::open("sqlite::memory:").await.unwrap()
}

fn now() -> Timestamp {
    "2026-11-23T10:00:00.123Z".parse().unwrap()
}

fn mile(date: Date, time: &str) -> NewResult {
    NewResult {
        date,
        event: "mile".to_owned(),
        distance: Distance::MILE,
        time: time.parse::<Duration>().unwrap(),
        age: Some(45),
        sex: Some(Sex::Male),
        height_cm: Some(180.5),
        weight_kg: Some(92.0),
        felt: Some(4),
        would_repeat: Some(true),
        notes: Some("windy, \"tough\" last lap".to_owned()),
    }
}

fn backwards(date: Date, time: &str) -> NewResult {
    NewResult {
        event: "backwards-mile".to_owned(),
        age: None,
        sex: None,
        height_cm: None,
        weight_kg: None,
        felt: None,
        would_repeat: None,
        notes: None,
        ..mile(date, time)
    }
}

async fn second_athlete(store: &Store) -> AthleteId {
    store
        .create_athlete(&Profile {
            name: "Bo".to_owned(),
            ..Profile::default()
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn a_result_comes_back_as_it_went_in() {
    let store = store().await;
    let entry = mile(Date::constant(2026, 11, 1), "5:59.4");
    let id = store
        .add_result(AthleteId::DEFAULT, &entry, now())
        .await
        .unwrap();
    let bare = backwards(Date::constant(2026, 11, 2), "8:30");
    store
        .add_result(AthleteId::DEFAULT, &bare, now())
        .await
        .unwrap();
    let log = store.results(AthleteId::DEFAULT).await.unwrap();
    assert_eq!(log.len(), 2);
    // Newest first.
    assert_eq!(log[0].result, bare);
    assert_eq!(log[1].id, id);
    assert_eq!(log[1].result, entry);
    assert_eq!(log[1].athlete, AthleteId::DEFAULT);
    assert_eq!(log[1].created_at, now());
    assert_eq!(
        store.result(AthleteId::DEFAULT, id).await.unwrap().unwrap(),
        log[1]
    );
}

#[tokio::test]
async fn results_are_scoped_to_their_athlete() {
    let store = store().await;
    let bo = second_athlete(&store).await;
    let mine = store
        .add_result(
            AthleteId::DEFAULT,
            &mile(Date::constant(2026, 11, 1), "6:00"),
            now(),
        )
        .await
        .unwrap();
    assert!(store.results(bo).await.unwrap().is_empty());
    assert_eq!(store.result(bo, mine).await.unwrap(), None);
    assert!(!store.delete_result(bo, mine).await.unwrap());
    assert_eq!(store.results(AthleteId::DEFAULT).await.unwrap().len(), 1);
    assert!(store.delete_result(AthleteId::DEFAULT, mine).await.unwrap());
    assert!(store.results(AthleteId::DEFAULT).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_event_lists_only_the_athletes_named_fastest_first() {
    let store = store().await;
    let bo = second_athlete(&store).await;
    let cy = second_athlete(&store).await;
    let day = Date::constant(2026, 11, 1);
    for (athlete, time) in [
        (AthleteId::DEFAULT, "6:10"),
        (bo, "5:50"),
        (cy, "5:00"),
        (AthleteId::DEFAULT, "6:05"),
    ] {
        store
            .add_result(athlete, &mile(day, time), now())
            .await
            .unwrap();
    }
    store
        .add_result(bo, &backwards(day, "7:00"), now())
        .await
        .unwrap();
    let ranked = store
        .event_results(&[AthleteId::DEFAULT, bo], "mile")
        .await
        .unwrap();
    let times: Vec<(AthleteId, f64)> = ranked
        .iter()
        .map(|r| (r.athlete, r.result.time.secs()))
        .collect();
    assert_eq!(
        times,
        vec![
            (bo, 350.0),
            (AthleteId::DEFAULT, 365.0),
            (AthleteId::DEFAULT, 370.0)
        ]
    );
    assert!(store.event_results(&[], "mile").await.unwrap().is_empty());
    let backwards_only = store
        .event_results(&[AthleteId::DEFAULT, bo, cy], "backwards-mile")
        .await
        .unwrap();
    assert_eq!(backwards_only.len(), 1);
}

#[tokio::test]
async fn an_import_skips_what_the_log_has_and_adds_the_rest() {
    let store = store().await;
    let day = Date::constant(2026, 10, 3);
    let first = store
        .add_result(AthleteId::DEFAULT, &mile(day, "6:00"), now())
        .await
        .unwrap();
    let rows = vec![
        mile(day, "6:00.001"), // the same result, typed again
        mile(day, "6:01"),
        backwards(day, "8:00"),
        backwards(day, "8:00"), // twice in the same file
    ];
    let outcomes = store
        .import_results(AthleteId::DEFAULT, &rows, now())
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 4);
    assert_eq!(outcomes[0], ImportedResult::AlreadyThere(first));
    let ImportedResult::New(backwards_id) = outcomes[2] else {
        panic!("{outcomes:?}")
    };
    assert!(matches!(outcomes[1], ImportedResult::New(_)));
    assert_eq!(outcomes[3], ImportedResult::AlreadyThere(backwards_id));
    assert_eq!(store.results(AthleteId::DEFAULT).await.unwrap().len(), 3);
    // Another athlete's log is another log: the same rows all go in.
    let bo = second_athlete(&store).await;
    let theirs = store.import_results(bo, &rows[..3], now()).await.unwrap();
    assert!(theirs.iter().all(|o| matches!(o, ImportedResult::New(_))));
}

#[tokio::test]
async fn an_import_that_fails_part_way_leaves_the_log_as_it_was() {
    let store = store().await;
    let day = Date::constant(2026, 10, 3);
    // The database refuses a feeling outside 1-5; the rows before it must not stay.
    let broken = NewResult {
        felt: Some(9),
        ..mile(day, "6:20")
    };
    let rows = vec![mile(day, "6:00"), mile(day, "6:10"), broken];
    assert!(
        store
            .import_results(AthleteId::DEFAULT, &rows, now())
            .await
            .is_err()
    );
    assert!(store.results(AthleteId::DEFAULT).await.unwrap().is_empty());
    // An athlete that does not exist can't be given results.
    assert!(
        store
            .import_results(AthleteId(77), &rows[..1], now())
            .await
            .is_err()
    );
}
