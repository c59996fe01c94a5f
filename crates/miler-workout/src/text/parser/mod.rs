//! The parser: workout text into a [`Workout`] plus diagnostics, never failing.
//!
//! Shaped after rust-analyzer's parser: every input produces a value and a list of problems.
//! Each line is read on its own (the language is line-oriented), and a mistake costs only the
//! clause it is in: a missing unit is reported and the likeliest unit assumed, an unknown word is
//! reported and skipped, an unclosed block is reported and closed at the end. That is what lets
//! one pass report every problem in a pasted session, not just the first.
//!
//! Within a step the words may come in any order (`2min jog` and `jog 2min` are the same step)
//! because each word belongs to exactly one class — a kind, a length, a direction, a slope, a
//! venue, a feel — and the printer puts them back in one canonical order. Only a target after
//! `@` is read as a phrase, up to the end of its clause.
//!
//! This module reads lines, blocks and repeats; `step` reads one step, `target` what follows
//! `@`, and `exercise` strength and mobility steps.

use std::ops::Range;

use miler_core::Distance;

use super::diagnostic::{Diagnostic, DiagnosticKind, LineIndex, Severity};
use super::lexer::{LexProblem, Token, TokenKind, lex_line};
use super::units::{self, Quantity};
use crate::budget::{self, MAX_COUNT, MAX_STEPS, MAX_TOTAL_DURATION, Size, TooLarge};
use crate::flatten::Track;
use crate::model::{Count, Cover, Feel, Item, Move, MoveKind, Repeat, Workout};
use crate::ramp::Ramp;

const EXPECTED_LENGTH: &str = "a distance such as 400m, 1mi or 5k, or a time such as 90s, 2min or 1:30 (m is metres, min is minutes)";
const EXPECTED_TARGET: &str = "a pace (goal, mile, 5k, 400m, E, M, T, I, R, 4:00/km), optionally \
     with an offset such as goal-2s/400m or mile+45s/mi, a band a..b, faster than X, X or faster, \
     an effort (80% effort, rpe 7, mile effort) or a feel (easy, steady, comfortably hard, hard, \
     fast, sprint, all out)";
const EXPECTED_STEP: &str = "a step such as `run 400m @ goal`, `warm-up 15min easy`, \
     `8 x 400m @ goal, recovery 2min jog`, `3 x {`, `until 1mi {`, `squats 3x12` or \
     `hamstrings hold 30s`";

/// Words a move may contain, for suggestions when a word is unknown.
const MOVE_WORDS: [&str; 32] = [
    "warm-up",
    "run",
    "jog",
    "walk",
    "rest",
    "cool-down",
    "stride",
    "strides",
    "drills",
    "time-trial",
    "recovery",
    "backward",
    "forward",
    "uphill",
    "downhill",
    "flat",
    "gentle",
    "steep",
    "on",
    "track",
    "treadmill",
    "bend",
    "straight",
    "easy",
    "moderate",
    "steady",
    "comfortably",
    "hard",
    "fast",
    "sprint",
    "open",
    "mile",
];

/// Words that may start a pace target, for suggestions after `@`.
const TARGET_WORDS: [&str; 18] = [
    "goal",
    "mile",
    "E",
    "M",
    "T",
    "I",
    "R",
    "easy",
    "moderate",
    "steady",
    "comfortably",
    "hard",
    "fast",
    "sprint",
    "all",
    "rpe",
    "faster",
    "slower",
];

/// The result of parsing: the best reading of the text and every problem found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    workout: Workout,
    diagnostics: Vec<Diagnostic>,
}

impl Parse {
    /// The workout as far as it could be read. When [`Parse::has_errors`] is true, parts of it
    /// are guesses (the suggested unit, a skipped word) and it should not be trusted.
    pub fn workout(&self) -> &Workout {
        &self.workout
    }

    /// Every error and warning, in the order they appear in the text.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The workout if the text had no errors (warnings are allowed), else the diagnostics.
    pub fn into_result(self) -> Result<Workout, Vec<Diagnostic>> {
        if self.has_errors() {
            Err(self.diagnostics)
        } else {
            Ok(self.workout)
        }
    }

