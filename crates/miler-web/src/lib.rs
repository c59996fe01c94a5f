//! miler's web app: the local coach in the browser, and its JSON API.
//!
//! [`router`] builds the whole application from an [`AppState`], so tests drive it with
//! `tower::ServiceExt::oneshot` and no socket; [`serve`] runs it on a listener until a
//! shutdown signal, letting requests in flight finish, with header-read and idle timeouts and
//! a cap on connections (`server`).
//!
//! The shape of the crate:
//!
//! - `tools`, `profile`, `workouts`, `activities`: the logic pages and API share. Each takes raw input
//!   (strings from a query or a form, or typed JSON), checks it field by field and returns
//!   view structs; the math is miler-core's and miler-workout's, never redone here.
//! - `pages`: server-rendered HTML (askama templates under `templates/`), forms that work
//!   without JavaScript, validation messages beside the field they are about.
//! - `api`: the same features as JSON under `/api/v1`, described by `openapi.json`.
//! - `error`: the one error type. An error is rendered as JSON under `/api/` and as an HTML
//!   page elsewhere, by one middleware that also rewrites the framework's own plain-text
//!   rejections, so no client ever sees a bare "Failed to parse" or an SQL message.
//! - `security`: the `Host` allowlist against DNS rebinding, security headers (a strict
//!   Content-Security-Policy), the same-origin check on writes and the request timeout.
//! - `server`: the accept loop and what a connection may cost.
//! - `assets`: CSS, JavaScript and vendored libraries compiled into the binary.
//! - `mine`: the runner's own workouts, saved from the editor: their pages and endpoints.
//! - `paging`: `?limit=&cursor=` read into the store's `Page`, a page as JSON
//!   (`{"items", "total", "next"}`) and the "Showing 50 of 5,000" line and next link of a
//!   list page.
//! - `results`, `leaderboards`: the results log (CSV included), leaderboards and challenges,
//!   public so the command line shares them; `results_web` holds their pages and endpoints.

mod activities;
mod api;
mod assets;
mod athlete;
mod error;
mod fitness;
mod fmt;
pub mod leaderboards;
mod mine;
mod pages;
pub mod paging;
mod plan;
mod profile;
mod progress;
pub mod results;
mod results_web;
mod security;
mod server;
mod tools;
mod workouts;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::get;
use jiff::civil::Date;
use miler_store::Store;
use tower_http::catch_panic::CatchPanicLayer;

pub use activities::{FILE_LIMIT_BYTES, UPLOAD_LIMIT_BYTES};
pub use api::endpoints as api_endpoints;
pub use error::{Error, FieldError};
pub use security::PublicUrl;
pub use server::{
    ConnectionLimits, HEADER_READ_TIMEOUT, MAX_CONNECTIONS, MAX_HEADER_BYTES, MAX_HEADERS, serve,
    serve_with,
};
pub use workouts::{MAX_NAME_CHARS, read_saved};

/// The largest request body a form or JSON call may send. Workout text, the largest input
/// so far, is capped at 20 000 characters; activity uploads have their own limit
/// ([`UPLOAD_LIMIT_BYTES`]) and are read one file at a time.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// How long one request may take before it is answered with an error.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// What every handler can reach: the store, the turns at importing, the clock (fixed in
/// tests), and the hosts the app answers for.
#[derive(Debug, Clone)]
pub struct AppState {
    store: Store,
    imports: miler_app::import::ImportGate,
    today: Option<Date>,
    hosts: Arc<security::Hosts>,
}

impl AppState {
    /// The app over `store`, with today's date from the system clock. Until it is given the
    /// address it listens on ([`AppState::listening_on`], which [`serve`] calls), it answers
    /// loopback names on any port and requests without `Host`, for tests that drive the
    /// router in-process; foreign hosts are refused from the start.
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            imports: miler_app::import::ImportGate::default(),
            today: None,
            hosts: Arc::default(),
        }
    }

    /// The app with a fixed "today", so countdowns and ages in tests don't move.
    pub fn with_today(store: Store, today: Date) -> AppState {
        AppState {
            today: Some(today),
            ..AppState::new(store)
        }
    }

    /// The app answering for `addr`: loopback names on its port and `addr` itself.
    pub fn listening_on(mut self, addr: SocketAddr) -> AppState {
        Arc::make_mut(&mut self.hosts).listening_on(addr);
        self
    }

    /// The app also answering for `url`, the address a reverse proxy serves it at.
    pub fn with_public_url(mut self, url: PublicUrl) -> AppState {
        Arc::make_mut(&mut self.hosts).with_public(url);
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The turns at importing uploaded files, shared by every request.
    pub fn imports(&self) -> &miler_app::import::ImportGate {
        &self.imports
    }

    /// Today in the system's time zone (or the fixed day).
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(|| jiff::Zoned::now().date())
    }
}

/// The whole application: pages, API, assets, and the layers every response passes through.
pub fn router(state: AppState) -> Router {
    let hosts = Arc::clone(&state.hosts);
    Router::new()
        .merge(pages::routes())
        .merge(results_web::routes())
        .merge(mine::routes())
        .merge(plan::routes())
        .nest("/api/v1", api::routes())
        .route("/assets/{*path}", get(assets::serve))
        .fallback(error::not_found)
        // Innermost first: a panic becomes a 500, bodies are capped, slow requests end.
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(middleware::from_fn(security::timeout))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&hosts),
            security::same_origin,
        ))
        // A foreign host is refused before anything else looks at the request.
        .layer(middleware::from_fn_with_state(
            hosts,
            security::allowed_host,
        ))
        .layer(middleware::from_fn(error::present))
        .layer(middleware::from_fn(security::headers))
        .with_state(state)
}

/// Writes one line to stderr, the server's log. A closed stderr is ignored: losing a log
/// line must not fail a request.
pub(crate) fn log(line: &str) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler can't be installed there is no Ctrl-C to wait for.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
