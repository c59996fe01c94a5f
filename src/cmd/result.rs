//! `miler result`: the results log on the command line — add a result, list them, personal
//! records and their progression, and CSV import and export.
//!
//! Reading, checking, grading and the CSV format are `miler_web::results`, the same code the
//! web app's pages and API use; this module maps its field errors onto the command line's
//! arguments and prints. Every command works on the local database's athlete.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use miler_store::{Athlete, AthleteId, List, Page, Paged, Store};
use miler_web::FieldError;
use miler_web::results::{self, LogView, ResultForm, ResultView};
use serde::Serialize;

use crate::cli::{emit, invalid};
use crate::db;

/// The athlete every `result` command works for.
const ATHLETE: AthleteId = AthleteId::DEFAULT;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Log a result: the event and time, and who you were on the day.
    #[command(after_help = "Examples:
  miler result add mile=6:12 --date 2026-11-01 --felt 4 --again yes
  miler result add backwards-mile=8:40 --notes \"first try\"
  miler result add 1500m=5:10.3 --age 45 --sex F --weight-kg 70

Events: 400m, 800m, 1500m, mile, road-mile, backwards-mile, 3000m, 5k, 10k.
What you leave out about yourself (age, sex, height, weight) comes from your profile.")]
    Add(AddArgs),
    /// List your results, newest first, with age grades: all of them, or the newest N.
    #[command(after_help = "Examples:\n  miler result list\n  miler result list --limit 20")]
    List(ListArgs),
    /// Your personal record at each event, and how each came about.
    Prs,
    /// Import results from a CSV file (see `miler result export` for the columns).
    #[command(after_help = "The first line names the columns, in any order:
  date,event,time,age,sex,height_cm,weight_kg,felt,would_repeat,notes
date, event and time are required. Rows that don't read are reported with their line and
column and the others still go in; rows already in your log are skipped, so a fixed file
can be imported again.")]
    Import(ImportArgs),
    /// Write your results as CSV, oldest first.
    #[command(
        after_help = "Examples:\n  miler result export results.csv\n  miler result export        to stdout"
    )]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The event and time as EVENT=TIME: mile=6:12, backwards-mile=8:40, 5k=24:00.
    #[arg(value_name = "EVENT=TIME")]
    result: String,
    /// The day you ran it, YYYY-MM-DD [default: today].
    #[arg(long)]
    date: Option<String>,
    /// Your age in whole years on the day [default: from your profile].
    #[arg(long)]
    age: Option<String>,
    /// M or F [default: from your profile].
    #[arg(long, value_name = "M|F")]
    sex: Option<String>,
    /// Your height in centimetres [default: from your profile].
    #[arg(long, value_name = "CM")]
    height_cm: Option<String>,
    /// Your weight in kilograms [default: from your profile].
    #[arg(long, value_name = "KG")]
    weight_kg: Option<String>,
    /// How it felt, from 1 (awful) to 5 (great).
    #[arg(long, value_name = "1-5")]
    felt: Option<String>,
    /// Would you do it again: yes or no.
    #[arg(long, value_name = "yes|no")]
    again: Option<String>,
    /// Anything to remember about it.
    #[arg(long)]
    notes: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Show only the newest N [default: all].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    limit: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The CSV file.
    file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Where to write the CSV [default: stdout].
    file: Option<PathBuf>,
}

pub fn run(command: &Command, json: bool, db: Option<&str>) -> anyhow::Result<()> {
    match command {
        Command::Add(args) => add(args, json, db),
        Command::List(args) => list(args, json, db),
        Command::Prs => prs(json, db),
        Command::Import(args) => import(args, json, db),
        Command::Export(args) => export(args, json, db),
    }
}

async fn athlete(store: &Store) -> anyhow::Result<Athlete> {
    store
        .athlete(ATHLETE)
        .await?
        .context("the database has no athlete 1; it may be damaged")
}

