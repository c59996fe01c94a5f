//! The JSON API, endpoint by endpoint: good input gives the documented SI fields, bad input a
//! 4xx JSON error whose message says what to give; athletes are scoped by the path; the
//! OpenAPI document lists exactly the routes the router has.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{app, encode};
use serde_json::json;

#[tokio::test]
async fn calculators_answer_in_si_units() {
    let app = app().await;
    // (uri, field, expected value)
    let cases: &[(&str, &str, f64)] = &[
        ("/api/v1/pace?distance=mile&time=6:00", "/per_400m_s", 90.0),
        (
            "/api/v1/pace?distance=mile&time=6:00",
            "/exact_per_400m_s",
            89.48,
        ),
        (
            "/api/v1/pace?distance=mile&time=6:00",
            "/splits/0/at_m",
            409.344,
        ),
        (
            "/api/v1/pace?distance=5k&time=20:00",
            "/pace_s_per_km",
            240.0,
        ),
        ("/api/v1/pace?distance=5k&time=20:00", "/per_400m_s", 96.0),
        (
            "/api/v1/pace?distance=5k&time=20:00",
            "/splits/12/at_m",
            5000.0,
        ),
        ("/api/v1/treadmill?pace=4:00/km", "/speed_kmh", 15.0),
        ("/api/v1/treadmill?pace=4:00&per=km", "/speed_m_s", 4.1667),
        (
            "/api/v1/treadmill?speed=10&speed_unit=mph",
            "/pace_s_per_mile",
            360.0,
        ),
        ("/api/v1/treadmill?speed=12km/h", "/pace_s_per_km", 300.0),
        (
            "/api/v1/agegrade?result=mile%3D6:00&age=50&sex=M",
            "/distance_m",
            1609.344,
        ),
        (
            "/api/v1/predict?results=5k%3D24:00",
            "/inputs/0/time_s",
            1440.0,
        ),
        (
            "/api/v1/predict?results=5k%3D20:00&to=mile",
            "/predictions/0/distance_m",
            1609.344,
        ),
    ];
    for &(uri, pointer, expected) in cases {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
        assert_eq!(reply.content_type(), "application/json", "{uri}");
        let value = reply.json().pointer(pointer).and_then(|v| v.as_f64());
        assert_eq!(value, Some(expected), "{uri} {pointer}: {}", reply.body);
    }
}

#[tokio::test]
async fn the_predictor_says_which_models_apply() {
    let app = app().await;
    let reply = app.get("/api/v1/predict?results=400m%3D80&to=mile").await;
    assert_eq!(reply.status, StatusCode::OK);
    let json = reply.json();
    let predictions = json["predictions"].as_array().unwrap();
    let vdot = predictions.iter().find(|p| p["model"] == "vdot").unwrap();
    assert_eq!(vdot["valid"], false);
    assert!(vdot["time_s"].is_null());
    assert!(vdot["note"].as_str().unwrap().contains("not valid"));
    let horwill = predictions
        .iter()
        .find(|p| p["model"] == "horwill")
        .unwrap();
    assert_eq!(horwill["valid"], true);
    assert!(json["mile"].as_str().unwrap().contains("Horwill"));
}

#[tokio::test]
async fn bad_calculator_input_is_a_400_that_says_what_to_give() {
    let app = app().await;
    // (uri, field at fault, words the message must contain)
    let cases: &[(&str, &str, &str)] = &[
        (
            "/api/v1/pace?time=6:00",
            "distance",
            "missing: give a distance",
        ),
        (
            "/api/v1/pace?distance=5x&time=6:00",
            "distance",
            "is not a distance such as",
        ),
        (
            "/api/v1/pace?distance=mile&time=fast",
            "time",
            "is not a time as SS, M:SS",
        ),
        (
            "/api/v1/predict",
            "results",
            "missing: give one or more results",
        ),
        (
            "/api/v1/predict?results=5k%3D4:00",
            "results",
            "faster than any runner",
        ),
        (
            "/api/v1/predict?results=5k%3D24:00&sex=X",
            "sex",
            "is not M or F",
        ),
        (
            "/api/v1/predict?results=5k%3D24:00&to=nowhere",
            "to",
            "is not a distance",
        ),
        (
            "/api/v1/agegrade?result=mile%3D6:00&age=50",
            "sex",
            "give M or F",
        ),
        (
            "/api/v1/agegrade?result=mile%3D6:00&age=200&sex=M",
            "age",
            "give a whole age",
        ),
        (
            "/api/v1/agegrade?result=mile%3D6:00&age=fifty&sex=M",
            "age",
            "not a whole number",
        ),
        (
            "/api/v1/agegrade?result=5k%3D20:00&age=50&sex=M&table=road2025",
            "result",
            "only the road mile",
        ),
        (
            "/api/v1/agegrade?result=mile%3D6:00&age=50&sex=M&table=moon",
            "table",
            "is not an age-grading table",
        ),
        ("/api/v1/treadmill", "pace", "give a pace such as 4:00/km"),
        (
            "/api/v1/treadmill?pace=4:00",
            "pace",
            "give the distance the time is for",
        ),
        (
            "/api/v1/treadmill?pace=4:00/km&speed=12km/h",
            "speed",
            "not both",
        ),
        ("/api/v1/treadmill?speed=12", "speed", "add a unit"),
    ];
    for &(uri, field, words) in cases {
        let reply = app.get(uri).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.body
        );
        let message = reply.error_message();
        assert!(message.contains(words), "{uri}: {message}");
        let fields = reply.json()["error"]["fields"].clone();
        assert!(
            fields
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["field"] == field && f["message"].as_str().unwrap().contains(words)),
            "{uri}: {fields}"
        );
    }
}

