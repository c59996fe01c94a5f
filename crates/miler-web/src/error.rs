//! The one error type, and how errors reach a client.
//!
//! A handler returns [`Error`]; its response carries a [`Failure`] (status, message, the
//! fields at fault) as a response extension. The [`present`] middleware, which sees every
//! response, renders a failure as JSON under `/api/` and as a friendly HTML page elsewhere.
//! It also catches the error responses the framework makes by itself (a malformed JSON body,
//! a body over the limit, a method a route doesn't take, a caught panic), which come as plain
//! text, and rewrites them in the same two shapes with a message that says what to do.
//!
//! Server errors are written to stderr with their whole cause chain and answered with a
//! generic message: SQL, file paths and panics never reach a client.

use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::BODY_LIMIT_BYTES;

/// One input field that was wrong, and what to give instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

/// The bounds a runner's age, height and weight are held to wherever they are typed (the
/// profile, a result): the ages the WMA tables cover, and body sizes no adult or child falls
/// outside. Each one out of bounds is handed to `bad` with its field name.
pub fn check_body(
    age: Option<u32>,
    height_cm: Option<f64>,
    weight_kg: Option<f64>,
    bad: &mut impl FnMut(&'static str, String),
) {
    if let Some(age) = age
        && !(5..=110).contains(&age)
    {
        bad(
            "age",
            format!(
                "{age} is outside 5-110, the ages the tables cover; give the age in whole years"
            ),
        );
    }
    if let Some(h) = height_cm
        && !(50.0..=250.0).contains(&h)
    {
        bad(
            "height_cm",
            format!("{h} cm is outside 50-250; give the height in centimetres, such as 172"),
        );
    }
    if let Some(w) = weight_kg
        && !(20.0..=300.0).contains(&w)
    {
        bad(
            "weight_kg",
            format!("{w} kg is outside 20-300; give the weight in kilograms, such as 68"),
        );
    }
}

/// Everything that can go wrong in a request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that failed validation, field by field.
    #[error("{}", join_fields(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    TooLarge(String),
    /// A request for a host this server doesn't answer for (421 Misdirected Request).
    #[error("{0}")]
    Misdirected(String),
    #[error(
        "the request took longer than {} s and was stopped; try again, or ask for less at once",
        crate::REQUEST_TIMEOUT.as_secs()
    )]
    Timeout,
    #[error("the database failed")]
    Store(#[from] miler_store::Error),
    #[error("{0}")]
    Internal(String),
}

fn join_fields(fields: &[FieldError]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect();
    parts.join("; ")
}

/// What the generic 500 says.
const INTERNAL: &str = "something went wrong inside miler; the details are in the server's log. Try again, and if it keeps happening, report it";

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::Invalid(_) | Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Misdirected(_) => StatusCode::MISDIRECTED_REQUEST,
            Error::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            Error::Store(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A single-field validation error.
    pub fn field(field: &'static str, message: impl Into<String>) -> Error {
        Error::Invalid(vec![FieldError::new(field, message)])
    }
}

/// A failure on its way to the client: what [`present`] renders.
#[derive(Debug, Clone)]
pub struct Failure {
    pub status: StatusCode,
    pub message: String,
    pub fields: Vec<FieldError>,
}

#[derive(Serialize)]
struct FailureJson<'a> {
    error: FailureBody<'a>,
}

#[derive(Serialize)]
struct FailureBody<'a> {
    status: u16,
    message: &'a str,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    fields: &'a [FieldError],
}

