//! The training plan: the pages (new-plan form, calendar, session, marks, adapt, history,
//! downloads) and `/api/v1/athletes/{id}/plans...`, with good and bad input and scoping to
//! the athlete. Expected values come from the request ("5k=24:00, goal 6:00, race in 12
//! weeks" on 2026-11-23), Daniels–Gilbert's VDOT and the calendar's documented UID form.

mod common;

use axum::http::{Method, StatusCode, header};
use common::{App, Reply, TODAY, app};
use jiff::ToSpan;
use miler_core::{Distance, Performance, Vdot};
use serde_json::{Value, json};

fn location(reply: &Reply) -> &str {
    reply.headers[header::LOCATION].to_str().unwrap()
}

/// The newcomer's plan through the API: 201 and the plan document.
async fn newcomer_plan(app: &App, athlete: i64) -> Value {
    let reply = app
        .json(
            Method::POST,
            &format!("/api/v1/athletes/{athlete}/plans"),
            &json!({"goal_mile": "6:00", "weeks": 12, "from": ["5k=24:00"]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()
}

fn sessions(plan: &Value) -> Vec<&Value> {
    plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
        .collect()
}

fn first_of_kind(plan: &Value, running: bool) -> &Value {
    sessions(plan)
        .into_iter()
        .find(|s| {
            let kind = s["kind"].as_str().unwrap();
            let is_running = !matches!(kind, "strength" | "mobility" | "stretching");
            is_running == running
        })
        .unwrap_or_else(|| panic!("no session with running = {running}"))
}

#[tokio::test]
async fn a_plan_is_made_from_the_newcomers_request() {
    let app = app().await;
    app.onboard("Ada").await;
    let plan = newcomer_plan(&app, 1).await;
    assert_eq!(plan["active"], true);
    assert_eq!(plan["revision"], 1);
    // The race is twelve weeks after today, on the same day of the week.
    let race: jiff::civil::Date = plan["race"]["date"].as_str().unwrap().parse().unwrap();
    assert_eq!(race, TODAY.checked_add(12.weeks()).unwrap());
    assert_eq!(plan["weeks"][0]["start"], TODAY.to_string());
    // The mile today is what 5 km in 24:00 predicts by Daniels–Gilbert's VDOT.
    let vdot = Vdot::from_performance("5k=24:00".parse::<Performance>().unwrap());
    let mile = vdot.time_for(Distance::MILE).secs();
    let now = plan["feasibility"]["predicted_mile_now_s"]
        .as_f64()
        .unwrap();
    assert!((now - mile).abs() < 0.5, "{now} vs {mile}");
    // A 6:00 goal is faster than the mile today, so the race-day range is asked to say how
    // far; it starts below today's mile.
    let range = &plan["feasibility"]["predicted_mile_race_day_s"];
    assert!(range[0].as_f64().unwrap() <= range[1].as_f64().unwrap());
    assert!(range[1].as_f64().unwrap() < now);
    assert!(
        ["likely", "stretch", "unlikely"]
            .contains(&plan["feasibility"]["verdict"].as_str().unwrap())
    );
    for s in sessions(&plan) {
        assert!(s["status"].is_null());
    }

    // Listed, active and by id, the same plan.
    let id = plan["id"].as_i64().unwrap();
    let list = app.get("/api/v1/athletes/1/plans").await.json();
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["active"], true);
    let active = app.get("/api/v1/athletes/1/plans/active").await.json();
    assert_eq!(active, plan);
    let one = app
        .get(&format!("/api/v1/athletes/1/plans/{id}"))
        .await
        .json();
    assert_eq!(one, plan);
    let history = app
        .get(&format!("/api/v1/athletes/1/plans/{id}/history"))
        .await
        .json();
    assert_eq!(history["revisions"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn mistakes_in_a_new_plan_name_their_field() {
    let app = app().await;
    app.onboard("Ada").await;
    let cases = [
        (
            json!({"goal_mile": "six", "weeks": 12, "from": ["5k=24:00"]}),
            "goal_mile",
        ),
        (
            json!({"goal_mile": "6:00", "weeks": 0, "from": ["5k=24:00"]}),
            "weeks",
        ),
        (
            json!({"goal_mile": "6:00", "weeks": 12, "from": []}),
            "from",
        ),
        (
            json!({"goal_mile": "6:00", "weeks": 12, "from": ["5k=abc"]}),
            "from",
        ),
        (
            json!({"goal_mile": "6:00", "from": ["5k=24:00"]}),
            "race_date",
        ),
        (
            json!({"goal_mile": "6:00", "weeks": 12, "from": ["5k=24:00"], "days": ["mon", "tue"]}),
            "days",
        ),
        (
            json!({"goal_mile": "6:00", "race_date": "2026-11-01", "from": ["5k=24:00"]}),
            "race_date",
        ),
        (
            json!({"goal_mile": "6:00", "weeks": 12, "from": ["5k=24:00"], "title": " "}),
            "title",
        ),
    ];
    for (body, field) in cases {
        let reply = app
            .json(Method::POST, "/api/v1/athletes/1/plans", &body)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.body
        );
        let error = reply.json();
        assert_eq!(
            error["error"]["fields"][0]["field"], field,
            "{body}: {}",
            reply.body
        );
        let message = error["error"]["fields"][0]["message"].as_str().unwrap();
        assert!(!message.contains("--"), "{message}");
    }
    // A field the API doesn't know is refused, not ignored.
    let reply = app
        .json(
            Method::POST,
            "/api/v1/athletes/1/plans",
            &json!({"goal_mile": "6:00", "weeks": 12, "from": ["5k=24:00"], "goal_milez": 1}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.error_message().contains("goal_milez"),
        "{}",
        reply.body
    );
    // Nothing was stored.
    assert_eq!(app.get("/api/v1/athletes/1/plans").await.json(), json!([]));
    let reply = app.get("/api/v1/athletes/1/plans/active").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(
        reply
            .error_message()
            .contains("POST /api/v1/athletes/1/plans")
    );
}

#[tokio::test]
async fn plans_are_the_athletes_own() {
    let app = app().await;
    app.onboard("Ada").await;
    let created = app
        .json(Method::POST, "/api/v1/athletes", &json!({"name": "Bo"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let bo = created.json()["id"].as_i64().unwrap();
    let plan = newcomer_plan(&app, 1).await;
    let id = plan["id"].as_i64().unwrap();
    let s = first_of_kind(&plan, true);
    let (date, workout) = (
        s["date"].as_str().unwrap(),
        s["workout_id"].as_str().unwrap(),
    );
    for (method, uri) in [
        (Method::GET, format!("/api/v1/athletes/{bo}/plans/{id}")),
        (
            Method::GET,
            format!("/api/v1/athletes/{bo}/plans/{id}/history"),
        ),
        (
            Method::GET,
            format!("/api/v1/athletes/{bo}/plans/{id}/calendar.ics"),
        ),
        (
            Method::POST,
            format!("/api/v1/athletes/{bo}/plans/{id}/adapt"),
        ),
        (
            Method::PUT,
            format!("/api/v1/athletes/{bo}/plans/{id}/sessions/{date}/{workout}/mark"),
        ),
        (
            Method::GET,
            format!("/api/v1/athletes/{bo}/plans/{id}/sessions/{date}/{workout}/workout.fit"),
        ),
        (Method::GET, format!("/api/v1/athletes/99/plans/{id}")),
        (Method::GET, "/api/v1/athletes/1/plans/999".to_owned()),
    ] {
        let body = if method == Method::PUT {
            json!({"status": "done"})
        } else {
            json!({})
        };
        let reply = app.json(method.clone(), &uri, &body).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{method} {uri}: {}",
            reply.body
        );
        reply.error_message();
    }
    assert_eq!(
        app.get(&format!("/api/v1/athletes/{bo}/plans"))
            .await
            .json(),
        json!([])
    );
    // The pages of another athlete show their own (no) plan.
    let page = app.get_as("/plan", Some(1)).await;
    assert!(page.body.contains("data-verdict"), "{}", page.body);
    let bad = app.get("/api/v1/athletes/x/plans").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn sessions_are_marked_and_unmarked() {
    let app = app().await;
    app.onboard("Ada").await;
    let plan = newcomer_plan(&app, 1).await;
    let id = plan["id"].as_i64().unwrap();
    let s = first_of_kind(&plan, true);
    let (date, workout) = (
        s["date"].as_str().unwrap(),
        s["workout_id"].as_str().unwrap(),
    );
    let uri = format!("/api/v1/athletes/1/plans/{id}/sessions/{date}/{workout}/mark");
    let reply = app
        .json(
            Method::PUT,
            &uri,
            &json!({"status": "done", "note": "windy"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let mark = reply.json();
    assert_eq!(mark["status"], "done");
    assert_eq!(mark["note"], "windy");
    assert_eq!(mark["session_key"], s["key"]);
    let after = app.get("/api/v1/athletes/1/plans/active").await.json();
    let marked = sessions(&after)
        .into_iter()
        .find(|x| x["key"] == s["key"])
        .unwrap()
        .clone();
    assert_eq!(marked["status"], "done");

    for (body, field) in [
        (json!({"status": "finished"}), "status"),
        (json!({"status": "clear"}), "status"),
        (json!({"status": "done", "activity": 999}), "activity"),
        (json!({"status": "done", "note": "x".repeat(501)}), "note"),
    ] {
        let reply = app.json(Method::PUT, &uri, &body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.body
        );
        assert_eq!(reply.json()["error"]["fields"][0]["field"], field);
    }
    let nowhere = format!("/api/v1/athletes/1/plans/{id}/sessions/2020-01-01/{workout}/mark");
    let reply = app
        .json(Method::PUT, &nowhere, &json!({"status": "done"}))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.error_message().contains("no session on 2020-01-01"));
    let wrong = format!("/api/v1/athletes/1/plans/{id}/sessions/{date}/nope/mark");
    let reply = app
        .json(Method::PUT, &wrong, &json!({"status": "done"}))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.error_message().contains(workout), "{}", reply.body);
    let baddate = format!("/api/v1/athletes/1/plans/{id}/sessions/05.01.2027/{workout}/mark");
    let reply = app
        .json(Method::PUT, &baddate, &json!({"status": "done"}))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error_message().contains("YYYY-MM-DD"));

    let reply = app.json(Method::DELETE, &uri, &json!({})).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let after = app.get("/api/v1/athletes/1/plans/active").await.json();
    assert!(sessions(&after).iter().all(|x| x["status"].is_null()));
}

#[tokio::test]
async fn the_calendar_has_an_event_per_session_with_stable_uids() {
    let app = app().await;
    app.onboard("Ada").await;
    let plan = newcomer_plan(&app, 1).await;
    let id = plan["id"].as_i64().unwrap();
    let reply = app
        .get(&format!("/api/v1/athletes/1/plans/{id}/calendar.ics"))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type().starts_with("text/calendar"));
    let text = reply.body.clone();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{}", &text[..40]);
    assert!(text.trim_end().ends_with("END:VCALENDAR"));
    let all = sessions(&plan);
    assert_eq!(text.matches("BEGIN:VEVENT").count(), all.len());
    // UID `{date}.{workout}@{plan}.plan.miler` (docs/plans.md), SEQUENCE the revision.
    let first = all[0];
    let uid = format!(
        "UID:{}.{}@{id}.plan.miler",
        first["date"].as_str().unwrap(),
        first["workout_id"].as_str().unwrap()
    );
    assert!(text.contains(&uid), "{uid}");
    assert!(text.contains("SEQUENCE:1"));
    // The subscription address serves the same bytes, and again the same.
    let subscribed = app.get(&format!("/plans/{id}/calendar.ics")).await;
    assert_eq!(subscribed.status, StatusCode::OK);
    assert!(subscribed.content_type().starts_with("text/calendar"));
    assert_eq!(subscribed.body, text);
    assert_eq!(
        app.get(&format!("/plans/{id}/calendar.ics")).await.body,
        text
    );
    assert_eq!(
        app.get("/plans/999/calendar.ics").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/plans/abc/calendar.ics").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn running_sessions_download_as_fit_workouts() {
    let app = app().await;
    app.onboard("Ada").await;
    let plan = newcomer_plan(&app, 1).await;
    let id = plan["id"].as_i64().unwrap();
    let run = first_of_kind(&plan, true);
    let uri = format!(
        "/api/v1/athletes/1/plans/{id}/sessions/{}/{}/workout.fit",
        run["date"].as_str().unwrap(),
        run["workout_id"].as_str().unwrap()
    );
    let reply = app.get(&uri).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.content_type(), "application/vnd.ant.fit");
    // A FIT file: header size 14 (or 12), ".FIT" at bytes 8..12.
    assert_eq!(&reply.bytes[8..12], b".FIT");
    let page = app
        .get(&format!(
            "/plan/sessions/{}/{}/workout.fit",
            run["date"].as_str().unwrap(),
            run["workout_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(page.bytes, reply.bytes);
    let other = first_of_kind(&plan, false);
    let uri = format!(
        "/api/v1/athletes/1/plans/{id}/sessions/{}/{}/workout.fit",
        other["date"].as_str().unwrap(),
        other["workout_id"].as_str().unwrap()
    );
    let reply = app.get(&uri).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error_message().contains("calendar"));
}

#[tokio::test]
async fn adapting_explains_each_change() {
    let app = app().await;
    app.onboard("Ada").await;
    let plan = newcomer_plan(&app, 1).await;
    let id = plan["id"].as_i64().unwrap();
    let uri = format!("/api/v1/athletes/1/plans/{id}/adapt");
    // Nothing done yet and nothing new: nothing changes.
    let reply = app.json(Method::POST, &uri, &json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.json()["revision"].is_null());
    // A faster mile than predicted moves the paces: a new revision with its reasons.
    let reply = app
        .json(Method::POST, &uri, &json!({"results": ["mile=6:41"]}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let adapted = reply.json();
    assert_eq!(adapted["revision"], 2);
    assert!(!adapted["changes"].as_array().unwrap().is_empty());
    assert_eq!(adapted["results"][0]["result"], "mile=6:41");
    assert_eq!(adapted["plan"]["revision"], 2);
    let history = app
        .get(&format!("/api/v1/athletes/1/plans/{id}/history"))
        .await
        .json();
    assert_eq!(history["revisions"][1]["changes"], adapted["changes"]);
    let reply = app
        .json(Method::POST, &uri, &json!({"results": ["mile=fast"]}))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"]["fields"][0]["field"], "results");
    // The page's button: POST, then the plan with the changes.
    let reply = app.form("/plan/adapt", &[("results", "")]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&reply), "/plan?adapted=none#adapted");
    let page = app.get("/plan?adapted=2").await;
    let first = adapted["changes"][0].as_str().unwrap();
    assert!(page.body.contains("revision 2"), "{}", page.body);
    assert!(page.body.contains(&html_escape(first)), "{first}");
    let history = app.get("/plan/history").await;
    assert!(history.body.contains("Revision 2") && history.body.contains(&html_escape(first)));
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

#[tokio::test]
async fn the_plan_pages_make_show_and_mark_a_plan_without_javascript() {
    let app = app().await;
    app.onboard("Ada").await;
    // No plan yet: the form, with the profile's age and sex.
    let page = app.get("/plan").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"id="new-plan""#));
    assert!(
        page.body.contains(r#"name="age" value="34""#),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"<option value="F" selected>"#));
    // A mistake comes back beside its field with the input kept.
    let fields = |from: &'static str| {
        vec![
            ("from", from),
            ("goal_mile", "6:00"),
            ("weeks", "12"),
            ("day_mon", "on"),
            ("day_wed", "on"),
            ("day_thu", "on"),
            ("day_sat", "on"),
            ("day_sun", "on"),
            ("track", "400"),
            ("hills", "on"),
            ("sex", "F"),
            ("age", "34"),
        ]
    };
    let reply = app.form("/plan", &fields("5k=24")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains(r#"data-error-for="from""#));
    assert!(reply.body.contains(r#"value="5k=24""#));
    assert!(app.get("/api/v1/athletes/1/plans").await.json() == json!([]));
    // Made: POST, redirect, the plan with its verdict and this week first.
    let reply = app.form("/plan", &fields("5k=24:00")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(location(&reply), "/plan");
    let plan = app.get("/api/v1/athletes/1/plans/active").await.json();
    let days: Vec<String> = plan["request"]["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(days.len(), 5, "{days:?}");
    let page = app.get("/plan").await;
    let verdict = plan["feasibility"]["verdict"].as_str().unwrap();
    assert!(page.body.contains(&format!(r#"data-verdict>{verdict}<"#)));
    assert!(page.body.contains("Week 1 · this week"), "{}", page.body);
    assert!(
        page.body
            .contains(r#"class="card week current" id="week-1""#)
    );
    // Every session of week 1 is a card linking to its page.
    let week1 = plan["weeks"][0]["sessions"].as_array().unwrap();
    for s in week1 {
        let url = format!(
            "/plan/sessions/{}/{}",
            s["date"].as_str().unwrap(),
            s["workout_id"].as_str().unwrap()
        );
        assert!(page.body.contains(&url), "{url}");
    }
    // A session: its workout text, the splits card, the FIT link; marked done.
    let run = first_of_kind(&plan, true);
    let url = format!(
        "/plan/sessions/{}/{}",
        run["date"].as_str().unwrap(),
        run["workout_id"].as_str().unwrap()
    );
    let session = app.get(&url).await;
    assert_eq!(session.status, StatusCode::OK);
    assert!(session.body.contains("data-card"));
    assert!(session.body.contains(&format!("{url}/workout.fit")));
    let first_line = run["text"].as_str().unwrap().lines().next().unwrap();
    assert!(
        session.body.contains(&html_escape(first_line)),
        "{first_line}"
    );
    let reply = app
        .form(
            &format!("{url}/mark"),
            &[("status", "done"), ("note", "windy")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&reply), format!("{url}?marked=1"));
    let session = app.get(&format!("{url}?marked=1")).await;
    assert!(session.body.contains(r#"data-status>done<"#));
    assert!(session.body.contains(r#"value="windy""#));
    let reply = app
        .form(
            &format!("{url}/mark"),
            &[("status", "done"), ("activity", "12x")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains(r#"data-error-for="activity""#));
    assert_eq!(
        app.get("/plan/sessions/2020-01-01/easy").await.status,
        StatusCode::NOT_FOUND
    );
    // The dashboard shows the plan's week and verdict.
    let dash = app.get("/").await;
    assert!(dash.body.contains(r#"id="plan-week""#));
    assert!(dash.body.contains(&format!(r#"data-verdict>{verdict}<"#)));
    assert!(dash.body.contains(&url));
    // And "a new plan" brings the form back, the current plan kept.
    let again = app.get("/plan?new=1").await;
    assert!(again.body.contains(r#"id="new-plan""#));
    // No page of the plan carries inline script or style (the CSP forbids them).
    for uri in ["/plan", "/plan?new=1", "/plan/history", "/", url.as_str()] {
        let html = app.get(uri).await.body;
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{uri}: inline script {tag}");
        }
        assert!(
            !html.contains("<style") && !html.contains(" style="),
            "{uri}"
        );
        assert!(!html.contains(" onclick="), "{uri}");
    }
}

#[tokio::test]
async fn the_fitness_chart_has_120_days_from_the_loads() {
    let app = app().await;
    app.onboard("Ada").await;
    let reply = app.get("/api/v1/athletes/1/fitness").await;
    assert_eq!(reply.status, StatusCode::OK);
    let f = reply.json();
    let days = f["days"].as_array().unwrap();
    assert_eq!(days.len(), 120);
    assert_eq!(days[119]["date"], TODAY.to_string());
    assert!(days.iter().all(|d| d["load"] == 0.0 && d["ctl"] == 0.0));
    // Rated against the profile's 5k=24:00.
    let vdot = Vdot::from_performance("5k=24:00".parse::<Performance>().unwrap()).value();
    assert!((f["vdot"].as_f64().unwrap() - vdot).abs() < 0.06);
    assert_eq!(
        app.get("/api/v1/athletes/7/fitness").await.status,
        StatusCode::NOT_FOUND
    );
}

/// A run uploaded through the API; its id and the day it started (in the server's zone).
async fn upload_run(app: &App) -> (i64, jiff::civil::Date) {
    let bytes = std::fs::read(format!(
        "{}/../../testdata/activities/fit/activity-small-fenix2-run.fit",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let boundary = "miler-plan-test";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"run.fit\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let reply = app
        .send(
            axum::http::Request::post("/api/v1/athletes/1/activities")
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let imported = &reply.json()["files"][0]["imported"][0];
    let start: jiff::Timestamp = imported["start_time"].as_str().unwrap().parse().unwrap();
    let day = start.to_zoned(jiff::tz::TimeZone::system()).date();
    (imported["id"].as_i64().unwrap(), day)
}

#[tokio::test]
async fn an_activity_on_a_planned_run_is_held_against_it() {
    let app = app().await;
    app.onboard("Ada").await;
    let (id, day) = upload_run(&app).await;
    // Without a plan, no comparison.
    let page = app.get(&format!("/activities/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(r#"id="compliance""#));
    // A plan whose running session falls on the run's day: starting a few days before it.
    let mut planned = None;
    for back in 0..7 {
        let start = day.checked_sub(back.days()).unwrap();
        let reply = app
            .json(
                Method::POST,
                "/api/v1/athletes/1/plans",
                &json!({"goal_mile": "6:00", "weeks": 8, "from": ["5k=24:00"], "start": start.to_string()}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        let plan = reply.json();
        if let Some(s) = sessions(&plan).into_iter().find(|s| {
            s["date"] == day.to_string()
                && !matches!(s["kind"].as_str(), Some("strength" | "mobility"))
        }) {
            planned = Some(s.clone());
            break;
        }
    }
    let session = planned.expect("a plan with a run on the activity's day");
    let page = app.get(&format!("/activities/{id}")).await;
    assert!(page.body.contains(r#"id="compliance""#), "{}", page.body);
    assert!(
        page.body
            .contains(&html_escape(session["title"].as_str().unwrap()))
    );
    let link = format!(
        "/plan/sessions/{}/{}",
        session["date"].as_str().unwrap(),
        session["workout_id"].as_str().unwrap()
    );
    assert!(page.body.contains(&link));
    assert!(page.body.contains("data-verdict"));
}
