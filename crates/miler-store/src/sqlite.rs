//! The SQLite backend: one file in the user's data directory, in WAL mode so the web app can
//! read while an import writes.
//!
//! Several processes write the same file at once (two `miler import`s and a server), and
//! SQLite lets one write at a time. Writes wait their turn, never fail for it:
//!
//! - Every transaction that may write starts as a writer, through [`SqliteStore::write`]
//!   (`BEGIN IMMEDIATE`). A deferred `BEGIN` that reads and then writes cannot wait: when
//!   another connection committed in between, its snapshot is stale and SQLite answers
//!   `SQLITE_BUSY` at once, whatever the busy timeout. Taking the write lock first makes the
//!   read and the write one atomic step, so "is it there already?" and "insert it" cannot be
//!   split by another writer (which would also store a duplicate).
//! - Writes of this process go through one connection of their own ([`SqliteStore::writes`]),
//!   so they queue in order in the pool instead of polling SQLite's lock against each other,
//!   and never take the connections reads need.
//! - A writer waits for another process's lock up to [`WRITE_WAIT`] (SQLite's busy timeout).
//!
//! A statement that writes on its own outside a transaction takes the lock at once and waits
//! the same way; it still goes through [`SqliteStore::writes`] to queue with the rest. A test
//! (`tests::every_transaction_starts_as_a_writer`) reads this crate's source and fails if any
//! transaction starts another way.

mod athletes;
mod results;
mod workouts;

use std::str::FromStr;

use jiff::Timestamp;
use miler_activity::compliance::{PrescribedStep, Prescription, StepRole};
use miler_activity::{Activity, Lap, Sport};
use miler_core::{Distance, Duration, Pace};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite};

use crate::page::Key;
use crate::{
    ActivityId, ActivitySummary, AthleteId, BestEffortRecord, Error, Inserted, List, NewPlan, Page,
    Paged, Period, PlanId, PlanRevision, PlanSummary, Prepared, Result, SessionMark, SessionStatus,
    Source, StoredActivity, StoredPlan, columns,
};

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// Rows per multi-row INSERT: 100 laps bind 900 values, well under SQLite's limit of 32 766
/// variables per statement, and few activities have more laps than that.
const ROWS_PER_INSERT: usize = 100;

/// Where an activity without a start time sorts in the `activities_newest` index: after
/// every real start (one above `i64::MIN`, which SQLite's parser cannot take as a literal).
const NO_START: i64 = -9_223_372_036_854_775_807;

/// How long a write waits for another writer before it fails: SQLite's busy timeout, and how
/// long a write of this process waits for the write connection. Imports hold the lock for
/// one activity or one results file at a time (milliseconds), so reaching this means a
/// writer is stuck, not busy.
pub const WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Connections for reads: a page or an API call reads beside a running import.
const READ_CONNECTIONS: u32 = 4;

/// The statement every transaction that may write starts with (see the module's doc).
const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// Connection pools on one SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Reads, several at once.
    pool: SqlitePool,
    /// Writes: one connection (the same pool as `pool` for an in-memory database, which
    /// lives on a single connection).
    writer: SqlitePool,
}

fn query_error(doing: &'static str) -> impl FnOnce(sqlx::Error) -> Error {
    move |source| Error::Query { doing, source }
}

