//! The rules every plan keeps, as a checker.
//!
//! The generator keeps these rules by construction (the governor in [`crate::build`] trims a
//! week until it fits); this module states them once more, independently of how the plan was
//! made, so that property tests over thousands of generated runners, adapted plans and stored
//! plans can all be held to the same list. [`check`] returns every broken rule; an empty list
//! means the plan is sound.
//!
//! | rule | what it means |
//! |---|---|
//! | load growth | each week's running load (session RPE) and running time at most 1.10 × (beginners 1.08 ×) the higher of the two weeks before (or of what the runner did before the plan, if that was more): two build weeks grow at most 21 %, well below the 30 % per two weeks that carried more injuries (Nielsen 2014) |
//! | lighter weeks | a lighter week at most 85 % of the higher of the two weeks before, and never more than 3 (beginners and runners of 50 and over: 2) build weeks in a row before one; walk-run weeks, whose sessions keep their length, do not count |
//! | hard days apart | no hard session on the day after another, across weeks too |
//! | long run share | the long run at most half of the week's running time (weeks of three or more runs) |
//! | days | nothing before the start, after the race, or on a day the runner cannot train, except the race itself on its date |
//! | taper | the week before race week at most 80 % and race week at most 65 % of the highest week; nothing hard in the two days before the race |
//! | race window | the seven days before the race, across week boundaries, hold at most 70 % of the running of the biggest week before them, whatever the plan's length |
//! | race eve | in the two days before the race nothing hard, no long run and no session over 40 minutes |
//! | sharpener | one race-pace sharpener 3 to 7 days before the race, on a day 3 or 4 days out when the runner trains on one (needed when the plan has a training day 3 to 6 days out) |
//! | race | exactly one race session, on the race date, the plan's last session |
//! | beginners | at most one hard session a week, no VO2max or Jo Pavey sessions, and someone who does not run yet starts with walk-run |
//! | age | before the race window, no more running days and hard sessions a week, and no fewer days between hard sessions, than [`crate::build::Age`] allows for the runner's age |
//!
//! Load and time are the week's running without the race itself ([`Week::training`]).

use std::fmt;

use jiff::civil::Date;

use crate::build::{
    BEGINNER_CAP, CAP, LIGHTER, RACE_EVE_DAYS, RACE_EVE_MAX_MIN, RACE_WEEK, RACE_WINDOW_DAYS,
    RACE_WINDOW_SHARE, SHARPENER, SHARPENER_DAYS, TAPER,
};
use crate::model::{Level, Phase, Plan, SessionKind, Volume, Week};

use crate::request::Experience;

/// One broken rule, with where and by how much.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub rule: Rule,
    pub week: Option<u32>,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    LoadGrowth,
    LighterWeeks,
    HardDaysApart,
    LongRunShare,
    Days,
    Taper,
    RaceWindow,
    RaceEve,
    Sharpener,
    Race,
    Beginner,
    Age,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.week {
            Some(w) => write!(f, "{:?} in week {w}: {}", self.rule, self.detail),
            None => write!(f, "{:?}: {}", self.rule, self.detail),
        }
    }
}

const EPSILON: f64 = 1e-6;

/// Every rule `plan` breaks.
pub fn check(plan: &Plan) -> Vec<Violation> {
    let mut found = Vec::new();
    load_growth(plan, &mut found);
    hard_days_apart(plan, &mut found);
    long_run_share(plan, &mut found);
    days(plan, &mut found);
    taper(plan, &mut found);
    race_window(plan, &mut found);
    race(plan, &mut found);
    beginner(plan, &mut found);
    age(plan, &mut found);
    found
}

fn push(found: &mut Vec<Violation>, rule: Rule, week: Option<u32>, detail: String) {
    found.push(Violation { rule, week, detail });
}

fn over(volume: Volume, limit: Volume) -> Option<String> {
    if volume.running_load > limit.running_load + EPSILON {
        Some(format!(
            "running load {:.0} above {:.0}",
            volume.running_load, limit.running_load
        ))
    } else if volume.running_min > limit.running_min + EPSILON {
        Some(format!(
            "running time {:.1} min above {:.1}",
            volume.running_min, limit.running_min
        ))
    } else {
        None
    }
}