/// The argument a form field came from, for messages.
fn flag(field: &str) -> &'static str {
    match field {
        "event" | "time" => "EVENT=TIME",
        "date" => "--date",
        "age" => "--age",
        "sex" => "--sex",
        "height_cm" => "--height-cm",
        "weight_kg" => "--weight-kg",
        "felt" => "--felt",
        "would_repeat" => "--again",
        "notes" => "--notes",
        _ => "the input",
    }
}

fn field_errors(errors: &[FieldError]) -> anyhow::Error {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", flag(e.field), e.message))
        .collect();
    invalid(lines.join("\n"))
}

fn add(args: &AddArgs, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let Some((event, time)) = args.result.split_once('=') else {
        return Err(invalid(format!(
            "EVENT=TIME: `{}` has no `=`; give the event and time such as mile=6:12 or backwards-mile=8:40",
            args.result
        )));
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let form = ResultForm {
        date: text(&args.date),
        event: event.to_owned(),
        time: time.to_owned(),
        age: text(&args.age),
        sex: text(&args.sex),
        height_cm: text(&args.height_cm),
        weight_kg: text(&args.weight_kg),
        felt: text(&args.felt),
        would_repeat: text(&args.again),
        notes: text(&args.notes),
    };
    let today = crate::clock::today()?;
    let view = db::block_on(async {
        let store = db::open(db_flag).await?;
        let a = athlete(&store).await?;
        let result = form.read(&a.profile, today).map_err(|e| field_errors(&e))?;
        let id = store
            .add_result(ATHLETE, &result, jiff::Timestamp::now())
            .await?;
        let stored = store
            .result(ATHLETE, id)
            .await?
            .context("the result just saved could not be read back")?;
        store.close().await;
        anyhow::Ok(ResultView::of(&stored))
    })??;
    emit(json, &view, || {
        let mut out = format!(
            "Logged result {}: {} {} on {}",
            view.id,
            view.event_name,
            clock(view.time_s),
            view.date
        );
        match &view.age_grade {
            Some(g) => {
                let _ = write!(out, ", age grade {:.2} % ({})", g.age_grade_pct, g.table);
            }
            None if view.backwards => out.push_str(" (no age-grading table for running backwards)"),
            None => {}
        }
        out.push('\n');
        out
    })
}

/// The records of the log: its personal records and their progression.
fn load(db_flag: Option<&str>) -> anyhow::Result<LogView> {
    db::block_on(async {
        let store = db::open(db_flag).await?;
        let records = store.record_results(ATHLETE).await?;
        store.close().await;
        let none = Paged {
            items: Vec::new(),
            total: 0,
            next: None,
        };
        anyhow::Ok(results::log_view(none, &records))
    })?
}

fn clock(seconds: f64) -> String {
    miler_core::Duration::from_secs(seconds).map_or_else(|| "-".into(), |d| d.display_fixed(1))
}

fn grade(v: &ResultView) -> String {
    v.age_grade
        .as_ref()
        .map_or_else(|| "-".to_owned(), |g| format!("{:.2} %", g.age_grade_pct))
}

#[derive(Serialize)]
struct ListView<'a> {
    results: &'a [ResultView],
    /// How many results the log has, whether or not `--limit` cut the list short.
    total: u64,
}

fn list(args: &ListArgs, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let limit = args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let (list, total) = db::block_on(async {
        let store = db::open(db_flag).await?;
        let list = super::rows(List::Results, limit, async |page: &Page| {
            Ok(store.results_page(ATHLETE, page).await?)
        })
        .await?;
        store.close().await;
        anyhow::Ok(list)
    })??;
    let shown: Vec<ResultView> = list.iter().map(ResultView::of).collect();
    emit(
        json,
        &ListView {
            results: &shown,
            total,
        },
        || {
            if shown.is_empty() {
                return "No results yet: log one with `miler result add mile=6:12`.\n".to_owned();
            }
            let mut out = format!(
                "{:>4}  {:<10}  {:<14} {:>9} {:>10}  notes\n",
                "id", "date", "event", "time", "age grade"
            );
            for r in &shown {
                let _ = writeln!(
                    out,
                    "{:>4}  {:<10}  {:<14} {:>9} {:>10}  {}",
                    r.id,
                    r.date,
                    r.event_name,
                    clock(r.time_s),
                    grade(r),
                    // Notes may hold line breaks; a table row stays one line.
                    r.notes.as_deref().unwrap_or("").replace(['\n', '\t'], " ")
                );
            }
            out.extend(super::shown(shown.len(), total));
            out
        },
    )
}