impl SqliteStore {
    /// Opens `url` (a path, `sqlite://PATH` or `sqlite::memory:`), creating the file and
    /// its parent folder if needed, and applies pending migrations.
    pub async fn open(url: &str) -> Result<SqliteStore> {
        let open_error = |source| Error::Open {
            url: url.to_owned(),
            source,
        };
        let options = if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url).map_err(open_error)?
        } else {
            if let Some(parent) = std::path::Path::new(url).parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent).map_err(|e| open_error(sqlx::Error::Io(e)))?;
            }
            SqliteConnectOptions::new().filename(url)
        };
        let in_memory = url.contains(":memory:");
        let options = options
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(if in_memory {
                SqliteJournalMode::Memory
            } else {
                SqliteJournalMode::Wal
            })
            // NORMAL is durable at every checkpoint and never corrupts in WAL mode; a power
            // cut can lose the last commits, not the file.
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(WRITE_WAIT);
        let store = if in_memory {
            // An in-memory database lives as long as its one connection.
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .acquire_timeout(WRITE_WAIT)
                .connect_with(options)
                .await
                .map_err(open_error)?;
            SqliteStore {
                writer: pool.clone(),
                pool,
            }
        } else {
            let pool = connect_new(
                SqlitePoolOptions::new()
                    .max_connections(READ_CONNECTIONS)
                    .min_connections(0)
                    .idle_timeout(None),
                &options,
            )
            .await
            .map_err(open_error)?;
            let writer = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(0)
                .idle_timeout(None)
                .acquire_timeout(WRITE_WAIT)
                .connect_lazy_with(options);
            SqliteStore { pool, writer }
        };
        store.migrate().await.map_err(|source| Error::Migrate {
            url: url.to_owned(),
            source,
        })?;
        Ok(store)
    }

    /// Applies pending migrations under the write lock, so two processes opening a new
    /// database at once do not both create its tables; with none pending (every open but
    /// the first) it only checks the applied ones and takes no lock.
    async fn migrate(&self) -> std::result::Result<(), sqlx::migrate::MigrateError> {
        // No table yet is nothing applied.
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(&self.pool)
                .await
                .unwrap_or_default();
        if MIGRATIONS.iter().all(|m| applied.contains(&m.version)) {
            return MIGRATIONS.run(&self.pool).await;
        }
        let mut tx = self.begin_write().await?;
        // Inside the transaction each migration is a savepoint: all of them, or none.
        MIGRATIONS.run(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Starts a transaction that may write: the one way this backend does (see the module's
    /// doc). It waits for the write connection and then for SQLite's write lock, each up to
    /// [`WRITE_WAIT`], and holds the lock from its first statement.
    async fn write(&self, doing: &'static str) -> Result<sqlx::Transaction<'static, Sqlite>> {
        self.begin_write().await.map_err(query_error(doing))
    }

    /// [`SqliteStore::write`] for the migrations, which report sqlx's errors.
    async fn begin_write(&self) -> sqlx::Result<sqlx::Transaction<'static, Sqlite>> {
        self.writer.begin_with(BEGIN_WRITE).await
    }

    /// Where a single statement that writes runs: the write connection, so it queues with
    /// this process's other writes.
    fn writes(&self) -> &SqlitePool {
        &self.writer
    }

    /// SQLite's own check of the whole file: empty when it is sound, else what is wrong.
    pub async fn integrity_check(&self) -> Result<Vec<String>> {
        let report: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("checking the database file"))?;
        Ok(if report == ["ok"] { Vec::new() } else { report })
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }

    pub async fn insert_activity(
        &self,
        athlete: AthleteId,
        activity: &Activity,
        prepared: &Prepared,
        source: &Source,
    ) -> Result<Inserted> {
        let start_ms = activity.start_time.map(|t| t.as_millisecond());
        let Prepared {
            summary,
            columns: blob,
            efforts,
        } = prepared;
        let mut tx = self.write("starting an import").await?;

        // The same file again?
        let same_file = sqlx::query(
            "SELECT id FROM activities WHERE athlete_id = ? AND content_sha256 = ? AND start_time_ms IS ?",
        )
        .bind(athlete.0)
        .bind(&source.sha256[..])
        .bind(start_ms)
        .fetch_optional(&mut *tx)
        .await
        .map_err(query_error("looking for the same file"))?;
        if let Some(row) = same_file {
            return Ok(Inserted::SameFile(ActivityId(row.get(0))));
        }
        // The same activity from another file: start within a minute, distance and elapsed
        // time within 2 %.
        if let Some(start) = start_ms {
            let distance = summary.distance.metres();
            let elapsed = summary.elapsed.secs();
            let same = sqlx::query(
                "SELECT id FROM activities
                 WHERE athlete_id = ? AND start_time_ms BETWEEN ? AND ?
                   AND abs(distance_m - ?) <= 0.02 * max(?, 1.0)
                   AND abs(elapsed_s - ?) <= 0.02 * max(?, 1.0)
                 ORDER BY abs(start_time_ms - ?) LIMIT 1",
            )
            .bind(athlete.0)
            .bind(start - 60_000)
            .bind(start + 60_000)
            .bind(distance)
            .bind(distance)
            .bind(elapsed)
            .bind(elapsed)
            .bind(start)
            .fetch_optional(&mut *tx)
            .await
            .map_err(query_error("looking for the same activity"))?;
            if let Some(row) = same {
                return Ok(Inserted::SameActivity(ActivityId(row.get(0))));
            }
        }

        let id: i64 = sqlx::query(
            "INSERT INTO activities (athlete_id, start_time_ms, sport, name, distance_m, elapsed_s, moving_s,
                                     sample_count, source_format, source_name, content_sha256)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(athlete.0)
        .bind(start_ms)
        .bind(activity.sport.as_str())
        .bind(activity.name.as_deref())
        .bind(summary.distance.metres())
        .bind(summary.elapsed.secs())
        .bind(summary.moving.secs())
        .bind(activity.samples.len() as i64)
        .bind(&source.format)
        .bind(&source.name)
        .bind(&source.sha256[..])
        .fetch_one(&mut *tx)
        .await
        .map_err(query_error("saving an activity"))?
        .get(0);
        sqlx::query(
            "INSERT INTO activity_samples (activity_id, encoding, columns) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(columns::ENCODING)
        .bind(blob)
        .execute(&mut *tx)
        .await
        .map_err(query_error("saving an activity's samples"))?;
        // Laps, pauses and best efforts go in as multi-row INSERTs, a chunk of rows per
        // statement: every statement is a round trip to SQLite's worker thread, and one per
        // row made these the most numerous statements of an import.
        for (chunk_index, chunk) in activity.laps.chunks(ROWS_PER_INSERT).enumerate() {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO laps (activity_id, lap_index, start_offset_s, timer_s, elapsed_s, distance_m,
                                   avg_heart_rate_bpm, workout_step_index, is_rest) ",
            );
            insert.push_values(chunk.iter().enumerate(), |mut row, (i, lap)| {
                row.push_bind(id)
                    .push_bind((chunk_index * ROWS_PER_INSERT + i) as i64)
                    .push_bind(lap.start_offset.secs())
                    .push_bind(lap.timer_time.secs())
                    .push_bind(lap.elapsed_time.secs())
                    .push_bind(lap.distance.metres())
                    .push_bind(lap.average_heart_rate_bpm.map(i64::from))
                    .push_bind(lap.workout_step_index.map(i64::from))
                    .push_bind(lap.is_rest);
            });
            insert
                .build()
                .execute(&mut *tx)
                .await
                .map_err(query_error("saving an activity's laps"))?;
        }
        for (chunk_index, chunk) in activity.timer_pauses.chunks(ROWS_PER_INSERT).enumerate() {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO timer_pauses (activity_id, pause_index, start_offset_s, length_s) ",
            );
            insert.push_values(chunk.iter().enumerate(), |mut row, (i, (start, length))| {
                row.push_bind(id)
                    .push_bind((chunk_index * ROWS_PER_INSERT + i) as i64)
                    .push_bind(start.secs())
                    .push_bind(length.secs());
            });
            insert
                .build()
                .execute(&mut *tx)
                .await
                .map_err(query_error("saving an activity's pauses"))?;
        }
        // At most eight rows, one per standard distance: always one statement.
        if !efforts.is_empty() {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO best_efforts (activity_id, name, distance_m, time_s, start_offset_s) ",
            );
            insert.push_values(efforts, |mut row, (name, effort)| {
                row.push_bind(id)
                    .push_bind(*name)
                    .push_bind(effort.distance.metres())
                    .push_bind(effort.time.secs())
                    .push_bind(effort.start_offset.secs());
            });
            insert
                .build()
                .execute(&mut *tx)
                .await
                .map_err(query_error("saving an activity's best efforts"))?;
        }
        if let Some(workout) = &activity.embedded_workout {
            insert_embedded_workout(&mut tx, id, workout).await?;
        }
        tx.commit()
            .await
            .map_err(query_error("committing an import"))?;
        Ok(Inserted::New(ActivityId(id)))
    }

    pub async fn list_activities(&self, athlete: AthleteId) -> Result<Vec<ActivitySummary>> {
        let rows = sqlx::query(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM activities a WHERE a.athlete_id = ?
             ORDER BY a.start_time_ms DESC NULLS LAST, a.id DESC"
        ))
        .bind(athlete.0)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error("listing activities"))?;
        rows.iter().map(summary_from_row).collect()
    }

    pub async fn activities_page(
        &self,
        athlete: AthleteId,
        page: &Page,
    ) -> Result<Paged<ActivitySummary>> {
        let after = page.after_in(List::Activities)?;
        let total: i64 = sqlx::query_scalar("SELECT count(*) FROM activities WHERE athlete_id = ?")
            .bind(athlete.0)
            .fetch_one(&self.pool)
            .await
            .map_err(query_error("counting activities"))?;
        // The sort key of the `activities_newest` index: no start sorts after every start.
        let mut query = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {SUMMARY_COLUMNS} FROM activities a WHERE a.athlete_id = "
        ));
        query.push_bind(athlete.0);
        if let Some(Key::Activity(start, id)) = after {
            // (key, id) < (start, id) written so SQLite reads it as a range of the index:
            // key <= start bounds the scan, the rest drops the ties already shown.
            let start = start.unwrap_or(NO_START);
            query
                .push(" AND ifnull(a.start_time_ms, ")
                .push(NO_START)
                .push(") <= ")
                .push_bind(start)
                .push(" AND (ifnull(a.start_time_ms, ")
                .push(NO_START)
                .push(") < ")
                .push_bind(start)
                .push(" OR a.id < ")
                .push_bind(*id)
                .push(")");
        }
        query
            .push(" ORDER BY ifnull(a.start_time_ms, ")
            .push(NO_START)
            .push(") DESC, a.id DESC LIMIT ")
            .push_bind(i64::from(page.limit()) + 1);
        let rows = query
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("listing activities"))?
            .iter()
            .map(summary_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(page.finish(rows, total as u64, |a| {
            Key::Activity(a.start_time.map(Timestamp::as_millisecond), a.id.0)
        }))
    }

    pub async fn load_activity(
        &self,
        athlete: AthleteId,
        id: ActivityId,
    ) -> Result<Option<StoredActivity>> {
        let Some(row) = sqlx::query(&format!(
            "SELECT {SUMMARY_COLUMNS}, s.encoding, s.columns
             FROM activities a JOIN activity_samples s ON s.activity_id = a.id
             WHERE a.athlete_id = ? AND a.id = ?"
        ))
        .bind(athlete.0)
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error("loading an activity"))?
        else {
            return Ok(None);
        };
        let summary = summary_from_row(&row)?;
        let encoding: i64 = row.get("encoding");
        if encoding != columns::ENCODING {
            return Err(Error::Corrupt(
                id.0,
                format!("unknown samples encoding {encoding}"),
            ));
        }
        let samples =
            columns::decode(row.get::<&[u8], _>("columns")).map_err(|e| Error::Corrupt(id.0, e))?;
        let laps = sqlx::query("SELECT * FROM laps WHERE activity_id = ? ORDER BY lap_index")
            .bind(id.0)
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("loading an activity's laps"))?
            .iter()
            .map(|r| Lap {
                start_offset: secs(r.get("start_offset_s")),
                timer_time: secs(r.get("timer_s")),
                elapsed_time: secs(r.get("elapsed_s")),
                distance: Distance::from_metres(r.get("distance_m")).unwrap_or(Distance::ZERO),
                average_heart_rate_bpm: r
                    .get::<Option<i64>, _>("avg_heart_rate_bpm")
                    .and_then(|v| u8::try_from(v).ok()),
                workout_step_index: r
                    .get::<Option<i64>, _>("workout_step_index")
                    .and_then(|v| u16::try_from(v).ok()),
                is_rest: r.get("is_rest"),
            })
            .collect();
        let timer_pauses =
            sqlx::query("SELECT * FROM timer_pauses WHERE activity_id = ? ORDER BY pause_index")
                .bind(id.0)
                .fetch_all(&self.pool)
                .await
                .map_err(query_error("loading an activity's pauses"))?
                .iter()
                .map(|r| (secs(r.get("start_offset_s")), secs(r.get("length_s"))))
                .collect();
        let embedded_workout = self.load_embedded_workout(id).await?;
        let activity = Activity {
            start_time: summary.start_time,
            sport: Sport::from_name(&summary.sport),
            name: summary.name.clone(),
            samples,
            laps,
            timer_pauses,
            embedded_workout,
        };
        Ok(Some(StoredActivity { summary, activity }))
    }
}

