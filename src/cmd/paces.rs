//! `miler paces`: Daniels training paces from a VDOT or a result, and the numbers a goal
//! mile turns into (training splits, race laps, bends and straights, treadmill speed and the
//! articles' rep rules), each labelled with the rule that made it.

use std::fmt::Write as _;

use miler_core::limits;
use miler_core::paces::{PaceRange, TrainingPaces};
use miler_core::splits::{GoalSplits, Lap, TrackPart};
use miler_core::{Distance, Duration, Pace, Performance, Vdot};
use serde::Serialize;

use crate::cli::{emit, invalid, round};

/// Training paces and goal-mile splits.
///
/// Give your fitness as a VDOT or a recent result to get Daniels' E/M/T/I/R paces, and a goal
/// mile to get its splits. Both may be given together.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler paces --goal-mile 6:00            splits, laps and rep targets for a 6:00 mile
  miler paces --from 5k=20:00             Daniels paces from a 20:00 5 km
  miler paces --vdot 50 --goal-mile 5:45  both
  miler paces --goal-mile 6:00 --json")]
#[command(group(clap::ArgGroup::new("input").required(true).multiple(true).args(["vdot", "from", "goal_mile"])))]
pub struct Args {
    /// Your VDOT (30-85 covers Daniels' tables).
    #[arg(long, conflicts_with = "from")]
    vdot: Option<f64>,

    /// A recent result of 1500 m or longer, as DIST=TIME (5k=20:00, mile=6:10, 10k=42:00).
    #[arg(long, value_name = "DIST=TIME")]
    from: Option<Performance>,

    /// The mile you want to run, as M:SS (6:00, 5:59.4).
    #[arg(long, value_name = "TIME")]
    goal_mile: Option<Duration>,
}

pub fn run(args: &Args, json: bool) -> anyhow::Result<()> {
    let vdot = match (args.vdot, args.from) {
        (Some(value), _) => Some(checked_vdot(value)?),
        (None, Some(result)) => Some(vdot_from(result)?),
        (None, None) => None,
    };
    let daniels = vdot.map(TrainingPaces::for_vdot);
    let goal = match args.goal_mile {
        Some(goal) => {
            let splits = GoalSplits::for_goal(goal).ok_or_else(|| {
                invalid(format!(
                    "--goal-mile {goal} is not a mile time: give a time above zero, such as 6:00"
                ))
            })?;
            if let Some(mile) = Performance::new(Distance::MILE, goal) {
                limits::check_performance(mile)
                    .map_err(|e| invalid(format!("--goal-mile {goal}: {e}")))?;
            }
            Some(splits)
        }
        None => None,
    };
    let view = PacesView {
        vdot: vdot.map(|v| round(v.value(), 1)),
        from: args.from.map(|p| p.to_string()),
        daniels: daniels.as_ref().map(DanielsView::from),
        goal: goal.as_ref().map(GoalView::from),
    };
    emit(json, &view, || {
        human(daniels.as_ref(), goal.as_ref(), args.from)
    })
}

fn checked_vdot(value: f64) -> anyhow::Result<Vdot> {
    match Vdot::new(value) {
        Some(vdot) if (20.0..=90.0).contains(&value) => Ok(vdot),
        _ => Err(invalid(format!(
            "--vdot {value} is outside 20-90, where Daniels' model has meaning; give a VDOT such as 50, \
             or a result with --from 5k=20:00"
        ))),
    }
}

fn vdot_from(result: Performance) -> anyhow::Result<Vdot> {
    limits::check_performance(result).map_err(|e| invalid(format!("--from {result}: {e}")))?;
    // The oxygen-power model is built for 1500 m to the marathon; from shorter races it
    // overstates fitness, so refuse rather than hand out paces that would be too fast.
    if result.distance().metres() < 1500.0 || result.time().minutes() < 3.5 {
        return Err(invalid(format!(
            "--from {result}: Daniels' paces need a result of 1500 m or longer (VDOT is built for \
             1500 m to the marathon); give one such as --from 5k=24:00, or use --goal-mile for splits"
        )));
    }
    checked_vdot(Vdot::from_performance(result).value())
}

