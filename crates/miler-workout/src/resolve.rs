//! Resolution: one workout made exact for one athlete.
//!
//! The model keeps targets symbolic (`goal`, `5k`, `T`, `80% effort`); [`resolve`] turns each
//! into numbers from an [`AthletePaces`]: pace bands, rep times, lap splits on 400 m and 200 m
//! tracks, treadmill speeds. It also estimates what the model leaves open — the distance of a
//! timed jog, the time of a distance rep — so a session has a total distance, a total time, a
//! training load and an energy cost.
//!
//! How references become paces:
//!
//! | reference | pace | when the athlete has no such figure |
//! |---|---|---|
//! | `goal` | the goal mile by the articles' four-laps rule: goal / 1600 m (a 6:00 goal is 90 s per 400 m) | the predicted current mile, by the same rule |
//! | `mile`, `400m`, `5k` (race pace at a distance) | the current race time predicted from the athlete's results | predicted from the goal mile |
//! | `E` `M` `T` `I` `R` | Daniels' paces from the best VDOT of the results (from 400 m and 800 m results alone, the VDOT of the mile they predict) | from the goal mile's VDOT |
//!
//! Each fallback is stated in [`Resolved::basis`], so a splits card never passes off a guess
//! as a measurement.
//!
//! Estimates, stated once here:
//! - A step without a pace target runs at the middle of the athlete's E band (warm-up, jog,
//!   cool-down, easy running; never slower than a walk), a walk at 1.4 m/s, a standing rest
//!   covers nothing. A stride or a step at a percent effort runs at mile pace; uphill it
//!   covers less ground in proportion to Minetti's cost of the grade.
//! - An open step (the lap button: "jog back down") is estimated at 90 s, or at the time of the
//!   step before it when that was uphill (jogging down takes about as long as running up).
//! - Load is session-RPE (Foster): minutes × the step's rating of perceived exertion, summed.
//! - Energy is Minetti's net cost of running on the step's grade (steep 10 %, gentle 4 %, an
//!   unspecified hill 6 %), times 1.35 backward (Wright & Weyand 2001), per kg of body mass.

use miler_core::agegrade::Sex;
use miler_core::energy::{Grade as EnergyGrade, minetti_cost_j_kg_m};
use miler_core::paces::TrainingPaces;
use miler_core::predict::{self, Model, Request};
use miler_core::{Distance, Duration, Pace, Performance, Vdot};

use crate::flatten::{RepPosition, Role, StepRef};
use crate::model::{
    Direction, Dose, Effort, Feel, Grade, Length, Mobility, MobilityKind, Move, MoveKind, PaceExpr,
    PaceRef, PaceTarget, Slope, Strength, Target, Venue, Workout, Zone,
};

/// The articles' mile: four laps of a 400 m track.
const ARTICLE_MILE_M: f64 = 1600.0;
const WALK_M_PER_S: f64 = 1.4;
const OPEN_STEP_S: f64 = 90.0;

/// What the resolver knows about one athlete's running.
#[derive(Debug, Clone, PartialEq)]
pub struct AthletePaces {
    goal_mile: Option<Duration>,
    results: Vec<Performance>,
    sex: Sex,
}

/// Why a workout could not be made exact for an athlete.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolveError {
    #[error(
        "no paces to work from: give a goal mile (such as --goal-mile 6:00) or a recent result (such as --from 5k=24:00)"
    )]
    NoPaces,
    #[error("{0}")]
    Prediction(String),
    #[error("the target `{0}` gives no positive pace for this athlete; use a smaller offset")]
    BadOffset(String),
    #[error(transparent)]
    TooLarge(#[from] crate::budget::TooLarge),
}

impl AthletePaces {
    /// An athlete known by a goal mile only.
    pub fn from_goal(goal_mile: Duration) -> AthletePaces {
        AthletePaces {
            goal_mile: Some(goal_mile),
            results: Vec::new(),
            sex: Sex::Male,
        }
    }

