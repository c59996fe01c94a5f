//! `miler energy`: what a run costs in oxygen and kilocalories, by each published model.
//!
//! The estimates come from [`miler_core::energy`]; this module reads the arguments (mass,
//! grade and direction are validated as they are parsed, so bad values exit with code 2
//! before anything is computed), and prints the models side by side with their sources, or
//! one JSON document.

use miler_core::Performance;
use miler_core::energy::{
    self, Acsm, BodyMass, Direction, Effort, EnergyEstimate, Grade, backward,
};
use serde::Serialize;

use crate::cli::{emit, round};

const ACSM_SOURCE: &str = "ACSM running equation, VO2 = 0.2 S + 0.9 S G + 3.5 ml/kg/min \
                           (ACSM's Guidelines for Exercise Testing and Prescription), \
                           5 kcal per litre of O2";
const MINETTI_SOURCE: &str = "Minetti et al. 2002, J Appl Physiol 93:1039: cost of running on a \
                              gradient, fitted for grades -0.45 to 0.45";
const RULE_SOURCE: &str = "net cost of level running of about 1 kcal per kg per km";

/// Estimate the energy a run costs: oxygen uptake and kilocalories by three models.
///
/// ACSM's running equation gives the gross cost (rest included), as calorie counters do;
/// Minetti's curve gives the net cost on any grade from -45 % to +45 %, downhill included;
/// 1 kcal per kg per km is the level-ground rule of thumb they can be checked against.
/// Backward running costs 35 ± 6 % more than forward at the same speed.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler energy 5k=25:00 --mass 70                 level 5 km in 25 minutes, 70 kg
  miler energy mile=7:30 --mass 154lb --backward  a backwards mile
  miler energy 400m=2:00 --mass 60 --grade 0.08   an 8 % hill repeat
  miler energy 1k=5:00 --mass 60 --grade=-5%      running downhill
  miler energy 5k=25:00 --mass 70 --json")]
pub struct Args {
    /// The run as DISTANCE=TIME: 5k=25:00, mile=7:30, 400m=90.
    #[arg(value_name = "DIST=TIME")]
    pub result: Performance,

    /// Body mass in kilograms (70, 70kg) or pounds with lb (154lb); 10 to 300 kg.
    #[arg(long, value_name = "KG", allow_negative_numbers = true)]
    pub mass: BodyMass,

    /// Grade as a decimal (0.05 is 5 % uphill, -0.1 is 10 % downhill) or a percentage (5%);
    /// -0.45 to 0.45.
    #[arg(
        long,
        value_name = "GRADE",
        default_value = "0",
        allow_negative_numbers = true
    )]
    pub grade: Grade,

    /// Running backward: the cost of moving × 1.35 (Wright & Weyand 2001: 35 ± 6 % more).
    #[arg(long)]
    pub backward: bool,
}

/// The JSON document, energies in kcal, SI units in the other field names.
#[derive(Debug, Serialize)]
struct View {
    kcal_acsm_gross: Option<f64>,
    kcal_acsm_net: Option<f64>,
    vo2_ml_kg_min: Option<f64>,
    kcal_minetti: f64,
    minetti_cost_j_kg_m: f64,
    kcal_net: f64,
    kcal_resting: f64,
    cost_factor: f64,
    backward: Option<BackwardView>,
    distance_m: f64,
    time_s: f64,
    speed_m_s: f64,
    speed_m_per_min: f64,
    mass_kg: f64,
    grade: f64,
    direction: &'static str,
    caveats: Vec<String>,
    sources: Sources,
}

/// The backward factor used, its measured range and what the range means in kcal.
#[derive(Debug, Serialize)]
struct BackwardView {
    factor: f64,
    factor_low: f64,
    factor_high: f64,
    popular_factor: f64,
    kcal_minetti_range: [f64; 2],
    kcal_net_range: [f64; 2],
    source: &'static str,
}

#[derive(Debug, Serialize)]
struct Sources {
    acsm: &'static str,
    minetti: &'static str,
    kcal_net: &'static str,
}

pub fn run(args: &Args, json: bool) -> anyhow::Result<()> {
    let effort = Effort {
        performance: args.result,
        mass: args.mass,
        grade: args.grade,
        direction: if args.backward {
            Direction::Backward
        } else {
            Direction::Forward
        },
    };
    let estimate = effort.estimate();
    let range = (effort.direction == Direction::Backward).then(|| {
        let (low, high) = backward::range();
        (
            effort.estimate_with_factor(low),
            effort.estimate_with_factor(high),
        )
    });
    let view = view(&effort, &estimate, range.as_ref());
    emit(json, &view, || human(&effort, &estimate, range.as_ref()))
}

fn kcal(energy: energy::Energy) -> f64 {
    round(energy.kcal(), 1)
}

/// Says the backward factor is already in a figure; nothing when running forward.
fn factor_note(factor: f64) -> String {
    if factor == 1.0 {
        String::new()
    } else {
        format!(", backward × {factor} included")
    }
}

/// Whole kilocalories for people.
fn whole_kcal(energy: energy::Energy) -> String {
    energy.to_string()
}

