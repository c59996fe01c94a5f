//! `miler compliance` (being built).

/// Was a session run as prescribed?
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, _json: bool, _db: Option<&str>) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