#[tokio::test]
async fn athletes_are_created_read_and_updated() {
    let app = app().await;
    let list = app.get("/api/v1/athletes").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(
        list.json()["items"].as_array().unwrap().len(),
        1,
        "the default athlete"
    );

    let created = app
        .json(
            Method::POST,
            "/api/v1/athletes",
            &json!({"name": "Ada", "birth_date": "1981-06-15", "sex": "F", "units": "mi",
                    "current": {"distance_m": 5000, "time_s": 1440}, "goal_mile_s": 360,
                    "goal_date": "2027-02-15", "weight_kg": 58}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let ada = created.json();
    assert_eq!(ada["name"], "Ada");
    assert_eq!(ada["age"], 45);
    assert_eq!(ada["units"], "mi");
    assert_eq!(ada["current"]["result"], "5k=24:00");
    assert_eq!(ada["onboarded"], true);
    let id = ada["id"].as_i64().unwrap();

    let read = app.get(&format!("/api/v1/athletes/{id}")).await;
    assert_eq!(read.json(), ada);

    let updated = app
        .json(
            Method::PUT,
            &format!("/api/v1/athletes/{id}"),
            &json!({"name": "Ada L.", "age": 45, "current": null, "goal_mile_s": 390}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    assert_eq!(updated.json()["name"], "Ada L.");
    assert!(updated.json()["current"].is_null());
    assert_eq!(updated.json()["units"], "km");
    assert_eq!(
        app.get("/api/v1/athletes").await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn bad_athletes_are_refused_field_by_field() {
    let app = app().await;
    let cases = [
        (json!({"name": ""}), "name", "give a name"),
        (json!({"name": "A", "age": 300}), "age", "outside 5-110"),
        (
            json!({"name": "A", "birth_date": "15/06/1981"}),
            "birth_date",
            "YYYY-MM-DD",
        ),
        (json!({"name": "A", "sex": "X"}), "sex", "not M or F"),
        (
            json!({"name": "A", "units": "furlongs"}),
            "units",
            "not \"km\" or \"mi\"",
        ),
        (
            json!({"name": "A", "height_cm": 20}),
            "height_cm",
            "outside 50-250",
        ),
        (
            json!({"name": "A", "weight_kg": 900}),
            "weight_kg",
            "outside 20-300",
        ),
        (
            json!({"name": "A", "current": {"distance_m": 5000, "time_s": 240}}),
            "current",
            "faster than any runner",
        ),
        (
            json!({"name": "A", "current": {"distance_m": 0, "time_s": 240}}),
            "current",
            "above zero",
        ),
        (
            json!({"name": "A", "goal_mile_s": 100}),
            "goal_mile",
            "faster than any runner",
        ),
        (
            json!({"name": "A", "goal_date": "2020-01-01"}),
            "goal_date",
            "has passed",
        ),
    ];
    for (body, field, words) in cases {
        let reply = app.json(Method::POST, "/api/v1/athletes", &body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.body
        );
        let fields = reply.json()["error"]["fields"].clone();
        assert!(
            fields
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["field"] == field && f["message"].as_str().unwrap().contains(words)),
            "{body}: {fields}"
        );
    }
    // Malformed JSON, unknown fields, the wrong content type: the framework's rejections,
    // in the same JSON shape.
    let broken = app
        .send(
            Request::post("/api/v1/athletes")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{"))
                .unwrap(),
        )
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(
        broken.error_message().contains("openapi.json"),
        "{}",
        broken.body
    );
    let unknown = app
        .json(
            Method::POST,
            "/api/v1/athletes",
            &json!({"name": "A", "shoe": 9}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.error_message().contains("unknown field `shoe`"),
        "{}",
        unknown.body
    );
    let text = app
        .send(
            Request::post("/api/v1/athletes")
                .body(Body::from("name=A"))
                .unwrap(),
        )
        .await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        text.error_message()
            .contains("Content-Type: application/json"),
        "{}",
        text.body
    );
    // Nothing was added by any of them.
    assert_eq!(
        app.get("/api/v1/athletes").await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn an_athlete_sees_only_their_own_data() {
    let app = app().await;
    app.onboard("Ada").await; // athlete 1: 5k=24:00, goal 6:00
    let bo = app
        .json(Method::POST, "/api/v1/athletes", &json!({"name": "Bo", "current": {"distance_m": 1609.344, "time_s": 480}, "goal_mile_s": 450}))
        .await;
    assert_eq!(bo.status, StatusCode::CREATED);
    let bo = bo.json()["id"].as_i64().unwrap();

    let one = app.get("/api/v1/athletes/1/dashboard").await.json();
    let two = app
        .get(&format!("/api/v1/athletes/{bo}/dashboard"))
        .await
        .json();
    assert_eq!(one["athlete"]["name"], "Ada");
    assert_eq!(one["goal_mile_s"], 360.0);
    assert_eq!(two["athlete"]["name"], "Bo");
    assert_eq!(two["goal_mile_s"], 450.0);
    assert_eq!(two["predicted_mile"]["from"], "mile=8:00");
    assert!(!two.to_string().contains("Ada") && !two.to_string().contains("5k=24:00"));

    // A cookie naming athlete 1 changes nothing about what the API answers for athlete 2.
    let with_cookie = app
        .get_as(&format!("/api/v1/athletes/{bo}"), Some(1))
        .await
        .json();
    assert_eq!(with_cookie["name"], "Bo");

    // Workouts resolve from the athlete named in the path: 450 s goal is 112.5 s per 400 m.
    let w = app
        .get(&format!("/api/v1/athletes/{bo}/workouts/goal-pace-400s"))
        .await
        .json();
    assert_eq!(w["athlete_id"], bo);
    assert_eq!(w["track"]["per_400m_s"], 112.5);

    for uri in [
        "/api/v1/athletes/99",
        "/api/v1/athletes/99/dashboard",
        "/api/v1/athletes/99/workouts/goal-pace-400s",
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            reply.error_message().contains("there is no athlete 99"),
            "{uri}"
        );
    }
    let put = app
        .json(Method::PUT, "/api/v1/athletes/99", &json!({"name": "X"}))
        .await;
    assert_eq!(put.status, StatusCode::NOT_FOUND);
    for uri in [
        "/api/v1/athletes/abc",
        "/api/v1/athletes/0/dashboard",
        "/api/v1/athletes/-1",
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            reply.error_message().contains("is not an athlete id"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn the_dashboard_predicts_the_mile_and_counts_down() {
    let app = app().await;
    app.onboard("Ada").await;
    let d = app.get("/api/v1/athletes/1/dashboard").await.json();
    let predicted = d["predicted_mile"]["time_s"].as_f64().unwrap();
    // Daniels-Gilbert from a 24:00 5 km: a mile of about 7:05.
    assert!((420.0..430.0).contains(&predicted), "{d}");
    assert_eq!(d["predicted_mile"]["model"], "vdot");
    assert_eq!(d["days_to_goal"], 84);
    assert_eq!(
        d["gap_s"].as_f64().unwrap(),
        common_round(predicted - 360.0)
    );
}

fn common_round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[tokio::test]
async fn a_workout_is_resolved_with_splits_and_track_laps() {
    let app = app().await;
    app.onboard("Ada").await;
    let w = app.get("/api/v1/athletes/1/workouts/goal-pace-400s").await;
    assert_eq!(w.status, StatusCode::OK, "{}", w.body);
    let w = w.json();
    let reps: Vec<&serde_json::Value> = w["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["distance_m"] == 400.0 && s["kind"] == "run")
        .collect();
    assert_eq!(reps.len(), 4, "{w}");
    // Goal 6:00: 90 s per 400 m, the band reaching 2 s faster.
    assert_eq!(reps[0]["target"]["time_s"], json!([88.0, 90.0]));
    assert_eq!(w["track"]["per_400m_s"], 90.0);
    assert_eq!(
        w["track"]["laps_400m_track"][0]["cumulative_distance_m"],
        409.344
    );
    assert_eq!(w["track"]["laps_200m_track"].as_array().unwrap().len(), 8);
    assert_eq!(w["track"]["bends_and_straights"][0]["part"], "bend");
    assert_eq!(w["mass_kg"], 58.0);

    let later = app
        .get("/api/v1/athletes/1/workouts/repeats-200m?step=5/8")
        .await
        .json();
    assert_eq!(later["session"], json!([5, 8]));
    for (uri, status, words) in [
        (
            "/api/v1/athletes/1/workouts/repeats-200m?step=9/8",
            StatusCode::BAD_REQUEST,
            "give K/N",
        ),
        (
            "/api/v1/athletes/1/workouts/no-such",
            StatusCode::NOT_FOUND,
            "no workout `no-such`",
        ),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, status, "{uri}");
        assert!(
            reply.error_message().contains(words),
            "{uri}: {}",
            reply.body
        );
    }
    // The default athlete has neither result nor goal.
    let none = app
        .json(Method::POST, "/api/v1/athletes", &json!({"name": "New"}))
        .await
        .json();
    let reply = app
        .get(&format!(
            "/api/v1/athletes/{}/workouts/goal-pace-400s",
            none["id"]
        ))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply
            .error_message()
            .contains("neither a current result nor a goal mile")
    );
}

#[tokio::test]
async fn the_catalog_and_its_entries() {
    let app = app().await;
    let list = app.get("/api/v1/workouts").await.json();
    let entries = list.as_array().unwrap();
    assert_eq!(entries.len(), miler_workout::catalog::entries().len());
    assert!(
        entries
            .iter()
            .any(|e| e["id"] == "backwards-mile" && e["source"].is_string())
    );
    let one = app.get("/api/v1/workouts/jo-pavey").await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json()["id"], "jo-pavey");
    let missing = app.get("/api/v1/workouts/nope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn workout_text_is_checked_with_line_and_column() {
    let app = app().await;
    let good = app
        .json(
            Method::POST,
            "/api/v1/workouts/parse",
            &json!({"text": "4 x 400m @ goal, recovery 2min jog\n"}),
        )
        .await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.body);
    assert_eq!(good.json()["ok"], true);
    assert!(
        good.json()["canonical"]
            .as_str()
            .unwrap()
            .contains("4 x 400m")
    );

    let bad = app
        .json(
            Method::POST,
            "/api/v1/workouts/parse",
            &json!({"text": "warm-up 15min easy\n4 x 400q @ goal\n"}),
        )
        .await
        .json();
    assert_eq!(bad["ok"], false);
    let d = &bad["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 2);
    assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(bad["canonical"].is_null());

    let huge = "run 1km easy\n".repeat(2000);
    let reply = app
        .json(
            Method::POST,
            "/api/v1/workouts/parse",
            &json!({"text": huge}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply
            .error_message()
            .contains("longer than 20000 characters")
    );
    let missing = app
        .json(Method::POST, "/api/v1/workouts/parse", &json!({}))
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.error_message().contains("missing field `text`"));
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_as_json() {
    let app = app().await;
    let text = "x".repeat(miler_web::BODY_LIMIT_BYTES + 1);
    let reply = app
        .json(
            Method::POST,
            "/api/v1/workouts/parse",
            &json!({"text": text}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        reply
            .error_message()
            .contains("larger than miler accepts (64 KiB)")
    );
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json_errors() {
    let app = app().await;
    let reply = app.get("/api/v1/nothing-here").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.error_message().contains("/api/v1/openapi.json"));
    let reply = app
        .send(
            Request::delete("/api/v1/athletes")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        reply
            .error_message()
            .contains("DELETE is not allowed at /api/v1/athletes")
    );
    let allow = reply.headers[header::ALLOW].to_str().unwrap();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
}

#[tokio::test]
async fn database_errors_are_generic_500s() {
    let app = app().await;
    app.store.close().await;
    for uri in ["/api/v1/athletes", "/api/v1/athletes/1/dashboard"] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}");
        let message = reply.error_message();
        assert!(
            message.contains("something went wrong inside miler"),
            "{message}"
        );
        for secret in ["sqlx", "SELECT", "pool", "sqlite", "athletes"] {
            assert!(
                !reply.body.contains(secret),
                "{uri} leaks {secret}: {}",
                reply.body
            );
        }
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = app().await;
    for uri in [
        "/api/v1/athletes",
        "/api/v1/nope",
        "/welcome",
        "/nope",
        "/assets/style.css",
    ] {
        let reply = app.get(uri).await;
        let csp = reply
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.starts_with("default-src 'self'"), "{uri}: {csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{uri}"
        );
        assert_eq!(
            reply.headers[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{uri}"
        );
        assert_eq!(
            reply.headers[header::REFERRER_POLICY],
            "same-origin",
            "{uri}"
        );
    }
}

#[tokio::test]
async fn writes_from_another_site_are_refused() {
    let app = app().await;
    let reply = app
        .send(
            Request::post("/api/v1/athletes")
                .header(header::HOST, "127.0.0.1:5280")
                .header(header::ORIGIN, "http://evil.example")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"name":"Mallory"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.error_message().contains("another site"));
    let same = app
        .send(
            Request::post("/api/v1/athletes")
                .header(header::HOST, "127.0.0.1:5280")
                .header(header::ORIGIN, "http://127.0.0.1:5280")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"name":"Ada"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(same.status, StatusCode::CREATED);
    for (site, status) in [
        ("same-origin", StatusCode::CREATED),
        ("none", StatusCode::CREATED),
        ("same-site", StatusCode::FORBIDDEN),
        ("cross-site", StatusCode::FORBIDDEN),
    ] {
        let reply = app
            .send(
                Request::post("/api/v1/athletes")
                    .header("sec-fetch-site", site)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(r#"{"name":"Cy"}"#))
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, status, "{site}");
    }
}

/// Replaces `{id}` and `{workout}` so a path can be requested.
fn concrete(path: &str) -> String {
    path.replace("{id}", "1")
        .replace("{workout}", "goal-pace-400s")
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes() {
    let app = app().await;
    let reply = app.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if method != "parameters" {
                documented.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    let mut routed: Vec<(String, String)> = miler_web::api_endpoints()
        .into_iter()
        .map(|(m, p, _)| (m.to_string(), p.to_owned()))
        .collect();
    documented.sort();
    routed.sort();
    assert_eq!(documented, routed);

    // Every listed route is answered by its method (not a 404 or 405 of the router).
    app.onboard("Ada").await;
    for (method, path) in routed {
        let uri = format!("/api/v1{}", concrete(&path));
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let reply = app.json(method.clone(), &uri, &json!({})).await;
        assert_ne!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}"
        );
        if reply.status == StatusCode::NOT_FOUND {
            assert!(
                !reply.body.contains("no API endpoint"),
                "{method} {uri} is not routed"
            );
        }
    }
    // And the schemas the document points at exist.
    let text = doc.to_string();
    for name in text.split("#/components/schemas/").skip(1) {
        let name = name.split('"').next().unwrap();
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "missing schema {name}"
        );
    }
    let _ = encode("");
}

#[tokio::test]
async fn workouts_download_as_watch_and_platform_files() {
    let app = app().await;
    app.onboard("Ada").await;
    let fit = app
        .send(
            Request::get("/api/v1/athletes/1/workouts/goal-pace-400s/export?format=fit")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(fit.status, StatusCode::OK);
    assert_eq!(fit.content_type(), "application/vnd.ant.fit");
    assert_eq!(&fit.bytes[8..12], b".FIT", "a FIT file header");
    assert_eq!(
        fit.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"goal-pace-400s.fit\""
    );
    let icu = app
        .get("/api/v1/athletes/1/workouts/repeats-200m/export?format=icu&step=2/6")
        .await;
    assert_eq!(icu.status, StatusCode::OK);
    assert!(icu.body.starts_with("200 m repeats"), "{}", icu.body);
    assert_eq!(
        icu.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"repeats-200m-2-of-6.txt\""
    );
    let zwo = app
        .get("/api/v1/athletes/1/workouts/hill-pyramid/export?format=zwo")
        .await;
    assert_eq!(zwo.status, StatusCode::OK);
    assert!(zwo.body.contains("<workout_file>"), "{}", zwo.body);
    for (uri, words) in [
        (
            "/api/v1/athletes/1/workouts/goal-pace-400s/export",
            "missing: give fit",
        ),
        (
            "/api/v1/athletes/1/workouts/goal-pace-400s/export?format=pdf",
            "`pdf` is not a workout format",
        ),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            reply.error_message().contains(words),
            "{uri}: {}",
            reply.body
        );
    }
}
