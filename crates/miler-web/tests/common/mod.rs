//! Driving the app without a socket: one in-memory database per test, requests through
//! `tower::ServiceExt::oneshot`, responses read back as text.

#![allow(dead_code)] // Each test file uses its own share of the helpers.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use jiff::civil::Date;
use miler_store::Store;
use miler_web::AppState;
use tower::ServiceExt;

/// The day every test runs on, so countdowns and ages don't move.
pub const TODAY: Date = Date::constant(2026, 11, 23);

pub struct App {
    pub router: Router,
    pub store: Store,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The error message of a JSON error, checking its shape on the way.
    pub fn error_message(&self) -> String {
        let json = self.json();
        assert_eq!(
            json["error"]["status"].as_u64(),
            Some(u64::from(self.status.as_u16())),
            "{}",
            self.body
        );
        json["error"]["message"].as_str().unwrap().to_owned()
    }
}

pub async fn app() -> App {
    let store = Store::open("sqlite::memory:").await.unwrap();
    App {
        router: miler_web::router(AppState::with_today(store.clone(), TODAY)),
        store,
    }
}

impl App {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        Reply {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.get_as(uri, None).await
    }

    /// A GET with the browser's current-athlete cookie.
    pub async fn get_as(&self, uri: &str, athlete: Option<i64>) -> Reply {
        let mut request = Request::get(uri);
        if let Some(id) = athlete {
            request = request.header(header::COOKIE, format!("miler_athlete={id}"));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn json(&self, method: Method, uri: &str, body: &serde_json::Value) -> Reply {
        self.send(
            Request::builder()
                .method(method)
                .uri(uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    pub async fn form(&self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Request::post(uri)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// Completes the first-run form for a runner of 5k=24:00 wanting 6:00 by 2027-02-15.
    pub async fn onboard(&self, name: &str) -> Reply {
        self.form(
            "/welcome",
            &[
                ("id", "1"),
                ("name", name),
                ("age", "34"),
                ("sex", "F"),
                ("height_cm", "168"),
                ("weight_kg", "58"),
                ("units", "km"),
                ("current_distance", "5k"),
                ("current_time", "24:00"),
                ("goal_mile", "6:00"),
                ("goal_date", "2027-02-15"),
            ],
        )
        .await
    }
}

/// Percent-encoding for form values and query strings.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
