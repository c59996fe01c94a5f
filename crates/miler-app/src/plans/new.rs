//! A new plan from what a runner typed: the command line's options or the web form's fields,
//! read into a [`Request`], built, and stored as the athlete's active plan.
//!
//! Both faces hand over the same [`NewPlanInput`] of raw text, so a value is read and
//! checked once, with one message. Every message names the input it is about; a
//! [`Naming`] says how — as the command line's option (`--goal-mile`) or as the form's and
//! JSON's field (`goal_mile`) — so a runner is pointed at the thing they can change.
//!
//! What only makes sense as a whole (the race after the start, the long-run day among the
//! training days, enough days) is checked by [`Request::validate`]; its messages are mapped
//! onto the field they are about.

use jiff::civil::{Date, Weekday};
use jiff::{Span, Timestamp};
use miler_core::agegrade::Sex;
use miler_core::{Distance, Duration, Performance};
use miler_plan::request::{ALL_DAYS, MAX_WEEKS, RequestError, day_name, parse_day};
use miler_plan::{
    Experience, Facilities, Fitness, Goal, Plan, PlanError, RaceVenue, Request, TrackSize,
};
use miler_store::{AthleteId, NewPlan, Store, StoredPlan};
use miler_workout::resolve::resolve;

use super::Error;

/// What a runner asks of a new plan, as they typed it. Empty text counts as not given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewPlanInput {
    /// The goal mile, `M:SS`.
    pub goal_mile: Option<String>,
    /// A goal at 800 m to 5 km, `DIST=TIME`; used when there is no `goal_mile`.
    pub goal: Option<String>,
    /// No time in mind: the fastest mile the weeks allow (when neither goal is given).
    pub as_fast_as_possible: bool,
    /// `YYYY-MM-DD`.
    pub race_date: Option<String>,
    /// Weeks from the start to race day; used when there is no `race_date`.
    pub weeks: Option<String>,
    /// Recent results as `DIST=TIME`, or `none` alone. One entry may hold several results
    /// separated by commas or spaces, as a form's one text box does.
    pub from: Vec<String>,
    /// `mon,wed,sat`; every day when not given.
    pub days: Option<String>,
    pub long_run: Option<String>,
    /// `YYYY-MM-DD`; today when not given.
    pub start: Option<String>,
    /// Running a week as time: `3h`, `2h30`, `150min`.
    pub weekly: Option<String>,
    pub weekly_min: Option<String>,
    pub weekly_km: Option<String>,
    /// `new`, `novice`, `regular` or `competitive`.
    pub experience: Option<String>,
    pub age: Option<String>,
    /// `M` or `F`; `M` when not given.
    pub sex: Option<String>,
    /// `400`, `200` or `none`; `400` when not given.
    pub track: Option<String>,
    pub no_hills: bool,
    pub treadmill: bool,
    pub gym: bool,
    pub backward: bool,
    /// `track`, `indoor` or `road`; the track trained on when not given, else the road.
    pub venue: Option<String>,
    pub title: Option<String>,
}

/// The inputs a message can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    GoalMile,
    Goal,
    RaceDate,
    Weeks,
    From,
    Days,
    LongRun,
    Start,
    Weekly,
    WeeklyMin,
    WeeklyKm,
    Experience,
    Age,
    Sex,
    Track,
    Venue,
    Title,
}

impl Field {
    const ALL: [Field; 17] = [
        Field::GoalMile,
        Field::Goal,
        Field::RaceDate,
        Field::Weeks,
        Field::From,
        Field::Days,
        Field::LongRun,
        Field::Start,
        Field::Weekly,
        Field::WeeklyMin,
        Field::WeeklyKm,
        Field::Experience,
        Field::Age,
        Field::Sex,
        Field::Track,
        Field::Venue,
        Field::Title,
    ];

