//! Feasibility first: the mile today, a realistic range for race day, and a verdict on the goal.
//!
//! # The model of improvement
//!
//! Fitness is carried as a VDOT (Daniels–Gilbert), because it moves in steps runners and
//! coaches know: Daniels advises raising training paces by one VDOT point after four to six
//! weeks at a level. miler turns that into a weekly gain that shrinks as fitness grows:
//!
//! | VDOT | 15 | 30 | 45 | 60 | 75 |
//! |---|---|---|---|---|---|
//! | points a week (central) | 0.60 | 0.40 | 0.25 | 0.15 | 0.06 |
//!
//! linear between the points and flat beyond them. At VDOT 45 the central rate is one point
//! in four weeks, Daniels' faster end; new runners gain fastest, near-elite runners slowest.
//! Past 35 the rate falls by 1.2 % a year of age (to at most half), since older runners adapt
//! more slowly. The gain is summed week by week, each week at the rate for the fitness
//! reached, over every week but the race week.
//!
//! - The **central** estimate uses the rates above; the **optimistic** end 1.5 times them and
//!   the **conservative** end half of them.
//! - A runner whose results are all 3 km or longer has not shown mile speed yet: the
//!   race-specific block is assumed to add 1 to 3 % (2 % central) on the mile, in full from
//!   six weeks of training.
//! - The mile today is itself an estimate unless the runner ran one: the range widens by the
//!   prediction's uncertainty, 1 % from a 1400-1700 m result, 2 % from 800 m to 3 km, 3 %
//!   from anything else, and 8 % for someone who does not run yet.
//! - Someone who does not run yet is assumed to cover a mile today in 15:00 (men) or 16:00
//!   (women) at open age — brisk walking with some jogging — slowed by the WMA age factor.
//!
//! Verdict: **likely** when the goal is no faster than the central estimate, **stretch**
//! when it lies between the optimistic end and the central estimate, **unlikely** when it is
//! faster than even the optimistic end.
//!
//! Limits: the rates are a coach's rule of thumb, not a fitted model; they know nothing of
//! injuries, sleep, talent or how well the runner follows the plan. Time trials in the plan
//! recalibrate the paces, and adaptation recomputes the verdict with each new result.

use jiff::civil::Date;
use miler_core::agegrade::{self, Sex, Table};
use miler_core::predict::Model;
use miler_core::{Distance, Duration, Performance, Vdot};
use miler_workout::resolve::AthletePaces;
use serde::{Deserialize, Serialize};

use crate::request::{Fitness, Goal, Request};

/// What the model expects, and what it says about the goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feasibility {
    /// The mile today, estimated from the runner's results.
    pub predicted_mile_now_s: f64,
    /// The mile on race day: `[optimistic, conservative]`.
    pub predicted_mile_race_day_s: [f64; 2],
    /// The central estimate for race day.
    pub expected_mile_race_day_s: f64,
    pub verdict: Verdict,
    pub reason: String,
    /// What to do instead when the goal is out of reach, or how to start.
    pub advice: Option<String>,
    /// How the mile today was estimated.
    pub basis: String,
    /// The mile time the plan's goal-pace work is built on: the goal when it is in reach,
    /// else the central race-day estimate.
    pub training_goal_mile_s: f64,
    /// The goal's age grade (WMA 2023), when the runner's age is known.
    pub goal_age_grade_pct: Option<f64>,
    /// Weeks of training the estimate counts (every week but the race week).
    pub training_weeks: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Likely,
    Stretch,
    Unlikely,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Likely => "likely",
            Verdict::Stretch => "stretch",
            Verdict::Unlikely => "unlikely",
        }
    }
}

/// Central weekly VDOT gain by fitness: `(vdot, points per week)`.
const GAIN_POINTS: [(f64, f64); 5] = [
    (15.0, 0.6),
    (30.0, 0.4),
    (45.0, 0.25),
    (60.0, 0.15),
    (75.0, 0.06),
];
const OPTIMISTIC: f64 = 1.5;
const CONSERVATIVE: f64 = 0.5;
/// Mile-specific gain for a runner with only endurance results: (conservative, central,
/// optimistic).
const SPECIFICITY: (f64, f64, f64) = (0.01, 0.02, 0.03);
const SPECIFICITY_FULL_WEEKS: f64 = 6.0;
const NEW_RUNNER_MILE_S: (f64, f64) = (900.0, 960.0);
const NEW_RUNNER_UNCERTAINTY: f64 = 0.08;
/// The longest horizon advice looks at when the goal is out of reach.
const ADVICE_HORIZON_WEEKS: u32 = 104;