/// How often an open retries while another process turns a new database file to WAL.
const BUSY_RETRY: std::time::Duration = std::time::Duration::from_millis(20);

/// Opens `pool` on `options`, retrying while another process is turning a new database file
/// to WAL: that switch takes a lock SQLite's busy timeout does not wait for.
async fn connect_new(
    pool: SqlitePoolOptions,
    options: &SqliteConnectOptions,
) -> sqlx::Result<SqlitePool> {
    let started = std::time::Instant::now();
    loop {
        match pool.clone().connect_with(options.clone()).await {
            Err(e) if is_busy(&e) && started.elapsed() < WRITE_WAIT => {
                tokio::time::sleep(BUSY_RETRY).await;
            }
            done => return done,
        }
    }
}

/// SQLITE_BUSY, with any of its extended codes.
fn is_busy(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| code & 0xff == 5)
}

async fn insert_embedded_workout(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    workout: &Prescription,
) -> Result<()> {
    // Multi-row INSERTs, a chunk at a time, as for laps.
    for (chunk_index, chunk) in workout.steps.chunks(ROWS_PER_INSERT).enumerate() {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO embedded_workout_steps (activity_id, position, label, role, distance_m, time_s,
                 time_band_fast_s, time_band_slow_s, pace_band_fast_s_per_km, pace_band_slow_s_per_km,
                 workout_step_index) ",
        );
        insert.push_values(chunk.iter().enumerate(), |mut row, (i, step)| {
            row.push_bind(id)
                .push_bind((chunk_index * ROWS_PER_INSERT + i) as i64)
                .push_bind(step.label.clone())
                .push_bind(step.role.as_str())
                .push_bind(step.distance.map(Distance::metres))
                .push_bind(step.time.map(Duration::secs))
                .push_bind(step.time_band.map(|(fast, _)| fast.secs()))
                .push_bind(step.time_band.map(|(_, slow)| slow.secs()))
                .push_bind(step.pace_band.map(|(fast, _)| fast.secs_per_km()))
                .push_bind(step.pace_band.map(|(_, slow)| slow.secs_per_km()))
                .push_bind(step.workout_step_index.map(i64::from));
        });
        insert
            .build()
            .execute(&mut *tx)
            .await
            .map_err(query_error("saving an activity's embedded workout"))?;
    }
    Ok(())
}

