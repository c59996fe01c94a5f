//! Athlete profiles and the dashboard: the form and JSON shapes of a profile, the checks
//! both go through, and what the dashboard shows (the mile predicted today, the goal and
//! the countdown to it).
//!
//! A profile arrives as strings from the first-run form ([`ProfileForm`]) or as SI numbers
//! from the API ([`ProfileJson`]); each is read into a [`Profile`] and then checked by the
//! same [`check`], so the page and the API accept exactly the same athletes.

use jiff::civil::Date;
use miler_core::agegrade::Sex;
use miler_core::predict::{self, Model, Request};
use miler_core::{Distance, Duration, Performance};
use miler_store::{Athlete, Profile, Units};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::fmt::round;

/// The first-run and profile form, as typed. Kept as text so a mistake is shown back to
/// the runner exactly as they wrote it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    /// The athlete being edited; empty for a new one.
    pub id: String,
    pub name: String,
    pub birth_date: String,
    pub age: String,
    pub sex: String,
    pub height_cm: String,
    pub weight_kg: String,
    pub units: String,
    /// A distance (`5k`, `mile`), or empty for "I don't run yet".
    pub current_distance: String,
    pub current_time: String,
    pub goal_mile: String,
    pub goal_date: String,
}

impl ProfileForm {
    /// The form filled from a stored profile.
    pub fn of(athlete: &Athlete) -> ProfileForm {
        let p = &athlete.profile;
        let text = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
        ProfileForm {
            id: athlete.id.0.to_string(),
            name: p.name.clone(),
            birth_date: p.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            age: p.age.map(|a| a.to_string()).unwrap_or_default(),
            sex: p.sex.map(|s| s.code().to_owned()).unwrap_or_default(),
            height_cm: text(p.height_cm),
            weight_kg: text(p.weight_kg),
            units: p.units.code().to_owned(),
            current_distance: p
                .current
                .map(|r| r.distance().to_string())
                .unwrap_or_default(),
            current_time: p.current.map(|r| r.time().to_string()).unwrap_or_default(),
            goal_mile: p.goal_mile.map(|g| g.to_string()).unwrap_or_default(),
            goal_date: p.goal_date.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    /// Reads and checks the form; every mistake is reported against its field.
    pub fn read(&self, today: Date) -> Result<Profile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut field = |name: &'static str, message: String| {
            errors.push(FieldError::new(name, message));
        };
        let number = |name: &'static str,
                      text: &str,
                      what: &str,
                      field: &mut dyn FnMut(&'static str, String)| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            match text.replace(',', ".").parse::<f64>() {
                Ok(v) if v.is_finite() => Some(v),
                _ => {
                    field(name, format!("`{text}` is not a number; give {what}"));
                    None
                }
            }
        };
        let date = |name: &'static str, text: &str, field: &mut dyn FnMut(&'static str, String)| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            match text.parse::<Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    field(
                        name,
                        format!(
                            "`{text}` is not a date; write it as YYYY-MM-DD, such as 2027-03-01"
                        ),
                    );
                    None
                }
            }
        };
        let birth_date = date("birth_date", &self.birth_date, &mut field);
        let age = number(
            "age",
            &self.age,
            "your age in whole years, such as 34",
            &mut field,
        );
        let age = age.and_then(|a| {
            if a.fract() == 0.0 && a >= 0.0 && a <= f64::from(u32::MAX) {
                Some(a as u32)
            } else {
                field(
                    "age",
                    format!("{a} is not a whole number of years; give your age such as 34"),
                );
                None
            }
        });
        let sex = match self.sex.trim() {
            "" => None,
            text => match text.parse::<Sex>() {
                Ok(s) => Some(s),
                Err(_) => {
                    field(
                        "sex",
                        format!(
                            "`{text}` is not M or F; the age-grading tables have factors for men and women only, or leave it empty"
                        ),
                    );
                    None
                }
            },
        };
        let height_cm = number(
            "height_cm",
            &self.height_cm,
            "your height in centimetres, such as 172",
            &mut field,
        );
        let weight_kg = number(
            "weight_kg",
            &self.weight_kg,
            "your weight in kilograms, such as 68",
            &mut field,
        );
        let units = match self.units.trim() {
            "" => Units::Km,
            text => Units::from_code(text).unwrap_or_else(|| {
                field("units", format!("`{text}` is not km or mi"));
                Units::Km
            }),
        };
        let current = match (self.current_distance.trim(), self.current_time.trim()) {
            ("" | "none", "") => None,
            ("" | "none", time) => {
                field(
                    "current_distance",
                    format!(
                        "you gave a time ({time}) but no distance: choose the distance you ran it over, or clear the time if you don't run yet"
                    ),
                );
                None
            }
            (distance, "") => {
                field(
                    "current_time",
                    format!(
                        "give the time you can run {distance} in, such as 24:00, or choose “I don't run yet”"
                    ),
                );
                None
            }
            (distance, time) => {
                let d = distance
                    .parse::<Distance>()
                    .map_err(|e| field("current_distance", e.to_string()))
                    .ok();
                let t = time
                    .parse::<Duration>()
                    .map_err(|e| field("current_time", e.to_string()))
                    .ok();
                d.zip(t).and_then(|(d, t)| {
                    let p = Performance::new(d, t);
                    if p.is_none() {
                        field(
                            "current_time",
                            "give a time above zero, such as 24:00".to_owned(),
                        );
                    }
                    p
                })
            }
        };
        let goal_mile = match self.goal_mile.trim() {
            "" => None,
            text => text
                .parse::<Duration>()
                .map_err(|e| field("goal_mile", e.to_string()))
                .ok(),
        };
        let goal_date = date("goal_date", &self.goal_date, &mut field);
        let name = read_name(&self.name, &mut field);
        let profile = Profile {
            name,
            birth_date,
            age,
            sex,
            height_cm,
            weight_kg,
            units,
            current,
            goal_mile,
            goal_date,
            onboarded: true,
        };
        // Only check ranges on fields that read; a field is never reported twice.
        for e in check(&profile, today) {
            if !errors.iter().any(|have| have.field == e.field) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(profile)
        } else {
            Err(errors)
        }
    }

    /// The id of the athlete being edited, if the form names one.
    pub fn athlete_id(&self) -> Option<i64> {
        self.id.trim().parse().ok()
    }
}

