//! `miler workout`: the catalog, one workout made exact for you as a splits card, checking
//! workout text, and exporting to a watch (FIT), intervals.icu or Zwift. The default
//! athlete's saved workouts (`miler workout save`, or the web app's editor) are listed with
//! the catalog and found by name where a catalog id or a file is not.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use miler_app::views;
use miler_core::agegrade::Sex;
use miler_core::{Duration, Performance};
use miler_store::{AthleteId, Saved, SavedWorkout};
use miler_workout::card::{self, clock};
use miler_workout::resolve::{AthletePaces, Resolved, resolve};
use miler_workout::{Workout, catalog, text};
use serde::Serialize;

use crate::cli::{emit, invalid};
use crate::db;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the catalog of mile workouts, and the workouts you saved.
    #[command(after_help = "Examples:\n  miler workout list\n  miler workout list --json")]
    List,
    /// Save a workout file under a name, for the web app and `miler workout show NAME`.
    /// Saving under a name you have used replaces that workout.
    #[command(after_help = "Examples:\n  miler workout save \"Tuesday 400s\" my-session.txt")]
    Save {
        /// 1 to 60 characters.
        name: String,
        /// A file in miler's workout language, without mistakes (`miler workout check`).
        file: PathBuf,
    },
    /// Show a workout made exact for you: every step with its target and splits.
    #[command(after_help = "Examples:
  miler workout show goal-pace-400s --goal-mile 6:00
  miler workout show backwards-mile --goal-mile 9:00
  miler workout show repeats-200m --goal-mile 6:00 --step 5/8   the 5th session of 8
  miler workout show my-session.txt --from 5k=24:00 --json")]
    Show(ShowArgs),
    /// Check workout text for mistakes, with line, column and a suggestion for each.
    #[command(after_help = "Examples:\n  miler workout check my-session.txt")]
    Check {
        /// A file in miler's workout language (see docs/workout-language.md).
        file: PathBuf,
    },
    /// Write a workout for your watch (FIT), intervals.icu (text) or Zwift (.zwo).
    #[command(after_help = "Examples:
  miler workout export goal-pace-400s --goal-mile 6:00 --format fit -o 400s.fit
  miler workout export cruise-intervals --from 5k=24:00 --format icu -o cruise.txt
  miler workout export hill-pyramid --goal-mile 7:00 --format zwo -o pyramid.zwo")]
    Export {
        #[command(flatten)]
        show: ShowArgs,
        #[arg(long, value_enum)]
        format: Format,
        /// Where to write the file.
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Fit,
    Icu,
    Zwo,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A catalog id (see `miler workout list`), a workout-language file, or the name of a
    /// workout you saved.
    workout: String,
    /// Your goal mile, as M:SS.
    #[arg(long, value_name = "TIME")]
    goal_mile: Option<Duration>,
    /// Recent results, as DIST=TIME (5k=24:00); may be repeated.
    #[arg(long, value_name = "DIST=TIME")]
    from: Vec<Performance>,
    /// M or F, for the short-distance predictions from --from.
    #[arg(long, default_value = "M")]
    sex: Sex,
    /// Which session of a progression, as K/N (the 3rd of 6 is 3/6); default: the first.
    #[arg(long, value_name = "K/N")]
    step: Option<String>,
    /// Body mass for the energy estimate, kg.
    #[arg(long, default_value_t = 70.0)]
    mass: f64,
}

pub fn run(command: &Command, json: bool, db: Option<&str>) -> anyhow::Result<()> {
    match command {
        Command::List => list(json, db),
        Command::Save { name, file } => save(name, file, json, db),
        Command::Show(args) => show(args, json, db),
        Command::Check { file } => check(file, json),
        Command::Export {
            show,
            format,
            output,
        } => export(show, *format, output, db),
    }
}

/// A row of `miler workout list`: a catalog workout, or one the runner saved (`origin`
/// `mine`, whose `id` is its name and which has no phase, source or purpose).
#[derive(Serialize)]
struct ListRow {
    id: String,
    title: String,
    phase: Option<&'static str>,
    source: Option<&'static str>,
    hard: bool,
    purpose: Option<&'static str>,
    /// `catalog` or `mine`.
    origin: &'static str,
}

