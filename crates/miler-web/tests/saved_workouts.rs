//! The runner's own workouts, through the router without a socket: the API endpoint by
//! endpoint with good and bad input, the editor's Save button (POST-redirect-GET, mistakes
//! beside their fields), the saved workout's page with the catalog's splits card and FIT
//! download, and scoping: another athlete can neither see nor change nor delete them.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{App, Reply, app, encode};
use serde_json::{Value, json};

const FOURS: &str =
    "# Tuesday 400s\nwarm-up 15min easy\n6 x 400m @ goal, recovery 90s jog\ncool-down 10min easy\n";
const BROKEN: &str = "warm-up 15min easy\n6 x 400m @ gaol\n";

/// Ada (athlete 1, goal 6:00) and Ben (athlete 2), both onboarded.
async fn squad() -> App {
    let app = app().await;
    app.onboard("Ada").await;
    let ben = app
        .json(
            Method::POST,
            "/api/v1/athletes",
            &json!({"name": "Ben", "age": 50, "sex": "M", "goal_mile_s": 420}),
        )
        .await;
    assert_eq!(ben.status, StatusCode::CREATED, "{}", ben.body);
    app
}

async fn save(app: &App, athlete: i64, name: &str, text: &str) -> Reply {
    app.json(
        Method::POST,
        &format!("/api/v1/athletes/{athlete}/saved-workouts"),
        &json!({"name": name, "text": text}),
    )
    .await
}

