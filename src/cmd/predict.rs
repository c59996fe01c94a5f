//! `miler predict`: race times from one or more results with every published model miler
//! knows, in a table with targets as rows and models as columns.
//!
//! The core ([`miler_core::predict`]) decides every number and every refusal; this module
//! chooses defaults, lays the answer out and explains it. A refused cell is never blank and
//! never a number: it shows "—" and a letter, and the letter's footnote says why, once for all
//! the cells that share the reason. Under the table come how the results were combined, what
//! the table says about the mile, and the notes a reader needs to trust the valid cells.

use std::fmt::Write as _;

use miler_core::agegrade::Sex;
use miler_core::predict::{self, Caveat, Forecast, Model, NotValid, Prediction, Request};
use miler_core::{Distance, Performance, Vdot};

use crate::cli::{emit, invalid};

/// Predict race times from your results, and see which models apply to them.
///
/// Give one or more recent results as DIST=TIME. Every model predicts every target it can;
/// a model that is not valid for a result or a target shows "—" and a note saying why,
/// instead of a number that would mislead. From a 400 m or 800 m, Horwill's rule (and
/// critical speed, with two results of 2-15 min) gives the mile where VDOT and Riegel can't.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  miler predict 5k=24:00                  the mile and every other distance from a 24-minute 5 km
  miler predict 400m=80                   from a 400 m: which models apply, and the mile by Horwill
  miler predict 800m=2:40 mile=5:50       two results: each model says how it combines them
  miler predict 5k=24:00 --to mile --to 10k
  miler predict 400m=80 --model horwill --sex F
  miler predict 5k=24:00 --json           one JSON document for scripts

Models: vdot (Daniels-Gilbert, 1500 m to the marathon), riegel (efforts of 3.5-230 min),
cameron and purdy (800 m to the marathon), horwill (400-5000 m: +4 s per 400 m per step up
400-800-1500-3000-5000 m, 5 s for women), cs (critical speed from two results of 2-15 min).")]
pub struct Args {
    /// Results to predict from, as DIST=TIME: 5k=24:00, 400m=80, mile=7:10, 10k=50:30.
    #[arg(value_name = "DIST=TIME")]
    results: Vec<Performance>,

    /// Models to show; repeat the option or separate with commas.
    #[arg(
        long = "model",
        value_name = "MODEL",
        value_enum,
        value_delimiter = ',',
        default_value = "all"
    )]
    models: Vec<ModelArg>,

    /// Distances to predict instead of the standard ones (400m to marathon); repeat the
    /// option or separate with commas.
    #[arg(long = "to", value_name = "DIST", value_delimiter = ',')]
    targets: Vec<Distance>,

    /// M or F: chooses Horwill's step, 4 s per 400 m for men and 5 s for women.
    #[arg(long, value_name = "M|F", default_value = "M", value_parser = parse_sex)]
    sex: Sex,
}

/// `--sex` names the two figures of Horwill's rule; the message says so rather than speak of
/// age tables.
fn parse_sex(text: &str) -> Result<Sex, String> {
    text.parse().map_err(|_| {
        format!(
            "`{text}` is not M or F: Horwill's rule has a men's step (4 s per 400 m) and a \
             women's (5 s); give --sex M or --sex F"
        )
    })
}

/// The `--model` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ModelArg {
    /// Daniels-Gilbert VDOT.
    Vdot,
    /// Riegel's power law, t2 = t1 (d2/d1)^1.06.
    Riegel,
    /// Dave Cameron's model.
    Cameron,
    /// Purdy points, running-curve variant.
    Purdy,
    /// Horwill's four-second rule.
    Horwill,
    /// Critical speed.
    Cs,
    /// Every model.
    All,
}

impl ModelArg {
    fn models(self) -> &'static [Model] {
        match self {
            ModelArg::Vdot => &[Model::Vdot],
            ModelArg::Riegel => &[Model::Riegel],
            ModelArg::Cameron => &[Model::Cameron],
            ModelArg::Purdy => &[Model::Purdy],
            ModelArg::Horwill => &[Model::Horwill],
            ModelArg::Cs => &[Model::CriticalSpeed],
            ModelArg::All => &Model::ALL,
        }
    }
}

