//! The workout model: what a session is made of, as plain data.
//!
//! A [`Workout`] is a list of [`Item`]s; an item is a [`Step`] or a [`Repeat`] whose body is
//! again a list of items, so sets of reps nest as deep as a coach likes. Steps come in three
//! families because they are measured differently: a [`Move`] covers ground or time (warm-up,
//! rep, jog, walk, standing rest, strides, drills, time trial), a [`Strength`] exercise counts
//! sets and reps, and a [`Mobility`] step holds a stretch or rolls a muscle.
//!
//! Targets say what the runner aims for without knowing who the runner is: an absolute pace, a
//! pace relative to a named reference ("goal − 2 s per 400 m"), a band or one-sided bound, or an
//! effort ("80 % effort", "comfortably hard"). Keeping references symbolic is what lets one
//! catalog serve every athlete; a resolver maps each [`PaceRef`] to a [`Pace`] later.
//!
//! Numbers that change across a training cycle are [`Ramp`]s rather than fixed values, so the
//! progression ("recovery 2:00 shrinking to 0:30") is part of the workout, not a comment.
//!
//! The types carry no parsing or printing logic; the text language lives in [`crate::text`].
//! Strings inside the model (exercise names, notes) are expected to be what the language can
//! write: see [`Strength::exercise`] and [`Move::note`].

use miler_core::{Distance, Duration, Pace};

use crate::ramp::Ramp;

/// A whole session: the items in the order they are run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Workout {
    pub items: Vec<Item>,
}

impl Workout {
    pub fn new(items: Vec<Item>) -> Workout {
        Workout { items }
    }
}

/// One line of a workout, or a repeated block of lines.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Step(Step),
    Repeat(Repeat),
}

/// A block run several times: "8 x 400 m", "3 x { ... } rest 3 min", "until a mile is covered".
#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    pub count: Count,
    /// What one iteration consists of; never empty in a parsed workout.
    pub body: Vec<Item>,
    /// The step between two iterations (recovery between reps, rest between sets). It is not
    /// run after the last iteration, which is what runners mean by "8 x 400 m, 2 min recovery".
    pub between: Option<Move>,
    /// "Each rep faster than the last": a descending series, as in 800 m repeats.
    pub each_faster: bool,
}

/// How many times a [`Repeat`] runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Count {
    /// A number of iterations, possibly ramping across the cycle (`6->10 x`).
    Times(Ramp<u32>),
    /// As many iterations as it takes to cover a distance or a time (`until 1mi { ... }`).
    Until(Cover),
}

/// The goal of an `until` block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cover {
    Distance(Distance),
    Time(Duration),
}

/// A single instruction.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Move(Move),
    Strength(Strength),
    Mobility(Mobility),
}

/// Running, walking or standing still for a distance, a time or until the lap button.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub kind: MoveKind,
    pub length: Length,
    pub target: Option<Target>,
    pub direction: Direction,
    pub slope: Slope,
    pub venue: Venue,
    /// Free text for the runner ("start facing away from the line"). It never holds a number
    /// the software must act on, and it contains no `"` or line break.
    pub note: Option<String>,
}

impl Move {
    /// A forward move on flat ground anywhere, with no target or note.
    pub fn new(kind: MoveKind, length: Length) -> Move {
        Move {
            kind,
            length,
            target: None,
            direction: Direction::Forward,
            slope: Slope::Flat,
            venue: Venue::Anywhere,
            note: None,
        }
    }

    pub fn with_target(mut self, target: Target) -> Move {
        self.target = Some(target);
        self
    }

    /// What a watch or app shows for the step: `Warm up`, `Run`, `Recovery jog`, and
    /// `Backward` for any backward step, which is the thing the runner must not miss.
    pub fn cue(&self) -> &'static str {
        match (self.kind, self.direction) {
            (_, Direction::Backward) => "Backward",
            (MoveKind::WarmUp, _) => "Warm up",
            (MoveKind::CoolDown, _) => "Cool down",
            (MoveKind::Jog, _) => "Recovery jog",
            (MoveKind::Walk, _) => "Walk",
            (MoveKind::Rest, _) => "Rest",
            (MoveKind::Stride, _) => "Stride",
            (MoveKind::Drills, _) => "Drills",
            (MoveKind::TimeTrial, _) => "Time trial",
            (MoveKind::Run, _) => "Run",
        }
    }
}

