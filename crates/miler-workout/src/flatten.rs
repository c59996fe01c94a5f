//! Flattening: repeats expanded into the concrete sequence of steps a runner goes through.
//!
//! Exports (a watch workout, a splits card) and compliance checks (was the session run as
//! prescribed?) walk a session step by step, so they want "rep 3 of 8, then its recovery", not
//! a tree. [`Workout::flatten`] is a lazy iterator over that sequence: it keeps a stack of the
//! blocks it is inside, so memory stays proportional to nesting depth however many reps there
//! are, and each [`FlatStep`] carries its position in every enclosing repeat.
//!
//! Rules, in the order runners expect them:
//! - The step between iterations of a repeat (its recovery or rest) comes after every
//!   iteration but the last: "3 x 800 m, 2 min recovery" is rep, jog, rep, jog, rep.
//! - A ramped number reads as its first waypoint; call [`Workout::at_step`] first to flatten a
//!   particular session of the cycle.
//! - `until <distance> { ... }` runs as many whole iterations as bring the distance covered
//!   closest to the goal (at least one). Each iteration's distance is the sum of its steps'
//!   distances plus the step between iterations. Steps on a part of the track ("jog bend")
//!   count the part's length on the [`Track`] given (the standard 400 m track by default: bends
//!   of 115.61 m and straights of 84.39 m in lane 1), so "until 1mi { jog bend; run straight }"
//!   is 8 iterations of 200 m: four laps of bend, straight, bend, straight. The mile's extra
//!   9.344 m beyond four laps is closer to four laps than to a fifth half-lap, which is how the
//!   workout is run on a track. `until <time>` works the same way with step times.
//! - If an iteration's distance (or time) isn't known — a step by time inside `until 1mi`, or
//!   an open step — the block is flattened once and its [`RepPosition::count`] is `None`: the
//!   runner repeats it until the goal is covered and an export should say so.
//!
//! A workout that would expand past the budget ([`MAX_STEPS`](crate::budget::MAX_STEPS) steps,
//! however the tree was built) is refused before the first step, so walking one can't exhaust
//! memory or time.

use miler_core::Distance;

use crate::budget::TooLarge;
use crate::model::{
    Count, Cover, Item, Length, Mobility, Move, Repeat, Step, Strength, TrackPart, Venue, Workout,
};

/// The geometry of a track, for steps run on part of a lap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Track {
    pub lap: Distance,
    pub bend: Distance,
    pub straight: Distance,
}

impl Track {
    /// The standard 400 m outdoor track, measured in lane 1: two bends of 115.61 m (radius
    /// 36.5 m plus the 0.30 m measuring line) and two straights of 84.39 m.
    pub const OUTDOOR_400: Track = Track {
        lap: Distance::TRACK_400,
        bend: Distance::metres_const(115.61),
        straight: Distance::metres_const(84.39),
    };

    pub fn part(&self, part: TrackPart) -> Distance {
        match part {
            TrackPart::Bend => self.bend,
            TrackPart::Straight => self.straight,
        }
    }
}

/// A step as it sits in the workout, whichever family it belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StepRef<'a> {
    Move(&'a Move),
    Strength(&'a Strength),
    Mobility(&'a Mobility),
}

impl<'a> From<&'a Step> for StepRef<'a> {
    fn from(step: &'a Step) -> StepRef<'a> {
        match step {
            Step::Move(step) => StepRef::Move(step),
            Step::Strength(step) => StepRef::Strength(step),
            Step::Mobility(step) => StepRef::Mobility(step),
        }
    }
}

/// Whether a flattened step is part of a block's body or the step between two iterations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Body,
    Between,
}

/// Where a step sits in one enclosing repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RepPosition {
    /// 1-based: the first rep is rep 1. For a step between iterations, the iteration it
    /// follows.
    pub iteration: u32,
    /// How many iterations the repeat has; `None` for an `until` block whose iteration length
    /// is unknown.
    pub count: Option<u32>,
}

/// One step of the flattened sequence.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatStep<'a> {
    pub step: StepRef<'a>,
    pub role: Role,
    /// Position in each enclosing repeat, outermost first; empty for a step outside repeats.
    pub reps: Vec<RepPosition>,
    /// The distance the step covers when it is known from the workout alone: its length, or
    /// the length of its part of the track.
    pub nominal_distance: Option<Distance>,
}

impl Workout {
    /// The concrete sequence of steps on the standard 400 m track; see the module docs.
    pub fn flatten(&self) -> Result<Flatten<'_>, TooLarge> {
        self.flatten_on(Track::OUTDOOR_400)
    }

    /// Whether any move in the workout, in any block, satisfies `test`: a walk over the tree,
    /// which needs no expansion.
    pub fn any_move(&self, mut test: impl FnMut(&Move) -> bool) -> bool {
        fn walk(items: &[Item], test: &mut dyn FnMut(&Move) -> bool) -> bool {
            items.iter().any(|item| match item {
                Item::Step(Step::Move(step)) => test(step),
                Item::Step(_) => false,
                Item::Repeat(repeat) => {
                    walk(&repeat.body, test) || repeat.between.as_ref().is_some_and(&mut *test)
                }
            })
        }
        walk(&self.items, &mut test)
    }

    /// The concrete sequence of steps on a given track, or why the workout is too large to
    /// expand ([`Workout::size_on`] past the budget).
    pub fn flatten_on(&self, track: Track) -> Result<Flatten<'_>, TooLarge> {
        self.size_on(track).check()?;
        Ok(Flatten {
            track,
            stack: vec![Frame {
                items: &self.items,
                next: 0,
                repeat: None,
            }],
        })
    }
}

/// The iterator returned by [`Workout::flatten`].
#[derive(Debug, Clone)]
pub struct Flatten<'a> {
    track: Track,
    stack: Vec<Frame<'a>>,
}