#[derive(Serialize)]
struct PrsView<'a> {
    prs: &'a [ResultView],
    progression: &'a [results::ProgressionView],
}

fn prs(json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let log = load(db_flag)?;
    let view = PrsView {
        prs: &log.prs,
        progression: &log.progression,
    };
    emit(json, &view, || {
        if log.prs.is_empty() {
            return "No results yet: log one with `miler result add mile=6:12`.\n".to_owned();
        }
        let mut out = String::from("Personal records\n");
        for r in &log.prs {
            let _ = writeln!(
                out,
                "  {:<14} {:>9} {:>10}  {}",
                r.event_name,
                clock(r.time_s),
                grade(r),
                r.date
            );
        }
        for p in &log.progression {
            let _ = writeln!(out, "\n{} progression", p.event_name);
            for s in &p.steps {
                let change = s
                    .improvement_s
                    .map_or_else(|| "first".to_owned(), |i| format!("{i:.1} s faster"));
                let _ = writeln!(out, "  {}  {:>9}  {change}", s.date, clock(s.time_s));
            }
        }
        out
    })
}

fn import(args: &ImportArgs, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file).map_err(|e| {
        invalid(format!(
            "{}: can't be read ({e}); give the path of a CSV file",
            args.file.display()
        ))
    })?;
    let today = crate::clock::today()?;
    let view = db::block_on(async {
        let store = db::open(db_flag).await?;
        let a = athlete(&store).await?;
        let view = results::import_csv(&store, &a, &bytes, today, jiff::Timestamp::now())
            .await
            .map_err(|e| match e {
                miler_web::Error::Invalid(fields) => invalid(format!(
                    "{}: {}",
                    args.file.display(),
                    fields
                        .iter()
                        .map(|f| f.message.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
                other => anyhow::Error::new(other),
            })?;
        store.close().await;
        anyhow::Ok(view)
    })??;
    emit(json, &view, || {
        let mut out = format!(
            "{}: {} imported, {} already in your log, {} not imported\n",
            args.file.display(),
            view.imported,
            view.already_there,
            view.rejected
        );
        for e in &view.errors {
            let column = e
                .column
                .as_deref()
                .map(|c| format!(", column {c}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  line {}{column}: {}", e.line, e.message);
        }
        out
    })?;
    if view.rejected > 0 {
        return Err(invalid(format!(
            "{} row{} of {} could not be imported (listed above); fix them and import the file again: rows already in your log are skipped",
            view.rejected,
            if view.rejected == 1 { "" } else { "s" },
            args.file.display()
        )));
    }
    Ok(())
}

#[derive(Serialize)]
struct ExportView {
    file: String,
    results: usize,
}

fn export(args: &ExportArgs, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let list = db::block_on(async {
        let store = db::open(db_flag).await?;
        let list = store.results(ATHLETE).await?;
        store.close().await;
        anyhow::Ok(list)
    })??;
    let csv = results::export_csv(&list);
    match &args.file {
        None if !json => emit(false, &(), || csv),
        None => Err(invalid(
            "--json reports on the file written: give a FILE to export to, or leave out --json to print the CSV",
        )),
        Some(path) => {
            std::fs::write(path, &csv)
                .with_context(|| format!("could not write {}", path.display()))?;
            let view = ExportView {
                file: path.display().to_string(),
                results: list.len(),
            };
            emit(json, &view, || {
                format!("Wrote {} results to {}\n", view.results, view.file)
            })
        }
    }
}