    /// An athlete known by recent results, and possibly a goal. Results are checked for
    /// plausibility as `miler predict` checks them.
    pub fn from_results(
        results: &[Performance],
        goal_mile: Option<Duration>,
        sex: Sex,
    ) -> Result<AthletePaces, ResolveError> {
        for &r in results {
            predict::check_plausible(r).map_err(|e| ResolveError::Prediction(e.to_string()))?;
        }
        if results.is_empty() && goal_mile.is_none() {
            return Err(ResolveError::NoPaces);
        }
        Ok(AthletePaces {
            goal_mile,
            results: results.to_vec(),
            sex,
        })
    }

    /// The results predictions start from: the athlete's, or the goal mile as if run.
    fn basis_results(&self) -> Vec<Performance> {
        if !self.results.is_empty() {
            return self.results.clone();
        }
        self.goal_mile
            .and_then(|g| Performance::new(Distance::MILE, g))
            .into_iter()
            .collect()
    }

    /// The current race time at `distance`: the first valid prediction among the models in
    /// order of how well they fit mile work (VDOT, Purdy, Cameron, Horwill, critical speed,
    /// Riegel; from results all shorter than 1500 m, Horwill's rule first, see
    /// [`AthletePaces::models`]). A result at that very distance is used as it is.
    pub fn race_time(&self, distance: Distance) -> Option<Duration> {
        self.race_time_by(distance).map(|(time, _)| time)
    }

    /// [`AthletePaces::race_time`] with the model that gave it (`None` for a result at that
    /// very distance).
    pub fn race_time_by(&self, distance: Distance) -> Option<(Duration, Option<Model>)> {
        let results = self.basis_results();
        if let Some(r) = results
            .iter()
            .find(|r| (r.distance().metres() - distance.metres()).abs() < 0.5)
        {
            return Some((r.time(), None));
        }
        let models = self.models();
        let forecast = predict::predict(&Request {
            results: &results,
            targets: &[distance],
            models: &models,
            sex: self.sex,
        })
        .ok()?;
        forecast
            .predictions
            .iter()
            .find_map(|p| p.time().map(|t| (t, Some(p.model))))
    }

    /// The prediction models in the order they are tried. VDOT leads whenever a result is
    /// 1500 m or longer. From 400 m or 800 m results alone Horwill's rule comes first: it is
    /// the coaches' rule for that very step (4 s per 400 m slower for each doubling of the
    /// distance, 5 s for women), where Purdy's tables, the next valid model, put a 2:18 800 m
    /// runner at a 5:24 mile, what a 2:33 800 m implies by Horwill.
    pub fn models(&self) -> [Model; 6] {
        if self.has_aerobic_result() {
            [
                Model::Vdot,
                Model::Purdy,
                Model::Cameron,
                Model::Horwill,
                Model::CriticalSpeed,
                Model::Riegel,
            ]
        } else {
            [
                Model::Horwill,
                Model::Vdot,
                Model::Purdy,
                Model::Cameron,
                Model::CriticalSpeed,
                Model::Riegel,
            ]
        }
    }

    /// Whether a result is long enough for a VDOT of its own (1500 m or more, 3.5 min or more).
    fn has_aerobic_result(&self) -> bool {
        self.basis_results()
            .iter()
            .any(|r| r.distance().metres() >= 1500.0 && r.time().minutes() >= 3.5)
    }

    /// The VDOT training paces come from: the best of the results long enough for one, else
    /// (400 m and 800 m results alone) the VDOT of the mile they predict, so easy running is
    /// paced from an aerobic estimate, never from a short race's pace.
    pub fn vdot(&self) -> Option<Vdot> {
        if !self.has_aerobic_result() {
            let mile = self.race_time(Distance::MILE)?;
            return Some(Vdot::from_performance(Performance::new(
                Distance::MILE,
                mile,
            )?));
        }
        self.basis_results()
            .iter()
            .filter(|r| r.distance().metres() >= 1500.0 && r.time().minutes() >= 3.5)
            .map(|&r| Vdot::from_performance(r))
            .max_by(|a, b| a.value().total_cmp(&b.value()))
    }

