//! The HTML pages: the first-run flow, the athlete switcher, each tool and workout page
//! with good and bad input (mistakes shown beside their field, input kept), error pages,
//! and pages that keep to the Content-Security-Policy (no inline script or style).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, Reply, app, encode};

fn cookie(reply: &Reply) -> String {
    reply.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned()
}

fn location(reply: &Reply) -> &str {
    reply.headers[header::LOCATION].to_str().unwrap()
}

/// Asserts a page is HTML that contains every one of `words`.
fn assert_page(reply: &Reply, status: StatusCode, words: &[&str]) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert!(
        reply.content_type().starts_with("text/html"),
        "{}",
        reply.content_type()
    );
    for word in words {
        assert!(
            reply.body.contains(word),
            "missing {word:?} in:\n{}",
            reply.body
        );
    }
}

async fn onboarded() -> App {
    let app = app().await;
    let reply = app.onboard("Ada").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    app
}

#[tokio::test]
async fn the_first_run_leads_from_the_form_to_the_dashboard() {
    let app = app().await;
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&home), "/welcome");
    assert_page(
        &app.get("/welcome").await,
        StatusCode::OK,
        &[
            "Welcome to miler",
            r#"name="id" value="1""#,
            "I don't run yet",
            "Goal mile",
        ],
    );

    let saved = app.onboard("Ada").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), "/");
    assert!(cookie(&saved).starts_with("miler_athlete=1;"));
    assert!(cookie(&saved).contains("HttpOnly") && cookie(&saved).contains("SameSite=Lax"));

    let dashboard = app.get_as("/", Some(1)).await;
    assert_page(
        &dashboard,
        StatusCode::OK,
        &[
            "Hello, Ada",
            "data-predicted-mile>7:05",
            "predicted from 5k=24:00 by VDOT",
            "data-goal>6:00",
            "90 s per 400 m",
            "data-countdown>12 weeks",
            "to 2027-02-15",
        ],
    );
    // Without the cookie the first onboarded athlete is shown.
    assert_page(&app.get("/").await, StatusCode::OK, &["Hello, Ada"]);
}