    /// The command line's option.
    pub fn flag(self) -> &'static str {
        match self {
            Field::GoalMile => "--goal-mile",
            Field::Goal => "--goal",
            Field::RaceDate => "--race-date",
            Field::Weeks => "--weeks",
            Field::From => "--from",
            Field::Days => "--days",
            Field::LongRun => "--long-run",
            Field::Start => "--start",
            Field::Weekly => "--weekly",
            Field::WeeklyMin => "--weekly-min",
            Field::WeeklyKm => "--weekly-km",
            Field::Experience => "--experience",
            Field::Age => "--age",
            Field::Sex => "--sex",
            Field::Track => "--track",
            Field::Venue => "--venue",
            Field::Title => "--title",
        }
    }

    /// The form's and the JSON body's field.
    pub fn name(self) -> &'static str {
        match self {
            Field::GoalMile => "goal_mile",
            Field::Goal => "goal",
            Field::RaceDate => "race_date",
            Field::Weeks => "weeks",
            Field::From => "from",
            Field::Days => "days",
            Field::LongRun => "long_run",
            Field::Start => "start",
            Field::Weekly => "weekly",
            Field::WeeklyMin => "weekly_min",
            Field::WeeklyKm => "weekly_km",
            Field::Experience => "experience",
            Field::Age => "age",
            Field::Sex => "sex",
            Field::Track => "track",
            Field::Venue => "venue",
            Field::Title => "title",
        }
    }
}

/// How messages name the inputs: by option or by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// `--goal-mile`, for the command line.
    Flags,
    /// `goal_mile`, for forms and JSON.
    Fields,
}

impl Naming {
    fn of(self, field: Field) -> &'static str {
        match self {
            Naming::Flags => field.flag(),
            Naming::Fields => field.name(),
        }
    }

    /// A library message that names options, made to name fields when those are wanted.
    fn rename(self, message: String) -> String {
        match self {
            Naming::Flags => message,
            Naming::Fields => {
                // Longest first, so `--goal-mile` is not read as `--goal` then `-mile`.
                let mut fields = Field::ALL;
                fields.sort_by_key(|f| std::cmp::Reverse(f.flag().len()));
                fields
                    .iter()
                    .fold(message, |m, f| m.replace(f.flag(), f.name()))
            }
        }
    }
}

/// One input that is wrong, and what to give instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InputError {
    pub field: Field,
    pub message: String,
}

/// Reads the input the way `naming` names it.
struct Reader<'a> {
    input: &'a NewPlanInput,
    naming: Naming,
}

/// Text that was given: trimmed, and `None` when empty.
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