fn view(
    effort: &Effort,
    estimate: &EnergyEstimate,
    range: Option<&(EnergyEstimate, EnergyEstimate)>,
) -> View {
    let speed = effort.performance.speed();
    let acsm = estimate.acsm;
    View {
        kcal_acsm_gross: acsm.map(|a| kcal(a.gross)),
        kcal_acsm_net: acsm.map(|a| kcal(a.net)),
        vo2_ml_kg_min: acsm.map(|a| round(a.vo2_ml_kg_min, 2)),
        kcal_minetti: kcal(estimate.minetti_net),
        minetti_cost_j_kg_m: round(estimate.minetti_cost_j_kg_m, 4),
        kcal_net: kcal(estimate.rule_of_thumb_net),
        kcal_resting: kcal(estimate.resting),
        cost_factor: estimate.cost_factor,
        backward: range.map(|(low, high)| BackwardView {
            factor: backward::FACTOR,
            factor_low: round(low.cost_factor, 2),
            factor_high: round(high.cost_factor, 2),
            popular_factor: backward::POPULAR_FACTOR,
            kcal_minetti_range: [kcal(low.minetti_net), kcal(high.minetti_net)],
            kcal_net_range: [kcal(low.rule_of_thumb_net), kcal(high.rule_of_thumb_net)],
            source: backward::SOURCE,
        }),
        distance_m: effort.performance.distance().metres(),
        time_s: round(effort.performance.time().secs(), 3),
        speed_m_s: round(speed.m_per_s(), 3),
        speed_m_per_min: round(speed.m_per_min(), 2),
        mass_kg: round(effort.mass.kg(), 2),
        grade: effort.grade.decimal(),
        direction: match effort.direction {
            Direction::Forward => "forward",
            Direction::Backward => "backward",
        },
        caveats: estimate.caveats.iter().map(ToString::to_string).collect(),
        sources: Sources {
            acsm: ACSM_SOURCE,
            minetti: MINETTI_SOURCE,
            kcal_net: RULE_SOURCE,
        },
    }
}

fn human(
    effort: &Effort,
    estimate: &EnergyEstimate,
    range: Option<&(EnergyEstimate, EnergyEstimate)>,
) -> String {
    let speed = effort.performance.speed();
    let grade = effort.grade.decimal();
    let ground = if grade == 0.0 {
        "level".to_owned()
    } else {
        format!(
            "{}% {}",
            round(effort.grade.percent().abs(), 2),
            if grade > 0.0 { "uphill" } else { "downhill" }
        )
    };
    let direction = match effort.direction {
        Direction::Forward => "forward",
        Direction::Backward => "backward",
    };
    let mut out = format!(
        "{} at {:.0} m/min ({:.1} km/h), {} kg, {ground}, {direction}\n\n",
        effort.performance,
        speed.m_per_min(),
        speed.km_per_h(),
        round(effort.mass.kg(), 1),
    );

    let mut rows: Vec<(&str, String, String)> = Vec::new();
    match estimate.acsm {
        Some(Acsm {
            vo2_ml_kg_min,
            gross,
            net,
        }) => {
            rows.push((
                "ACSM gross",
                whole_kcal(gross),
                format!("VO2 {vo2_ml_kg_min:.1} ml/kg/min, rest included"),
            ));
            rows.push((
                "ACSM net",
                whole_kcal(net),
                format!("gross minus {} of rest", whole_kcal(estimate.resting)),
            ));
        }
        None => rows.push((
            "ACSM",
            "-".to_owned(),
            "not given for a downhill".to_owned(),
        )),
    }
    rows.push((
        "Minetti net",
        whole_kcal(estimate.minetti_net),
        format!(
            "{:.2} J/kg/m at this grade{}",
            estimate.minetti_cost_j_kg_m,
            factor_note(estimate.cost_factor)
        ),
    ));
    rows.push((
        "rule of thumb",
        whole_kcal(estimate.rule_of_thumb_net),
        format!(
            "net, 1 kcal per kg per km on level ground{}",
            factor_note(estimate.cost_factor)
        ),
    ));
    for (label, value, note) in rows {
        out.push_str(&format!("  {label:<14} {value:>9}   {note}\n"));
    }

    if let Some((low, high)) = range {
        out.push_str(&format!(
            "\nBackward: the cost of moving × {} (measured 35 ± 6 %, so {:.2} to {:.2}; the \
             popular figure is {:.2}).\n  Minetti net over that range: {} to {}.\n",
            backward::FACTOR,
            low.cost_factor,
            high.cost_factor,
            backward::POPULAR_FACTOR,
            low.minetti_net.kcal().round(),
            high.minetti_net,
        ));
    }
    if !estimate.caveats.is_empty() {
        out.push('\n');
        for caveat in &estimate.caveats {
            out.push_str(&format!("Note: {caveat}.\n"));
        }
    }

    out.push_str("\nSources:\n");
    out.push_str(&format!("  ACSM      {ACSM_SOURCE}\n"));
    out.push_str(&format!("  Minetti   {MINETTI_SOURCE}\n"));
    if effort.direction == Direction::Backward {
        out.push_str(&format!("  backward  {}\n", backward::SOURCE));
    }
    out
}
