//! The plan as text a runner reads: the verdict first, then one Markdown table per week.

use std::fmt::Write as _;

use miler_core::Duration;

use crate::feasibility::clock;
use crate::model::{Plan, Week};

/// The whole plan, or one week of it, as Markdown.
pub fn markdown(plan: &Plan, only_week: Option<u32>) -> String {
    let mut out = String::new();
    let f = &plan.feasibility;
    let goal = plan
        .request
        .goal_time()
        .map_or_else(|| "as fast as possible".to_owned(), |g| g.to_string());
    let _ = writeln!(
        out,
        "# Plan: {goal} on {} ({} weeks, {})\n",
        plan.race.date,
        plan.weeks.len(),
        match plan.level {
            crate::Level::Beginner => "beginner",
            crate::Level::Regular => "regular",
            crate::Level::Advanced => "advanced",
        }
    );
    let _ = writeln!(
        out,
        "**{}** — {}\n",
        f.verdict.as_str().to_uppercase(),
        f.reason
    );
    let _ = writeln!(
        out,
        "- Mile today: {} ({})",
        clock(f.predicted_mile_now_s),
        f.basis.trim_end_matches('.')
    );
    let _ = writeln!(
        out,
        "- Race day: {} expected, range {}-{}",
        clock(f.expected_mile_race_day_s),
        clock(f.predicted_mile_race_day_s[0]),
        clock(f.predicted_mile_race_day_s[1])
    );
    if let Some(pct) = f.goal_age_grade_pct {
        let _ = writeln!(out, "- Goal age grade: {pct:.1} %");
    }
    if let Some(advice) = &f.advice {
        let _ = writeln!(out, "- {advice}");
    }
    out.push('\n');
    for week in &plan.weeks {
        if only_week.is_some_and(|n| n != week.number) {
            continue;
        }
        week_table(&mut out, week);
    }
    if only_week.is_none() || only_week == plan.weeks.last().map(|w| w.number) {
        let _ = writeln!(
            out,
            "## Race day, {}: {} for {:.0} m\n",
            plan.race.date,
            clock(plan.race.target_s),
            plan.race.distance_m
        );
        let _ = writeln!(out, "Warm-up: {}\n", plan.race.warm_up);
        let _ = writeln!(out, "| split | at | split time | elapsed |");
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for s in &plan.race.splits {
            let _ = writeln!(
                out,
                "| {} | {:.0} m | {} | {} |",
                s.label,
                s.at_m,
                tenths(s.split_s),
                tenths(s.cumulative_s)
            );
        }
    }
    out
}

fn week_table(out: &mut String, week: &Week) {
    let _ = writeln!(
        out,
        "## Week {} — {} {}({})\n",
        week.number,
        week.start,
        if week.lighter { "lighter week " } else { "" },
        week.phase.as_str(),
    );
    let _ = writeln!(
        out,
        "| date | day | session | hard | time | distance | load |"
    );
    let _ = writeln!(out, "|---|---|---|:-:|---:|---:|---:|");
    for s in &week.sessions {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {:.0} |",
            s.date,
            crate::request::day_name(s.date.weekday()),
            s.title,
            if s.hard { "●" } else { "" },
            clock(s.planned_time_s),
            if s.planned_distance_m > 0.0 {
                format!("{:.1} km", s.planned_distance_m / 1000.0)
            } else {
                String::new()
            },
            s.load
        );
    }
    let _ = writeln!(
        out,
        "\nRunning {} min, {:.1} km, load {:.0}{}.\n",
        week.running.running_min.round(),
        week.distance_m / 1000.0,
        week.load,
        week.acwr
            .map(|a| format!("; acute:chronic {a:.2} (information only)"))
            .unwrap_or_default()
    );
}

fn tenths(secs: f64) -> String {
    Duration::from_secs(secs).map_or_else(|| "?".to_owned(), |d| d.display_fixed(1))
}
