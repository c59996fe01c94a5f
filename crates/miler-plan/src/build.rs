//! The generator: from a request to dated sessions, week by week, under the guardrails.
//!
//! The plan is made in three passes:
//!
//! 1. **Frames** ([`frames`]): each week's phase, whether it is lighter, whether it holds a
//!    time trial or the race, its running-time target and its hard workouts with their step
//!    in each workout's progression. Nothing here knows dates or paces.
//! 2. **Weeks** ([`Builder::week`]): the frame laid onto the runner's days — long run on the
//!    long-run day, hard sessions on days apart, easy runs (with strides, leg speed or
//!    backward segments) filling the running time, strength twice a week and mobility — and
//!    every session resolved for the runner's paces to get its time, distance and load.
//! 3. **The governor** (inside [`Builder::week`]): if the week's running load or time grows
//!    more than the level allows over the highest of the two weeks before, it trims — easy
//!    running first, then strides, then holds the progression, then drops hard sessions —
//!    until it does not. So the cap holds by construction, whatever the inputs.
//!
//! Adaptation re-runs passes 2 and 3 from the current week with what was actually run as the
//! "weeks before".

use std::cell::RefCell;
use std::collections::HashMap;

use jiff::Span;
use jiff::civil::{Date, Weekday};
use miler_core::{Distance, Duration, Performance};
use miler_workout::resolve::{AthletePaces, StepKind, resolve};
use miler_workout::{Count, Item, MoveKind, Ramp, Repeat, Role, Workout, catalog, text};

use crate::feasibility::{self, Feasibility};
use crate::guardrails;
use crate::model::{Level, Phase, Plan, RacePlan, Session, SessionKind, Split, Volume, Week};
use crate::request::{
    ALL_DAYS, Experience, Fitness, RaceVenue, Request, RequestError, default_weekly_minutes, monday,
};

/// Weekly growth of the running-time target in a build week.
pub const GROWTH: f64 = 0.08;
pub const BEGINNER_GROWTH: f64 = 0.06;
/// The guardrail: a week's running load and time at most this factor times the higher of
/// the two weeks before. Two build weeks in a row then grow at most 21 % (beginners 17 %),
/// well below the 30 % per two weeks that carried more injuries (Nielsen 2014).
pub const CAP: f64 = 1.10;
pub const BEGINNER_CAP: f64 = 1.08;
/// The load per minute of easy running (session RPE of "easy").
pub const EASY_RPE: f64 = 2.5;
/// The long run's share of the week's running time, at most: 3 running days, 4, 5 or more.
pub const LONG_SHARE: [f64; 3] = [0.45, 0.36, 0.30];
/// The most a week's long run may be, as a share of its running time (the guardrail; the
/// generator aims at [`LONG_SHARE`]).
pub const LONG_SHARE_LIMIT: f64 = 0.5;
/// A lighter week: at most this share of the higher of the two weeks before.
pub const LIGHTER: f64 = 0.85;
/// The taper week before race week, and race week (the race included): at most these shares
/// of the highest week so far.
pub const TAPER: f64 = 0.80;
pub const RACE_WEEK: f64 = 0.65;
/// The race window: the days before the race that are its taper, counted back from the race
/// day whatever weekday it falls on, so a Monday race makes the weekend before it short. They
/// hold at most [`RACE_WINDOW_SHARE`] of the biggest week before them: volume comes down in the
/// last 5-7 days before any goal race, also in plans too short for a taper phase (Fast Talk
/// Labs, "The Tuesday taper run"; Men's Running UK, "Taper time").
pub const RACE_WINDOW_DAYS: i64 = 7;
pub const RACE_WINDOW_SHARE: f64 = 0.70;
/// The race's eve: in the last two days about 30 minutes easy, strides the day before, nothing
/// long or hard (middle-distance race-week practice); no session over [`RACE_EVE_MAX_MIN`].
pub const RACE_EVE_DAYS: i64 = 2;
pub const RACE_EVE_MAX_MIN: f64 = 40.0;
/// The race-pace sharpener, and the days before the race it comes on when the runner trains on
/// one of them (else the nearest training day up to a week out).
pub const SHARPENER: &str = "race-sharpener";
pub const SHARPENER_DAYS: (i64, i64) = (3, 4);
/// The last weeks before the race in which a beginner rehearses it every third week.
pub const REHEARSAL_WEEKS: usize = 9;
/// Days between strength sessions, at least: 48 hours for the same muscles (ACSM).
pub const STRENGTH_GAP_DAYS: i32 = 2;
/// Easy runs are planned in blocks of this many minutes; a beginner's in whole minutes, since a
/// 20-minute run grown by five would be 25 % more, beyond the beginner's weekly cap, and the
/// runs would never grow (Couch to 5K itself steps 20 → 25 → 28 → 30 minutes).
pub const BLOCK_MIN: f64 = 5.0;
pub const BEGINNER_BLOCK_MIN: f64 = 1.0;
/// Shortest easy run and long run, minutes.
const EASY_FLOOR: f64 = 20.0;
/// Progressions are instantiated at step `round(p × STEPS)` of `STEPS + 1`.
const STEPS: u32 = 1000;
/// Walk-run steps after the first for someone who does not run yet, a step a week: the
/// catalog's five waypoints (8 × 1 min running up to 2 × 7 min), then continuous running in the
/// sixth week, the pace of Couch to 5K's first five weeks (20 minutes continuous at the end of
/// its week 5).
pub const WALK_RUN_STEPS: u32 = 4;
/// The weeks of walk-run for someone who does not run yet. Like Couch to 5K they have no
/// lighter week: each session stays about 30 minutes while only the run segments grow.
pub const WALK_RUN_WEEKS: usize = WALK_RUN_STEPS as usize + 1;

/// How age shapes the training week: the older the runner, the fewer running days and hard
/// sessions and the longer between hard sessions; a young runner's long run is capped.
///
/// | age | running days at most | hard sessions a week at most | days from one hard session to the next, at least | long run at most |
/// |---|---|---|---|---|
/// | under 19 | the level's | 2 | 2 | [`YOUTH_LONG_RUN_MAX_MIN`] |
/// | 19-49 | the level's | 2 | 2 | the level's |
/// | 50-59 | 6 | 2 | 3 | the level's |
/// | 60-69 | 5 | 2 | 3 | the level's |
/// | 70-74 | 5 | 1 | 5 | the level's |
/// | 75 and over | 4 | 1 | 9 | the level's |
///
/// Over 40 one quality session a week is enough for many (Runner's World, "Miles in the
/// bank"), and masters break down after two hard workouts without enough recovery between them
/// (Pete Magill, "Fast after 40: recovery"); stretching the cycle to 8-10 days keeps hard days
/// further apart (Women's Running, "If you're over 40, stretch out your training schedule").
/// miler applies these gradually: two easy days between hard sessions from 50, one hard
/// session a week from 70, and a 9-day cycle from 75. High-school long runs stay within 70-90
/// minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Age(Option<u32>);

/// The longest long run for a runner under 19: the top of the 70-90 minutes high-school
/// coaches allow, since a young runner's volume grows over seasons, not weeks.
pub const YOUTH_LONG_RUN_MAX_MIN: f64 = 90.0;

impl Age {
    pub fn of(request: &Request) -> Age {
        Age(request.age)
    }

    pub fn max_running_days(self) -> usize {
        match self.0 {
            Some(a) if a >= 75 => 4,
            Some(a) if a >= 60 => 5,
            Some(a) if a >= 50 => 6,
            _ => 7,
        }
    }

    pub fn max_hard_per_week(self) -> usize {
        match self.0 {
            Some(a) if a >= 70 => 1,
            _ => 2,
        }
    }

    /// The fewest days from one hard session to the next (2: never on consecutive days).
    pub fn hard_gap_days(self) -> i32 {
        match self.0 {
            Some(a) if a >= 75 => 9,
            Some(a) if a >= 70 => 5,
            Some(a) if a >= 50 => 3,
            _ => 2,
        }
    }

    pub fn max_long_run_min(self) -> f64 {
        match self.0 {
            Some(a) if a < 19 => YOUTH_LONG_RUN_MAX_MIN,
            _ => f64::INFINITY,
        }
    }
}

/// Why a plan could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Request(#[from] RequestError),
    #[error("the session `{0}` could not be resolved for your paces: {1}")]
    Resolve(String, String),
}

/// Builds the whole plan for `request`.
pub fn build(request: &Request) -> Result<Plan, PlanError> {
    request.validate()?;
    let feasibility = feasibility::assess(request);
    let builder = Builder::new(request, &feasibility)?;
    let mut weeks = Vec::new();
    let new_runner = request.experience() == Experience::New;
    let mut context = Context::start(builder.reference, new_runner);
    for frame in &builder.frames {
        let week = builder.week(frame, &context, &Holds::default(), None)?;
        let week = builder.settle(week, context.last_hard)?;
        context = context.after(&week);
        weeks.push(week);
    }
    builder.race_window(&mut weeks, builder.reference, request.start)?;
    set_acwr(&mut weeks, builder.reference);
    Ok(Plan {
        request: request.clone(),
        feasibility,
        level: builder.level,
        reference: builder.reference,
        race: builder.race_plan(),
        paces_basis: builder.basis.clone(),
        weeks,
    })
}

/// The paces a plan's sessions are resolved with: the runner's results (for someone who does
/// not run yet, the estimated mile today) and the plan's training goal.
pub fn athlete_paces(
    request: &Request,
    feasibility: &Feasibility,
) -> Result<AthletePaces, PlanError> {
    let results = match &request.fitness {
        Fitness::Results(results) => results.clone(),
        Fitness::None => vec![
            Performance::new(
                Distance::MILE,
                Duration::from_secs(feasibility.predicted_mile_now_s).expect("positive"),
            )
            .expect("positive"),
        ],
    };
    let goal = Duration::from_secs(feasibility.training_goal_mile_s).expect("a positive goal");
    AthletePaces::from_results(&results, Some(goal), request.sex)
        .map_err(|e| PlanError::Resolve("paces".into(), e.to_string()))
}

/// Progress caps adaptation puts on workouts the runner has been missing targets in:
/// `id → the progress to stay at`.
#[derive(Debug, Clone, Default)]
pub struct Holds(pub HashMap<String, f64>);

/// The level a request implies.
pub fn level(request: &Request, feasibility: &Feasibility) -> Level {
    let vdot = miler_core::Vdot::from_performance(
        Performance::new(
            Distance::MILE,
            Duration::from_secs(feasibility.predicted_mile_now_s).unwrap_or(Duration::ZERO),
        )
        .expect("a positive mile"),
    )
    .value();
    match request.experience() {
        Experience::New | Experience::Novice => Level::Beginner,
        _ if feasibility.predicted_mile_now_s > 600.0 => Level::Beginner,
        Experience::Competitive => Level::Advanced,
        _ if vdot >= 58.0 => Level::Advanced,
        _ => Level::Regular,
    }
}

