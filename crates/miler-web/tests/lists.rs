//! Every list, in the API and on the pages, comes a page at a time: `?limit=` up to
//! `MAX_LIMIT` (one more is a 400 naming `limit`), a cursor miler gave (anything else is a
//! 400 naming `cursor`), `items`, `total` and `next` in the JSON, and "Showing N of M" with a
//! next-page link on the pages. Walking the cursors shows every row once, even with rows
//! added between the pages.

mod common;

use std::collections::HashMap;

use axum::http::{Method, StatusCode};
use common::{App, app};
use jiff::Timestamp;
use jiff::civil::Date;
use miler_activity::{Activity, SampleRow, SamplesBuilder, Sport};
use miler_core::agegrade::Sex;
use miler_core::{Distance, Duration};
use miler_store::{
    AthleteId, DEFAULT_LIMIT, MAX_LIMIT, NewResult, NewWorkout, Profile, Source, Store,
};
use serde_json::{Value, json};

fn now() -> Timestamp {
    "2026-11-20T10:00:00Z".parse().unwrap()
}

fn mile(day: i64, secs: f64) -> NewResult {
    let start: Date = "2020-01-01".parse().unwrap();
    NewResult {
        date: start.checked_add(jiff::Span::new().days(day)).unwrap(),
        event: "mile".to_owned(),
        distance: Distance::MILE,
        time: Duration::from_secs(secs).unwrap(),
        age: Some(40),
        sex: Some(Sex::Female),
        height_cm: None,
        weight_kg: None,
        felt: None,
        would_repeat: None,
        notes: None,
    }
}

async fn add_activity(store: &Store, athlete: AthleteId, n: usize) {
    let mut b = SamplesBuilder::default();
    for i in 0..3 {
        let t = f64::from(i) * 60.0;
        b.push(SampleRow {
            time_s: t,
            distance_m: Some(t * 3.0),
            ..SampleRow::default()
        });
    }
    let mut a = Activity::new(Sport::Running, b.finish());
    a.start_time = Some(Timestamp::from_second(1_700_000_000 + n as i64 * 600).unwrap());
    let source = Source::new(
        "gpx",
        format!("{n}.gpx"),
        format!("{athlete:?}{n}").as_bytes(),
    );
    store.insert_activity(athlete, &a, &source).await.unwrap();
}

/// The field a 400 names, checking it is a JSON error with a message.
fn bad_field(reply: &common::Reply) -> String {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    let message = reply.error_message();
    assert!(!message.is_empty());
    reply.json()["error"]["fields"][0]["field"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The page of `list` at `path` (which may carry a query already) with `limit` and `cursor`.
fn at(path: &str, limit: Option<u32>, cursor: Option<&str>) -> String {
    let mut query = Vec::new();
    if let Some(n) = limit {
        query.push(format!("limit={n}"));
    }
    if let Some(c) = cursor {
        query.push(format!("cursor={c}"));
    }
    let sep = if path.contains('?') { '&' } else { '?' };
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}{sep}{}", query.join("&"))
    }
}

/// The part of a reply that is the list: the reply, or its `leaderboard`.
fn list_of(reply: &Value) -> &Value {
    if reply.get("leaderboard").is_some() {
        &reply["leaderboard"]
    } else {
        reply
    }
}

/// Checks the limit at `path`, a list of exactly `MAX_LIMIT + 1` rows: a page of exactly
/// `MAX_LIMIT` then one of one, `MAX_LIMIT + 1` refused, bad cursors refused.
async fn holds_the_limit(app: &App, path: &str) {
    let first = app.get(&at(path, Some(MAX_LIMIT), None)).await;
    assert_eq!(first.status, StatusCode::OK, "{path}: {}", first.body);
    let first = first.json();
    let page = list_of(&first);
    assert_eq!(page["items"].as_array().unwrap().len(), 500, "{path}");
    assert_eq!(page["total"], 501, "{path}");
    let next = page["next"].as_str().expect("a next page").to_owned();
    let last = app
        .get(&at(path, Some(MAX_LIMIT), Some(&next)))
        .await
        .json();
    let last = list_of(&last);
    assert_eq!(last["items"].as_array().unwrap().len(), 1, "{path}");
    assert!(last["next"].is_null(), "{path}");

    let default = app.get(path).await.json();
    assert_eq!(
        list_of(&default)["items"].as_array().unwrap().len(),
        DEFAULT_LIMIT as usize
    );

    for limit in ["501", "0", "-1", "fifty"] {
        let reply = app.get(&format!("{path}{}limit={limit}", sep(path))).await;
        assert_eq!(bad_field(&reply), "limit", "{path} limit={limit}");
        assert!(reply.error_message().contains("1 to 500"), "{}", reply.body);
    }
    // Garbage, a cursor of another list, a cursor cut short, and one far too long.
    let other = if path.contains("saved-workouts") {
        hex("athletes:1")
    } else {
        hex("workouts:Mine")
    };
    let long = "61".repeat(5000);
    for cursor in ["garbage", &other, &next[..next.len() - 1], "7a7a", &long] {
        let reply = app.get(&at(path, None, Some(cursor))).await;
        assert_eq!(bad_field(&reply), "cursor", "{path} cursor={cursor}");
    }
}