impl SqliteStore {
    /// The embedded workout's steps; `None` when the activity ran no workout.
    async fn load_embedded_workout(&self, id: ActivityId) -> Result<Option<Prescription>> {
        let rows = sqlx::query(
            "SELECT * FROM embedded_workout_steps WHERE activity_id = ? ORDER BY position",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error("loading an activity's embedded workout"))?;
        let pair = |r: &SqliteRow, a: &str, b: &str| -> Option<(f64, f64)> {
            Some((r.get::<Option<f64>, _>(a)?, r.get::<Option<f64>, _>(b)?))
        };
        let steps = rows
            .iter()
            .map(|r| {
                let role: String = r.get("role");
                Ok(PrescribedStep {
                    label: r.get("label"),
                    role: StepRole::from_name(&role).ok_or_else(|| {
                        Error::Corrupt(id.0, format!("unknown workout step role `{role}`"))
                    })?,
                    distance: r
                        .get::<Option<f64>, _>("distance_m")
                        .and_then(Distance::from_metres),
                    time: r
                        .get::<Option<f64>, _>("time_s")
                        .and_then(Duration::from_secs),
                    time_band: pair(r, "time_band_fast_s", "time_band_slow_s").and_then(
                        |(fast, slow)| {
                            Some((Duration::from_secs(fast)?, Duration::from_secs(slow)?))
                        },
                    ),
                    pace_band: pair(r, "pace_band_fast_s_per_km", "pace_band_slow_s_per_km")
                        .and_then(|(fast, slow)| {
                            Some((Pace::from_secs_per_km(fast)?, Pace::from_secs_per_km(slow)?))
                        }),
                    workout_step_index: r
                        .get::<Option<i64>, _>("workout_step_index")
                        .and_then(|v| u16::try_from(v).ok()),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((!steps.is_empty()).then_some(Prescription { steps }))
    }
}

impl SqliteStore {
    /// The fastest effort at each standard distance, over all time (`period` = `None`) or
    /// per calendar year or month (UTC) of the activity's start.
    pub async fn best_efforts(
        &self,
        athlete: AthleteId,
        period: Option<Period>,
    ) -> Result<Vec<BestEffortRecord>> {
        let bucket = match period {
            None => "'all'",
            Some(Period::Year) => "strftime('%Y', a.start_time_ms / 1000, 'unixepoch')",
            Some(Period::Month) => "strftime('%Y-%m', a.start_time_ms / 1000, 'unixepoch')",
        };
        // The window picks each (period, distance)'s fastest; ties go to the earlier run.
        let sql = format!(
            "SELECT period, name, distance_m, time_s, activity_id, start_time_ms FROM (
                 SELECT {bucket} AS period, b.name, b.distance_m, b.time_s, b.activity_id, a.start_time_ms,
                        row_number() OVER (PARTITION BY {bucket}, b.name
                                           ORDER BY b.time_s, a.start_time_ms, a.id) AS rank
                 FROM best_efforts b JOIN activities a ON a.id = b.activity_id
                 WHERE a.athlete_id = ? AND (? OR a.start_time_ms IS NOT NULL))
             WHERE rank = 1
             ORDER BY period DESC, distance_m"
        );
        let rows = sqlx::query(&sql)
            .bind(athlete.0)
            .bind(period.is_none())
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("finding best efforts"))?;
        rows.iter()
            .map(|r| {
                let activity_id: i64 = r.get("activity_id");
                let start_time = match r.get::<Option<i64>, _>("start_time_ms") {
                    Some(ms) => Some(
                        Timestamp::from_millisecond(ms)
                            .map_err(|e| Error::Corrupt(activity_id, e.to_string()))?,
                    ),
                    None => None,
                };
                Ok(BestEffortRecord {
                    period: r.get("period"),
                    name: r.get("name"),
                    distance: Distance::from_metres(r.get("distance_m")).unwrap_or(Distance::ZERO),
                    time: secs(r.get("time_s")),
                    activity: ActivityId(activity_id),
                    start_time,
                })
            })
            .collect()
    }
}

const SUMMARY_COLUMNS: &str = "a.id, a.start_time_ms, a.sport, a.name, a.distance_m, a.elapsed_s, a.moving_s, \
a.source_format, a.source_name";

fn secs(value: f64) -> Duration {
    Duration::from_secs(value).unwrap_or(Duration::ZERO)
}

fn summary_from_row(row: &SqliteRow) -> Result<ActivitySummary> {
    let id: i64 = row.get("id");
    let start_time = match row.get::<Option<i64>, _>("start_time_ms") {
        Some(ms) => {
            Some(Timestamp::from_millisecond(ms).map_err(|e| Error::Corrupt(id, e.to_string()))?)
        }
        None => None,
    };
    Ok(ActivitySummary {
        id: ActivityId(id),
        start_time,
        sport: row.get("sport"),
        name: row.get("name"),
        distance: Distance::from_metres(row.get("distance_m")).unwrap_or(Distance::ZERO),
        elapsed: secs(row.get("elapsed_s")),
        moving: secs(row.get("moving_s")),
        source_format: row.get("source_format"),
        source_name: row.get("source_name"),
    })
}

/// The change recorded with a plan's first revision.
const PLAN_CREATED: &str = "Plan created.";

const PLAN_SUMMARY_COLUMNS: &str =
    "p.id, p.title, p.created_at_ms, p.updated_at_ms, p.revision, p.active";

impl SqliteStore {
    pub async fn create_plan(
        &self,
        athlete: AthleteId,
        plan: &NewPlan<'_>,
        now: Timestamp,
    ) -> Result<PlanId> {
        let now_ms = now.as_millisecond();
        let changes = changes_json(&[PLAN_CREATED.to_owned()]);
        let mut tx = self.write("starting to save a plan").await?;
        sqlx::query("UPDATE plans SET active = 0 WHERE athlete_id = ? AND active = 1")
            .bind(athlete.0)
            .execute(&mut *tx)
            .await
            .map_err(query_error("setting aside the previous plan"))?;
        let id: i64 = sqlx::query(
            "INSERT INTO plans (athlete_id, title, created_at_ms, updated_at_ms, request_json,
                                plan_json, revision, active)
             VALUES (?, ?, ?, ?, ?, ?, 1, 1) RETURNING id",
        )
        .bind(athlete.0)
        .bind(plan.title)
        .bind(now_ms)
        .bind(now_ms)
        .bind(plan.request_json)
        .bind(plan.plan_json)
        .fetch_one(&mut *tx)
        .await
        .map_err(query_error("saving a plan"))?
        .get(0);
        insert_revision(&mut tx, id, 1, now_ms, &changes, plan.plan_json).await?;
        tx.commit()
            .await
            .map_err(query_error("committing a new plan"))?;
        Ok(PlanId(id))
    }

    pub async fn active_plan(&self, athlete: AthleteId) -> Result<Option<StoredPlan>> {
        sqlx::query(&format!(
            "SELECT {PLAN_SUMMARY_COLUMNS}, p.request_json, p.plan_json
             FROM plans p WHERE p.athlete_id = ? AND p.active = 1"
        ))
        .bind(athlete.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error("loading the active plan"))?
        .as_ref()
        .map(stored_plan_from_row)
        .transpose()
    }

    pub async fn plan(&self, athlete: AthleteId, id: PlanId) -> Result<Option<StoredPlan>> {
        sqlx::query(&format!(
            "SELECT {PLAN_SUMMARY_COLUMNS}, p.request_json, p.plan_json
             FROM plans p WHERE p.athlete_id = ? AND p.id = ?"
        ))
        .bind(athlete.0)
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error("loading a plan"))?
        .as_ref()
        .map(stored_plan_from_row)
        .transpose()
    }

