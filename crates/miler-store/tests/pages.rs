//! Every list pages the same way: a page holds at most its limit, the total counts the whole
//! list, and walking the cursors shows every row that was there from the start exactly once,
//! in the order of the whole list, even when rows are added between two pages.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use miler_activity::{Activity, SampleRow, SamplesBuilder, Sport};
use miler_core::{Distance, Duration};
use miler_store::{
    AthleteId, Cursor, List, MAX_LIMIT, NewResult, NewWorkout, Page, Paged, Profile, Source, Store,
};

async fn store() -> Store {
    Store::open("sqlite::memory:").await.unwrap()
}

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn result(day: i64, secs: f64) -> NewResult {
    let date: Date = "2020-01-01".parse().unwrap();
    NewResult {
        date: date.checked_add(jiff::Span::new().days(day)).unwrap(),
        event: "mile".to_owned(),
        distance: Distance::MILE,
        time: Duration::from_secs(secs).unwrap(),
        age: None,
        sex: None,
        height_cm: None,
        weight_kg: None,
        felt: None,
        would_repeat: None,
        notes: None,
    }
}

fn activity(start_s: Option<i64>, metres: f64) -> Activity {
    let mut b = SamplesBuilder::default();
    for i in 0..=10 {
        let t = f64::from(i);
        b.push(SampleRow {
            time_s: t * 60.0,
            distance_m: Some(t * metres / 10.0),
            ..SampleRow::default()
        });
    }
    let mut a = Activity::new(Sport::Running, b.finish());
    a.start_time = start_s.map(|s| Timestamp::from_second(s).unwrap());
    a
}

async fn add_activity(store: &Store, n: i64, start_s: Option<i64>) {
    let a = activity(start_s, 1000.0 + n as f64 * 50.0);
    let source = Source::new("gpx", format!("{n}.gpx"), n.to_string().as_bytes());
    store
        .insert_activity(AthleteId::DEFAULT, &a, &source)
        .await
        .unwrap();
}

/// Walks a list page by page with `fetch`, calling `between` after each page, and returns
/// every id seen with how often, in the order seen, and each page's total.
async fn walk<F, G>(limit: u32, list: List, mut fetch: F, mut between: G) -> (Vec<i64>, Vec<u64>)
where
    F: AsyncFnMut(&Page) -> Paged<i64>,
    G: AsyncFnMut(usize),
{
    let mut page = Page::first(list, limit).unwrap();
    let (mut seen, mut totals) = (Vec::new(), Vec::new());
    for round in 0.. {
        let got = fetch(&page).await;
        assert!(got.items.len() <= limit as usize);
        seen.extend(&got.items);
        totals.push(got.total);
        between(round).await;
        match got.next {
            Some(cursor) => page = page.next(&cursor).unwrap(),
            None => break,
        }
    }
    (seen, totals)
}

fn once_each(seen: &[i64], wanted: &[i64]) {
    let mut count: HashMap<i64, usize> = HashMap::new();
    for id in seen {
        *count.entry(*id).or_default() += 1;
    }
    for id in wanted {
        assert_eq!(count.get(id), Some(&1), "row {id} in {seen:?}");
    }
    assert!(
        count.values().all(|&n| n == 1),
        "a row came twice: {seen:?}"
    );
}

#[tokio::test]
async fn results_walk_newest_first_once_each_with_inserts_between_pages() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    // Several results a day, so the cursor's id breaks ties within a date.
    for n in 0..23 {
        store
            .add_result(me, &result(n / 3, 300.0 + n as f64), now())
            .await
            .unwrap();
    }
    let all: Vec<i64> = store
        .results(me)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id.0)
        .collect();
    let (seen, totals) = walk(
        5,
        List::Results,
        async |page: &Page| store.results_page(me, page).await.unwrap().map(|r| r.id.0),
        // Between pages: one newer than everything and one on a day the walk is on.
        async |round: usize| {
            store
                .add_result(me, &result(100, 290.0), now())
                .await
                .unwrap();
            store
                .add_result(me, &result(4 - round as i64, 299.0), now())
                .await
                .unwrap();
        },
    )
    .await;
    once_each(&seen, &all);
    let order: Vec<i64> = seen.iter().copied().filter(|id| all.contains(id)).collect();
    assert_eq!(order, all, "the walk keeps the list's order");
    assert_eq!(totals[0], 23);
}

#[tokio::test]
async fn activities_walk_newest_first_with_the_undated_last() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    for n in 0..12 {
        // Three without a start time, and two sharing one.
        let start = match n {
            0..3 => None,
            3 | 4 => Some(1_700_000_000),
            _ => Some(1_700_000_000 + n * 3600),
        };
        add_activity(&store, n, start).await;
    }
    let all: Vec<i64> = store
        .list_activities(me)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id.0)
        .collect();
    let (seen, totals) = walk(
        4,
        List::Activities,
        async |page: &Page| {
            store
                .activities_page(me, page)
                .await
                .unwrap()
                .map(|a| a.id.0)
        },
        async |round: usize| {
            add_activity(
                &store,
                100 + round as i64,
                Some(1_800_000_000 + round as i64),
            )
            .await;
            add_activity(&store, 200 + round as i64, None).await;
        },
    )
    .await;
    once_each(&seen, &all);
    let order: Vec<i64> = seen.iter().copied().filter(|id| all.contains(id)).collect();
    assert_eq!(order, all);
    assert_eq!(totals[0], 12);
}