/// A profile in the API: SI numbers, dates as `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileJson {
    pub name: String,
    #[serde(default)]
    pub birth_date: Option<String>,
    #[serde(default)]
    pub age: Option<u32>,
    #[serde(default)]
    pub sex: Option<String>,
    #[serde(default)]
    pub height_cm: Option<f64>,
    #[serde(default)]
    pub weight_kg: Option<f64>,
    #[serde(default)]
    pub units: Option<String>,
    /// What the athlete can run now; null for someone who doesn't run yet.
    #[serde(default)]
    pub current: Option<ResultJson>,
    #[serde(default)]
    pub goal_mile_s: Option<f64>,
    #[serde(default)]
    pub goal_date: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResultJson {
    pub distance_m: f64,
    pub time_s: f64,
}

impl ProfileJson {
    /// Reads and checks the JSON profile, as [`ProfileForm::read`] does the form.
    pub fn read(&self, today: Date) -> Result<Profile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let date = |name: &'static str, text: &Option<String>, errors: &mut Vec<FieldError>| {
            text.as_deref().and_then(|t| {
                t.parse::<Date>()
                    .map_err(|_| {
                        errors.push(FieldError::new(
                            name,
                            format!(
                                "`{t}` is not a date; write it as YYYY-MM-DD, such as 2027-03-01"
                            ),
                        ))
                    })
                    .ok()
            })
        };
        let birth_date = date("birth_date", &self.birth_date, &mut errors);
        let goal_date = date("goal_date", &self.goal_date, &mut errors);
        let sex = self.sex.as_deref().and_then(|s| {
            s.parse::<Sex>()
                .map_err(|_| {
                    errors.push(FieldError::new(
                        "sex",
                        format!("`{s}` is not M or F; give \"M\", \"F\" or null"),
                    ))
                })
                .ok()
        });
        let units = match self.units.as_deref() {
            None => Units::Km,
            Some(u) => Units::from_code(u).unwrap_or_else(|| {
                errors.push(FieldError::new(
                    "units",
                    format!("`{u}` is not \"km\" or \"mi\""),
                ));
                Units::Km
            }),
        };
        let current = self.current.and_then(|r| {
            let p = Distance::from_metres(r.distance_m)
                .zip(Duration::from_secs(r.time_s))
                .and_then(|(d, t)| Performance::new(d, t));
            if p.is_none() {
                errors.push(FieldError::new("current", "give distance_m and time_s above zero, such as {\"distance_m\": 5000, \"time_s\": 1440}, or null if the athlete doesn't run yet"));
            }
            p
        });
        let goal_mile = self.goal_mile_s.and_then(|s| {
            let g = Duration::from_secs(s).filter(|d| d.secs() > 0.0);
            if g.is_none() {
                errors.push(FieldError::new(
                    "goal_mile_s",
                    "give the goal mile in seconds above zero, such as 360 for 6:00",
                ));
            }
            g
        });
        let name = read_name(&self.name, &mut |f, m| errors.push(FieldError::new(f, m)));
        let profile = Profile {
            name,
            birth_date,
            age: self.age,
            sex,
            height_cm: self.height_cm,
            weight_kg: self.weight_kg,
            units,
            current,
            goal_mile,
            goal_date,
            onboarded: true,
        };
        for e in check(&profile, today) {
            if !errors.iter().any(|have| have.field == e.field) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(profile)
        } else {
            Err(errors)
        }
    }
}