/// A cursor's encoding, written out independently of miler's.
fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

fn sep(path: &str) -> &'static str {
    if path.contains('?') { "&" } else { "?" }
}

#[tokio::test]
async fn every_list_endpoint_takes_up_to_the_maximum_and_refuses_more() {
    let app = app().await;
    let me = AthleteId::DEFAULT;
    let rows: Vec<NewResult> = (0..=MAX_LIMIT as i64).map(|n| mile(n, 400.0)).collect();
    app.store.import_results(me, &rows, now()).await.unwrap();
    for n in 0..=MAX_LIMIT as usize {
        add_activity(&app.store, me, n).await;
        let w = NewWorkout {
            name: format!("Workout {n:03}"),
            text: "4 x 400m @ goal\n".to_owned(),
        };
        app.store.save_workout(me, &w, now()).await.unwrap();
    }
    // 500 more athletes, each with a mile: 501 athletes, 501 on each board.
    for n in 0..MAX_LIMIT as i64 {
        let id = app
            .store
            .create_athlete(&Profile {
                name: format!("Runner {n}"),
                ..Profile::default()
            })
            .await
            .unwrap();
        app.store
            .add_result(id, &mile(n, 300.0 + n as f64), now())
            .await
            .unwrap();
    }
    for path in [
        "/api/v1/athletes",
        "/api/v1/athletes/1/results",
        "/api/v1/athletes/1/activities",
        "/api/v1/athletes/1/saved-workouts",
        "/api/v1/leaderboards?event=mile",
        "/api/v1/challenges/mile",
    ] {
        holds_the_limit(&app, path).await;
    }
}

/// Walks the list at `path` with pages of `limit`, calling `between` after each page, and
/// returns what `key` says of each item, in order.
async fn walk(
    app: &App,
    path: &str,
    limit: u32,
    key: impl Fn(&Value) -> i64,
    mut between: impl AsyncFnMut(usize),
) -> Vec<i64> {
    let (mut seen, mut cursor, mut round) = (Vec::new(), None::<String>, 0);
    loop {
        let reply = app.get(&at(path, Some(limit), cursor.as_deref())).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let reply = reply.json();
        let page = list_of(&reply);
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= limit as usize);
        seen.extend(items.iter().map(&key));
        between(round).await;
        round += 1;
        match page["next"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return seen,
        }
    }
}

fn once_each(seen: &[i64], wanted: &[i64]) {
    let mut count: HashMap<i64, usize> = HashMap::new();
    for id in seen {
        *count.entry(*id).or_default() += 1;
    }
    for id in wanted {
        assert_eq!(count.get(id), Some(&1), "{id} in {seen:?}");
    }
    assert!(count.values().all(|&n| n == 1), "twice: {seen:?}");
}

#[tokio::test]
async fn walking_the_cursors_shows_every_row_once_while_rows_are_added() {
    let app = app().await;
    let me = AthleteId::DEFAULT;
    for n in 0..17 {
        app.store
            .add_result(me, &mile(n / 2, 400.0), now())
            .await
            .unwrap();
        add_activity(&app.store, me, n as usize).await;
    }
    let id = |v: &Value| v["id"].as_i64().unwrap();
    let results: Vec<i64> = app.get("/api/v1/athletes/1/results?limit=500").await.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    assert_eq!(results.len(), 17);
    let seen = walk(
        &app,
        "/api/v1/athletes/1/results",
        4,
        id,
        async |round: usize| {
            // A newer result through the API, and one on a day the walk has not reached.
            let posted = app
                .json(
                    Method::POST,
                    "/api/v1/athletes/1/results",
                    &json!({"event": "mile", "time_s": 360.0, "date": "2026-11-01"}),
                )
                .await;
            assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
            app.store
                .add_result(me, &mile(round as i64, 401.0), now())
                .await
                .unwrap();
        },
    )
    .await;
    once_each(&seen, &results);

    let activities: Vec<i64> = app
        .get("/api/v1/athletes/1/activities?limit=500")
        .await
        .json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    let seen = walk(
        &app,
        "/api/v1/athletes/1/activities",
        5,
        id,
        async |round: usize| {
            add_activity(&app.store, me, 1000 + round).await;
        },
    )
    .await;
    once_each(&seen, &activities);

    for _ in 0..2 {
        app.store.create_athlete(&Profile::default()).await.unwrap();
    }
    let athletes: Vec<i64> = (1..=3).collect();
    // An athlete added after each of the first pages is after the cursor, so the walk
    // meets them too, and still ends.
    let seen = walk(&app, "/api/v1/athletes", 1, id, async |round: usize| {
        if round < 3 {
            app.store.create_athlete(&Profile::default()).await.unwrap();
        }
    })
    .await;
    once_each(&seen, &athletes);
    assert_eq!(seen, vec![1, 2, 3, 4, 5, 6]);
}

