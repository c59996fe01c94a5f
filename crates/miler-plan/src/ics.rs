//! An iCalendar (RFC 5545) writer for all-day events: the shape a training plan takes in a
//! runner's calendar app.
//!
//! The writer is generic on purpose: it knows calendars and events, not plans, so the plan
//! model can change without touching the format rules and the format rules can be tested on
//! their own. Those rules are the ones calendar apps are strict about:
//!
//! - every line ends in CRLF, and a line longer than 75 octets is folded (CRLF and one space)
//!   at a character boundary, so a multi-octet UTF-8 character is never cut in two;
//! - TEXT values are escaped (`\\`, `\;`, `\,`, and `\n` for a line break);
//! - events are all-day: `DTSTART;VALUE=DATE` with `DTEND` the next day, because a session
//!   belongs to a day, not to an hour in some time zone. No `TZID` is ever written, since one
//!   would need a `VTIMEZONE` to go with it;
//! - the `UID` and `SEQUENCE` the caller supplies are written as given: a UID that stays the
//!   same across exports, with a sequence that grows when the event changes, is what lets a
//!   calendar app update an event on re-import instead of adding a duplicate.
//!
//! ```
//! use jiff::civil::date;
//! use miler_plan::ics::{self, Calendar, Event};
//!
//! let calendar = Calendar {
//!     name: "Mile plan".to_owned(),
//!     description: None,
//!     events: vec![Event {
//!         uid: "2027-01-05/goal-pace-400s@miler".to_owned(),
//!         date: date(2027, 1, 5),
//!         summary: "8 × 400 m at goal pace".to_owned(),
//!         description: "Jog 200 m between reps; walk if needed.\nCool down 10 min.".to_owned(),
//!         sequence: 2,
//!         categories: vec!["Intervals".to_owned()],
//!     }],
//! };
//! let text = ics::write(&calendar, "2026-11-23T08:30:00Z".parse().unwrap());
//! assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
//! assert!(text.contains("\r\nDTSTAMP:20261123T083000Z\r\n"));
//! assert!(text.contains("\r\nDTSTART;VALUE=DATE:20270105\r\nDTEND;VALUE=DATE:20270106\r\n"));
//! assert!(text.contains(
//!     "\r\nDESCRIPTION:Jog 200 m between reps\\; walk if needed.\\nCool down 10 min.\r\n"
//! ));
//! assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
//! ```

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;

/// A calendar to publish: a name for the calendar app to show and the events in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Written as `X-WR-CALNAME`, the name most apps give an imported or subscribed calendar.
    pub name: String,
    /// Written as `X-WR-CALDESC` when present.
    pub description: Option<String>,
    pub events: Vec<Event>,
}

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Identifies the event across exports: the same UID with a higher [`sequence`] updates
    /// the event a calendar app already holds instead of adding a second copy. RFC 5545
    /// recommends a globally unique value such as `something@domain`.
    ///
    /// [`sequence`]: Event::sequence
    pub uid: String,
    /// The day of the event. iCalendar's dates have four-digit years, so an event dated
    /// before year 0 cannot be written and is left out of the calendar.
    pub date: Date,
    pub summary: String,
    /// Free text; line breaks are kept (written as `\n`). Left out when empty.
    pub description: String,
    /// The event's revision: 0 when first published, then one more for every change, so
    /// that calendar apps accept the new version.
    pub sequence: u32,
    /// Written as one comma-separated `CATEGORIES` property; left out when empty.
    pub categories: Vec<String>,
}

/// The `PRODID` of every calendar miler writes (RFC 5545 §3.7.3: a globally unique name of
/// the product that created the calendar).
pub const PRODID: &str = "-//miler//miler plan//EN";