    pub async fn plans(&self, athlete: AthleteId) -> Result<Vec<PlanSummary>> {
        let rows = sqlx::query(&format!(
            "SELECT {PLAN_SUMMARY_COLUMNS} FROM plans p WHERE p.athlete_id = ?
             ORDER BY p.created_at_ms DESC, p.id DESC"
        ))
        .bind(athlete.0)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error("listing plans"))?;
        rows.iter().map(plan_summary_from_row).collect()
    }

    pub async fn revise_plan(
        &self,
        athlete: AthleteId,
        id: PlanId,
        plan_json: &str,
        changes: &[String],
        now: Timestamp,
    ) -> Result<u32> {
        let now_ms = now.as_millisecond();
        let changes = changes_json(changes);
        let mut tx = self.write("starting to revise a plan").await?;
        let Some(row) = sqlx::query(
            "UPDATE plans SET plan_json = ?, revision = revision + 1, updated_at_ms = ?
             WHERE id = ? AND athlete_id = ? RETURNING revision",
        )
        .bind(plan_json)
        .bind(now_ms)
        .bind(id.0)
        .bind(athlete.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(query_error("revising a plan"))?
        else {
            return Err(Error::NoSuchPlan(id.0));
        };
        let revision: i64 = row.get(0);
        insert_revision(&mut tx, id.0, revision, now_ms, &changes, plan_json).await?;
        tx.commit()
            .await
            .map_err(query_error("committing a plan revision"))?;
        plan_revision_number(id.0, revision)
    }

    pub async fn plan_revisions(
        &self,
        athlete: AthleteId,
        id: PlanId,
    ) -> Result<Vec<PlanRevision>> {
        let rows = sqlx::query(
            "SELECT r.revision, r.created_at_ms, r.changes_json, r.plan_json
             FROM plan_revisions r JOIN plans p ON p.id = r.plan_id
             WHERE p.athlete_id = ? AND p.id = ?
             ORDER BY r.revision",
        )
        .bind(athlete.0)
        .bind(id.0)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error("loading a plan's revisions"))?;
        rows.iter()
            .map(|r| {
                let changes: String = r.get("changes_json");
                Ok(PlanRevision {
                    revision: plan_revision_number(id.0, r.get("revision"))?,
                    created_at: plan_time(id.0, r.get("created_at_ms"))?,
                    changes: serde_json::from_str(&changes).map_err(|e| {
                        Error::CorruptPlan(id.0, format!("unreadable list of changes: {e}"))
                    })?,
                    plan_json: r.get("plan_json"),
                })
            })
            .collect()
    }

    pub async fn mark_session(
        &self,
        athlete: AthleteId,
        plan: PlanId,
        mark: &SessionMark,
    ) -> Result<()> {
        let activity = mark.activity.map(|a| a.0);
        // One statement that writes only when the plan, and the activity if one is linked,
        // are the athlete's: atomic without a transaction.
        let written = sqlx::query(
            "INSERT INTO plan_session_marks (plan_id, session_key, date, status, activity_id,
                                             note, marked_at_ms)
             SELECT p.id, ?, ?, ?, ?, ?, ? FROM plans p
             WHERE p.id = ? AND p.athlete_id = ?
               AND (? IS NULL OR EXISTS (SELECT 1 FROM activities a
                                         WHERE a.id = ? AND a.athlete_id = p.athlete_id))
             ON CONFLICT (plan_id, session_key) DO UPDATE SET
                 date = excluded.date, status = excluded.status,
                 activity_id = excluded.activity_id, note = excluded.note,
                 marked_at_ms = excluded.marked_at_ms",
        )
        .bind(&mark.session_key)
        .bind(mark.date.to_string())
        .bind(mark.status.as_str())
        .bind(activity)
        .bind(mark.note.as_deref())
        .bind(mark.marked_at.as_millisecond())
        .bind(plan.0)
        .bind(athlete.0)
        .bind(activity)
        .bind(activity)
        .execute(self.writes())
        .await
        .map_err(query_error("marking a session"))?
        .rows_affected();
        if written > 0 {
            return Ok(());
        }
        // Nothing written: say which of the two was missing.
        let plan_exists = sqlx::query("SELECT 1 FROM plans WHERE id = ? AND athlete_id = ?")
            .bind(plan.0)
            .bind(athlete.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error("looking for a plan"))?
            .is_some();
        match activity {
            Some(activity) if plan_exists => Err(Error::NoSuchActivity(activity)),
            _ => Err(Error::NoSuchPlan(plan.0)),
        }
    }

    pub async fn unmark_session(
        &self,
        athlete: AthleteId,
        plan: PlanId,
        session_key: &str,
    ) -> Result<bool> {
        let removed = sqlx::query(
            "DELETE FROM plan_session_marks
             WHERE plan_id = (SELECT id FROM plans WHERE id = ? AND athlete_id = ?)
               AND session_key = ?",
        )
        .bind(plan.0)
        .bind(athlete.0)
        .bind(session_key)
        .execute(self.writes())
        .await
        .map_err(query_error("unmarking a session"))?
        .rows_affected();
        Ok(removed > 0)
    }

    pub async fn session_marks(
        &self,
        athlete: AthleteId,
        plan: PlanId,
    ) -> Result<Vec<SessionMark>> {
        let rows = sqlx::query(
            "SELECT m.session_key, m.date, m.status, m.activity_id, m.note, m.marked_at_ms
             FROM plan_session_marks m JOIN plans p ON p.id = m.plan_id
             WHERE p.athlete_id = ? AND p.id = ?
             ORDER BY m.date, m.session_key",
        )
        .bind(athlete.0)
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error("loading a plan's marked sessions"))?;
        rows.iter()
            .map(|r| {
                let corrupt = |what: String| Error::CorruptPlan(plan.0, what);
                let date: String = r.get("date");
                let status: String = r.get("status");
                Ok(SessionMark {
                    date: date
                        .parse()
                        .map_err(|e| corrupt(format!("session date `{date}`: {e}")))?,
                    session_key: r.get("session_key"),
                    status: status
                        .parse::<SessionStatus>()
                        .map_err(|e| corrupt(e.to_string()))?,
                    activity: r.get::<Option<i64>, _>("activity_id").map(ActivityId),
                    note: r.get("note"),
                    marked_at: plan_time(plan.0, r.get("marked_at_ms"))?,
                })
            })
            .collect()
    }

    pub async fn delete_plan(&self, athlete: AthleteId, id: PlanId) -> Result<bool> {
        // Revisions and marks go with the plan (ON DELETE CASCADE).
        let deleted = sqlx::query("DELETE FROM plans WHERE id = ? AND athlete_id = ?")
            .bind(id.0)
            .bind(athlete.0)
            .execute(self.writes())
            .await
            .map_err(query_error("deleting a plan"))?
            .rows_affected();
        Ok(deleted > 0)
    }
}

