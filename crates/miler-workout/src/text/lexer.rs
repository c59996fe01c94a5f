//! The lexer: one line of workout text into tokens with byte spans.
//!
//! The language is line-oriented, so the lexer works a line at a time and never looks past a
//! line break; a stray character or an unterminated note costs one diagnostic and the rest of
//! the line still lexes. Numbers keep a unit glued to them as one token (`400m`, `2min`,
//! `80%`) because that is how runners write them and how the unit stays attached to its value;
//! a space between (`15 min`) is joined back up by the parser. Typographic variants people
//! paste from documents (`×`, `→`, `−`, `–`) lex like their ASCII forms.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Letters, then letters, digits, `'` or `-` before a letter: `warm-up`, `single-leg`.
    Word,
    /// Digits with an optional fraction and a glued unit: `400m`, `0.25mi`, `80%`, `12`.
    Number,
    /// A stopwatch time: `1:30`, `5:59.4`, `1:02:30`.
    Clock,
    /// A note in double quotes, quotes included.
    Quoted,
    At,
    Comma,
    LBrace,
    RBrace,
    Tilde,
    Plus,
    Minus,
    Slash,
    /// `->` or `→`.
    Arrow,
    /// `..`.
    DotDot,
    /// `x` or `×` between a count and what is repeated.
    Times,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub(crate) kind: TokenKind,
    pub(crate) text: &'a str,
    /// Byte offset of the token in the whole source.
    pub(crate) start: usize,
}

impl Token<'_> {
    pub(crate) fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }

    pub(crate) fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// The word in lower case, for matching keywords whatever the runner's capitals.
    pub(crate) fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// A problem the lexer found: a byte span and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LexProblem {
    UnexpectedCharacter(Range<usize>, char),
    UnterminatedNote(Range<usize>),
}

/// Lexes one line (without its line break) that starts at byte `offset` of the source.
pub(crate) fn lex_line(line: &str, offset: usize) -> (Vec<Token<'_>>, Vec<LexProblem>) {
    let mut tokens = Vec::new();
    let mut problems = Vec::new();
    let bytes: Vec<(usize, char)> = line.char_indices().collect();
    let char_at = |i: usize| bytes.get(i).map(|&(_, c)| c);
    let byte_at = |i: usize| bytes.get(i).map_or(line.len(), |&(at, _)| at);
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i].1;
        let start = i;
        let kind = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '#' => break,
            '"' => {
                i += 1;
                while char_at(i).is_some_and(|c| c != '"') {
                    i += 1;
                }
                if char_at(i) == Some('"') {
                    i += 1;
                } else {
                    problems.push(LexProblem::UnterminatedNote(
                        offset + byte_at(start)..offset + line.len(),
                    ));
                }
                TokenKind::Quoted
            }
            c if c.is_ascii_digit()
                || (c == '.' && char_at(i + 1).is_some_and(|c| c.is_ascii_digit())) =>
            {
                let mut kind = TokenKind::Number;
                i = digits(&bytes, i);
                i = fraction(&bytes, i);
                while char_at(i) == Some(':') && char_at(i + 1).is_some_and(|c| c.is_ascii_digit())
                {
                    kind = TokenKind::Clock;
                    i = digits(&bytes, i + 1);
                }
                if kind == TokenKind::Clock {
                    i = fraction(&bytes, i);
                }
                // A glued unit, unless the next letter is the `x` of `8x400m` or `3x12`.
                if !starts_times(&bytes, i) {
                    while char_at(i).is_some_and(|c| c.is_alphabetic() || c == '%') {
                        i += 1;
                    }
                }
                kind
            }
            c if c.is_alphabetic() => {
                if starts_times(&bytes, i) {
                    i += 1;
                    TokenKind::Times
                } else {
                    i += 1;
                    while let Some(c) = char_at(i) {
                        let joins = c.is_alphanumeric()
                            || c == '\''
                            || c == '_'
                            || (c == '-' && char_at(i + 1).is_some_and(char::is_alphabetic));
                        if !joins {
                            break;
                        }
                        i += 1;
                    }
                    TokenKind::Word
                }
            }
            '×' => {
                i += 1;
                TokenKind::Times
            }
            '@' => single(&mut i, TokenKind::At),
            ',' => single(&mut i, TokenKind::Comma),
            '{' => single(&mut i, TokenKind::LBrace),
            '}' => single(&mut i, TokenKind::RBrace),
            '~' => single(&mut i, TokenKind::Tilde),
            '+' => single(&mut i, TokenKind::Plus),
            '/' => single(&mut i, TokenKind::Slash),
            '→' => single(&mut i, TokenKind::Arrow),
            '-' if char_at(i + 1) == Some('>') => {
                i += 2;
                TokenKind::Arrow
            }
            '-' | '−' | '–' | '—' => single(&mut i, TokenKind::Minus),
            '.' if char_at(i + 1) == Some('.') => {
                i += 2;
                TokenKind::DotDot
            }
            other => {
                i += 1;
                problems.push(LexProblem::UnexpectedCharacter(
                    offset + byte_at(start)..offset + byte_at(i),
                    other,
                ));
                continue;
            }
        };
        let (from, to) = (byte_at(start), byte_at(i));
        tokens.push(Token {
            kind,
            text: &line[from..to],
            start: offset + from,
        });
    }
    (tokens, problems)
}