    /// The pace `goal` stands for, by the four-laps rule, and whether it is the goal itself
    /// (`true`) or the predicted current mile standing in for a missing goal.
    fn goal_pace(&self) -> Option<(Pace, bool)> {
        let (mile, own) = match self.goal_mile {
            Some(goal) => (goal, true),
            None => (self.race_time(Distance::MILE)?, false),
        };
        Some((Pace::of(Distance::metres_const(ARTICLE_MILE_M), mile)?, own))
    }

    fn reference(&self, reference: PaceRef) -> Option<Pace> {
        match reference {
            PaceRef::Goal => self.goal_pace().map(|(p, _)| p),
            PaceRef::Race(d) => Pace::of(d, self.race_time(d)?),
            PaceRef::Daniels(zone) => {
                let paces = TrainingPaces::for_vdot(self.vdot()?);
                Some(match zone {
                    // The middle of the easy band: what "easy" means on a card; never slower
                    // than walking, which a very slow VDOT (a 15-minute mile) would give.
                    Zone::E => Pace::from_secs_per_km(
                        ((paces.easy.fast.secs_per_km() + paces.easy.slow.secs_per_km()) / 2.0)
                            .min(1000.0 / WALK_M_PER_S),
                    )?,
                    Zone::M => paces.marathon,
                    Zone::T => paces.threshold,
                    Zone::I => paces.interval,
                    Zone::R => paces.repetition,
                })
            }
        }
    }

    fn expr(&self, expr: &PaceExpr) -> Result<Pace, ResolveError> {
        match expr {
            PaceExpr::Absolute(a) => a
                .pace()
                .ok_or_else(|| ResolveError::BadOffset(format!("{}/{}", a.time, a.per))),
            PaceExpr::Relative(r) => {
                let base = self.reference(r.reference).ok_or(ResolveError::NoPaces)?;
                r.apply(base)
                    .ok_or_else(|| ResolveError::BadOffset(format!("{:?}", r.reference)))
            }
        }
    }

    fn easy(&self) -> Option<Pace> {
        self.reference(PaceRef::Daniels(Zone::E))
    }

    fn mile(&self) -> Option<Pace> {
        self.race_time(Distance::MILE)
            .and_then(|t| Pace::of(Distance::MILE, t))
    }

    /// Where the paces came from, in words.
    fn basis(&self) -> Vec<String> {
        let mut basis = Vec::new();
        if self.results.is_empty() {
            if let Some(goal) = self.goal_mile {
                basis.push(format!(
                    "Paces from the goal mile {goal}: with no recent result, race paces and Daniels' paces are what the goal predicts."
                ));
            }
        } else {
            let list: Vec<String> = self.results.iter().map(|r| r.to_string()).collect();
            basis.push(format!(
                "Race and training paces predicted from {}.",
                list.join(", ")
            ));
            match self.goal_mile {
                Some(goal) => basis.push(format!("Goal-pace targets from the goal mile {goal}.")),
                None => basis.push(
                    "No goal mile given: `goal` targets use the predicted current mile instead."
                        .to_owned(),
                ),
            }
        }
        if let Some(v) = self.vdot() {
            basis.push(format!("VDOT {:.1} for Daniels' E/M/T/I/R.", v.value()));
        }
        basis.push("Goal pace per lap counts the mile as four 400 m laps, as the mile articles do (a 6:00 mile is 90 s per 400 m).".to_owned());
        basis
    }
}

/// A resolved target.
#[derive(Debug, Clone, PartialEq)]
pub enum ResolvedTarget {
    /// A pace band; `fast` ≤ `slow` in time per distance. One-sided targets ("faster than
    /// goal") have the reference as the open end and the other end a small step past it
    /// (2 s per 400 m), so a watch has a band to show.
    Pace {
        fast: Pace,
        slow: Pace,
        one_sided: Option<Side>,
    },
    /// An effort, in words, with the pace it implies on flat ground where one makes sense.
    Effort {
        description: String,
        flat_pace: Option<Pace>,
    },
}

/// Which end of a one-sided band is the runner's aim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Faster,
    Slower,
}