const DANIELS_RULE: &str = "Daniels' Running Formula (3rd ed.) table, reproduced by its oxygen-cost rules: \
E 63-74 % of VDOT, M = predicted marathon pace, T 88 %, I 97.5 %, R = I - 6 s/400 m (8 s below VDOT 50)";
const TRAINING_RULE: &str =
    "mile as four 400 m laps, as the mile articles count it: a 6:00 mile is 90 s per 400 m";
const RACE_LAPS_RULE: &str = "true mile (1609.344 m) at even pace: the start is 9.344 m behind the line, so the first lap is longer";
const REP_200_RULE: &str = "200 m reps slightly faster than 400 m pace: half the 400 m split minus 2 s (80 s per 400 m gives 38 s)";
const NEGATIVE_SPLIT_RULE: &str = "negative-split 400s: first 200 m 5 s slower than the second, second half faster than goal pace";
const THRESHOLD_RULE: &str =
    "threshold: 3-4 x 10 min at 40-50 s per mile slower than mile race pace";
const VO2MAX_RULE: &str = "VO2max: repeats of one mile at 5 km race pace (the 5 km the goal mile predicts by \
VDOT), about 30-40 s per mile slower than the mile";

#[derive(Serialize)]
struct PacesView {
    vdot: Option<f64>,
    from: Option<String>,
    daniels: Option<DanielsView>,
    goal: Option<GoalView>,
}

#[derive(Serialize)]
struct PaceView {
    pace_s_per_km: f64,
    pace_s_per_mile: f64,
    per_400m_s: f64,
    speed_m_s: f64,
}

impl From<Pace> for PaceView {
    fn from(pace: Pace) -> PaceView {
        PaceView {
            pace_s_per_km: round(pace.secs_per_km(), 2),
            pace_s_per_mile: round(pace.secs_per_mile(), 2),
            per_400m_s: round(pace.time_for(Distance::TRACK_400).secs(), 2),
            speed_m_s: round(pace.speed().m_per_s(), 4),
        }
    }
}

/// A band: `min` is the fastest end (fewest seconds), `max` the slowest.
#[derive(Serialize)]
struct RangeView {
    min: PaceView,
    max: PaceView,
}

impl From<PaceRange> for RangeView {
    fn from(range: PaceRange) -> RangeView {
        RangeView {
            min: range.fast.into(),
            max: range.slow.into(),
        }
    }
}

#[derive(Serialize)]
#[allow(non_snake_case)] // The keys are Daniels' own letters.
struct DanielsView {
    E: RangeView,
    M: PaceView,
    T: PaceView,
    I: PaceView,
    R: PaceView,
    rule: &'static str,
}

impl From<&TrainingPaces> for DanielsView {
    fn from(p: &TrainingPaces) -> DanielsView {
        DanielsView {
            E: p.easy.into(),
            M: p.marathon.into(),
            T: p.threshold.into(),
            I: p.interval.into(),
            R: p.repetition.into(),
            rule: DANIELS_RULE,
        }
    }
}

#[derive(Serialize)]
struct LapView {
    lap: u32,
    distance_m: f64,
    cumulative_distance_m: f64,
    split_s: f64,
    cumulative_s: f64,
}

impl From<&Lap> for LapView {
    fn from(lap: &Lap) -> LapView {
        LapView {
            lap: lap.number,
            distance_m: round(lap.distance.metres(), 3),
            cumulative_distance_m: round(lap.cumulative_distance.metres(), 3),
            split_s: round(lap.split.secs(), 2),
            cumulative_s: round(lap.cumulative.secs(), 2),
        }
    }
}

#[derive(Serialize)]
struct SegmentView {
    part: &'static str,
    distance_m: f64,
    split_s: f64,
    cumulative_s: f64,
}