pub fn run(args: &Args, json: bool) -> anyhow::Result<()> {
    if args.results.is_empty() {
        return Err(invalid(
            "no result given: miler predicts from one or more results written DIST=TIME, such \
             as `miler predict 5k=24:00` or `miler predict 400m=80 800m=2:50`",
        ));
    }
    // Columns follow the canonical model order whatever order --model named them in.
    let models: Vec<Model> = Model::ALL
        .into_iter()
        .filter(|m| args.models.iter().any(|arg| arg.models().contains(m)))
        .collect();
    let mut targets: Vec<Distance> = if args.targets.is_empty() {
        predict::STANDARD_TARGETS.to_vec()
    } else {
        args.targets.clone()
    };
    if let Some(zero) = targets.iter().find(|d| d.metres() <= 0.0) {
        return Err(invalid(format!(
            "--to {zero} is not a distance to race: give one above zero, such as --to mile"
        )));
    }
    // Rows run from short to long, each distance once.
    targets.sort_by(|a, b| a.metres().total_cmp(&b.metres()));
    targets.dedup();
    let forecast = predict::predict(&Request {
        results: &args.results,
        targets: &targets,
        models: &models,
        sex: args.sex,
    })
    .map_err(|e| invalid(e.to_string()))?;
    emit(json, &ForecastView::from(&forecast), || human(&forecast))
}

use miler_app::views::predict::ForecastView;