fn phase_name(phase: catalog::Phase) -> &'static str {
    match phase {
        catalog::Phase::Base => "base",
        catalog::Phase::Strength => "strength",
        catalog::Phase::Quality => "quality",
        catalog::Phase::RaceSpecific => "race-specific",
        catalog::Phase::Taper => "taper",
        catalog::Phase::Any => "any",
    }
}

/// The default athlete's saved workouts, if there is a database yet.
fn saved_workouts(db_flag: Option<&str>) -> anyhow::Result<Vec<SavedWorkout>> {
    db::block_on(async {
        let Some(store) = db::open_existing(db_flag).await? else {
            return Ok(Vec::new());
        };
        let list = store.workouts(AthleteId::DEFAULT).await;
        store.close().await;
        Ok::<_, anyhow::Error>(list?)
    })?
}

/// The default athlete's saved workout of this name, if there is a database and one.
fn saved_named(db_flag: Option<&str>, name: &str) -> anyhow::Result<Option<SavedWorkout>> {
    db::block_on(async {
        let Some(store) = db::open_existing(db_flag).await? else {
            return Ok(None);
        };
        let found = store.workout_named(AthleteId::DEFAULT, name).await;
        store.close().await;
        Ok::<_, anyhow::Error>(found?)
    })?
}

fn list(json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let mut rows: Vec<ListRow> = catalog::entries()
        .iter()
        .map(|e| ListRow {
            id: e.id.to_owned(),
            title: e.title.to_owned(),
            phase: Some(phase_name(e.phase)),
            source: Some(e.source),
            hard: e.hard,
            purpose: Some(e.purpose),
            origin: "catalog",
        })
        .collect();
    let catalog_len = rows.len();
    rows.extend(saved_workouts(db_flag)?.iter().map(|w| ListRow {
        id: w.workout.name.clone(),
        title: title_of(&w.workout.text).unwrap_or_else(|| w.workout.name.clone()),
        phase: None,
        source: None,
        hard: false,
        purpose: None,
        origin: "mine",
    }));
    emit(json, &rows, || {
        let mut out = String::new();
        for r in &rows[..catalog_len] {
            let _ = writeln!(
                out,
                "{:<22} {:<14} {}{}",
                r.id,
                r.phase.unwrap_or(""),
                r.title,
                if r.hard { "  (hard)" } else { "" }
            );
        }
        if rows.len() > catalog_len {
            let _ = writeln!(out, "\nYour workouts:");
            for r in &rows[catalog_len..] {
                let _ = writeln!(out, "{:<22} {}", r.id, r.title);
            }
        }
        out
    })
}

/// The title of workout text: its first `#` comment line, if it has one.
fn title_of(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix('#').map(|t| t.trim().to_owned()))
        .filter(|t| !t.is_empty())
}

#[derive(Serialize)]
struct SavedView {
    id: i64,
    name: String,
    replaced: bool,
}

fn save(name: &str, file: &Path, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let source = std::fs::read_to_string(file)
        .map_err(|e| invalid(format!("can't read {}: {e}", file.display())))?;
    let (new, _) = miler_web::read_saved(name, &source).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| match e.field {
                "name" => format!("NAME: {}", e.message),
                _ => format!("{}: {}", file.display(), e.message),
            })
            .collect();
        let mut message = lines.join("\n");
        if errors.iter().any(|e| e.field == "text") {
            message.push_str(&format!(
                "\n`miler workout check {}` lists every mistake",
                file.display()
            ));
        }
        invalid(message)
    })?;
    let saved = db::block_on(async {
        let store = db::open(db_flag).await?;
        let saved = store
            .save_workout(AthleteId::DEFAULT, &new, jiff::Timestamp::now())
            .await;
        store.close().await;
        Ok::<_, anyhow::Error>(saved?)
    })??;
    let view = SavedView {
        id: saved.id().0,
        name: new.name.clone(),
        replaced: matches!(saved, Saved::Replaced(_)),
    };
    emit(json, &view, || {
        format!(
            "{} `{}`: `miler workout show \"{}\" --goal-mile M:SS` makes it exact.\n",
            if view.replaced { "Replaced" } else { "Saved" },
            view.name,
            view.name
        )
    })
}

