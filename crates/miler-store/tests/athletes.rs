//! Athletes: the default athlete a new database starts with, adding, listing, loading and
//! updating profiles, and values coming back exactly as they went in.

use jiff::civil::Date;
use miler_core::agegrade::Sex;
use miler_core::{Duration, Performance};
use miler_store::{AthleteId, Profile, Store, Units};

async fn store() -> Store {
    Store::open("sqlite::memory:").await.unwrap()
}

fn runner() -> Profile {
    Profile {
        name: "Ada".to_owned(),
        birth_date: Some(Date::constant(1981, 6, 15)),
        age: None,
        sex: Some(Sex::Female),
        height_cm: Some(168.5),
        weight_kg: Some(58.0),
        units: Units::Mi,
        current: Some("5k=24:00".parse::<Performance>().unwrap()),
        goal_mile: Some("6:00".parse::<Duration>().unwrap()),
        goal_date: Some(Date::constant(2027, 2, 15)),
        onboarded: true,
    }
}

#[tokio::test]
async fn a_new_database_has_one_athlete_not_yet_onboarded() {
    let store = store().await;
    let athletes = store.athletes().await.unwrap();
    assert_eq!(athletes.len(), 1);
    assert_eq!(athletes[0].id, AthleteId::DEFAULT);
    assert_eq!(athletes[0].profile.name, "Me");
    assert!(!athletes[0].profile.onboarded);
    assert_eq!(athletes[0].profile.units, Units::Km);
    assert_eq!(athletes[0].profile.current, None);
}

#[tokio::test]
async fn a_profile_comes_back_as_it_went_in() {
    let store = store().await;
    let id = store.create_athlete(&runner()).await.unwrap();
    assert_ne!(id, AthleteId::DEFAULT);
    let loaded = store.athlete(id).await.unwrap().unwrap();
    assert_eq!(loaded.id, id);
    assert_eq!(loaded.profile, runner());
}

#[tokio::test]
async fn someone_who_does_not_run_yet_has_no_result() {
    let store = store().await;
    let profile = Profile {
        name: "Bo".to_owned(),
        age: Some(34),
        current: None,
        goal_mile: Some(Duration::from_secs(800.0).unwrap()),
        ..Profile::default()
    };
    let id = store.create_athlete(&profile).await.unwrap();
    assert_eq!(store.athlete(id).await.unwrap().unwrap().profile, profile);
}

#[tokio::test]
async fn updating_replaces_one_athlete_only() {
    let store = store().await;
    let ada = store.create_athlete(&runner()).await.unwrap();
    let changed = Profile {
        name: "Me, onboarded".to_owned(),
        units: Units::Mi,
        onboarded: true,
        ..Profile::default()
    };
    assert!(
        store
            .update_athlete(AthleteId::DEFAULT, &changed)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .athlete(AthleteId::DEFAULT)
            .await
            .unwrap()
            .unwrap()
            .profile,
        changed
    );
    assert_eq!(store.athlete(ada).await.unwrap().unwrap().profile, runner());
    let ids: Vec<AthleteId> = store
        .athletes()
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, vec![AthleteId::DEFAULT, ada]);
}

#[tokio::test]
async fn unknown_athletes_are_none_not_errors() {
    let store = store().await;
    assert_eq!(store.athlete(AthleteId(42)).await.unwrap(), None);
    assert!(
        !store
            .update_athlete(AthleteId(42), &runner())
            .await
            .unwrap()
    );
}