/// A week before dates and paces.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub index: usize,
    pub start: Date,
    pub phase: Phase,
    pub lighter: bool,
    pub time_trial: bool,
    pub race_week: bool,
    /// Running-time target, minutes.
    pub minutes: f64,
    /// Hard workouts, most important first, with their progress.
    pub hard: Vec<(&'static str, f64)>,
    /// Progress of the easy-run variations this week (strides, leg speed, backward, walk-run).
    pub easy_progress: f64,
    /// Someone who does not run yet: walk-run until running is continuous.
    pub new_runner: bool,
}

pub(crate) struct Builder<'a> {
    pub request: &'a Request,
    pub level: Level,
    pub athlete: AthletePaces,
    pub basis: Vec<String>,
    pub frames: Vec<Frame>,
    pub reference: Volume,
    running_days: Vec<Weekday>,
    off_days: Vec<Weekday>,
    long_day: Weekday,
    cap: f64,
    age: Age,
    /// Easy runs are planned in blocks of this many minutes.
    block: f64,
    training_goal_mile: Duration,
    cache: RefCell<HashMap<String, Cost>>,
    work_cache: RefCell<HashMap<String, f64>>,
}

#[derive(Debug, Clone, Copy)]
struct Cost {
    time_s: f64,
    distance_m: f64,
    load: f64,
}

/// A session before it is resolved.
struct Draft {
    id: &'static str,
    title: String,
    kind: SessionKind,
    hard: bool,
    text: String,
    progress: Option<f64>,
}

/// How far the governor has trimmed a week.
#[derive(Debug, Clone, Copy)]
struct Trim {
    /// Blocks ([`BLOCK_MIN`], a beginner's [`BEGINNER_BLOCK_MIN`]) taken off the easy runs,
    /// longest run first.
    cut: u32,
    strides: bool,
    /// Progress taken off every progressing session (0 to 1).
    hold: f64,
    hard_kept: usize,
    easy_dropped: usize,
}

impl Trim {
    const NONE: Trim = Trim {
        cut: 0,
        strides: true,
        hold: 0.0,
        hard_kept: usize::MAX,
        easy_dropped: 0,
    };

    /// The stages, gentlest first; within each, easy running is cut as little as needed.
    fn stages() -> impl Iterator<Item = Trim> {
        let gentle = [
            Trim::NONE,
            Trim {
                strides: false,
                ..Trim::NONE
            },
        ];
        // Fewer hard sessions before rest days: easy running is the bulk of the week, so a
        // week too heavy for the cap loses its second hard session before any easy day.
        let fewer_hard = [1, 0].into_iter().flat_map(|kept| {
            (0..=7).map(move |n| Trim {
                strides: false,
                hold: 1.0,
                hard_kept: kept,
                easy_dropped: n,
                ..Trim::NONE
            })
        });
        gentle.into_iter().chain(fewer_hard)
    }
}

/// Takes `cut` blocks off `runs` (the long run last in the slice), always from
/// the longest run above the floor, preferring easy runs over the long run on a tie so the
/// long run stays the longest.
/// How much longer than an easy run the long run is kept when runs are cut: cuts fall on
/// the easy days first, so the long run stays the week's long run.
const LONG_WEIGHT: f64 = 1.5;

/// Takes `cut` blocks of `block` minutes off `runs` (the long run last when `has_long`), each from
/// the run longest for its kind, none below [`EASY_FLOOR`]; `false` when they run out.
fn cut_runs(runs: &mut [f64], cut: u32, has_long: bool, block: f64) -> bool {
    let last = runs.len().saturating_sub(1);
    let weight = |i: usize| {
        if has_long && i == last {
            LONG_WEIGHT
        } else {
            1.0
        }
    };
    for _ in 0..cut {
        let longest = runs
            .iter()
            .enumerate()
            .filter(|&(_, &m)| m - block >= EASY_FLOOR - 1e-9)
            .max_by(|a, b| {
                let easy = |i: usize| weight(i) == 1.0;
                (a.1 / weight(a.0))
                    .total_cmp(&(b.1 / weight(b.0)))
                    .then(easy(a.0).cmp(&easy(b.0)))
                    .then(b.0.cmp(&a.0))
            });
        match longest {
            Some((i, _)) => runs[i] -= block,
            None => return false,
        }
    }
    true
}