/// The longest athlete name, in characters, after cleaning.
pub const NAME_MAX_CHARS: usize = 80;

/// The name as typed, cleaned by the one rule for names (`miler_core::text::clean_line`):
/// control and bidirectional-override characters removed, the ends trimmed. One longer than
/// [`NAME_MAX_CHARS`] is reported and read as empty, so [`check`] adds nothing more about it.
pub fn read_name(typed: &str, field: &mut dyn FnMut(&'static str, String)) -> String {
    miler_core::text::clean_line(typed, NAME_MAX_CHARS).unwrap_or_else(|e| {
        field("name", format!("the name is {e}"));
        String::new()
    })
}

/// The range checks every profile passes, however it arrived.
pub fn check(p: &Profile, today: Date) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut bad = |field, message: String| errors.push(FieldError::new(field, message));
    if p.name.is_empty() {
        bad(
            "name",
            "give a name, so this athlete can be told apart from others on this machine".to_owned(),
        );
    } else if p.name.chars().count() > NAME_MAX_CHARS {
        bad(
            "name",
            format!("give a name of at most {NAME_MAX_CHARS} characters"),
        );
    } else if p.name.chars().any(miler_core::text::is_unsafe) {
        bad(
            "name",
            "a name is one line of text without control characters".to_owned(),
        );
    }
    if let Some(born) = p.birth_date {
        if born >= today {
            bad(
                "birth_date",
                format!("{born} is not in the past; give the date you were born"),
            );
        } else if !(5..=110).contains(&p.age_on(today).unwrap_or(0)) {
            bad(
                "birth_date",
                format!(
                    "{born} gives an age outside 5-110, the ages miler's tables cover; check the year"
                ),
            );
        }
    } else if let Some(age) = p.age
        && !(5..=110).contains(&age)
    {
        bad(
            "age",
            format!(
                "{age} is outside 5-110, the ages miler's tables cover; give your age in whole years"
            ),
        );
    }
    crate::error::check_body(None, p.height_cm, p.weight_kg, &mut bad);
    if let Some(r) = p.current
        && let Err(e) = predict::check_plausible(r)
    {
        bad("current", e.to_string());
    }
    if let Some(g) = p.goal_mile {
        match Performance::new(Distance::MILE, g).map(predict::check_plausible) {
            Some(Ok(())) => {}
            Some(Err(e)) => bad("goal_mile", e.to_string()),
            None => bad(
                "goal_mile",
                "give a goal mile above zero, such as 6:00".to_owned(),
            ),
        }
    }
    if let Some(d) = p.goal_date {
        if d < today {
            bad(
                "goal_date",
                format!("{d} has passed; give the date of your race or test, today or later"),
            );
        } else if d > today.saturating_add(jiff::Span::new().years(5)) {
            bad(
                "goal_date",
                format!("{d} is more than five years away; give a date within five years"),
            );
        }
    }
    errors
}

/// An athlete in the API.
#[derive(Debug, Serialize)]
pub struct AthleteView {
    pub id: i64,
    pub name: String,
    pub birth_date: Option<String>,
    /// The age today: from the birth date when there is one.
    pub age: Option<u32>,
    pub sex: Option<&'static str>,
    pub height_cm: Option<f64>,
    pub weight_kg: Option<f64>,
    pub units: &'static str,
    pub current: Option<ResultView>,
    pub goal_mile_s: Option<f64>,
    pub goal_date: Option<String>,
    pub onboarded: bool,
}

#[derive(Debug, Serialize)]
pub struct ResultView {
    pub result: String,
    pub distance_m: f64,
    pub time_s: f64,
    pub pace_s_per_km: f64,
}

