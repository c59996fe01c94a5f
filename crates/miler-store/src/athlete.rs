//! Athletes and their profiles: who the runner is, the units they read, what they can run now
//! and the mile they want.
//!
//! These are plain values, checked by whoever builds them (the web form, the API): the store
//! keeps what it is given, and the database's CHECK constraints catch only what would make a
//! row unreadable (a sex other than M or F, units other than km or mi).

use jiff::civil::Date;
use miler_core::agegrade::Sex;
use miler_core::{Duration, Performance};

use crate::AthleteId;

/// The units an athlete reads distances and paces in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Units {
    /// Kilometres: paces per km, speeds in km/h.
    #[default]
    Km,
    /// Miles: paces per mile, speeds in mph.
    Mi,
}

impl Units {
    /// `km` or `mi`, as stored and as the API spells it.
    pub fn code(self) -> &'static str {
        match self {
            Units::Km => "km",
            Units::Mi => "mi",
        }
    }

    /// The inverse of [`Units::code`].
    pub fn from_code(code: &str) -> Option<Units> {
        match code {
            "km" => Some(Units::Km),
            "mi" => Some(Units::Mi),
            _ => None,
        }
    }
}

/// Everything the store keeps about an athlete but the id: what [`crate::Store::create_athlete`]
/// takes and [`crate::Store::update_athlete`] replaces.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    pub name: String,
    /// When given, the age on any day comes from it and [`Profile::age`] is ignored.
    pub birth_date: Option<Date>,
    /// The age in whole years as the runner gave it, for those who give no birth date.
    pub age: Option<u32>,
    pub sex: Option<Sex>,
    pub height_cm: Option<f64>,
    pub weight_kg: Option<f64>,
    pub units: Units,
    /// What the runner can run now (`5k=24:00`); `None` for someone who doesn't run yet.
    pub current: Option<Performance>,
    pub goal_mile: Option<Duration>,
    /// The day of the race or test the goal is for.
    pub goal_date: Option<Date>,
    /// Whether the first-run form was completed.
    pub onboarded: bool,
}

impl Profile {
    /// The age in whole years on `today`: from the birth date when there is one, else as
    /// given. The caller passes the day so this stays a pure function.
    pub fn age_on(&self, today: Date) -> Option<u32> {
        match self.birth_date {
            Some(born) => {
                let mut years = i32::from(today.year()) - i32::from(born.year());
                if (today.month(), today.day()) < (born.month(), born.day()) {
                    years -= 1;
                }
                u32::try_from(years).ok()
            }
            None => self.age,
        }
    }
}

/// A stored athlete.
#[derive(Debug, Clone, PartialEq)]
pub struct Athlete {
    pub id: AthleteId,
    pub profile: Profile,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years_from_the_birthday() {
        let profile = Profile {
            birth_date: Some(Date::constant(1981, 6, 15)),
            age: Some(99),
            ..Profile::default()
        };
        assert_eq!(profile.age_on(Date::constant(2026, 6, 14)), Some(44));
        assert_eq!(profile.age_on(Date::constant(2026, 6, 15)), Some(45));
        let given = Profile {
            age: Some(45),
            ..Profile::default()
        };
        assert_eq!(given.age_on(Date::constant(2026, 1, 1)), Some(45));
    }
}
