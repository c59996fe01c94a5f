//! The runner's own workouts: saving under a name replaces, names are unique per athlete,
//! and every query reads and changes only the athlete it names.

use jiff::Timestamp;
use miler_store::{AthleteId, NewWorkout, Profile, Saved, Store, Updated, WorkoutId};

async fn store() -> Store {
    Store::open("sqlite::memory:").await.unwrap()
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn workout(name: &str, text: &str) -> NewWorkout {
    NewWorkout {
        name: name.to_owned(),
        text: text.to_owned(),
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

const FOURS: &str = "# 400s\n6 x 400m @ goal, recovery 90s jog\n";
const EIGHTS: &str = "# 800s\n3 x 800m @ goal, recovery 3min jog\n";

#[tokio::test]
async fn a_workout_comes_back_as_it_went_in() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    let saved = store
        .save_workout(
            me,
            &workout("Tuesday 400s", FOURS),
            at("2026-11-23T10:00:00.123Z"),
        )
        .await
        .unwrap();
    let Saved::New(id) = saved else {
        panic!("a first save is new: {saved:?}")
    };
    let got = store.workout(me, id).await.unwrap().unwrap();
    assert_eq!(got.id, id);
    assert_eq!(got.athlete, me);
    assert_eq!(got.workout, workout("Tuesday 400s", FOURS));
    assert_eq!(got.created_at, at("2026-11-23T10:00:00.123Z"));
    assert_eq!(got.updated_at, got.created_at);
    assert_eq!(
        store.workout_named(me, "Tuesday 400s").await.unwrap(),
        Some(got.clone())
    );
    assert_eq!(store.workout_named(me, "tuesday 400s").await.unwrap(), None);
    assert_eq!(store.workouts(me).await.unwrap(), vec![got]);
}

#[tokio::test]
async fn saving_under_a_name_that_exists_replaces_the_text_and_keeps_the_id() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    let first = store
        .save_workout(me, &workout("Track", FOURS), at("2026-11-23T10:00:00Z"))
        .await
        .unwrap();
    let second = store
        .save_workout(me, &workout("Track", EIGHTS), at("2026-11-24T10:00:00Z"))
        .await
        .unwrap();
    assert_eq!(second, Saved::Replaced(first.id()));
    let list = store.workouts(me).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].workout.text, EIGHTS);
    assert_eq!(list[0].created_at, at("2026-11-23T10:00:00Z"));
    assert_eq!(list[0].updated_at, at("2026-11-24T10:00:00Z"));
}

#[tokio::test]
async fn workouts_are_listed_by_name() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    let now = at("2026-11-23T10:00:00Z");
    for name in ["track", "Hills", "bends"] {
        store
            .save_workout(me, &workout(name, FOURS), now)
            .await
            .unwrap();
    }
    let names: Vec<String> = store
        .workouts(me)
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.workout.name)
        .collect();
    assert_eq!(names, ["bends", "Hills", "track"]);
}

#[tokio::test]
async fn renaming_onto_another_workouts_name_changes_nothing() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    let now = at("2026-11-23T10:00:00Z");
    let fours = store
        .save_workout(me, &workout("400s", FOURS), now)
        .await
        .unwrap()
        .id();
    let eights = store
        .save_workout(me, &workout("800s", EIGHTS), now)
        .await
        .unwrap()
        .id();
    let later = at("2026-11-25T10:00:00Z");
    assert_eq!(
        store
            .update_workout(me, eights, &workout("400s", EIGHTS), later)
            .await
            .unwrap(),
        Updated::NameTaken(fours)
    );
    assert_eq!(
        store
            .workout(me, eights)
            .await
            .unwrap()
            .unwrap()
            .workout
            .name,
        "800s"
    );
    assert_eq!(
        store
            .update_workout(me, eights, &workout("Long 800s", FOURS), later)
            .await
            .unwrap(),
        Updated::Done
    );
    let renamed = store.workout(me, eights).await.unwrap().unwrap();
    assert_eq!(renamed.workout, workout("Long 800s", FOURS));
    assert_eq!(renamed.updated_at, later);
    assert_eq!(
        store
            .update_workout(me, WorkoutId(99), &workout("x", FOURS), later)
            .await
            .unwrap(),
        Updated::NoSuchWorkout
    );
}

#[tokio::test]
async fn athletes_see_and_change_only_their_own_workouts() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    let bo = second_athlete(&store).await;
    let now = at("2026-11-23T10:00:00Z");
    let mine = store
        .save_workout(me, &workout("Track", FOURS), now)
        .await
        .unwrap();
    // The same name is free for another athlete, and saving it leaves mine alone.
    let theirs = store
        .save_workout(bo, &workout("Track", EIGHTS), now)
        .await
        .unwrap();
    assert!(matches!(theirs, Saved::New(id) if id != mine.id()));
    assert_eq!(store.workouts(me).await.unwrap()[0].workout.text, FOURS);
    assert_eq!(store.workouts(bo).await.unwrap()[0].workout.text, EIGHTS);

    assert_eq!(store.workout(bo, mine.id()).await.unwrap(), None);
    assert_eq!(
        store
            .update_workout(bo, mine.id(), &workout("Mine now", EIGHTS), now)
            .await
            .unwrap(),
        Updated::NoSuchWorkout
    );
    assert!(!store.delete_workout(bo, mine.id()).await.unwrap());
    assert_eq!(
        store
            .workout(me, mine.id())
            .await
            .unwrap()
            .unwrap()
            .workout
            .text,
        FOURS
    );

    assert!(store.delete_workout(me, mine.id()).await.unwrap());
    assert!(!store.delete_workout(me, mine.id()).await.unwrap());
    assert!(store.workouts(me).await.unwrap().is_empty());
    assert_eq!(store.workouts(bo).await.unwrap().len(), 1);
    // A deleted workout's id is not given to the next one.
    let next = store
        .save_workout(me, &workout("Track", FOURS), now)
        .await
        .unwrap();
    assert!(next.id() > theirs.id());
}
