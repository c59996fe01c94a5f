//! Race prediction: from one or more results, the time each published model expects at other
//! distances, which result it used, and whether the model is valid there.
//!
//! One file per model holds its formula and the range its authors built it for:
//!
//! | [`Model`] | file | valid for |
//! |---|---|---|
//! | Daniels–Gilbert VDOT | [`daniels`] | results and targets of 1500 m to the marathon; results of 3.5 min or more |
//! | Riegel | [`riegel`] | results and predicted efforts of 3.5 to 230 min |
//! | Cameron | [`cameron`] | results and targets of 800 m to the marathon |
//! | Purdy points | [`purdy`] | results and targets of 800 m to the marathon, results of 0 points or more |
//! | Horwill's rule | [`horwill`] | results and targets of 400 m to 5000 m |
//! | critical speed | [`critical_speed`] | two or more results of 2-15 min; predicted efforts of 2-15 min |
//!
//! This file combines them. Validity is part of every answer rather than a filter applied
//! later: a [`Prediction`] is either an [`Estimate`] or a [`NotValid`] that says why, so no
//! caller can print a VDOT number for a 400 m result as if it meant something.
//!
//! Several results combine by one rule per kind of model, which [`Forecast::combination`]
//! states in words:
//!
//! - VDOT: the highest VDOT among the results VDOT is valid for. A runner's best result is
//!   the best evidence of their fitness; weaker ones usually mean an off day, not less ability.
//! - Riegel, Cameron, Purdy and Horwill: each target from the result closest to it in distance,
//!   measured as a ratio (`|ln(target/result)|`), among the results the model can use. These
//!   models carry one result across distances, and the shorter the carry, the smaller the
//!   error; the closest result also reflects a runner's own speed-endurance mix best.
//! - Critical speed: one distance-time line through every result of 2-15 minutes.
//!
//! Results faster than any runner has run, or slower than walking, are refused with a
//! [`PredictError`] that suggests the likely intended time: they are typing slips (`5k=24`
//! is 24 seconds), and no model says anything useful about them.

pub mod cameron;
pub mod critical_speed;
pub mod daniels;
pub mod horwill;
pub mod purdy;
pub mod riegel;

use std::fmt;

use crate::agegrade::Sex;
use crate::units::{Distance, Duration, Performance};
use crate::vdot::Vdot;

pub use critical_speed::{CriticalSpeed, FitError};

/// The distances `miler predict` shows unless told otherwise: the track distances up to
/// 5000 m, the mile and two miles, and the road distances.
pub const STANDARD_TARGETS: [Distance; 11] = [
    Distance::metres_const(400.0),
    Distance::metres_const(800.0),
    Distance::metres_const(1000.0),
    Distance::metres_const(1500.0),
    Distance::MILE,
    Distance::metres_const(3000.0),
    // Doubling is exact in floating point, so this prints and parses as `2mi`.
    Distance::metres_const(2.0 * 1609.344),
    Distance::metres_const(5000.0),
    Distance::metres_const(10_000.0),
    Distance::HALF_MARATHON,
    Distance::MARATHON,
];

/// A result more than this much faster than Purdy's 1970 world-record curve is refused. The
/// margin leaves room for every record since: the marathon has improved most, to about 0.91
/// of the curve.
const RECORD_MARGIN: f64 = 0.85;

/// Below this average speed (16:40 per km) a result is a walk or a typing slip; the models
/// here are all fitted to running.
const WALKING_M_PER_S: f64 = 1.0;

/// The published prediction models miler knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Model {
    Vdot,
    Riegel,
    Cameron,
    Purdy,
    Horwill,
    CriticalSpeed,
}

impl Model {
    /// Every model, in the order tables show them.
    pub const ALL: [Model; 6] = [
        Model::Vdot,
        Model::Riegel,
        Model::Cameron,
        Model::Purdy,
        Model::Horwill,
        Model::CriticalSpeed,
    ];

