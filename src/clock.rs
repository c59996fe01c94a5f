//! The one clock of the command line and of the server it starts: what day "today" is.
//!
//! Every answer that depends on the date (a plan's first week, countdowns, ages, "this
//! week") reads the day from [`today`], so a demonstration or a test can pin it for the
//! whole process with `MILER_TODAY=YYYY-MM-DD`. Without it, today is the system's date in
//! its time zone. Timestamps that record when something was stored are not affected: they
//! say when it really happened.

use jiff::Zoned;
use jiff::civil::Date;

use crate::cli::invalid;

/// The environment variable that pins today's date.
pub const TODAY_VAR: &str = "MILER_TODAY";

/// The pinned day, if `MILER_TODAY` is set. A value that is not a date is bad input (exit
/// code 2) rather than silently ignored, so a typo never gives answers for the wrong day.
pub fn pinned() -> anyhow::Result<Option<Date>> {
    let Some(value) = std::env::var_os(TODAY_VAR) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    let text = text.trim();
    text.parse().map(Some).map_err(|_| {
        invalid(format!(
            "{TODAY_VAR}={text}: expected a date as YYYY-MM-DD, such as 2027-04-18; unset it to use today's date"
        ))
    })
}

/// Today: the pinned day, or the system's date.
pub fn today() -> anyhow::Result<Date> {
    Ok(pinned()?.unwrap_or_else(|| Zoned::now().date()))
}
