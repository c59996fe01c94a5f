//! The accept loop: connections, their limits and graceful shutdown.
//!
//! `axum::serve` can't bound how long a client takes to send its headers or how many
//! connections are open, so a few thousand connections trickling headers held the server's
//! memory without end. This loop serves each connection with hyper's HTTP/1.1 server, with:
//!
//! - a header-read timeout ([`HEADER_READ_TIMEOUT`]): a request's head must arrive whole in
//!   that time. hyper restarts the same timer whenever a keep-alive connection goes idle after
//!   a response, so it is also the idle timeout: a connection with no request in flight is
//!   closed when no new request head arrives in time. (A request being answered is bounded
//!   by [`crate::REQUEST_TIMEOUT`] instead.)
//! - a cap on open connections ([`MAX_CONNECTIONS`]): when it is reached the loop stops
//!   accepting, and new connections wait in the kernel's listen backlog, costing the server
//!   nothing, until a connection closes. Waiting rather than closing them at once means a
//!   browser caught behind a burst is answered late rather than refused, and the header
//!   timeout frees a slot held by a slow client within [`HEADER_READ_TIMEOUT`].
//! - a bound on a request's head ([`MAX_HEADER_BYTES`], [`MAX_HEADERS`]): a larger one is
//!   answered 431 Request Header Fields Too Large and the connection closed.
//!
//! Keep-alive stays on. On shutdown the loop stops accepting, idle connections are closed,
//! and requests in flight are answered before [`serve_with`] returns.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

use crate::AppState;

/// How long a client may take to send a request's head, and how long a keep-alive
/// connection may sit idle between requests.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections are served at once; more wait in the listen backlog. A browser
/// opens about six per site, so this is room for a club's worth of people at once, and each
/// connection's buffers are bounded by [`MAX_HEADER_BYTES`].
pub const MAX_CONNECTIONS: usize = 512;

/// The largest request head (request line and headers) miler reads. Browsers send a few
/// kilobytes; cookies are capped at 4 KiB each.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// The most header fields a request may have.
pub const MAX_HEADERS: usize = 100;

/// What a connection may cost. [`Default`] is what `miler serve` uses; tests shorten the
/// timeout so they don't wait ten seconds for it.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_read_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: HEADER_READ_TIMEOUT,
        }
    }
}

/// Serves the app on `listener` until `shutdown` completes, then lets requests in flight
/// finish. The app answers for the address `listener` is bound to (see
/// [`AppState::listening_on`]).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, state, ConnectionLimits::default(), shutdown).await
}

/// [`serve`] with chosen connection limits.
pub async fn serve_with(
    listener: TcpListener,
    state: AppState,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = crate::router(state.listening_on(listener.local_addr()?));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .keep_alive(true)
        .header_read_timeout(limits.header_read_timeout)
        .max_header_size(MAX_HEADER_BYTES)
        .max_headers(MAX_HEADERS);
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // A slot first, then the connection: until a slot is free, new connections stay in
        // the kernel's backlog rather than in this process.
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break, // The semaphore is never closed.
            },
        };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
        };
        // Small responses go out at once rather than waiting for more to send.
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |request| app.clone().oneshot(request));
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A connection ends in an error when the client goes away, sends a malformed or
            // oversized head, or runs out of time; each is the client's affair and already
            // answered where HTTP allows, so none is logged.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// An accept that failed. A connection reset before it was accepted is the client's; running
/// out of file descriptors or memory is the machine's, and would fail again at once, so the
/// loop pauses before trying again instead of spinning.
async fn accept_failed(error: &std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::ConnectionRefused
    ) {
        return;
    }
    crate::log(&format!("error: accepting a connection failed: {error}"));
    tokio::time::sleep(Duration::from_secs(1)).await;
}
