//! `miler plan new`: the options handed to `miler_app::plans::create` as text, which reads
//! them into a plan request (each message naming its option), builds the plan and stores it
//! as the athlete's active plan; this prints it. The web app's new-plan form calls the same
//! function, so a value means the same and is refused with the same message in both.

use jiff::Timestamp;
use miler_app::plans::{CreateError, Naming, NewPlanInput};
use miler_core::agegrade::Sex;

use super::{ATHLETE, document, human};
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
    let input = input(args);
    let today = crate::clock::today()?;
    let created = db::block_on(async {
        let store = db::open(db).await?;
        let created = miler_app::plans::create(
            &store,
            ATHLETE,
            &input,
            Naming::Flags,
            today,
            Timestamp::now(),
        )
        .await;
        store.close().await;
        anyhow::Ok(created)
    })??
    .map_err(|e| match e {
        CreateError::Input(e) => invalid(e.message),
        CreateError::Other(e) => e.into(),
    })?;
    let doc = document(&created.stored, &created.plan, &[], None)?;
    emit(json, &doc, || {
        human(&created.stored, &created.plan, &[], None)
    })
}

/// The options as the text the shared reader takes.
fn input(args: &Args) -> NewPlanInput {
    NewPlanInput {
        goal_mile: args.goal_mile.clone(),
        goal: args.goal.clone(),
        as_fast_as_possible: args.as_fast_as_possible,
        race_date: args.race_date.clone(),
        weeks: args.weeks.map(|w| w.to_string()),
        from: args.from.clone(),
        days: args.days.clone(),
        long_run: args.long_run.clone(),
        start: args.start.clone(),
        weekly: args.weekly.clone(),
        weekly_min: args.weekly_min.map(|m| m.to_string()),
        weekly_km: args.weekly_km.map(|k| k.to_string()),
        experience: args.experience.map(|e| {
            match e {
                ExperienceArg::New => "new",
                ExperienceArg::Novice => "novice",
                ExperienceArg::Regular => "regular",
                ExperienceArg::Competitive => "competitive",
            }
            .to_owned()
        }),
        age: args.age.map(|a| a.to_string()),
        sex: Some(args.sex.to_string()),
        track: Some(
            match args.track {
                TrackArg::M400 => "400",
                TrackArg::M200 => "200",
                TrackArg::None => "none",
            }
            .to_owned(),
        ),
        no_hills: args.no_hills,
        treadmill: args.treadmill,
        gym: args.gym,
        backward: args.backward,
        venue: args.venue.map(|v| {
            match v {
                VenueArg::Track => "track",
                VenueArg::Indoor => "indoor",
                VenueArg::Road => "road",
            }
            .to_owned()
        }),
        // An empty --title is given, and refused; a missing one is the default.
        title: args.title.clone(),
    }
}