    /// A short lower-case id for JSON and the command line.
    pub fn id(self) -> &'static str {
        match self {
            Model::Vdot => "vdot",
            Model::Riegel => "riegel",
            Model::Cameron => "cameron",
            Model::Purdy => "purdy",
            Model::Horwill => "horwill",
            Model::CriticalSpeed => "cs",
        }
    }

    /// The name runners know the model by.
    pub fn name(self) -> &'static str {
        match self {
            Model::Vdot => "VDOT",
            Model::Riegel => "Riegel",
            Model::Cameron => "Cameron",
            Model::Purdy => "Purdy",
            Model::Horwill => "Horwill",
            Model::CriticalSpeed => "Critical speed",
        }
    }

    /// Where the model is valid, as a sentence fragment that explains a refusal.
    pub fn scope(self) -> &'static str {
        match self {
            Model::Vdot => {
                "VDOT is built for 1500 m to the marathon, from results of 3.5 min or longer"
            }
            Model::Riegel => "Riegel's formula is meant for efforts of about 3.5 to 230 min",
            Model::Cameron => "Cameron checked his model on records from 800 m to the marathon",
            Model::Purdy => {
                "Purdy's running curve has no start or bend allowance, so miler uses it from \
                 800 m to the marathon only"
            }
            Model::Horwill => "Horwill's rule steps between classic distances from 400 m to 5000 m",
            Model::CriticalSpeed => "critical speed describes efforts of 2 to 15 min",
        }
    }

    /// Whether the model predicts from one result at a time (chosen per target).
    fn uses_closest_result(self) -> bool {
        matches!(
            self,
            Model::Riegel | Model::Cameron | Model::Purdy | Model::Horwill
        )
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What to predict: from which results, for which targets, with which models.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub results: &'a [Performance],
    pub targets: &'a [Distance],
    pub models: &'a [Model],
    /// Chooses Horwill's step: 4 s per 400 m for men, 5 s for women.
    pub sex: Sex,
}

/// The best VDOT among the results, and the result it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BestVdot {
    pub vdot: Vdot,
    pub from: Performance,
}

/// Every prediction for a request, with what they were derived from.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub results: Vec<Performance>,
    pub models: Vec<Model>,
    pub sex: Sex,
    /// `None` when no result is valid for VDOT.
    pub vdot: Option<BestVdot>,
    pub critical_speed: Result<CriticalSpeed, FitError>,
    /// One per target and model, targets in the order asked, models in the order asked.
    pub predictions: Vec<Prediction>,
}

/// One model's answer for one target.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub target: Distance,
    pub model: Model,
    pub outcome: Result<Estimate, NotValid>,
}

/// A valid prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub time: Duration,
    /// The result or results the time was derived from.
    pub from: Vec<Performance>,
    /// A known limit of the model that touches this prediction, if any.
    pub caveat: Option<Caveat>,
}

/// A known limit that applies to a prediction the model still makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caveat {
    /// A VDOT result or prediction under about 11 minutes, where `F(t)` exceeds 1.
    ShortEffort,
    /// Horwill's rule: which step was used, and whether the pace was interpolated between
    /// classic distances (the result or the target is not one).
    Horwill { sex: Sex, interpolated: bool },
}

impl fmt::Display for Caveat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Caveat::ShortEffort => f.write_str(
                "under about 11 min VDOT's sustainable fraction F(t) exceeds 1, a known stretch \
                 of the fit",
            ),
            Caveat::Horwill { sex, interpolated } => {
                let (step, whose) = match sex {
                    Sex::Male => (4, "men's"),
                    Sex::Female => (5, "women's"),
                };
                write!(
                    f,
                    "+{step} s per 400 m for each step up 400-800-1500-3000-5000 m (the {whose} \
                     figure)"
                )?;
                if *interpolated {
                    f.write_str("; pace between classic distances interpolated by log distance")?;
                }
                Ok(())
            }
        }
    }
}

/// Why a model makes no prediction for a target. Equal values mean the same reason, so a
/// table can explain many refused cells with one footnote.
#[derive(Debug, Clone, PartialEq)]
pub enum NotValid {
    /// None of the results is one the model can use; holds the results it refused.
    FromResults {
        model: Model,
        results: Vec<Performance>,
    },
    /// The target is outside the distances the model covers.
    Target { model: Model },
    /// The predicted effort falls outside the time window the model describes (Riegel,
    /// critical speed).
    Effort { model: Model },
    /// Every usable result scores below zero Purdy points (see [`purdy`]).
    BelowPurdyScale { results: Vec<Performance> },
    /// No critical speed could be fitted.
    CriticalSpeed(FitError),
}