#[tokio::test]
async fn mistakes_in_the_profile_are_shown_beside_their_fields_with_the_input_kept() {
    let app = app().await;
    let reply = app
        .form(
            "/welcome",
            &[
                ("id", "1"),
                ("name", ""),
                ("age", "300"),
                ("height_cm", "tall"),
                ("current_distance", "5k"),
                ("current_time", "4:00"),
                ("goal_mile", "six"),
                ("goal_date", "2020-01-01"),
            ],
        )
        .await;
    assert_page(
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            r#"data-error-for="name">give a name"#,
            r#"data-error-for="age">300 is outside 5-110"#,
            r#"data-error-for="height_cm">`tall` is not a number"#,
            r#"data-error-for="current">`5k=4:00` is faster than any runner"#,
            r#"data-error-for="goal_mile">`six` is not a time"#,
            r#"data-error-for="goal_date">2020-01-01 has passed"#,
            r#"value="300""#,
            r#"value="tall""#,
            r#"value="4:00""#,
            r#"value="2020-01-01""#,
        ],
    );
    let time_only = app
        .form("/welcome", &[("name", "Bo"), ("current_time", "24:00")])
        .await;
    assert_page(
        &time_only,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[r#"data-error-for="current_distance">you gave a time"#],
    );
    let distance_only = app
        .form("/welcome", &[("name", "Bo"), ("current_distance", "5k")])
        .await;
    assert_page(
        &distance_only,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[r#"data-error-for="current_time">give the time you can run 5k in"#],
    );
    // Nothing was saved: the first run is still ahead.
    assert_eq!(location(&app.get("/").await), "/welcome");
}

#[tokio::test]
async fn someone_who_does_not_run_yet_gets_a_dashboard_without_a_prediction() {
    let app = app().await;
    let saved = app
        .form(
            "/welcome",
            &[
                ("id", "1"),
                ("name", "Bo"),
                ("goal_mile", "13:20"),
                ("units", "mi"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_page(
        &app.get("/").await,
        StatusCode::OK,
        &[
            "Hello, Bo",
            "Add what you can run now",
            "data-goal>13:20",
            "13:20/mi",
        ],
    );
}

#[tokio::test]
async fn athletes_are_added_and_switched() {
    let app = onboarded().await;
    let form = app.get_as("/welcome?new=1", Some(1)).await;
    assert_page(
        &form,
        StatusCode::OK,
        &["Add an athlete", r#"name="id" value="""#],
    );
    let saved = app
        .form(
            "/welcome",
            &[
                ("name", "Bo"),
                ("current_distance", "mile"),
                ("current_time", "8:00"),
            ],
        )
        .await;
    assert!(cookie(&saved).starts_with("miler_athlete=2;"));
    assert_page(
        &app.get_as("/", Some(2)).await,
        StatusCode::OK,
        &["Hello, Bo", "predicted from mile=8:00"],
    );

    let list = app.get_as("/athletes", Some(2)).await;
    assert_page(
        &list,
        StatusCode::OK,
        &[
            "Ada",
            "Bo",
            "5k in 24:00",
            "Switch to Ada",
            r#"<option value="2" selected>Bo</option>"#,
        ],
    );

    let switched = app
        .form("/athletes/switch", &[("athlete", "1"), ("back", "/tools")])
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&switched), "/tools");
    assert!(cookie(&switched).starts_with("miler_athlete=1;"));
    let elsewhere = app
        .form(
            "/athletes/switch",
            &[("athlete", "1"), ("back", "//evil.example/")],
        )
        .await;
    assert_eq!(location(&elsewhere), "/");
    let missing = app.form("/athletes/switch", &[("athlete", "99")]).await;
    assert_page(&missing, StatusCode::NOT_FOUND, &["there is no athlete 99"]);

    // The profile page edits the current athlete.
    assert_page(
        &app.get_as("/profile", Some(2)).await,
        StatusCode::OK,
        &[
            "Bo&#39;s profile",
            r#"name="id" value="2""#,
            r#"value="8:00""#,
        ],
    );
    // A cookie naming nobody falls back to the first athlete.
    assert_page(
        &app.get_as("/", Some(42)).await,
        StatusCode::OK,
        &["Hello, Ada"],
    );
}

#[tokio::test]
async fn tools_show_results_for_good_input_and_messages_for_bad() {
    let app = onboarded().await;
    // (uri, status, what the page must show)
    let cases: &[(&str, StatusCode, &[&str])] = &[
        (
            "/tools",
            StatusCode::OK,
            &[
                "Pace calculator",
                "Race predictor",
                "Age grading",
                "Treadmill converter",
            ],
        ),
        ("/tools/pace", StatusCode::OK, &[r#"value="mile""#]),
        (
            "/tools/pace?distance=mile&time=6:00",
            StatusCode::OK,
            &[
                "data-per-400>90 s",
                "at true even pace 89.5 s",
                "409.344 m",
                "3:43.7/km",
                "1609.344 m",
            ],
        ),
        (
            "/tools/pace?distance=5k&time=20:00",
            StatusCode::OK,
            &["data-per-400>96 s", "4:00/km", "5000 m"],
        ),
        (
            "/tools/pace?distance=5x&time=6:00",
            StatusCode::UNPROCESSABLE_ENTITY,
            &[
                r#"data-error-for="distance">`5x` is not a distance"#,
                r#"value="5x""#,
            ],
        ),
        (
            "/tools/predict",
            StatusCode::OK,
            &["5k=24:00", "Mile: 6:52.5 (Purdy) to 7:13.0 (Riegel)"],
        ),
        (
            "/tools/predict?results=400m%3D80&to=mile",
            StatusCode::OK,
            &["Horwill", "<sup>a</sup>", "not valid"],
        ),
        (
            "/tools/predict?results=5k%3D4:00",
            StatusCode::UNPROCESSABLE_ENTITY,
            &[r#"data-error-for="results">`5k=4:00` is faster"#],
        ),
        (
            "/tools/agegrade",
            StatusCode::OK,
            &[r#"value="34""#, r#"<option value="F" selected>"#],
        ),
        (
            "/tools/agegrade?result=mile%3D6:00&age=50&sex=M",
            StatusCode::OK,
            &["data-age-grade>", "Age-graded time"],
        ),
        (
            "/tools/agegrade?result=mile%3D6:00&age=200&sex=M",
            StatusCode::UNPROCESSABLE_ENTITY,
            &[r#"data-error-for="age">age 200 is outside"#],
        ),
        (
            "/tools/treadmill?pace=4:00&per=km",
            StatusCode::OK,
            &["15.0 km/h", "6:26.2/mi", "96 s"],
        ),
        (
            "/tools/treadmill?speed=10&speed_unit=mph",
            StatusCode::OK,
            &["6:00/mi"],
        ),
        (
            "/tools/treadmill?speed=fast&speed_unit=mph",
            StatusCode::UNPROCESSABLE_ENTITY,
            &[r#"data-error-for="speed">`fast` is not a speed"#],
        ),
    ];
    for &(uri, status, words) in cases {
        assert_page(&app.get_as(uri, Some(1)).await, status, words);
    }
}

#[tokio::test]
async fn workout_pages_are_made_exact_for_the_current_athlete() {
    let app = onboarded().await;
    let catalog = app.get("/workouts").await;
    let mut words: Vec<&str> = miler_workout::catalog::entries()
        .iter()
        .map(|e| e.id)
        .collect();
    words.push("Source:");
    assert_page(&catalog, StatusCode::OK, &words);

    let page = app.get_as("/workouts/goal-pace-400s", Some(1)).await;
    assert_page(
        &page,
        StatusCode::OK,
        &[
            "400 m repeats at goal",
            "in 1:28-1:30",
            "splits: 200 m 0:44-0:45",
            "Goal pace: 6:00 mile",
            "400 m track",
            "200 m track",
            "Bends and straights",
            "Printable splits card",
        ],
    );
    let card = app.get_as("/workouts/goal-pace-400s/card", Some(1)).await;
    assert_page(
        &card,
        StatusCode::OK,
        &[
            "For Ada",
            "in 1:28-1:30",
            "409.344 m",
            "209.344 m",
            "bend",
            "straight",
            "data-print",
        ],
    );
    let later = app.get_as("/workouts/repeats-200m?step=5/8", Some(1)).await;
    assert_page(&later, StatusCode::OK, &["Your session (5 of 8)"]);
    let bad_step = app.get_as("/workouts/repeats-200m?step=9/8", Some(1)).await;
    assert_page(
        &bad_step,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            r#"data-error-for="step">`9/8` is not a session"#,
            r#"value="9/8""#,
        ],
    );
    let missing = app.get("/workouts/no-such-workout").await;
    assert_page(
        &missing,
        StatusCode::NOT_FOUND,
        &["no workout `no-such-workout`", "That didn't work"],
    );
}

#[tokio::test]
async fn workout_pages_need_an_athlete_with_a_result_or_goal() {
    let app = app().await;
    assert_eq!(
        location(&app.get("/workouts/goal-pace-400s").await),
        "/welcome"
    );
    app.form("/welcome", &[("id", "1"), ("name", "Cy")]).await;
    let page = app.get("/workouts/goal-pace-400s").await;
    assert_page(
        &page,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "Cy has neither a current result nor a goal mile",
            "Edit your profile",
        ],
    );
}

#[tokio::test]
async fn the_editor_checks_on_the_server_without_javascript() {
    let app = onboarded().await;
    let page = app.get("/workouts/editor").await;
    assert_page(
        &page,
        StatusCode::OK,
        &[
            "# My 400s",
            r#"<script src="/assets/editor.js" defer>"#,
            "Check and show splits",
        ],
    );
    let from = app.get("/workouts/editor?from=jo-pavey").await;
    assert_page(&from, StatusCode::OK, &["3 x 800m"]);

    let bad = app
        .form(
            "/workouts/editor",
            &[("text", "warm-up 15min easy\n4 x 400q @ goal\n")],
        )
        .await;
    assert_page(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "The workout has mistakes",
            "line 2, column",
            "4 x 400q @ goal",
        ],
    );
    let good = app
        .form(
            "/workouts/editor",
            &[("text", "# Mine\n6 x 400m @ goal, recovery 90s jog\n")],
        )
        .await;
    assert_page(
        &good,
        StatusCode::OK,
        &[
            "No problems found.",
            "Your splits",
            "in 1:30, 3:45/km",
            "splits: 200 m 0:45",
        ],
    );
    let huge = "run 1km easy\n".repeat(2000);
    let too_long = app.form("/workouts/editor", &[("text", &huge)]).await;
    assert_page(
        &too_long,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[r#"data-error-for="text">the workout is longer than 20000"#],
    );
}

#[tokio::test]
async fn unknown_pages_and_failures_are_friendly_html() {
    let app = app().await;
    assert_page(
        &app.get("/no/such/page").await,
        StatusCode::NOT_FOUND,
        &["there is no page at /no/such/page", "Back to the dashboard"],
    );
    assert_page(
        &app.get("/assets/nope.js").await,
        StatusCode::NOT_FOUND,
        &["there is no asset nope.js"],
    );
    let delete = app
        .send(Request::delete("/welcome").body(Body::empty()).unwrap())
        .await;
    assert_page(
        &delete,
        StatusCode::METHOD_NOT_ALLOWED,
        &["DELETE is not allowed at /welcome"],
    );

    let body = format!("name={}", "x".repeat(miler_web::BODY_LIMIT_BYTES + 10));
    let big = app
        .send(
            Request::post("/welcome")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_page(
        &big,
        StatusCode::PAYLOAD_TOO_LARGE,
        &["larger than miler accepts"],
    );

    let cross = app
        .send(
            Request::post("/welcome")
                .header("sec-fetch-site", "cross-site")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("name=Mallory"))
                .unwrap(),
        )
        .await;
    assert_page(&cross, StatusCode::FORBIDDEN, &["another site"]);

    app.store.close().await;
    let broken = app.get("/").await;
    assert_page(
        &broken,
        StatusCode::INTERNAL_SERVER_ERROR,
        &["something went wrong inside miler"],
    );
    assert!(!broken.body.contains("sqlx") && !broken.body.contains("SELECT"));
}

#[tokio::test]
async fn pages_keep_to_the_content_security_policy() {
    let app = onboarded().await;
    for uri in [
        "/",
        "/welcome",
        "/welcome?new=1",
        "/profile",
        "/athletes",
        "/tools",
        "/tools/pace?distance=mile&time=6:00",
        "/tools/predict",
        "/tools/agegrade?result=mile%3D6:00&age=50&sex=M",
        "/tools/treadmill?pace=4:00&per=km",
        "/workouts",
        "/workouts/goal-pace-400s",
        "/workouts/goal-pace-400s/card",
        "/workouts/editor",
        "/nope",
    ] {
        let reply = app.get_as(uri, Some(1)).await;
        let html = reply.body.to_lowercase();
        for script in html.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap();
            assert!(
                tag.contains("src=\"/assets/"),
                "{uri}: inline script <script{tag}>"
            );
        }
        assert!(!html.contains("<style"), "{uri}: inline <style>");
        assert!(!html.contains(" style="), "{uri}: style attribute");
        for handler in [
            " onclick=",
            " onchange=",
            " onload=",
            " onsubmit=",
            "javascript:",
        ] {
            assert!(!html.contains(handler), "{uri}: {handler}");
        }
        for external in ["http://", "https://"] {
            assert!(
                !html.contains(&format!("src=\"{external}")),
                "{uri}: third-party script"
            );
            assert!(
                !html.contains(&format!("href=\"{external}")),
                "{uri}: third-party link"
            );
        }
    }
}

#[tokio::test]
async fn assets_are_served_from_the_binary_with_their_types() {
    let app = app().await;
    for (uri, content_type) in [
        ("/assets/style.css", "text/css"),
        ("/assets/app.js", "text/javascript"),
        ("/assets/editor.js", "text/javascript"),
        ("/assets/favicon.svg", "image/svg+xml"),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert!(
            reply.content_type().starts_with(content_type),
            "{uri}: {}",
            reply.content_type()
        );
        assert!(!reply.body.is_empty());
    }
    let _ = encode("");
}