async fn insert_revision(
    tx: &mut sqlx::SqliteConnection,
    plan_id: i64,
    revision: i64,
    created_at_ms: i64,
    changes_json: &str,
    plan_json: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO plan_revisions (plan_id, revision, created_at_ms, changes_json, plan_json)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(plan_id)
    .bind(revision)
    .bind(created_at_ms)
    .bind(changes_json)
    .bind(plan_json)
    .execute(&mut *tx)
    .await
    .map_err(query_error("saving a plan revision"))?;
    Ok(())
}

/// A revision's list of changes as the JSON array of strings the table holds.
fn changes_json(changes: &[String]) -> String {
    serde_json::to_string(changes).expect("a list of strings always serialises")
}

fn plan_time(plan: i64, ms: i64) -> Result<Timestamp> {
    Timestamp::from_millisecond(ms).map_err(|e| Error::CorruptPlan(plan, e.to_string()))
}

fn plan_revision_number(plan: i64, revision: i64) -> Result<u32> {
    u32::try_from(revision)
        .map_err(|_| Error::CorruptPlan(plan, format!("revision {revision} is out of range")))
}

fn plan_summary_from_row(row: &SqliteRow) -> Result<PlanSummary> {
    let id: i64 = row.get("id");
    Ok(PlanSummary {
        id: PlanId(id),
        title: row.get("title"),
        created_at: plan_time(id, row.get("created_at_ms"))?,
        updated_at: plan_time(id, row.get("updated_at_ms"))?,
        revision: plan_revision_number(id, row.get("revision"))?,
        active: row.get("active"),
    })
}

