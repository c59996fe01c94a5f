//! Adaptation: re-planning the weeks ahead from what the runner actually did.
//!
//! The rules, each change explained in one line:
//!
//! - **Missed sessions are not made up.** Nothing is moved or added; the weeks ahead are
//!   rebuilt with the running the runner actually did as "the weeks before", so the growth cap
//!   applies to what was run, not to what was planned. After a missed fortnight the plan comes
//!   back at no more than 10 % above the higher of those weeks (or of what the runner did
//!   before the plan).
//! - **A new result moves the paces.** A time trial or race since the plan began replaces the
//!   results the plan was built on: the feasibility, the training goal and every pace ahead are
//!   recomputed from it.
//! - **Repeated misses soften the progression.** When two of the last three checked sessions
//!   of a workout missed their targets, the sessions of that workout ahead stay at the step the
//!   runner last ran instead of moving on.
//!
//! Weeks that have begun stay as they are; the re-plan starts on the next Monday, so a week
//! in progress is never reshuffled under the runner's feet.

use std::collections::HashMap;

use jiff::Span;
use jiff::civil::Date;
use miler_core::Performance;

use crate::build::{Builder, Context, Holds, PlanError, set_acwr};
use crate::feasibility::{self, clock};
use crate::model::{Plan, SessionKind, Volume};
use crate::request::{Experience, Fitness, Request, monday};

/// What happened to one planned session.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub session_key: String,
    pub done: bool,
    /// For a done session checked against an activity: whether its targets were hit.
    pub targets_hit: Option<bool>,
}

/// A race or time trial result since the plan began.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewResult {
    pub date: Date,
    pub result: Performance,
}

/// Everything adaptation reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Log {
    pub outcomes: Vec<Outcome>,
    pub results: Vec<NewResult>,
}

/// The re-planned plan and why it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Adapted {
    pub plan: Plan,
    /// One line per change; empty when nothing changed.
    pub changes: Vec<String>,
}

/// One checked session: its date, whether its targets were hit, and its progress.
type Check = (Date, bool, Option<f64>);

