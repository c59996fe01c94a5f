//! The results log in SQLite: one row per result in `results`.

use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use miler_core::agegrade::Sex;
use miler_core::{Distance, Duration};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};

use super::{SqliteStore, query_error};
use crate::page::Key;
use crate::{
    AthleteId, Error, ImportedResult, List, NewResult, Page, Paged, Result, ResultId, StoredResult,
};

const COLUMNS: &str = "id, athlete_id, date, event, distance_m, time_s, age_years, sex, \
     height_cm, weight_kg, felt, would_repeat, notes, created_at_ms";

/// Two times within this many seconds are the same result when re-importing: exports
/// print times to the microsecond, runners type them to the hundredth.
const SAME_TIME_S: f64 = 0.005;

type Query<'q> = sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

const INSERT: &str = "INSERT INTO results (athlete_id, date, event, distance_m, time_s, \
     age_years, sex, height_cm, weight_kg, felt, would_repeat, notes, created_at_ms) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

fn bind_result<'q>(query: Query<'q>, athlete: AthleteId, r: &NewResult, now_ms: i64) -> Query<'q> {
    query
        .bind(athlete.0)
        .bind(r.date.to_string())
        .bind(r.event.clone())
        .bind(r.distance.metres())
        .bind(r.time.secs())
        .bind(r.age.map(i64::from))
        .bind(r.sex.map(Sex::code))
        .bind(r.height_cm)
        .bind(r.weight_kg)
        .bind(r.felt.map(i64::from))
        .bind(r.would_repeat)
        .bind(r.notes.clone())
        .bind(now_ms)
}

impl SqliteStore {
    pub async fn add_result(
        &self,
        athlete: AthleteId,
        result: &NewResult,
        now: Timestamp,
    ) -> Result<ResultId> {
        let row = bind_result(sqlx::query(INSERT), athlete, result, now.as_millisecond())
            .fetch_one(self.writes())
            .await
            .map_err(query_error("saving a result"))?;
        Ok(ResultId(row.get(0)))
    }

    pub async fn import_results(
        &self,
        athlete: AthleteId,
        results: &[NewResult],
        now: Timestamp,
    ) -> Result<Vec<ImportedResult>> {
        let now_ms = now.as_millisecond();
        let mut tx = self.write("starting an import of results").await?;
        let mut outcomes = Vec::with_capacity(results.len());
        for result in results {
            // Earlier rows of the same file count too: they are in the transaction.
            let same = sqlx::query(
                "SELECT id FROM results
                 WHERE athlete_id = ? AND date = ? AND event = ? AND abs(time_s - ?) < ?
                 ORDER BY id LIMIT 1",
            )
            .bind(athlete.0)
            .bind(result.date.to_string())
            .bind(&result.event)
            .bind(result.time.secs())
            .bind(SAME_TIME_S)
            .fetch_optional(&mut *tx)
            .await
            .map_err(query_error("looking for a result already in the log"))?;
            if let Some(row) = same {
                outcomes.push(ImportedResult::AlreadyThere(ResultId(row.get(0))));
                continue;
            }
            let row = bind_result(sqlx::query(INSERT), athlete, result, now_ms)
                .fetch_one(&mut *tx)
                .await
                .map_err(query_error("saving an imported result"))?;
            outcomes.push(ImportedResult::New(ResultId(row.get(0))));
        }
        tx.commit()
            .await
            .map_err(query_error("committing imported results"))?;
        Ok(outcomes)
    }