impl NotValid {
    /// The model that refused.
    pub fn model(&self) -> Model {
        match self {
            NotValid::FromResults { model, .. }
            | NotValid::Target { model }
            | NotValid::Effort { model } => *model,
            NotValid::BelowPurdyScale { .. } => Model::Purdy,
            NotValid::CriticalSpeed(_) => Model::CriticalSpeed,
        }
    }

    /// The reason in words, for the `targets` it was given for (the reasons that depend on
    /// the target name them; the others hold for every target).
    pub fn describe(&self, targets: &[Distance]) -> String {
        let targets = join(targets.iter().map(ToString::to_string).collect());
        match self {
            NotValid::FromResults { model, results } => {
                format!("not valid from {}: {}", or_list(results), model.scope())
            }
            NotValid::Target { model } => {
                format!("not valid for {targets}: {}", model.scope())
            }
            NotValid::Effort { model } => {
                let window = match model {
                    Model::CriticalSpeed => "the 2-15 min critical speed describes",
                    _ => "the 3.5-230 min Riegel's formula is meant for",
                };
                format!("not valid for {targets}: the predicted effort falls outside {window}")
            }
            NotValid::BelowPurdyScale { results } => format!(
                "not valid from {}: below 0 Purdy points, off the bottom of the scale",
                or_list(results)
            ),
            NotValid::CriticalSpeed(FitError::TooFew(found)) => {
                let found = match found.as_slice() {
                    [] => "none given".to_owned(),
                    found => format!("only {} given", or_list(found)),
                };
                format!(
                    "needs results of 2-15 min at two distances, such as 800m=2:40 and \
                     2000m=7:40 ({found})"
                )
            }
            NotValid::CriticalSpeed(FitError::Inconsistent(from)) => format!(
                "{} don't fit one critical speed: the longer effort has to be at a slower pace",
                join(from.iter().map(ToString::to_string).collect())
            ),
        }
    }
}

impl Prediction {
    /// The time, if the prediction is valid.
    pub fn time(&self) -> Option<Duration> {
        self.outcome.as_ref().ok().map(|estimate| estimate.time)
    }

    /// A note for this one prediction: the caveat of a valid one, the reason for a refusal.
    pub fn note(&self) -> Option<String> {
        match &self.outcome {
            Ok(estimate) => estimate.caveat.map(|caveat| caveat.to_string()),
            Err(reason) => Some(reason.describe(&[self.target])),
        }
    }
}

impl Forecast {
    /// The prediction of `model` for `target`, if both were asked for.
    pub fn get(&self, target: Distance, model: Model) -> Option<&Prediction> {
        self.predictions
            .iter()
            .find(|p| p.target == target && p.model == model)
    }

    /// How the results were combined, in words.
    pub fn combination(&self) -> String {
        if let [only] = self.results.as_slice() {
            return format!("one result ({only}): every model predicts from it");
        }
        let mut parts = Vec::new();
        if self.models.contains(&Model::Vdot) {
            parts.push(match &self.vdot {
                Some(best) => format!(
                    "VDOT: the highest VDOT among the results it is valid for ({:.1}, from {})",
                    best.vdot.value(),
                    best.from
                ),
                None => "VDOT: no result is one it is valid for".to_owned(),
            });
        }
        let closest: Vec<String> = self
            .models
            .iter()
            .filter(|m| m.uses_closest_result())
            .map(|m| m.name().to_owned())
            .collect();
        if !closest.is_empty() {
            parts.push(format!(
                "{}: each target from the result closest to it in distance (by ratio) among \
                 those the model can use",
                join(closest)
            ));
        }
        if self.models.contains(&Model::CriticalSpeed) {
            parts.push(
                "critical speed: one distance-time line through the results of 2-15 min".to_owned(),
            );
        }
        parts.join("; ")
    }
}

/// Why no forecast could be made: the request itself is unusable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PredictError {
    #[error("no result to predict from: give one or more results as DIST=TIME, such as 5k=24:00")]
    NoResults,
    #[error("no target distance to predict")]
    NoTargets,
    #[error("no model to predict with")]
    NoModels,
    #[error("{}", too_fast(*.result, *.curve))]
    FasterThanRecords {
        result: Performance,
        /// Purdy's 1970 world-record curve at the result's distance.
        curve: Duration,
    },
    #[error("{}", too_slow(*.result))]
    SlowerThanWalking { result: Performance },
    /// Beyond the human limits of [`crate::limits`], which every face of miler applies.
    #[error(transparent)]
    Implausible(#[from] crate::limits::Implausible),
}