impl<'a> Builder<'a> {
    pub fn new(request: &'a Request, feasibility: &Feasibility) -> Result<Builder<'a>, PlanError> {
        let level = level(request, feasibility);
        let training_goal_mile =
            Duration::from_secs(feasibility.training_goal_mile_s).expect("a positive goal");
        let athlete = athlete_paces(request, feasibility)?;
        let mut basis = vec![feasibility.basis.clone()];
        if let Some(v) = athlete.vdot() {
            basis.push(format!(
                "Easy and threshold paces from VDOT {:.1}; goal-pace work from a {} mile.",
                v.value(),
                feasibility::clock(training_goal_mile.secs())
            ));
        }
        let days = request.training_days();
        let long_day = request.long_run();
        let max_running = match (level, request.experience()) {
            (_, Experience::New) => 3,
            (Level::Beginner, _) => 4,
            (Level::Regular, _) => 6,
            (Level::Advanced, _) => 7,
        }
        .min(Age::of(request).max_running_days());
        let running_days = choose_running(&days, long_day, max_running);
        let off_days = days
            .iter()
            .copied()
            .filter(|d| !running_days.contains(d))
            .collect();
        let cap = if level == Level::Beginner {
            BEGINNER_CAP
        } else {
            CAP
        };
        let mut builder = Builder {
            request,
            level,
            athlete,
            basis,
            frames: Vec::new(),
            reference: Volume {
                running_load: 0.0,
                running_min: 0.0,
            },
            running_days,
            off_days,
            long_day,
            cap,
            age: Age::of(request),
            block: if level == Level::Beginner {
                BEGINNER_BLOCK_MIN
            } else {
                BLOCK_MIN
            },
            training_goal_mile,
            cache: RefCell::new(HashMap::new()),
            work_cache: RefCell::new(HashMap::new()),
        };
        builder.reference = builder.reference_volume()?;
        builder.frames = frames(request, level, &builder)?;
        Ok(builder)
    }

    /// What the runner does now, or the gentlest first week for the level if that is more.
    fn reference_volume(&self) -> Result<Volume, PlanError> {
        let experience = self.request.experience();
        let stated = self
            .request
            .weekly_minutes
            .unwrap_or_else(|| default_weekly_minutes(experience, self.running_days.len()));
        let starter = if experience == Experience::New {
            let walk = self.cost(&walk_run_text(0.0))?;
            Volume {
                running_load: walk.load * self.running_days.len() as f64,
                running_min: walk.time_s / 60.0 * self.running_days.len() as f64,
            }
        } else {
            let minutes = EASY_FLOOR * self.running_days.len() as f64;
            Volume {
                running_load: minutes * EASY_RPE,
                running_min: minutes,
            }
        };
        Ok(Volume {
            running_load: (stated * EASY_RPE).max(starter.running_load),
            running_min: stated.max(starter.running_min),
        })
    }

    fn cost(&self, text: &str) -> Result<Cost, PlanError> {
        if let Some(cost) = self.cache.borrow().get(text) {
            return Ok(*cost);
        }
        let workout = text::parse(text)
            .into_result()
            .map_err(|e| PlanError::Resolve(text.to_owned(), format!("{e:?}")))?;
        let resolved = resolve(&workout, &self.athlete)
            .map_err(|e| PlanError::Resolve(text.to_owned(), e.to_string()))?;
        let cost = Cost {
            time_s: resolved.total_time.secs(),
            distance_m: resolved.total_distance.metres(),
            load: resolved.load,
        };
        self.cache.borrow_mut().insert(text.to_owned(), cost);
        Ok(cost)
    }

    fn session(&self, date: Date, draft: Draft) -> Result<Session, PlanError> {
        let cost = self.cost(&draft.text)?;
        Ok(Session {
            key: format!("{date}/{}", draft.id),
            date,
            workout_id: draft.id.to_owned(),
            title: draft.title,
            kind: draft.kind,
            hard: draft.hard,
            text: draft.text,
            planned_time_s: cost.time_s.round(),
            planned_distance_m: cost.distance_m.round(),
            load: cost.load.round(),
            progress: draft.progress.map(|p| (p * 1000.0).round() / 1000.0),
            note: None,
        })
    }

    fn catalog_session(
        &self,
        date: Date,
        id: &'static str,
        progress: f64,
    ) -> Result<Session, PlanError> {
        self.dosed_session(date, id, progress, f64::INFINITY)
    }

    /// The minutes of quality work in `workout`: its targeted running reps, not the warm-up,
    /// recoveries or cool-down.
    fn work_minutes(&self, workout: &Workout) -> Result<f64, PlanError> {
        let text = text::print(workout);
        if let Some(&m) = self.work_cache.borrow().get(&text) {
            return Ok(m);
        }
        let resolved = resolve(workout, &self.athlete)
            .map_err(|e| PlanError::Resolve(text.clone(), e.to_string()))?;
        let minutes = resolved
            .steps
            .iter()
            .filter(|s| {
                s.role == Role::Body
                    && s.target.is_some()
                    && matches!(
                        s.kind,
                        StepKind::Move {
                            kind: MoveKind::Run,
                            ..
                        }
                    )
            })
            .map(|s| s.estimated_time.secs() / 60.0)
            .sum::<f64>()
            + 0.0;
        self.work_cache.borrow_mut().insert(text, minutes);
        Ok(minutes)
    }

    /// `id` at `progress`, its quality kept within [`quality_share`] of `week_minutes` of
    /// running: the progression is held back to the furthest step that fits, and if even the
    /// first step does not, the reps are cut (to no fewer than two, or one set).
    fn dosed(
        &self,
        id: &str,
        progress: f64,
        week_minutes: f64,
    ) -> Result<(Workout, f64), PlanError> {
        let entry = catalog::get(id).expect("plan workouts are in the catalog");
        let workout = entry.workout();
        let at = |p: f64| {
            workout
                .at_step(step(p), STEPS + 1)
                .expect("a step in range")
        };
        let full = at(progress);
        let Some(share) = quality_share(id) else {
            return Ok((full, progress));
        };
        let cap = share * week_minutes;
        if self.work_minutes(&full)? <= cap {
            return Ok((full, progress));
        }
        let first = at(0.0);
        if self.work_minutes(&first)? <= cap {
            let (mut lo, mut hi) = (0.0, progress);
            for _ in 0..10 {
                let mid = (lo + hi) / 2.0;
                if self.work_minutes(&at(mid))? <= cap {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let p = (f64::from(step(lo)) / f64::from(STEPS) * 1000.0).floor() / 1000.0;
            return Ok((at(p), p));
        }
        let mut cut = first;
        while self.work_minutes(&cut)? > cap && fewer_reps(&mut cut) {}
        Ok((cut, 0.0))
    }

    /// A catalog session at `progress`, dosed for a week of `week_minutes` running.
    fn dosed_session(
        &self,
        date: Date,
        id: &'static str,
        progress: f64,
        week_minutes: f64,
    ) -> Result<Session, PlanError> {
        let entry = catalog::get(id).expect("plan workouts are in the catalog");
        let progresses = entry.workout().has_progression();
        let (at, progress) = self.dosed(id, progress, week_minutes)?;
        let mut text = text::print(&at);
        let mut title = entry.title.to_owned();
        let kind = match id {
            "mile-time-trial" => SessionKind::TimeTrial,
            "strength-bodyweight" | "strength-gym" => SessionKind::Strength,
            "mobility" | "foam-rolling" => SessionKind::Mobility,
            _ => SessionKind::Run,
        };
        let mut note = None;
        if id == "threshold-10min" && self.threshold_capped() {
            // One threshold pace per plan: Daniels' T, as the cruise intervals run.
            text = text.replace("@ mile+40s/mi..mile+50s/mi", "@ T");
            note = Some(
                "At Daniels' threshold (T) pace: the article's mile pace + 40-50 s per mile is a check, and for you it would be faster than T."
                    .to_owned(),
            );
        }
        if id == "mile-time-trial" && self.level == Level::Beginner {
            // A beginner's rehearsal of the test with race day's own warm-up (a walk and five
            // minutes' jog), light enough for a week of 20-minute runs.
            text = "walk 5min\nwarm-up 5min easy\ntime-trial 1mi \"a rehearsal of the test: even pace\"\nwalk 5min\n"
                .to_owned();
            title = "Test rehearsal".to_owned();
        }
        if id == "mile-time-trial" {
            let distance = self.request.race_distance();
            if (distance.metres() - Distance::MILE.metres()).abs() > 0.5 {
                text = text.replace("time-trial 1mi", &format!("time-trial {distance}"));
                title = if self.level == Level::Beginner {
                    format!("Test rehearsal: {distance}")
                } else {
                    format!("Time trial: {distance}")
                };
            }
        }
        let mut session = self.session(
            date,
            Draft {
                id,
                title,
                kind,
                hard: entry.hard,
                text,
                progress: progresses.then_some(progress),
            },
        )?;
        session.note = note;
        Ok(session)
    }

    /// Whether the article's threshold rule (mile pace + 40-50 s per mile) would be faster
    /// than Daniels' T for this runner at its fast end, so the plan runs its threshold reps at
    /// T: one threshold pace, never 10 km race pace for half an hour.
    fn threshold_capped(&self) -> bool {
        let (Some(mile), Some(vdot)) =
            (self.athlete.race_time(Distance::MILE), self.athlete.vdot())
        else {
            return false;
        };
        let threshold = miler_core::paces::TrainingPaces::for_vdot(vdot).threshold;
        let article = (mile.secs() + 40.0) / Distance::MILE.metres() * 1000.0;
        article < threshold.secs_per_km()
    }

    fn easy_session(
        &self,
        date: Date,
        minutes: f64,
        strides: Option<f64>,
        long: bool,
    ) -> Result<Session, PlanError> {
        let mut text = format!("run {}min easy\n", minutes as u32);
        let (id, mut title) = if long {
            ("long-run", "Long run".to_owned())
        } else {
            ("easy-run", "Easy run".to_owned())
        };
        if let Some(p) = strides {
            text.push_str(&self.strides_text(p));
            title.push_str(" + strides");
        }
        self.session(
            date,
            Draft {
                id,
                title,
                kind: SessionKind::Run,
                hard: false,
                text,
                progress: None,
            },
        )
    }

    fn strides_text(&self, p: f64) -> String {
        let strides = catalog::get("strides").expect("in the catalog").workout();
        text::print(&strides.at_step(step(p), STEPS + 1).expect("in range"))
    }

    fn backward_session(&self, date: Date, minutes: f64, p: f64) -> Result<Session, PlanError> {
        let segments = 1 + (2.0 * p).round() as u32;
        let backward = 2 + (2.0 * p).round() as u32;
        let middle = segments * backward + (segments - 1) * 5;
        let around = (((minutes - f64::from(middle)) / 2.0 / 5.0).round() * 5.0).max(5.0) as u32;
        let text = format!(
            "run {around}min easy\n{segments} x run {backward}min backward easy \"on a track or beside a partner\", recovery 5min run easy\nrun {around}min easy\n"
        );
        self.session(
            date,
            Draft {
                id: "backward-easy-run",
                title: format!("Easy run with {segments} × {backward} min backward"),
                kind: SessionKind::Run,
                hard: false,
                text,
                progress: Some(p),
            },
        )
    }

    fn walk_run_session(&self, date: Date, p: f64) -> Result<Session, PlanError> {
        self.session(
            date,
            Draft {
                id: "walk-run",
                title: "Walk-run".to_owned(),
                kind: SessionKind::Run,
                hard: false,
                text: walk_run_text(p),
                progress: Some(p),
            },
        )
    }

    /// Race week's walk-run: the step reached, with about 60 % of its runs, as easy runs
    /// are shortened in the taper.
    fn race_week_walk_run(&self, date: Date, p: f64) -> Result<Session, PlanError> {
        let mut workout = text::parse(&walk_run_text(p))
            .into_result()
            .map_err(|e| PlanError::Resolve("walk-run".into(), format!("{e:?}")))?;
        let reps = workout
            .items
            .iter()
            .find_map(|i| match i {
                Item::Repeat(Repeat {
                    count: Count::Times(n),
                    ..
                }) => Some(n.first()),
                _ => None,
            })
            .unwrap_or(2);
        let keep = ((f64::from(reps) * 0.6).round() as u32).max(2);
        for _ in keep..reps {
            fewer_reps(&mut workout);
        }
        self.session(
            date,
            Draft {
                id: "walk-run",
                title: "Walk-run, shorter in race week".to_owned(),
                kind: SessionKind::Run,
                hard: false,
                text: text::print(&workout),
                progress: Some(p),
            },
        )
    }

    fn race_session(&self, date: Date) -> Result<Session, PlanError> {
        let entry = catalog::get("mile-race").expect("in the catalog");
        let distance = self.request.race_distance();
        let mut text = if self.request.experience() == Experience::New {
            // A gentler warm-up for someone who started from walking.
            "walk 5min\nwarm-up 5min easy\ntime-trial 1mi \"even pace: see your pacing plan\"\nwalk 5min\n"
                .to_owned()
        } else {
            let mut text = entry.text.lines().skip(1).collect::<Vec<_>>().join("\n");
            text.push('\n');
            text
        };
        let mut title = entry.title.to_owned();
        if (distance.metres() - Distance::MILE.metres()).abs() > 0.5 {
            text = text.replace("time-trial 1mi", &format!("time-trial {distance}"));
            title = format!("Race day: {distance}");
        }
        let mut session = self.session(
            date,
            Draft {
                id: "mile-race",
                title,
                kind: SessionKind::Race,
                hard: true,
                text,
                progress: None,
            },
        )?;
        let race = self.race_plan();
        // To the tenth, as the race plan's table prints the splits.
        let tenths = |secs: f64| {
            Duration::from_secs(secs).map_or_else(|| "?".to_owned(), |d| d.display_fixed(1))
        };
        session.note = Some(format!(
            "Target {}: {}.",
            tenths(race.target_s),
            race.splits
                .iter()
                .map(|s| format!("{} {}", s.label, tenths(s.cumulative_s)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        Ok(session)
    }

    /// The race-day pacing plan: even splits for the training goal at the race distance.
    pub fn race_plan(&self) -> RacePlan {
        let distance = self.request.race_distance();
        let target = feasibility::at_distance(self.training_goal_mile.secs(), distance);
        let (lap, first_label) = match self.request.venue {
            RaceVenue::Track400 => (400.0, "lap"),
            RaceVenue::Track200 => (200.0, "lap"),
            RaceVenue::Road => (Distance::MILE.metres() / 4.0, "quarter"),
        };
        let total = distance.metres();
        let mut marks = Vec::new();
        if self.request.venue == RaceVenue::Road {
            let mut at = lap;
            while at < total - 0.5 {
                marks.push(at);
                at += lap;
            }
        } else {
            // On a track the laps count back from the finish: the odd bit comes first.
            let whole = (total / lap).floor();
            let first = total - whole * lap;
            let mut at = if first > 0.5 { first } else { lap };
            while at < total - 0.5 {
                if at > 0.5 {
                    marks.push(at);
                }
                at += lap;
            }
            if first > 0.5 && first < 50.0 {
                // A few metres before the first full lap are folded into it (409.344 m).
                marks.remove(0);
            }
        }
        marks.push(total);
        let per_m = target / total;
        let mut previous = 0.0;
        let splits = marks
            .iter()
            .enumerate()
            .map(|(i, &at)| {
                let split = Split {
                    label: format!("{first_label} {} ({:.0} m)", i + 1, at),
                    at_m: (at * 1000.0).round() / 1000.0,
                    split_s: ((at - previous) * per_m * 10.0).round() / 10.0,
                    cumulative_s: (at * per_m * 10.0).round() / 10.0,
                };
                previous = at;
                split
            })
            .collect();
        RacePlan {
            date: self.request.race_date,
            distance_m: total,
            target_s: (target * 10.0).round() / 10.0,
            venue: self.request.venue,
            splits,
            // The same warm-up as the race session's workout.
            warm_up: if self.request.experience() == Experience::New {
                "5 min walk, 5 min easy running; then race at even pace, and walk 5 min after."
            } else {
                "15 min easy jog, stretch, 5 min jog, 4 strides of 20 s; then race at even pace."
            }
            .to_owned(),
        }
    }

    /// One week from its frame, trimmed to the guardrail against the weeks before.
    pub fn week(
        &self,
        frame: &Frame,
        context: &Context,
        holds: &Holds,
        from: Option<Date>,
    ) -> Result<Week, PlanError> {
        let limit = limit(frame, self.cap, context);
        let fits = |week: &Week| week.training().within(limit);
        let mut last = None;
        let mut stages = Trim::stages();
        // Cutting easy running, then strides.
        for stage in stages.by_ref().take(2) {
            match self.fit_stage(frame, stage, context, holds, from, &fits)? {
                Ok(week) => return Ok(week),
                Err(week) => last = Some(week),
            }
        }
        // Holding progressions back: the least hold that fits.
        let held = Trim {
            strides: false,
            hold: 1.0,
            ..Trim::NONE
        };
        if self
            .fit_stage(frame, held, context, holds, from, &fits)?
            .is_ok()
        {
            let (mut lo, mut hi) = (0.0f64, 1.0f64);
            for _ in 0..7 {
                let mid = (lo + hi) / 2.0;
                let trial = Trim { hold: mid, ..held };
                if self
                    .fit_stage(frame, trial, context, holds, from, &fits)?
                    .is_ok()
                {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            let trial = Trim { hold: hi, ..held };
            if let Ok(week) = self.fit_stage(frame, trial, context, holds, from, &fits)? {
                return Ok(week);
            }
        }
        // Fewer hard sessions, then rest days.
        for stage in stages {
            match self.fit_stage(frame, stage, context, holds, from, &fits)? {
                Ok(week) => return Ok(week),
                Err(week) => last = Some(week),
            }
        }
        // Only the race is left and the race is not trimmed.
        Ok(last.expect("the stages are not empty"))
    }

    /// The week at `stage` with the least cut of easy running that fits, or the deepest cut
    /// if none does.
    fn fit_stage(
        &self,
        frame: &Frame,
        stage: Trim,
        context: &Context,
        holds: &Holds,
        from: Option<Date>,
        fits: &dyn Fn(&Week) -> bool,
    ) -> Result<Result<Week, Week>, PlanError> {
        let week = self.assemble(frame, stage, context, holds, from)?;
        if fits(&week) {
            return Ok(Ok(week));
        }
        let Some(max_cut) = self.max_cut(&week) else {
            return Ok(Err(week));
        };
        let deepest = self.assemble(
            frame,
            Trim {
                cut: max_cut,
                ..stage
            },
            context,
            holds,
            from,
        )?;
        if !fits(&deepest) {
            return Ok(Err(deepest));
        }
        let (mut lo, mut hi) = (0, max_cut);
        let mut best = deepest;
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            let week = self.assemble(frame, Trim { cut: mid, ..stage }, context, holds, from)?;
            if fits(&week) {
                hi = mid;
                best = week;
            } else {
                lo = mid;
            }
        }
        Ok(Ok(best))
    }

    /// How many five-minute blocks the easy runs of `week` can lose.
    fn max_cut(&self, week: &Week) -> Option<u32> {
        let spare: f64 = week
            .sessions
            .iter()
            .filter(|s| {
                s.workout_id == "easy-run"
                    || s.workout_id == "long-run"
                    || s.workout_id == "backward-easy-run"
            })
            .map(|s| easy_minutes(&s.text).map_or(0.0, |m| (m - EASY_FLOOR).max(0.0)))
            .sum();
        let blocks = (spare / self.block).round() as u32;
        (blocks > 0).then_some(blocks)
    }

    fn dates(&self, frame: &Frame, from: Option<Date>) -> Vec<(Weekday, Date)> {
        let first = from.map_or(self.request.start, |f| f.max(self.request.start));
        ALL_DAYS
            .iter()
            .enumerate()
            .filter_map(|(i, &day)| {
                let date = frame.start.checked_add(Span::new().days(i as i64)).ok()?;
                (date >= first && date <= self.request.race_date).then_some((day, date))
            })
            .collect()
    }

    fn assemble(
        &self,
        frame: &Frame,
        trim: Trim,
        context: &Context,
        holds: &Holds,
        from: Option<Date>,
    ) -> Result<Week, PlanError> {
        let dates = self.dates(frame, from);
        let race = self.request.race_date;
        let mut sessions: Vec<Session> = Vec::new();
        let hold = |id: &str, p: f64| -> f64 {
            let held = holds.0.get(id).map_or(p, |&h| p.min(h));
            (held - trim.hold).max(0.0)
        };
        // Walk-run moves on a step a week from where the runner got to, until running is
        // continuous; a lighter week, or one the governor holds back, repeats the step
        // reached: it never goes back to the start.
        let walk = if frame.new_runner && context.walk < 1.0 {
            let step = 1.0 / f64::from(WALK_RUN_STEPS);
            let reached = context.walk.max(0.0);
            let next = if frame.lighter || context.walk < 0.0 {
                reached
            } else {
                (context.walk + step).min(1.0)
            };
            Some((next - trim.hold).max(reached))
        } else {
            None
        };
        // The hard sessions, on days apart from each other and from the week before's.
        // Nothing hard while someone is still learning to run continuously.
        let mut hard: Vec<(&'static str, f64)> = if walk.is_some() {
            Vec::new()
        } else {
            frame.hard.clone()
        };
        if frame.time_trial && walk.is_none() {
            if hard.is_empty() {
                hard.push(("mile-time-trial", 0.0));
            } else {
                hard[0] = ("mile-time-trial", 0.0);
            }
        }
        hard.truncate(trim.hard_kept);
        let available: Vec<Weekday> = dates
            .iter()
            .map(|&(d, _)| d)
            .filter(|d| self.running_days.contains(d))
            .collect();
        let race_day = dates.iter().find(|&&(_, d)| d == race).map(|&(w, _)| w);
        // Hard days keep a day away from the week before's last hard session and two days
        // away from the race.
        let hard_available: Vec<Weekday> = dates
            .iter()
            .filter(|&&(day, date)| {
                available.contains(&day)
                    && context
                        .last_hard
                        .is_none_or(|h| (date - h).get_days() >= self.age.hard_gap_days())
                    && (race - date).get_days() > 2
            })
            .map(|&(day, _)| day)
            .collect();
        let hard_days = if frame.race_week {
            Vec::new()
        } else {
            choose_hard(
                &hard_available,
                self.long_day,
                hard.len(),
                self.age.hard_gap_days(),
            )
        };
        hard.truncate(hard_days.len());
        let hard_at: HashMap<Weekday, (&'static str, f64)> = hard_days
            .iter()
            .copied()
            .zip(hard.iter().copied())
            .collect();

        // Running time left for easy days after the hard sessions.
        let mut hard_sessions = Vec::new();
        for &(day, date) in &dates {
            if let Some(&(id, p)) = hard_at.get(&day) {
                hard_sessions.push(self.dosed_session(date, id, hold(id, p), frame.minutes)?);
            }
        }
        let hard_min: f64 = hard_sessions.iter().map(|s| s.planned_time_s / 60.0).sum();
        let easy_days: Vec<(Weekday, Date)> = dates
            .iter()
            .copied()
            .filter(|&(day, date)| {
                self.running_days.contains(&day)
                    && !hard_at.contains_key(&day)
                    && Some(day) != race_day
                    && date < race
            })
            .collect();
        let has_long = !frame.race_week && easy_days.iter().any(|&(d, _)| d == self.long_day);
        let n_days = self.running_days.len();
        let share = LONG_SHARE[n_days.clamp(3, 5) - 3];
        let level_long: f64 = match self.level {
            Level::Beginner => 60.0,
            Level::Regular => 90.0,
            Level::Advanced => 105.0,
        };
        let max_long = level_long.min(self.age.max_long_run_min());
        // The week's running as the cap allows it, so that the long run and the easy days
        // share what can be run rather than a target the governor would cut from the long
        // run alone.
        let minutes = frame
            .minutes
            .min(limit(frame, self.cap, context).running_min);
        let long_target = if has_long {
            self.round((minutes * share).clamp(EASY_FLOOR, max_long))
                .max(EASY_FLOOR)
        } else {
            0.0
        };
        let n_easy = easy_days.len() - usize::from(has_long);
        let walking = walk.is_some();
        let strides_ok = trim.strides
            && match self.level {
                Level::Beginner => !walking && frame.index >= 3,
                _ => frame.index >= 1,
            };
        let strides_min = if strides_ok {
            let strides = self.strides_text(frame.easy_progress);
            self.cost(&strides)?.time_s / 60.0 * n_easy.min(2) as f64
        } else {
            0.0
        };
        let easy_target = if n_easy > 0 {
            let left = (minutes - long_target - hard_min - strides_min).max(0.0);
            let each = self
                .round((left / n_easy as f64).clamp(EASY_FLOOR, 60.0))
                .max(EASY_FLOOR);
            if has_long {
                each.min(long_target)
            } else {
                each
            }
        } else {
            0.0
        };
        // Minutes per easy day in date order, the long run last.
        let mut runs: Vec<f64> = vec![easy_target; n_easy];
        if has_long {
            runs.push(long_target);
        }
        cut_runs(&mut runs, trim.cut, has_long, self.block);
        let long_min = if has_long {
            runs.pop().unwrap_or(0.0)
        } else {
            0.0
        };
        let mut easy_minutes = runs.into_iter();

        let mut strides_left = 2;
        let mut leg_speed =
            self.level == Level::Advanced && frame.phase == Phase::Base && frame.index > 0;
        let mut backward = self.request.backward && frame.index >= 2 && !frame.race_week;
        let mut dropped = 0;
        // Drop the shortest (non-long) easy days first when trimming hard.
        let drop_order: Vec<Date> = {
            let mut v: Vec<Date> = easy_days
                .iter()
                .filter(|&&(d, _)| !(has_long && d == self.long_day))
                .map(|&(_, date)| date)
                .collect();
            v.reverse();
            v
        };
        let dropped_dates: Vec<Date> = drop_order.iter().copied().take(trim.easy_dropped).collect();
        let drop_long = trim.easy_dropped > drop_order.len();
        for &(day, date) in &dates {
            if date == race && frame.race_week {
                sessions.push(self.race_session(date)?);
                continue;
            }
            if let Some(pos) = hard_sessions.iter().position(|s| s.date == date) {
                sessions.push(hard_sessions.remove(pos));
                continue;
            }
            if !self.running_days.contains(&day) || date >= race {
                continue;
            }
            if dropped_dates.contains(&date) {
                dropped += 1;
                continue;
            }
            let is_long = has_long && day == self.long_day;
            if is_long && drop_long {
                continue;
            }
            if walking {
                sessions.push(self.walk_run_session(date, walk.unwrap_or(1.0))?);
                continue;
            }
            let minutes = if is_long {
                long_min
            } else {
                easy_minutes.next().unwrap_or(EASY_FLOOR)
            };
            if frame.race_week {
                let minutes = round5(minutes.min(30.0) * 0.8).max(EASY_FLOOR);
                let strides = (strides_left > 0 && trim.strides).then_some(0.0);
                strides_left -= usize::from(strides.is_some());
                sessions.push(self.easy_session(date, minutes, strides, false)?);
                continue;
            }
            if !is_long && leg_speed {
                leg_speed = false;
                sessions.push(self.catalog_session(date, "leg-speed", frame.easy_progress)?);
                continue;
            }
            if !is_long && backward {
                backward = false;
                sessions.push(self.backward_session(date, minutes, frame.easy_progress)?);
                continue;
            }
            let strides =
                (!is_long && strides_ok && strides_left > 0).then_some(frame.easy_progress);
            strides_left -= usize::from(strides.is_some());
            sessions.push(self.easy_session(date, minutes, strides, is_long)?);
        }
        let _ = dropped;

        // Strength twice a week (once in a taper week, never in race week), mobility once.
        if !frame.race_week {
            let times = if frame.phase == Phase::Taper { 1 } else { 2 };
            let gym = self.request.facilities.gym
                && self.level != Level::Beginner
                && frame.phase != Phase::Base;
            let mut strength_days: Vec<Date> = Vec::new();
            let hard_dates: Vec<Date> =
                sessions.iter().filter(|s| s.hard).map(|s| s.date).collect();
            if gym {
                strength_days.extend(
                    hard_dates
                        .iter()
                        .copied()
                        .filter(|&d| {
                            context
                                .last_strength
                                .is_none_or(|s| (d - s).get_days() >= STRENGTH_GAP_DAYS)
                        })
                        .take(times),
                );
            }
            let off: Vec<Date> = dates
                .iter()
                .filter(|(d, _)| self.off_days.contains(d))
                .map(|&(_, date)| date)
                .collect();
            let easy: Vec<Date> = sessions
                .iter()
                .filter(|s| s.kind == SessionKind::Run && !s.hard && s.workout_id != "long-run")
                .map(|s| s.date)
                .collect();
            // 48 hours between strength sessions for the same muscles (ACSM), across weeks
            // too; and legs fresh for a hard session, so the day before one comes last.
            let before_hard = |d: &Date| {
                d.checked_add(Span::new().days(1))
                    .is_ok_and(|next| hard_dates.contains(&next))
            };
            let mut candidates: Vec<Date> = off
                .iter()
                .chain(easy.iter())
                .chain(hard_dates.iter())
                .copied()
                .collect();
            candidates.sort_by_key(|d| before_hard(d));
            for date in candidates {
                if strength_days.len() >= times {
                    break;
                }
                let apart = strength_days
                    .iter()
                    .chain(context.last_strength.iter())
                    .all(|s| (date - *s).get_days().abs() >= STRENGTH_GAP_DAYS);
                if apart && date < race {
                    strength_days.push(date);
                }
            }
            strength_days.sort();
            for date in strength_days {
                let on_hard = hard_dates.contains(&date);
                let id = if gym && on_hard {
                    "strength-gym"
                } else {
                    "strength-bodyweight"
                };
                sessions.push(self.catalog_session(date, id, 0.0)?);
            }
            let mobility_day = sessions
                .iter()
                .find(|s| s.workout_id == "long-run")
                .map(|s| s.date)
                .or_else(|| off.first().copied());
            if let Some(date) = mobility_day {
                let mut mobility = self.catalog_session(date, "mobility", 0.0)?;
                if sessions
                    .iter()
                    .any(|s| s.date == date && s.kind.is_running())
                {
                    // After a run the run is the warm-up.
                    let text: String = mobility
                        .text
                        .lines()
                        .filter(|l| !l.starts_with("warm-up"))
                        .map(|l| format!("{l}\n"))
                        .collect();
                    mobility = self.session(
                        date,
                        Draft {
                            id: "mobility",
                            title: "Stretching after the run".to_owned(),
                            kind: SessionKind::Mobility,
                            hard: false,
                            text,
                            progress: None,
                        },
                    )?;
                } else if self.request.experience() == Experience::New {
                    // Someone who does not run yet warms up for stretching with a walk.
                    let text = mobility.text.replace("warm-up 15min easy", "walk 10min");
                    mobility = self.session(
                        date,
                        Draft {
                            id: "mobility",
                            title: mobility.title.clone(),
                            kind: SessionKind::Mobility,
                            hard: false,
                            text,
                            progress: None,
                        },
                    )?;
                }
                sessions.push(mobility);
            }
            // Foam rolling after each hard session: a short add-on to that day, a few times a
            // week, not a training day of its own.
            let hard_runs: Vec<Date> = sessions
                .iter()
                .filter(|s| s.hard && s.kind == SessionKind::Run)
                .map(|s| s.date)
                .collect();
            for date in hard_runs {
                sessions.push(self.catalog_session(date, "foam-rolling", 0.0)?);
            }
        }
        self.keep_long_run_share(&mut sessions)?;
        sessions.sort_by_key(|s| (s.date, !s.kind.is_running()));
        Ok(self.totals(frame, sessions))
    }

    /// The long run is at most half the week's running: never longer than the rest of it.
    fn keep_long_run_share(&self, sessions: &mut [Session]) -> Result<(), PlanError> {
        let Some(i) = sessions.iter().position(|s| s.workout_id == "long-run") else {
            return Ok(());
        };
        let rest: f64 = sessions
            .iter()
            .enumerate()
            .filter(|&(j, s)| j != i && s.kind.is_running())
            .map(|(_, s)| s.planned_time_s / 60.0)
            .sum();
        if sessions[i].planned_time_s / 60.0 > rest && rest >= EASY_FLOOR {
            let minutes = ((rest / self.block).floor() * self.block).max(EASY_FLOOR);
            sessions[i] = self.easy_session(sessions[i].date, minutes, None, true)?;
        }
        Ok(())
    }

    pub fn totals(&self, frame: &Frame, sessions: Vec<Session>) -> Week {
        let running: Vec<&Session> = sessions.iter().filter(|s| s.kind.is_running()).collect();
        Week {
            number: frame.index as u32 + 1,
            start: frame.start,
            phase: frame.phase,
            lighter: frame.lighter,
            // `+ 0.0`: an empty sum is -0.0, which would print as "-0".
            load: sessions.iter().map(|s| s.load).sum::<f64>() + 0.0,
            running: Volume {
                running_load: running.iter().map(|s| s.load).sum::<f64>() + 0.0,
                running_min: (running.iter().map(|s| s.planned_time_s).sum::<f64>() / 6.0).round()
                    / 10.0
                    + 0.0,
            },
            distance_m: running.iter().map(|s| s.planned_distance_m).sum::<f64>() + 0.0,
            acwr: None,
            sessions,
        }
    }

    /// The last word on a week, after it was fitted: no hard day straight after another
    /// (`last_hard` is the week before's last) and nothing hard in the two days before the
    /// race. Hard days are chosen to keep these rules, so this only catches what slipped
    /// through; a demoted session becomes an easy run, which never adds load.
    pub fn settle(&self, week: Week, last_hard: Option<Date>) -> Result<Week, PlanError> {
        let race = self.request.race_date;
        let mut last_hard = last_hard;
        let mut changed = false;
        let mut sessions = week.sessions;
        for session in &mut sessions {
            let s = &*session;
            let too_close_to_race =
                s.kind != SessionKind::Race && s.hard && (race - s.date).get_days() <= 2;
            let after_hard = s.hard
                && s.kind != SessionKind::Race
                && last_hard.is_some_and(|h| (s.date - h).get_days() == 1);
            if too_close_to_race || after_hard {
                let date = s.date;
                *session = if s.kind == SessionKind::Strength {
                    self.catalog_session(date, "strength-bodyweight", 0.0)?
                } else {
                    let mut easy = self.easy_session(date, EASY_FLOOR, None, false)?;
                    easy.note = Some(
                        "An easy run here: a hard day right after another (or just before the race) is not allowed."
                            .to_owned(),
                    );
                    easy
                };
                changed = true;
            } else if s.hard {
                last_hard = Some(s.date);
            }
        }
        if !changed {
            return Ok(Week { sessions, ..week });
        }
        self.keep_long_run_share(&mut sessions)?;
        let index = week.number as usize - 1;
        let frame = &self.frames[index.min(self.frames.len() - 1)];
        let frame = Frame {
            index,
            start: week.start,
            phase: week.phase,
            lighter: week.lighter,
            ..frame.clone()
        };
        Ok(self.totals(&frame, sessions))
    }
}

impl Builder<'_> {
    /// Lays out the [`RACE_WINDOW_DAYS`] before the race, keyed to the race day rather than
    /// the calendar week: a sharpener [`SHARPENER_DAYS`] out, short easy runs (or the
    /// walk-run the runner has reached) on the other running days, strides the day before,
    /// no gym lifts and no strength at all in the last two days; then, while the window or any week it touches is
    /// over its limit, rest days replace easy runs, furthest from the race first. Only sessions
    /// from `editable_from` on change (adaptation keeps the weeks already under way).
    pub(crate) fn race_window(
        &self,
        weeks: &mut [Week],
        reference: Volume,
        editable_from: Date,
    ) -> Result<(), PlanError> {
        let race = self.request.race_date;
        let start = guardrails::window_start(race);
        let first = editable_from.max(self.request.start).max(start);
        if first >= race {
            return Ok(());
        }
        let peak = guardrails::window_peak(weeks, reference, race);
        let days_out = |date: Date| i64::from((race - date).get_days());
        let running: Vec<&Session> = weeks
            .iter()
            .flat_map(|w| w.sessions.iter())
            .filter(|s| s.kind.is_running() && s.kind != SessionKind::Race)
            .collect();
        // The runner's usual easy run before the window, and the walk-run step reached.
        let usual = running
            .iter()
            .rev()
            .filter(|s| s.date < start)
            .find(|s| s.workout_id == "easy-run")
            .and_then(|s| easy_minutes(&s.text))
            .unwrap_or(EASY_FLOOR);
        let latest = running
            .iter()
            .rev()
            .find(|s| s.date < first)
            .or_else(|| running.iter().find(|s| s.date >= first));
        let walking = latest
            .filter(|s| s.workout_id == "walk-run")
            .map(|s| s.progress.unwrap_or(0.0));
        let window_easy = round5(usual * 0.7).clamp(EASY_FLOOR, 40.0);
        let eve_easy = window_easy.min(30.0);

        let hard_on = |date: Date| running.iter().any(|s| s.hard && s.date == date);
        let sharpener_date = [SHARPENER_DAYS.1, SHARPENER_DAYS.0, 5, 6, RACE_WINDOW_DAYS]
            .into_iter()
            .filter_map(|d| race.checked_sub(Span::new().days(d)).ok())
            .find(|&date| {
                date >= self.request.start
                    && self.request.training_days().contains(&date.weekday())
                    && date
                        .checked_sub(Span::new().days(1))
                        .is_ok_and(|before| before >= start || !hard_on(before))
            })
            .filter(|&date| date >= first);

        // The new window, date by date; the dates that may rest, in the order they do.
        let variants = self.sharpener_variants(walking.is_some());
        let mut planned: Vec<Session> = Vec::new();
        let mut restable: Vec<(i64, Date)> = Vec::new();
        let mut date = first;
        while date < race {
            let d = days_out(date);
            if Some(date) == sharpener_date {
                // Placed below, at the size that fits.
            } else if self.running_days.contains(&date.weekday()) {
                let session = match walking {
                    Some(p) => self.race_week_walk_run(date, p)?,
                    None if d == 1 => {
                        // Strides the day before, within the eve's longest session.
                        let strides = self.cost(&self.strides_text(0.0))?.time_s / 60.0;
                        let room = ((RACE_EVE_MAX_MIN - strides) / 5.0).floor() * 5.0;
                        self.easy_session(
                            date,
                            eve_easy.min(room).max(EASY_FLOOR),
                            Some(0.0),
                            false,
                        )?
                    }
                    None if d <= RACE_EVE_DAYS => self.easy_session(date, eve_easy, None, false)?,
                    None => self.easy_session(date, window_easy, None, false)?,
                };
                planned.push(session);
                restable.push((d, date));
            }
            date = date
                .checked_add(Span::new().days(1))
                .expect("before the race");
        }
        // What gives way while the window is over its limits, in order: easy days furthest
        // from the race, then a smaller sharpener, then the runs of that week before the
        // window, then the eve's runs (the day before the race last), and the sharpener only
        // when nothing else is left.
        restable.sort_by_key(|&(d, _)| std::cmp::Reverse(d));
        let (far, eve): (Vec<_>, Vec<_>) = restable.iter().partition(|&&(d, _)| d > RACE_EVE_DAYS);
        let mut steps: Vec<Give> = far.iter().map(|&(_, d)| Give::Rest(d)).collect();
        if sharpener_date.is_some() {
            steps.extend((1..variants.len()).map(Give::Smaller));
        }
        // Then the runs before the window in the weeks it touches, earliest first.
        let mut before: Vec<Date> = weeks
            .iter()
            .filter(|w| w.contains(first))
            .flat_map(|w| w.sessions.iter())
            .filter(|s| {
                s.kind.is_running()
                    && s.kind != SessionKind::Race
                    && s.date >= editable_from
                    && s.date < first
            })
            .map(|s| s.date)
            .collect();
        before.dedup();
        steps.extend(before.into_iter().map(Give::Rest));
        steps.extend(eve.iter().map(|&(_, d)| Give::Rest(d)));
        if sharpener_date.is_some() {
            steps.push(Give::NoSharpener);
        }

        let touched: Vec<usize> = weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                w.start
                    .checked_add(Span::new().days(7))
                    .is_ok_and(|end| end > first)
                    && w.start <= race
            })
            .map(|(i, _)| i)
            .collect();
        let originals: Vec<Week> = touched.iter().map(|&i| weeks[i].clone()).collect();
        let sharpener_week = sharpener_date.and_then(|d| weeks.iter().position(|w| w.contains(d)));
        let mut given = 0;
        loop {
            let mut rest: Vec<Date> = Vec::new();
            let mut variant = 0;
            let mut keep_sharpener = true;
            for step in &steps[..given] {
                match *step {
                    Give::Rest(d) => rest.push(d),
                    Give::Smaller(v) => variant = v,
                    Give::NoSharpener => keep_sharpener = false,
                }
            }
            let sharpener = match sharpener_date {
                Some(date) if keep_sharpener => Some(self.sharpener(date, &variants[variant])?),
                _ => None,
            };
            for (&i, original) in touched.iter().zip(&originals) {
                let mut sessions: Vec<Session> = Vec::new();
                for s in &original.sessions {
                    let in_window = s.date >= first && s.date < race;
                    let resting = rest.contains(&s.date) && s.kind.is_running();
                    if resting && s.kind != SessionKind::Race {
                        continue;
                    }
                    if !in_window {
                        // A beginner's one hard session that week is the sharpener.
                        let demote = self.level == Level::Beginner
                            && Some(i) == sharpener_week
                            && sharpener.is_some()
                            && s.hard
                            && matches!(s.kind, SessionKind::Run | SessionKind::TimeTrial)
                            && s.date >= editable_from;
                        if demote {
                            let mut easy = self.easy_session(s.date, EASY_FLOOR, None, false)?;
                            easy.note = Some(
                                "An easy run: the race-week sharpener is this week's one hard session."
                                    .to_owned(),
                            );
                            sessions.push(easy);
                        } else {
                            sessions.push(s.clone());
                        }
                    } else if !s.kind.is_running()
                        && !(s.kind == SessionKind::Strength
                            && (s.hard || days_out(s.date) <= RACE_EVE_DAYS))
                    {
                        // No gym lifts in the race window and no strength on the race's eve.
                        sessions.push(s.clone());
                    }
                }
                sessions.extend(
                    planned
                        .iter()
                        .chain(sharpener.iter())
                        .filter(|s| weeks[i].contains(s.date) && !rest.contains(&s.date))
                        .cloned(),
                );
                self.keep_long_run_share(&mut sessions)?;
                sessions.sort_by_key(|s| (s.date, !s.kind.is_running()));
                weeks[i] = self.retotal(original, sessions);
            }
            let limits = guardrails::week_limits(weeks, reference, self.cap);
            let fits = guardrails::window_volume(weeks, race)
                .within(peak.scaled(RACE_WINDOW_SHARE))
                && touched
                    .iter()
                    .all(|&i| weeks[i].training().within(limits[i]));
            if fits || given == steps.len() {
                return Ok(());
            }
            given += 1;
        }
    }

    /// The sharpener's texts, fullest first: 6 reps for a runner past the beginner stage,
    /// then 4, then 4 with walks between and a shorter cool-down, and 2 when even that does
    /// not fit the smallest race week; for someone still on walk-run, 4 reps after a walk and
    /// a few minutes' jog, then 2.
    fn sharpener_variants(&self, walking: bool) -> Vec<String> {
        let entry = catalog::get(SHARPENER).expect("in the catalog");
        let mut full = entry.text.lines().skip(1).collect::<Vec<_>>().join("\n");
        full.push('\n');
        let walks = full
            .replace("recovery 200m jog", "recovery walk 1min")
            .replace("cool-down 10min easy", "cool-down 5min easy");
        if walking {
            return vec![
                "walk 5min\nwarm-up 5min easy\n4 x 200m @ goal, recovery walk 1min\nwalk 5min\n"
                    .to_owned(),
                "walk 5min\n2 x 200m @ goal, recovery walk 1min\nwalk 5min\n".to_owned(),
            ];
        }
        let mut variants = Vec::new();
        if self.level != Level::Beginner {
            variants.push(full.replace("4 x 200m", "6 x 200m"));
        }
        variants.push(full);
        variants.push(walks.clone());
        variants.push(walks.replace("4 x 200m", "2 x 200m"));
        variants
    }

    /// The race-week sharpener, as `text`.
    fn sharpener(&self, date: Date, text: &str) -> Result<Session, PlanError> {
        let entry = catalog::get(SHARPENER).expect("in the catalog");
        self.session(
            date,
            Draft {
                id: SHARPENER,
                title: entry.title.to_owned(),
                kind: SessionKind::Run,
                hard: true,
                text: text.to_owned(),
                progress: None,
            },
        )
    }

    /// `week` with `sessions`, its totals recounted.
    fn retotal(&self, week: &Week, sessions: Vec<Session>) -> Week {
        let index = week.number as usize - 1;
        let frame = &self.frames[index.min(self.frames.len() - 1)];
        let frame = Frame {
            index,
            start: week.start,
            phase: week.phase,
            lighter: week.lighter,
            ..frame.clone()
        };
        Week {
            acwr: week.acwr,
            ..self.totals(&frame, sessions)
        }
    }
}

/// One thing the race window gives way with when it is over its limits.
#[derive(Debug, Clone, Copy)]
enum Give {
    Rest(Date),
    Smaller(usize),
    NoSharpener,
}

/// What the weeks before a week say about it.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Training volume of the two weeks before, the later last.
    pub prev: [Volume; 2],
    /// The highest week so far.
    pub peak: Volume,
    /// What the runner did before the plan.
    pub reference: Volume,
    /// Walk-run progress reached (1 when running is continuous, or for runners).
    pub walk: f64,
    /// The last hard session so far: the next hard day keeps a day away from it.
    pub last_hard: Option<Date>,
    /// The last strength session so far: the next keeps [`STRENGTH_GAP_DAYS`] away.
    pub last_strength: Option<Date>,
}

impl Context {
    /// Before the first week.
    pub fn start(reference: Volume, new_runner: bool) -> Context {
        Context {
            prev: [reference, reference],
            peak: reference,
            reference,
            walk: if new_runner { -1.0 } else { 1.0 },
            last_hard: None,
            last_strength: None,
        }
    }

    /// After `week`.
    pub fn after(self, week: &Week) -> Context {
        let walk = week
            .sessions
            .iter()
            .filter(|s| s.workout_id == "walk-run")
            .filter_map(|s| s.progress)
            .fold(None, |a: Option<f64>, p| Some(a.map_or(p, |a| a.max(p))));
        let ran_continuously = week
            .sessions
            .iter()
            .any(|s| matches!(s.workout_id.as_str(), "easy-run" | "long-run"));
        Context {
            prev: [self.prev[1], week.training()],
            peak: self.peak.max(week.training()),
            reference: self.reference,
            walk: match walk {
                Some(p) => p,
                None if ran_continuously => 1.0,
                None => self.walk,
            },
            last_hard: week
                .sessions
                .iter()
                .filter(|s| s.hard)
                .map(|s| s.date)
                .max()
                .or(self.last_hard),
            last_strength: week
                .sessions
                .iter()
                .filter(|s| s.kind == SessionKind::Strength)
                .map(|s| s.date)
                .max()
                .or(self.last_strength),
        }
    }
}

/// What a week may hold: at most [`CAP`] (or [`BEGINNER_CAP`]) times the higher of the two
/// weeks before (and never less than what the runner did before the plan, so that a missed or
/// partial week does not shrink everything after it); a lighter week 85 % of that; the taper
/// week 80 % and the race week 65 % of the highest week so far.
pub(crate) fn limit(frame: &Frame, cap: f64, context: &Context) -> Volume {
    let before = context.prev[0].max(context.prev[1]).max(context.reference);
    let factor = if frame.lighter { LIGHTER } else { cap };
    let mut limit = before.scaled(factor);
    if frame.race_week {
        limit = limit.min(context.peak.scaled(RACE_WEEK));
    } else if frame.phase == Phase::Taper {
        limit = limit.min(context.peak.scaled(TAPER));
    }
    limit
}

/// The easy minutes of a generated easy, long or backward run: the sum of its `run Nmin`
/// lines.
fn easy_minutes(text: &str) -> Option<f64> {
    let mut total = 0.0;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("run ")
            && let Some(n) = rest.split("min").next()
            && let Ok(m) = n.parse::<f64>()
        {
            total += m;
        }
    }
    (total > 0.0).then_some(total)
}

/// Acute:chronic ratio: each week's load against the mean of the four weeks ending with it
/// (weeks before the plan count at the reference load).
pub fn set_acwr(weeks: &mut [Week], reference: Volume) {
    let loads: Vec<f64> = weeks.iter().map(|w| w.running.running_load).collect();
    for (i, week) in weeks.iter_mut().enumerate() {
        let window: Vec<f64> = (0..4)
            .map(|back| {
                i.checked_sub(back)
                    .map_or(reference.running_load, |j| loads[j])
            })
            .collect();
        let chronic = window.iter().sum::<f64>() / 4.0;
        week.acwr = (chronic > 0.0).then(|| (loads[i] / chronic * 100.0).round() / 100.0);
    }
}

impl Builder<'_> {
    /// `minutes` to the nearest block.
    fn round(&self, minutes: f64) -> f64 {
        (minutes / self.block).round() * self.block
    }
}

fn round5(minutes: f64) -> f64 {
    (minutes / 5.0).round() * 5.0
}

/// The most quality one session may hold, as a share of the week's running time: Daniels'
/// limits of 10 % of the week at threshold pace, 8 % at interval (VO2max) pace and 5 % at
/// repetition pace (he states them in distance; in time they are a little more generous for
/// the faster paces). Goal-pace mile work counts as repetition pace. `None` for sessions
/// without such a limit (hills, time trials, easy running).
fn quality_share(id: &str) -> Option<f64> {
    match id {
        "cruise-intervals" | "threshold-10min" => Some(0.10),
        "vo2max-miles" | "repeats-800m" | "repeats-400m" => Some(0.08),
        "repeats-200m"
        | "goal-pace-400s"
        | "negative-split-400s"
        | "sharpening-400s"
        | "jo-pavey"
        | "bends-and-straights" => Some(0.05),
        _ => None,
    }
}

/// Takes one rep off the first top-level repeat of `workout` with more than two reps (or,
/// when it repeats a set, more than one set); `false` when there is none left to cut.
fn fewer_reps(workout: &mut Workout) -> bool {
    for item in &mut workout.items {
        let Item::Repeat(repeat) = item else {
            continue;
        };
        let Count::Times(count) = &repeat.count else {
            continue;
        };
        let sets = repeat.body.iter().any(|i| matches!(i, Item::Repeat(_)));
        let floor = if sets { 1 } else { 2 };
        let n = count.first();
        if n > floor {
            repeat.count = Count::Times(Ramp::fixed(n - 1));
            return true;
        }
    }
    false
}

fn step(progress: f64) -> u32 {
    (progress.clamp(0.0, 1.0) * f64::from(STEPS)).round() as u32
}

pub(crate) fn walk_run_text(p: f64) -> String {
    let workout = catalog::get("walk-run").expect("in the catalog").workout();
    text::print(&workout.at_step(step(p), STEPS + 1).expect("in range"))
}

fn circular_gap(a: Weekday, b: Weekday) -> i32 {
    let d = (i32::from(a.to_monday_zero_offset()) - i32::from(b.to_monday_zero_offset())).abs();
    d.min(7 - d)
}

fn subsets<T: Copy>(items: &[T], k: usize) -> Vec<Vec<T>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    if items.len() < k {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, &first) in items.iter().enumerate() {
        for mut rest in subsets(&items[i + 1..], k - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

/// The running days: the long-run day and the others spread as evenly as the free days allow.
fn choose_running(days: &[Weekday], long: Weekday, count: usize) -> Vec<Weekday> {
    if days.len() <= count {
        return days.to_vec();
    }
    let others: Vec<Weekday> = days.iter().copied().filter(|&d| d != long).collect();
    let best = subsets(&others, count - 1)
        .into_iter()
        .map(|mut set| {
            set.push(long);
            set
        })
        .max_by_key(|set| {
            let gaps: Vec<i32> = set
                .iter()
                .flat_map(|&a| {
                    set.iter()
                        .filter(move |&&b| b != a)
                        .map(move |&b| circular_gap(a, b))
                })
                .collect();
            (
                gaps.iter().copied().min().unwrap_or(7),
                gaps.iter().sum::<i32>(),
            )
        })
        .unwrap_or_default();
    let mut days: Vec<Weekday> = ALL_DAYS
        .iter()
        .copied()
        .filter(|d| best.contains(d))
        .collect();
    days.dedup();
    days
}

/// Up to `count` hard days among `available` (not the long-run day), no two on neighbouring
/// days of the week (Sunday and Monday are neighbours), as far from each other and from the
/// long run as the days allow. Fewer when the days do not allow `count`.
fn choose_hard(available: &[Weekday], long: Weekday, count: usize, gap: i32) -> Vec<Weekday> {
    let candidates: Vec<Weekday> = available.iter().copied().filter(|&d| d != long).collect();
    for k in (1..=count.min(candidates.len())).rev() {
        let best = subsets(&candidates, k)
            .into_iter()
            .filter(|set| {
                set.iter()
                    .all(|&a| set.iter().all(|&b| a == b || circular_gap(a, b) >= gap))
            })
            .max_by_key(|set| {
                let min_gap = set
                    .iter()
                    .flat_map(|&a| {
                        set.iter()
                            .filter(move |&&b| b != a)
                            .map(move |&b| circular_gap(a, b))
                    })
                    .min()
                    .unwrap_or(7);
                let from_long: i32 = set.iter().map(|&d| circular_gap(d, long).min(2)).sum();
                // Midweek first: a small preference for Tuesday to Thursday.
                let midweek: i32 = set
                    .iter()
                    .map(|d| -(i32::from(d.to_monday_zero_offset()) - 2).abs())
                    .sum();
                (min_gap.min(3), from_long, midweek)
            });
        if let Some(set) = best {
            return set;
        }
    }
    Vec::new()
}

/// The phase of each week.
pub(crate) fn phases(weeks: u32, level: Level, new_runner: bool) -> Vec<Phase> {
    let n = weeks as usize;
    let taper = if n >= 8 { 2 } else { 1 };
    let r = n.saturating_sub(taper);
    let base = match level {
        // Walk-run takes a dozen weeks or more before there is anything hard to do.
        Level::Beginner if new_runner && r <= 14 => r,
        Level::Beginner if new_runner => r - 4,
        Level::Beginner if r <= 8 => r,
        Level::Beginner => (r - 8).max((2 * r).div_ceil(3)),
        _ => r.saturating_sub(12).max(r.div_ceil(3)),
    }
    .min(r);
    let s = r - base;
    let (strength, quality, specific) = match s {
        0 => (0, 0, 0),
        1 => (0, 0, 1),
        2 => (0, 1, 1),
        _ => (s / 3, s / 3, s - 2 * (s / 3)),
    };
    let mut phases = Vec::with_capacity(n);
    phases.extend(std::iter::repeat_n(Phase::Base, base));
    phases.extend(std::iter::repeat_n(Phase::Strength, strength));
    phases.extend(std::iter::repeat_n(Phase::Quality, quality));
    phases.extend(std::iter::repeat_n(Phase::RaceSpecific, specific));
    phases.extend(std::iter::repeat_n(Phase::Taper, n - phases.len()));
    phases
}

/// The hard workouts a phase rotates through, for slot A and slot B.
fn rotation(
    phase: Phase,
    level: Level,
    request: &Request,
) -> (Vec<&'static str>, Vec<&'static str>) {
    let f = request.facilities;
    let hills: Vec<&'static str> = if f.hills || f.treadmill {
        vec!["hill-repeats", "hill-pyramid", "hill-repeats-timed"]
    } else if f.track.is_some() {
        vec!["bends-and-straights"]
    } else {
        vec!["cruise-intervals"]
    };
    let beginner = level == Level::Beginner;
    match phase {
        Phase::Base => (vec![], vec![]),
        Phase::Strength if beginner => (
            if f.hills || f.treadmill {
                vec!["hill-repeats-timed"]
            } else {
                vec!["repeats-200m"]
            },
            vec![],
        ),
        Phase::Strength => {
            let mut a = hills;
            if request.backward {
                a = a.into_iter().flat_map(|h| [h, "backwards-mile"]).collect();
            }
            let b = if a.contains(&"cruise-intervals") {
                vec![]
            } else {
                vec!["cruise-intervals"]
            };
            (a, b)
        }
        Phase::Quality if beginner => (vec!["repeats-200m", "repeats-400m"], vec![]),
        Phase::Quality => (
            vec!["repeats-400m", "vo2max-miles", "repeats-200m", "jo-pavey"],
            vec!["cruise-intervals"],
        ),
        Phase::RaceSpecific if beginner => (vec!["goal-pace-400s"], vec![]),
        Phase::RaceSpecific => (
            vec!["goal-pace-400s", "repeats-800m", "negative-split-400s"],
            if f.track.is_some() {
                vec!["bends-and-straights", "threshold-10min"]
            } else {
                vec!["threshold-10min"]
            },
        ),
        Phase::Taper => (vec!["sharpening-400s"], vec![]),
    }
}

/// The workout for the `slot`-th week of a phase `len` weeks long, from the phase's `list`.
/// The phase is split into blocks of at least [`RECUR_BLOCK_WEEKS`] weeks, each alternating two
/// of its workouts, so a key session comes back every 7-14 days and its catalog progression
/// runs ("stay at a chosen degree of stress for 6 to 8 weeks before making changes", Daniels);
/// a longer phase gives the later workouts of the list a block of their own.
fn recurring(list: &[&'static str], slot: usize, len: usize) -> &'static str {
    let pairs = list.len().div_ceil(2);
    let blocks = pairs.min(len / RECUR_BLOCK_WEEKS).max(1);
    let block = (slot * blocks / len.max(1)).min(blocks - 1);
    let pair = &list[2 * block..(2 * block + 2).min(list.len())];
    pair[slot % pair.len()]
}

/// The fewest weeks a pair of alternating key sessions holds, so each comes twice.
pub const RECUR_BLOCK_WEEKS: usize = 4;

/// Every week's frame.
fn frames(request: &Request, level: Level, builder: &Builder<'_>) -> Result<Vec<Frame>, PlanError> {
    let n = request.weeks();
    let phases = phases(n, level, request.experience() == Experience::New);
    let count = |p: Phase| phases.iter().filter(|&&q| q == p).count();
    let base = count(Phase::Base);
    let quality = count(Phase::Quality);
    let specific_weeks = phases.len() - base - count(Phase::Taper);
    let taper_weeks = count(Phase::Taper);
    let last_of = |p: Phase| phases.iter().rposition(|&q| q == p);

    let mut time_trials = Vec::new();
    if base >= 3 && specific_weeks >= 2 {
        time_trials.push(base - 1);
    }
    if quality >= 2 {
        time_trials.extend(last_of(Phase::Quality));
    }
    let r = phases.len() - taper_weeks;
    if specific_weeks < 2 && r >= 5 {
        time_trials.push(r / 2);
    }

    let cycle = if level == Level::Beginner || request.age.is_some_and(|a| a >= 50) {
        3
    } else {
        4
    };
    let growth = if level == Level::Beginner {
        BEGINNER_GROWTH
    } else {
        GROWTH
    };
    let vdot = builder.athlete.vdot().map_or(40.0, |v| v.value());
    let running_days = builder.running_days.len() as f64;
    let typical: f64 = match (level, request.experience()) {
        (_, Experience::New) => 150.0,
        (Level::Beginner, _) => 180.0,
        (Level::Regular, _) if vdot < 40.0 => 200.0,
        (Level::Regular, _) if vdot < 50.0 => 260.0,
        (Level::Regular, _) => 330.0,
        (Level::Advanced, _) if vdot < 60.0 => 400.0,
        (Level::Advanced, _) => 480.0,
    };
    let peak = typical
        .min(running_days * 75.0)
        .max(builder.reference.running_min.min(600.0));

    let first_monday = monday(request.start);
    let new_runner = request.experience() == Experience::New;
    let mut frames: Vec<Frame> = Vec::with_capacity(phases.len());
    let mut level_min = builder.reference.running_min;
    let mut since_lighter = 0;
    let mut peak_reached = level_min;
    for (i, &phase) in phases.iter().enumerate() {
        let start = first_monday
            .checked_add(Span::new().weeks(i as i64))
            .expect("within a year");
        let race_week = i + 1 == phases.len();
        let walk_run = new_runner && i < WALK_RUN_WEEKS;
        let mut time_trial = time_trials.contains(&i) && !race_week && !walk_run;
        // In the last REHEARSAL_WEEKS a beginner rehearses the race or test every third week,
        // in the week after each lighter week, on rested legs: several rehearsals before the
        // day, as timed-test coaches advise (rehearse the test itself, up to weekly). Earlier
        // the weeks build the running a rehearsal week cannot.
        if level == Level::Beginner
            && phases.len() - i <= REHEARSAL_WEEKS
            && frames.last().is_some_and(|f: &Frame| f.lighter)
            && !race_week
            && phase != Phase::Taper
        {
            time_trial = true;
        }
        if !walk_run {
            since_lighter += 1;
        }
        // A time trial week is a lighter week, unless the week before was one: never two
        // lighter weeks in a row (the trial then comes on the legs that week rested). The
        // walk-run weeks have none: their sessions stay the same length.
        let lighter = !race_week
            && !walk_run
            && phase != Phase::Taper
            && i > 0
            && ((time_trial && since_lighter > 1) || since_lighter >= cycle);
        if lighter {
            since_lighter = 0;
        }
        let minutes = if race_week {
            0.5 * peak_reached
        } else if phase == Phase::Taper {
            0.75 * peak_reached
        } else if lighter {
            0.8 * level_min
        } else {
            if i > 0 {
                level_min = (level_min * (1.0 + growth)).min(peak);
            }
            peak_reached = peak_reached.max(level_min);
            level_min
        };
        frames.push(Frame {
            index: i,
            start,
            phase,
            lighter,
            time_trial,
            race_week,
            minutes,
            hard: Vec::new(),
            easy_progress: if phases.len() > 1 {
                i as f64 / (phases.len() - 1) as f64
            } else {
                0.0
            },
            new_runner,
        });
    }

    // Hard slots, then each workout's progress over its occurrences in build weeks.
    let running = builder.running_days.len();
    let mut uses: HashMap<Phase, usize> = HashMap::new();
    let mut phase_len: HashMap<Phase, usize> = HashMap::new();
    for frame in frames.iter().filter(|f| !f.race_week) {
        *phase_len.entry(frame.phase).or_default() += 1;
    }
    for frame in &mut frames {
        if frame.race_week {
            continue;
        }
        let (a, b) = rotation(frame.phase, level, request);
        let k = uses.entry(frame.phase).or_default();
        let slot = *k;
        *k += 1;
        let wants_b = level != Level::Beginner
            && Age::of(request).max_hard_per_week() >= 2
            && match frame.phase {
                Phase::Strength => running >= 5 || (level == Level::Advanced && running >= 4),
                Phase::Quality => running >= 4,
                Phase::RaceSpecific => running >= 5,
                _ => false,
            };
        let len = phase_len.get(&frame.phase).copied().unwrap_or(1);
        if !a.is_empty() {
            // Hills rotate for variety (the strength phase is about the hill, not one
            // session's progression); quality and race-specific sessions recur.
            let id = if frame.phase == Phase::Strength {
                a[slot % a.len()]
            } else {
                recurring(&a, slot, len)
            };
            frame.hard.push((id, 0.0));
        }
        if wants_b && !b.is_empty() && !frame.lighter {
            frame.hard.push((recurring(&b, slot, len), 0.0));
        }
    }
    // Progress: the i-th build-week use of a workout among its n gets i / (n - 1); a lighter
    // week repeats the step of the use before it.
    let mut occurrences: HashMap<&'static str, Vec<(usize, usize)>> = HashMap::new();
    for (w, frame) in frames.iter().enumerate() {
        for (s, &(id, _)) in frame.hard.iter().enumerate() {
            occurrences.entry(id).or_default().push((w, s));
        }
    }
    for list in occurrences.values() {
        let build: Vec<(usize, usize)> = list
            .iter()
            .copied()
            .filter(|&(w, _)| !frames[w].lighter)
            .collect();
        let n = build.len();
        let mut last = 0.0;
        for &(w, s) in list {
            let p = match build.iter().position(|&x| x == (w, s)) {
                Some(i) if n > 1 => i as f64 / (n - 1) as f64,
                Some(_) => 0.0,
                None => last,
            };
            last = p;
            frames[w].hard[s].1 = p;
        }
    }
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Weekday, date};
    use miler_core::agegrade::Sex;

    use super::*;
    use crate::request::{Facilities, Fitness, Goal, RaceVenue};

    fn request(weekly_minutes: Option<f64>, days: Vec<Weekday>) -> Request {
        Request {
            start: date(2026, 12, 1),
            race_date: date(2027, 4, 18),
            fitness: Fitness::Results(vec!["5k=24:00".parse().unwrap()]),
            goal: Goal::Time("mile=6:00".parse().unwrap()),
            days,
            long_run_day: Some(Weekday::Sunday),
            weekly_minutes,
            experience: None,
            age: None,
            sex: Sex::Male,
            facilities: Facilities::default(),
            backward: false,
            venue: RaceVenue::Track400,
        }
    }

    /// The main repeat's count, if the workout has one.
    fn reps(workout: &Workout) -> Option<u32> {
        workout.items.iter().find_map(|i| match i {
            Item::Repeat(Repeat {
                count: Count::Times(n),
                ..
            }) => Some(n.first()),
            _ => None,
        })
    }

    #[test]
    fn quality_stays_within_daniels_shares_of_the_week() {
        let five = vec![
            Weekday::Monday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Saturday,
            Weekday::Sunday,
        ];
        let three = vec![Weekday::Tuesday, Weekday::Thursday, Weekday::Sunday];
        for request in [request(None, five), request(Some(90.0), three)] {
            let feasibility = feasibility::assess(&request);
            let builder = Builder::new(&request, &feasibility).unwrap();
            let plan = build(&request).unwrap();
            let mut dosed = 0;
            for (week, frame) in plan.weeks.iter().zip(&builder.frames) {
                for s in week.sessions.iter().filter(|s| s.hard) {
                    let Some(share) = quality_share(&s.workout_id) else {
                        continue;
                    };
                    let workout = text::parse(&s.text).into_result().unwrap();
                    let work = builder.work_minutes(&workout).unwrap();
                    let at_floor = reps(&workout).is_some_and(|n| n <= 2);
                    assert!(
                        work <= share * frame.minutes + 1e-9 || at_floor,
                        "week {}: {} has {work:.1} min of quality in a {:.0}-minute week",
                        week.number,
                        s.workout_id,
                        frame.minutes
                    );
                    dosed += 1;
                }
            }
            assert!(dosed > 3, "the plan has dosed sessions to check");
        }
    }

    #[test]
    fn cuts_fall_on_easy_days_before_the_long_run() {
        // The long run counts as 60 / 1.5 = 40 against the easy days' 40: on a tie an easy
        // day goes first, and the long run stays about one and a half easy runs long.
        let mut runs = vec![40.0, 40.0, 60.0];
        assert!(cut_runs(&mut runs, 2, true, 5.0));
        assert_eq!(runs, vec![35.0, 35.0, 60.0]);
        assert!(cut_runs(&mut runs, 2, true, 5.0));
        assert_eq!(runs, vec![35.0, 35.0, 50.0]);
        // Without a long run, the longest run goes first.
        let mut runs = vec![40.0, 40.0, 60.0];
        assert!(cut_runs(&mut runs, 4, false, 5.0));
        assert_eq!(runs, vec![40.0, 40.0, 40.0]);
        let mut floor = vec![20.0, 20.0];
        assert!(!cut_runs(&mut floor, 1, false, 5.0));
    }

    #[test]
    fn fewer_reps_stops_at_two_reps_or_one_set() {
        let mut single = text::parse("warm-up 10min easy\n6 x 4min @ T, rest 1min\n")
            .into_result()
            .unwrap();
        while fewer_reps(&mut single) {}
        assert_eq!(reps(&single), Some(2));
        let mut sets = text::parse("3 x {\n  4 x 200m @ goal, recovery 200m jog\n} rest 3min\n")
            .into_result()
            .unwrap();
        while fewer_reps(&mut sets) {}
        assert_eq!(reps(&sets), Some(1));
    }
}
