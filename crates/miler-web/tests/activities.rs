//! Activities through the API and the pages: uploading files from a watch (a report per
//! file, duplicates recognised, a damaged file explained), the list, one activity analysed
//! with its chart samples, and activities scoped to the athlete who uploaded them.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{App, Reply, app};
use serde_json::json;

const BOUNDARY: &str = "miler-test-boundary";

fn shared(path: &str) -> Vec<u8> {
    let full = format!(
        "{}/../../testdata/activities/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// A multipart body with one `files` part per (name, bytes).
fn multipart(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(app: &App, uri: &str, files: &[(&str, &[u8])], cookie: Option<i64>) -> Reply {
    let mut request = Request::post(uri).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}"),
    );
    if let Some(id) = cookie {
        request = request.header(header::COOKIE, format!("miler_athlete={id}"));
    }
    app.send(request.body(Body::from(multipart(files))).unwrap())
        .await
}

#[tokio::test]
async fn uploads_are_imported_with_a_report_per_file() {
    let app = app().await;
    app.onboard("Ada").await;
    let run = shared("fit/activity-small-fenix2-run.fit");
    let bad = shared("fit-bad/activity-unexpected-eof.fit");
    let reply = upload(
        &app,
        "/api/v1/athletes/1/activities",
        &[
            ("run.fit", &run),
            ("broken.fit", &bad),
            ("notes.txt", b"hello"),
        ],
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let files = reply.json()["files"].clone();
    assert_eq!(files[0]["file"], "run.fit");
    assert_eq!(files[0]["imported"].as_array().unwrap().len(), 1, "{files}");
    let id = files[0]["imported"][0]["id"].as_i64().unwrap();
    assert!(files[0]["failed"].as_array().unwrap().is_empty());
    // A damaged file is read as far as it goes or explained; either way it is reported.
    assert_eq!(files[1]["file"], "broken.fit");
    let text = &files[2];
    assert_eq!(text["failed"][0]["entry"], "notes.txt");
    assert!(!text["failed"][0]["error"].as_str().unwrap().is_empty());

    // The same file again is a duplicate, not a second activity.
    let again = upload(
        &app,
        "/api/v1/athletes/1/activities",
        &[("run.fit", &run)],
        None,
    )
    .await;
    assert_eq!(again.json()["files"][0]["duplicates"][0]["existing_id"], id);
    assert_eq!(
        again.json()["files"][0]["duplicates"][0]["reason"],
        "same file"
    );

    let list = app.get("/api/v1/athletes/1/activities").await.json();
    assert_eq!(
        list["total"], 2,
        "the run and what was read of the broken file: {list}"
    );
    assert!(list["next"].is_null(), "{list}");
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == id)
    );

    let one = app
        .get(&format!("/api/v1/athletes/1/activities/{id}"))
        .await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    let one = one.json();
    assert_eq!(one["id"], id);
    assert!(one["distance_m"].as_f64().unwrap() > 1000.0, "{one}");
    assert!(!one["splits"]["km"].as_array().unwrap().is_empty());
    assert!(
        one["best_efforts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "400m")
    );

    let samples = app
        .get(&format!("/api/v1/athletes/1/activities/{id}/samples"))
        .await
        .json();
    let n = samples["time_s"].as_array().unwrap().len();
    assert!((2..=1500).contains(&n), "{n} points");
    for column in ["distance_m", "pace_s_per_km", "heart_rate_bpm"] {
        assert_eq!(samples[column].as_array().unwrap().len(), n, "{column}");
    }
    assert!(
        samples["pace_s_per_km"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.is_f64())
    );
}

#[tokio::test]
async fn activities_belong_to_the_athlete_who_uploaded_them() {
    let app = app().await;
    app.onboard("Ada").await;
    let bo = app
        .json(Method::POST, "/api/v1/athletes", &json!({"name": "Bo"}))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let run = shared("fit/activity-small-fenix2-run.fit");
    let reply = upload(
        &app,
        "/api/v1/athletes/1/activities",
        &[("run.fit", &run)],
        None,
    )
    .await;
    let id = reply.json()["files"][0]["imported"][0]["id"]
        .as_i64()
        .unwrap();

    assert!(
        app.get(&format!("/api/v1/athletes/{bo}/activities"))
            .await
            .json()["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    for uri in [
        format!("/api/v1/athletes/{bo}/activities/{id}"),
        format!("/api/v1/athletes/{bo}/activities/{id}/samples"),
    ] {
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            reply
                .error_message()
                .contains(&format!("there is no activity {id} for this athlete"))
        );
    }
    // Bo's page for the activity is not found either, and Bo can upload the same file.
    let page = app.get_as(&format!("/activities/{id}"), Some(bo)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let own = upload(
        &app,
        &format!("/api/v1/athletes/{bo}/activities"),
        &[("run.fit", &run)],
        None,
    )
    .await;
    assert_eq!(
        own.json()["files"][0]["imported"].as_array().unwrap().len(),
        1
    );
    let missing = app.get("/api/v1/athletes/99/activities").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn uploads_past_the_import_limit_wait_for_a_turn() {
    let store = miler_store::Store::open("sqlite::memory:").await.unwrap();
    let state = miler_web::AppState::with_today(store.clone(), common::TODAY);
    let app = App {
        router: miler_web::router(state.clone()),
        store,
    };
    app.onboard("Ada").await;
    let gate = state.imports();
    let mut turns = Vec::new();
    for _ in 0..miler_app::import::MAX_CONCURRENT_IMPORTS {
        turns.push(gate.enter().await);
    }
    let run = shared("fit/activity-small-fenix2-run.fit");
    // The store is opened here rather than in the task: opening runs the migrations, whose
    // future is not `Send` for every lifetime `tokio::spawn` asks of it.
    let unused = miler_store::Store::open("sqlite::memory:").await.unwrap();
    let waiting = tokio::spawn({
        let router = app.router.clone();
        async move {
            let app = App {
                router,
                store: unused,
            };
            upload(
                &app,
                "/api/v1/athletes/1/activities",
                &[("run.fit", &run)],
                None,
            )
            .await
        }
    });
    // The upload looks the athlete up in the store before it reaches the gate, so this polls
    // rather than counting yields; the bound only keeps a broken gate from hanging the test.
    for _ in 0..2000 {
        if gate.waiting() == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert_eq!(gate.waiting(), 1, "the upload waits for a turn");
    let listed = app.get("/api/v1/athletes/1/activities").await;
    assert_eq!(
        listed.json()["items"].as_array().map(Vec::len),
        Some(0),
        "{}",
        listed.body
    );

    turns.pop();
    let reply = waiting.await.unwrap();
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.json()["files"][0]["imported"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(gate.waiting(), 0);
}

#[tokio::test]
async fn uploads_without_files_are_refused_with_what_to_send() {
    let app = app().await;
    app.onboard("Ada").await;
    let empty = upload(&app, "/api/v1/athletes/1/activities", &[], None).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(
        empty.error_message().contains("no file was sent"),
        "{}",
        empty.body
    );
    let not_multipart = app
        .json(Method::POST, "/api/v1/athletes/1/activities", &json!({}))
        .await;
    assert_eq!(not_multipart.status, StatusCode::BAD_REQUEST);
    assert!(
        not_multipart.error_message().contains("multipart"),
        "{}",
        not_multipart.body
    );
    let bad_id = app.get("/api/v1/athletes/1/activities/abc").await;
    assert_eq!(bad_id.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_pages_upload_list_and_show_activities() {
    let app = app().await;
    assert_eq!(app.get("/activities").await.status, StatusCode::SEE_OTHER);
    app.onboard("Ada").await;
    let empty = app.get_as("/activities", Some(1)).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("No activities yet"));
    assert!(empty.body.contains(r#"enctype="multipart/form-data""#));

    let run = shared("fit/activity-small-fenix2-run.fit");
    let page = upload(
        &app,
        "/activities",
        &[("run.fit", &run), ("notes.txt", b"hello")],
        Some(1),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("1 imported"), "{}", page.body);
    assert!(page.body.contains(r#"data-file="notes.txt""#));
    assert!(page.body.contains("data-failed"));
    assert!(
        page.body.contains(r#"<a href="/activities/1">"#),
        "{}",
        page.body
    );

    let activity = app.get_as("/activities/1", Some(1)).await;
    assert_eq!(activity.status, StatusCode::OK, "{}", activity.body);
    for words in [
        "Best efforts",
        "Kilometre splits",
        r#"data-samples="/api/v1/athletes/1/activities/1/samples""#,
        "/assets/vendor/uplot/uPlot.iife.min.js",
    ] {
        assert!(activity.body.contains(words), "missing {words}");
    }
    let missing = app.get_as("/activities/999", Some(1)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("there is no activity 999"));
}
