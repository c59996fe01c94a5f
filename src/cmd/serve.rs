//! `miler serve`, and a bare `miler`: the web app on this computer.
//!
//! Opens (creating and migrating) the database chosen by `--db`/`MILER_DB` or the default in
//! the user's data directory, listens on 127.0.0.1 and prints the URL. A bare `miler` uses
//! the fixed default port and falls back to any free port when another program has it, so
//! starting miler twice still works; `miler serve --addr` uses exactly the address given.
//! Ctrl-C or SIGTERM stops it after the requests in flight are answered.

use std::net::SocketAddr;

use std::io::Write as _;

use anyhow::Context as _;

use crate::db;

/// The port a bare `miler` tries first: 5280, the feet in a mile.
pub const DEFAULT_PORT: u16 = 5280;

/// Run the web app: your dashboard, workouts and tools in the browser.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler                                   the web app on the default database and port
  miler serve --addr 127.0.0.1:8080       on a chosen port
  miler serve --db /tmp/try.db            on another database")]
pub struct Args {
    /// The address to listen on [default: 127.0.0.1:5280].
    #[arg(long, value_name = "IP:PORT")]
    addr: Option<SocketAddr>,
}

pub fn run(args: &Args, db: Option<&str>) -> anyhow::Result<()> {
    match args.addr {
        Some(addr) => start(Bind::Exactly(addr), db),
        None => start(Bind::Exactly(default_addr()), db),
    }
}

/// A bare `miler`: the default port, or any free one.
pub fn run_default(db: Option<&str>) -> anyhow::Result<()> {
    start(Bind::PreferOrAny(default_addr()), db)
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

fn start(bind: Bind, db: Option<&str>) -> anyhow::Result<()> {
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
        announce(&format!(
            "miler is running at http://{local}/\nPress Ctrl-C to stop.\n"
        ));
        let state = match crate::clock::pinned()? {
            Some(today) => miler_web::AppState::with_today(store.clone(), today),
            None => miler_web::AppState::new(store.clone()),
        };
        miler_web::serve(listener, state, miler_web::shutdown_signal())
            .await
            .context("the web server failed")?;
        store.close().await;
        let _ = writeln!(std::io::stderr(), "miler stopped.");
        anyhow::Ok(())
    })
}