impl Reader<'_> {
    fn error(&self, field: Field, text: &str, message: impl std::fmt::Display) -> InputError {
        InputError {
            field,
            message: format!("{} {text}: {message}", self.naming.of(field)),
        }
    }

    fn date(&self, field: Field, text: &str) -> Result<Date, InputError> {
        text.parse().map_err(|_| {
            self.error(
                field,
                text,
                "expected a date as YYYY-MM-DD, such as 2027-04-18",
            )
        })
    }

    fn request(&self, today: Date) -> Result<Request, InputError> {
        let input = self.input;
        let start = match given(&input.start) {
            Some(text) => self.date(Field::Start, text)?,
            None => today,
        };
        let race_date = match (given(&input.race_date), given(&input.weeks)) {
            (Some(text), _) => self.date(Field::RaceDate, text)?,
            (None, Some(text)) => self.race_in(start, text)?,
            (None, None) => {
                return Err(InputError {
                    field: Field::RaceDate,
                    message: format!(
                        "give the race or test day ({} YYYY-MM-DD) or how many weeks away it is ({} N)",
                        self.naming.of(Field::RaceDate),
                        self.naming.of(Field::Weeks)
                    ),
                });
            }
        };
        let goal = self.goal()?;
        let fitness = self.fitness()?;
        let days = match given(&input.days) {
            Some(text) => self.days(text)?,
            None => ALL_DAYS.to_vec(),
        };
        let long_run_day = given(&input.long_run)
            .map(|text| self.day(Field::LongRun, text))
            .transpose()?;
        let age = given(&input.age)
            .map(|text| {
                text.parse::<u32>()
                    .ok()
                    .filter(|age| (5..=110).contains(age))
                    .ok_or_else(|| {
                        self.error(
                            Field::Age,
                            text,
                            "give your age in whole years, from 5 to 110",
                        )
                    })
            })
            .transpose()?;
        let sex = match given(&input.sex) {
            Some(text) => text
                .parse::<Sex>()
                .map_err(|_| self.error(Field::Sex, text, "give M or F"))?,
            None => Sex::Male,
        };
        let experience = given(&input.experience)
            .map(|text| match text.to_ascii_lowercase().as_str() {
                "new" => Ok(Experience::New),
                "novice" => Ok(Experience::Novice),
                "regular" => Ok(Experience::Regular),
                "competitive" => Ok(Experience::Competitive),
                _ => Err(self.error(
                    Field::Experience,
                    text,
                    "give one of new (you don't run yet), novice (less than a year), regular or competitive",
                )),
            })
            .transpose()?;
        let track = match given(&input.track).map(str::to_ascii_lowercase).as_deref() {
            None | Some("400" | "400m") => Some(TrackSize::M400),
            Some("200" | "200m") => Some(TrackSize::M200),
            Some("none") => None,
            Some(_) => {
                return Err(self.error(
                    Field::Track,
                    given(&input.track).unwrap_or_default(),
                    "give the track you can train on: 400, 200 or none",
                ));
            }
        };
        let venue = match given(&input.venue).map(str::to_ascii_lowercase).as_deref() {
            Some("track") => RaceVenue::Track400,
            Some("indoor") => RaceVenue::Track200,
            Some("road") => RaceVenue::Road,
            Some(_) => {
                return Err(self.error(
                    Field::Venue,
                    given(&input.venue).unwrap_or_default(),
                    "give where the race is: track, indoor or road",
                ));
            }
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
            experience,
            age,
            sex,
            facilities: Facilities {
                track,
                hills: !input.no_hills,
                treadmill: input.treadmill,
                gym: input.gym,
            },
            backward: input.backward,
            venue,
        };
        request.validate().map_err(|e| self.whole(&e))?;
        request.weekly_minutes = self.weekly_minutes(&request)?;
        request.validate().map_err(|e| self.whole(&e))?;
        Ok(request)
    }

    /// A problem of the request as a whole, on the field it is most about.
    fn whole(&self, error: &RequestError) -> InputError {
        let field = match error {
            RequestError::RaceNotAfterStart { .. } | RequestError::TooFar { .. } => {
                if given(&self.input.race_date).is_none() && given(&self.input.weeks).is_some() {
                    Field::Weeks
                } else {
                    Field::RaceDate
                }
            }
            RequestError::TooFewDays { .. } => Field::Days,
            RequestError::LongRunDayNotFree { .. } => Field::LongRun,
            RequestError::GoalDistance { .. } => Field::Goal,
            RequestError::Implausible(_) => Field::From,
            RequestError::Age(_) => Field::Age,
            RequestError::Volume { .. } => Field::Weekly,
        };
        InputError {
            field,
            message: self.naming.rename(error.to_string()),
        }
    }

    /// Race day `weeks` weeks after `start`.
    fn race_in(&self, start: Date, text: &str) -> Result<Date, InputError> {
        let weeks = text
            .parse::<u32>()
            .ok()
            .filter(|w| (1..=MAX_WEEKS).contains(w))
            .ok_or_else(|| {
                self.error(
                    Field::Weeks,
                    text,
                    format!("give a number of weeks from 1 to {MAX_WEEKS}"),
                )
            })?;
        start
            .checked_add(Span::new().weeks(i64::from(weeks)))
            .map_err(|_| self.error(Field::Weeks, text, "runs past the calendar's end"))
    }

    fn goal(&self) -> Result<Goal, InputError> {
        let (goal, field, text) = match (given(&self.input.goal_mile), given(&self.input.goal)) {
            (Some(text), _) => {
                let time: Duration = text.parse().map_err(|e| {
                    self.error(
                        Field::GoalMile,
                        text,
                        format!("{e}; give the mile time you want as M:SS, such as 6:00"),
                    )
                })?;
                let goal = Performance::new(Distance::MILE, time).ok_or_else(|| {
                    self.error(
                        Field::GoalMile,
                        text,
                        "give a time above zero, such as 6:00",
                    )
                })?;
                (goal, Field::GoalMile, text)
            }
            (None, Some(text)) => {
                let goal: Performance = text.parse().map_err(|e| {
                    self.error(
                        Field::Goal,
                        text,
                        format!("{e}; give a distance and time such as 1600m=7:00"),
                    )
                })?;
                (goal, Field::Goal, text)
            }
            (None, None) if self.input.as_fast_as_possible => return Ok(Goal::AsFastAsPossible),
            (None, None) => {
                return Err(InputError {
                    field: Field::GoalMile,
                    message: format!(
                        "give the mile you want ({} 6:00), a goal at another distance ({} 1600m=7:00), or ask for as fast as possible",
                        self.naming.of(Field::GoalMile),
                        self.naming.of(Field::Goal)
                    ),
                });
            }
        };
        miler_core::predict::check_plausible(goal).map_err(|e| self.error(field, text, e))?;
        Ok(Goal::Time(goal))
    }

    /// Results, or `none` alone.
    fn fitness(&self) -> Result<Fitness, InputError> {
        let values: Vec<&str> = self
            .input
            .from
            .iter()
            .flat_map(|v| v.split(|c: char| c == ',' || c.is_whitespace()))
            .filter(|v| !v.is_empty())
            .collect();
        let flag = self.naming.of(Field::From);
        if values.is_empty() {
            return Err(InputError {
                field: Field::From,
                message: format!(
                    "{flag}: give a recent result such as 5k=24:00, or `none` if you don't run yet"
                ),
            });
        }
        if values.iter().any(|v| v.eq_ignore_ascii_case("none")) {
            if values.len() > 1 {
                return Err(InputError {
                    field: Field::From,
                    message: format!(
                        "{flag} {}: `none` means you don't run yet, so it can't come with results; give results or `none` alone",
                        values.join(&format!(" {flag} "))
                    ),
                });
            }
            return Ok(Fitness::None);
        }
        let results = values
            .iter()
            .map(|&text| {
                let result: Performance = text.parse().map_err(|e| {
                    self.error(
                        Field::From,
                        text,
                        format!("{e}; give a recent result such as 5k=24:00, or `none`"),
                    )
                })?;
                miler_core::predict::check_plausible(result)
                    .map_err(|e| self.error(Field::From, text, e))?;
                Ok(result)
            })
            .collect::<Result<Vec<_>, InputError>>()?;
        Ok(Fitness::Results(results))
    }

    /// `mon,wed,sat`: each day once, Monday first.
    fn days(&self, text: &str) -> Result<Vec<Weekday>, InputError> {
        let mut days = Vec::new();
        for part in text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
        {
            let day = parse_day(part).ok_or_else(|| {
                self.error(
                    Field::Days,
                    text,
                    format!("`{part}` is not a day of the week; list days as mon,tue,wed,thu,fri,sat,sun"),
                )
            })?;
            if !days.contains(&day) {
                days.push(day);
            }
        }
        Ok(ALL_DAYS.into_iter().filter(|d| days.contains(d)).collect())
    }

    fn day(&self, field: Field, text: &str) -> Result<Weekday, InputError> {
        parse_day(text).ok_or_else(|| {
            self.error(
                field,
                text,
                format!(
                    "expected a day of the week, one of {}",
                    ALL_DAYS.map(day_name).join(", ")
                ),
            )
        })
    }

    /// Minutes a week from `weekly`, `weekly_min` or `weekly_km` (the first given).
    /// Kilometres become minutes at the easy pace the plan would give the runner.
    fn weekly_minutes(&self, request: &Request) -> Result<Option<f64>, InputError> {
        let input = self.input;
        let number = |field: Field, text: &str| {
            text.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| self.error(field, text, "expected a number"))
        };
        let (minutes, field) = if let Some(text) = given(&input.weekly) {
            let minutes = parse_weekly(text).ok_or_else(|| {
                self.error(
                    Field::Weekly,
                    text,
                    "expected running time a week such as 3h, 2h30 or 150min",
                )
            })?;
            (minutes, Field::Weekly)
        } else if let Some(text) = given(&input.weekly_min) {
            (number(Field::WeeklyMin, text)?, Field::WeeklyMin)
        } else if let Some(text) = given(&input.weekly_km) {
            let km = number(Field::WeeklyKm, text)?;
            if !(0.0..=400.0).contains(&km) {
                return Err(self.error(
                    Field::WeeklyKm,
                    text,
                    "give the kilometres you run a week, from 0 to 400",
                ));
            }
            (km * easy_minutes_per_km(request), Field::WeeklyKm)
        } else {
            return Ok(None);
        };
        if !minutes.is_finite() || !(0.0..=2000.0).contains(&minutes) {
            return Err(InputError {
                field,
                message: format!(
                    "{minutes} minutes a week is not a running volume; give up to 2000 minutes ({} 3h, {} 180)",
                    self.naming.of(Field::Weekly),
                    self.naming.of(Field::WeeklyMin)
                ),
            });
        }
        Ok(Some(minutes))
    }
}