fn stored_plan_from_row(row: &SqliteRow) -> Result<StoredPlan> {
    let PlanSummary {
        id,
        title,
        created_at,
        updated_at,
        revision,
        active,
    } = plan_summary_from_row(row)?;
    Ok(StoredPlan {
        id,
        title,
        created_at,
        updated_at,
        revision,
        active,
        request_json: row.get("request_json"),
        plan_json: row.get("plan_json"),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every `.rs` file under `dir`, with its text.
    fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// The invariant of the module's doc, checked on the source: a transaction starts in
    /// `begin_write` and nowhere else, and nothing else sends `BEGIN` itself. (The needles
    /// are built at run time so this test's own text does not match them.)
    #[test]
    fn every_transaction_starts_as_a_writer() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 5, "the crate's sources were not found");
        let forbidden = [
            [".", "begin("].concat(),
            [".", "try_begin"].concat(),
            [".", "transaction("].concat(),
            ["BEG", "IN TRANSACTION"].concat(),
            ["\"BEG", "IN\""].concat(),
            ["BEG", "IN DEFERRED"].concat(),
        ];
        let begin_with = ["begin", "_with("].concat();
        let mut starts = Vec::new();
        for (path, text) in &files {
            for (n, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                for needle in &forbidden {
                    assert!(
                        !code.contains(needle.as_str()),
                        "{path}:{}: a transaction that does not start with `SqliteStore::write`: {line}",
                        n + 1
                    );
                }
                if code.contains(begin_with.as_str()) {
                    starts.push(format!("{path}:{}", n + 1));
                }
            }
        }
        assert_eq!(starts.len(), 1, "transactions start at {starts:?}");
        assert!(starts[0].contains("sqlite.rs"), "{starts:?}");
        assert_eq!(super::BEGIN_WRITE, "BEGIN IMMEDIATE");
    }
}
