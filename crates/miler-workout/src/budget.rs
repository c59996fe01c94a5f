//! The size budget: how large a workout may grow once its repeats are expanded.
//!
//! A few bytes of text can ask for a billion steps (`1000 x {` three times over), and every
//! export, splits card and compliance check walks the expanded sequence. So the expanded size
//! is worked out from the tree alone — counts multiplied through the nesting, saturating, never
//! by expanding — and held to [`MAX_STEPS`] steps and [`MAX_TOTAL_DURATION`] of timed work.
//! [`Size::check`] is the one test of that budget: [`Workout::flatten`] refuses a workout that
//! fails it (so no caller can expand an oversized tree, however it was built), and the parser
//! reports the same failure as a diagnostic on the outermost repeat that crosses the limit.
//!
//! The budget is generous for training: a real session has well under 200 steps and under
//! three hours. A ramped count (`6->10 x`) counts at its largest waypoint, so a workout that
//! passes passes at every step of its cycle.

use miler_core::Duration;

use crate::flatten::{Track, move_secs, until_iterations};
use crate::model::{Count, Cover, Item, Move, Repeat, Step, Workout};

/// The most steps a workout may expand to, counting every rep and every recovery between reps.
pub const MAX_STEPS: u64 = 1000;

/// The most time a workout's timed steps may add up to once expanded. Steps by distance have no
/// time until they are resolved for a runner, so they are not counted.
pub const MAX_TOTAL_DURATION: Duration = Duration::secs_const(6.0 * 3600.0);

/// The most repeats, sets or reps one number may ask for. Larger numbers are slips of the
/// keyboard; [`MAX_STEPS`] bounds what several counts multiply to.
pub const MAX_COUNT: u32 = 1000;

/// How large a workout is once expanded, worked out without expanding it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// Steps in the expanded sequence, saturating at `u64::MAX`.
    pub steps: u64,
    /// The sum of the expanded steps whose time the workout states.
    pub known_time: Duration,
}

/// Why a workout was refused: it expands past the budget.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum TooLarge {
    #[error(
        "the workout expands to {steps} steps, more than the {MAX_STEPS} a workout may have; use smaller repeat counts or split it into several workouts"
    )]
    Steps { steps: u64 },
    #[error(
        "the workout's timed steps add up to {time}, more than {MAX_TOTAL_DURATION}; use smaller repeat counts or shorter steps, or split it into several workouts"
    )]
    Duration { time: Duration },
}

impl Size {
    /// The budget's one test: [`MAX_STEPS`] steps and [`MAX_TOTAL_DURATION`] at most.
    pub fn check(self) -> Result<(), TooLarge> {
        if self.steps > MAX_STEPS {
            return Err(TooLarge::Steps { steps: self.steps });
        }
        if self.known_time > MAX_TOTAL_DURATION {
            return Err(TooLarge::Duration {
                time: self.known_time,
            });
        }
        Ok(())
    }
}

impl Workout {
    /// The expanded size on the standard 400 m track.
    pub fn size(&self) -> Size {
        self.size_on(Track::OUTDOOR_400)
    }

    /// The expanded size on a given track (it decides how often `until` blocks of bends and
    /// straights run).
    pub fn size_on(&self, track: Track) -> Size {
        items_size(&self.items, &track).into()
    }
}

/// Steps and seconds while summing; seconds become a [`Duration`] at the end.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally {
    steps: u64,
    secs: f64,
}

impl From<Tally> for Size {
    fn from(tally: Tally) -> Size {
        // Seconds only grow by sums and products of finite non-negative numbers, but a product
        // may overflow to infinity: clamp to a finite value that is still over the budget.
        let secs = if tally.secs.is_finite() {
            tally.secs
        } else {
            f64::MAX
        };
        Size {
            steps: tally.steps,
            known_time: Duration::from_secs(secs).unwrap_or(Duration::ZERO),
        }
    }
}

impl Tally {
    pub(crate) fn add(self, other: Tally) -> Tally {
        Tally {
            steps: self.steps.saturating_add(other.steps),
            secs: self.secs + other.secs,
        }
    }

    fn times(self, n: u64) -> Tally {
        Tally {
            steps: self.steps.saturating_mul(n),
            secs: self.secs * n as f64,
        }
    }
}

