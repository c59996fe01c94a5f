//! Progress for the dashboard: the mile month by month (the fastest mile run within an
//! activity, and the mile the month's best efforts predict) and the weekly running volume.
//!
//! Both come from what the store already keeps: best efforts per month and the activity
//! list. The prediction is Daniels-Gilbert's VDOT from the month's best effort of 1500 m or
//! longer, the same rule `miler activity` uses for its VDOT estimate.

use jiff::civil::Date;
use miler_core::{Distance, Performance, Vdot};
use miler_store::{ActivitySummary, BestEffortRecord};
use serde::Serialize;

use crate::fmt::round;

/// Weeks of volume the dashboard shows, this one included.
pub const WEEKS: i64 = 12;

#[derive(Debug, Serialize)]
pub struct ProgressView {
    /// Oldest first.
    pub months: Vec<MonthPoint>,
    /// The last [`WEEKS`] weeks, Monday to Sunday, oldest first; empty weeks included.
    pub weeks: Vec<WeekPoint>,
    pub goal_mile_s: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct MonthPoint {
    /// `2026-11`.
    pub month: String,
    /// The fastest mile within an activity that month.
    pub best_mile_s: Option<f64>,
    /// The mile the month's best VDOT predicts.
    pub predicted_mile_s: Option<f64>,
    /// The effort the prediction comes from (`5k`, `2mi` ...).
    pub predicted_from: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct WeekPoint {
    /// The Monday the week starts on.
    pub week_start: String,
    pub distance_m: f64,
    pub activities: u32,
}

pub fn progress(
    efforts: &[BestEffortRecord],
    activities: &[ActivitySummary],
    goal_mile_s: Option<f64>,
    today: Date,
) -> ProgressView {
    let mut months: Vec<MonthPoint> = Vec::new();
    let mut periods: Vec<&str> = efforts.iter().map(|e| e.period.as_str()).collect();
    periods.sort_unstable();
    periods.dedup();
    for period in periods {
        let of_month = efforts.iter().filter(|e| e.period == period);
        let best_mile_s = of_month
            .clone()
            .find(|e| (e.distance.metres() - Distance::MILE.metres()).abs() < 0.5)
            .map(|e| round(e.time.secs(), 1));
        let best = of_month
            .filter(|e| e.distance.metres() >= 1500.0 && e.time.minutes() >= 3.5)
            .filter_map(|e| {
                Performance::new(e.distance, e.time).map(|p| (e, Vdot::from_performance(p)))
            })
            .max_by(|a, b| a.1.value().total_cmp(&b.1.value()));
        months.push(MonthPoint {
            month: period.to_owned(),
            best_mile_s,
            predicted_mile_s: best.map(|(_, v)| round(v.time_for(Distance::MILE).secs(), 1)),
            predicted_from: best.map(|(e, _)| e.name.clone()),
        });
    }
    let monday = today
        .checked_sub(jiff::Span::new().days(i64::from(today.weekday().to_monday_zero_offset())))
        .unwrap_or(today);
    let mut weeks: Vec<WeekPoint> = (0..WEEKS)
        .rev()
        .filter_map(|back| monday.checked_sub(jiff::Span::new().weeks(back)).ok())
        .map(|start| WeekPoint {
            week_start: start.to_string(),
            distance_m: 0.0,
            activities: 0,
        })
        .collect();
    let first = weeks
        .first()
        .and_then(|w| w.week_start.parse::<Date>().ok())
        .unwrap_or(monday);
    for a in activities
        .iter()
        .filter(|a| miler_activity::Sport::from_name(&a.sport).is_running())
    {
        let Some(day) = a
            .start_time
            .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
        else {
            continue;
        };
        if day < first {
            continue;
        }
        let Ok(span) = first.until(day) else { continue };
        let index = usize::try_from(span.get_days() / 7).unwrap_or(usize::MAX);
        if let Some(week) = weeks.get_mut(index) {
            week.distance_m = round(week.distance_m + a.distance.metres(), 1);
            week.activities += 1;
        }
    }
    ProgressView {
        months,
        weeks,
        goal_mile_s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miler_core::Duration;
    use miler_store::ActivityId;

    fn effort(period: &str, name: &str, metres: f64, secs: f64) -> BestEffortRecord {
        BestEffortRecord {
            period: period.to_owned(),
            name: name.to_owned(),
            distance: Distance::from_metres(metres).unwrap(),
            time: Duration::from_secs(secs).unwrap(),
            activity: ActivityId(1),
            start_time: None,
        }
    }

    fn run(day: &str, sport: &str, metres: f64) -> ActivitySummary {
        let start = format!("{day}T07:00:00Z").parse().unwrap();
        ActivitySummary {
            id: ActivityId(1),
            start_time: Some(start),
            sport: sport.to_owned(),
            name: None,
            distance: Distance::from_metres(metres).unwrap(),
            elapsed: Duration::from_secs(1800.0).unwrap(),
            moving: Duration::from_secs(1800.0).unwrap(),
            source_format: "fit".to_owned(),
            source_name: "a.fit".to_owned(),
        }
    }

    #[test]
    fn months_give_the_fastest_and_the_predicted_mile() {
        let efforts = [
            effort("2026-10", "mile", 1609.344, 450.0),
            effort("2026-10", "5k", 5000.0, 1440.0),
            effort("2026-11", "1500m", 1500.0, 200.0), // under 3.5 min: VDOT doesn't apply
            effort("2026-11", "400m", 400.0, 80.0),
        ];
        let view = progress(&efforts, &[], Some(360.0), Date::constant(2026, 11, 23));
        assert_eq!(view.months.len(), 2);
        assert_eq!(view.months[0].month, "2026-10");
        assert_eq!(view.months[0].best_mile_s, Some(450.0));
        // A 24:00 5 km predicts a mile of about 7:05 by VDOT, the dashboard's figure.
        let predicted = view.months[0].predicted_mile_s.unwrap();
        assert!((420.0..430.0).contains(&predicted), "{predicted}");
        assert_eq!(view.months[0].predicted_from.as_deref(), Some("5k"));
        assert_eq!(view.months[1].best_mile_s, None);
        assert_eq!(view.months[1].predicted_mile_s, None);
        assert_eq!(view.goal_mile_s, Some(360.0));
    }

    #[test]
    fn weeks_run_monday_to_sunday_and_count_only_running() {
        // 2026-11-23 is a Monday.
        let today = Date::constant(2026, 11, 25);
        let activities = [
            run("2026-11-23", "running", 5000.0),
            run("2026-11-22", "running", 8000.0), // the Sunday before
            run("2026-11-21", "track_running", 4000.0),
            run("2026-11-21", "cycling", 40_000.0),
            run("2026-08-01", "running", 10_000.0), // before the twelve weeks
        ];
        let view = progress(&[], &activities, None, today);
        assert_eq!(view.weeks.len(), 12);
        let last = &view.weeks[11];
        assert_eq!(last.week_start, "2026-11-23");
        assert_eq!((last.distance_m, last.activities), (5000.0, 1));
        let before = &view.weeks[10];
        assert_eq!(before.week_start, "2026-11-16");
        assert_eq!((before.distance_m, before.activities), (12_000.0, 2));
        assert_eq!(view.weeks[0].week_start, "2026-09-07");
        let total: f64 = view.weeks.iter().map(|w| w.distance_m).sum();
        assert_eq!(total, 17_000.0);
    }
}