/// What kind of moving a step is; it decides the intensity an export gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoveKind {
    WarmUp,
    /// A rep or any running that is the work of the session (easy runs included).
    Run,
    /// A recovery jog.
    Jog,
    Walk,
    /// Standing rest.
    Rest,
    CoolDown,
    Stride,
    Drills,
    /// An all-out effort whose time is recorded as a result.
    TimeTrial,
}

/// How long a [`Move`] lasts.
#[derive(Debug, Clone, PartialEq)]
pub enum Length {
    /// Until the runner presses the lap button ("jog back down the hill").
    Open,
    /// A distance; `approx` marks "about" (`~100m` up a hill).
    Distance { ramp: Ramp<Distance>, approx: bool },
    /// A time; `approx` marks "about".
    Time { ramp: Ramp<Duration>, approx: bool },
}

impl Length {
    pub fn distance(distance: Distance) -> Length {
        Length::Distance {
            ramp: Ramp::fixed(distance),
            approx: false,
        }
    }

    pub fn time(time: Duration) -> Length {
        Length::Time {
            ramp: Ramp::fixed(time),
            approx: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    #[default]
    Forward,
    /// Running backward: start facing away from the line and glance over the shoulder.
    Backward,
}

/// Which way the ground goes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Slope {
    #[default]
    Flat,
    Uphill(Grade),
    Downhill(Grade),
}

/// How steep a hill is, as precisely as the session says.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Grade {
    /// Any hill; the session doesn't say.
    #[default]
    Any,
    Gentle,
    Steep,
    /// A grade in percent (a treadmill's incline), above 0 and at most 100.
    Percent(f64),
}

/// Where a step is run, when the session cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Venue {
    #[default]
    Anywhere,
    /// On a track; with a part, only that part of the lap ("jog the bends").
    Track(Option<TrackPart>),
    Treadmill,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrackPart {
    Bend,
    Straight,
}

/// What the runner aims for during a step.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Pace(PaceTarget),
    Effort(Effort),
}

/// A pace aim: one pace, a band, or a one-sided bound.
#[derive(Debug, Clone, PartialEq)]
pub enum PaceTarget {
    /// `@ goal`, `@ 4:00/km`.
    At(PaceExpr),
    /// `@ mile+40s/mi..mile+50s/mi`: anywhere between the two, in the order written.
    Band(PaceExpr, PaceExpr),
    /// `@ faster than goal` (`inclusive: false`) or `@ goal or faster` (`inclusive: true`).
    Faster { than: PaceExpr, inclusive: bool },
    /// `@ slower than goal` or `@ goal or slower`.
    Slower { than: PaceExpr, inclusive: bool },
}

/// A pace, written absolutely or relative to a reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PaceExpr {
    Absolute(AbsolutePace),
    Relative(RelativePace),
}

/// A pace as runners write it: a time per distance (`90s/400m`, `4:00/km`). The distance is
/// kept as written so a splits card can say "90 s per lap" rather than "3:45/km".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AbsolutePace {
    pub time: Duration,
    pub per: Distance,
}

impl AbsolutePace {
    /// The pace as a unit value; `None` if the time or distance is zero.
    pub fn pace(self) -> Option<Pace> {
        Pace::of(self.per, self.time)
    }
}

/// A pace named by a reference and moved by an optional offset: `goal-2s/400m`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RelativePace {
    pub reference: PaceRef,
    pub offset: Option<PaceOffset>,
}

impl RelativePace {
    pub fn of(reference: PaceRef) -> RelativePace {
        RelativePace {
            reference,
            offset: None,
        }
    }

