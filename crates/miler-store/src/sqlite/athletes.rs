//! Athletes in SQLite: one row each in `athletes`, profile columns beside the name.

use std::str::FromStr;

use jiff::civil::Date;
use miler_core::agegrade::Sex;
use miler_core::{Distance, Duration, Performance};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::{SqliteStore, query_error};
use crate::page::Key;
use crate::{Athlete, AthleteId, Error, List, Page, Paged, Profile, Result, Units};

const COLUMNS: &str = "id, name, birth_date, age_years, sex, height_cm, weight_kg, units, \
     current_distance_m, current_time_s, goal_mile_s, goal_date, onboarded";

impl SqliteStore {
    pub async fn athletes(&self) -> Result<Vec<Athlete>> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM athletes ORDER BY id"))
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("listing athletes"))?;
        rows.iter().map(athlete_from_row).collect()
    }

    pub async fn athletes_page(&self, page: &Page, onboarded_only: bool) -> Result<Paged<Athlete>> {
        let after = match page.after_in(List::Athletes)? {
            Some(Key::Athlete(id)) => *id,
            _ => 0,
        };
        let only = i64::from(onboarded_only);
        let total: i64 = sqlx::query_scalar("SELECT count(*) FROM athletes WHERE onboarded >= ?")
            .bind(only)
            .fetch_one(&self.pool)
            .await
            .map_err(query_error("counting athletes"))?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM athletes WHERE onboarded >= ? AND id > ? ORDER BY id LIMIT ?"
        ))
        .bind(only)
        .bind(after)
        .bind(i64::from(page.limit()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error("listing athletes"))?
        .iter()
        .map(athlete_from_row)
        .collect::<Result<Vec<_>>>()?;
        Ok(page.finish(rows, total as u64, |a| Key::Athlete(a.id.0)))
    }

    pub async fn athlete(&self, id: AthleteId) -> Result<Option<Athlete>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM athletes WHERE id = ?"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error("loading an athlete"))?;
        row.as_ref().map(athlete_from_row).transpose()
    }

    pub async fn create_athlete(&self, profile: &Profile) -> Result<AthleteId> {
        let row = bind_profile(
            sqlx::query(
                "INSERT INTO athletes (name, birth_date, age_years, sex, height_cm, weight_kg, units,
                     current_distance_m, current_time_s, goal_mile_s, goal_date, onboarded)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            ),
            profile,
        )
        .fetch_one(self.writes())
        .await
        .map_err(query_error("adding an athlete"))?;
        Ok(AthleteId(row.get(0)))
    }

    pub async fn update_athlete(&self, id: AthleteId, profile: &Profile) -> Result<bool> {
        let done = bind_profile(
            sqlx::query(
                "UPDATE athletes SET name = ?, birth_date = ?, age_years = ?, sex = ?,
                     height_cm = ?, weight_kg = ?, units = ?, current_distance_m = ?,
                     current_time_s = ?, goal_mile_s = ?, goal_date = ?, onboarded = ?
                 WHERE id = ?",
            ),
            profile,
        )
        .bind(id.0)
        .execute(self.writes())
        .await
        .map_err(query_error("updating an athlete"))?;
        Ok(done.rows_affected() == 1)
    }
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

/// Binds the profile's columns in the order both statements name them.
fn bind_profile<'q>(query: Query<'q>, p: &Profile) -> Query<'q> {
    query
        .bind(p.name.clone())
        .bind(p.birth_date.map(|d| d.to_string()))
        .bind(p.age.map(i64::from))
        .bind(p.sex.map(Sex::code))
        .bind(p.height_cm)
        .bind(p.weight_kg)
        .bind(p.units.code())
        .bind(p.current.map(|r| r.distance().metres()))
        .bind(p.current.map(|r| r.time().secs()))
        .bind(p.goal_mile.map(Duration::secs))
        .bind(p.goal_date.map(|d| d.to_string()))
        .bind(p.onboarded)
}

fn athlete_from_row(row: &SqliteRow) -> Result<Athlete> {
    let id: i64 = row.get("id");
    let corrupt = |what: &str| Error::CorruptAthlete(id, what.to_owned());
    let date = |column: &str| -> Result<Option<Date>> {
        row.get::<Option<String>, _>(column)
            .map(|text| Date::from_str(&text).map_err(|_| corrupt(column)))
            .transpose()
    };
    let sex = row
        .get::<Option<String>, _>("sex")
        .map(|code| code.parse::<Sex>().map_err(|_| corrupt("sex")))
        .transpose()?;
    let units: String = row.get("units");
    let current = match (
        row.get::<Option<f64>, _>("current_distance_m"),
        row.get::<Option<f64>, _>("current_time_s"),
    ) {
        (Some(metres), Some(secs)) => Some(
            Distance::from_metres(metres)
                .zip(Duration::from_secs(secs))
                .and_then(|(d, t)| Performance::new(d, t))
                .ok_or_else(|| corrupt("current result"))?,
        ),
        _ => None,
    };
    let goal_mile = row
        .get::<Option<f64>, _>("goal_mile_s")
        .map(|secs| Duration::from_secs(secs).ok_or_else(|| corrupt("goal_mile_s")))
        .transpose()?;
    let age = row
        .get::<Option<i64>, _>("age_years")
        .map(|years| u32::try_from(years).map_err(|_| corrupt("age_years")))
        .transpose()?;
    Ok(Athlete {
        id: AthleteId(id),
        profile: Profile {
            name: row.get("name"),
            birth_date: date("birth_date")?,
            age,
            sex,
            height_cm: row.get("height_cm"),
            weight_kg: row.get("weight_kg"),
            units: Units::from_code(&units).ok_or_else(|| corrupt("units"))?,
            current,
            goal_mile,
            goal_date: date("goal_date")?,
            onboarded: row.get("onboarded"),
        },
    })
}
