//! `miler serve`, and a bare `miler`: the web app on this computer.
//!
//! Opens (creating and migrating) the database chosen by `--db`/`MILER_DB` or the default in
//! the user's data directory, listens on 127.0.0.1 and prints the URL. A bare `miler` uses
//! the fixed default port and falls back to any free port when another program has it, so
//! starting miler twice still works; `miler serve --addr` uses exactly the address given.
//! `--public-url` adds the address a reverse proxy serves miler at to the hosts it answers
//! (it answers only requests naming it, against DNS rebinding; see docs/web.md).
//! Ctrl-C or SIGTERM stops it after the requests in flight are answered.

use std::io::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;

use crate::db;

/// The port a bare `miler` tries first: 5280, the feet in a mile.
pub const DEFAULT_PORT: u16 = 5280;

/// Run the web app: your dashboard, workouts and tools in the browser.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler                                   the web app on the default database and port
  miler serve --addr 127.0.0.1:8080       on a chosen port
  miler serve --db /tmp/try.db            on another database
  miler serve --public-url https://miler.example.org
                                          behind a reverse proxy at that address")]
pub struct Args {
    /// The address to listen on [default: 127.0.0.1:5280].
    #[arg(long, value_name = "IP:PORT")]
    addr: Option<SocketAddr>,
    /// The address browsers use when miler is behind a reverse proxy, such as
    /// https://miler.example.org. miler answers only requests for its own address and this
    /// one.
    #[arg(long, value_name = "URL")]
    public_url: Option<miler_web::PublicUrl>,
    /// How long a client may take to send a request's headers, in milliseconds (for tests).
    #[arg(long, value_name = "MS", hide = true)]
    header_timeout_ms: Option<u64>,
}

pub fn run(args: &Args, db: Option<&str>) -> anyhow::Result<()> {
    let bind = Bind::Exactly(args.addr.unwrap_or_else(default_addr));
    let mut limits = miler_web::ConnectionLimits::default();
    if let Some(ms) = args.header_timeout_ms {
        limits.header_read_timeout = Duration::from_millis(ms);
    }
    start(bind, db, args.public_url.clone(), limits)
}

/// A bare `miler`: the default port, or any free one.
pub fn run_default(db: Option<&str>) -> anyhow::Result<()> {
    start(
        Bind::PreferOrAny(default_addr()),
        db,
        None,
        miler_web::ConnectionLimits::default(),
    )
}

/// Prints where miler listens. A closed stdout (`miler | head -1`, a launcher that stopped
/// reading) must not stop the server, so write errors are ignored rather than panicking as
/// `println!` would.
fn announce(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn default_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], DEFAULT_PORT))
}

enum Bind {
    Exactly(SocketAddr),
    PreferOrAny(SocketAddr),
}

fn start(
    bind: Bind,
    db: Option<&str>,
    public_url: Option<miler_web::PublicUrl>,
    limits: miler_web::ConnectionLimits,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    runtime.block_on(async move {
        let store = db::open(db).await?;
        let listener = match bind {
            Bind::Exactly(addr) => tokio::net::TcpListener::bind(addr).await.with_context(|| {
                format!("could not listen on {addr}; is another program using it? Choose another with --addr 127.0.0.1:PORT")
            })?,
            Bind::PreferOrAny(addr) => match tokio::net::TcpListener::bind(addr).await {
                Ok(listener) => listener,
                Err(_) => {
                    let any = SocketAddr::new(addr.ip(), 0);
                    tokio::net::TcpListener::bind(any)
                        .await
                        .with_context(|| format!("could not listen on {}", addr.ip()))?
                }
            },
        };
        let local = listener.local_addr()?;
        let mut state = match crate::clock::pinned()? {
            Some(today) => miler_web::AppState::with_today(store.clone(), today),
            None => miler_web::AppState::new(store.clone()),
        };
        let also = match public_url {
            Some(url) => {
                let also = format!("It also answers at {url} through your reverse proxy.\n");
                state = state.with_public_url(url);
                also
            }
            None => String::new(),
        };
        announce(&format!(
            "miler is running at http://{local}/\n{also}Press Ctrl-C to stop.\n"
        ));
        miler_web::serve_with(listener, state, limits, miler_web::shutdown_signal())
            .await
            .context("the web server failed")?;
        store.close().await;
        let _ = writeln!(std::io::stderr(), "miler stopped.");
        anyhow::Ok(())
    })
}
