//! Names and other free text from files, made safe to store and show: one function,
//! [`clean`], used by every reader (GPX, TCX, FIT and `activities.csv`).
//!
//! A file's text ends up in every list, page, CSV export and terminal that shows the
//! activity. So control characters (which move a terminal's cursor or clear its screen) and
//! the bidirectional overrides and isolates U+202A–U+202E and U+2066–U+2069 (which make
//! `gpx.exe` display as `exe.xpg`) are removed, tabs and line breaks become spaces, and the
//! text is cut at [`MAX_NAME_CHARS`] characters, so that a 50 MB "name" costs 200
//! characters, not 50 MB in every list.

use crate::error::Warning;

/// The most characters kept of an activity's name or sport name; the rest is cut with
/// [`Warning::TextCleaned`]. Strava allows 255-byte titles and shows about 60 characters;
/// no watch writes more than a few dozen.
pub const MAX_NAME_CHARS: usize = 200;

/// Text after [`clean`], with what was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cleaned {
    /// The text, trimmed; may be empty.
    pub(crate) text: String,
    /// Whether the text was longer than [`MAX_NAME_CHARS`] (or arrived already cut by a reader's
    /// own bound) and was cut.
    pub(crate) truncated: bool,
    /// Control and bidirectional-override characters removed or replaced.
    pub(crate) removed: usize,
}

impl Cleaned {
    /// A warning about the cleaning of `field`, or `None` when the text was clean.
    pub(crate) fn warning(&self, field: &'static str) -> Option<Warning> {
        (self.truncated || self.removed > 0).then_some(Warning::TextCleaned {
            field,
            limit: MAX_NAME_CHARS,
            truncated: self.truncated,
            removed: self.removed,
        })
    }

    /// The text, or `None` when nothing is left.
    pub(crate) fn non_empty(&self) -> Option<String> {
        (!self.text.is_empty()).then(|| self.text.clone())
    }
}

/// Whether `c` changes how text around it is displayed: the bidirectional embeddings and
/// overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Cleans a name (see the module documentation). `already_cut` says the reader stopped
/// collecting the text at its own bound, so it was longer than what is passed here.
pub(crate) fn clean(raw: &str, already_cut: bool) -> Cleaned {
    let mut text = String::with_capacity(raw.len().min(MAX_NAME_CHARS * 4));
    let mut removed = 0;
    let mut chars = 0;
    let mut truncated = already_cut;
    for c in raw.trim().chars() {
        let c = if c == '\t' || c == '\n' || c == '\r' {
            removed += 1;
            ' '
        } else if c.is_control() || is_bidi_control(c) {
            removed += 1;
            continue;
        } else {
            c
        };
        if chars == MAX_NAME_CHARS {
            truncated = true;
            break;
        }
        text.push(c);
        chars += 1;
    }
    let end = text.trim_end().len();
    text.truncate(end);
    Cleaned {
        text,
        truncated,
        removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_go() {
        let c = clean(
            " Tempo\u{1b}[2J \u{202E}gpx.exe\u{2066}\tx\u{7f}\u{85}y ",
            false,
        );
        assert_eq!(c.text, "Tempo[2J gpx.exe xy");
        assert_eq!(c.removed, 6);
        assert!(!c.truncated);
        assert!(matches!(
            c.warning("name"),
            Some(Warning::TextCleaned { removed: 6, .. })
        ));
        let clean_one = clean("Morning run é", false);
        assert_eq!(clean_one.text, "Morning run é");
        assert_eq!(clean_one.warning("name"), None);
    }

    #[test]
    fn names_are_cut_at_the_limit() {
        let at = "é".repeat(MAX_NAME_CHARS);
        let c = clean(&at, false);
        assert_eq!(
            (c.text.chars().count(), c.truncated),
            (MAX_NAME_CHARS, false)
        );
        let over = format!("{at}x");
        let c = clean(&over, false);
        assert_eq!(c.text, at);
        assert!(c.truncated);
        assert!(clean("short", true).truncated);
    }
}