fn too_fast(result: Performance, curve: Duration) -> String {
    let mut message = format!(
        "`{result}` is faster than any runner has run: more than {:.0} % under the world-record \
         curve, which gives {} for {}. Check the time",
        (1.0 - RECORD_MARGIN) * 100.0,
        curve.rounded(0),
        result.distance()
    );
    // The usual slip is minutes written without `:00` (or hours without `:00:00`).
    if let Some(meant) = rescaled(result, 60.0) {
        message.push_str(&format!(": did you mean {meant}?"));
    }
    message.push_str(" Times are SS, M:SS or H:MM:SS.");
    message
}

fn too_slow(result: Performance) -> String {
    let mut message = format!(
        "`{result}` is slower than walking (under {WALKING_M_PER_S} m/s, 16:40 per km), and the \
         models here describe running. Check the time"
    );
    // The usual slip is seconds written as minutes: `80:00` for 80 s.
    if let Some(meant) = rescaled(result, 1.0 / 60.0) {
        message.push_str(&format!(": did you mean {meant}?"));
    }
    message.push_str(" Times are SS, M:SS or H:MM:SS.");
    message
}

/// `result` with its time multiplied by `factor`, if that is a plausible result.
fn rescaled(result: Performance, factor: f64) -> Option<Performance> {
    let time = result.time().scaled(factor)?;
    let candidate = Performance::new(result.distance(), time)?;
    check_plausible(candidate).is_ok().then_some(candidate)
}

/// Refuses results no runner could have run and results slower than walking: the models' own
/// range, then the human limits every tool applies ([`crate::limits::check_performance`]).
pub fn check_plausible(result: Performance) -> Result<(), PredictError> {
    let curve = purdy::standard_time(result.distance());
    if result.time().secs() < RECORD_MARGIN * curve.secs() {
        return Err(PredictError::FasterThanRecords { result, curve });
    }
    if result.speed().m_per_s() < WALKING_M_PER_S {
        return Err(PredictError::SlowerThanWalking { result });
    }
    // The models' curve leaves a margin for records to come; the human limits (the mile
    // record's pace from a mile up) hold whatever the model.
    crate::limits::check_performance(result)?;
    Ok(())
}

/// Predicts every target with every model asked for.
pub fn predict(request: &Request<'_>) -> Result<Forecast, PredictError> {
    if request.results.is_empty() {
        return Err(PredictError::NoResults);
    }
    if request.targets.is_empty() {
        return Err(PredictError::NoTargets);
    }
    if request.models.is_empty() {
        return Err(PredictError::NoModels);
    }
    for &result in request.results {
        check_plausible(result)?;
    }
    let vdot = request
        .results
        .iter()
        .filter(|&&p| daniels::valid_input(p))
        .map(|&p| BestVdot {
            vdot: Vdot::from_performance(p),
            from: p,
        })
        // `max_by` keeps the last of equals; reversing keeps the first given instead.
        .rev()
        .max_by(|a, b| a.vdot.value().total_cmp(&b.vdot.value()));
    let critical_speed = CriticalSpeed::fit(request.results);
    let context = Context {
        results: request.results,
        sex: request.sex,
        vdot,
        critical_speed: &critical_speed,
    };
    let context = &context;
    let predictions = request
        .targets
        .iter()
        .flat_map(|&target| {
            request.models.iter().map(move |&model| Prediction {
                target,
                model,
                outcome: context.predict(model, target),
            })
        })
        .collect();
    Ok(Forecast {
        results: request.results.to_vec(),
        models: request.models.to_vec(),
        sex: request.sex,
        vdot,
        critical_speed,
        predictions,
    })
}

/// What every single prediction draws on, computed once per forecast.
struct Context<'a> {
    results: &'a [Performance],
    sex: Sex,
    vdot: Option<BestVdot>,
    critical_speed: &'a Result<CriticalSpeed, FitError>,
}