/// What a concrete step is.
#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    Move {
        kind: MoveKind,
        direction: Direction,
        slope: Slope,
        venue: Venue,
    },
    Strength {
        description: String,
    },
    Mobility {
        description: String,
    },
}

/// One concrete step for one athlete.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedStep {
    pub kind: StepKind,
    pub role: Role,
    /// Position in each enclosing repeat, outermost first.
    pub reps: Vec<RepPosition>,
    /// As prescribed: a distance, a time, or neither (open).
    pub distance: Option<Distance>,
    pub time: Option<Duration>,
    pub target: Option<ResolvedTarget>,
    /// For a distance with a pace target: the time band (fast, slow).
    pub rep_time: Option<(Duration, Duration)>,
    /// Estimates where the prescription leaves a quantity open.
    pub estimated_distance: Distance,
    pub estimated_time: Duration,
    /// Rating of perceived exertion used for the load.
    pub rpe: f64,
    /// Net energy per kg of body mass, kcal/kg.
    pub kcal_per_kg: f64,
    pub note: Option<String>,
}

impl ResolvedStep {
    /// The pace at the middle of the target band, if there is one.
    pub fn target_pace(&self) -> Option<Pace> {
        match &self.target {
            Some(ResolvedTarget::Pace { fast, slow, .. }) => {
                Pace::from_secs_per_km((fast.secs_per_km() + slow.secs_per_km()) / 2.0)
            }
            _ => None,
        }
    }
}

/// A workout made exact.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub steps: Vec<ResolvedStep>,
    pub total_distance: Distance,
    pub total_time: Duration,
    /// Session-RPE load: minutes × RPE summed over the steps.
    pub load: f64,
    /// Net energy per kg of body mass, kcal/kg; multiply by the athlete's mass.
    pub kcal_per_kg: f64,
    /// Where the paces came from, one sentence each.
    pub basis: Vec<String>,
}

/// Resolves `workout` (already at its progression step; see [`Workout::at_step`]) for one
/// athlete.
pub fn resolve(workout: &Workout, athlete: &AthletePaces) -> Result<Resolved, ResolveError> {
    if athlete.basis_results().is_empty() {
        return Err(ResolveError::NoPaces);
    }
    let mut steps: Vec<ResolvedStep> = Vec::new();
    for flat in workout.flatten()? {
        let previous = steps.last();
        let step = match flat.step {
            StepRef::Move(m) => resolve_move(m, flat.nominal_distance, athlete, previous)?,
            StepRef::Strength(s) => strength_step(s),
            StepRef::Mobility(m) => mobility_step(m),
        };
        steps.push(ResolvedStep {
            role: flat.role,
            reps: flat.reps.clone(),
            ..step
        });
    }
    let total_distance = steps
        .iter()
        .map(|s| s.estimated_distance.metres())
        .sum::<f64>();
    let total_time = steps.iter().map(|s| s.estimated_time.secs()).sum::<f64>();
    Ok(Resolved {
        load: steps
            .iter()
            .map(|s| s.estimated_time.minutes() * s.rpe)
            .sum(),
        kcal_per_kg: steps.iter().map(|s| s.kcal_per_kg).sum(),
        total_distance: Distance::from_metres(total_distance).unwrap_or(Distance::ZERO),
        total_time: Duration::from_secs(total_time).unwrap_or(Duration::ZERO),
        basis: athlete.basis(),
        steps,
    })
}

/// A small step past a one-sided bound, so a watch has a band to show.
const ONE_SIDED_SPAN_S_PER_400: f64 = 2.0;

