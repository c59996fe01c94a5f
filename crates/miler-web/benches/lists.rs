//! Lists at club scale: one athlete with 39 000 results and 5 000 activities, the sizes at
//! which the unpaged lists took 931 ms (at 5 000 results) and answered 13.8 MB per request.
//! Each list is asked for through the whole router, as a client would: the first page, a
//! deep page (from the cursor of the last full page of 500), and the largest page a request
//! may ask for, with the median time of several requests and the size of the response.
//!
//! `cargo bench -p miler-web --bench lists` runs it at full scale and prints the figures.
//! `cargo test --benches` runs the same code once on a small database, so it stays working.

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use jiff::Timestamp;
use jiff::civil::Date;
use miler_activity::{Activity, SampleRow, SamplesBuilder, Sport};
use miler_core::agegrade::Sex;
use miler_core::{Distance, Duration as Time};
use miler_store::{AthleteId, MAX_LIMIT, NewResult, Source, Store};
use miler_web::AppState;
use tower::ServiceExt;

struct Scale {
    results: usize,
    activities: usize,
    runs: usize,
}

const FULL: Scale = Scale {
    results: 39_000,
    activities: 5_000,
    runs: 21,
};

/// Enough to exercise every path (several pages, a deep cursor) in a debug build.
const SMOKE: Scale = Scale {
    results: 1_200,
    activities: 120,
    runs: 3,
};

fn result(n: usize) -> NewResult {
    let start: Date = "2000-01-01".parse().unwrap();
    let events = ["mile", "1500m", "5k", "800m"];
    let event = events[n % events.len()];
    let metres = match event {
        "mile" => Distance::MILE.metres(),
        "1500m" => 1500.0,
        "5k" => 5000.0,
        _ => 800.0,
    };
    NewResult {
        // Several a day, so keys tie on the date and the id decides.
        date: start
            .checked_add(jiff::Span::new().days((n / 4) as i64))
            .unwrap(),
        event: event.to_owned(),
        distance: Distance::from_metres(metres).unwrap(),
        time: Time::from_secs(metres / 4.2 + (n % 97) as f64).unwrap(),
        age: Some(40),
        sex: Some(Sex::Female),
        height_cm: Some(168.0),
        weight_kg: Some(58.0),
        felt: Some(3),
        would_repeat: Some(true),
        notes: Some("steady, windy on the back straight".to_owned()),
    }
}

fn activity(n: usize) -> Activity {
    let mut b = SamplesBuilder::default();
    for i in 0..=30 {
        let t = f64::from(i) * 10.0;
        b.push(SampleRow {
            time_s: t,
            distance_m: Some(t * 3.5),
            heart_rate_bpm: Some(150),
            ..SampleRow::default()
        });
    }
    let mut a = Activity::new(Sport::Running, b.finish());
    a.start_time = Some(Timestamp::from_second(1_600_000_000 + n as i64 * 86_400).unwrap());
    a.name = Some(format!("Run {n}"));
    a
}

async fn seed(store: &Store, scale: &Scale) {
    let now: Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
    let rows: Vec<NewResult> = (0..scale.results).map(result).collect();
    for chunk in rows.chunks(5_000) {
        store
            .import_results(AthleteId::DEFAULT, chunk, now)
            .await
            .unwrap();
    }
    for n in 0..scale.activities {
        let source = Source::new("gpx", format!("run-{n}.gpx"), n.to_string().as_bytes());
        store
            .insert_activity(AthleteId::DEFAULT, &activity(n), &source)
            .await
            .unwrap();
    }
}

async fn get(router: &Router, uri: &str) -> (Duration, Vec<u8>) {
    let start = Instant::now();
    let response = router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (start.elapsed(), body.to_vec())
}

/// The median time of `runs` requests of `uri`, and the response's size.
async fn measure(router: &Router, uri: &str, runs: usize) -> (Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let (took, body) = get(router, uri).await;
        times.push(took);
        size = body.len();
    }
    times.sort();
    (times[times.len() / 2], size)
}

/// The cursor of a page near the end of the list at `path`, found by walking it with the
/// largest pages; and how many rows the walk saw.
async fn deep_cursor(router: &Router, path: &str) -> (String, u64) {
    let mut uri = format!("{path}?limit={MAX_LIMIT}");
    let (mut last, mut seen) = (String::new(), 0);
    loop {
        let (_, body) = get(router, &uri).await;
        let page: serde_json::Value = serde_json::from_slice(&body).unwrap();
        seen += page["items"].as_array().unwrap().len() as u64;
        match page["next"].as_str() {
            Some(next) => {
                last = next.to_owned();
                uri = format!("{path}?limit={MAX_LIMIT}&cursor={next}");
            }
            None => return (last, seen),
        }
    }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let scale = if full { &FULL } else { &SMOKE };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lists.db");
        let store = Store::open(path.to_str().unwrap()).await.unwrap();
        let seeding = Instant::now();
        seed(&store, scale).await;
        println!(
            "lists: {} results and {} activities for one athlete (seeded in {:.1} s)",
            scale.results,
            scale.activities,
            seeding.elapsed().as_secs_f64()
        );
        let router = miler_web::router(AppState::with_today(
            store.clone(),
            Date::constant(2026, 11, 23),
        ));
        for (name, path, rows) in [
            (
                "results",
                "/api/v1/athletes/1/results",
                scale.results as u64,
            ),
            (
                "activities",
                "/api/v1/athletes/1/activities",
                scale.activities as u64,
            ),
        ] {
            let (deep, seen) = deep_cursor(&router, path).await;
            assert_eq!(seen, rows, "walking {name} sees every row once");
            for (label, uri) in [
                ("first page (50)", path.to_owned()),
                ("deep page (50)", format!("{path}?cursor={deep}")),
                ("largest page (500)", format!("{path}?limit={MAX_LIMIT}")),
            ] {
                let (median, size) = measure(&router, &uri, scale.runs).await;
                println!(
                    "  {name:<10} {label:<20} median {:>8.2} ms  {:>9} bytes",
                    median.as_secs_f64() * 1000.0,
                    size
                );
            }
        }
        let (median, size) = measure(&router, "/api/v1/leaderboards", scale.runs).await;
        println!(
            "  {:<10} {:<20} median {:>8.2} ms  {:>9} bytes",
            "board",
            "first page (50)",
            median.as_secs_f64() * 1000.0,
            size
        );
        store.close().await;
    });
}
