//! Text a person typed, made safe to store and to show again: the one cleaning rule for names
//! and free text.
//!
//! A name is printed in terminals, web pages, CSV files and calendar events. Control characters
//! (C0 and C1, DEL and NUL) can clear a screen or cut a file short, and the bidirectional
//! overrides and isolates (U+202A–U+202E, U+2066–U+2069) can make a name read backwards or hide
//! text inside it. None of them belongs in a runner's name or note, so they are removed on the
//! way in, by [`clean_line`] for one-line fields and by [`clean_text`] for free text that may
//! span lines. Each field's length cap is a constant beside the code that reads the field; the
//! caller passes it here so that every field is counted the same way, in characters.

use std::fmt;

/// A cleaned text longer than its field allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong {
    /// Characters after cleaning.
    pub chars: usize,
    /// The field's cap.
    pub max: usize,
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} characters; shorten it to at most {}",
            self.chars, self.max
        )
    }
}

impl std::error::Error for TooLong {}

/// Whether `c` is one of the bidirectional formatting characters that reorder the text around
/// them: the embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is removed from any text a person types: control characters (C0, DEL, C1, NUL
/// included) and bidirectional overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// One line of text, such as a name: tabs and line breaks become spaces, every other unsafe
/// character ([`is_unsafe`]) is removed, runs of spaces left by that are kept as typed, and the
/// ends are trimmed. Fails if the result has more than `max_chars` characters.
pub fn clean_line(text: &str, max_chars: usize) -> Result<String, TooLong> {
    let cleaned: String = text
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if is_unsafe(c) => None,
            c => Some(c),
        })
        .collect();
    fits(cleaned.trim().to_owned(), max_chars)
}

/// Free text that may span lines, such as a note: line breaks are kept (a CR LF or lone CR
/// becomes LF), tabs are kept, every other unsafe character is removed, and the ends are
/// trimmed. Fails if the result has more than `max_chars` characters.
pub fn clean_text(text: &str, max_chars: usize) -> Result<String, TooLong> {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let cleaned: String = unified
        .chars()
        .filter(|&c| matches!(c, '\n' | '\t') || !is_unsafe(c))
        .collect();
    fits(cleaned.trim().to_owned(), max_chars)
}

fn fits(text: String, max: usize) -> Result<String, TooLong> {
    let chars = text.chars().count();
    if chars > max {
        Err(TooLong { chars, max })
    } else {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_loses_control_and_bidi_characters_and_keeps_everything_else() {
        assert_eq!(
            clean_line("  Ada\0 Lovelace\u{7} ", 80).unwrap(),
            "Ada Lovelace"
        );
        // Right-to-left override: "Ada" followed by text that would display reversed.
        assert_eq!(clean_line("Ada\u{202E}gnp.exe", 80).unwrap(), "Adagnp.exe");
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'] {
            assert_eq!(clean_line(&format!("a{c}b"), 80).unwrap(), "ab", "{c:?}");
        }
        for c in ['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            assert_eq!(clean_line(&format!("a{c}b"), 80).unwrap(), "ab", "{c:?}");
        }
        // C1 controls (U+0080–U+009F), DEL and the ANSI escape that starts "clear screen".
        assert_eq!(
            clean_line("\u{1b}[2Ja\u{85}b\u{9f}c\u{7f}", 80).unwrap(),
            "[2Jabc"
        );
        assert_eq!(
            clean_line("one\ttwo\r\nthree", 80).unwrap(),
            "one two  three"
        );
        // Letters of every script, and the marks that join them, stay.
        assert_eq!(
            clean_line("Zoë Ólafsdóttir 李 محمد", 80).unwrap(),
            "Zoë Ólafsdóttir 李 محمد"
        );
        assert_eq!(clean_line("\0\u{202E}", 80).unwrap(), "");
    }

    #[test]
    fn free_text_keeps_its_lines_and_tabs() {
        assert_eq!(
            clean_text("windy\r\nlap 3\tslow\rback\0 straight\u{2066}", 1000).unwrap(),
            "windy\nlap 3\tslow\nback straight"
        );
    }

    #[test]
    fn the_cap_counts_characters_after_cleaning() {
        assert_eq!(clean_line(&"é".repeat(60), 60).unwrap().chars().count(), 60);
        assert_eq!(
            clean_line(&"é".repeat(61), 60),
            Err(TooLong { chars: 61, max: 60 })
        );
        // Stripped characters don't count against the cap.
        assert!(clean_line(&format!("{}\0\0", "x".repeat(60)), 60).is_ok());
        assert_eq!(
            TooLong { chars: 61, max: 60 }.to_string(),
            "61 characters; shorten it to at most 60"
        );
    }
}
