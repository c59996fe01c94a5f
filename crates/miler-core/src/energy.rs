//! The energy cost of a run: oxygen uptake and kilocalories for a distance, a time, a body
//! mass, a grade and a direction (forward or backward).
//!
//! Three published estimates are given side by side, because each answers a slightly
//! different question and none is exact:
//!
//! - **ACSM running equation** (ACSM's Guidelines for Exercise Testing and Prescription):
//!   `VO2 = 0.2 S + 0.9 S G + 3.5` ml/kg/min with S in m/min and G the grade as a decimal,
//!   at about 5 kcal per litre of oxygen. It is *gross* (it includes the 3.5 ml/kg/min of
//!   rest) and is what most calorie counters show. ACSM gives it for level and uphill running
//!   only, so it is left out on a downhill.
//! - **Minetti et al. 2002** (J Appl Physiol 93:1039) cost of running on a gradient i:
//!   `Cr(i) = 155.4 i⁵ − 30.4 i⁴ − 43.3 i³ + 46.3 i² + 19.5 i + 3.6` J/kg/m, net of rest,
//!   fitted for −0.45 ≤ i ≤ 0.45. It covers downhills, so it is the one to sum over the
//!   segments of a hilly workout; grades beyond its fitted range are refused.
//! - **The rule of thumb**: running costs about 1 kcal per kg per km above rest on level
//!   ground, whatever the speed. ACSM's net cost on the flat is exactly this (0.2 ml/kg/m at
//!   5 kcal/l), which makes it a sanity check on the other two.
//!
//! Backward running costs 35 ± 6 % more than forward at the same speed (Wright & Weyand
//! 2001, J Exp Biol 204:1805; the popular figure is 30 %). The factor multiplies the cost of
//! moving, the part above rest, in every model; resting uptake is the same either way.
//!
//! Every input is a validated type ([`BodyMass`], [`Grade`], [`Performance`]), so once an
//! [`Effort`] exists its estimate cannot fail.

use std::fmt;
use std::iter::Sum;
use std::ops::Add;
use std::str::FromStr;

use crate::units::{Performance, Speed};

/// Oxygen uptake at rest, ml/kg/min (one MET), as in the ACSM equation.
pub const RESTING_VO2_ML_KG_MIN: f64 = 3.5;

/// Energy released per litre of oxygen, kcal. The true value runs from about 4.7 (fat) to
/// 5.05 (carbohydrate); ACSM rounds it to 5.
pub const KCAL_PER_LITRE_O2: f64 = 5.0;

/// The net cost of level running, kcal per kg per km: the rule of thumb.
pub const NET_KCAL_PER_KG_KM: f64 = 1.0;

/// Joules in a (thermochemical) kilocalorie.
const JOULES_PER_KCAL: f64 = 4184.0;

/// Grades outside this range are outside the data Minetti's polynomial was fitted to.
pub const MINETTI_GRADE_RANGE: (f64, f64) = (-0.45, 0.45);

/// Speeds below this (134 m/min, about 8 km/h) are where ACSM's running equation holds only
/// if the runner is truly running; walking costs less.
const ACSM_RUNNING_MIN_M_PER_MIN: f64 = 134.0;

/// What backward running costs relative to forward, at the same speed.
pub mod backward {
    /// The measured mean: 35 % more (Wright & Weyand 2001).
    pub const FACTOR: f64 = 1.35;
    /// The measured spread, ± 6 % (mean ± s.e.m., four trained runners).
    pub const SPREAD: f64 = 0.06;
    /// The figure quoted in the press and in training articles: 30 % more.
    pub const POPULAR_FACTOR: f64 = 1.30;
    /// Where the numbers come from.
    pub const SOURCE: &str = "Wright & Weyand 2001, J Exp Biol 204:1805 (35 ± 6 % more than \
                              forward at the same speed; popular figure 30 %)";

    /// The low and high ends of the measured factor: 1.29 and 1.41.
    pub fn range() -> (f64, f64) {
        (FACTOR - SPREAD, FACTOR + SPREAD)
    }
}

/// An amount of energy, stored in kilocalories: finite and not negative.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Energy(f64);

impl Energy {
    pub const ZERO: Energy = Energy(0.0);

    /// `None` if `kcal` is negative, infinite or NaN.
    pub fn from_kcal(kcal: f64) -> Option<Energy> {
        (kcal.is_finite() && kcal >= 0.0).then_some(Energy(kcal))
    }