/// A form POST as the browser whose current athlete is `athlete`.
async fn form_as(app: &App, uri: &str, athlete: i64, fields: &[(&str, &str)]) -> Reply {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    app.send(
        Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("miler_athlete={athlete}"))
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

fn fields(reply: &Reply) -> Vec<String> {
    reply.json()["error"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no fields: {}", reply.body))
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_workout_is_saved_listed_read_changed_and_deleted_through_the_api() {
    let app = squad().await;
    let created = save(&app, 1, "  Tuesday 400s ", FOURS).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let w = created.json();
    assert_eq!(w["name"], "Tuesday 400s");
    assert_eq!(w["title"], "Tuesday 400s");
    assert_eq!(w["text"], FOURS);
    assert_eq!(w["athlete_id"], 1);
    let id = w["id"].as_i64().unwrap();
    let uri = format!("/api/v1/athletes/1/saved-workouts/{id}");

    // Saving under the same name replaces the text and keeps the id.
    let eights = "3 x 800m @ goal, recovery 3min jog\n";
    let replaced = save(&app, 1, "Tuesday 400s", eights).await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.body);
    assert_eq!(replaced.json()["id"], id);
    assert_eq!(replaced.json()["title"], "Tuesday 400s");

    let list = app.get("/api/v1/athletes/1/saved-workouts").await;
    assert_eq!(list.status, StatusCode::OK);
    let list: Value = list.json()["items"].clone();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["text"], eights);

    let got = app.get(&uri).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json()["text"], eights);

    let changed = app
        .json(
            Method::PUT,
            &uri,
            &json!({"name": "Long 800s", "text": eights}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.json()["name"], "Long 800s");
    assert_eq!(changed.json()["id"], id);

    // Made exact for the athlete, as a catalog workout is.
    let resolved = app.get(&format!("{uri}/resolved")).await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.body);
    let resolved = resolved.json();
    assert_eq!(resolved["id"], format!("my-workout-{id}"));
    assert!(!resolved["steps"].as_array().unwrap().is_empty());

    let fit = app.get(&format!("{uri}/export?format=fit")).await;
    assert_eq!(fit.status, StatusCode::OK, "{}", fit.body);
    assert_eq!(fit.content_type(), "application/vnd.ant.fit");
    assert_eq!(&fit.bytes[8..12], b".FIT");

    let deleted = app.json(Method::DELETE, &uri, &json!({})).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let again = app.json(Method::DELETE, &uri, &json!({})).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.error_message().contains("no saved workout"));
    assert_eq!(app.get(&uri).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_workouts_are_refused_naming_the_field() {
    let app = squad().await;
    let broken = save(&app, 1, "Broken", BROKEN).await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST, "{}", broken.body);
    assert_eq!(fields(&broken), ["text"]);
    assert!(broken.error_message().contains("line 2"), "{}", broken.body);

    let nameless = save(&app, 1, "   ", FOURS).await;
    assert_eq!(nameless.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&nameless), ["name"]);
    let long = save(&app, 1, &"x".repeat(61), FOURS).await;
    assert_eq!(fields(&long), ["name"]);
    assert!(long.error_message().contains("at most 60"));
    assert_eq!(
        save(&app, 1, &"é".repeat(60), FOURS).await.status,
        StatusCode::CREATED
    );
    let both = save(&app, 1, "", "").await;
    assert_eq!(fields(&both), ["name", "text"]);

    let unknown = app
        .json(
            Method::POST,
            "/api/v1/athletes/1/saved-workouts",
            &json!({"name": "x", "text": FOURS, "colour": "red"}),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        unknown.body
    );
    assert!(
        unknown.error_message().contains("colour"),
        "{}",
        unknown.body
    );

    // A rename onto another workout's name changes nothing.
    let a = save(&app, 1, "A", FOURS).await.json()["id"]
        .as_i64()
        .unwrap();
    save(&app, 1, "B", FOURS).await;
    let clash = app
        .json(
            Method::PUT,
            &format!("/api/v1/athletes/1/saved-workouts/{a}"),
            &json!({"name": "B", "text": FOURS}),
        )
        .await;
    assert_eq!(clash.status, StatusCode::BAD_REQUEST, "{}", clash.body);
    assert_eq!(fields(&clash), ["name"]);
    let bad_id = app.get("/api/v1/athletes/1/saved-workouts/zero").await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    assert!(bad_id.error_message().contains("not a saved workout's id"));
    let no_athlete = app.get("/api/v1/athletes/9/saved-workouts").await;
    assert_eq!(no_athlete.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_athlete_can_neither_see_nor_change_nor_delete_them() {
    let app = squad().await;
    let id = save(&app, 1, "Mine", FOURS).await.json()["id"]
        .as_i64()
        .unwrap();
    // Ben may use the same name for his own.
    assert_eq!(
        save(&app, 2, "Mine", FOURS).await.status,
        StatusCode::CREATED
    );
    let bens = format!("/api/v1/athletes/2/saved-workouts/{id}");
    assert_eq!(app.get(&bens).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("{bens}/resolved")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("{bens}/export?format=fit")).await.status,
        StatusCode::NOT_FOUND
    );
    let put = app
        .json(
            Method::PUT,
            &bens,
            &json!({"name": "Stolen", "text": FOURS}),
        )
        .await;
    assert_eq!(put.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.json(Method::DELETE, &bens, &json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    // And through the pages, as Ben's browser.
    let page = app.get_as(&format!("/workouts/mine/{id}"), Some(2)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let delete = form_as(&app, &format!("/workouts/mine/{id}/delete"), 2, &[]).await;
    assert_eq!(delete.status, StatusCode::NOT_FOUND);
    let edit = form_as(
        &app,
        "/workouts/mine",
        2,
        &[("id", &id.to_string()), ("name", "Stolen"), ("text", FOURS)],
    )
    .await;
    assert_eq!(edit.status, StatusCode::NOT_FOUND);
    assert!(
        !app.get_as("/workouts", Some(2))
            .await
            .body
            .contains(&format!("/workouts/mine/{id}\""))
    );

    let ada = app.get("/api/v1/athletes/1/saved-workouts").await.json()["items"].clone();
    assert_eq!(ada[0]["name"], "Mine");
    assert_eq!(ada[0]["text"], FOURS);
}

#[tokio::test]
async fn the_editor_saves_lists_opens_edits_and_deletes_without_javascript() {
    let app = squad().await;
    let editor = app.get("/workouts/editor").await;
    assert!(editor.body.contains(r#"name="name""#));
    assert!(editor.body.contains(r#"formaction="/workouts/mine""#));

    // Mistakes come back beside their fields, with the input kept.
    let bad = app
        .form("/workouts/mine", &[("name", ""), ("text", BROKEN)])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains(r#"data-error-for="name""#),
        "{}",
        bad.body
    );
    assert!(bad.body.contains(r#"data-error-for="text""#));
    assert!(bad.body.contains("@ gaol"));

    let saved = app
        .form(
            "/workouts/mine",
            &[("name", "Tuesday 400s"), ("text", FOURS)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let to = saved.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(to.starts_with("/workouts/mine/"), "{to}");
    let id = to.trim_start_matches("/workouts/mine/").to_owned();

    let list_address = app.get("/workouts/mine").await;
    assert_eq!(list_address.status, StatusCode::SEE_OTHER);
    assert_eq!(list_address.headers[header::LOCATION], "/workouts#mine");
    let catalog = app.get("/workouts").await;
    assert!(catalog.body.contains("Your workouts"));
    assert!(catalog.body.contains(&format!(r#"href="{to}""#)));
    assert!(
        app.get("/workouts/editor")
            .await
            .body
            .contains(&format!(r#"href="{to}""#))
    );

    // The page: the same splits card and downloads as a catalog workout.
    let page = app.get(&to).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Tuesday 400s"));
    assert!(page.body.contains(r#"id="splits""#));
    assert!(page.body.contains("per 400 m"));
    assert!(page.body.contains(&format!("{to}/download?format=fit")));
    let fit = app.get(&format!("{to}/download?format=fit")).await;
    assert_eq!(fit.status, StatusCode::OK);
    assert_eq!(fit.content_type(), "application/vnd.ant.fit");
    assert!(
        fit.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(&format!("my-workout-{id}.fit"))
    );
    let card = app.get(&format!("{to}/card")).await;
    assert_eq!(card.status, StatusCode::OK);
    assert!(
        app.get(&format!("{to}?step=9/2"))
            .await
            .body
            .contains(r#"data-error-for="step""#)
    );

    // Edit: the editor opens prefilled, and a save renames the same workout.
    let edit = app.get(&format!("/workouts/editor?mine={id}")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains(r#"value="Tuesday 400s""#));
    assert!(edit.body.contains(&format!(r#"name="id" value="{id}""#)));
    assert!(edit.body.contains("6 x 400m @ goal"));
    let renamed = app
        .form(
            "/workouts/mine",
            &[("id", &id), ("name", "Thursday 400s"), ("text", FOURS)],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    assert_eq!(renamed.headers[header::LOCATION].to_str().unwrap(), to);
    let list = app.get("/api/v1/athletes/1/saved-workouts").await.json()["items"].clone();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "Thursday 400s");

    // Checking keeps the name and the workout being edited.
    let checked = app
        .form(
            "/workouts/editor",
            &[("id", &id), ("name", "Thursday 400s"), ("text", FOURS)],
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK);
    assert!(checked.body.contains(r#"value="Thursday 400s""#));
    assert!(checked.body.contains(&format!(r#"name="id" value="{id}""#)));

    let gone = app.form(&format!("{to}/delete"), &[]).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert!(
        !app.get("/workouts")
            .await
            .body
            .contains(&format!(r#"href="{to}""#))
    );
    assert_eq!(app.get(&to).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/workouts/editor?mine={id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

/// Three nested blocks of a thousand: 115 bytes that expand to about two billion steps.
const BILLIONS: &str = "warm-up 15min easy\n1000 x {\n  1000 x {\n    1000 x 400m @ goal, recovery 200m walk\n  }, rest 3min\n}\ncool-down 10min\n";

#[tokio::test]
async fn a_workout_past_the_size_budget_is_refused_when_saved_and_when_opened() {
    let app = squad().await;
    let refused = save(&app, 1, "Forever", BILLIONS).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert_eq!(fields(&refused), ["text"]);
    let message = refused.error_message();
    assert!(
        message.contains(
            "line 2, column 1: the workout expands to 1999999002 steps, more than the 1000"
        ),
        "{message}"
    );
    assert!(message.contains("split the session"), "{message}");
    // The editor's Save refuses it too, beside the text.
    let form = form_as(
        &app,
        "/workouts/mine",
        1,
        &[("name", "Forever"), ("text", BILLIONS)],
    )
    .await;
    assert_eq!(
        form.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        form.body
    );
    assert!(form.body.contains("1999999002 steps"));

    // One saved before the budget existed opens with the reason instead of expanding: each of
    // these requests would run until the timeout, or out of memory, if it expanded the workout.
    let stored = app
        .store
        .save_workout(
            miler_store::AthleteId(1),
            &miler_store::NewWorkout {
                name: "Forever".into(),
                text: BILLIONS.into(),
            },
            jiff::Timestamp::UNIX_EPOCH,
        )
        .await
        .unwrap();
    let id = stored.id().0;
    let api = format!("/api/v1/athletes/1/saved-workouts/{id}");
    for uri in [
        format!("{api}/resolved"),
        format!("{api}/export?format=fit"),
        format!("{api}/export?format=zwo"),
        format!("{api}/export?format=icu"),
    ] {
        let reply = app.get(&uri).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.body
        );
        assert!(
            reply
                .error_message()
                .contains("more than the 1000 a workout may have"),
            "{uri}: {}",
            reply.body
        );
    }
    let page = format!("/workouts/mine/{id}");
    for uri in [
        page.clone(),
        format!("{page}/card"),
        format!("{page}/download?format=fit"),
    ] {
        let reply = app.get_as(&uri, Some(1)).await;
        assert!(reply.status.is_client_error(), "{uri}: {}", reply.status);
        assert!(
            reply.body.contains("1999999002 steps"),
            "{uri}: {}",
            reply.body
        );
    }
}