/// VDOT points gained in one week at fitness `vdot` (central rate), for a runner of `age`.
pub fn weekly_gain(vdot: f64, age: Option<u32>) -> f64 {
    let (first, last) = (GAIN_POINTS[0], GAIN_POINTS[GAIN_POINTS.len() - 1]);
    let base = if vdot <= first.0 {
        first.1
    } else if vdot >= last.0 {
        last.1
    } else {
        let i = GAIN_POINTS
            .windows(2)
            .position(|w| vdot < w[1].0)
            .unwrap_or(GAIN_POINTS.len() - 2);
        let (a, b) = (GAIN_POINTS[i], GAIN_POINTS[i + 1]);
        a.1 + (b.1 - a.1) * (vdot - a.0) / (b.0 - a.0)
    };
    base * age_factor(age)
}

fn age_factor(age: Option<u32>) -> f64 {
    match age {
        Some(age) if age > 35 => (1.0 - 0.012 * f64::from(age - 35)).max(0.5),
        _ => 1.0,
    }
}

/// VDOT after `weeks` of training at `scale` times the central rate.
fn project(vdot: f64, weeks: f64, scale: f64, age: Option<u32>) -> f64 {
    let mut v = vdot;
    let whole = weeks.floor();
    for _ in 0..(whole as u32) {
        v += scale * weekly_gain(v, age);
    }
    v + (weeks - whole) * scale * weekly_gain(v, age)
}

fn mile_at(vdot: f64) -> f64 {
    Vdot::new(vdot).map_or(f64::INFINITY, |v| v.time_for(Distance::MILE).secs())
}

/// The model that set the mile today, and why that one.
fn model_reason(model: Model) -> String {
    match model {
        Model::Vdot => {
            "Daniels' VDOT, miler's first choice for a result of 1500 m or more".to_owned()
        }
        Model::Horwill => "Horwill's four-second rule (4 s per 400 m slower for each doubling \
             of the distance, 5 s for women), the coaches' rule for the step up from 400 m and \
             800 m; VDOT needs a result of 1500 m or more, and Purdy's tables, the next model, \
             are much slower from short races"
            .to_owned(),
        m => format!(
            "{}, the first of miler's models (in order of fit for the mile) that accepts these \
             results",
            m.name()
        ),
    }
}

/// The runner's mile today, how it was estimated, and its uncertainty as a fraction.
pub fn mile_now(request: &Request) -> (Duration, String, f64) {
    match &request.fitness {
        Fitness::None => {
            let open = match request.sex {
                Sex::Male => NEW_RUNNER_MILE_S.0,
                Sex::Female => NEW_RUNNER_MILE_S.1,
            };
            let factor = request
                .age
                .and_then(|age| {
                    agegrade::Standard::lookup(Table::Wma2023, Distance::MILE, request.sex, age)
                        .ok()
                })
                .map_or(1.0, |s| s.factor());
            let time = Duration::from_secs(open / factor).unwrap_or(Duration::ZERO);
            let basis = format!(
                "You don't run yet: miler assumes a mile today of about {time} (brisk walking with some jogging{}).",
                if factor < 1.0 { ", for your age" } else { "" }
            );
            (time.rounded(0), basis, NEW_RUNNER_UNCERTAINTY)
        }
        Fitness::Results(results) => {
            let athlete =
                AthletePaces::from_results(results, None, request.sex).expect("validated results");
            let (time, model) = athlete
                .race_time_by(Distance::MILE)
                .unwrap_or((Duration::ZERO, None));
            let list: Vec<String> = results.iter().map(ToString::to_string).collect();
            let nearest = results
                .iter()
                .map(|r| (r.distance().metres() / Distance::MILE.metres()).ln().abs())
                .fold(f64::INFINITY, f64::min);
            let closest_m = results
                .iter()
                .map(|r| r.distance().metres())
                .min_by(|a, b| {
                    (a / Distance::MILE.metres())
                        .ln()
                        .abs()
                        .total_cmp(&(b / Distance::MILE.metres()).ln().abs())
                })
                .unwrap_or(0.0);
            let uncertainty = if nearest < 0.14 {
                0.01
            } else if (800.0..=3000.0).contains(&closest_m) {
                0.02
            } else {
                0.03
            };
            let basis = match model {
                None => format!("Your result {} itself.", list.join(", ")),
                Some(m) => format!("From {} by {}.", list.join(", "), model_reason(m)),
            };
            (time, basis, uncertainty)
        }
    }
}