impl AthleteView {
    pub fn of(a: &Athlete, today: Date) -> AthleteView {
        let p = &a.profile;
        AthleteView {
            id: a.id.0,
            name: p.name.clone(),
            birth_date: p.birth_date.map(|d| d.to_string()),
            age: p.age_on(today),
            sex: p.sex.map(Sex::code),
            height_cm: p.height_cm,
            weight_kg: p.weight_kg,
            units: p.units.code(),
            current: p.current.map(|r| ResultView {
                result: r.to_string(),
                distance_m: r.distance().metres(),
                time_s: round(r.time().secs(), 3),
                pace_s_per_km: round(r.pace().secs_per_km(), 2),
            }),
            goal_mile_s: p.goal_mile.map(|g| round(g.secs(), 3)),
            goal_date: p.goal_date.map(|d| d.to_string()),
            onboarded: p.onboarded,
        }
    }
}

/// What the dashboard shows, in SI units.
#[derive(Debug, Serialize)]
pub struct DashboardView {
    pub athlete: AthleteView,
    /// The mile predicted today from the athlete's current result; null without one.
    pub predicted_mile: Option<PredictedMile>,
    pub goal_mile_s: Option<f64>,
    pub goal_date: Option<String>,
    /// Days from today to the goal date (0 on the day).
    pub days_to_goal: Option<i32>,
    /// Predicted minus goal: how much faster the athlete has to get (negative: already there).
    pub gap_s: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct PredictedMile {
    pub time_s: f64,
    /// The model the headline time comes from: the first valid of VDOT, Purdy, Cameron,
    /// Horwill, critical speed and Riegel, the order in which they suit mile work.
    pub model: &'static str,
    pub from: String,
    /// Every valid model's mile, for the spread.
    pub models: Vec<ModelMile>,
}

#[derive(Debug, Serialize)]
pub struct ModelMile {
    pub model: &'static str,
    pub name: &'static str,
    pub time_s: f64,
}

/// The order in which models suit mile work, as the workout resolver uses them.
const MILE_ORDER: [Model; 6] = [
    Model::Vdot,
    Model::Purdy,
    Model::Cameron,
    Model::Horwill,
    Model::CriticalSpeed,
    Model::Riegel,
];

pub fn dashboard(a: &Athlete, today: Date) -> DashboardView {
    let p = &a.profile;
    let predicted_mile = p.current.and_then(|result| {
        let forecast = predict::predict(&Request {
            results: &[result],
            targets: &[Distance::MILE],
            models: &MILE_ORDER,
            sex: p.sex.unwrap_or(Sex::Male),
        })
        .ok()?;
        let models: Vec<ModelMile> = forecast
            .predictions
            .iter()
            .filter_map(|pr| {
                pr.time().map(|t| ModelMile {
                    model: pr.model.id(),
                    name: pr.model.name(),
                    time_s: round(t.secs(), 1),
                })
            })
            .collect();
        let first = models.first()?;
        Some(PredictedMile {
            time_s: first.time_s,
            model: first.model,
            from: result.to_string(),
            models,
        })
    });
    let days_to_goal = p.goal_date.and_then(|d| {
        (d - today)
            .total((jiff::Unit::Day, today))
            .ok()
            .map(|days| days.round() as i32)
    });
    let gap_s = predicted_mile
        .as_ref()
        .zip(p.goal_mile)
        .map(|(m, g)| round(m.time_s - g.secs(), 1));
    DashboardView {
        athlete: AthleteView::of(a, today),
        predicted_mile,
        goal_mile_s: p.goal_mile.map(|g| round(g.secs(), 3)),
        goal_date: p.goal_date.map(|d| d.to_string()),
        days_to_goal,
        gap_s,
    }
}

/// A countdown for people: `12 weeks`, `3 weeks and 2 days`, `today`.
pub fn countdown(days: i32) -> String {
    let plural = |n: i32, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match days {
        0 => "today".to_owned(),
        d if d < 0 => format!("{} ago", plural(-d, "day")),
        d if d < 14 => plural(d, "day"),
        d if d % 7 == 0 => plural(d / 7, "week"),
        d => format!("{} and {}", plural(d / 7, "week"), plural(d % 7, "day")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_read_naturally() {
        assert_eq!(countdown(84), "12 weeks");
        assert_eq!(countdown(23), "3 weeks and 2 days");
        assert_eq!(countdown(1), "1 day");
        assert_eq!(countdown(0), "today");
    }
}