fn load_growth(plan: &Plan, found: &mut Vec<Violation>) {
    let cap = if plan.level == Level::Beginner {
        BEGINNER_CAP
    } else {
        CAP
    };
    let cycle = lighter_cycle(plan);
    let mut prev = [plan.reference, plan.reference];
    let mut build_run = 0;
    let mut prev_lighter = false;
    for week in &plan.weeks {
        let before = prev[0].max(prev[1]).max(plan.reference);
        let factor = if week.lighter { LIGHTER } else { cap };
        if let Some(detail) = over(week.training(), before.scaled(factor)) {
            let rule = if week.lighter {
                Rule::LighterWeeks
            } else {
                Rule::LoadGrowth
            };
            push(found, rule, Some(week.number), detail);
        }
        if week.lighter && prev_lighter {
            push(
                found,
                Rule::LighterWeeks,
                Some(week.number),
                "a lighter week straight after another".to_owned(),
            );
        }
        prev_lighter = week.lighter;
        // Walk-run weeks (Couch to 5K's shape) have no lighter weeks: only the run segments
        // grow, inside sessions of the same length.
        let walk_run = week.sessions.iter().any(|s| s.workout_id == "walk-run");
        if week.phase == Phase::Taper || week.lighter || walk_run {
            build_run = 0;
        } else {
            build_run += 1;
            if build_run > cycle - 1 {
                push(
                    found,
                    Rule::LighterWeeks,
                    Some(week.number),
                    format!("{build_run} build weeks in a row without a lighter week"),
                );
            }
        }
        prev = [prev[1], week.training()];
    }
}

/// The most each week may hold under the load-growth, lighter-week and taper rules, given the
/// weeks before it: what [`check`] holds every week to, for the generator to fit a week to.
pub fn week_limits(weeks: &[Week], reference: Volume, cap: f64) -> Vec<Volume> {
    let n = weeks.len();
    let mut prev = [reference, reference];
    let mut peak = reference;
    let mut limits = Vec::with_capacity(n);
    for (i, week) in weeks.iter().enumerate() {
        let before = prev[0].max(prev[1]).max(reference);
        let factor = if week.lighter { LIGHTER } else { cap };
        let mut limit = before.scaled(factor);
        if i + 1 == n {
            limit = limit.min(peak.scaled(RACE_WEEK));
        } else if week.phase == Phase::Taper {
            limit = limit.min(peak.scaled(TAPER));
        }
        limits.push(limit);
        prev = [prev[1], week.training()];
        peak = peak.max(week.training());
    }
    limits
}

/// A lighter week comes every `cycle`-th week.
pub fn lighter_cycle(plan: &Plan) -> usize {
    if plan.level == Level::Beginner || plan.request.age.is_some_and(|a| a >= 50) {
        3
    } else {
        4
    }
}

fn hard_days_apart(plan: &Plan, found: &mut Vec<Violation>) {
    let mut hard: Vec<(Date, u32)> = plan
        .weeks
        .iter()
        .flat_map(|w| {
            w.sessions
                .iter()
                .filter(|s| s.hard)
                .map(move |s| (s.date, w.number))
        })
        .collect();
    hard.dedup_by_key(|(d, _)| *d);
    for pair in hard.windows(2) {
        if (pair[1].0 - pair[0].0).get_days() == 1 {
            push(
                found,
                Rule::HardDaysApart,
                Some(pair[1].1),
                format!("hard sessions on {} and {}", pair[0].0, pair[1].0),
            );
        }
    }
}

fn running_min(week: &Week) -> f64 {
    week.sessions
        .iter()
        .filter(|s| s.kind.is_running())
        .map(|s| s.planned_time_s / 60.0)
        .sum()
}

fn long_run_share(plan: &Plan, found: &mut Vec<Violation>) {
    for week in &plan.weeks {
        let runs = week.sessions.iter().filter(|s| s.kind.is_running()).count();
        if runs < 3 {
            continue;
        }
        let total = running_min(week);
        for s in week.sessions.iter().filter(|s| s.workout_id == "long-run") {
            let share = s.planned_time_s / 60.0 / total;
            if share > 0.5 + EPSILON {
                push(
                    found,
                    Rule::LongRunShare,
                    Some(week.number),
                    format!("long run {:.0} % of {:.0} min", share * 100.0, total),
                );
            }
        }
    }
}