    pub fn from_joules(joules: f64) -> Option<Energy> {
        Energy::from_kcal(joules / JOULES_PER_KCAL)
    }

    pub fn kcal(self) -> f64 {
        self.0
    }

    pub fn kilojoules(self) -> f64 {
        self.0 * JOULES_PER_KCAL / 1000.0
    }
}

impl Add for Energy {
    type Output = Energy;
    fn add(self, rhs: Energy) -> Energy {
        Energy(self.0 + rhs.0)
    }
}

/// Segments of a workout add up.
impl Sum for Energy {
    fn sum<I: Iterator<Item = Energy>>(iter: I) -> Energy {
        iter.fold(Energy::ZERO, Add::add)
    }
}

impl fmt::Display for Energy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whole kilocalories, halves rounded away from zero (`{:.0}` would round to even).
        write!(f, "{} kcal", self.0.round())
    }
}

/// A runner's body mass in kilograms, within what a runner can weigh.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct BodyMass(f64);

impl BodyMass {
    /// The accepted range, kg: from a small child to well beyond any runner, so a typo or a
    /// mass in the wrong unit is caught rather than costed.
    pub const RANGE_KG: (f64, f64) = (10.0, 300.0);

    const KG_PER_LB: f64 = 0.453_592_37;

    pub fn from_kg(kg: f64) -> Result<BodyMass, EnergyError> {
        let (min, max) = BodyMass::RANGE_KG;
        if kg.is_finite() && (min..=max).contains(&kg) {
            Ok(BodyMass(kg))
        } else {
            Err(EnergyError::MassOutOfRange { kg })
        }
    }

    pub fn kg(self) -> f64 {
        self.0
    }
}

impl FromStr for BodyMass {
    type Err = EnergyError;

    /// Accepts kilograms (`70`, `70kg`) or pounds (`154lb`, `154lbs`).
    fn from_str(text: &str) -> Result<BodyMass, EnergyError> {
        let lower = text.trim().to_ascii_lowercase();
        let (number, per_unit) = if let Some(n) = lower.strip_suffix("kg") {
            (n, 1.0)
        } else if let Some(n) = lower
            .strip_suffix("lbs")
            .or_else(|| lower.strip_suffix("lb"))
        {
            (n, BodyMass::KG_PER_LB)
        } else {
            (lower.as_str(), 1.0)
        };
        let value: f64 = number
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| EnergyError::NotAMass {
                input: text.to_owned(),
            })?;
        BodyMass::from_kg(value * per_unit)
    }
}

/// A grade (slope) as a decimal: rise over run, `0.05` for 5 % uphill, negative downhill.
/// Always within Minetti's fitted range, −0.45 to 0.45.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Grade(f64);

impl Grade {
    pub const LEVEL: Grade = Grade(0.0);

    pub fn from_decimal(decimal: f64) -> Result<Grade, EnergyError> {
        let (min, max) = MINETTI_GRADE_RANGE;
        if decimal.is_finite() && (min..=max).contains(&decimal) {
            Ok(Grade(decimal))
        } else {
            Err(EnergyError::GradeOutOfRange { grade: decimal })
        }
    }

    pub fn decimal(self) -> f64 {
        self.0
    }

    pub fn percent(self) -> f64 {
        self.0 * 100.0
    }
}

impl FromStr for Grade {
    type Err = EnergyError;

    /// Accepts a decimal (`0.05`, `-0.1`) or a percentage (`5%`, `-10%`).
    fn from_str(text: &str) -> Result<Grade, EnergyError> {
        let trimmed = text.trim();
        // Dividing by 100 (rather than multiplying by 0.01) keeps `60%` exactly 0.6.
        let (number, divisor) = match trimmed.strip_suffix('%') {
            Some(n) => (n.trim(), 100.0),
            None => (trimmed, 1.0),
        };
        let value: f64 = number
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| EnergyError::NotAGrade {
                input: text.to_owned(),
            })?;
        Grade::from_decimal(value / divisor)
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.percent())
    }
}

/// Which way the runner faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Forward,
    Backward,
}

impl Direction {
    /// How much more moving costs than running forward: 1 forward, [`backward::FACTOR`]
    /// backward.
    pub fn cost_factor(self) -> f64 {
        match self {
            Direction::Forward => 1.0,
            Direction::Backward => backward::FACTOR,
        }
    }
}