/// The calendar as iCalendar text, ready to be saved as an `.ics` file.
///
/// `stamp` becomes every event's `DTSTAMP` (in UTC, to the second): the time the calendar
/// was written, which RFC 5545 requires and which the caller passes in because this crate
/// reads no clock. (A stamp before year 0 has no four-digit year and is written as
/// `00000101T000000Z`.)
///
/// Text is escaped and lines folded as the module documentation describes. Control
/// characters other than tab and line feed have no place in iCalendar TEXT (RFC 5545
/// §3.3.11), so they are dropped: a carriage return disappears and a CRLF line break becomes
/// a plain `\n`.
pub fn write(calendar: &Calendar, stamp: Timestamp) -> String {
    let mut out = String::new();
    let mut line = |content: &str| push_folded(&mut out, content);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!("PRODID:{PRODID}"));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(&calendar.name)));
    if let Some(description) = &calendar.description {
        line(&format!("X-WR-CALDESC:{}", escape(description)));
    }
    let stamp = utc_date_time(stamp);
    for event in &calendar.events {
        let Some(start) = date_value(event.date) else {
            continue;
        };
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape(&event.uid)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{start}"));
        // Only 9999-12-31 has no writable next day. RFC 5545 §3.6.1 gives an all-day
        // event without DTEND a duration of one day, so leaving it out says the same thing.
        if let Some(end) = event.date.tomorrow().ok().and_then(date_value) {
            line(&format!("DTEND;VALUE=DATE:{end}"));
        }
        line(&format!("SUMMARY:{}", escape(&event.summary)));
        if !event.description.is_empty() {
            line(&format!("DESCRIPTION:{}", escape(&event.description)));
        }
        line(&format!("SEQUENCE:{}", event.sequence));
        if !event.categories.is_empty() {
            let categories: Vec<String> = event.categories.iter().map(|c| escape(c)).collect();
            line(&format!("CATEGORIES:{}", categories.join(",")));
        }
        // A training session shouldn't make the runner look busy to people booking meetings.
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// The longest a physical line may be, in octets and without its CRLF (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// Appends one content line, folded so no physical line exceeds [`MAX_LINE_OCTETS`], and
/// its CRLF. The space that starts a continuation line counts towards its length, and a fold
/// only ever falls between characters, never inside one's UTF-8 encoding.
fn push_folded(out: &mut String, content: &str) {
    let mut octets = 0;
    for c in content.chars() {
        if octets + c.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// A TEXT value escaped as RFC 5545 §3.3.11 asks: backslash, semicolon and comma behind a
/// backslash, a line feed as `\n`, and other control characters (CR among them) dropped.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | ';' | ',' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push(c),
            c if c.is_ascii_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A DATE value, `YYYYMMDD`; `None` for years iCalendar's four digits cannot hold.
fn date_value(date: Date) -> Option<String> {
    (0..=9999)
        .contains(&date.year())
        .then(|| format!("{:04}{:02}{:02}", date.year(), date.month(), date.day()))
}

/// A DATE-TIME value in UTC, `YYYYMMDDTHHMMSSZ`, truncated to the second. A time before
/// year 0 has no four-digit year and is written as the earliest one that has.
fn utc_date_time(stamp: Timestamp) -> String {
    let t = Offset::UTC.to_datetime(stamp);
    if t.year() < 0 {
        return "00000101T000000Z".to_owned();
    }
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn event(date: Date) -> Event {
        Event {
            uid: "uid@miler".to_owned(),
            date,
            summary: "Run".to_owned(),
            description: String::new(),
            sequence: 0,
            categories: Vec::new(),
        }
    }

    fn calendar(events: Vec<Event>) -> Calendar {
        Calendar {
            name: "Plan".to_owned(),
            description: None,
            events,
        }
    }

    fn stamp(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// The logical lines of `ics`: physical lines with folds undone (RFC 5545 §3.1: a CRLF
    /// followed by a space is removed; the writer never folds with a tab).
    fn unfold(ics: &str) -> Vec<String> {
        let unfolded = ics.replace("\r\n ", "");
        let body = unfolded.strip_suffix("\r\n").expect("ends in CRLF");
        body.split("\r\n").map(str::to_owned).collect()
    }

    /// The value of the first property called `name` (`NAME:value` or `NAME;params:value`).
    fn property(ics: &str, name: &str) -> Option<String> {
        unfold(ics).into_iter().find_map(|line| {
            let rest = line.strip_prefix(name)?;
            let (params, value) = rest.split_once(':')?;
            (params.is_empty() || params.starts_with(';')).then(|| value.to_owned())
        })
    }

    /// RFC 5545 §3.3.11 TEXT read back, left to right so `\\n` is a backslash and an `n`.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(c @ ('\\' | ';' | ',')) => out.push(c),
                other => panic!("invalid escape \\{other:?} in {text:?}"),
            }
        }
        out
    }

    #[test]
    fn text_is_escaped_as_rfc_5545_says() {
        for (text, escaped) in [
            ("plain", "plain"),
            // §3.3.11: "\\" encodes a backslash, "\;" a semicolon, "\," a comma and "\n" a
            // line break; a colon needs no escape.
            (r"C:\runs", r"C:\\runs"),
            ("4; 3; 2", r"4\; 3\; 2"),
            ("easy, then fast", r"easy\, then fast"),
            ("line one\nline two", r"line one\nline two"),
            ("windows\r\nbreak", r"windows\nbreak"),
            ("lone\rreturn", "lonereturn"),
            ("tab\tkept, bell\u{7} not", "tab\tkept\\, bell not"),
            (r"\n is not a break", r"\\n is not a break"),
            ("6:00 mile – 90 s per 400 m", "6:00 mile – 90 s per 400 m"),
        ] {
            assert_eq!(escape(text), escaped, "{text:?}");
            assert_eq!(unescape(&escape(text)), text.replace(['\r', '\u{7}'], ""));
        }
    }

    #[test]
    fn rfc_5545_all_day_example() {
        // The anniversary example of RFC 5545 §3.6.1, written by miler: its lines must come
        // out as the RFC prints them.
        let event = Event {
            uid: "19970901T130000Z-123403@example.com".to_owned(),
            date: date(1997, 11, 2),
            summary: "Our Blissful Anniversary".to_owned(),
            description: String::new(),
            sequence: 0,
            categories: vec![
                "ANNIVERSARY".to_owned(),
                "PERSONAL".to_owned(),
                "SPECIAL OCCASION".to_owned(),
            ],
        };
        let ics = write(&calendar(vec![event]), stamp("1997-09-01T13:00:00Z"));
        for line in [
            "UID:19970901T130000Z-123403@example.com",
            "DTSTAMP:19970901T130000Z",
            "DTSTART;VALUE=DATE:19971102",
            "SUMMARY:Our Blissful Anniversary",
            "TRANSP:TRANSPARENT",
            "CATEGORIES:ANNIVERSARY,PERSONAL,SPECIAL OCCASION",
        ] {
            assert!(ics.contains(&format!("\r\n{line}\r\n")), "{line} in\n{ics}");
        }
        // The RFC's example of a multi-day all-day event: DTEND is the day after the last.
        let festival = write(
            &calendar(vec![event_on(2007, 6, 28)]),
            stamp("2007-04-23T12:34:32Z"),
        );
        assert!(festival.contains("\r\nDTSTAMP:20070423T123432Z\r\n"));
        assert!(festival.contains("\r\nDTSTART;VALUE=DATE:20070628\r\n"));
        assert!(festival.contains("\r\nDTEND;VALUE=DATE:20070629\r\n"));
    }

    fn event_on(year: i16, month: i8, day: i8) -> Event {
        event(date(year, month, day))
    }

    #[test]
    fn an_empty_calendar_is_the_header_alone() {
        let ics = write(
            &Calendar {
                name: "Mile plan; spring".to_owned(),
                description: Some("Eight weeks, then a race".to_owned()),
                events: Vec::new(),
            },
            stamp("2026-11-23T08:00:00Z"),
        );
        assert_eq!(
            ics,
            "BEGIN:VCALENDAR\r\n\
             VERSION:2.0\r\n\
             PRODID:-//miler//miler plan//EN\r\n\
             CALSCALE:GREGORIAN\r\n\
             METHOD:PUBLISH\r\n\
             X-WR-CALNAME:Mile plan\\; spring\r\n\
             X-WR-CALDESC:Eight weeks\\, then a race\r\n\
             END:VCALENDAR\r\n"
        );
    }

    #[test]
    fn an_event_has_every_property_in_crlf_lines() {
        let ics = write(
            &calendar(vec![Event {
                uid: "2027-01-05/goal-pace-400s@miler".to_owned(),
                date: date(2027, 1, 5),
                summary: "8 × 400 m".to_owned(),
                description: "Warm up.\r\nThen run.".to_owned(),
                sequence: 3,
                categories: vec!["Intervals".to_owned(), "Goal pace, 400s".to_owned()],
            }]),
            // DTSTAMP has whole seconds, in UTC whatever the stamp's origin.
            stamp("2026-11-23T09:15:42.987+01:00"),
        );
        assert_eq!(
            unfold(&ics)[6..],
            [
                "BEGIN:VEVENT",
                "UID:2027-01-05/goal-pace-400s@miler",
                "DTSTAMP:20261123T081542Z",
                "DTSTART;VALUE=DATE:20270105",
                "DTEND;VALUE=DATE:20270106",
                "SUMMARY:8 × 400 m",
                "DESCRIPTION:Warm up.\\nThen run.",
                "SEQUENCE:3",
                "CATEGORIES:Intervals,Goal pace\\, 400s",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
                "END:VCALENDAR",
            ]
        );
        // Every line break is a CRLF and there is no other CR or LF.
        assert_eq!(ics.matches("\r\n").count(), ics.matches('\n').count());
        assert_eq!(ics.matches("\r\n").count(), ics.matches('\r').count());
        assert!(!ics.contains("TZID"));
    }

    #[test]
    fn dtend_is_the_next_day_across_months_years_and_leap_days() {
        for ((y, m, d), start, end) in [
            ((2027, 1, 31), "20270131", Some("20270201")),
            ((2027, 4, 30), "20270430", Some("20270501")),
            ((2026, 12, 31), "20261231", Some("20270101")),
            ((2027, 2, 28), "20270228", Some("20270301")),
            ((2028, 2, 28), "20280228", Some("20280229")),
            ((2028, 2, 29), "20280229", Some("20280301")),
            ((2100, 2, 28), "21000228", Some("21000301")),
            ((2000, 2, 28), "20000228", Some("20000229")),
            // No next day can be written; RFC 5545 §3.6.1 makes the event one day long.
            ((9999, 12, 31), "99991231", None),
        ] {
            let ics = write(
                &calendar(vec![event_on(y, m, d)]),
                stamp("2026-01-01T00:00:00Z"),
            );
            assert_eq!(property(&ics, "DTSTART").as_deref(), Some(start));
            assert_eq!(property(&ics, "DTEND").as_deref(), end, "after {start}");
        }
    }

    #[test]
    fn dates_icalendar_cannot_write_are_left_out() {
        let ics = write(
            &calendar(vec![event_on(-1, 6, 1), event_on(1, 6, 1)]),
            stamp("-000001-06-01T00:00:00Z"),
        );
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert_eq!(property(&ics, "DTSTART").as_deref(), Some("00010601"));
        assert_eq!(
            property(&ics, "DTSTAMP").as_deref(),
            Some("00000101T000000Z")
        );
    }

    /// The physical lines of `ics` and their lengths in octets.
    fn physical_lines(ics: &str) -> Vec<&str> {
        ics.strip_suffix("\r\n").unwrap().split("\r\n").collect()
    }

    #[test]
    fn lines_fold_at_75_octets() {
        // "SUMMARY:" is 8 octets: 67 more make a line of exactly 75, which stays whole.
        let summary = |n| Event {
            summary: "x".repeat(n),
            ..event_on(2027, 1, 5)
        };
        let ics = write(&calendar(vec![summary(67)]), stamp("2026-01-01T00:00:00Z"));
        let line = format!("SUMMARY:{}", "x".repeat(67));
        assert_eq!(line.len(), 75);
        assert!(physical_lines(&ics).contains(&line.as_str()));
        // One more octet goes to a continuation line, behind its space.
        let ics = write(&calendar(vec![summary(68)]), stamp("2026-01-01T00:00:00Z"));
        assert!(ics.contains(&format!("\r\n{line}\r\n x\r\n")));
    }

    #[test]
    fn folds_never_split_a_character() {
        // "DESCRIPTION:" is 12 octets. "é" is 2 octets: 31 fill 74 octets, and a 32nd would
        // make 76, so the first line holds 31; a continuation line holds its space and 37
        // (75 octets).
        let description = |text: String| Event {
            description: text,
            ..event_on(2027, 1, 5)
        };
        let ics = write(
            &calendar(vec![description("é".repeat(100))]),
            stamp("2026-01-01T00:00:00Z"),
        );
        let lines = physical_lines(&ics);
        let at = lines
            .iter()
            .position(|l| l.starts_with("DESCRIPTION:"))
            .unwrap();
        assert_eq!(
            lines[at..at + 3],
            [
                format!("DESCRIPTION:{}", "é".repeat(31)),
                format!(" {}", "é".repeat(37)),
                format!(" {}", "é".repeat(32)),
            ]
        );
        assert_eq!((lines[at].len(), lines[at + 1].len()), (74, 75));
        // "–" (U+2013) is 3 octets: 21 fill the first line to exactly 75, a continuation
        // line holds 24 (73 octets, as a 25th would make 76).
        let ics = write(
            &calendar(vec![description("–".repeat(60))]),
            stamp("2026-01-01T00:00:00Z"),
        );
        let lines = physical_lines(&ics);
        let at = lines
            .iter()
            .position(|l| l.starts_with("DESCRIPTION:"))
            .unwrap();
        assert_eq!(
            lines[at..at + 3],
            [
                format!("DESCRIPTION:{}", "–".repeat(21)),
                format!(" {}", "–".repeat(24)),
                format!(" {}", "–".repeat(15)),
            ]
        );
        assert_eq!((lines[at].len(), lines[at + 1].len()), (75, 73));
    }

    /// Text with everything that needs care: the escaped characters, line breaks, CRs,
    /// multi-octet characters, and the letters that follow a backslash in an escape.
    fn tricky_text() -> impl Strategy<Value = String> {
        let c = prop_oneof![
            4 => any::<char>(),
            2 => prop::sample::select(vec![
                ',', ';', '\\', '\n', '\r', 'n', 'N', ':', ' ', '\t', 'é', '–', '😀', '"'
            ]),
        ];
        prop::collection::vec(c, 0..300).prop_map(|chars| chars.into_iter().collect())
    }

    /// What survives writing: control characters other than tab and line feed are dropped.
    fn writable(text: &str) -> String {
        text.chars()
            .filter(|&c| !(c.is_ascii_control() && c != '\t' && c != '\n'))
            .collect()
    }

    proptest! {
        #[test]
        fn text_round_trips_through_folded_lines(
            summary in tricky_text(),
            description in tricky_text(),
            category in tricky_text(),
        ) {
            let event = Event {
                summary: summary.clone(),
                description: description.clone(),
                categories: vec![category.clone()],
                ..event_on(2027, 1, 5)
            };
            let ics = write(&calendar(vec![event]), stamp("2026-01-01T00:00:00Z"));
            for line in physical_lines(&ics) {
                prop_assert!(line.len() <= MAX_LINE_OCTETS, "{} octets: {line:?}", line.len());
                prop_assert!(!line.contains(['\r', '\n']));
            }
            prop_assert_eq!(unescape(&property(&ics, "SUMMARY").unwrap()), writable(&summary));
            prop_assert_eq!(
                property(&ics, "DESCRIPTION").map(|d| unescape(&d)).unwrap_or_default(),
                writable(&description)
            );
            prop_assert_eq!(unescape(&property(&ics, "CATEGORIES").unwrap()), writable(&category));
        }
    }
}
