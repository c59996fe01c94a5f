//! Which database a command uses, and opening it.
//!
//! The choice is made here and nowhere else: `--db URL`, else the `MILER_DB` environment
//! variable (clap reads both into the same option), else `miler.db` in the user's data
//! directory (`~/.local/share/miler` on Linux, `~/Library/Application Support/miler` on
//! macOS, `%APPDATA%\miler` on Windows).

use anyhow::Context as _;
use miler_store::Store;

/// The database URL or path to use.
pub fn url(flag: Option<&str>) -> anyhow::Result<String> {
    if let Some(url) = flag {
        return Ok(url.to_owned());
    }
    let dir = dirs::data_dir().context(
        "could not find your data directory; choose a database with --db PATH or the MILER_DB environment variable",
    )?;
    Ok(dir
        .join("miler")
        .join("miler.db")
        .to_string_lossy()
        .into_owned())
}

/// Opens the database if it is there, without creating one: for commands that only read
/// what may have been saved (the catalog lists the runner's own workouts when there are any).
pub async fn open_existing(flag: Option<&str>) -> anyhow::Result<Option<Store>> {
    let url = url(flag)?;
    let path = url.strip_prefix("sqlite://").unwrap_or(&url);
    if !url.starts_with("sqlite::") && !std::path::Path::new(path).exists() {
        return Ok(None);
    }
    open(flag).await.map(Some)
}

/// Opens (creating and migrating) the database.
pub async fn open(flag: Option<&str>) -> anyhow::Result<Store> {
    let url = url(flag)?;
    Store::open(&url).await.map_err(|e| {
        let bad_url = matches!(
            e,
            miler_store::Error::BadUrl(_) | miler_store::Error::PostgresNotYet(_)
        );
        let error = anyhow::Error::new(e);
        if bad_url {
            error.context(crate::cli::InputError(format!("--db {url} can't be used")))
        } else {
            error
        }
    })
}

/// Runs `future` on a single-threaded runtime: CLI commands do one thing at a time.
pub fn block_on<F: Future>(future: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    Ok(runtime.block_on(future))
}