/// The goal as a mile time: a goal at another distance is carried to the mile by Riegel's
/// exponent, which over these short carries differs from every other model by well under a
/// second.
pub fn goal_mile(goal: Performance) -> Duration {
    let ratio = Distance::MILE.metres() / goal.distance().metres();
    Duration::from_secs(goal.time().secs() * ratio.powf(1.06)).unwrap_or(goal.time())
}

/// Mile time at `distance` for a mile of `mile_s`, the inverse carry of [`goal_mile`].
pub fn at_distance(mile_s: f64, distance: Distance) -> f64 {
    mile_s * (distance.metres() / Distance::MILE.metres()).powf(1.06)
}

/// Weeks that count for fitness between `start` and the race: all but the race week.
pub fn training_weeks(start: Date, race: Date) -> f64 {
    let days = (race - start).get_days() as f64;
    ((days - 7.0) / 7.0).max(0.0)
}

/// The range and verdict for `request`.
pub fn assess(request: &Request) -> Feasibility {
    let (now, basis, uncertainty) = mile_now(request);
    let now_s = now.secs();
    let v0 = Vdot::from_performance(
        Performance::new(Distance::MILE, now).expect("a positive mile time"),
    )
    .value();
    let weeks = training_weeks(request.start, request.race_date);
    let endurance_only = match &request.fitness {
        Fitness::Results(results) => results.iter().all(|r| r.distance().metres() >= 3000.0),
        Fitness::None => false,
    };
    let specific = |share: f64| {
        if endurance_only {
            share * (weeks / SPECIFICITY_FULL_WEEKS).min(1.0)
        } else {
            0.0
        }
    };
    // Times scale by the VDOT model's ratio so that zero weeks give exactly the mile today.
    let at = |scale: f64, weeks: f64| {
        now_s * mile_at(project(v0, weeks, scale, request.age)) / mile_at(v0)
    };
    let central = at(1.0, weeks) * (1.0 - specific(SPECIFICITY.1));
    let low = at(OPTIMISTIC, weeks) * (1.0 - specific(SPECIFICITY.2)) * (1.0 - uncertainty);
    let high = at(CONSERVATIVE, weeks) * (1.0 - specific(SPECIFICITY.0)) * (1.0 + uncertainty);
    let range = format!("{}-{}", clock(low), clock(high));
    let new_runner = matches!(request.fitness, Fitness::None);
    let start_hint = if new_runner {
        "Start with the walk-run progression: "
    } else {
        ""
    };

    let goal_age_grade_pct = request.age.and_then(|age| {
        let goal = Performance::new(Distance::MILE, goal_of(request, central))?;
        agegrade::age_grade(goal, age, request.sex, Table::Wma2023)
            .ok()
            .map(|g| (g.age_grade_pct() * 100.0).round() / 100.0)
    });

    let (verdict, reason, advice, training_goal) = match request.goal {
        Goal::AsFastAsPossible => (
            Verdict::Likely,
            format!(
                "No goal time: the plan aims at the {} this model expects on race day (range {range}).",
                clock(central)
            ),
            new_runner.then(|| format!("{start_hint}expect about {} on race day.", clock(central))),
            // The whole second the runner is told to aim for, so the pacing plan runs at it.
            central.round(),
        ),
        Goal::Time(goal) => {
            let g = goal_mile(goal).secs();
            let shown = goal.to_string();
            let on = request.race_date;
            if g >= central {
                (
                    Verdict::Likely,
                    format!(
                        "{shown} is no faster than the {} this model expects on {on} (range {range}): likely, if you train as planned.",
                        clock(central)
                    ),
                    new_runner.then(|| {
                        format!("{start_hint}expect about {} on test day.", clock(central))
                    }),
                    g,
                )
            } else if g >= low {
                (
                    Verdict::Stretch,
                    format!(
                        "{shown} is inside the race-day range {range} but faster than the {} expected: a stretch that needs the training to go well.",
                        clock(central)
                    ),
                    Some(format!(
                        "{start_hint}expect about {} on {on}; a time trial in the plan will tell whether {shown} is on.",
                        clock(central)
                    )),
                    g,
                )
            } else {
                let needed = (1..=ADVICE_HORIZON_WEEKS).find(|&w| {
                    at(1.0, f64::from(w)) * (1.0 - specific_at(endurance_only, f64::from(w))) <= g
                });
                let instead = match needed {
                    Some(w) => format!(
                        "At the rate this model expects, {shown} takes about {w} weeks of training (a race around {}). ",
                        request
                            .start
                            .checked_add(jiff::Span::new().weeks(i64::from(w) + 1))
                            .unwrap_or(on)
                    ),
                    None => format!(
                        "{shown} is beyond what two years of training usually bring from here. "
                    ),
                };
                (
                    Verdict::Unlikely,
                    format!(
                        "{shown} is faster than even the optimistic end of the race-day range {range}: unlikely by {on}."
                    ),
                    Some(format!(
                        "{start_hint}{instead}For {on}, aim for {}: the plan trains at that pace and moves it when a time trial says you are faster.",
                        clock(central)
                    )),
                    central.round(),
                )
            }
        }
    };

    let advice = advice.map(|a| {
        let mut chars = a.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    });
    Feasibility {
        predicted_mile_now_s: round1(now_s),
        predicted_mile_race_day_s: [round1(low), round1(high)],
        expected_mile_race_day_s: round1(central),
        verdict,
        reason,
        advice,
        basis,
        training_goal_mile_s: round1(training_goal),
        goal_age_grade_pct,
        training_weeks: (weeks * 10.0).round() / 10.0,
    }
}