#[derive(Debug, Clone)]
struct Frame<'a> {
    items: &'a [Item],
    next: usize,
    repeat: Option<(&'a Repeat, RepPosition)>,
}

impl<'a> Flatten<'a> {
    fn positions(&self) -> Vec<RepPosition> {
        self.stack
            .iter()
            .filter_map(|frame| frame.repeat.map(|(_, position)| position))
            .collect()
    }

    fn emit(&self, step: StepRef<'a>, role: Role, reps: Vec<RepPosition>) -> FlatStep<'a> {
        let nominal_distance = match step {
            StepRef::Move(step) => move_distance(step, &self.track),
            _ => None,
        };
        FlatStep {
            step,
            role,
            reps,
            nominal_distance,
        }
    }

    fn iterations(&self, repeat: &Repeat) -> Option<u32> {
        match &repeat.count {
            Count::Times(ramp) => Some(ramp.first()),
            Count::Until(cover) => until_iterations(repeat, *cover, &self.track),
        }
    }
}

impl<'a> Iterator for Flatten<'a> {
    type Item = FlatStep<'a>;

    fn next(&mut self) -> Option<FlatStep<'a>> {
        loop {
            let frame = self.stack.last_mut()?;
            let items: &'a [Item] = frame.items;
            if frame.next < items.len() {
                let item = &items[frame.next];
                frame.next += 1;
                match item {
                    Item::Step(step) => {
                        let reps = self.positions();
                        return Some(self.emit(StepRef::from(step), Role::Body, reps));
                    }
                    Item::Repeat(repeat) => {
                        let count = self.iterations(repeat);
                        if count == Some(0) || repeat.body.is_empty() {
                            continue;
                        }
                        self.stack.push(Frame {
                            items: &repeat.body,
                            next: 0,
                            repeat: Some((
                                repeat,
                                RepPosition {
                                    iteration: 1,
                                    count,
                                },
                            )),
                        });
                    }
                }
                continue;
            }
            let Some((repeat, position)) = frame.repeat else {
                self.stack.pop();
                continue;
            };
            let more = position
                .count
                .is_some_and(|count| position.iteration < count);
            if !more {
                self.stack.pop();
                continue;
            }
            // The step between iterations is tagged with the iteration it follows, so read the
            // positions before moving on to the next iteration.
            let finished = self.positions();
            let frame = self.stack.last_mut().expect("the frame just inspected");
            frame.next = 0;
            if let Some((_, position)) = &mut frame.repeat {
                position.iteration += 1;
            }
            if let Some(between) = &repeat.between {
                return Some(self.emit(StepRef::Move(between), Role::Between, finished));
            }
        }
    }
}

/// The distance a move covers, when the workout alone says.
fn move_distance(step: &Move, track: &Track) -> Option<Distance> {
    match (&step.length, step.venue) {
        (Length::Distance { ramp, .. }, _) => Some(ramp.first()),
        (Length::Open, Venue::Track(Some(part))) => Some(track.part(part)),
        _ => None,
    }
}

/// The time a move takes, when the workout alone says.
pub(crate) fn move_secs(step: &Move) -> Option<f64> {
    match &step.length {
        Length::Time { ramp, .. } => Some(ramp.first().secs()),
        _ => None,
    }
}

/// What an `until` block counts: metres (on a given track) or seconds.
#[derive(Clone, Copy)]
struct Measure<'t> {
    track: &'t Track,
    seconds: bool,
}

impl Measure<'_> {
    fn of_move(self, step: &Move) -> Option<f64> {
        if self.seconds {
            move_secs(step)
        } else {
            move_distance(step, self.track).map(Distance::metres)
        }
    }

    fn of_step(self, step: &Step) -> Option<f64> {
        match step {
            Step::Move(step) => self.of_move(step),
            // Strength and mobility work covers no ground; only a timed stretch has a time.
            _ if !self.seconds => Some(0.0),
            Step::Mobility(step) => step.time.map(|t| t.secs()),
            Step::Strength(_) => None,
        }
    }

    fn of_items(self, items: &[Item]) -> Option<f64> {
        items.iter().try_fold(0.0, |sum, item| {
            let amount = match item {
                Item::Step(step) => self.of_step(step)?,
                Item::Repeat(repeat) => self.of_repeat(repeat)?,
            };
            Some(sum + amount)
        })
    }

    fn of_repeat(self, repeat: &Repeat) -> Option<f64> {
        let count = match &repeat.count {
            Count::Times(ramp) => ramp.first(),
            Count::Until(cover) => until_iterations(repeat, *cover, self.track)?,
        };
        if count == 0 {
            return Some(0.0);
        }
        let body = self.of_items(&repeat.body)?;
        let between = match &repeat.between {
            Some(step) => self.of_move(step)?,
            None => 0.0,
        };
        Some(f64::from(count) * body + f64::from(count - 1) * between)
    }
}

pub(crate) fn until_iterations(repeat: &Repeat, cover: Cover, track: &Track) -> Option<u32> {
    let (goal, seconds) = match cover {
        Cover::Distance(distance) => (distance.metres(), false),
        Cover::Time(time) => (time.secs(), true),
    };
    let measure = Measure { track, seconds };
    let body = measure.of_items(&repeat.body)?;
    let between = match &repeat.between {
        Some(step) => measure.of_move(step)?,
        None => 0.0,
    };
    // n iterations cover n * body + (n - 1) * between; pick the n that lands nearest the goal.
    let per = body + between;
    if per <= 0.0 || !per.is_finite() {
        return None;
    }
    let n = ((goal + between) / per).round().max(1.0);
    (n <= f64::from(u32::MAX)).then_some(n as u32)
}
