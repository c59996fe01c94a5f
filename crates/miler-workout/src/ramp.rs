//! Progression across a training cycle as data: [`Ramp`] and [`Workout::at_step`].
//!
//! Mile training builds: "6-10 reps, 2 min recovery shrinking to 30 s", "6 x 4 min, then
//! 3 x 10 min, then 2 x 15 min". Rather than a separate rule that points into a workout (and
//! breaks when the workout is edited), each number that changes is itself a ramp through a list
//! of waypoints, written `6->10` or `4min->10min->15min`. A plan with `n` sessions of a workout
//! asks for session `k` (0-based); the waypoints are spread evenly over the `n` steps, the first
//! at step 0 and the last at step `n - 1`, and values between two waypoints are interpolated and
//! rounded to what a runner would be told (whole reps, whole 5 s, whole 10 m). Waypoints
//! themselves are returned exactly, so step 0 of `2min->30s` is 2:00 and the last step is 0:30.

use std::fmt;

use miler_core::{Distance, Duration};

use crate::model::{Count, Item, Length, Move, Repeat, Step, Workout};

/// A value that may change across the cycle: one waypoint for a fixed value, two or more for
/// a progression. Never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Ramp<T> {
    waypoints: Vec<T>,
}

impl<T: Copy> Ramp<T> {
    /// A value that stays the same.
    pub fn fixed(value: T) -> Ramp<T> {
        Ramp {
            waypoints: vec![value],
        }
    }

    /// A progression through `waypoints`; `None` if there are none.
    pub fn through(waypoints: Vec<T>) -> Option<Ramp<T>> {
        (!waypoints.is_empty()).then_some(Ramp { waypoints })
    }

    pub fn waypoints(&self) -> &[T] {
        &self.waypoints
    }

    /// The value at the start of the cycle; what a workout means before it is instantiated.
    pub fn first(&self) -> T {
        self.waypoints[0]
    }

    pub fn last(&self) -> T {
        self.waypoints[self.waypoints.len() - 1]
    }

    pub fn is_fixed(&self) -> bool {
        self.waypoints.len() == 1
    }

    /// Applies `f` to every waypoint.
    pub fn map<U: Copy>(&self, f: impl FnMut(&T) -> U) -> Ramp<U> {
        Ramp {
            waypoints: self.waypoints.iter().map(f).collect(),
        }
    }
}

impl<T: Interpolate> Ramp<T> {
    /// The value at step `k` of `n` (0-based).
    pub fn at(&self, k: u32, n: u32) -> Result<T, ProgressionError> {
        check_step(k, n)?;
        let segments = (self.waypoints.len() - 1) as u64;
        if segments == 0 || n == 1 {
            return Ok(self.first());
        }
        // Work in integers so that steps landing on a waypoint return it exactly.
        let numerator = u64::from(k) * segments;
        let denominator = u64::from(n - 1);
        let index = (numerator / denominator) as usize;
        let remainder = numerator % denominator;
        if remainder == 0 {
            return Ok(self.waypoints[index]);
        }
        let fraction = remainder as f64 / denominator as f64;
        Ok(T::between(
            self.waypoints[index],
            self.waypoints[index + 1],
            fraction,
        ))
    }
}

fn check_step(k: u32, n: u32) -> Result<(), ProgressionError> {
    if n == 0 {
        return Err(ProgressionError::NoSteps);
    }
    if k >= n {
        return Err(ProgressionError::StepOutOfRange { step: k, steps: n });
    }
    Ok(())
}

/// Values a [`Ramp`] can interpolate between two waypoints.
pub trait Interpolate: Copy {
    /// The value a `fraction` (0 < fraction < 1) of the way from `from` to `to`, rounded to
    /// what a runner would be told and never outside the two.
    fn between(from: Self, to: Self, fraction: f64) -> Self;
}

/// Linear interpolation rounded to a multiple of `unit` and kept between the end points.
fn lerp_rounded(from: f64, to: f64, fraction: f64, unit: f64) -> f64 {
    let raw = from + (to - from) * fraction;
    let rounded = (raw / unit).round() * unit;
    rounded.clamp(from.min(to), from.max(to))
}