fn resolve_target(
    target: &Target,
    athlete: &AthletePaces,
    direction: Direction,
    slope: Slope,
) -> Result<ResolvedTarget, ResolveError> {
    Ok(match target {
        Target::Pace(PaceTarget::At(e)) => {
            let p = athlete.expr(e)?;
            ResolvedTarget::Pace {
                fast: p,
                slow: p,
                one_sided: None,
            }
        }
        Target::Pace(PaceTarget::Band(a, b)) => {
            let (a, b) = (athlete.expr(a)?, athlete.expr(b)?);
            let (fast, slow) = if a <= b { (a, b) } else { (b, a) };
            ResolvedTarget::Pace {
                fast,
                slow,
                one_sided: None,
            }
        }
        Target::Pace(PaceTarget::Faster { than, .. }) => {
            let slow = athlete.expr(than)?;
            let fast = slow
                .shifted(-ONE_SIDED_SPAN_S_PER_400, Distance::TRACK_400)
                .unwrap_or(slow);
            ResolvedTarget::Pace {
                fast,
                slow,
                one_sided: Some(Side::Faster),
            }
        }
        Target::Pace(PaceTarget::Slower { than, .. }) => {
            let fast = athlete.expr(than)?;
            let slow = fast
                .shifted(ONE_SIDED_SPAN_S_PER_400, Distance::TRACK_400)
                .unwrap_or(fast);
            ResolvedTarget::Pace {
                fast,
                slow,
                one_sided: Some(Side::Slower),
            }
        }
        Target::Effort(effort) => ResolvedTarget::Effort {
            description: describe_effort(effort),
            flat_pace: match (effort, slope) {
                (_, Slope::Uphill(_) | Slope::Downhill(_)) => None,
                (Effort::Race(r), Slope::Flat) => athlete.reference(*r),
                (Effort::Feel(Feel::Easy), Slope::Flat) => athlete.easy(),
                (Effort::Feel(Feel::ComfortablyHard), Slope::Flat) => {
                    athlete.reference(PaceRef::Daniels(Zone::T))
                }
                _ => None,
            }
            // The same effort backward costs 35 % more per metre, so it is that much slower.
            .and_then(|p| match direction {
                Direction::Forward => Some(p),
                Direction::Backward => Pace::from_secs_per_km(
                    p.secs_per_km() * miler_core::energy::Direction::Backward.cost_factor(),
                ),
            }),
        },
    })
}

fn describe_effort(effort: &Effort) -> String {
    match effort {
        Effort::Percent(p) => format!("{p} % effort"),
        Effort::Rpe(r) => format!("RPE {r} of 10"),
        Effort::Feel(f) => match f {
            Feel::Easy => "easy, conversational",
            Feel::Moderate => "moderate",
            Feel::Steady => "steady",
            Feel::ComfortablyHard => "comfortably hard",
            Feel::Hard => "hard",
            Feel::Fast => "fast, relaxed quick turnover",
            Feel::Sprint => "sprint",
            Feel::AllOut => "all out",
        }
        .to_owned(),
        Effort::Race(PaceRef::Goal) => "goal-pace effort".to_owned(),
        Effort::Race(PaceRef::Race(d)) => format!("{d} race effort"),
        Effort::Race(PaceRef::Daniels(z)) => format!("{z:?}-pace effort"),
    }
}

/// The rating of perceived exertion a step is counted at for the load.
fn rpe(kind: MoveKind, target: Option<&Target>) -> f64 {
    let by_target = target.map(|t| match t {
        Target::Effort(Effort::Percent(p)) => f64::from(*p) / 10.0,
        Target::Effort(Effort::Rpe(r)) => f64::from(*r),
        Target::Effort(Effort::Feel(f)) => match f {
            Feel::Easy => 2.5,
            Feel::Moderate => 4.0,
            Feel::Steady => 5.0,
            Feel::ComfortablyHard => 6.5,
            Feel::Hard => 8.0,
            Feel::Fast => 7.0,
            Feel::Sprint => 9.0,
            Feel::AllOut => 10.0,
        },
        Target::Effort(Effort::Race(r))
        | Target::Pace(PaceTarget::At(PaceExpr::Relative(crate::model::RelativePace {
            reference: r,
            ..
        }))) => match r {
            PaceRef::Daniels(Zone::E) => 2.5,
            PaceRef::Daniels(Zone::M) => 5.0,
            PaceRef::Daniels(Zone::T) => 6.5,
            PaceRef::Daniels(Zone::I) | PaceRef::Race(_) => 8.5,
            _ => 9.0,
        },
        Target::Pace(_) => 8.5,
    });
    match kind {
        MoveKind::Rest => 0.0,
        MoveKind::Walk => 1.0,
        MoveKind::WarmUp | MoveKind::CoolDown | MoveKind::Jog => {
            by_target.map_or(2.5, |r| r.min(3.0))
        }
        MoveKind::Drills => 4.0,
        MoveKind::Stride => by_target.unwrap_or(7.0),
        MoveKind::TimeTrial => 10.0,
        MoveKind::Run => by_target.unwrap_or(3.0),
    }
}

