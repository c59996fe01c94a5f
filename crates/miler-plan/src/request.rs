//! What a runner tells miler before a plan is made, and the checks that keep it sensible.

use jiff::civil::{Date, Weekday};
use miler_core::agegrade::Sex;
use miler_core::{Distance, Performance};
use serde::{Deserialize, Serialize};

/// The most weeks one plan spans. Longer horizons are better served by a nearer goal race.
pub const MAX_WEEKS: u32 = 52;
/// The fewest days a week a plan can be built around.
pub const MIN_DAYS: usize = 3;

/// Everything a plan is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The first day of the plan.
    pub start: Date,
    /// The race or test day; the plan ends with it.
    pub race_date: Date,
    pub fitness: Fitness,
    pub goal: Goal,
    /// The days of the week the runner can train, Monday first, without repeats.
    #[serde(with = "weekdays")]
    pub days: Vec<Weekday>,
    /// The day for the long run; one of `days`. `None` picks Sunday, else the last free day.
    #[serde(with = "weekday_opt")]
    pub long_run_day: Option<Weekday>,
    /// Running the runner does now, in minutes a week; `None` when not known.
    pub weekly_minutes: Option<f64>,
    pub experience: Option<Experience>,
    pub age: Option<u32>,
    #[serde(with = "sex")]
    pub sex: Sex,
    pub facilities: Facilities,
    /// Whether to include backward running.
    pub backward: bool,
    /// Where the race is run, which decides the shape of the pacing plan.
    pub venue: RaceVenue,
}

/// What the runner can do now. In JSON, the results as `DIST=TIME` strings; an empty list
/// for "I don't run yet".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<String>", try_from = "Vec<String>")]
pub enum Fitness {
    /// Recent results or time trials, never empty.
    Results(Vec<Performance>),
    /// "I don't run yet."
    None,
}

/// What the runner wants on race day. In JSON, `DIST=TIME`, or null for as fast as possible.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(into = "Option<String>", try_from = "Option<String>")]
pub enum Goal {
    /// A time at a distance: the mile, or a test such as 1600 m in 7:00.
    Time(Performance),
    /// As fast as possible: the plan aims at the predicted race-day mile.
    AsFastAsPossible,
}

/// How long the runner has been running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Experience {
    /// Does not run yet.
    New,
    /// Running for less than a year.
    Novice,
    /// Running regularly for a year or more.
    Regular,
    /// Trains and races seriously.
    Competitive,
}

/// What the runner has to train on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facilities {
    /// A 400 m or 200 m track, if any.
    pub track: Option<TrackSize>,
    pub hills: bool,
    pub treadmill: bool,
    pub gym: bool,
}

impl Default for Facilities {
    /// A 400 m track and hills, no treadmill or gym: what most milers have.
    fn default() -> Facilities {
        Facilities {
            track: Some(TrackSize::M400),
            hills: true,
            treadmill: false,
            gym: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrackSize {
    #[serde(rename = "400m")]
    M400,
    #[serde(rename = "200m")]
    M200,
}

/// Where the race is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RaceVenue {
    /// A 400 m track: the first lap is 409.344 m.
    Track400,
    /// An indoor 200 m track.
    Track200,
    /// A road mile (the Westminster Mile, the 5th Avenue Mile): splits per quarter mile.
    Road,
}

/// A request that cannot become a plan, with what to change.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RequestError {
    #[error(
        "the race date {race} is not after the start {start}; give a race date in the future (--race-date YYYY-MM-DD) or an earlier --start"
    )]
    RaceNotAfterStart { start: Date, race: Date },
    #[error(
        "the race is {weeks} weeks away, more than the {MAX_WEEKS} one plan spans; pick a nearer race or test date"
    )]
    TooFar { weeks: u32 },
    #[error(
        "{given} training day(s) a week is too few for a plan; give at least {MIN_DAYS}, such as --days mon,wed,sat"
    )]
    TooFewDays { given: usize },
    #[error(
        "the long-run day {day} is not one of your training days ({days}); pick one of them or add it to --days"
    )]
    LongRunDayNotFree { day: String, days: String },
    #[error(
        "a goal of {goal} is not a mile-type goal; give a time at 800 m to 5 km, such as --goal-mile 6:00 or --goal 1600m=7:00"
    )]
    GoalDistance { goal: String },
    #[error("{0}")]
    Implausible(String),
    #[error("age {0} is outside 5 to 110; give your age in whole years")]
    Age(u32),
    #[error("{minutes} minutes a week is not a running volume; give minutes from 0 to 2000")]
    Volume { minutes: f64 },
}