fn days(plan: &Plan, found: &mut Vec<Violation>) {
    let request = &plan.request;
    let days = request.training_days();
    for week in &plan.weeks {
        for s in &week.sessions {
            if s.date < request.start || s.date > request.race_date {
                push(
                    found,
                    Rule::Days,
                    Some(week.number),
                    format!("{} on {} is outside the plan", s.title, s.date),
                );
            }
            if s.kind != SessionKind::Race && !days.contains(&s.date.weekday()) {
                push(
                    found,
                    Rule::Days,
                    Some(week.number),
                    format!("{} on {}, not a training day", s.title, s.date),
                );
            }
        }
    }
}

fn taper(plan: &Plan, found: &mut Vec<Violation>) {
    let n = plan.weeks.len();
    let mut peak = plan.reference;
    for (i, week) in plan.weeks.iter().enumerate() {
        let share = if i + 1 == n {
            Some(RACE_WEEK)
        } else if week.phase == Phase::Taper {
            Some(TAPER)
        } else {
            None
        };
        if let Some(share) = share
            && let Some(detail) = over(week.training(), peak.scaled(share))
        {
            push(found, Rule::Taper, Some(week.number), detail);
        }
        peak = peak.max(week.training());
    }
    if n >= 2 && plan.weeks[n - 1].phase != Phase::Taper {
        push(
            found,
            Rule::Taper,
            None,
            "race week is not a taper week".into(),
        );
    }
    let race = plan.request.race_date;
    for week in &plan.weeks {
        for s in &week.sessions {
            let days = (race - s.date).get_days();
            if s.hard && s.kind != SessionKind::Race && (0..=2).contains(&days) {
                push(
                    found,
                    Rule::Taper,
                    Some(week.number),
                    format!("{} on {}, {days} days before the race", s.title, s.date),
                );
            }
        }
    }
}

/// Days from `date` to the race.
fn days_out(plan: &Plan, date: Date) -> i64 {
    i64::from((plan.request.race_date - date).get_days())
}

/// The first day of the race window: [`RACE_WINDOW_DAYS`] before the race.
pub fn window_start(race: Date) -> Date {
    race.checked_sub(jiff::Span::new().days(RACE_WINDOW_DAYS))
        .unwrap_or(race)
}

/// What the race window is measured against: the biggest week that ends before the window
/// begins (or what the runner did before the plan, if that was more).
pub fn window_peak(weeks: &[Week], reference: Volume, race: Date) -> Volume {
    let start = window_start(race);
    weeks
        .iter()
        .filter(|w| {
            w.start
                .checked_add(jiff::Span::new().days(7))
                .is_ok_and(|end| end <= start)
        })
        .fold(reference, |peak, w| peak.max(w.training()))
}

/// The running in the race window, the race not counted.
pub fn window_volume(weeks: &[Week], race: Date) -> Volume {
    let start = window_start(race);
    let sessions = weeks.iter().flat_map(|w| w.sessions.iter()).filter(|s| {
        s.kind.is_running() && s.kind != SessionKind::Race && s.date >= start && s.date < race
    });
    let mut volume = Volume::ZERO;
    for s in sessions {
        volume.running_load += s.load;
        volume.running_min += s.planned_time_s / 60.0;
    }
    volume
}

/// The race week keyed to the race day rather than to the calendar week: the seven days before
/// it are a taper, the last two hold nothing long or hard, and a sharpener comes 3-4 days out.
fn race_window(plan: &Plan, found: &mut Vec<Violation>) {
    let race = plan.request.race_date;
    let week_of = |date: Date| plan.week_of(date).map(|w| w.number);
    let peak = window_peak(&plan.weeks, plan.reference, race);
    if let Some(detail) = over(
        window_volume(&plan.weeks, race),
        peak.scaled(RACE_WINDOW_SHARE),
    ) {
        push(
            found,
            Rule::RaceWindow,
            week_of(race),
            format!("the {RACE_WINDOW_DAYS} days before the race: {detail}"),
        );
    }
    for s in plan.sessions() {
        let days = days_out(plan, s.date);
        if s.kind == SessionKind::Race || !(1..=RACE_EVE_DAYS).contains(&days) {
            continue;
        }
        let minutes = s.planned_time_s / 60.0;
        if s.kind.is_running()
            && (s.hard || s.workout_id == "long-run" || minutes > RACE_EVE_MAX_MIN + EPSILON)
        {
            push(
                found,
                Rule::RaceEve,
                week_of(s.date),
                format!("{} ({minutes:.0} min) {days} days before the race", s.title),
            );
        }
    }
    let sharpeners: Vec<i64> = plan
        .sessions()
        .filter(|s| s.workout_id == SHARPENER)
        .map(|s| days_out(plan, s.date))
        .collect();
    let training_day_at = |days: i64| {
        race.checked_sub(jiff::Span::new().days(days))
            .is_ok_and(|d| {
                d >= plan.request.start && plan.request.training_days().contains(&d.weekday())
            })
    };
    let needed = (SHARPENER_DAYS.0..RACE_WINDOW_DAYS).any(training_day_at);
    let preferred = (SHARPENER_DAYS.0..=SHARPENER_DAYS.1).any(training_day_at);
    let detail = match sharpeners.as_slice() {
        [] if needed => Some("no race-pace sharpener in race week".to_owned()),
        [] => None,
        [d] if !(SHARPENER_DAYS.0..=RACE_WINDOW_DAYS).contains(d) => {
            Some(format!("the sharpener is {d} days before the race"))
        }
        [d] if preferred && !(SHARPENER_DAYS.0..=SHARPENER_DAYS.1).contains(d) => Some(format!(
            "the sharpener is {d} days before the race, not {}-{}",
            SHARPENER_DAYS.0, SHARPENER_DAYS.1
        )),
        [_] => None,
        more => Some(format!("{} sharpeners", more.len())),
    };
    if let Some(detail) = detail {
        push(found, Rule::Sharpener, week_of(race), detail);
    }
}