/// Bad inputs to an energy estimate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EnergyError {
    #[error(
        "a body mass of {kg} kg is outside {min} to {max} kg; give your mass in kilograms \
         (70 or 70kg), or in pounds with lb (154lb)",
        min = BodyMass::RANGE_KG.0,
        max = BodyMass::RANGE_KG.1
    )]
    MassOutOfRange { kg: f64 },

    #[error("`{input}` is not a body mass; give kilograms (70 or 70kg) or pounds with lb (154lb)")]
    NotAMass { input: String },

    #[error(
        "a grade of {grade} ({pct}%) is outside -0.45 to 0.45, the range Minetti's cost-of-running \
         curve was measured over; give the grade as a decimal within it (0.05 for 5 % uphill, \
         -0.1 for 10 % downhill)",
        pct = grade * 100.0
    )]
    GradeOutOfRange { grade: f64 },

    #[error(
        "`{input}` is not a grade; give a decimal such as 0.05 (5 % uphill) or -0.1, or a \
         percentage such as 5%"
    )]
    NotAGrade { input: String },
}

/// Why one of the estimates deserves less trust for this effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caveat {
    /// ACSM's equation is for level and uphill running, so it was not used on a downhill.
    AcsmNotForDownhill,
    /// Below 134 m/min the ACSM running equation holds only for true running, not walking.
    AcsmSlowRunning,
}

impl fmt::Display for Caveat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Caveat::AcsmNotForDownhill => {
                "ACSM's running equation is for level and uphill running, so it is not given \
                 for a downhill; use Minetti's estimate"
            }
            Caveat::AcsmSlowRunning => {
                "below 134 m/min (about 8 km/h) ACSM's running equation holds only if you are \
                 truly running; walking costs less"
            }
        })
    }
}

/// One bout of running to cost: a distance in a time, by a runner of a mass, on a grade,
/// facing a direction. A workout segment is one `Effort`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effort {
    pub performance: Performance,
    pub mass: BodyMass,
    pub grade: Grade,
    pub direction: Direction,
}

impl Effort {
    /// Forward running on level ground.
    pub fn level(performance: Performance, mass: BodyMass) -> Effort {
        Effort {
            performance,
            mass,
            grade: Grade::LEVEL,
            direction: Direction::Forward,
        }
    }

    /// The estimate with the direction's usual cost factor.
    pub fn estimate(&self) -> EnergyEstimate {
        self.estimate_with_factor(self.direction.cost_factor())
    }

    /// The estimate with the cost of moving multiplied by `factor` instead, for showing the
    /// ends of the measured backward range or the popular 30 % figure.
    ///
    /// # Panics
    /// If `factor` is not positive and finite.
    pub fn estimate_with_factor(&self, factor: f64) -> EnergyEstimate {
        assert!(
            factor.is_finite() && factor > 0.0,
            "a cost factor is positive"
        );
        let speed = self.performance.speed();
        let s = speed.m_per_min();
        let g = self.grade.decimal();
        let kg = self.mass.kg();
        let minutes = self.performance.time().minutes();
        let km = self.performance.distance().km();
        let litres = |vo2_ml_kg_min: f64| vo2_ml_kg_min * kg * minutes / 1000.0;
        let kcal = |value: f64| Energy::from_kcal(value).expect("costs are not negative");

        let mut caveats = Vec::new();
        let acsm = if g < 0.0 {
            caveats.push(Caveat::AcsmNotForDownhill);
            None
        } else {
            if s < ACSM_RUNNING_MIN_M_PER_MIN {
                caveats.push(Caveat::AcsmSlowRunning);
            }
            let net_vo2 = factor * acsm_net_vo2(speed, self.grade);
            let gross_vo2 = net_vo2 + RESTING_VO2_ML_KG_MIN;
            Some(Acsm {
                vo2_ml_kg_min: gross_vo2,
                gross: kcal(litres(gross_vo2) * KCAL_PER_LITRE_O2),
                net: kcal(litres(net_vo2) * KCAL_PER_LITRE_O2),
            })
        };

        let cost = factor * minetti_cost_j_kg_m(self.grade);
        EnergyEstimate {
            cost_factor: factor,
            acsm,
            minetti_cost_j_kg_m: cost,
            minetti_net: Energy::from_joules(cost * kg * self.performance.distance().metres())
                .expect("Minetti's cost is positive over its range"),
            rule_of_thumb_net: kcal(factor * NET_KCAL_PER_KG_KM * kg * km),
            resting: kcal(litres(RESTING_VO2_ML_KG_MIN) * KCAL_PER_LITRE_O2),
            caveats,
        }
    }
}

