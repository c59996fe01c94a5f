//! The `Host` allowlist against DNS rebinding: a page that points its own name at 127.0.0.1
//! sends `Host: evil.example:PORT`, and miler must refuse it (421) on reads and writes alike,
//! while every loopback name on the served port, and the public URL behind a reverse proxy,
//! is answered.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{App, TODAY};
use miler_store::Store;
use miler_web::{AppState, PublicUrl};

/// The app as `miler serve --addr 127.0.0.1:5280` runs it, with `public` given as
/// `--public-url`.
async fn served(public: Option<&str>) -> App {
    let store = Store::open("sqlite::memory:").await.unwrap();
    let mut state =
        AppState::with_today(store.clone(), TODAY).listening_on("127.0.0.1:5280".parse().unwrap());
    if let Some(url) = public {
        state = state.with_public_url(url.parse().unwrap());
    }
    App {
        router: miler_web::router(state),
        store,
    }
}

fn get(uri: &str, host: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(host) = host {
        request = request.header(header::HOST, host);
    }
    request.body(Body::empty()).unwrap()
}

/// A JSON write naming `host`, sent as a rebinding page's script would send it: `Origin`
/// is the page's own, and matches `Host`.
fn post_from(host: &str, origin: Option<&str>) -> Request<Body> {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/athletes")
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(origin) = origin {
        request = request.header(header::ORIGIN, origin);
    }
    request.body(Body::from(r#"{"name":"Mallory"}"#)).unwrap()
}

#[tokio::test]
async fn a_foreign_host_is_refused_on_reads_and_writes() {
    let app = served(None).await;
    let before = app.store.athletes().await.unwrap().len();
    for host in [
        "evil.example:5280",
        "evil.example",
        // A name that resolves to loopback on the attacker's DNS is still the attacker's.
        "127.0.0.1.evil.example:5280",
        "localhost.evil.example:5280",
        // Loopback on another port is another origin, possibly another program's page.
        "localhost:8080",
        "127.0.0.1:80",
        "127.0.0.1",
        "[::1]:5281",
        "evil.example:5280@127.0.0.1:5280",
        "",
    ] {
        let reply = app.send(get("/api/v1/athletes", Some(host))).await;
        assert_eq!(reply.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        let message = reply.error_message();
        assert!(message.contains("--public-url"), "{host}: {message}");
        assert!(
            message.contains("http://127.0.0.1:5280/"),
            "{host}: {message}"
        );
        for write in [
            post_from(host, None),
            post_from(host, Some(&format!("http://{host}"))),
        ] {
            let reply = app.send(write).await;
            assert_eq!(reply.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        }
    }
    let message = app
        .send(get("/api/v1/athletes", Some("evil.example:5280")))
        .await
        .error_message();
    assert!(message.contains("the host evil.example:5280"), "{message}");
    assert_eq!(
        app.store.athletes().await.unwrap().len(),
        before,
        "no write went through"
    );
}

#[tokio::test]
async fn a_rebinding_page_with_its_own_origin_and_fetch_metadata_cannot_write() {
    // After rebinding, the browser thinks the request is same-origin and says so.
    let app = served(None).await;
    let before = app.store.athletes().await.unwrap().len();
    let mut request = post_from("evil.example:5280", Some("http://evil.example:5280"));
    request
        .headers_mut()
        .insert("sec-fetch-site", "same-origin".parse().unwrap());
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::MISDIRECTED_REQUEST);
    assert_eq!(app.store.athletes().await.unwrap().len(), before);
}

#[tokio::test]
async fn a_request_without_host_is_refused_by_a_served_app() {
    let app = served(None).await;
    let reply = app.send(get("/api/v1/athletes", None)).await;
    assert_eq!(reply.status, StatusCode::MISDIRECTED_REQUEST);
    assert!(
        reply.error_message().contains("without a Host header"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn an_absolute_request_target_is_held_to_the_list_too() {
    let app = served(None).await;
    let reply = app
        .send(get(
            "http://evil.example:5280/api/v1/athletes",
            Some("127.0.0.1:5280"),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::MISDIRECTED_REQUEST);
    let reply = app
        .send(get(
            "http://localhost:5280/api/v1/athletes",
            Some("127.0.0.1:5280"),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn loopback_names_on_the_served_port_are_answered() {
    let app = served(None).await;
    for host in [
        "127.0.0.1:5280",
        "localhost:5280",
        "LocalHost:5280",
        "127.1.2.3:5280",
        "[::1]:5280",
        "[0:0:0:0:0:0:0:1]:5280",
    ] {
        let reply = app.send(get("/api/v1/athletes", Some(host))).await;
        assert_eq!(reply.status, StatusCode::OK, "{host}: {}", reply.body);
    }
    let reply = app
        .send(post_from("localhost:5280", Some("http://localhost:5280")))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
}

#[tokio::test]
async fn on_port_80_browsers_leave_the_port_out() {
    let store = Store::open("sqlite::memory:").await.unwrap();
    let app = App {
        router: miler_web::router(
            AppState::with_today(store.clone(), TODAY)
                .listening_on("127.0.0.1:80".parse().unwrap()),
        ),
        store,
    };
    for (host, status) in [
        ("localhost", StatusCode::OK),
        ("127.0.0.1", StatusCode::OK),
        ("localhost:80", StatusCode::OK),
        ("localhost:5280", StatusCode::MISDIRECTED_REQUEST),
        ("evil.example", StatusCode::MISDIRECTED_REQUEST),
    ] {
        let reply = app.send(get("/api/v1/athletes", Some(host))).await;
        assert_eq!(reply.status, status, "{host}");
    }
}

#[tokio::test]
async fn the_address_listened_on_is_answered_as_printed() {
    let store = Store::open("sqlite::memory:").await.unwrap();
    let app = App {
        router: miler_web::router(
            AppState::with_today(store.clone(), TODAY)
                .listening_on("192.168.1.20:5280".parse().unwrap()),
        ),
        store,
    };
    for (host, status) in [
        ("192.168.1.20:5280", StatusCode::OK),
        ("127.0.0.1:5280", StatusCode::OK),
        ("192.168.1.21:5280", StatusCode::MISDIRECTED_REQUEST),
        ("192.168.1.20:5281", StatusCode::MISDIRECTED_REQUEST),
    ] {
        let reply = app.send(get("/api/v1/athletes", Some(host))).await;
        assert_eq!(reply.status, status, "{host}");
    }
}

#[tokio::test]
async fn the_public_url_host_is_answered_and_its_origin_may_write() {
    let app = served(Some("https://Miler.Example.org")).await;
    for (host, status) in [
        ("miler.example.org", StatusCode::OK),
        ("miler.example.org:443", StatusCode::OK),
        ("MILER.example.org", StatusCode::OK),
        ("miler.example.org:8443", StatusCode::MISDIRECTED_REQUEST),
        ("evil.example.org", StatusCode::MISDIRECTED_REQUEST),
        // Loopback stays allowed.
        ("127.0.0.1:5280", StatusCode::OK),
    ] {
        let reply = app.send(get("/api/v1/athletes", Some(host))).await;
        assert_eq!(reply.status, status, "{host}");
    }
    // A browser on the public origin posts with its own Origin; a proxy that forwards
    // `Host` as the loopback address it connects to must not make that a cross-site write.
    for host in ["miler.example.org", "127.0.0.1:5280"] {
        let reply = app
            .send(post_from(host, Some("https://miler.example.org")))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{host}: {}", reply.body);
    }
    let reply = app
        .send(post_from(
            "miler.example.org",
            Some("https://evil.example.org"),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_public_url_with_a_port_is_answered_with_or_without_it() {
    // nginx's `$host` drops the port; `$http_host` and Caddy keep it.
    let app = served(Some("http://miler.example.org:8080/")).await;
    for (host, status) in [
        ("miler.example.org:8080", StatusCode::OK),
        ("miler.example.org", StatusCode::OK),
        ("miler.example.org:80", StatusCode::MISDIRECTED_REQUEST),
    ] {
        let reply = app.send(get("/api/v1/athletes", Some(host))).await;
        assert_eq!(reply.status, status, "{host}");
    }
    let reply = app
        .send(post_from(
            "miler.example.org",
            Some("http://miler.example.org:8080"),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
}

#[tokio::test]
async fn a_refused_page_is_html_and_a_refused_api_call_is_json() {
    let app = served(None).await;
    let page = app.send(get("/welcome", Some("evil.example:5280"))).await;
    assert_eq!(page.status, StatusCode::MISDIRECTED_REQUEST);
    assert!(
        page.content_type().starts_with("text/html"),
        "{}",
        page.content_type()
    );
    assert!(page.body.contains("evil.example:5280"), "{}", page.body);
    assert!(page.body.contains("--public-url"), "{}", page.body);
    // The security headers are on refusals too.
    assert!(page.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    let api = app
        .send(get("/api/v1/athletes", Some("evil.example:5280")))
        .await;
    assert!(api.content_type().starts_with("application/json"));
    assert_eq!(api.json()["error"]["status"], 421);
}

#[tokio::test]
async fn a_long_refused_host_is_cut_in_the_message() {
    let app = served(None).await;
    let long = format!("{}.example", "a".repeat(5000));
    let reply = app.send(get("/api/v1/athletes", Some(&long))).await;
    assert_eq!(reply.status, StatusCode::MISDIRECTED_REQUEST);
    assert!(reply.body.len() < 1000, "{}", reply.body.len());
}

#[tokio::test]
async fn before_an_address_is_known_only_loopback_and_no_host_are_answered() {
    // `AppState::new` without `listening_on`: what the in-process router tests use.
    let app = common::app().await;
    for (host, status) in [
        (None, StatusCode::OK),
        (Some("127.0.0.1:5280"), StatusCode::OK),
        (Some("localhost:9999"), StatusCode::OK),
        (Some("evil.example:5280"), StatusCode::MISDIRECTED_REQUEST),
    ] {
        let reply = app.send(get("/api/v1/athletes", host)).await;
        assert_eq!(reply.status, status, "{host:?}");
    }
}

#[test]
fn a_public_url_is_an_origin_over_http_or_https() {
    for (text, origin) in [
        ("https://miler.example.org", "https://miler.example.org"),
        ("https://miler.example.org/", "https://miler.example.org"),
        (
            "HTTPS://Miler.Example.ORG:443/",
            "https://miler.example.org",
        ),
        ("http://miler.example.org:80", "http://miler.example.org"),
        (
            "https://miler.example.org:8443",
            "https://miler.example.org:8443",
        ),
        ("http://192.168.1.20:5280", "http://192.168.1.20:5280"),
        ("http://[fd00::1]:5280", "http://[fd00::1]:5280"),
    ] {
        let url: PublicUrl = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(url.origin(), origin, "{text}");
    }
    for (text, said) in [
        ("miler.example.org", "not a URL"),
        ("ftp://miler.example.org", "http:// or https://"),
        ("https://miler.example.org/miler", "root of its host"),
        ("https://miler.example.org/?a=1", "root of its host"),
        ("https://miler.example.org#top", "root of its host"),
        ("https://user@miler.example.org", "user name"),
        ("https://", "no valid host"),
        ("https://:443", "no valid host"),
        ("https://miler.example.org:0", "no valid host"),
        ("https://miler.example.org:99999", "no valid host"),
        ("https://miler.example.org:", "no valid host"),
        ("https://mil er.example.org", "no valid host"),
        ("https://[not-v6]", "no valid host"),
    ] {
        let error = text.parse::<PublicUrl>().unwrap_err();
        assert!(error.contains(said), "{text}: {error}");
    }
}