fn race(plan: &Plan, found: &mut Vec<Violation>) {
    let races: Vec<_> = plan
        .sessions()
        .filter(|s| s.kind == SessionKind::Race)
        .collect();
    if races.len() != 1 || races[0].date != plan.request.race_date {
        push(
            found,
            Rule::Race,
            None,
            format!(
                "{} race sessions, expected one on {}",
                races.len(),
                plan.request.race_date
            ),
        );
    }
    if plan.sessions().any(|s| s.date > plan.request.race_date) {
        push(found, Rule::Race, None, "sessions after the race".into());
    }
}

fn beginner(plan: &Plan, found: &mut Vec<Violation>) {
    if plan.level != Level::Beginner {
        return;
    }
    for week in &plan.weeks {
        let mut hard_days: Vec<Date> = week
            .sessions
            .iter()
            .filter(|s| s.hard && s.kind != SessionKind::Race)
            .map(|s| s.date)
            .collect();
        hard_days.dedup();
        if hard_days.len() > 1 {
            push(
                found,
                Rule::Beginner,
                Some(week.number),
                format!("{} hard days", hard_days.len()),
            );
        }
        for s in &week.sessions {
            if matches!(s.workout_id.as_str(), "vo2max-miles" | "jo-pavey") {
                push(
                    found,
                    Rule::Beginner,
                    Some(week.number),
                    format!("{} is not for beginners", s.title),
                );
            }
        }
    }
    if plan.request.experience() == Experience::New
        && let Some(first) = plan.sessions().find(|s| s.kind.is_running())
        && first.workout_id != "walk-run"
        && first.kind != SessionKind::Race
    {
        push(
            found,
            Rule::Beginner,
            Some(1),
            format!("a new runner starts with {}, not walk-run", first.title),
        );
    }
}

fn age(plan: &Plan, found: &mut Vec<Violation>) {
    let age = crate::build::Age::of(&plan.request);
    let window = window_start(plan.request.race_date);
    let mut last_hard: Option<Date> = None;
    for week in &plan.weeks {
        let before: Vec<&crate::model::Session> = week
            .sessions
            .iter()
            .filter(|s| s.date < window && s.kind.is_running() && s.kind != SessionKind::Race)
            .collect();
        let mut running: Vec<Date> = before.iter().map(|s| s.date).collect();
        running.dedup();
        let mut hard: Vec<Date> = before.iter().filter(|s| s.hard).map(|s| s.date).collect();
        hard.dedup();
        if running.len() > age.max_running_days() {
            push(
                found,
                Rule::Age,
                Some(week.number),
                format!("{} running days", running.len()),
            );
        }
        if hard.len() > age.max_hard_per_week() {
            push(
                found,
                Rule::Age,
                Some(week.number),
                format!("{} hard days", hard.len()),
            );
        }
        for &date in &hard {
            if let Some(last) = last_hard
                && (date - last).get_days() < age.hard_gap_days()
            {
                push(
                    found,
                    Rule::Age,
                    Some(week.number),
                    format!("hard sessions on {last} and {date}"),
                );
            }
            last_hard = Some(date);
        }
    }
}