impl Failure {
    fn json(&self) -> Response {
        let body = FailureJson {
            error: FailureBody {
                status: self.status.as_u16(),
                message: &self.message,
                fields: &self.fields,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        response.extensions_mut().insert(self.clone());
        response
    }

    fn html(&self) -> Response {
        let page = ErrorPage {
            chrome: crate::pages::Chrome::bare("Error"),
            status: self.status.as_u16(),
            reason: self.status.canonical_reason().unwrap_or("Error"),
            message: &self.message,
            fields: &self.fields,
        };
        match page.render() {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(e) => {
                crate::log(&format!("error: rendering the error page failed: {e}"));
                (self.status, self.message.clone()).into_response()
            }
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: crate::pages::Chrome,
    status: u16,
    reason: &'a str,
    message: &'a str,
    fields: &'a [FieldError],
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status.is_server_error() && !matches!(self, Error::Timeout) {
            log(&self);
            INTERNAL.to_owned()
        } else {
            self.to_string()
        };
        let fields = match self {
            Error::Invalid(fields) => fields,
            _ => Vec::new(),
        };
        Failure {
            status,
            message,
            fields,
        }
        .json()
    }
}

/// Writes a server error and its causes to stderr.
fn log(error: &(dyn std::error::Error + 'static)) {
    let mut line = format!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        line.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    crate::log(&line);
}

/// The answer to a panic in a handler: logged, then a generic 500 that [`present`] renders.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic");
    crate::log(&format!("error: a request handler panicked: {what}"));
    Failure {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        message: INTERNAL.to_owned(),
        fields: Vec::new(),
    }
    .json()
}

/// The fallback for every path no route takes.
pub async fn not_found(request: Request) -> Error {
    let path = request.uri().path();
    if path.starts_with("/api/") {
        Error::NotFound(format!(
            "no API endpoint at {path}; the endpoints are listed in /api/v1/openapi.json"
        ))
    } else {
        Error::NotFound(format!(
            "there is no page at {path}; start again from the home page"
        ))
    }
}

/// Renders every error response in the shape its client expects: JSON under `/api/`, HTML
/// elsewhere.
pub async fn present(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let failure = match response.extensions().get::<Failure>() {
        Some(failure) => failure.clone(),
        None => {
            // A page or endpoint that chose its own error body (a form shown again with its
            // mistakes) keeps it.
            let own = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
            if own {
                return response;
            }
            framework_failure(response, &method, &path).await
        }
    };
    if api { failure.json() } else { failure.html() }
}

/// A failure for an error response the framework made: its plain-text reason, with what
/// to do added.
async fn framework_failure(response: Response, method: &axum::http::Method, path: &str) -> Failure {
    let (parts, body) = response.into_parts();
    let status = parts.status;
    let text = to_bytes(Body::new(body), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "the request body is larger than miler accepts ({} KiB); send less",
            BODY_LIMIT_BYTES / 1024
        ),
        // The router adds the `Allow` header after this middleware has run, so the
        // message points at it rather than naming the methods.
        StatusCode::METHOD_NOT_ALLOWED => format!(
            "{method} is not allowed at {path}; the Allow header of this response lists the methods it takes"
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            format!("{text}; send the body as JSON with the header Content-Type: application/json")
        }
        s if s.is_server_error() => {
            if !text.is_empty() {
                crate::log(&format!("error: {status} at {method} {path}: {text}"));
            }
            INTERNAL.to_owned()
        }
        _ if text.is_empty() => status
            .canonical_reason()
            .unwrap_or("the request was refused")
            .to_owned(),
        _ => format!("{text}; check the request against /api/v1/openapi.json"),
    };
    Failure {
        status,
        message,
        fields: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_is_a_generic_500_that_keeps_its_message_inside() {
        let response = panic_response(Box::new("index out of bounds in secret.rs"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(response.extensions().get::<Failure>().is_some());
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("something went wrong inside miler"), "{text}");
        assert!(!text.contains("secret.rs"), "{text}");
    }

    #[tokio::test]
    async fn a_store_error_never_shows_its_cause() {
        let error = Error::Store(miler_store::Error::Corrupt(7, "SELECT * FROM x".to_owned()));
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        assert!(!String::from_utf8_lossy(&body).contains("SELECT"));
    }
}