/// A workout and where it came from.
struct Loaded {
    id: String,
    title: String,
    workout: Workout,
}

fn load(source: &str, db_flag: Option<&str>) -> anyhow::Result<Loaded> {
    if let Some(entry) = catalog::get(source) {
        return Ok(Loaded {
            id: entry.id.to_owned(),
            title: entry.title.to_owned(),
            workout: entry.workout(),
        });
    }
    let path = Path::new(source);
    if !path.exists() {
        let Some(saved) = saved_named(db_flag, source.trim())? else {
            return Err(invalid(format!(
                "`{source}` is neither a catalog workout, a file nor a workout you saved: `miler workout list` shows them"
            )));
        };
        let text = &saved.workout.text;
        let workout = text::parse(text).into_result().map_err(|diagnostics| {
            invalid(format!(
                "your workout `{source}` has mistakes:\n{}",
                text::render(text, &diagnostics)
            ))
        })?;
        return Ok(Loaded {
            id: saved.workout.name.clone(),
            title: title_of(text).unwrap_or_else(|| saved.workout.name.clone()),
            workout,
        });
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| invalid(format!("can't read {source}: {e}")))?;
    let parsed = text::parse(&text);
    if parsed.has_errors() {
        return Err(invalid(format!(
            "{source} has mistakes:\n{}",
            text::render(&text, parsed.diagnostics())
        )));
    }
    let title = text
        .lines()
        .find_map(|l| l.trim().strip_prefix('#').map(|t| t.trim().to_owned()))
        .unwrap_or_else(|| source.to_owned());
    Ok(Loaded {
        id: source.to_owned(),
        title,
        workout: parsed.into_parts().0,
    })
}

fn athlete(args: &ShowArgs) -> anyhow::Result<AthletePaces> {
    if args.from.is_empty() {
        return match args.goal_mile {
            Some(goal) => Ok(AthletePaces::from_goal(goal)),
            None => Err(invalid(
                "give your goal mile (--goal-mile 6:00) or a recent result (--from 5k=24:00) so targets can be made exact",
            )),
        };
    }
    AthletePaces::from_results(&args.from, args.goal_mile, args.sex)
        .map_err(|e| invalid(e.to_string()))
}

/// The session of the progression: `--step K/N`, 1-based for people, 0-based for the model.
fn at_step(workout: &Workout, step: Option<&str>) -> anyhow::Result<(Workout, u32, u32)> {
    let Some(text) = step else {
        return Ok((
            workout.at_step(0, 1).map_err(|e| invalid(e.to_string()))?,
            1,
            1,
        ));
    };
    let parsed = text
        .split_once('/')
        .and_then(|(k, n)| Some((k.trim().parse::<u32>().ok()?, n.trim().parse::<u32>().ok()?)));
    match parsed {
        Some((k, n)) if k >= 1 && k <= n => Ok((
            workout
                .at_step(k - 1, n)
                .map_err(|e| invalid(e.to_string()))?,
            k,
            n,
        )),
        _ => Err(invalid(format!(
            "--step {text}: expected K/N with 1 <= K <= N, such as 3/6 for the third session of six"
        ))),
    }
}

struct Prepared {
    loaded: Loaded,
    workout: Workout,
    athlete: AthletePaces,
    resolved: Resolved,
    session: (u32, u32),
}

fn prepare(args: &ShowArgs, db_flag: Option<&str>) -> anyhow::Result<Prepared> {
    let loaded = load(&args.workout, db_flag)?;
    let athlete = athlete(args)?;
    let (workout, k, n) = at_step(&loaded.workout, args.step.as_deref())?;
    let resolved = resolve(&workout, &athlete).map_err(|e| invalid(e.to_string()))?;
    if !(20.0..=300.0).contains(&args.mass) {
        return Err(invalid(format!(
            "--mass {}: give a body mass in kilograms from 20 to 300",
            args.mass
        )));
    }
    Ok(Prepared {
        loaded,
        workout,
        athlete,
        resolved,
        session: (k, n),
    })
}