impl Request {
    /// Checks the request, returning the first problem.
    pub fn validate(&self) -> Result<(), RequestError> {
        if self.race_date <= self.start {
            return Err(RequestError::RaceNotAfterStart {
                start: self.start,
                race: self.race_date,
            });
        }
        let weeks = self.weeks();
        if weeks > MAX_WEEKS {
            return Err(RequestError::TooFar { weeks });
        }
        let days = self.training_days();
        if days.len() < MIN_DAYS {
            return Err(RequestError::TooFewDays { given: days.len() });
        }
        if let Some(day) = self.long_run_day
            && !days.contains(&day)
        {
            return Err(RequestError::LongRunDayNotFree {
                day: day_name(day).to_owned(),
                days: days
                    .iter()
                    .map(|&d| day_name(d))
                    .collect::<Vec<_>>()
                    .join(","),
            });
        }
        if let Goal::Time(goal) = self.goal {
            let metres = goal.distance().metres();
            if !(800.0..=5000.0).contains(&metres) {
                return Err(RequestError::GoalDistance {
                    goal: goal.to_string(),
                });
            }
            miler_core::predict::check_plausible(goal)
                .map_err(|e| RequestError::Implausible(format!("goal {goal}: {e}")))?;
        }
        if let Fitness::Results(results) = &self.fitness {
            for &r in results {
                miler_core::predict::check_plausible(r)
                    .map_err(|e| RequestError::Implausible(e.to_string()))?;
            }
        }
        if let Some(age) = self.age
            && !(5..=110).contains(&age)
        {
            return Err(RequestError::Age(age));
        }
        if let Some(minutes) = self.weekly_minutes
            && !(0.0..=2000.0).contains(&minutes)
        {
            return Err(RequestError::Volume { minutes });
        }
        Ok(())
    }

    /// Calendar weeks (Monday to Sunday) from the start's week to the race's week, both
    /// included.
    pub fn weeks(&self) -> u32 {
        let first = monday(self.start);
        let last = monday(self.race_date);
        let days = (last - first).get_days();
        u32::try_from(days / 7 + 1).unwrap_or(0)
    }

    /// The training days, Monday first, without repeats.
    pub fn training_days(&self) -> Vec<Weekday> {
        let mut days: Vec<Weekday> = Vec::new();
        for day in ALL_DAYS {
            if self.days.contains(&day) {
                days.push(day);
            }
        }
        days
    }

    /// The long-run day: the one asked for, else Sunday if free, else the last free day.
    pub fn long_run(&self) -> Weekday {
        let days = self.training_days();
        self.long_run_day
            .filter(|d| days.contains(d))
            .or_else(|| days.contains(&Weekday::Sunday).then_some(Weekday::Sunday))
            .or_else(|| days.last().copied())
            .unwrap_or(Weekday::Sunday)
    }

    /// The goal as a distance and time, if the runner gave one.
    pub fn goal_time(&self) -> Option<Performance> {
        match self.goal {
            Goal::Time(p) => Some(p),
            Goal::AsFastAsPossible => None,
        }
    }

    /// The race distance: the goal's, or the mile.
    pub fn race_distance(&self) -> Distance {
        self.goal_time()
            .map_or(Distance::MILE, |goal| goal.distance())
    }

    /// The experience given, or what the rest of the request implies.
    pub fn experience(&self) -> Experience {
        if let Some(e) = self.experience {
            return e;
        }
        match (&self.fitness, self.weekly_minutes) {
            (Fitness::None, _) => Experience::New,
            (_, Some(minutes)) if minutes < 90.0 => Experience::Novice,
            _ => Experience::Regular,
        }
    }
}

