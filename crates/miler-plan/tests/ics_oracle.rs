//! A calendar full of awkward text, read back by Python's `icalendar` package: an
//! implementation that shares nothing with miler's writer. It must parse the file without
//! errors, see all-day events one day long with our UIDs and sequences, and give back every
//! summary, description and category exactly as written.

use std::path::Path;
use std::process::Command;

use jiff::civil::date;
use miler_plan::ics::{self, Calendar, Event, PRODID};
use serde_json::Value;

/// Text with every character the writer must escape, line breaks of both kinds, a colon and
/// quotes (which need no escape), backslashes next to the letters of escapes, and multi-octet
/// characters in lines long enough to fold.
fn calendar() -> Calendar {
    let event =
        |uid: &str, (y, m, d), summary: &str, description: &str, categories: &[&str]| Event {
            uid: uid.to_owned(),
            date: date(y, m, d),
            summary: summary.to_owned(),
            description: description.to_owned(),
            sequence: 0,
            categories: categories.iter().map(|c| (*c).to_owned()).collect(),
        };
    let long = "Lauf locker – 20 min, dann 6 × 200 m zügig; Gehpause 200 m. ".repeat(5);
    Calendar {
        name: "Mile plan: 6:00, then 5:45; spring".to_owned(),
        description: Some("Eight weeks\nto the Bannister mile, C:\\plans".to_owned()),
        events: vec![
            Event {
                sequence: 4,
                ..event(
                    "2027-01-05/goal-pace-400s@miler",
                    (2027, 1, 5),
                    "8 × 400 m @ 1:30, jog 200 m; \"goal pace\"",
                    "Warm up 15 min.\nThen 8 × 400 m.\r\nCool down.\n\nNotes: C:\\new\\table, \\n is not a break; \\, neither",
                    &["Intervals", "Goal pace, 400s", "a;b", "back\\slash"],
                )
            },
            event(
                "2027-01-31/long-run@miler",
                (2027, 1, 31),
                &format!("Long run {}", "é".repeat(40)),
                &long,
                &["Long run"],
            ),
            event(
                "2027-12-31/easy@miler",
                (2027, 12, 31),
                "Easy 30 min 😀",
                "",
                &[],
            ),
            Event {
                sequence: 1,
                ..event(
                    "2028-02-29/race@miler",
                    (2028, 2, 29),
                    "Race: the mile",
                    &"–".repeat(60),
                    &["Race", "Mile"],
                )
            },
        ],
    }
}

/// What `icalendar` read from `file`, after the checks `ics_oracle.py` makes itself.
fn icalendar_reads(file: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ics_oracle.py");
    let output = Command::new("python3").arg(script).arg(file).output().unwrap_or_else(|e| {
        panic!("python3 is needed for the iCalendar check ({e}); run `bash scripts/test`, which installs it")
    });
    assert!(
        output.status.success(),
        "icalendar rejected the calendar: {}\nrun `bash scripts/test`, which installs icalendar",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn icalendar_reads_back_what_miler_writes() {
    let calendar = calendar();
    let text = ics::write(&calendar, "2026-11-23T08:30:05Z".parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.ics");
    std::fs::write(&file, &text).unwrap();

    let read = icalendar_reads(&file);
    assert_eq!(read["version"], "2.0");
    assert_eq!(read["prodid"], PRODID);
    assert_eq!(read["method"], "PUBLISH");
    assert_eq!(read["name"], calendar.name);
    assert_eq!(
        read["description"],
        "Eight weeks\nto the Bannister mile, C:\\plans"
    );

    let events = read["events"].as_array().unwrap();
    assert_eq!(events.len(), calendar.events.len());
    for (got, want) in events.iter().zip(&calendar.events) {
        let next_day = want.date.tomorrow().unwrap();
        assert_eq!(got["uid"], want.uid.as_str());
        assert_eq!(got["start"], want.date.to_string(), "{}", want.uid);
        assert_eq!(got["end"], next_day.to_string(), "{}", want.uid);
        assert_eq!(got["stamp"], "2026-11-23T08:30:05Z");
        assert_eq!(got["sequence"], want.sequence);
        assert_eq!(got["transparency"], "TRANSPARENT");
        assert_eq!(got["summary"], want.summary.as_str(), "{}", want.uid);
        // The one CR in the input is dropped: iCalendar TEXT has no CR.
        assert_eq!(
            got["description"],
            want.description.replace('\r', ""),
            "{}",
            want.uid
        );
        let categories: Vec<&str> = got["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(categories, want.categories, "{}", want.uid);
    }
}