impl Interpolate for u32 {
    fn between(from: u32, to: u32, fraction: f64) -> u32 {
        lerp_rounded(f64::from(from), f64::from(to), fraction, 1.0) as u32
    }
}

impl Interpolate for Duration {
    /// Whole 5 s when the waypoints are at least 30 s apart, whole seconds otherwise.
    fn between(from: Duration, to: Duration, fraction: f64) -> Duration {
        let (a, b) = (from.secs(), to.secs());
        let unit = if (b - a).abs() >= 30.0 { 5.0 } else { 1.0 };
        Duration::from_secs(lerp_rounded(a, b, fraction, unit)).unwrap_or(from)
    }
}

impl Interpolate for Distance {
    /// Whole 10 m when the waypoints are at least 100 m apart, whole metres otherwise.
    fn between(from: Distance, to: Distance, fraction: f64) -> Distance {
        let (a, b) = (from.metres(), to.metres());
        let unit = if (b - a).abs() >= 100.0 { 10.0 } else { 1.0 };
        Distance::from_metres(lerp_rounded(a, b, fraction, unit)).unwrap_or(from)
    }
}

/// Why a workout can't be instantiated at a progression step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressionError {
    /// A progression over zero sessions.
    NoSteps,
    /// Step `step` asked of a progression over `steps` sessions (steps count from 0).
    StepOutOfRange { step: u32, steps: u32 },
}

impl fmt::Display for ProgressionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgressionError::NoSteps => {
                f.write_str("a progression needs at least one session to spread over")
            }
            ProgressionError::StepOutOfRange { step, steps } => write!(
                f,
                "step {step} is past the end of a {steps}-session progression \
                 (steps count from 0 to {})",
                steps - 1
            ),
        }
    }
}

impl std::error::Error for ProgressionError {}

/// Which number of a workout a ramp sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RampField {
    /// How many times a repeat runs.
    RepeatCount,
    /// How long a step lasts.
    Length,
    /// How long the step between two iterations of a repeat lasts.
    Between,
}

/// The waypoints of one ramp, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum RampValues {
    Count(Vec<u32>),
    Distance(Vec<Distance>),
    Time(Vec<Duration>),
}

/// One progression found in a workout, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct RampInfo {
    pub field: RampField,
    pub values: RampValues,
}

impl fmt::Display for RampInfo {
    /// `reps 6 → 10`, `recovery 2min → 30s`, `length 4min → 10min → 15min`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.field {
            RampField::RepeatCount => "reps",
            RampField::Length => "length",
            RampField::Between => "recovery",
        };
        let values: Vec<String> = match &self.values {
            RampValues::Count(values) => values.iter().map(u32::to_string).collect(),
            RampValues::Distance(values) => values
                .iter()
                .map(|d| crate::text::format_distance(*d))
                .collect(),
            RampValues::Time(values) => values
                .iter()
                .map(|t| crate::text::format_time(*t))
                .collect(),
        };
        write!(f, "{label} {}", values.join(" → "))
    }
}

impl Workout {
    /// This workout as run at step `k` of an `n`-session progression (0-based): every ramp
    /// replaced by its value at that step.
    pub fn at_step(&self, k: u32, n: u32) -> Result<Workout, ProgressionError> {
        check_step(k, n)?;
        Ok(Workout {
            items: items_at(&self.items, k, n)?,
        })
    }

    /// Whether any number in the workout changes across the cycle.
    pub fn has_progression(&self) -> bool {
        !self.ramps().is_empty()
    }

    /// Every ramp in the workout, in reading order: the progression rule as data.
    pub fn ramps(&self) -> Vec<RampInfo> {
        let mut found = Vec::new();
        collect_ramps(&self.items, &mut found);
        found
    }
}

fn items_at(items: &[Item], k: u32, n: u32) -> Result<Vec<Item>, ProgressionError> {
    items
        .iter()
        .map(|item| {
            Ok(match item {
                Item::Step(Step::Move(step)) => Item::Step(Step::Move(move_at(step, k, n)?)),
                Item::Step(other) => Item::Step(other.clone()),
                Item::Repeat(repeat) => Item::Repeat(Repeat {
                    count: match &repeat.count {
                        Count::Times(ramp) => Count::Times(Ramp::fixed(ramp.at(k, n)?)),
                        until @ Count::Until(_) => until.clone(),
                    },
                    body: items_at(&repeat.body, k, n)?,
                    between: repeat
                        .between
                        .as_ref()
                        .map(|step| move_at(step, k, n))
                        .transpose()?,
                    each_faster: repeat.each_faster,
                }),
            })
        })
        .collect()
}

