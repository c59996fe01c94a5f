//! `miler plan new`: the command line read into a plan request, the plan built, stored as
//! the athlete's active plan and printed.
//!
//! Every value is checked where it is read, so a message can name the option it came from;
//! what only makes sense as a whole (the race after the start, the long-run day among the
//! training days, enough days) is checked by [`Request::validate`], whose messages name the
//! options too.

use jiff::civil::{Date, Weekday};
use jiff::{Span, Timestamp, Zoned};
use miler_core::agegrade::Sex;
use miler_core::{Distance, Duration, Performance};
use miler_plan::request::{ALL_DAYS, day_name, parse_day};
use miler_plan::{Experience, Facilities, Fitness, Goal, PlanError, RaceVenue, Request, TrackSize};
use miler_store::NewPlan;
use miler_workout::resolve::resolve;

use super::{ATHLETE, document, human, parse_date};
use crate::cli::{emit, invalid};
use crate::db;

#[derive(Debug, clap::Args)]
#[command(group(
    clap::ArgGroup::new("target")
        .required(true)
        .args(["goal_mile", "goal", "as_fast_as_possible"])
))]
#[command(group(clap::ArgGroup::new("when").required(true).args(["race_date", "weeks"])))]
#[command(group(clap::ArgGroup::new("volume").args(["weekly", "weekly_min", "weekly_km"])))]
pub struct Args {
    /// Your goal mile, as M:SS.
    #[arg(long, value_name = "TIME")]
    goal_mile: Option<String>,
    /// A goal at another distance from 800 m to 5 km, as DIST=TIME (1600m=7:00).
    #[arg(long, value_name = "DIST=TIME")]
    goal: Option<String>,
    /// No time in mind: aim for the fastest mile the weeks allow.
    #[arg(long)]
    as_fast_as_possible: bool,
    /// The race or test day, YYYY-MM-DD; the plan ends with it.
    #[arg(long, value_name = "DATE")]
    race_date: Option<String>,
    /// Race or test N weeks after the start, on the same day of the week.
    #[arg(long, value_name = "N")]
    weeks: Option<u32>,
    /// What you can do now: recent results as DIST=TIME (repeatable), or `none` if you don't
    /// run yet.
    #[arg(long, value_name = "DIST=TIME|none", required = true)]
    from: Vec<String>,
    /// The days you can train, such as mon,wed,thu,sat,sun [default: every day].
    #[arg(long, value_name = "DAYS")]
    days: Option<String>,
    /// The day for the long run [default: Sunday if free, else your last day].
    #[arg(long, value_name = "DAY")]
    long_run: Option<String>,
    /// The first day of the plan, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE")]
    start: Option<String>,
    /// Running you do now, as time a week: 3h, 2h30, 150min.
    #[arg(long, value_name = "TIME")]
    weekly: Option<String>,
    /// Running you do now, in minutes a week.
    #[arg(long, value_name = "MIN")]
    weekly_min: Option<f64>,
    /// Running you do now, in km a week (counted at your easy pace).
    #[arg(long, value_name = "KM")]
    weekly_km: Option<f64>,
    /// How long you have been running [default: from your results and volume].
    #[arg(long, value_enum)]
    experience: Option<ExperienceArg>,
    /// Your age in years, for the goal's age grade and slower gains past 35.
    #[arg(long)]
    age: Option<u32>,
    /// M or F.
    #[arg(long, default_value = "M")]
    sex: Sex,
    /// The track you can train on.
    #[arg(long, value_enum, default_value = "400")]
    track: TrackArg,
    /// You have no hills to run up.
    #[arg(long)]
    no_hills: bool,
    /// You have a treadmill.
    #[arg(long)]
    treadmill: bool,
    /// You have a gym.
    #[arg(long)]
    gym: bool,
    /// Include backward running, introduced gradually.
    #[arg(long)]
    backward: bool,
    /// Where the race is [default: the track you train on, else the road].
    #[arg(long, value_enum)]
    venue: Option<VenueArg>,
    /// A title to list the plan by [default: the goal and date].
    #[arg(long)]
    title: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExperienceArg {
    /// You don't run yet.
    New,
    /// Running for less than a year.
    Novice,
    /// Running regularly for a year or more.
    Regular,
    /// You train and race seriously.
    Competitive,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum TrackArg {
    #[value(name = "400")]
    M400,
    #[value(name = "200")]
    M200,
    None,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum VenueArg {
    /// An outdoor 400 m track.
    Track,
    /// An indoor 200 m track.
    Indoor,
    /// A road mile, split by quarters.
    Road,
}

pub fn run(args: &Args, json: bool, db: Option<&str>) -> anyhow::Result<()> {
    let request = request(args)?;
    let plan = miler_plan::build(&request).map_err(|e| match e {
        PlanError::Request(e) => invalid(e.to_string()),
        e => e.into(),
    })?;
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| miler_plan::calendar::plan_name(&plan));
    if title.trim().is_empty() {
        return Err(invalid(
            "--title is empty: give a few words to list the plan by, or leave --title out",
        ));
    }
    let request_json = serde_json::to_string(&request)?;
    let plan_json = serde_json::to_string(&plan)?;
    let stored = db::block_on(async {
        let store = db::open(db).await?;
        let id = store
            .create_plan(
                ATHLETE,
                &NewPlan {
                    title: &title,
                    request_json: &request_json,
                    plan_json: &plan_json,
                },
                Timestamp::now(),
            )
            .await?;
        let stored = store.plan(ATHLETE, id).await?;
        store.close().await;
        anyhow::Ok(stored)
    })??
    .ok_or_else(|| anyhow::anyhow!("the plan just stored could not be read back"))?;
    let doc = document(&stored, &plan, &[], None)?;
    emit(json, &doc, || human(&stored, &plan, &[], None))
}

/// The request the options describe, checked.
fn request(args: &Args) -> anyhow::Result<Request> {
    let start = match &args.start {
        Some(text) => parse_date("--start", text)?,
        None => Zoned::now().date(),
    };
    let race_date = match (&args.race_date, args.weeks) {
        (Some(text), _) => parse_date("--race-date", text)?,
        (None, Some(weeks)) => race_in(start, weeks)?,
        (None, None) => unreachable!("clap requires --race-date or --weeks"),
    };
    let goal = goal(args)?;
    let fitness = fitness(&args.from)?;
    let days = match &args.days {
        Some(text) => days(text)?,
        None => ALL_DAYS.to_vec(),
    };
    let long_run_day = args
        .long_run
        .as_deref()
        .map(|text| day("--long-run", text))
        .transpose()?;
    if let Some(age) = args.age
        && !(5..=110).contains(&age)
    {
        return Err(invalid(format!(
            "--age {age}: give your age in whole years, from 5 to 110"
        )));
    }
    let track = match args.track {
        TrackArg::M400 => Some(TrackSize::M400),
        TrackArg::M200 => Some(TrackSize::M200),
        TrackArg::None => None,
    };
    let venue = match args.venue {
        Some(VenueArg::Track) => RaceVenue::Track400,
        Some(VenueArg::Indoor) => RaceVenue::Track200,
        Some(VenueArg::Road) => RaceVenue::Road,
        None => match track {
            Some(TrackSize::M400) => RaceVenue::Track400,
            Some(TrackSize::M200) => RaceVenue::Track200,
            None => RaceVenue::Road,
        },
    };
    let mut request = Request {
        start,
        race_date,
        fitness,
        goal,
        days,
        long_run_day,
        weekly_minutes: None,
        experience: args.experience.map(|e| match e {
            ExperienceArg::New => Experience::New,
            ExperienceArg::Novice => Experience::Novice,
            ExperienceArg::Regular => Experience::Regular,
            ExperienceArg::Competitive => Experience::Competitive,
        }),
        age: args.age,
        sex: args.sex,
        facilities: Facilities {
            track,
            hills: !args.no_hills,
            treadmill: args.treadmill,
            gym: args.gym,
        },
        backward: args.backward,
        venue,
    };
    request.validate().map_err(|e| invalid(e.to_string()))?;
    request.weekly_minutes = weekly_minutes(args, &request)?;
    request.validate().map_err(|e| invalid(e.to_string()))?;
    Ok(request)
}

/// Race day `weeks` weeks after `start`.
fn race_in(start: Date, weeks: u32) -> anyhow::Result<Date> {
    let max = miler_plan::request::MAX_WEEKS;
    if !(1..=max).contains(&weeks) {
        return Err(invalid(format!(
            "--weeks {weeks}: give a number of weeks from 1 to {max}"
        )));
    }
    start
        .checked_add(Span::new().weeks(i64::from(weeks)))
        .map_err(|_| invalid(format!("--weeks {weeks} runs past the calendar's end")))
}

fn goal(args: &Args) -> anyhow::Result<Goal> {
    let goal = match (&args.goal_mile, &args.goal) {
        (Some(text), _) => {
            let time: Duration = text.parse().map_err(|e| {
                invalid(format!(
                    "--goal-mile {text}: {e}; give the mile time you want as M:SS, such as 6:00"
                ))
            })?;
            let goal = Performance::new(Distance::MILE, time).ok_or_else(|| {
                invalid(format!(
                    "--goal-mile {text}: give a time above zero, such as 6:00"
                ))
            })?;
            (goal, format!("--goal-mile {text}"))
        }
        (None, Some(text)) => {
            let goal: Performance = text.parse().map_err(|e| {
                invalid(format!(
                    "--goal {text}: {e}; give a distance and time such as 1600m=7:00"
                ))
            })?;
            (goal, format!("--goal {text}"))
        }
        (None, None) => return Ok(Goal::AsFastAsPossible),
    };
    let (goal, flag) = goal;
    miler_core::predict::check_plausible(goal).map_err(|e| invalid(format!("{flag}: {e}")))?;
    Ok(Goal::Time(goal))
}

/// `--from` values: results, or `none` alone.
fn fitness(values: &[String]) -> anyhow::Result<Fitness> {
    if values.iter().any(|v| v.trim().eq_ignore_ascii_case("none")) {
        if values.len() > 1 {
            return Err(invalid(format!(
                "--from {}: `none` means you don't run yet, so it can't come with results; give results or `--from none` alone",
                values.join(" --from ")
            )));
        }
        return Ok(Fitness::None);
    }
    let results = values
        .iter()
        .map(|text| {
            let result: Performance = text.parse().map_err(|e| {
                invalid(format!(
                    "--from {text}: {e}; give a recent result such as 5k=24:00, or `none`"
                ))
            })?;
            miler_core::predict::check_plausible(result)
                .map_err(|e| invalid(format!("--from {text}: {e}")))?;
            Ok(result)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Fitness::Results(results))
}

/// `--days mon,wed,sat`: each day once, Monday first.
fn days(text: &str) -> anyhow::Result<Vec<Weekday>> {
    let mut days = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let day = parse_day(part).ok_or_else(|| {
            invalid(format!(
                "--days {text}: `{part}` is not a day of the week; list days as mon,tue,wed,thu,fri,sat,sun"
            ))
        })?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    Ok(ALL_DAYS.into_iter().filter(|d| days.contains(d)).collect())
}

fn day(flag: &str, text: &str) -> anyhow::Result<Weekday> {
    parse_day(text).ok_or_else(|| {
        invalid(format!(
            "{flag} {text}: expected a day of the week, one of {}",
            ALL_DAYS.map(day_name).join(", ")
        ))
    })
}

/// Minutes a week from `--weekly`, `--weekly-min` or `--weekly-km` (at most one: clap sees to
/// that). Kilometres become minutes at the easy pace the plan would give the runner.
fn weekly_minutes(args: &Args, request: &Request) -> anyhow::Result<Option<f64>> {
    let minutes = if let Some(text) = &args.weekly {
        parse_weekly(text).ok_or_else(|| {
            invalid(format!(
                "--weekly {text}: expected running time a week such as 3h, 2h30 or 150min"
            ))
        })?
    } else if let Some(minutes) = args.weekly_min {
        minutes
    } else if let Some(km) = args.weekly_km {
        if !(0.0..=400.0).contains(&km) {
            return Err(invalid(format!(
                "--weekly-km {km}: give the kilometres you run a week, from 0 to 400"
            )));
        }
        km * easy_minutes_per_km(request)?
    } else {
        return Ok(None);
    };
    if !minutes.is_finite() || !(0.0..=2000.0).contains(&minutes) {
        return Err(invalid(format!(
            "{minutes} minutes a week is not a running volume; give up to 2000 minutes (--weekly 3h, --weekly-min 180)"
        )));
    }
    Ok(Some(minutes))
}

/// `3h`, `2.5h`, `2h30`, `2h30min`, `150min` as minutes.
fn parse_weekly(text: &str) -> Option<f64> {
    let t: String = text
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let number = |s: &str| -> Option<f64> {
        let n: f64 = s.parse().ok()?;
        (n.is_finite() && n >= 0.0).then_some(n)
    };
    if let Some(minutes) = t.strip_suffix("min") {
        if minutes.contains('h') {
            let (h, m) = minutes.split_once('h')?;
            return Some(number(h)? * 60.0 + number(m)?);
        }
        return number(minutes);
    }
    let (h, m) = t.split_once('h')?;
    let m = if m.is_empty() { 0.0 } else { number(m)? };
    Some(number(h)? * 60.0 + m)
}

/// Minutes per kilometre at the easy pace the plan's sessions are resolved with.
fn easy_minutes_per_km(request: &Request) -> anyhow::Result<f64> {
    let feasibility = miler_plan::feasibility::assess(request);
    let paces = miler_plan::build::athlete_paces(request, &feasibility)?;
    let workout = miler_workout::text::parse("run 1km easy\n")
        .into_result()
        .map_err(|e| anyhow::anyhow!("the easy kilometre doesn't parse: {e:?}"))?;
    Ok(resolve(&workout, &paces)?.total_time.minutes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_time_reads_hours_and_minutes() {
        for (text, minutes) in [
            ("3h", Some(180.0)),
            ("2.5h", Some(150.0)),
            ("2h30", Some(150.0)),
            ("2h 30min", Some(150.0)),
            ("150min", Some(150.0)),
            ("0h", Some(0.0)),
            ("3", None),
            ("3:00", None),
            ("h", None),
            ("-2h", None),
            ("2hx", None),
        ] {
            assert_eq!(parse_weekly(text), minutes, "{text}");
        }
    }
}