    pub fn into_parts(self) -> (Workout, Vec<Diagnostic>) {
        (self.workout, self.diagnostics)
    }
}

/// Parses workout text. Never panics and never fails: see [`Parse`].
pub fn parse(source: &str) -> Parse {
    let mut parser = Parser {
        index: LineIndex::new(source),
        diagnostics: Vec::new(),
        root: Vec::new(),
        root_spans: Vec::new(),
        open: Vec::new(),
    };
    let mut offset = 0;
    for raw in source.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let (tokens, problems) = lex_line(line, offset);
        for problem in problems {
            parser.lex_problem(problem);
        }
        if !tokens.is_empty() {
            parser.line(&tokens);
        }
        offset += raw.len() + 1;
    }
    parser.finish(source.len())
}

/// A block whose `{` has been read and whose `}` hasn't yet.
struct OpenBlock {
    count: Count,
    body: Vec<Item>,
    brace: Range<usize>,
    /// Where the block's header starts, for a diagnostic about the whole block.
    start: usize,
}

struct Parser<'s> {
    index: LineIndex<'s>,
    diagnostics: Vec<Diagnostic>,
    root: Vec<Item>,
    /// Where each item of `root` was written, for the budget's diagnostic.
    root_spans: Vec<Range<usize>>,
    open: Vec<OpenBlock>,
}

/// Where a move phrase stands, which decides its default kind and how missing units are
/// guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// A line of its own.
    Line,
    /// What a single-line repeat repeats.
    Rep,
    /// The recovery or rest between iterations.
    Between,
}

/// A cursor over one clause's tokens.
struct Cursor<'t, 'a> {
    tokens: &'t [Token<'a>],
    at: usize,
}

impl<'t, 'a> Cursor<'t, 'a> {
    fn new(tokens: &'t [Token<'a>]) -> Self {
        Cursor { tokens, at: 0 }
    }

    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<Token<'a>> {
        self.tokens.get(self.at + ahead).copied()
    }

    fn next(&mut self) -> Option<Token<'a>> {
        let token = self.peek();
        if token.is_some() {
            self.at += 1;
        }
        token
    }

    fn peek_word(&self) -> Option<String> {
        self.peek()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.lower())
    }

    /// Consumes the next token if it is the word `word` (any case).
    fn eat_word(&mut self, word: &str) -> Option<Token<'a>> {
        if self.peek_word().as_deref() == Some(word) {
            self.next()
        } else {
            None
        }
    }

    fn eat(&mut self, kind: TokenKind) -> Option<Token<'a>> {
        if self.peek().is_some_and(|t| t.kind == kind) {
            self.next()
        } else {
            None
        }
    }

    fn at_end(&self) -> bool {
        self.at >= self.tokens.len()
    }

    fn rest(&self) -> &'t [Token<'a>] {
        &self.tokens[self.at.min(self.tokens.len())..]
    }
}

/// Splits a line's tokens at top-level commas.
fn clauses<'t, 'a>(tokens: &'t [Token<'a>]) -> Vec<&'t [Token<'a>]> {
    tokens.split(|t| t.kind == TokenKind::Comma).collect()
}