fn move_at(step: &Move, k: u32, n: u32) -> Result<Move, ProgressionError> {
    let length = match &step.length {
        Length::Open => Length::Open,
        Length::Distance { ramp, approx } => Length::Distance {
            ramp: Ramp::fixed(ramp.at(k, n)?),
            approx: *approx,
        },
        Length::Time { ramp, approx } => Length::Time {
            ramp: Ramp::fixed(ramp.at(k, n)?),
            approx: *approx,
        },
    };
    Ok(Move {
        length,
        ..step.clone()
    })
}

fn collect_ramps(items: &[Item], found: &mut Vec<RampInfo>) {
    for item in items {
        match item {
            Item::Step(Step::Move(step)) => length_ramp(&step.length, RampField::Length, found),
            Item::Step(_) => {}
            Item::Repeat(repeat) => {
                match &repeat.count {
                    Count::Times(ramp) if !ramp.is_fixed() => found.push(RampInfo {
                        field: RampField::RepeatCount,
                        values: RampValues::Count(ramp.waypoints().to_vec()),
                    }),
                    _ => {}
                }
                collect_ramps(&repeat.body, found);
                if let Some(between) = &repeat.between {
                    length_ramp(&between.length, RampField::Between, found);
                }
            }
        }
    }
}

fn length_ramp(length: &Length, field: RampField, found: &mut Vec<RampInfo>) {
    let values = match length {
        Length::Distance { ramp, .. } if !ramp.is_fixed() => {
            RampValues::Distance(ramp.waypoints().to_vec())
        }
        Length::Time { ramp, .. } if !ramp.is_fixed() => {
            RampValues::Time(ramp.waypoints().to_vec())
        }
        _ => return,
    };
    found.push(RampInfo { field, values });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs(s).unwrap()
    }

    #[test]
    fn waypoints_are_exact_and_spread_evenly() {
        let recovery = Ramp::through(vec![secs(120.0), secs(30.0)]).unwrap();
        let table = [
            (0, 4, 120.0),
            (1, 4, 90.0),
            (2, 4, 60.0),
            (3, 4, 30.0),
            (1, 5, 100.0), // 97.5 rounds to whole 5 s
            (3, 5, 55.0),  // 52.5 rounds to whole 5 s
            (0, 1, 120.0),
        ];
        for (k, n, expected) in table {
            assert_eq!(
                recovery.at(k, n).unwrap().secs(),
                expected,
                "step {k} of {n}"
            );
        }
        let reps = Ramp::through(vec![6u32, 3, 2]).unwrap();
        let at: Vec<u32> = (0..3).map(|k| reps.at(k, 3).unwrap()).collect();
        assert_eq!(at, [6, 3, 2]);
        let at: Vec<u32> = (0..5).map(|k| reps.at(k, 5).unwrap()).collect();
        assert_eq!(at, [6, 5, 3, 3, 2]);
    }

    #[test]
    fn steps_out_of_range_are_errors() {
        let ramp = Ramp::fixed(3u32);
        assert_eq!(ramp.at(0, 0), Err(ProgressionError::NoSteps));
        assert_eq!(
            ramp.at(4, 4),
            Err(ProgressionError::StepOutOfRange { step: 4, steps: 4 })
        );
        assert_eq!(ramp.at(3, 4), Ok(3));
    }

    #[test]
    fn interpolated_values_stay_between_waypoints() {
        let short = Ramp::through(vec![secs(1.0), secs(3.0)]).unwrap();
        assert_eq!(short.at(1, 3).unwrap().secs(), 2.0);
        let distance = Ramp::through(vec![
            Distance::from_metres(402.336).unwrap(),
            Distance::from_metres(804.672).unwrap(),
        ])
        .unwrap();
        assert_eq!(distance.at(1, 3).unwrap().metres(), 600.0);
        assert_eq!(distance.at(2, 3).unwrap().metres(), 804.672);
    }
}
