//! Security that applies to every response: headers, the same-origin rule for writes, and
//! the request timeout.
//!
//! The Content-Security-Policy allows only miler's own origin: no inline scripts or styles,
//! no third-party hosts, no framing. Pages keep to it by putting every script in a file under
//! `assets/` and every style in the stylesheet.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::Error;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to every response.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in set {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Refuses writes sent from another site: a page elsewhere must not be able to change the
/// athletes on this machine by posting a form to it. Browsers say where a request comes
/// from in `Sec-Fetch-Site` and `Origin`; programs that send neither (curl, scripts) are
/// let through, as they act for the person running them.
pub async fn same_origin(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && from_another_site(&request) {
        return Error::Forbidden(
            "a request from another site can't change miler's data; use miler's own pages or call the API without a browser"
                .to_owned(),
        )
        .into_response();
    }
    next.run(request).await
}

fn from_another_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && site == "cross-site"
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    origin == "null" || origin_host != host
}

/// Ends a request that takes longer than [`crate::REQUEST_TIMEOUT`].
pub async fn timeout(request: Request, next: Next) -> Response {
    match tokio::time::timeout(crate::REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => Error::Timeout.into_response(),
    }
}