/// Monday of the week `date` falls in.
pub fn monday(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(date)
}

pub const ALL_DAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// `mon`, `tue`, ...
pub fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "mon",
        Weekday::Tuesday => "tue",
        Weekday::Wednesday => "wed",
        Weekday::Thursday => "thu",
        Weekday::Friday => "fri",
        Weekday::Saturday => "sat",
        Weekday::Sunday => "sun",
    }
}

/// Reads `mon`, `Monday`, `tu`, ... (case-insensitive, at least two letters).
pub fn parse_day(text: &str) -> Option<Weekday> {
    let lower = text.trim().to_ascii_lowercase();
    if lower.len() < 2 {
        return None;
    }
    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    NAMES
        .iter()
        .position(|name| name.starts_with(&lower))
        .map(|i| ALL_DAYS[i])
}

/// A plausible weekly volume when the runner gives none: half an hour per training day for a
/// runner, capped at three hours.
pub fn default_weekly_minutes(experience: Experience, days: usize) -> f64 {
    match experience {
        Experience::New => 0.0,
        Experience::Novice => (days as f64 * 25.0).min(100.0),
        Experience::Regular => (days as f64 * 30.0).min(180.0),
        Experience::Competitive => (days as f64 * 45.0).min(360.0),
    }
}

impl From<Fitness> for Vec<String> {
    fn from(fitness: Fitness) -> Vec<String> {
        match fitness {
            Fitness::Results(results) => results.iter().map(ToString::to_string).collect(),
            Fitness::None => Vec::new(),
        }
    }
}

impl TryFrom<Vec<String>> for Fitness {
    type Error = String;

    fn try_from(texts: Vec<String>) -> Result<Fitness, String> {
        if texts.is_empty() {
            return Ok(Fitness::None);
        }
        texts
            .iter()
            .map(|t| t.parse::<Performance>().map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()
            .map(Fitness::Results)
    }
}

impl From<Goal> for Option<String> {
    fn from(goal: Goal) -> Option<String> {
        match goal {
            Goal::Time(p) => Some(p.to_string()),
            Goal::AsFastAsPossible => None,
        }
    }
}

impl TryFrom<Option<String>> for Goal {
    type Error = String;

    fn try_from(text: Option<String>) -> Result<Goal, String> {
        match text {
            None => Ok(Goal::AsFastAsPossible),
            Some(t) => t
                .parse()
                .map(Goal::Time)
                .map_err(|e: miler_core::ParseError| e.to_string()),
        }
    }
}

mod weekdays {
    use jiff::civil::Weekday;
    use serde::{Deserialize, Deserializer, Serializer, de::Error, ser::SerializeSeq};

    pub fn serialize<S: Serializer>(days: &[Weekday], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(days.len()))?;
        for &d in days {
            seq.serialize_element(super::day_name(d))?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|t| {
                super::parse_day(t)
                    .ok_or_else(|| D::Error::custom(format!("day `{t}`: expected mon..sun")))
            })
            .collect()
    }
}

mod weekday_opt {
    use jiff::civil::Weekday;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(day: &Option<Weekday>, s: S) -> Result<S::Ok, S::Error> {
        match day {
            Some(d) => s.serialize_some(super::day_name(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Weekday>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|t| {
                super::parse_day(&t)
                    .ok_or_else(|| D::Error::custom(format!("day `{t}`: expected mon..sun")))
            })
            .transpose()
    }
}

/// Sex as the results lists write it: `M` or `F`.
pub(crate) mod sex {
    use miler_core::agegrade::Sex;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(sex: &Sex, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(sex.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Sex, D::Error> {
        match String::deserialize(d)?.as_str() {
            "M" => Ok(Sex::Male),
            "F" => Ok(Sex::Female),
            other => Err(D::Error::custom(format!("sex `{other}`: expected M or F"))),
        }
    }
}