fn single(i: &mut usize, kind: TokenKind) -> TokenKind {
    *i += 1;
    kind
}

fn digits(chars: &[(usize, char)], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|&(_, c)| c.is_ascii_digit()) {
        i += 1;
    }
    i
}

/// A `.` followed by digits; a lone `.` or `..` is left for the next token.
fn fraction(chars: &[(usize, char)], i: usize) -> usize {
    let dot = chars.get(i).is_some_and(|&(_, c)| c == '.');
    let digit = chars.get(i + 1).is_some_and(|&(_, c)| c.is_ascii_digit());
    if dot && digit {
        digits(chars, i + 1)
    } else {
        i
    }
}

/// Whether an `x` at `i` is the repeat sign: an `x` or `X` not followed by another letter.
fn starts_times(chars: &[(usize, char)], i: usize) -> bool {
    let is_x = chars
        .get(i)
        .is_some_and(|&(_, c)| c == 'x' || c == 'X' || c == '×');
    let letter_follows = chars.get(i + 1).is_some_and(|&(_, c)| c.is_alphabetic());
    is_x && !letter_follows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<(TokenKind, &str)> {
        let (tokens, problems) = lex_line(line, 0);
        assert!(problems.is_empty(), "{problems:?}");
        tokens.into_iter().map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn lexes_what_runners_write() {
        use TokenKind::*;
        assert_eq!(
            kinds("8 x 400m @ goal-2s/400m, recovery 2min->30s jog"),
            [
                (Number, "8"),
                (Times, "x"),
                (Number, "400m"),
                (At, "@"),
                (Word, "goal"),
                (Minus, "-"),
                (Number, "2s"),
                (Slash, "/"),
                (Number, "400m"),
                (Comma, ","),
                (Word, "recovery"),
                (Number, "2min"),
                (Arrow, "->"),
                (Number, "30s"),
                (Word, "jog"),
            ]
        );
        assert_eq!(
            kinds("8x400m squats 3x12 ×"),
            [
                (Number, "8"),
                (Times, "x"),
                (Number, "400m"),
                (Word, "squats"),
                (Number, "3"),
                (Times, "x"),
                (Number, "12"),
                (Times, "×"),
            ]
        );
        assert_eq!(
            kinds("warm-up 5:59.4 mile+40s/mi..mile+50s/mi # comment"),
            [
                (Word, "warm-up"),
                (Clock, "5:59.4"),
                (Word, "mile"),
                (Plus, "+"),
                (Number, "40s"),
                (Slash, "/"),
                (Word, "mi"),
                (DotDot, ".."),
                (Word, "mile"),
                (Plus, "+"),
                (Number, "50s"),
                (Slash, "/"),
                (Word, "mi"),
            ]
        );
        assert_eq!(
            kinds("~100m \"glance, then go\" 80% 6–10 → xylophone"),
            [
                (Tilde, "~"),
                (Number, "100m"),
                (Quoted, "\"glance, then go\""),
                (Number, "80%"),
                (Number, "6"),
                (Minus, "–"),
                (Number, "10"),
                (Arrow, "→"),
                (Word, "xylophone"),
            ]
        );
    }

    #[test]
    fn reports_stray_characters_and_open_notes_and_goes_on() {
        let (tokens, problems) = lex_line("run 1mi ; \"open note", 10);
        assert_eq!(tokens.len(), 3);
        assert_eq!(
            problems,
            [
                LexProblem::UnexpectedCharacter(18..19, ';'),
                LexProblem::UnterminatedNote(20..30),
            ]
        );
    }
}