fn grade_decimal(slope: Slope) -> f64 {
    let magnitude = |g: Grade| match g {
        Grade::Any => 0.06,
        Grade::Gentle => 0.04,
        Grade::Steep => 0.10,
        Grade::Percent(p) => (p / 100.0).min(0.45),
    };
    match slope {
        Slope::Flat => 0.0,
        Slope::Uphill(g) => magnitude(g),
        Slope::Downhill(g) => -magnitude(g),
    }
}

/// Net kcal per kg for `metres` on `grade`, backward or forward.
fn kcal_per_kg(metres: f64, grade: f64, direction: Direction) -> f64 {
    let cost = EnergyGrade::from_decimal(grade).map_or(3.6, minetti_cost_j_kg_m);
    let factor = match direction {
        Direction::Forward => 1.0,
        Direction::Backward => miler_core::energy::Direction::Backward.cost_factor(),
    };
    metres * cost * factor / 4184.0
}

/// One move step resolved on its own, outside a workout (exports that keep the workout's
/// repeat structure resolve step by step).
pub fn resolve_move_step(m: &Move, athlete: &AthletePaces) -> Result<ResolvedStep, ResolveError> {
    resolve_move(m, None, athlete, None)
}

/// The athlete's threshold (Daniels T) pace, which treadmill apps scale their targets by.
pub fn threshold_pace(athlete: &AthletePaces) -> Option<Pace> {
    athlete.reference(PaceRef::Daniels(Zone::T))
}

fn resolve_move(
    m: &Move,
    nominal: Option<Distance>,
    athlete: &AthletePaces,
    previous: Option<&ResolvedStep>,
) -> Result<ResolvedStep, ResolveError> {
    let target = m
        .target
        .as_ref()
        .map(|t| resolve_target(t, athlete, m.direction, m.slope))
        .transpose()?;
    let (distance, time) = match &m.length {
        Length::Distance { ramp, .. } => (Some(ramp.first()), None),
        Length::Time { ramp, .. } => (None, Some(ramp.first())),
        Length::Open => (nominal, None),
    };
    let grade = grade_decimal(m.slope);
    // The pace this step is run at, for estimates: its target, else what its kind implies.
    let pace = match &target {
        Some(ResolvedTarget::Pace { fast, slow, .. }) => {
            Pace::from_secs_per_km((fast.secs_per_km() + slow.secs_per_km()) / 2.0)
        }
        Some(ResolvedTarget::Effort {
            flat_pace: Some(p), ..
        }) => Some(*p),
        _ => match m.kind {
            MoveKind::Walk => Pace::from_secs_per_km(1000.0 / WALK_M_PER_S),
            MoveKind::Rest => None,
            MoveKind::Stride | MoveKind::TimeTrial => athlete.mile().or_else(|| athlete.easy()),
            MoveKind::Run if target.is_some() => athlete.mile(),
            _ => athlete.easy(),
        },
    }
    // Uphill the same effort covers less ground, in proportion to the cost of the grade.
    .map(|p| {
        let slowdown = if grade > 0.0 {
            kcal_per_kg(1.0, grade, Direction::Forward) / kcal_per_kg(1.0, 0.0, Direction::Forward)
        } else {
            1.0
        };
        Pace::from_secs_per_km(p.secs_per_km() * slowdown).unwrap_or(p)
    });
    let rep_time = match (&target, distance) {
        (Some(ResolvedTarget::Pace { fast, slow, .. }), Some(d)) => {
            Some((fast.time_for(d), slow.time_for(d)))
        }
        (
            Some(ResolvedTarget::Effort {
                flat_pace: Some(p), ..
            }),
            Some(d),
        ) => Some((p.time_for(d), p.time_for(d))),
        _ => None,
    };
    let (estimated_distance, estimated_time) = match (distance, time) {
        (Some(d), _) => (d, pace.map_or(Duration::ZERO, |p| p.time_for(d))),
        (None, Some(t)) => (
            pace.map_or(Distance::ZERO, |p| {
                Distance::from_metres(t.secs() * p.speed().m_per_s()).unwrap_or(Distance::ZERO)
            }),
            t,
        ),
        (None, None) => {
            // Jogging back down takes about as long as the run up did.
            let seconds = match previous {
                Some(prev)
                    if matches!(
                        prev.kind,
                        StepKind::Move {
                            slope: Slope::Uphill(_),
                            ..
                        }
                    ) =>
                {
                    prev.estimated_time.secs()
                }
                _ => OPEN_STEP_S,
            };
            let t = Duration::from_secs(seconds).unwrap_or(Duration::ZERO);
            (
                pace.map_or(Distance::ZERO, |p| {
                    Distance::from_metres(seconds * p.speed().m_per_s()).unwrap_or(Distance::ZERO)
                }),
                t,
            )
        }
    };
    Ok(ResolvedStep {
        kind: StepKind::Move {
            kind: m.kind,
            direction: m.direction,
            slope: m.slope,
            venue: m.venue,
        },
        role: Role::Body,
        reps: Vec::new(),
        distance,
        time,
        rep_time,
        estimated_distance,
        estimated_time,
        rpe: rpe(m.kind, m.target.as_ref()),
        kcal_per_kg: if m.kind == MoveKind::Rest {
            0.0
        } else {
            kcal_per_kg(estimated_distance.metres(), grade, m.direction)
        },
        target,
        note: m.note.clone(),
    })
}

