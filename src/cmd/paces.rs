//! `miler paces` (in progress).

/// (in progress)
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, _json: bool) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