#[tokio::test]
async fn athletes_walk_in_the_order_they_were_added() {
    let store = store().await;
    for n in 0..9 {
        store
            .create_athlete(&Profile {
                name: format!("Runner {n}"),
                onboarded: n % 3 != 0,
                ..Profile::default()
            })
            .await
            .unwrap();
    }
    let all: Vec<i64> = store
        .athletes()
        .await
        .unwrap()
        .iter()
        .map(|a| a.id.0)
        .collect();
    let (seen, totals) = walk(
        3,
        List::Athletes,
        async |page: &Page| {
            store
                .athletes_page(page, false)
                .await
                .unwrap()
                .map(|a| a.id.0)
        },
        async |_| {
            store.create_athlete(&Profile::default()).await.unwrap();
        },
    )
    .await;
    once_each(&seen, &all);
    assert_eq!(totals[0], 10, "the first athlete and nine more");
    let onboarded = store
        .athletes_page(&Page::first(List::Athletes, MAX_LIMIT).unwrap(), true)
        .await
        .unwrap();
    assert_eq!(onboarded.total, 6);
    assert!(onboarded.items.iter().all(|a| a.profile.onboarded));
}

#[tokio::test]
async fn saved_workouts_walk_by_name_ignoring_case() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    let names = ["b", "A", "a", "c", "B 2", "d|x", "Ä", "e", "f"];
    for name in names {
        let w = NewWorkout {
            name: name.to_owned(),
            text: "4 x 400m @ goal\n".to_owned(),
        };
        store.save_workout(me, &w, now()).await.unwrap();
    }
    let all: Vec<i64> = store
        .workouts(me)
        .await
        .unwrap()
        .iter()
        .map(|w| w.id.0)
        .collect();
    let (seen, _) = walk(
        2,
        List::Workouts,
        async |page: &Page| store.workouts_page(me, page).await.unwrap().map(|w| w.id.0),
        async |round: usize| {
            let w = NewWorkout {
                name: ["0", "zz", "b 1", "Z"][round % 4].to_owned(),
                text: "4 x 400m @ goal\n".to_owned(),
            };
            store.save_workout(me, &w, now()).await.unwrap();
        },
    )
    .await;
    once_each(&seen, &all);
    let order: Vec<i64> = seen.iter().copied().filter(|id| all.contains(id)).collect();
    assert_eq!(order, all);
}

#[tokio::test]
async fn a_page_holds_exactly_the_maximum_and_the_total() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    let rows: Vec<NewResult> = (0..MAX_LIMIT as i64 + 1)
        .map(|n| result(n, 300.0))
        .collect();
    store.import_results(me, &rows, now()).await.unwrap();
    let page = Page::read(List::Results, Some("500"), None).unwrap();
    let first = store.results_page(me, &page).await.unwrap();
    assert_eq!((first.items.len(), first.total), (500, 501));
    let last = store
        .results_page(me, &page.next(first.next.as_ref().unwrap()).unwrap())
        .await
        .unwrap();
    assert_eq!((last.items.len(), last.next), (1, None));
    assert_eq!(last.items[0].result.date, "2020-01-01".parse().unwrap());
    assert_eq!(
        Page::read(List::Results, Some("501"), None)
            .unwrap_err()
            .parameter(),
        "limit"
    );
}

#[tokio::test]
async fn a_page_of_one_list_is_not_read_as_another() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    for n in 0..3 {
        store
            .add_result(me, &result(n, 300.0), now())
            .await
            .unwrap();
    }
    let page = Page::read(List::Results, Some("1"), None).unwrap();
    let next: Cursor = store.results_page(me, &page).await.unwrap().next.unwrap();
    assert_eq!(
        Page::read(List::Activities, None, Some(next.as_str()))
            .unwrap_err()
            .parameter(),
        "cursor"
    );
    let results_page = page.next(&next).unwrap();
    assert!(matches!(
        store.activities_page(me, &results_page).await,
        Err(miler_store::Error::Page(_))
    ));
}

#[tokio::test]
async fn the_record_results_are_each_event_s_progression() {
    let store = store().await;
    let me = AthleteId::DEFAULT;
    // Mile: 6:00, 6:10 (slower), 5:50 (record), 5:50 (a tie is not a record), 5:40.
    let times = [360.0, 370.0, 350.0, 350.0, 340.0];
    for (day, secs) in times.iter().enumerate() {
        store
            .add_result(me, &result(day as i64, *secs), now())
            .await
            .unwrap();
    }
    let mut five = result(0, 1500.0);
    five.event = "5k".to_owned();
    store.add_result(me, &five, now()).await.unwrap();
    let records = store.record_results(me).await.unwrap();
    let got: Vec<(&str, f64)> = records
        .iter()
        .map(|r| (r.result.event.as_str(), r.result.time.secs()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("5k", 1500.0),
            ("mile", 360.0),
            ("mile", 350.0),
            ("mile", 340.0)
        ]
    );
}