/// Re-plans the weeks after `today` from `log`.
pub fn adapt(plan: &Plan, log: &Log, today: Date) -> Result<Adapted, PlanError> {
    let mut changes = Vec::new();
    let next_monday = monday(today)
        .checked_add(Span::new().weeks(1))
        .unwrap_or(today);
    let Some(first) = plan.weeks.iter().position(|w| w.start >= next_monday) else {
        return Ok(Adapted {
            plan: plan.clone(),
            changes: vec!["Race week has begun: nothing is re-planned now.".to_owned()],
        });
    };

    // New results replace the ones the plan was built on.
    let mut request = plan.request.clone();
    let mut fresh: Vec<NewResult> = log
        .results
        .iter()
        .copied()
        .filter(|r| r.date >= plan.request.start && r.date <= today)
        .collect();
    fresh.sort_by_key(|r| r.date);
    if !fresh.is_empty() {
        request.fitness = Fitness::Results(fresh.iter().map(|r| r.result).collect());
    }
    // Fitness is as of today: the weeks of training ahead count from here.
    let as_of_today = Request {
        start: today.max(plan.request.start),
        ..request.clone()
    };
    let feasibility = feasibility::assess(&as_of_today);
    if let Some(latest) = fresh.last() {
        changes.push(format!(
            "New result {} on {}: race day now {} expected (was {}), range {}-{}; paces from next week use it.",
            latest.result,
            latest.date,
            clock(feasibility.expected_mile_race_day_s),
            clock(plan.feasibility.expected_mile_race_day_s),
            clock(feasibility.predicted_mile_race_day_s[0]),
            clock(feasibility.predicted_mile_race_day_s[1]),
        ));
        if feasibility.verdict != plan.feasibility.verdict {
            changes.push(format!(
                "The goal is now {} (was {}): {}",
                feasibility.verdict.as_str(),
                plan.feasibility.verdict.as_str(),
                feasibility.reason
            ));
        }
    }
    let builder = Builder::new(&request, &feasibility)?;

    // What was actually run, week by week, before the re-plan.
    let done: HashMap<&str, &Outcome> = log
        .outcomes
        .iter()
        .filter(|o| o.done)
        .map(|o| (o.session_key.as_str(), o))
        .collect();
    let actual: Vec<Volume> = plan.weeks[..first]
        .iter()
        .map(|week| {
            let ran: Vec<_> = week
                .sessions
                .iter()
                .filter(|s| {
                    s.kind.is_running()
                        && s.kind != SessionKind::Race
                        && done.contains_key(s.key.as_str())
                })
                .collect();
            Volume {
                running_load: ran.iter().map(|s| s.load).sum::<f64>() + 0.0,
                running_min: ran.iter().map(|s| s.planned_time_s / 60.0).sum::<f64>() + 0.0,
            }
        })
        .collect();
    let reference = builder.reference;
    let prev = [
        first.checked_sub(2).map_or(reference, |i| actual[i]),
        first.checked_sub(1).map_or(reference, |i| actual[i]),
    ];
    let peak = actual.iter().fold(reference, |a, &b| a.max(b));

    // Missed sessions, over the last two weeks before the re-plan.
    let recent = first.saturating_sub(2)..first;
    let planned: Vec<_> = plan.weeks[recent.clone()]
        .iter()
        .flat_map(|w| w.sessions.iter())
        .filter(|s| s.kind.is_running() && s.date < today)
        .collect();
    let missed = planned
        .iter()
        .filter(|s| !done.contains_key(s.key.as_str()))
        .count();
    if missed > 0 {
        let before = prev[0].max(prev[1]);
        let from = if before.running_min + 0.5 < reference.running_min {
            format!(
                "starts again from your level before the plan, {:.0} min a week",
                reference.running_min
            )
        } else {
            format!(
                "builds from the {:.0} min you ran",
                before.running_min + 0.0
            )
        };
        changes.push(format!(
            "{missed} of {} planned runs in weeks {}-{} were not done; they are not made up: week {} {from}.",
            planned.len(),
            recent.start + 1,
            recent.end,
            first + 1,
        ));
    }

    // Workouts whose targets were missed twice in the last three checks hold their step.
    let mut holds = Holds::default();
    let mut checks: HashMap<&str, Vec<Check>> = HashMap::new();
    for s in plan.weeks[..first].iter().flat_map(|w| w.sessions.iter()) {
        if let Some(o) = done.get(s.key.as_str())
            && let Some(hit) = o.targets_hit
        {
            checks
                .entry(s.workout_id.as_str())
                .or_default()
                .push((s.date, hit, s.progress));
        }
    }
    let mut held: Vec<(&str, f64)> = Vec::new();
    for (id, list) in &mut checks {
        list.sort_by_key(|c| c.0);
        let last3 = &list[list.len().saturating_sub(3)..];
        let misses = last3.iter().filter(|c| !c.1).count();
        if misses >= 2 {
            let step = last3.iter().filter_map(|c| c.2).fold(0.0, f64::max);
            holds.0.insert((*id).to_owned(), step);
            held.push((id, step));
        }
    }
    held.sort_by(|a, b| a.0.cmp(b.0));
    for (id, _) in &held {
        let title = miler_workout::catalog::get(id).map_or(*id, |e| e.title);
        changes.push(format!(
            "{title}: targets missed in {} of the last 3 sessions; the next ones stay at the step you last ran instead of moving on.",
            checks[id][checks[id].len().saturating_sub(3)..]
                .iter()
                .filter(|c| !c.1)
                .count()
        ));
    }

    let walk = if request.experience() == Experience::New {
        let walked = plan.weeks[..first]
            .iter()
            .flat_map(|w| w.sessions.iter())
            .filter(|s| s.workout_id == "walk-run" && done.contains_key(s.key.as_str()))
            .filter_map(|s| s.progress)
            .fold(None, |a: Option<f64>, p| Some(a.map_or(p, |a| a.max(p))));
        walked.unwrap_or(-0.1)
    } else {
        1.0
    };
    let mut context = Context {
        prev,
        peak,
        reference,
        walk,
        last_hard: plan.weeks[..first]
            .iter()
            .flat_map(|w| w.sessions.iter())
            .filter(|s| s.hard)
            .map(|s| s.date)
            .max(),
        last_strength: plan.weeks[..first]
            .iter()
            .flat_map(|w| w.sessions.iter())
            .filter(|s| s.kind == SessionKind::Strength)
            .map(|s| s.date)
            .max(),
    };
    let mut weeks = plan.weeks[..first].to_vec();
    for frame in &builder.frames[first..] {
        let week = builder.week(frame, &context, &holds, None)?;
        let week = builder.settle(week, context.last_hard)?;
        context = context.after(&week);
        weeks.push(week);
    }
    builder.race_window(&mut weeks, plan.reference, plan.weeks[first].start)?;
    set_acwr(&mut weeks, reference);

    let adapted = Plan {
        request: plan.request.clone(),
        feasibility,
        level: builder.level,
        reference: plan.reference,
        race: builder.race_plan(),
        paces_basis: builder.basis.clone(),
        weeks,
    };
    let adapted = Plan {
        request: Request {
            fitness: request.fitness,
            ..adapted.request
        },
        ..adapted
    };
    if changes.is_empty() && adapted.weeks != plan.weeks {
        changes.push("The weeks ahead were rebuilt from what you ran.".to_owned());
    }
    Ok(Adapted {
        plan: adapted,
        changes,
    })
}