fn specific_at(endurance_only: bool, weeks: f64) -> f64 {
    if endurance_only {
        SPECIFICITY.1 * (weeks / SPECIFICITY_FULL_WEEKS).min(1.0)
    } else {
        0.0
    }
}

fn goal_of(request: &Request, central: f64) -> Duration {
    match request.goal {
        Goal::Time(goal) => goal_mile(goal),
        Goal::AsFastAsPossible => Duration::from_secs(central).unwrap_or(Duration::ZERO),
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// `M:SS` to the whole second.
pub fn clock(secs: f64) -> String {
    Duration::from_secs(secs.round()).map_or_else(|| "?".to_owned(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_central_rate_at_vdot_45_is_daniels_one_point_in_four_weeks() {
        assert!((weekly_gain(45.0, None) - 0.25).abs() < 1e-12);
        assert!((weekly_gain(52.5, None) - 0.20).abs() < 1e-12);
        assert_eq!(weekly_gain(10.0, None), 0.6);
        assert_eq!(weekly_gain(90.0, None), 0.06);
    }

    #[test]
    fn older_runners_gain_more_slowly_but_never_less_than_half() {
        assert_eq!(weekly_gain(45.0, Some(35)), 0.25);
        assert!((weekly_gain(45.0, Some(45)) - 0.25 * 0.88).abs() < 1e-12);
        assert_eq!(weekly_gain(45.0, Some(100)), 0.125);
    }

    #[test]
    fn a_goal_at_1600_m_is_a_little_slower_as_a_mile() {
        let goal: Performance = "1600m=7:00".parse().unwrap();
        let mile = goal_mile(goal).secs();
        assert!(mile > 420.0 && mile < 423.0, "{mile}");
        assert!((at_distance(mile, Distance::metres_const(1600.0)) - 420.0).abs() < 1e-9);
    }
}