/// The request `input` describes, checked; `today` is the start when none is given.
pub fn request(input: &NewPlanInput, today: Date, naming: Naming) -> Result<Request, InputError> {
    Reader { input, naming }.request(today)
}

/// `3h`, `2.5h`, `2h30`, `2h30min`, `150min` as minutes.
pub fn parse_weekly(text: &str) -> Option<f64> {
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
fn easy_minutes_per_km(request: &Request) -> f64 {
    let feasibility = miler_plan::feasibility::assess(request);
    let easy_km = || -> Option<f64> {
        let paces = miler_plan::build::athlete_paces(request, &feasibility).ok()?;
        let workout = miler_workout::text::parse("run 1km easy\n")
            .into_result()
            .ok()?;
        Some(resolve(&workout, &paces).ok()?.total_time.minutes())
    };
    // The easy kilometre always resolves for a valid request; should it not, a 7:00 km is
    // the middle of the easy paces the plans use.
    easy_km().unwrap_or(7.0)
}

/// Why a new plan was not made.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The runner's input; the message names the field.
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Other(#[from] Error),
}

/// A plan just made and stored.
#[derive(Debug, Clone)]
pub struct Created {
    pub stored: StoredPlan,
    pub plan: Plan,
}

/// The longest plan title, in characters, after cleaning.
pub const TITLE_MAX_CHARS: usize = 100;

/// Builds the plan `input` asks for and stores it as `athlete`'s active plan (earlier plans
/// stay stored). `today` is the start when none is given; `now` stamps the stored plan.
pub async fn create(
    store: &Store,
    athlete: AthleteId,
    input: &NewPlanInput,
    naming: Naming,
    today: Date,
    now: Timestamp,
) -> Result<Created, CreateError> {
    let request = request(input, today, naming)?;
    let plan = miler_plan::build(&request).map_err(|e| match e {
        PlanError::Request(e) => CreateError::Input(Reader { input, naming }.whole(&e)),
        e => CreateError::Other(e.into()),
    })?;
    // A title is cleaned by the one rule for names: control and bidirectional-override
    // characters removed, the ends trimmed, at most TITLE_MAX_CHARS.
    let title = match input
        .title
        .as_deref()
        .map(|t| miler_core::text::clean_line(t, TITLE_MAX_CHARS))
    {
        Some(Ok(title)) if title.is_empty() => {
            return Err(InputError {
                field: Field::Title,
                message: format!(
                    "{} is empty: give a few words to list the plan by, or leave it out",
                    naming.of(Field::Title)
                ),
            }
            .into());
        }
        Some(Ok(title)) => title,
        Some(Err(e)) => {
            return Err(InputError {
                field: Field::Title,
                message: format!("{} is {e}", naming.of(Field::Title)),
            }
            .into());
        }
        None => miler_plan::calendar::plan_name(&plan),
    };
    let request_json = serde_json::to_string(&request).expect("a request serializes");
    let plan_json = serde_json::to_string(&plan).expect("a plan serializes");
    let id = store
        .create_plan(
            athlete,
            &NewPlan {
                title: &title,
                request_json: &request_json,
                plan_json: &plan_json,
            },
            now,
        )
        .await
        .map_err(Error::from)?;
    let stored = store
        .plan(athlete, id)
        .await
        .map_err(Error::from)?
        .ok_or(Error::Unreadable(id.0))?;
    Ok(Created { stored, plan })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> NewPlanInput {
        NewPlanInput {
            goal_mile: Some("6:00".into()),
            weeks: Some("12".into()),
            from: vec!["5k=24:00".into()],
            ..NewPlanInput::default()
        }
    }

    fn today() -> Date {
        "2026-11-23".parse().unwrap()
    }

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

    #[test]
    fn the_newcomer_request_reads_as_typed() {
        let r = request(&input(), today(), Naming::Fields).unwrap();
        assert_eq!(r.start, today());
        // Twelve weeks after the start, on the same day of the week.
        assert_eq!(r.race_date, "2027-02-15".parse().unwrap());
        assert_eq!(
            r.goal,
            Goal::Time(
                Performance::new(Distance::MILE, Duration::from_secs(360.0).unwrap()).unwrap()
            )
        );
        assert_eq!(
            r.fitness,
            Fitness::Results(vec!["5k=24:00".parse().unwrap()])
        );
        assert_eq!(r.days, ALL_DAYS.to_vec());
        assert_eq!(r.facilities, Facilities::default());
        assert_eq!(r.venue, RaceVenue::Track400);
        assert_eq!(r.sex, Sex::Male);
    }

    #[test]
    fn a_form_box_may_hold_several_results() {
        let i = NewPlanInput {
            from: vec!["5k=24:00, mile=7:10".into()],
            ..input()
        };
        let r = request(&i, today(), Naming::Fields).unwrap();
        assert_eq!(
            r.fitness,
            Fitness::Results(vec![
                "5k=24:00".parse().unwrap(),
                "mile=7:10".parse().unwrap()
            ])
        );
    }

    #[test]
    fn mistakes_name_their_field_as_the_face_calls_it() {
        let cases: Vec<(NewPlanInput, Field, &str, &str)> = vec![
            (
                NewPlanInput {
                    goal_mile: Some("six".into()),
                    ..input()
                },
                Field::GoalMile,
                "goal_mile six:",
                "--goal-mile six:",
            ),
            (
                NewPlanInput {
                    weeks: Some("0".into()),
                    ..input()
                },
                Field::Weeks,
                "weeks 0: give a number of weeks from 1 to 52",
                "--weeks 0: give a number of weeks from 1 to 52",
            ),
            (
                NewPlanInput {
                    from: vec!["none".into(), "5k=24:00".into()],
                    ..input()
                },
                Field::From,
                "alone",
                "alone",
            ),
            (
                NewPlanInput {
                    days: Some("mon,tue".into()),
                    ..input()
                },
                Field::Days,
                "such as days mon,wed,sat",
                "such as --days mon,wed,sat",
            ),
            (
                NewPlanInput {
                    days: Some("mon,funday".into()),
                    ..input()
                },
                Field::Days,
                "`funday` is not a day",
                "`funday` is not a day",
            ),
            (
                NewPlanInput {
                    age: Some("200".into()),
                    ..input()
                },
                Field::Age,
                "age 200: give your age in whole years",
                "--age 200:",
            ),
            (
                NewPlanInput {
                    weeks: None,
                    ..input()
                },
                Field::RaceDate,
                "race_date YYYY-MM-DD",
                "--race-date YYYY-MM-DD",
            ),
            (
                NewPlanInput {
                    goal_mile: None,
                    ..input()
                },
                Field::GoalMile,
                "goal_mile 6:00",
                "--goal-mile 6:00",
            ),
            (
                NewPlanInput {
                    race_date: Some("2026-11-01".into()),
                    ..input()
                },
                Field::RaceDate,
                "not after the start",
                "not after the start",
            ),
            (
                NewPlanInput {
                    from: vec![String::new()],
                    ..input()
                },
                Field::From,
                "from: give a recent result",
                "--from: give a recent result",
            ),
        ];
        for (i, field, in_fields, in_flags) in cases {
            let e = request(&i, today(), Naming::Fields).unwrap_err();
            assert_eq!(e.field, field, "{i:?}");
            assert!(
                e.message.contains(in_fields),
                "{} lacks {in_fields}",
                e.message
            );
            assert!(!e.message.contains("--"), "{}", e.message);
            let e = request(&i, today(), Naming::Flags).unwrap_err();
            assert!(
                e.message.contains(in_flags),
                "{} lacks {in_flags}",
                e.message
            );
        }
    }
}