/// The ACSM running equation's figures for one effort.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Acsm {
    /// Gross oxygen uptake, ml/kg/min, resting uptake included.
    pub vo2_ml_kg_min: f64,
    /// Everything spent during the run, rest included.
    pub gross: Energy,
    /// Gross minus what resting for the same time would have cost.
    pub net: Energy,
}

/// The energy an [`Effort`] costs by each model. `cost_factor` (1 forward, 1.35 backward) is
/// already applied to every figure.
#[derive(Debug, Clone, PartialEq)]
pub struct EnergyEstimate {
    /// The multiplier applied to the cost of moving.
    pub cost_factor: f64,
    /// ACSM's figures; `None` on a downhill, where ACSM does not apply.
    pub acsm: Option<Acsm>,
    /// Minetti's cost of running at this grade, J/kg/m, net of rest.
    pub minetti_cost_j_kg_m: f64,
    /// Minetti's net energy for the distance. Defined at every allowed grade, so it is the
    /// figure to add up over the segments of a workout.
    pub minetti_net: Energy,
    /// 1 kcal per kg per km: the level-ground rule of thumb, as a sanity check.
    pub rule_of_thumb_net: Energy,
    /// Resting energy over the same time (3.5 ml/kg/min); add it to a net figure for gross.
    pub resting: Energy,
    /// Reasons to trust a figure less for this effort.
    pub caveats: Vec<Caveat>,
}

/// ACSM's uptake above rest, ml/kg/min: `0.2 S + 0.9 S G`.
pub fn acsm_net_vo2(speed: Speed, grade: Grade) -> f64 {
    let s = speed.m_per_min();
    0.2 * s + 0.9 * s * grade.decimal()
}