impl Context<'_> {
    fn predict(&self, model: Model, target: Distance) -> Result<Estimate, NotValid> {
        match model {
            Model::Vdot => self.vdot(target),
            Model::Riegel => self.closest_result(
                model,
                target,
                true,
                |p| riegel::in_window(p.time()),
                |from| {
                    let time = riegel::time(from, target);
                    riegel::in_window(time)
                        .then_some((time, None))
                        .ok_or(NotValid::Effort { model })
                },
            ),
            Model::Cameron => self.closest_result(
                model,
                target,
                cameron::in_range(target),
                |p| cameron::in_range(p.distance()),
                |from| Ok((cameron::time(from, target), None)),
            ),
            Model::Purdy => self.closest_result(
                model,
                target,
                purdy::in_range(target),
                |p| purdy::in_range(p.distance()),
                |from| {
                    purdy::time(from, target)
                        .map(|time| (time, None))
                        .ok_or_else(|| NotValid::BelowPurdyScale {
                            results: vec![from],
                        })
                },
            ),
            Model::Horwill => self.closest_result(
                model,
                target,
                horwill::in_range(target),
                |p| horwill::in_range(p.distance()),
                |from| {
                    let caveat = Caveat::Horwill {
                        sex: self.sex,
                        interpolated: !horwill::is_classic(from.distance())
                            || !horwill::is_classic(target),
                    };
                    horwill::time(from, target, horwill::step(self.sex))
                        .map(|time| (time, Some(caveat)))
                        // Unreachable for plausible results: the pace stays positive, since
                        // even a result at the record margin is over 30 s per 400 m at 400 m.
                        .ok_or(NotValid::Target { model })
                },
            ),
            Model::CriticalSpeed => self.critical_speed(target),
        }
    }

    fn vdot(&self, target: Distance) -> Result<Estimate, NotValid> {
        let model = Model::Vdot;
        // The result is checked before the target: "not valid from a 400 m" is the reason
        // that matters, and it is the same for every target.
        let best = self.vdot.ok_or_else(|| NotValid::FromResults {
            model,
            results: self.results.to_vec(),
        })?;
        if !daniels::valid_target(target) {
            return Err(NotValid::Target { model });
        }
        let time = daniels::time(best.vdot, target);
        let short = daniels::short_effort(time) || daniels::short_effort(best.from.time());
        Ok(Estimate {
            time,
            from: vec![best.from],
            caveat: short.then_some(Caveat::ShortEffort),
        })
    }

    fn critical_speed(&self, target: Distance) -> Result<Estimate, NotValid> {
        let cs = self
            .critical_speed
            .as_ref()
            .map_err(|e| NotValid::CriticalSpeed(e.clone()))?;
        let time = cs
            .time_for(target)
            .filter(|&t| critical_speed::in_window(t))
            .ok_or(NotValid::Effort {
                model: Model::CriticalSpeed,
            })?;
        Ok(Estimate {
            time,
            from: cs.fitted_to().to_vec(),
            caveat: None,
        })
    }

    /// The combination rule for one-result models: among the results `usable` accepts, try
    /// them closest first (by distance ratio, ties to the one given first) and keep the first
    /// valid prediction.
    fn closest_result(
        &self,
        model: Model,
        target: Distance,
        target_in_range: bool,
        usable: impl Fn(Performance) -> bool,
        predict: impl Fn(Performance) -> Result<(Duration, Option<Caveat>), NotValid>,
    ) -> Result<Estimate, NotValid> {
        let mut candidates: Vec<Performance> = self
            .results
            .iter()
            .copied()
            .filter(|&p| usable(p))
            .collect();
        if candidates.is_empty() {
            return Err(NotValid::FromResults {
                model,
                results: self.results.to_vec(),
            });
        }
        if !target_in_range {
            return Err(NotValid::Target { model });
        }
        let distance_to = |p: &Performance| (target.metres() / p.distance().metres()).ln().abs();
        // A stable sort keeps equally close results in the order given.
        candidates.sort_by(|a, b| distance_to(a).total_cmp(&distance_to(b)));
        let mut first_refusal = None;
        for from in candidates {
            match predict(from) {
                Ok((time, caveat)) => {
                    return Ok(Estimate {
                        time,
                        from: vec![from],
                        caveat,
                    });
                }
                Err(reason) => {
                    first_refusal.get_or_insert(reason);
                }
            }
        }
        Err(first_refusal.expect("at least one candidate was tried"))
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: Vec<String>) -> String {
    match items.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `a`, `a or b`, `a, b or c`, for results.
fn or_list(results: &[Performance]) -> String {
    let items: Vec<String> = results.iter().map(ToString::to_string).collect();
    match items.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests;
