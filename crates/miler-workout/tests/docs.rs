//! `docs/workout-language.md` stays true: every example in it parses, and it shows every
//! catalog workout exactly as the printer writes it.

use std::path::Path;

use miler_workout::catalog;
use miler_workout::text::{parse, print, render};

fn document() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/workout-language.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The contents of every ```text block.
fn examples(document: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in document.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```text") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), text) => {
                block.push_str(text);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_workout_example_parses_cleanly() {
    let document = document();
    let blocks = examples(&document);
    assert!(blocks.len() > catalog::entries().len());
    for block in blocks {
        // Rendered diagnostics and the grammar are shown, not parsed.
        if block.starts_with("error") || block.starts_with("workout    =") {
            continue;
        }
        let parsed = parse(&block);
        assert!(
            parsed.diagnostics().is_empty(),
            "example does not parse cleanly:\n{block}\n{}",
            render(&block, parsed.diagnostics())
        );
    }
}

#[test]
fn every_catalog_workout_is_shown_as_printed() {
    let document = document();
    for entry in catalog::entries() {
        let heading = format!("### `{}` — {}", entry.id, entry.title);
        assert!(document.contains(&heading), "no heading {heading:?}");
        let block = format!("```text\n{}```", print(&entry.workout()));
        assert!(
            document.contains(&block),
            "{} is not shown as printed:\n{block}",
            entry.id
        );
    }
}
