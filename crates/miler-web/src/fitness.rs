//! Fitness and fatigue for the dashboard: each day's training load from the runs imported,
//! and CTL, ATL and form over them (`miler_core::load`, which documents the load and the
//! model).
//!
//! A run's load needs the runner's fitness to rate its pace: their VDOT from the result on
//! their profile, else from the mile their active plan predicts today. Days are the
//! runner's calendar days (the server's time zone, as miler runs on their computer).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use miler_core::load::{ctl_atl, run_load};
use miler_core::{Distance, Duration, Performance, Vdot};
use miler_store::Athlete;
use serde::Serialize;

use crate::fmt::round;
use crate::{AppState, Error};

/// Days the chart shows, today included.
pub const DAYS: i64 = 120;
/// How far back loads are summed, so CTL has its history when the chart starts.
const HISTORY_DAYS: i64 = 730;

#[derive(Debug, Serialize)]
pub struct FitnessView {
    /// The last [`DAYS`] days, oldest first; empty when no threshold is known.
    pub days: Vec<FitnessDay>,
    /// The VDOT runs are rated against, and where it comes from.
    pub vdot: Option<f64>,
    pub basis: String,
    pub rule: &'static str,
}

#[derive(Debug, Serialize)]
pub struct FitnessDay {
    pub date: Date,
    /// Session-RPE load of the day's runs.
    pub load: f64,
    pub ctl: f64,
    pub atl: f64,
    pub form: f64,
}

const RULE: &str = "load: minutes x RPE estimated from the run's average pace against your VDOT (easy 2.5, threshold 6.5, interval 8.5); CTL and ATL: 42- and 7-day exponentially weighted averages of daily load; form = CTL - ATL";

/// The VDOT a runner's runs are rated against, and why.
async fn vdot(state: &AppState, a: &Athlete) -> Result<Option<(Vdot, String)>, Error> {
    if let Some(result) = a.profile.current {
        return Ok(Some((
            Vdot::from_performance(result),
            format!("your result {result}"),
        )));
    }
    let plan = crate::plan::active(state, a.id).await?;
    Ok(plan.and_then(|p| {
        let mile = Duration::from_secs(p.plan.feasibility.predicted_mile_now_s)?;
        let performance = Performance::new(Distance::MILE, mile)?;
        Some((
            Vdot::from_performance(performance),
            "the mile your plan predicts today".to_owned(),
        ))
    }))
}

pub async fn fitness(state: &AppState, a: &Athlete) -> Result<FitnessView, Error> {
    let Some((vdot, basis)) = vdot(state, a).await? else {
        return Ok(FitnessView {
            days: Vec::new(),
            vdot: None,
            basis: "no result on your profile to rate runs against".to_owned(),
            rule: RULE,
        });
    };
    let today = state.today();
    let first = today
        .checked_sub(jiff::Span::new().days(HISTORY_DAYS - 1))
        .unwrap_or(today);
    let mut loads = vec![0.0; usize::try_from(HISTORY_DAYS).unwrap_or(0)];
    let tz = TimeZone::system();
    for run in state
        .store()
        .list_activities(a.id)
        .await?
        .iter()
        .filter(|r| miler_activity::Sport::from_name(&r.sport).is_running())
    {
        let Some(day) = run.start_time.map(|t| t.to_zoned(tz.clone()).date()) else {
            continue;
        };
        let Ok(span) = first.until(day) else { continue };
        if let Some(slot) = usize::try_from(span.get_days())
            .ok()
            .and_then(|i| loads.get_mut(i))
        {
            *slot += run_load(run.distance, run.moving, vdot);
        }
    }
    let training = ctl_atl(&loads);
    let shown = usize::try_from(DAYS).unwrap_or(0);
    let skip = loads.len().saturating_sub(shown);
    let days = loads
        .iter()
        .zip(&training)
        .enumerate()
        .skip(skip)
        .filter_map(|(i, (&load, t))| {
            let date = first
                .checked_add(jiff::Span::new().days(i64::try_from(i).ok()?))
                .ok()?;
            Some(FitnessDay {
                date,
                load: round(load, 1),
                ctl: round(t.ctl, 1),
                atl: round(t.atl, 1),
                form: round(t.form, 1),
            })
        })
        .collect();
    Ok(FitnessView {
        days,
        vdot: Some(round(vdot.value(), 1)),
        basis,
        rule: RULE,
    })
}
