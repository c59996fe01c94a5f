//! Input at the edges, through the router without a socket: human limits on the calculators
//! (`miler_core::limits`), the same answer from the API and the pages, and names cleaned of
//! control and bidirectional-override characters however they arrive.

mod common;

use axum::http::{Method, StatusCode};
use common::{app, encode};
use serde_json::json;

#[tokio::test]
async fn calculators_refuse_paces_beyond_human_limits_and_take_the_limits_themselves() {
    let app = app().await;
    // (query, field at fault, words of the message); each limit, and just past it.
    let refused = [
        (
            "/api/v1/pace?distance=mile&time=1:00",
            "time",
            "faster than the world record, 3:43.13",
        ),
        (
            "/api/v1/pace?distance=mile&time=3:43.12",
            "time",
            "faster than the world record",
        ),
        (
            "/api/v1/pace?distance=100m&time=8",
            "time",
            "faster than anyone has run",
        ),
        (
            "/api/v1/pace?distance=mile&time=50:00",
            "time",
            "slower than a slow walk",
        ),
        ("/api/v1/treadmill?speed=120km/h", "speed", "120.0 km/h"),
        (
            "/api/v1/treadmill?speed=44.73km/h",
            "speed",
            "the fastest running speed measured is 44.72 km/h",
        ),
        (
            "/api/v1/treadmill?pace=1:00/mi",
            "pace",
            "faster than anyone has run",
        ),
        (
            "/api/v1/treadmill?pace=30:01/km",
            "pace",
            "slower than a slow walk, 30:00/km",
        ),
    ];
    for (uri, field, words) in refused {
        let reply = app.get(uri).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.body
        );
        let error = &reply.json()["error"];
        assert_eq!(error["fields"][0]["field"], field, "{uri}: {}", reply.body);
        assert!(
            reply.error_message().contains(words),
            "{uri}: {}",
            reply.body
        );
    }
    for uri in [
        "/api/v1/pace?distance=mile&time=3:43.13",
        "/api/v1/pace?distance=mile&time=40:00",
        "/api/v1/treadmill?speed=44.72km/h",
        "/api/v1/treadmill?pace=30:00/km",
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
    }
    // The page shows the same reason beside the field.
    let page = app
        .get(&format!("/tools/treadmill?speed={}", encode("120km/h")))
        .await;
    assert!(page.status.is_client_error(), "{}", page.status);
    assert!(
        page.body
            .contains("the fastest running speed measured is 44.72 km/h")
    );
}

#[tokio::test]
async fn athlete_names_lose_control_and_bidi_characters_and_keep_their_cap() {
    let app = app().await;
    let created = app
        .json(
            Method::POST,
            "/api/v1/athletes",
            &json!({"name": "\u{1b}[2JAda\u{0} \u{202e}Lovelace\u{2066}", "age": 34, "sex": "F"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.json()["name"], "[2JAda Lovelace");

    let long = app
        .json(
            Method::POST,
            "/api/v1/athletes",
            &json!({"name": "x".repeat(81), "age": 34}),
        )
        .await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST, "{}", long.body);
    assert!(
        long.error_message()
            .contains("81 characters; shorten it to at most 80"),
        "{}",
        long.body
    );
    // Characters that are removed don't count against the cap.
    let at_cap = app
        .json(
            Method::POST,
            "/api/v1/athletes",
            &json!({"name": format!("{}\u{202e}\u{0}", "é".repeat(80)), "age": 34}),
        )
        .await;
    assert_eq!(at_cap.status, StatusCode::CREATED, "{}", at_cap.body);
    // Nothing but control characters is no name at all.
    let empty = app
        .json(
            Method::POST,
            "/api/v1/athletes",
            &json!({"name": "\u{0}\u{7}", "age": 34}),
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.body);
    assert!(
        empty.error_message().contains("give a name"),
        "{}",
        empty.body
    );
}