/// Minetti's cost of running, J/kg/m, at `grade`:
/// `155.4 i⁵ − 30.4 i⁴ − 43.3 i³ + 46.3 i² + 19.5 i + 3.6`.
pub fn minetti_cost_j_kg_m(grade: Grade) -> f64 {
    let i = grade.decimal();
    // Horner's form of the polynomial, highest power first.
    [155.4, -30.4, -43.3, 46.3, 19.5, 3.6]
        .iter()
        .fold(0.0, |acc, c| acc * i + c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0)
    }

    fn effort(result: &str, kg: f64, grade: f64, direction: Direction) -> Effort {
        Effort {
            performance: result.parse().unwrap(),
            mass: BodyMass::from_kg(kg).unwrap(),
            grade: Grade::from_decimal(grade).unwrap(),
            direction,
        }
    }

    /// Minetti's polynomial at grades worked out by hand from the published constants.
    #[test]
    fn minetti_cost_by_hand() {
        let table = [
            (0.0, 3.6),
            // 155.4e-5 − 30.4e-4 − 43.3e-3 + 46.3e-2 + 1.95 + 3.6
            (0.10, 5.968214),
            // −155.4e-5 − 30.4e-4 + 43.3e-3 + 46.3e-2 − 1.95 + 3.6
            (-0.10, 2.151706),
            // 155.4 × 0.0184528125 − 30.4 × 0.04100625 − 43.3 × 0.091125 + 46.3 × 0.2025
            // + 8.775 + 3.6, at the top of the fitted range
            (0.45, 19.4260145625),
            // The same powers with odd terms negated, at the bottom of the range
            (-0.45, 4.0323054375),
            // Near the cheapest downhill gradient
            (-0.2, 1.800032),
        ];
        for (grade, cost) in table {
            let got = minetti_cost_j_kg_m(Grade::from_decimal(grade).unwrap());
            assert!(close(got, cost), "Cr({grade}) = {got}, expected {cost}");
        }
        // Running downhill is cheapest near −0.2 and dearer both steeper and shallower.
        let at = |g: f64| minetti_cost_j_kg_m(Grade::from_decimal(g).unwrap());
        assert!(at(-0.2) < at(-0.1) && at(-0.2) < at(-0.3));
    }

    /// 5 km in 25:00 is 200 m/min: ACSM gives 0.2 × 200 + 3.5 = 43.5 ml/kg/min on the flat.
    /// For 70 kg over 25 min that is 43.5 × 70 × 25 / 1000 = 76.125 l of oxygen, 380.625 kcal
    /// gross; net 350 kcal, the same as 1 kcal/kg/km × 70 kg × 5 km; Minetti gives
    /// 3.6 × 70 × 5000 J = 1.26 MJ = 301.147 kcal.
    #[test]
    fn worked_example_level_forward() {
        let estimate = effort("5k=25:00", 70.0, 0.0, Direction::Forward).estimate();
        let acsm = estimate.acsm.unwrap();
        let table = [
            ("vo2", acsm.vo2_ml_kg_min, 43.5),
            ("acsm gross", acsm.gross.kcal(), 380.625),
            ("acsm net", acsm.net.kcal(), 350.0),
            ("rule of thumb", estimate.rule_of_thumb_net.kcal(), 350.0),
            ("minetti J/kg/m", estimate.minetti_cost_j_kg_m, 3.6),
            ("minetti", estimate.minetti_net.kcal(), 1_260_000.0 / 4184.0),
            ("resting", estimate.resting.kcal(), 30.625),
            ("factor", estimate.cost_factor, 1.0),
        ];
        for (what, got, expected) in table {
            assert!(close(got, expected), "{what}: {got} vs {expected}");
        }
        assert!(estimate.caveats.is_empty());
    }

    /// ACSM's grade term and Minetti's curve on a 5 % climb, by hand.
    #[test]
    fn worked_example_uphill() {
        // 200 m/min at G = 0.05: 40 + 0.9 × 200 × 0.05 + 3.5 = 52.5 ml/kg/min.
        let estimate = effort("5k=25:00", 70.0, 0.05, Direction::Forward).estimate();
        let acsm = estimate.acsm.unwrap();
        assert!(close(acsm.vo2_ml_kg_min, 52.5));
        assert!(close(acsm.gross.kcal(), 52.5 * 70.0 * 25.0 / 1000.0 * 5.0));
        assert!(close(acsm.net.kcal(), 49.0 * 70.0 * 25.0 / 1000.0 * 5.0));
        // 155.4 × 0.05⁵ − 30.4 × 0.05⁴ − 43.3 × 0.05³ + 46.3 × 0.05² + 19.5 × 0.05 + 3.6
        let cr = 0.0000485625 - 0.00019 - 0.0054125 + 0.11575 + 0.975 + 3.6;
        assert!(close(estimate.minetti_cost_j_kg_m, cr));
        // The rule of thumb is for level ground and ignores the grade.
        assert!(close(estimate.rule_of_thumb_net.kcal(), 350.0));
    }

    #[test]
    fn backward_running_costs_the_factor_more() {
        let forward = effort("mile=8:00", 70.0, 0.0, Direction::Forward).estimate();
        let backward = effort("mile=8:00", 70.0, 0.0, Direction::Backward).estimate();
        let (f, b) = (forward.acsm.unwrap(), backward.acsm.unwrap());
        assert_eq!(backward.cost_factor, 1.35);
        assert!(close(b.net.kcal(), 1.35 * f.net.kcal()));
        // Rest is not multiplied: gross rises by the net difference only.
        assert!(close(b.gross.kcal() - f.gross.kcal(), 0.35 * f.net.kcal()));
        assert!(close(b.vo2_ml_kg_min - 3.5, 1.35 * (f.vo2_ml_kg_min - 3.5)));
        assert!(close(
            backward.minetti_net.kcal(),
            1.35 * forward.minetti_net.kcal()
        ));
        assert!(close(
            backward.rule_of_thumb_net.kcal(),
            1.35 * forward.rule_of_thumb_net.kcal()
        ));
        assert_eq!(backward.resting, forward.resting);

        let (low, high) = backward::range();
        assert!(close(low, 1.29) && close(high, 1.41));
        let effort = effort("mile=8:00", 70.0, 0.0, Direction::Backward);
        let at_low = effort.estimate_with_factor(low).minetti_net.kcal();
        assert!(close(at_low, 1.29 * forward.minetti_net.kcal()));
    }

    /// Every figure is proportional to mass, so twice the runner costs twice the energy.
    #[test]
    fn energy_scales_linearly_with_mass() {
        for grade in [-0.2, 0.0, 0.1] {
            let light = effort("10k=50:00", 50.0, grade, Direction::Forward).estimate();
            let heavy = effort("10k=50:00", 100.0, grade, Direction::Forward).estimate();
            let pairs = [
                (light.minetti_net.kcal(), heavy.minetti_net.kcal()),
                (
                    light.rule_of_thumb_net.kcal(),
                    heavy.rule_of_thumb_net.kcal(),
                ),
                (light.resting.kcal(), heavy.resting.kcal()),
            ];
            for (l, h) in pairs {
                assert!(close(h, 2.0 * l), "grade {grade}: {l} {h}");
            }
            if let (Some(l), Some(h)) = (light.acsm, heavy.acsm) {
                assert!(close(h.gross.kcal(), 2.0 * l.gross.kcal()));
                assert!(close(h.net.kcal(), 2.0 * l.net.kcal()));
                assert_eq!(h.vo2_ml_kg_min, l.vo2_ml_kg_min);
            }
        }
    }

    #[test]
    fn downhill_and_slow_running_carry_caveats() {
        let down = effort("5k=25:00", 70.0, -0.1, Direction::Forward).estimate();
        assert_eq!(down.acsm, None);
        assert_eq!(down.caveats, vec![Caveat::AcsmNotForDownhill]);
        assert!(close(down.minetti_cost_j_kg_m, 2.151706));

        // 5 km in 40:00 is 125 m/min.
        let slow = effort("5k=40:00", 70.0, 0.0, Direction::Forward).estimate();
        assert!(slow.acsm.is_some());
        assert_eq!(slow.caveats, vec![Caveat::AcsmSlowRunning]);
    }

    #[test]
    fn segments_add_up() {
        let segments = [
            effort("400m=90", 60.0, 0.0, Direction::Forward),
            effort("400m=120", 60.0, 0.0, Direction::Backward),
        ];
        let total: Energy = segments.iter().map(|s| s.estimate().minetti_net).sum();
        // 3.6 J/kg/m × 60 kg × 400 m × (1 + 1.35)
        assert!(close(
            total.kilojoules(),
            3.6 * 60.0 * 400.0 * 2.35 / 1000.0
        ));
    }

    #[test]
    fn masses_parse_and_are_checked() {
        let good = [
            ("70", 70.0),
            ("70kg", 70.0),
            ("70.5 kg", 70.5),
            ("154lb", 154.0 * 0.453_592_37),
            ("154 lbs", 154.0 * 0.453_592_37),
        ];
        for (text, kg) in good {
            let mass: BodyMass = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!(close(mass.kg(), kg), "{text}");
        }
        let bad = [
            ("-70", EnergyError::MassOutOfRange { kg: -70.0 }),
            ("0", EnergyError::MassOutOfRange { kg: 0.0 }),
            ("700", EnergyError::MassOutOfRange { kg: 700.0 }),
            (
                "seventy",
                EnergyError::NotAMass {
                    input: "seventy".into(),
                },
            ),
            (
                "nan",
                EnergyError::NotAMass {
                    input: "nan".into(),
                },
            ),
        ];
        for (text, expected) in bad {
            let err = text.parse::<BodyMass>().unwrap_err();
            assert_eq!(err, expected, "{text}");
            assert!(err.to_string().contains("kilograms"), "{err}");
        }
    }

    #[test]
    fn grades_parse_and_are_checked() {
        let good = [
            ("0.05", 0.05),
            ("-0.1", -0.1),
            ("5%", 0.05),
            ("-45%", -0.45),
            ("0.45", 0.45),
            ("0", 0.0),
        ];
        for (text, decimal) in good {
            let grade: Grade = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!(close(grade.decimal(), decimal), "{text}");
        }
        let bad = [
            ("0.6", EnergyError::GradeOutOfRange { grade: 0.6 }),
            ("-0.46", EnergyError::GradeOutOfRange { grade: -0.46 }),
            ("60%", EnergyError::GradeOutOfRange { grade: 0.6 }),
            (
                "steep",
                EnergyError::NotAGrade {
                    input: "steep".into(),
                },
            ),
            (
                "inf",
                EnergyError::NotAGrade {
                    input: "inf".into(),
                },
            ),
        ];
        for (text, expected) in bad {
            let err = text.parse::<Grade>().unwrap_err();
            assert_eq!(err, expected, "{text}");
            assert!(err.to_string().contains("0.05"), "{err}");
        }
        let err = Grade::from_decimal(0.6).unwrap_err().to_string();
        assert!(
            err.contains("0.6") && err.contains("-0.45 to 0.45"),
            "{err}"
        );
    }

    #[test]
    fn energy_units() {
        let energy = Energy::from_joules(4184.0).unwrap();
        assert!(close(energy.kcal(), 1.0));
        assert!(close(energy.kilojoules(), 4.184));
        assert_eq!(Energy::from_kcal(-1.0), None);
        assert_eq!(Energy::from_kcal(380.625).unwrap().to_string(), "381 kcal");
        assert_eq!(Energy::from_kcal(472.5).unwrap().to_string(), "473 kcal");
    }
}