#[tokio::test]
async fn a_leaderboard_pages_by_rank() {
    let app = app().await;
    let mut ids = Vec::new();
    for n in 0..7 {
        let id = app
            .store
            .create_athlete(&Profile {
                name: format!("Runner {n}"),
                ..Profile::default()
            })
            .await
            .unwrap();
        // Two share a time, so two share a rank.
        let secs = if n == 3 { 302.0 } else { 300.0 + n as f64 };
        app.store
            .add_result(id, &mile(n, secs), now())
            .await
            .unwrap();
        ids.push(id.0);
    }
    let seen = walk(
        &app,
        "/api/v1/leaderboards?event=mile",
        3,
        |e| e["athlete_id"].as_i64().unwrap(),
        async |_| {},
    )
    .await;
    once_each(&seen, &ids);
    let ranks: Vec<i64> = {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = app
                .get(&at(
                    "/api/v1/leaderboards?event=mile",
                    Some(3),
                    cursor.as_deref(),
                ))
                .await
                .json();
            all.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["rank"].as_i64().unwrap()),
            );
            match page["next"].as_str() {
                Some(n) => cursor = Some(n.to_owned()),
                None => break all,
            }
        }
    };
    // 5:00, 5:01, 5:02 (two), 5:04, 5:05, 5:06: ranks skip after a tie, across pages.
    assert_eq!(ranks, vec![1, 2, 3, 3, 5, 6, 7]);
    let list = app.get("/api/v1/challenges").await.json();
    assert_eq!(list[1]["id"], "mile");
    assert_eq!(list[1]["athletes"], 7, "the count is of the whole board");
}

#[tokio::test]
async fn the_pages_say_how_many_and_link_to_the_next_page() {
    let app = app().await;
    app.onboard("Ada").await;
    let me = AthleteId::DEFAULT;
    let rows: Vec<NewResult> = (0..60).map(|n| mile(n, 341.0 + n as f64)).collect();
    app.store.import_results(me, &rows, now()).await.unwrap();
    for n in 0..60 {
        add_activity(&app.store, me, n).await;
    }
    for (path, rows) in [("/results", 60), ("/activities", 60)] {
        let first = app.get_as(path, Some(1)).await;
        assert_eq!(first.status, StatusCode::OK, "{path}: {}", first.body);
        assert!(
            first.body.contains(&format!("Showing 50 of {rows}")),
            "{path}: {}",
            first.body
        );
        let href = first
            .body
            .split("href=\"")
            .filter_map(|s| s.split('"').next())
            .find(|h| h.starts_with(&format!("{path}?cursor=")))
            .unwrap_or_else(|| panic!("{path} has no next page link"))
            .to_owned();
        let rest = app.get_as(&href.replace("&#38;", "&"), Some(1)).await;
        assert_eq!(rest.status, StatusCode::OK, "{href}: {}", rest.body);
        assert!(rest.body.contains("Showing 10 of 60"), "{}", rest.body);
        assert!(
            !rest.body.contains("data-next"),
            "the last page has no next link"
        );
        let bad = app.get_as(&format!("{path}?limit=501"), Some(1)).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("1 to 500"), "{}", bad.body);
    }
    // The results log's records come from the whole log, not the page: the fastest is the
    // oldest (5:41), on the last page, and every later one was slower.
    let log = app.get("/api/v1/athletes/1/results").await.json();
    assert_eq!(log["prs"][0]["time_s"], 341.0, "{}", log["prs"]);
    assert_eq!(log["progression"][0]["steps"].as_array().unwrap().len(), 1);

    // A leaderboard's next link keeps its filters.
    for n in 0..3 {
        let id = app
            .store
            .create_athlete(&Profile {
                name: format!("Runner {n}"),
                onboarded: true,
                ..Profile::default()
            })
            .await
            .unwrap();
        app.store
            .add_result(id, &mile(n, 300.0), now())
            .await
            .unwrap();
    }
    let board = app
        .get_as("/leaderboards?event=mile&sex=F&limit=2", Some(1))
        .await;
    assert!(board.body.contains("Showing 2 of 4"), "{}", board.body);
    assert!(
        board
            .body
            .replace("&#38;", "&")
            .contains("/leaderboards?event=mile&by=time&sex=F&period=all&limit=2&cursor="),
        "{}",
        board.body
    );
    let athletes = app.get_as("/athletes?limit=2", Some(1)).await;
    assert!(
        athletes.body.contains("Showing 2 of 4"),
        "{}",
        athletes.body
    );
}