    /// The concrete pace, given the pace the reference stands for for this athlete.
    pub fn apply(self, reference_pace: Pace) -> Option<Pace> {
        match self.offset {
            Some(offset) => offset.apply(reference_pace),
            None => Some(reference_pace),
        }
    }
}

/// The paces a relative target can name. A resolver maps each to a [`Pace`] for one athlete.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PaceRef {
    /// The athlete's goal mile pace (`goal`).
    Goal,
    /// The athlete's current race pace at a distance: `mile` (current mile), `400m`, `5k`.
    Race(Distance),
    /// A Daniels training pace (`E`, `M`, `T`, `I`, `R`).
    Daniels(Zone),
}

impl PaceRef {
    /// The current mile race pace (`mile`).
    pub const CURRENT_MILE: PaceRef = PaceRef::Race(Distance::MILE);
}

/// Daniels' training intensities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// Easy.
    E,
    /// Marathon.
    M,
    /// Threshold.
    T,
    /// Interval.
    I,
    /// Repetition.
    R,
}

/// "2 s per 400 m faster", "45 s per mile slower".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaceOffset {
    pub sign: Sign,
    pub time: Duration,
    pub per: Distance,
}

impl PaceOffset {
    /// `pace` moved by this offset; `None` if the result would not be a positive pace.
    pub fn apply(self, pace: Pace) -> Option<Pace> {
        let seconds = match self.sign {
            Sign::Slower => self.time.secs(),
            Sign::Faster => -self.time.secs(),
        };
        pace.shifted(seconds, self.per)
    }
}

/// `+` is slower (more time per distance), `-` is faster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sign {
    Slower,
    Faster,
}

/// An effort aim, for steps where pace means little (hills, tempo by feel).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effort {
    /// Percent of maximal effort, 1 to 100 (`80% effort`).
    Percent(u8),
    /// Rating of perceived exertion, 0 to 10 (`rpe 7`).
    Rpe(u8),
    Feel(Feel),
    /// The effort of a race pace, used where the pace itself is meaningless, as uphill
    /// ("race-pace effort" is `@ mile effort`).
    Race(PaceRef),
}

/// Efforts runners describe in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feel {
    /// Conversational.
    Easy,
    Moderate,
    Steady,
    ComfortablyHard,
    Hard,
    /// Quick turnover, relaxed and in control (strides).
    Fast,
    Sprint,
    AllOut,
}

/// A strength exercise: `squats 3x12`, `single-leg deadlifts 3x8 each side @ moderate`.
#[derive(Debug, Clone, PartialEq)]
pub struct Strength {
    /// One or more words of letters, digits after the first letter, `-` and `'`. The words
    /// `hold`, `each`, `until` and `recovery` and the kinds of move (`run`, `jog`, `rest`, ...)
    /// are kept for the language, and the name can't start with `stretch` or `foam`.
    pub exercise: String,
    pub sets: u32,
    pub dose: Dose,
    pub each_side: bool,
    pub load: Option<Load>,
    /// Rest between sets.
    pub rest: Option<Duration>,
    pub note: Option<String>,
}

/// What one set consists of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dose {
    Reps(u32),
    /// A hold or timed set (`plank 3x30s`).
    Time(Duration),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Load {
    Bodyweight,
    Band,
    Light,
    Moderate,
    Heavy,
    /// An external load in kilograms.
    Kg(f64),
}

/// A stretch held or a muscle rolled: `hamstrings hold 30s`, `foam-roll calves 1min`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mobility {
    pub kind: MobilityKind,
    /// The muscle or area, in the same word form as [`Strength::exercise`], without the words
    /// `hold`, `each`, `until`, `stretch`, `foam` and `foam-roll`.
    pub area: Option<String>,
    /// For a stretch of an area, the hold time; otherwise the total time. `None` when the
    /// session leaves it to the runner.
    pub time: Option<Duration>,
    pub each_side: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MobilityKind {
    Stretch,
    FoamRoll,
}