fn span_of(tokens: &[Token<'_>]) -> Range<usize> {
    match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => first.start..last.end(),
        _ => 0..0,
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub(crate) fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|&candidate| (edit_distance(&word, &candidate.to_lowercase()), candidate))
        .filter(|&(distance, candidate)| {
            // Single letters are one edit from anything; suggesting them would be noise.
            let length = candidate.chars().count();
            length >= 3 && distance > 0 && distance <= (length / 2).clamp(1, 3)
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions each cost one, so `gaol` is one edit from `goal`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

fn feel_word(word: &str) -> Option<Feel> {
    Some(match word {
        "easy" | "conversational" => Feel::Easy,
        "moderate" => Feel::Moderate,
        "steady" => Feel::Steady,
        "hard" => Feel::Hard,
        "fast" | "quick" => Feel::Fast,
        "sprint" => Feel::Sprint,
        _ => return None,
    })
}

fn kind_word(word: &str) -> Option<MoveKind> {
    Some(match word {
        "warm-up" | "warmup" => MoveKind::WarmUp,
        "run" | "rep" | "reps" => MoveKind::Run,
        "jog" => MoveKind::Jog,
        "walk" => MoveKind::Walk,
        "rest" => MoveKind::Rest,
        "cool-down" | "cooldown" => MoveKind::CoolDown,
        "stride" | "strides" => MoveKind::Stride,
        "drill" | "drills" => MoveKind::Drills,
        "time-trial" | "timetrial" => MoveKind::TimeTrial,
        _ => return None,
    })
}

impl<'s> Parser<'s> {
    fn report(
        &mut self,
        severity: Severity,
        kind: DiagnosticKind,
        span: Range<usize>,
        message: impl Into<String>,
        expected: Option<&str>,
        help: Option<String>,
    ) {
        let (line, column) = self.index.position(span.start);
        self.diagnostics.push(Diagnostic {
            severity,
            kind,
            span,
            line,
            column,
            message: message.into(),
            expected: expected.map(str::to_owned),
            help,
        });
    }

    fn error(
        &mut self,
        kind: DiagnosticKind,
        span: Range<usize>,
        message: impl Into<String>,
        expected: Option<&str>,
        help: Option<String>,
    ) {
        self.report(Severity::Error, kind, span, message, expected, help);
    }

    fn lex_problem(&mut self, problem: LexProblem) {
        match problem {
            LexProblem::UnexpectedCharacter(span, c) => {
                let help = if c == ';' {
                    "write one step per line"
                } else {
                    "write steps with words and numbers; notes go in double quotes"
                };
                self.error(
                    DiagnosticKind::UnexpectedCharacter,
                    span,
                    format!("`{c}` has no meaning in a workout"),
                    None,
                    Some(help.into()),
                )
            }
            LexProblem::UnterminatedNote(span) => self.error(
                DiagnosticKind::UnterminatedNote,
                span,
                "this note has no closing `\"`",
                Some("a note in double quotes on one line, such as \"glance over the shoulder\""),
                Some("add a `\"` at the end of the note".into()),
            ),
        }
    }

    fn push(&mut self, item: Item, span: Range<usize>) {
        match self.open.last_mut() {
            Some(block) => block.body.push(item),
            None => {
                self.root.push(item);
                self.root_spans.push(span);
            }
        }
    }

    /// Holds the workout to the size budget ([`Size::check`]). An oversized workout is
    /// reported once, at the outermost item (a whole top-level repeat) where the running total
    /// crosses the limit, with what the whole workout expands to.
    fn check_budget(&mut self) {
        let track = Track::OUTDOOR_400;
        let Err(too_large) = Size::from(budget::items_size(&self.root, &track)).check() else {
            return;
        };
        let mut running = budget::Tally::default();
        let mut at = self.root_spans.last().cloned().unwrap_or(0..0);
        for (item, span) in self.root.iter().zip(&self.root_spans) {
            running = running.add(budget::item_size(item, &track));
            if Size::from(running).check().is_err() {
                at = span.clone();
                break;
            }
        }
        let (message, expected) = match too_large {
            TooLarge::Steps { steps } => (
                format!(
                    "the workout expands to {steps} steps, more than the {MAX_STEPS} a workout may have"
                ),
                format!(
                    "at most {MAX_STEPS} steps once repeats are expanded, counting the recoveries between reps"
                ),
            ),
            TooLarge::Duration { time } => (
                format!(
                    "the workout's timed steps add up to {time}, more than {MAX_TOTAL_DURATION}"
                ),
                format!("at most {MAX_TOTAL_DURATION} of timed steps once repeats are expanded"),
            ),
        };
        self.error(
            DiagnosticKind::TooLarge,
            at,
            message,
            Some(&expected),
            Some("use smaller repeat counts, or split the session into several workouts".into()),
        );
    }

    fn finish(mut self, end: usize) -> Parse {
        while let Some(block) = self.open.pop() {
            self.error(
                DiagnosticKind::UnclosedBrace,
                block.brace.clone(),
                "this `{` is never closed",
                Some("`}` on a line of its own after the block's last step"),
                Some("add a line with `}` where the block ends".into()),
            );
            self.close_block(block, None, false, end..end);
        }
        self.check_budget();
        if self.root.is_empty() {
            self.error(
                DiagnosticKind::EmptyWorkout,
                0..0,
                "there is no step in this workout",
                Some(EXPECTED_STEP),
                None,
            );
        }
        self.diagnostics.sort_by_key(|d| d.span.start);
        Parse {
            workout: Workout { items: self.root },
            diagnostics: self.diagnostics,
        }
    }

    fn close_block(
        &mut self,
        block: OpenBlock,
        between: Option<Move>,
        each_faster: bool,
        span: Range<usize>,
    ) {
        if block.body.is_empty() {
            self.error(
                DiagnosticKind::EmptyBlock,
                block.brace.start..span.end.max(block.brace.end),
                "this block has no steps",
                Some("one or more steps between `{` and `}`"),
                None,
            );
            return;
        }
        self.push(
            Item::Repeat(Repeat {
                count: block.count,
                body: block.body,
                between,
                each_faster,
            }),
            block.start..span.end.max(block.brace.end),
        );
    }

    fn line(&mut self, tokens: &[Token<'_>]) {
        let first = tokens[0];
        if first.kind == TokenKind::RBrace {
            self.close(first, &tokens[1..]);
            return;
        }
        let last = tokens[tokens.len() - 1];
        if last.kind == TokenKind::LBrace {
            self.open_block(&tokens[..tokens.len() - 1], last);
            return;
        }
        // A brace anywhere else is a block written on one line; read what comes before it.
        let tokens = match tokens
            .iter()
            .position(|t| matches!(t.kind, TokenKind::LBrace | TokenKind::RBrace))
        {
            Some(at) => {
                self.error(
                    DiagnosticKind::Unexpected,
                    tokens[at].span(),
                    format!("`{}` must end or start a line", tokens[at].text),
                    Some("a block written over several lines: `3 x {`, its steps, then `}`"),
                    None,
                );
                &tokens[..at]
            }
            None => tokens,
        };
        if tokens.is_empty() {
            return;
        }
        if let Some((count, rest)) = self.repeat_prefix(tokens) {
            self.single_line_repeat(count, rest, span_of(tokens));
            return;
        }
        if tokens[0].kind == TokenKind::Word && tokens[0].lower() == "until" {
            self.error(
                DiagnosticKind::Unexpected,
                tokens[0].span(),
                "`until` opens a block",
                Some("`until 1mi {` at the end of the line, the steps, then `}`"),
                None,
            );
            return;
        }
        let mut parts = clauses(tokens).into_iter();
        let head = parts.next().unwrap_or(&[]);
        if let Some(step) = self.step(head, Context::Line) {
            self.push(Item::Step(step), span_of(tokens));
        }
        for clause in parts {
            if clause.is_empty() {
                continue;
            }
            self.error(
                DiagnosticKind::MisplacedClause,
                span_of(clause),
                format!("`{}` follows a single step", self.text_of(clause)),
                Some("recoveries and rests between reps after a repeat, as in `8 x 400m, recovery 2min jog`"),
                Some("put the step between iterations on a repeat, or write it on its own line".into()),
            );
        }
    }

    fn text_of(&self, tokens: &[Token<'_>]) -> String {
        tokens.iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
    }

    /// Reads `N x` or `A->B x` at the start of a line.
    fn repeat_prefix<'t, 'a>(
        &mut self,
        tokens: &'t [Token<'a>],
    ) -> Option<(Ramp<u32>, &'t [Token<'a>])> {
        let is_count =
            |t: &Token<'_>| t.kind == TokenKind::Number && units::split_number(t.text).1.is_empty();
        if !is_count(&tokens[0]) {
            return None;
        }
        let mut at = 1;
        let mut range = None;
        while at + 1 < tokens.len()
            && matches!(tokens[at].kind, TokenKind::Arrow | TokenKind::Minus)
            && is_count(&tokens[at + 1])
        {
            if tokens[at].kind == TokenKind::Minus {
                range = Some(tokens[0].start..tokens[at + 1].end());
            }
            at += 2;
        }
        if tokens.get(at).is_none_or(|t| t.kind != TokenKind::Times) {
            return None;
        }
        if let Some(span) = range {
            let written = &self.source(span.clone());
            self.error(
                DiagnosticKind::RangeNotRamp,
                span,
                format!("`{written}` is a range; the language writes a progression with `->`"),
                Some("a count such as 8, or a progression such as 6->10 (6 building to 10 over the cycle)"),
                Some(format!("did you mean `{}`?", written.replace(['-', '−', '–', '—'], "->"))),
            );
        }
        // A bad count is reported and read as 1 so the rest of the line still parses.
        let counts = tokens[..at]
            .iter()
            .step_by(2)
            .map(|token| self.count(*token).unwrap_or(1))
            .collect();
        Some((Ramp::through(counts)?, &tokens[at + 1..]))
    }

    fn source(&self, span: Range<usize>) -> String {
        self.index.slice(span).to_owned()
    }

    /// A whole number from 1 to [`MAX_COUNT`]; reports and returns `None` otherwise.
    fn count(&mut self, token: Token<'_>) -> Option<u32> {
        let (digits, unit) = units::split_number(token.text);
        let value = units::number(digits);
        match value {
            Some(v)
                if unit.is_empty() && v.fract() == 0.0 && v >= 1.0 && v <= f64::from(MAX_COUNT) =>
            {
                Some(v as u32)
            }
            _ => {
                self.error(
                    DiagnosticKind::BadNumber,
                    token.span(),
                    format!("`{}` is not a count", token.text),
                    Some(&format!("a whole number from 1 to {MAX_COUNT}")),
                    None,
                );
                None
            }
        }
    }

    fn single_line_repeat(&mut self, count: Ramp<u32>, rest: &[Token<'_>], span: Range<usize>) {
        let mut parts = clauses(rest).into_iter();
        let head = parts.next().unwrap_or(&[]);
        if head.is_empty() {
            self.error(
                DiagnosticKind::ExpectedStep,
                span,
                "nothing follows the repeat count",
                Some("what to repeat, as in `8 x 400m @ goal`, or `{` to open a block"),
                None,
            );
            return;
        }
        let Some(step) = self.step(head, Context::Rep) else {
            return;
        };
        let (between, each_faster) = self.repeat_clauses(parts.collect());
        self.push(
            Item::Repeat(Repeat {
                count: Count::Times(count),
                body: vec![Item::Step(step)],
                between,
                each_faster,
            }),
            span,
        );
    }

    /// Reads the clauses after a repeat: the step between iterations and `each faster`.
    fn repeat_clauses(&mut self, clauses: Vec<&[Token<'_>]>) -> (Option<Move>, bool) {
        let mut between: Option<Move> = None;
        let mut each_faster = false;
        for clause in clauses {
            if clause.is_empty() {
                continue;
            }
            let mut cursor = Cursor::new(clause);
            if cursor.eat_word("each").is_some() {
                if cursor.eat_word("faster").is_none() || !cursor.at_end() {
                    self.error(
                        DiagnosticKind::Unexpected,
                        span_of(clause),
                        format!("`{}` is not a clause of a repeat", self.text_of(clause)),
                        Some("`each faster`, or a recovery such as `recovery 2min jog` or `rest 3min`"),
                        None,
                    );
                }
                if each_faster {
                    self.duplicate(span_of(clause), "`each faster`");
                }
                each_faster = true;
                continue;
            }
            if let Some(step) = self.move_phrase(clause, Context::Between) {
                if between.is_some() {
                    self.duplicate(span_of(clause), "the step between iterations");
                } else {
                    between = Some(step);
                }
            }
        }
        (between, each_faster)
    }

    fn duplicate(&mut self, span: Range<usize>, what: &str) {
        self.error(
            DiagnosticKind::Duplicate,
            span,
            format!("{what} is given twice"),
            None,
            Some("keep one of them".into()),
        );
    }

    fn open_block(&mut self, header: &[Token<'_>], brace: Token<'_>) {
        let count = if header.is_empty() {
            self.error(
                DiagnosticKind::ExpectedStep,
                brace.span(),
                "a block needs to say how often it runs",
                Some("`3 x {` or `until 1mi {`"),
                None,
            );
            Count::Times(Ramp::fixed(1))
        } else if header[0].kind == TokenKind::Word && header[0].lower() == "until" {
            self.until_header(&header[1..], header[0])
        } else {
            match self.repeat_prefix(header) {
                Some((count, rest)) => {
                    if !rest.is_empty() {
                        self.error(
                            DiagnosticKind::Unexpected,
                            span_of(rest),
                            format!("`{}` can't stand before a block's `{{`", self.text_of(rest)),
                            Some("`3 x {` with the block's steps on the following lines"),
                            None,
                        );
                    }
                    Count::Times(count)
                }
                None => {
                    self.error(
                        DiagnosticKind::ExpectedStep,
                        span_of(header),
                        format!(
                            "`{}` doesn't say how often the block runs",
                            self.text_of(header)
                        ),
                        Some("`3 x {` or `until 1mi {`"),
                        None,
                    );
                    Count::Times(Ramp::fixed(1))
                }
            }
        };
        self.open.push(OpenBlock {
            count,
            body: Vec::new(),
            brace: brace.span(),
            start: header.first().map_or(brace.start, |t| t.start),
        });
    }

    fn until_header(&mut self, rest: &[Token<'_>], until: Token<'_>) -> Count {
        let fallback = Count::Until(Cover::Distance(Distance::MILE));
        let mut cursor = Cursor::new(rest);
        let Some(waypoints) = self.length_waypoints(&mut cursor, Context::Line) else {
            self.error(
                DiagnosticKind::ExpectedStep,
                until.span(),
                "`until` needs a distance or a time to cover",
                Some("`until 1mi {` or `until 20min {`"),
                None,
            );
            return fallback;
        };
        if !cursor.at_end() {
            self.error(
                DiagnosticKind::Unexpected,
                span_of(cursor.rest()),
                format!("`{}` can't follow `until`", self.text_of(cursor.rest())),
                Some("`until 1mi {` or `until 20min {`"),
                None,
            );
        }
        if waypoints.len() > 1 {
            self.error(
                DiagnosticKind::Unexpected,
                span_of(rest),
                "an `until` block covers one distance or time, not a progression",
                Some("`until 1mi {`"),
                None,
            );
        }
        match waypoints[0].quantity {
            Quantity::Distance(d) => Count::Until(Cover::Distance(d)),
            Quantity::Time(t) => Count::Until(Cover::Time(t)),
        }
    }

    fn close(&mut self, brace: Token<'_>, rest: &[Token<'_>]) {
        let Some(block) = self.open.pop() else {
            self.error(
                DiagnosticKind::UnmatchedBrace,
                brace.span(),
                "this `}` has no block to close",
                Some("a `}` only after a block opened with `3 x {` or `until 1mi {`"),
                Some("remove it, or open the block it should close".into()),
            );
            return;
        };
        let rest = match rest.first() {
            Some(t) if t.kind == TokenKind::Comma => &rest[1..],
            _ => rest,
        };
        let (between, each_faster) = if rest.is_empty() {
            (None, false)
        } else {
            self.repeat_clauses(clauses(rest))
        };
        self.close_block(block, between, each_faster, brace.span());
    }
}

mod exercise;
mod step;
mod target;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_forgive_one_slip() {
        assert_eq!(closest("gaol", &TARGET_WORDS), Some("goal"));
        assert_eq!(closest("recvery", &MOVE_WORDS), Some("recovery"));
        assert_eq!(closest("uphil", &MOVE_WORDS), Some("uphill"));
        assert_eq!(closest("banana", &TARGET_WORDS), None);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }
}