    pub async fn results(&self, athlete: AthleteId) -> Result<Vec<StoredResult>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM results WHERE athlete_id = ? ORDER BY date DESC, id DESC"
        ))
        .bind(athlete.0)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error("listing results"))?
        .iter()
        .map(result_from_row)
        .collect()
    }

    pub async fn results_page(
        &self,
        athlete: AthleteId,
        page: &Page,
    ) -> Result<Paged<StoredResult>> {
        let after = page.after_in(List::Results)?;
        let total: i64 = sqlx::query_scalar("SELECT count(*) FROM results WHERE athlete_id = ?")
            .bind(athlete.0)
            .fetch_one(&self.pool)
            .await
            .map_err(query_error("counting results"))?;
        // `results_by_athlete` holds (athlete_id, date) and the row id: a range read.
        let mut query = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {COLUMNS} FROM results WHERE athlete_id = "
        ));
        query.push_bind(athlete.0);
        if let Some(Key::Result(date, id)) = after {
            query
                .push(" AND (date, id) < (")
                .push_bind(date.to_string())
                .push(", ")
                .push_bind(*id)
                .push(")");
        }
        query
            .push(" ORDER BY date DESC, id DESC LIMIT ")
            .push_bind(i64::from(page.limit()) + 1);
        let rows = query
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("listing results"))?
            .iter()
            .map(result_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(page.finish(rows, total as u64, |r| Key::Result(r.result.date, r.id.0)))
    }

    pub async fn record_results(&self, athlete: AthleteId) -> Result<Vec<StoredResult>> {
        // Each result against the best of the results at its event before it; strictly
        // faster is a new record, as a tie does not take a record away. The comparison reads
        // only `results_by_athlete_event` (event, date, time and the row id), so a long log
        // is one index scan, and only the records' rows are read whole.
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM results WHERE id IN (
                 SELECT id FROM (
                     SELECT id, time_s, min(time_s) OVER (
                         PARTITION BY event ORDER BY date, id
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS best_before
                     FROM results WHERE athlete_id = ?)
                 WHERE best_before IS NULL OR time_s < best_before)
             ORDER BY event, date, id"
        ))
        .bind(athlete.0)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error("listing personal records"))?
        .iter()
        .map(result_from_row)
        .collect()
    }

    pub async fn result(&self, athlete: AthleteId, id: ResultId) -> Result<Option<StoredResult>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM results WHERE athlete_id = ? AND id = ?"
        ))
        .bind(athlete.0)
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error("loading a result"))?
        .as_ref()
        .map(result_from_row)
        .transpose()
    }

    pub async fn event_results(
        &self,
        athletes: &[AthleteId],
        event: &str,
    ) -> Result<Vec<StoredResult>> {
        if athletes.is_empty() {
            return Ok(Vec::new());
        }
        let mut query =
            QueryBuilder::<Sqlite>::new(format!("SELECT {COLUMNS} FROM results WHERE event = "));
        query.push_bind(event).push(" AND athlete_id IN (");
        let mut ids = query.separated(", ");
        for athlete in athletes {
            ids.push_bind(athlete.0);
        }
        query.push(") ORDER BY time_s, date, id");
        query
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("listing an event's results"))?
            .iter()
            .map(result_from_row)
            .collect()
    }

    pub async fn delete_result(&self, athlete: AthleteId, id: ResultId) -> Result<bool> {
        let done = sqlx::query("DELETE FROM results WHERE athlete_id = ? AND id = ?")
            .bind(athlete.0)
            .bind(id.0)
            .execute(self.writes())
            .await
            .map_err(query_error("deleting a result"))?;
        Ok(done.rows_affected() == 1)
    }
}

fn result_from_row(row: &SqliteRow) -> Result<StoredResult> {
    let id: i64 = row.get("id");
    let corrupt = |what: &str| Error::CorruptResult(id, what.to_owned());
    let date: String = row.get("date");
    let sex = row
        .get::<Option<String>, _>("sex")
        .map(|code| code.parse::<Sex>().map_err(|_| corrupt("sex")))
        .transpose()?;
    let age = row
        .get::<Option<i64>, _>("age_years")
        .map(|years| u32::try_from(years).map_err(|_| corrupt("age_years")))
        .transpose()?;
    let felt = row
        .get::<Option<i64>, _>("felt")
        .map(|f| u8::try_from(f).map_err(|_| corrupt("felt")))
        .transpose()?;
    let created_at_ms: i64 = row.get("created_at_ms");
    Ok(StoredResult {
        id: ResultId(id),
        athlete: AthleteId(row.get("athlete_id")),
        result: NewResult {
            date: Date::from_str(&date).map_err(|_| corrupt("date"))?,
            event: row.get("event"),
            distance: Distance::from_metres(row.get("distance_m"))
                .ok_or_else(|| corrupt("distance_m"))?,
            time: Duration::from_secs(row.get("time_s")).ok_or_else(|| corrupt("time_s"))?,
            age,
            sex,
            height_cm: row.get("height_cm"),
            weight_kg: row.get("weight_kg"),
            felt,
            would_repeat: row.get("would_repeat"),
            notes: row.get("notes"),
        },
        created_at: Timestamp::from_millisecond(created_at_ms)
            .map_err(|_| corrupt("created_at_ms"))?,
    })
}