pub(crate) fn items_size(items: &[Item], track: &Track) -> Tally {
    items
        .iter()
        .map(|item| item_size(item, track))
        .fold(Tally::default(), Tally::add)
}

pub(crate) fn item_size(item: &Item, track: &Track) -> Tally {
    match item {
        Item::Step(step) => Tally {
            steps: 1,
            secs: step_secs(step),
        },
        Item::Repeat(repeat) => repeat_size(repeat, track),
    }
}

fn step_secs(step: &Step) -> f64 {
    match step {
        Step::Move(step) => longest_secs(step),
        Step::Mobility(step) => step.time.map_or(0.0, Duration::secs),
        Step::Strength(_) => 0.0,
    }
}

/// A timed move's time at the longest waypoint of its ramp.
fn longest_secs(step: &Move) -> f64 {
    match &step.length {
        crate::model::Length::Time { ramp, .. } => ramp
            .waypoints()
            .iter()
            .map(|t| t.secs())
            .fold(0.0, f64::max),
        _ => move_secs(step).unwrap_or(0.0),
    }
}

fn repeat_size(repeat: &Repeat, track: &Track) -> Tally {
    // As flattening does: an empty block or a count of 0 expands to nothing, and an `until`
    // block whose iteration length is unknown is expanded once.
    let iterations = match &repeat.count {
        Count::Times(ramp) => ramp.waypoints().iter().copied().max().unwrap_or(0),
        Count::Until(cover) => until_iterations(repeat, *cover, track).unwrap_or(1),
    };
    if iterations == 0 || repeat.body.is_empty() {
        return Tally::default();
    }
    let n = u64::from(iterations);
    let body = items_size(&repeat.body, track).times(n);
    let between = match &repeat.between {
        Some(step) => Tally {
            steps: 1,
            secs: longest_secs(step),
        }
        .times(n - 1),
        None => Tally::default(),
    };
    let mut size = body.add(between);
    if let Count::Until(Cover::Time(time)) = repeat.count {
        // An `until 20min` block takes its 20 minutes whatever its steps say.
        size.secs = size.secs.max(time.secs());
    }
    size
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text;

    fn size(source: &str) -> Size {
        text::parse(source).workout().size()
    }

    #[test]
    fn counts_multiply_through_the_nesting_without_expanding() {
        // 1000^3 steps of body: far too many to expand, quick to count.
        let s = size("1000 x {\n1000 x {\n1000 x {\nrun 1m\n}\n}\n}\n");
        assert_eq!(s.steps, 1_000_000_000);
        // 8 reps and the 7 recoveries between them, then a cool-down.
        let s = size("8 x 400m @ goal, recovery 2min jog\ncool-down 10min easy\n");
        assert_eq!(s.steps, 16);
        assert_eq!(s.known_time.secs(), 7.0 * 120.0 + 600.0);
    }

    #[test]
    fn a_ramped_count_counts_at_its_largest_waypoint() {
        assert_eq!(size("6->10 x 400m, recovery 1min\n").steps, 19);
        assert_eq!(
            size("6->10 x 400m, recovery 2min->30s\n").known_time.secs(),
            9.0 * 120.0
        );
    }

    #[test]
    fn an_until_block_counts_the_iterations_flattening_runs() {
        // Eight half-laps of bend and straight make the mile.
        let s = size("until 1mi {\njog bend\nrun straight\n}\n");
        assert_eq!(s.steps, 16);
        assert_eq!(
            size("until 20min {\nrun 400m\n}\n").known_time.secs(),
            1200.0
        );
    }

    #[test]
    fn the_budget_holds_at_its_limits() {
        let at = |steps, secs| Size {
            steps,
            known_time: Duration::from_secs(secs).unwrap(),
        };
        assert_eq!(at(MAX_STEPS, 0.0).check(), Ok(()));
        assert_eq!(
            at(MAX_STEPS + 1, 0.0).check(),
            Err(TooLarge::Steps {
                steps: MAX_STEPS + 1
            })
        );
        assert_eq!(at(1, 6.0 * 3600.0).check(), Ok(()));
        assert!(matches!(
            at(1, 6.0 * 3600.0 + 1.0).check(),
            Err(TooLarge::Duration { .. })
        ));
    }
}
