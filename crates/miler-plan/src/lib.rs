//! Training plans: the weeks of sessions that take a runner to a faster mile, and what a plan
//! becomes outside miler. The iCalendar writer lives in [`ics`].
//!
//! Architecture invariant: the crate is pure. It does no IO and reads no clock; whoever calls
//! it passes the date and the time to stamp exports with.

pub mod ics;
