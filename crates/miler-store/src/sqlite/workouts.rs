//! The runner's own workouts in SQLite: one row per workout in `saved_workouts`.

use jiff::Timestamp;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::{SqliteStore, query_error};
use crate::page::Key;
use crate::{
    AthleteId, Error, List, NewWorkout, Page, Paged, Result, Saved, SavedWorkout, Updated,
    WorkoutId,
};

const COLUMNS: &str = "id, athlete_id, name, text, created_at_ms, updated_at_ms";

impl SqliteStore {
    pub async fn save_workout(
        &self,
        athlete: AthleteId,
        workout: &NewWorkout,
        now: Timestamp,
    ) -> Result<Saved> {
        let now_ms = now.as_millisecond();
        let mut tx = self.write("starting to save a workout").await?;
        // The transaction holds the write lock from its start: no other save can slip in a
        // workout of the same name in between.
        let replaced = sqlx::query(
            "UPDATE saved_workouts SET text = ?, updated_at_ms = ?
             WHERE athlete_id = ? AND name = ? RETURNING id",
        )
        .bind(&workout.text)
        .bind(now_ms)
        .bind(athlete.0)
        .bind(&workout.name)
        .fetch_optional(&mut *tx)
        .await
        .map_err(query_error("replacing a saved workout"))?;
        let saved = match replaced {
            Some(row) => Saved::Replaced(WorkoutId(row.get(0))),
            None => {
                let row = sqlx::query(
                    "INSERT INTO saved_workouts (athlete_id, name, text, created_at_ms,
                                                 updated_at_ms)
                     VALUES (?, ?, ?, ?, ?) RETURNING id",
                )
                .bind(athlete.0)
                .bind(&workout.name)
                .bind(&workout.text)
                .bind(now_ms)
                .bind(now_ms)
                .fetch_one(&mut *tx)
                .await
                .map_err(query_error("saving a workout"))?;
                Saved::New(WorkoutId(row.get(0)))
            }
        };
        tx.commit()
            .await
            .map_err(query_error("committing a saved workout"))?;
        Ok(saved)
    }

    pub async fn update_workout(
        &self,
        athlete: AthleteId,
        id: WorkoutId,
        workout: &NewWorkout,
        now: Timestamp,
    ) -> Result<Updated> {
        let mut tx = self.write("starting to change a saved workout").await?;
        // A clash with another workout's name is looked for inside the same transaction
        // and undone by not committing.
        let done = sqlx::query(
            "UPDATE OR IGNORE saved_workouts SET name = ?, text = ?, updated_at_ms = ?
             WHERE athlete_id = ? AND id = ?",
        )
        .bind(&workout.name)
        .bind(&workout.text)
        .bind(now.as_millisecond())
        .bind(athlete.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(query_error("changing a saved workout"))?;
        if done.rows_affected() == 1 {
            tx.commit()
                .await
                .map_err(query_error("committing a changed workout"))?;
            return Ok(Updated::Done);
        }
        let other = sqlx::query(
            "SELECT id FROM saved_workouts WHERE athlete_id = ? AND name = ? AND id <> ?",
        )
        .bind(athlete.0)
        .bind(&workout.name)
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(query_error("looking for a workout of the same name"))?;
        let mine = sqlx::query("SELECT 1 FROM saved_workouts WHERE athlete_id = ? AND id = ?")
            .bind(athlete.0)
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(query_error("looking for a saved workout"))?;
        Ok(match (mine, other) {
            (Some(_), Some(row)) => Updated::NameTaken(WorkoutId(row.get(0))),
            _ => Updated::NoSuchWorkout,
        })
    }

    pub async fn workouts(&self, athlete: AthleteId) -> Result<Vec<SavedWorkout>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM saved_workouts WHERE athlete_id = ?
             ORDER BY name COLLATE NOCASE, name, id"
        ))
        .bind(athlete.0)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error("listing saved workouts"))?
        .iter()
        .map(workout_from_row)
        .collect()
    }

    pub async fn workouts_page(
        &self,
        athlete: AthleteId,
        page: &Page,
    ) -> Result<Paged<SavedWorkout>> {
        let after = page.after_in(List::Workouts)?;
        let total: i64 =
            sqlx::query_scalar("SELECT count(*) FROM saved_workouts WHERE athlete_id = ?")
                .bind(athlete.0)
                .fetch_one(&self.pool)
                .await
                .map_err(query_error("counting saved workouts"))?;
        // Names are unique per athlete, so (name ignoring case, name) orders them all and
        // `saved_workouts_by_name` holds that order.
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
            "SELECT {COLUMNS} FROM saved_workouts WHERE athlete_id = "
        ));
        query.push_bind(athlete.0);
        if let Some(Key::Workout(name)) = after {
            query
                .push(" AND (name COLLATE NOCASE > ")
                .push_bind(name.clone())
                .push(" OR (name COLLATE NOCASE = ")
                .push_bind(name.clone())
                .push(" AND name > ")
                .push_bind(name.clone())
                .push("))");
        }
        query
            .push(" ORDER BY name COLLATE NOCASE, name LIMIT ")
            .push_bind(i64::from(page.limit()) + 1);
        let rows = query
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("listing saved workouts"))?
            .iter()
            .map(workout_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(page.finish(rows, total as u64, |w| Key::Workout(w.workout.name.clone())))
    }

    pub async fn workout(&self, athlete: AthleteId, id: WorkoutId) -> Result<Option<SavedWorkout>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM saved_workouts WHERE athlete_id = ? AND id = ?"
        ))
        .bind(athlete.0)
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error("loading a saved workout"))?
        .as_ref()
        .map(workout_from_row)
        .transpose()
    }

    pub async fn workout_named(
        &self,
        athlete: AthleteId,
        name: &str,
    ) -> Result<Option<SavedWorkout>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM saved_workouts WHERE athlete_id = ? AND name = ?"
        ))
        .bind(athlete.0)
        .bind(name)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error("loading a saved workout by name"))?
        .as_ref()
        .map(workout_from_row)
        .transpose()
    }

    pub async fn delete_workout(&self, athlete: AthleteId, id: WorkoutId) -> Result<bool> {
        let done = sqlx::query("DELETE FROM saved_workouts WHERE athlete_id = ? AND id = ?")
            .bind(athlete.0)
            .bind(id.0)
            .execute(self.writes())
            .await
            .map_err(query_error("deleting a saved workout"))?;
        Ok(done.rows_affected() == 1)
    }
}

fn workout_from_row(row: &SqliteRow) -> Result<SavedWorkout> {
    let id: i64 = row.get("id");
    let at = |column: &str| {
        Timestamp::from_millisecond(row.get(column))
            .map_err(|_| Error::CorruptWorkout(id, column.to_owned()))
    };
    Ok(SavedWorkout {
        id: WorkoutId(id),
        athlete: AthleteId(row.get("athlete_id")),
        workout: NewWorkout {
            name: row.get("name"),
            text: row.get("text"),
        },
        created_at: at("created_at_ms")?,
        updated_at: at("updated_at_ms")?,
    })
}
