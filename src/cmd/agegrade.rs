//! `miler agegrade`: grade one result for the runner's age and sex, and say which table did it.
//!
//! The numbers come from [`miler_core::agegrade`]; this module reads the arguments, turns
//! the core's errors into input errors (exit code 2) and prints the grade as a short block or
//! as one JSON document. The JSON view lives here because the core's types are not serde.

use miler_core::Performance;
use miler_core::agegrade::{self, AgeGrade, AgeGradeError, Sex, Table};
use serde::Serialize;

use crate::cli::{emit, invalid, round};

/// Age-grade a result: how it compares with the best expected for your age and sex.
///
/// Gives the age factor, the age grade % (100 % matches the age standard; about 60 % is local
/// class, 70 % regional, 80 % national, 90 % world class) and the age-graded time (what the
/// result is worth for an open-age runner).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler agegrade mile=6:00 --age 50 --sex M                   track mile, WMA 2023
  miler agegrade mile=6:00 --age 50 --sex M --table road2025  the same mile on the road
  miler agegrade 1500m=5:10 --age 45 --sex F
  miler agegrade 5k=19:30 --age 62 --sex F --json

Tables:
  wma2023   World Masters Athletics 2023 track factors (athlib data), ages 5-110: 50 m to
            10 000 m, the mile and 2-5 miles. Ages under 30 use athlib's youth factors.
  road2025  Alan Jones' 2025 road tables (USATF MLDR), ages 5-100: the road mile.
  road2020  Alan Jones' 2020 road tables, ages 5-100: the road mile.
  `road` is short for road2025, `track` and `wma` for wma2023.")]
pub struct Args {
    /// The result as DISTANCE=TIME: mile=6:00, 1500m=4:45, 800m=2:20, 5k=19:30.
    #[arg(value_name = "DIST=TIME")]
    pub result: Performance,

    /// Your age in whole years on the day of the result.
    #[arg(long)]
    pub age: u32,

    /// M or F: the tables have factors for men and women only.
    #[arg(long, value_name = "M|F")]
    pub sex: Sex,

    /// The age-grading table: wma2023 (track events), road2025 (road mile; `road` for short)
    /// or road2020 (road mile).
    #[arg(long, value_name = "TABLE", default_value = "wma2023")]
    pub table: Table,
}

/// The JSON document: the three headline numbers and the table first, then what they came
/// from, in SI units.
#[derive(Debug, Serialize)]
struct View {
    factor: f64,
    age_grade_pct: f64,
    age_graded_time_s: f64,
    table: &'static str,
    table_name: &'static str,
    table_source: &'static str,
    event: &'static str,
    distance_m: f64,
    time_s: f64,
    age: u32,
    sex: &'static str,
    open_standard_s: f64,
    age_standard_s: f64,
    youth_factor: bool,
}

impl View {
    fn of(grade: &AgeGrade) -> View {
        let standard = grade.standard();
        let table = standard.table();
        View {
            factor: standard.factor(),
            age_grade_pct: round(grade.age_grade_pct(), 2),
            age_graded_time_s: round(grade.age_graded_time().secs(), 2),
            table: table.id(),
            table_name: table.name(),
            table_source: table.source(),
            event: standard.event().name(),
            distance_m: grade.performance().distance().metres(),
            time_s: round(grade.performance().time().secs(), 3),
            age: standard.age(),
            sex: standard.sex().code(),
            open_standard_s: round(standard.open_standard().secs(), 2),
            age_standard_s: round(standard.age_standard().secs(), 2),
            youth_factor: standard.is_youth_factor(),
        }
    }
}

pub fn run(args: &Args, json: bool) -> anyhow::Result<()> {
    let grade = agegrade::age_grade(args.result, args.age, args.sex, args.table)
        .map_err(|error| input_error(&error))?;
    emit(json, &View::of(&grade), || human(&grade))
}

/// The core's message, plus how to pick another table where that is the way out.
fn input_error(error: &AgeGradeError) -> anyhow::Error {
    match error {
        AgeGradeError::NoSuchEvent { .. } => invalid(format!(
            "{error} (choose the table with --table wma2023, road2025 or road2020)"
        )),
        _ => invalid(error.to_string()),
    }
}

fn human(grade: &AgeGrade) -> String {
    let standard = grade.standard();
    let table = standard.table();
    let who = match standard.sex() {
        Sex::Male => "man",
        Sex::Female => "woman",
    };
    let mut out = format!(
        "{:.2} % age grade: {} {} by a {who} aged {}\n\n",
        grade.age_grade_pct(),
        grade.performance().time(),
        standard.event().name(),
        standard.age(),
    );
    let rows = [
        ("age factor", format!("{:.4}", standard.factor())),
        (
            "age-graded time",
            format!(
                "{}  (time × factor: the open-age equivalent)",
                grade.age_graded_time().display_fixed(2)
            ),
        ),
        (
            "age standard",
            format!(
                "{}  (the best expected at {})",
                standard.age_standard().display_fixed(2),
                standard.age()
            ),
        ),
        (
            "open standard",
            standard.open_standard().display_fixed(2).to_string(),
        ),
        ("table", format!("{} - {}", table.id(), table.name())),
        ("source", table.source().to_owned()),
    ];
    for (label, value) in rows {
        out.push_str(&format!("  {label:<16} {value}\n"));
    }
    if standard.is_youth_factor() {
        out.push_str(
            "\nUnder 30 this is one of athlib's youth factors; WMA's own masters tables use \
             1.0 below 30.\n",
        );
    }
    out
}