#[derive(Serialize)]
struct ShowView {
    id: String,
    title: String,
    session: [u32; 2],
    #[serde(flatten)]
    resolved: views::ResolvedView,
}

fn show(args: &ShowArgs, json: bool, db_flag: Option<&str>) -> anyhow::Result<()> {
    let p = prepare(args, db_flag)?;
    let view = ShowView {
        id: p.loaded.id.clone(),
        title: p.loaded.title.clone(),
        session: [p.session.0, p.session.1],
        resolved: views::resolved(&p.resolved, args.mass),
    };
    emit(json, &view, || card(&view, &p.resolved))
}

/// The printable splits card.
fn card(v: &ShowView, resolved: &Resolved) -> String {
    let mut out = String::new();
    let session = if v.session[1] > 1 {
        format!(" (session {} of {})", v.session[0], v.session[1])
    } else {
        String::new()
    };
    let _ = writeln!(out, "{}{session}", v.title);
    let r = &v.resolved;
    for b in &r.basis {
        let _ = writeln!(out, "  {b}");
    }
    let _ = writeln!(out);
    out.push_str(&card::steps(resolved, 40));
    let _ = writeln!(
        out,
        "\nAbout {:.1} km and {} in all; load {:.0} (session RPE); about {:.0} kcal at {} kg.",
        r.total_distance_m / 1000.0,
        clock(r.total_time_s),
        r.load,
        r.energy_kcal,
        r.mass_kg
    );
    out
}

#[derive(Serialize)]
struct CheckView {
    ok: bool,
    diagnostics: Vec<DiagnosticView>,
}

#[derive(Serialize)]
struct DiagnosticView {
    severity: &'static str,
    line: u32,
    column: u32,
    message: String,
    expected: Option<String>,
    help: Option<String>,
}

fn check(file: &Path, json: bool) -> anyhow::Result<()> {
    let source = std::fs::read_to_string(file)
        .map_err(|e| invalid(format!("can't read {}: {e}", file.display())))?;
    let parsed = text::parse(&source);
    let view = CheckView {
        ok: !parsed.has_errors(),
        diagnostics: parsed
            .diagnostics()
            .iter()
            .map(|d| DiagnosticView {
                severity: if d.is_error() { "error" } else { "warning" },
                line: d.line,
                column: d.column,
                message: d.message.clone(),
                expected: d.expected.clone(),
                help: d.help.clone(),
            })
            .collect(),
    };
    emit(json, &view, || {
        if parsed.diagnostics().is_empty() {
            format!("{}: no problems found.\n", file.display())
        } else {
            text::render(&source, parsed.diagnostics())
        }
    })?;
    if view.ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "{} has mistakes (listed above)",
            file.display()
        )))
    }
}

fn export(
    args: &ShowArgs,
    format: Format,
    output: &Path,
    db_flag: Option<&str>,
) -> anyhow::Result<()> {
    let p = prepare(args, db_flag)?;
    let bytes = match format {
        Format::Fit => {
            let created = jiff::Timestamp::now().as_second();
            let identity = miler_workout::fit::FitIdentity {
                name: p.loaded.title.clone(),
                created_unix: created,
            };
            miler_workout::fit::fit_workout(&p.workout, &p.athlete, &identity)
                .map_err(|e| invalid(e.to_string()))?
        }
        Format::Icu => {
            let body = miler_workout::export::intervals_icu(&p.workout, &p.athlete)
                .map_err(|e| invalid(e.to_string()))?;
            format!("{}\n\n{body}", p.loaded.title).into_bytes()
        }
        Format::Zwo => miler_workout::export::zwo(
            &p.loaded.title,
            &p.resolved.basis.join(" "),
            &p.resolved,
            &p.athlete,
        )
        .map_err(|e| invalid(e.to_string()))?
        .into_bytes(),
    };
    std::fs::write(output, &bytes)
        .map_err(|e| anyhow::anyhow!("could not write {}: {e}", output.display()))?;
    eprintln!("wrote {} ({} bytes)", output.display(), bytes.len());
    Ok(())
}