#[derive(Serialize)]
struct NegativeSplitView {
    first_200_s: f64,
    second_200_s: f64,
    rule: &'static str,
}

#[derive(Serialize)]
struct RuleView<T: Serialize> {
    #[serde(flatten)]
    value: T,
    rule: &'static str,
}

#[derive(Serialize)]
struct Rep200View {
    time_s: f64,
    rule: &'static str,
}

#[derive(Serialize)]
struct GoalView {
    goal_time_s: f64,
    pace_s_per_km: f64,
    per_100_s: f64,
    per_200_s: f64,
    per_300_s: f64,
    per_400_s: f64,
    per_600_s: f64,
    per_800_s: f64,
    per_1200_s: f64,
    training_splits_rule: &'static str,
    /// The 400 m time at true even pace over 1609.344 m.
    exact_per_400_s: f64,
    laps_400m_track: Vec<LapView>,
    laps_200m_track: Vec<LapView>,
    race_laps_rule: &'static str,
    bends_and_straights: Vec<SegmentView>,
    treadmill_kmh: f64,
    treadmill_mph: f64,
    rep_200m: Rep200View,
    negative_split_400: NegativeSplitView,
    threshold: RuleView<RangeView>,
    vo2max_5k_pace: RuleView<PaceView>,
    vo2max_check: RangeView,
}

impl From<&GoalSplits> for GoalView {
    fn from(g: &GoalSplits) -> GoalView {
        let split = |m: f64| round(g.training_split(m).expect("standard split").secs(), 2);
        GoalView {
            goal_time_s: round(g.goal.secs(), 3),
            pace_s_per_km: round(g.pace.secs_per_km(), 2),
            per_100_s: split(100.0),
            per_200_s: split(200.0),
            per_300_s: split(300.0),
            per_400_s: split(400.0),
            per_600_s: split(600.0),
            per_800_s: split(800.0),
            per_1200_s: split(1200.0),
            training_splits_rule: TRAINING_RULE,
            exact_per_400_s: round(g.pace.time_for(Distance::TRACK_400).secs(), 2),
            laps_400m_track: g.laps_400m_track.iter().map(LapView::from).collect(),
            laps_200m_track: g.laps_200m_track.iter().map(LapView::from).collect(),
            race_laps_rule: RACE_LAPS_RULE,
            bends_and_straights: g
                .bends_and_straights
                .iter()
                .map(|s| SegmentView {
                    part: part_name(s.part),
                    distance_m: s.distance.metres(),
                    split_s: round(s.split.secs(), 2),
                    cumulative_s: round(s.cumulative.secs(), 2),
                })
                .collect(),
            treadmill_kmh: round(g.treadmill.km_per_h(), 2),
            treadmill_mph: round(g.treadmill.mph(), 2),
            rep_200m: Rep200View {
                time_s: round(g.rep_200m.secs(), 2),
                rule: REP_200_RULE,
            },
            negative_split_400: NegativeSplitView {
                first_200_s: round(g.negative_split_400.0.secs(), 2),
                second_200_s: round(g.negative_split_400.1.secs(), 2),
                rule: NEGATIVE_SPLIT_RULE,
            },
            threshold: RuleView {
                value: g.threshold.into(),
                rule: THRESHOLD_RULE,
            },
            vo2max_5k_pace: RuleView {
                value: g.vo2max_5k_pace.into(),
                rule: VO2MAX_RULE,
            },
            vo2max_check: g.vo2max_check.into(),
        }
    }
}

fn part_name(part: TrackPart) -> &'static str {
    match part {
        TrackPart::Bend => "bend",
        TrackPart::Straight => "straight",
    }
}

/// `4:15.2` style: tenths line up in tables.
fn clock(seconds: f64) -> String {
    Duration::from_secs(seconds)
        .expect("positive")
        .display_fixed(1)
}