/// Column headers: short enough for a 10-wide column.
fn header(model: Model) -> &'static str {
    match model {
        Model::CriticalSpeed => "CS",
        other => other.name(),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: Vec<String>) -> String {
    match items.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// One footnote: a reason and the targets it was given for, in table order.
struct Footnote {
    reason: NotValid,
    targets: Vec<Distance>,
}

/// `a`..`z`, then numbers: a forecast has far fewer distinct reasons than that.
fn marker(index: usize) -> String {
    match u8::try_from(index) {
        Ok(i) if i < 26 => char::from(b'a' + i).to_string(),
        _ => (index + 1).to_string(),
    }
}

fn human(f: &Forecast) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", results_line(f));
    out.push('\n');

    // The table, collecting footnotes on the way.
    let mut footnotes: Vec<Footnote> = Vec::new();
    let mut short_vdot = false;
    let targets: Vec<Distance> = {
        let mut seen: Vec<Distance> = Vec::new();
        for p in &f.predictions {
            if !seen.contains(&p.target) {
                seen.push(p.target);
            }
        }
        seen
    };
    // Each cell is 11 wide for the value plus one for a flag, so times, dashes and headers
    // line up on their last digit and a "*" hangs outside the column.
    let mut line = format!("{:<9}", "target");
    for &model in &f.models {
        let _ = write!(line, "{:>11} ", header(model));
    }
    let _ = writeln!(out, "{}", line.trim_end());
    for &target in &targets {
        let mut line = format!("{:<9}", target.to_string());
        for &model in &f.models {
            let prediction = f
                .get(target, model)
                .expect("one prediction per target and model");
            let (cell, flag) = match &prediction.outcome {
                Ok(estimate) => {
                    let flag = if estimate.caveat == Some(Caveat::ShortEffort) {
                        short_vdot = true;
                        '*'
                    } else {
                        ' '
                    };
                    (estimate.time.display_fixed(1), flag)
                }
                Err(reason) => {
                    let index = match footnotes.iter().position(|n| &n.reason == reason) {
                        Some(index) => index,
                        None => {
                            footnotes.push(Footnote {
                                reason: reason.clone(),
                                targets: Vec::new(),
                            });
                            footnotes.len() - 1
                        }
                    };
                    footnotes[index].targets.push(target);
                    (format!("— {}", marker(index)), ' ')
                }
            };
            let _ = write!(line, "{cell:>11}{flag}");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }

    if !footnotes.is_empty() {
        out.push('\n');
        for (index, note) in footnotes.iter().enumerate() {
            let text = format!(
                "{}  {}: {}.",
                marker(index),
                label(note.reason.model()),
                note.reason.describe(&note.targets)
            );
            out.push_str(&wrap(&text, 3));
        }
    }
    out.push('\n');
    out.push_str(&wrap(
        &format!("How the results combine: {}.", f.combination()),
        2,
    ));
    if let Some(line) = mile_line(f) {
        out.push_str(&wrap(&line, 2));
    }
    for note in model_notes(f, short_vdot) {
        out.push_str(&wrap(&note, 2));
    }
    out
}

/// The model's name in notes, tied to its column header where they differ.
fn label(model: Model) -> String {
    match model {
        Model::CriticalSpeed => format!("{} ({})", model.name(), header(model)),
        other => other.name().to_owned(),
    }
}

/// Notes are wrapped to a terminal's width, continuation lines indented under the text.
const WIDTH: usize = 92;

fn wrap(text: &str, indent: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(indent);
        } else if !line.is_empty() && !line.chars().all(|c| c == ' ') {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// `From 5k=24:00 (VDOT 39.9).` or the list of results.
fn results_line(f: &Forecast) -> String {
    let results: Vec<String> = f
        .results
        .iter()
        .map(|&p| {
            if f.models.contains(&Model::Vdot) && predict::daniels::valid_input(p) {
                format!("{p} (VDOT {:.1})", Vdot::from_performance(p).value())
            } else {
                p.to_string()
            }
        })
        .collect();
    format!("Predictions from {}.", results.join(", "))
}

/// What the table says about the mile, from the valid models only.
fn mile_line(f: &Forecast) -> Option<String> {
    let mile: Vec<(Model, String)> = f
        .predictions
        .iter()
        .filter(|p| p.target == Distance::MILE)
        .filter_map(|p| p.time().map(|t| (p.model, t.display_fixed(1))))
        .collect();
    if !f.predictions.iter().any(|p| p.target == Distance::MILE) {
        return None;
    }
    Some(match mile.as_slice() {
        [] => "Mile: no model shown here is valid for the mile from these results.".to_owned(),
        [(model, time)] => format!("Mile: {time} by {model}, the only model valid for it here."),
        several => {
            let by_time = |a: &&(Model, String), b: &&(Model, String)| {
                let secs = |m: Model| {
                    f.get(Distance::MILE, m)
                        .and_then(Prediction::time)
                        .map_or(0.0, |t| t.secs())
                };
                secs(a.0).total_cmp(&secs(b.0))
            };
            let fastest = several.iter().min_by(by_time).expect("several");
            let slowest = several.iter().max_by(by_time).expect("several");
            format!(
                "Mile: {} ({}) to {} ({}) across the {} valid models.",
                fastest.1,
                fastest.0,
                slowest.1,
                slowest.0,
                several.len()
            )
        }
    })
}

/// Notes for valid cells: how Horwill's rule was stepped, and VDOT's short-effort caveat.
fn model_notes(f: &Forecast, short_vdot: bool) -> Vec<String> {
    let mut notes = Vec::new();
    let horwill_used = f
        .predictions
        .iter()
        .any(|p| p.model == Model::Horwill && p.outcome.is_ok());
    if horwill_used {
        let step = predict::horwill::step(f.sex).secs();
        let (whose, other) = match f.sex {
            Sex::Male => ("men's", "--sex F for the women's 5 s"),
            Sex::Female => ("women's", "--sex M for the men's 4 s"),
        };
        notes.push(format!(
            "Horwill: +{step} s per 400 m for each step up 400-800-1500-3000-5000 m (the {whose} \
             figure; {other}); between classic distances, as for the mile, the pace is \
             interpolated by log distance."
        ));
    }
    if short_vdot {
        notes.push(
            "* VDOT from or to an effort under about 11 min: the model's sustainable fraction \
             F(t) exceeds 1 there, a known stretch of the fit (Daniels' own tables agree within \
             about 1.5 s at the mile)."
                .to_owned(),
        );
    }
    if let Ok(cs) = &f.critical_speed
        && f.models.contains(&Model::CriticalSpeed)
    {
        notes.push(format!(
            "CS: critical speed {:.2} m/s and D' {:.0} m, fitted to {}.",
            cs.speed().m_per_s(),
            cs.d_prime().metres(),
            and_list(cs.fitted_to().iter().map(ToString::to_string).collect())
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_indents_continuations() {
        let text = "a ".repeat(60) + "end";
        let wrapped = wrap(&text, 3);
        assert!(wrapped.lines().all(|l| l.chars().count() <= WIDTH));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("   a")));
        assert_eq!(wrapped.split_whitespace().count(), 61);
        assert_eq!(wrap("short", 2), "short\n");
    }

    #[test]
    fn markers_run_through_the_alphabet() {
        assert_eq!(marker(0), "a");
        assert_eq!(marker(25), "z");
        assert_eq!(marker(26), "27");
    }
}