fn strength_step(s: &Strength) -> ResolvedStep {
    let dose = match s.dose {
        Dose::Reps(r) => format!("{} × {r}", s.sets),
        Dose::Time(t) => format!("{} × {t}", s.sets),
    };
    let side = if s.each_side { " each side" } else { "" };
    let sides = if s.each_side { 2.0 } else { 1.0 };
    // About 3 s a rep, plus the rest between sets (60 s when unsaid).
    let work = match s.dose {
        Dose::Reps(r) => f64::from(r) * 3.0,
        Dose::Time(t) => t.secs(),
    } * sides;
    let rest = s.rest.map_or(60.0, |r| r.secs());
    let seconds = f64::from(s.sets) * work + f64::from(s.sets.saturating_sub(1)) * rest;
    ResolvedStep {
        kind: StepKind::Strength {
            description: format!("{} {dose}{side}", s.exercise),
        },
        role: Role::Body,
        reps: Vec::new(),
        distance: None,
        time: None,
        target: None,
        rep_time: None,
        estimated_distance: Distance::ZERO,
        estimated_time: Duration::from_secs(seconds).unwrap_or(Duration::ZERO),
        rpe: 5.0,
        kcal_per_kg: 0.0,
        note: s.note.clone(),
    }
}

fn mobility_step(m: &Mobility) -> ResolvedStep {
    let what = match m.kind {
        MobilityKind::Stretch => "stretch",
        MobilityKind::FoamRoll => "foam-roll",
    };
    let area = m
        .area
        .as_deref()
        .map(|a| format!(" {a}"))
        .unwrap_or_default();
    let hold = m.time.map(|t| format!(" {t}")).unwrap_or_default();
    let side = if m.each_side { " each side" } else { "" };
    let seconds = m.time.map_or(300.0, |t| t.secs()) * if m.each_side { 2.0 } else { 1.0 };
    ResolvedStep {
        kind: StepKind::Mobility {
            description: format!("{what}{area}{hold}{side}"),
        },
        role: Role::Body,
        reps: Vec::new(),
        distance: None,
        time: m.time,
        target: None,
        rep_time: None,
        estimated_distance: Distance::ZERO,
        estimated_time: Duration::from_secs(seconds).unwrap_or(Duration::ZERO),
        rpe: 1.0,
        kcal_per_kg: 0.0,
        note: m.note.clone(),
    }
}