fn pace_cells(pace: Pace) -> String {
    format!(
        "{:>9}  {:>9}  {:>9}",
        clock(pace.secs_per_km()),
        clock(pace.secs_per_mile()),
        clock(pace.time_for(Distance::TRACK_400).secs())
    )
}

fn human(
    daniels: Option<&TrainingPaces>,
    goal: Option<&GoalSplits>,
    from: Option<Performance>,
) -> String {
    let mut out = String::new();
    if let Some(p) = daniels {
        let basis = from.map(|r| format!(" (from {r})")).unwrap_or_default();
        let _ = writeln!(out, "Training paces for VDOT {:.1}{basis}", p.vdot.value());
        let _ = writeln!(
            out,
            "        {:>9}  {:>9}  {:>9}",
            "per km", "per mile", "per 400m"
        );
        let _ = writeln!(
            out,
            "  E     {}   easy and long runs: the slow end",
            pace_cells(p.easy.slow)
        );
        let _ = writeln!(
            out,
            "        {}   ... to the fast end",
            pace_cells(p.easy.fast)
        );
        let _ = writeln!(out, "  M     {}   marathon pace", pace_cells(p.marathon));
        let _ = writeln!(
            out,
            "  T     {}   threshold: tempo, cruise intervals",
            pace_cells(p.threshold)
        );
        let _ = writeln!(
            out,
            "  I     {}   intervals: VO2max",
            pace_cells(p.interval)
        );
        let _ = writeln!(
            out,
            "  R     {}   repetitions: speed",
            pace_cells(p.repetition)
        );
        let _ = writeln!(out, "  Rule: {DANIELS_RULE}.");
    }
    if let Some(g) = goal {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "Goal mile {}: {}/km, {}/mi, treadmill {:.1} km/h = {:.2} mph",
            g.goal,
            clock(g.pace.secs_per_km()),
            clock(g.pace.secs_per_mile()),
            g.treadmill.km_per_h(),
            g.treadmill.mph()
        );
        let _ = writeln!(out, "\nTraining splits ({TRAINING_RULE})");
        let cells: Vec<String> = g
            .training_splits
            .iter()
            .map(|(d, t)| format!("{d} {}", clock(t.secs())))
            .collect();
        let _ = writeln!(out, "  {}", cells.join("   "));
        let _ = writeln!(out, "\nRace laps ({RACE_LAPS_RULE})");
        for (title, laps) in [
            ("400 m track", &g.laps_400m_track),
            ("200 m track", &g.laps_200m_track),
        ] {
            let cells: Vec<String> = laps
                .iter()
                .map(|l| {
                    format!(
                        "{:.0}m {}",
                        l.cumulative_distance.metres(),
                        clock(l.cumulative.secs())
                    )
                })
                .collect();
            let _ = writeln!(out, "  {title}: {}", cells.join("  "));
        }
        let segments: Vec<String> = g
            .bends_and_straights
            .iter()
            .map(|s| format!("{} {}", part_name(s.part), clock(s.split.secs())))
            .collect();
        let _ = writeln!(
            out,
            "  Bends and straights (100 m each): {}",
            segments.join(", ")
        );
        let _ = writeln!(out, "\nRep targets");
        let (first, second) = g.negative_split_400;
        let rows = [
            ("200 m reps", clock(g.rep_200m.secs()), REP_200_RULE),
            (
                "negative 400s",
                format!("{} + {}", clock(first.secs()), clock(second.secs())),
                NEGATIVE_SPLIT_RULE,
            ),
            (
                "threshold",
                format!(
                    "{}-{}/mi",
                    clock(g.threshold.fast.secs_per_mile()),
                    clock(g.threshold.slow.secs_per_mile())
                ),
                THRESHOLD_RULE,
            ),
            (
                "VO2max mile reps",
                format!("{}/mi", clock(g.vo2max_5k_pace.secs_per_mile())),
                VO2MAX_RULE,
            ),
        ];
        for (name, value, rule) in rows {
            let _ = writeln!(out, "  {name:<17} {value:<16} {rule}");
        }
    }
    out
}
