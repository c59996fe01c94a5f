//! Steps: telling a move, a strength exercise and a stretch apart, and reading a move's words,
//! lengths and ramps in any order.
//!
//! A move is a bag of words because each word belongs to one class; what this module adds to
//! the words is the checks that need the whole step, such as a length in metres that is surely
//! minutes, which can only be judged once the kind of step is known.

use std::ops::Range;

use miler_core::{Distance, Duration};

use super::{
    Context, Cursor, EXPECTED_LENGTH, EXPECTED_STEP, MOVE_WORDS, Parser, closest, feel_word,
    kind_word, span_of,
};
use crate::model::{
    Direction, Effort, Feel, Grade, Length, MobilityKind, Move, MoveKind, Slope, Step, Target,
    TrackPart, Venue,
};
use crate::ramp::Ramp;
use crate::text::diagnostic::{DiagnosticKind, Severity};
use crate::text::lexer::{Token, TokenKind};
use crate::text::units::{self, Quantity, Unit};

/// One waypoint of a length as written, kept to check for slips once the kind is known.
pub(super) struct Written<'a> {
    pub(super) token: Token<'a>,
    /// The unit token when it was written apart from the number (`15 m`).
    pub(super) unit: Option<Token<'a>>,
    pub(super) quantity: Quantity,
}

/// Everything a move phrase said, before defaults are filled in.
#[derive(Default)]
struct MoveParts {
    kind: Option<MoveKind>,
    recovery: bool,
    length: Option<Length>,
    target: Option<Target>,
    direction: Option<Direction>,
    slope: Option<Slope>,
    venue: Option<Venue>,
    note: Option<String>,
}

impl Parser<'_> {
    /// One step of any family.
    pub(super) fn step(&mut self, tokens: &[Token<'_>], context: Context) -> Option<Step> {
        let words: Vec<String> = tokens
            .iter()
            .take_while(|t| t.kind == TokenKind::Word)
            .map(Token::lower)
            .collect();
        let first = words.first().map(String::as_str);
        if first == Some("foam-roll")
            || (first == Some("foam") && words.get(1).map(String::as_str) == Some("roll"))
        {
            return self.mobility(tokens, MobilityKind::FoamRoll);
        }
        let holds = tokens
            .iter()
            .any(|t| t.kind == TokenKind::Word && t.lower() == "hold");
        if first == Some("stretch") || holds {
            return self.mobility(tokens, MobilityKind::Stretch);
        }
        let named = words.len();
        // An exercise's name never contains a kind of move, so `jog 3x12` is a slip, not an
        // exercise called "jog".
        let sets_follow = named > 0
            && words.iter().all(|word| {
                kind_word(word).is_none() && !matches!(word.as_str(), "recovery" | "until")
            })
            && tokens.get(named).is_some_and(|t| {
                t.kind == TokenKind::Number && units::split_number(t.text).1.is_empty()
            })
            && tokens
                .get(named + 1)
                .is_some_and(|t| t.kind == TokenKind::Times);
        if sets_follow {
            return self.strength(tokens, named);
        }
        self.move_phrase(tokens, context).map(Step::Move)
    }

    pub(super) fn move_phrase(&mut self, tokens: &[Token<'_>], context: Context) -> Option<Move> {
        let mut parts = MoveParts::default();
        let mut written: Vec<Written<'_>> = Vec::new();
        let mut pending_grade: Option<(Grade, Token<'_>)> = None;
        let mut cursor = Cursor::new(tokens);
        while let Some(token) = cursor.peek() {
            match token.kind {
                TokenKind::Word => {
                    self.move_word(&mut cursor, &mut parts, &mut pending_grade, &mut written)
                }
                TokenKind::Number | TokenKind::Clock | TokenKind::Tilde => {
                    let start = cursor.at;
                    let approx = cursor.eat(TokenKind::Tilde).is_some();
                    let length_follows = cursor
                        .peek()
                        .is_some_and(|t| matches!(t.kind, TokenKind::Number | TokenKind::Clock));
                    if approx && !length_follows {
                        self.error(
                            DiagnosticKind::Unexpected,
                            token.span(),
                            "`~` needs a length after it",
                            Some("`~100m` for about 100 metres"),
                            None,
                        );
                        continue;
                    }
                    match self.length_waypoints(&mut cursor, context) {
                        Some(waypoints) => {
                            let span = span_of(&tokens[start..cursor.at]);
                            let length =
                                self.length_from(waypoints, approx, span.clone(), &mut written);
                            self.set_once(&mut parts.length, length, span, "the length");
                        }
                        None => {
                            if cursor.at == start {
                                cursor.next();
                            }
                        }
                    }
                }
                TokenKind::At => {
                    cursor.next();
                    let end = cursor
                        .rest()
                        .iter()
                        .position(|t| t.kind == TokenKind::Quoted)
                        .map_or(tokens.len(), |p| cursor.at + p);
                    let target_tokens = &tokens[cursor.at..end];
                    if let Some(target) = self.target(target_tokens, token) {
                        let span = token.start..span_of(target_tokens).end.max(token.end());
                        self.set_once(&mut parts.target, target, span, "the target");
                    }
                    cursor.at = end;
                }
                TokenKind::Quoted => {
                    cursor.next();
                    let note = token.text.trim_start_matches('"').trim_end_matches('"');
                    let note = note.trim().to_owned();
                    if !note.is_empty() {
                        self.set_once(&mut parts.note, note, token.span(), "the note");
                    }
                }
                TokenKind::Times => {
                    cursor.next();
                    self.error(
                        DiagnosticKind::Unexpected,
                        token.span(),
                        "`x` repeats what follows it and needs a count before it",
                        Some("the count first, as in `8 x 400m`"),
                        None,
                    );
                }
                _ => {
                    cursor.next();
                    self.error(
                        DiagnosticKind::Unexpected,
                        token.span(),
                        format!("`{}` can't stand here", token.text),
                        Some(EXPECTED_STEP),
                        None,
                    );
                }
            }
        }
        if let Some((_, token)) = pending_grade {
            self.gentle_without_hill(token);
        }
        let says_something = parts.kind.is_some() || parts.length.is_some() || parts.recovery;
        if !says_something {
            if !tokens.is_empty() && self.diagnostics_within(span_of(tokens)) == 0 {
                self.error(
                    DiagnosticKind::ExpectedStep,
                    span_of(tokens),
                    format!("`{}` doesn't say what to do", self.text_of(tokens)),
                    Some(EXPECTED_STEP),
                    Some("start with a kind of step (run, jog, walk, rest, warm-up, cool-down, stride) or a length".into()),
                );
            }
            return None;
        }
        let kind = parts.kind.unwrap_or(match context {
            Context::Between => MoveKind::Jog,
            _ if parts.recovery => MoveKind::Jog,
            _ => MoveKind::Run,
        });
        self.check_slips(kind, &written);
        Some(Move {
            kind,
            length: parts.length.unwrap_or(Length::Open),
            target: parts.target,
            direction: parts.direction.unwrap_or_default(),
            slope: parts.slope.unwrap_or_default(),
            venue: parts.venue.unwrap_or_default(),
            note: parts.note,
        })
    }

    fn diagnostics_within(&self, span: Range<usize>) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.span.start >= span.start && d.span.start < span.end.max(span.start + 1))
            .count()
    }

    fn gentle_without_hill(&mut self, token: Token<'_>) {
        self.error(
            DiagnosticKind::Unexpected,
            token.span(),
            format!("`{}` describes a hill but no hill follows", token.text),
            Some("`gentle downhill`, `steep uphill`"),
            None,
        );
    }

    fn set_once<T>(&mut self, slot: &mut Option<T>, value: T, span: Range<usize>, what: &str) {
        if slot.is_some() {
            self.duplicate(span, what);
        } else {
            *slot = Some(value);
        }
    }

    fn move_word<'a>(
        &mut self,
        cursor: &mut Cursor<'_, 'a>,
        parts: &mut MoveParts,
        pending_grade: &mut Option<(Grade, Token<'a>)>,
        written: &mut Vec<Written<'a>>,
    ) {
        let token = cursor.next().expect("a word was peeked");
        let word = token.lower();
        let span = token.span();
        if let Some(kind) = kind_word(&word) {
            self.set_once(&mut parts.kind, kind, span, "the kind of step");
            return;
        }
        let pair = |cursor: &mut Cursor<'_, 'a>, second: &str| cursor.eat_word(second).is_some();
        match word.as_str() {
            "warm" if pair(cursor, "up") => {
                self.set_once(&mut parts.kind, MoveKind::WarmUp, span, "the kind of step")
            }
            "cool" if pair(cursor, "down") => self.set_once(
                &mut parts.kind,
                MoveKind::CoolDown,
                span,
                "the kind of step",
            ),
            "time" if pair(cursor, "trial") => self.set_once(
                &mut parts.kind,
                MoveKind::TimeTrial,
                span,
                "the kind of step",
            ),
            "recovery" => parts.recovery = true,
            "backward" | "backwards" => self.set_once(
                &mut parts.direction,
                Direction::Backward,
                span,
                "the direction",
            ),
            "forward" | "forwards" => self.set_once(
                &mut parts.direction,
                Direction::Forward,
                span,
                "the direction",
            ),
            "gentle" | "steep" => {
                if let Some((_, earlier)) = pending_grade.take() {
                    self.gentle_without_hill(earlier);
                }
                let grade = if word == "gentle" {
                    Grade::Gentle
                } else {
                    Grade::Steep
                };
                *pending_grade = Some((grade, token));
            }
            "uphill" | "downhill" | "up" | "down" => {
                if matches!(word.as_str(), "up" | "down") && cursor.eat_word("hill").is_none() {
                    self.unknown_move_word(token);
                    return;
                }
                let mut grade = pending_grade.take().map_or(Grade::Any, |(grade, _)| grade);
                if let Some(next) = cursor.peek() {
                    let (digits, unit) = units::split_number(next.text);
                    if next.kind == TokenKind::Number && unit == "%" {
                        cursor.next();
                        match units::number(digits).filter(|p| *p > 0.0 && *p <= 100.0) {
                            Some(percent) if grade == Grade::Any => grade = Grade::Percent(percent),
                            Some(_) => self.error(
                                DiagnosticKind::Duplicate,
                                next.span(),
                                "the hill has both a word and a percent for its grade",
                                None,
                                Some("keep one of them".into()),
                            ),
                            None => self.error(
                                DiagnosticKind::BadNumber,
                                next.span(),
                                format!("`{}` is not a grade", next.text),
                                Some("a grade above 0% and at most 100%, such as 6%"),
                                None,
                            ),
                        }
                    }
                }
                let slope = if word.starts_with("up") {
                    Slope::Uphill(grade)
                } else {
                    Slope::Downhill(grade)
                };
                self.set_once(&mut parts.slope, slope, span, "the slope");
            }
            "flat" => self.set_once(&mut parts.slope, Slope::Flat, span, "the slope"),
            "on" => match cursor.peek_word().as_deref() {
                Some("track" | "treadmill") => {}
                _ => self.error(
                    DiagnosticKind::Unexpected,
                    span,
                    "`on` needs a place after it",
                    Some("`on track` or `on treadmill`"),
                    None,
                ),
            },
            "track" => self.set_once(&mut parts.venue, Venue::Track(None), span, "the venue"),
            "treadmill" => self.set_once(&mut parts.venue, Venue::Treadmill, span, "the venue"),
            "bend" | "bends" | "curve" | "curves" => self.set_once(
                &mut parts.venue,
                Venue::Track(Some(TrackPart::Bend)),
                span,
                "the venue",
            ),
            "straight" | "straights" => self.set_once(
                &mut parts.venue,
                Venue::Track(Some(TrackPart::Straight)),
                span,
                "the venue",
            ),
            "comfortably" if pair(cursor, "hard") => self.set_once(
                &mut parts.target,
                Target::Effort(Effort::Feel(Feel::ComfortablyHard)),
                span,
                "the target",
            ),
            "all" if pair(cursor, "out") => self.set_once(
                &mut parts.target,
                Target::Effort(Effort::Feel(Feel::AllOut)),
                span,
                "the target",
            ),
            "open" => self.set_once(&mut parts.length, Length::Open, span, "the length"),
            "mile" => {
                written.push(Written {
                    token,
                    unit: None,
                    quantity: Quantity::Distance(Distance::MILE),
                });
                self.set_once(
                    &mut parts.length,
                    Length::distance(Distance::MILE),
                    span,
                    "the length",
                )
            }
            _ => match feel_word(&word) {
                Some(feel) => self.set_once(
                    &mut parts.target,
                    Target::Effort(Effort::Feel(feel)),
                    span,
                    "the target",
                ),
                None => self.unknown_move_word(token),
            },
        }
    }

    fn unknown_move_word(&mut self, token: Token<'_>) {
        let help = closest(token.text, &MOVE_WORDS).map(|word| format!("did you mean `{word}`?"));
        let help = help.or_else(|| {
            units::UNIT_WORDS
                .contains(&token.lower().as_str())
                .then(|| "a unit goes right after its number, as in `400m` or `15min`".to_owned())
        });
        self.error(
            DiagnosticKind::UnknownWord,
            token.span(),
            format!("`{}` is not a word of the workout language", token.text),
            Some("a kind of step (run, jog, walk, rest, warm-up, cool-down, stride, drills, time-trial), a length, backward, uphill, downhill, on track, bend, straight, a feel (easy, comfortably hard) or `@` and a target"),
            help,
        );
    }

    /// Builds a [`Length`] from waypoints of one dimension, reporting a mix or a zero.
    fn length_from<'a>(
        &mut self,
        waypoints: Vec<Written<'a>>,
        approx: bool,
        span: Range<usize>,
        written: &mut Vec<Written<'a>>,
    ) -> Length {
        let mut distances = Vec::new();
        let mut times = Vec::new();
        for waypoint in &waypoints {
            match waypoint.quantity {
                Quantity::Distance(d) => distances.push(d),
                Quantity::Time(t) => times.push(t),
            }
            if matches!(waypoint.quantity, Quantity::Distance(d) if d.metres() == 0.0)
                || matches!(waypoint.quantity, Quantity::Time(t) if t.secs() == 0.0)
            {
                self.error(
                    DiagnosticKind::BadNumber,
                    waypoint.token.span(),
                    format!("`{}` is no length at all", waypoint.token.text),
                    Some("a length above zero"),
                    None,
                );
            }
        }
        let first_is_distance = matches!(waypoints[0].quantity, Quantity::Distance(_));
        if !distances.is_empty() && !times.is_empty() {
            self.error(
                DiagnosticKind::MixedRamp,
                span,
                "a progression mixes distances and times",
                Some("waypoints of one kind, such as 200m->400m or 2min->30s"),
                None,
            );
            if first_is_distance {
                times.clear();
            } else {
                distances.clear();
            }
        }
        written.extend(waypoints);
        match Ramp::through(distances) {
            Some(ramp) => Length::Distance { ramp, approx },
            None => Length::Time {
                ramp: Ramp::through(times).expect("a waypoint was read"),
                approx,
            },
        }
    }

    /// Reads `LENGTH` or `LENGTH->LENGTH->...`; `None` (reported) if the first is unreadable.
    pub(super) fn length_waypoints<'a>(
        &mut self,
        cursor: &mut Cursor<'_, 'a>,
        context: Context,
    ) -> Option<Vec<Written<'a>>> {
        let first = self.quantity(cursor, context)?;
        let mut waypoints = vec![first];
        loop {
            let range = cursor.peek().is_some_and(|t| t.kind == TokenKind::Minus)
                && cursor
                    .peek_at(1)
                    .is_some_and(|t| matches!(t.kind, TokenKind::Number | TokenKind::Clock));
            if cursor.peek().is_some_and(|t| t.kind == TokenKind::Arrow) {
                cursor.next();
            } else if range {
                let minus = cursor.next().expect("peeked");
                let next = cursor.peek().expect("peeked");
                let from = waypoints[waypoints.len() - 1].token;
                let written = format!("{}{}{}", from.text, minus.text, next.text);
                // `15-30s` means 15 s to 30 s: the suggestion repeats the unit on both ends.
                let (_, from_unit) = units::split_number(from.text);
                let (_, next_unit) = units::split_number(next.text);
                let unit = if from_unit.is_empty() && from.kind == TokenKind::Number {
                    next_unit
                } else {
                    ""
                };
                self.error(
                    DiagnosticKind::RangeNotRamp,
                    from.start..next.end(),
                    format!("`{written}` is a range; the language writes a progression with `->`"),
                    Some("one length, or a progression such as 15s->30s (building over the cycle)"),
                    Some(format!(
                        "did you mean `{}{unit}->{}`?",
                        from.text, next.text
                    )),
                );
            } else {
                break;
            }
            if cursor.at_end() {
                let arrow = cursor.tokens[cursor.at - 1];
                self.error(
                    DiagnosticKind::Unexpected,
                    arrow.span(),
                    format!("`{}` needs a length after it", arrow.text),
                    Some("a progression such as 2min->30s"),
                    None,
                );
                break;
            }
            match self.quantity(cursor, context) {
                Some(waypoint) => waypoints.push(waypoint),
                None => break,
            }
        }
        // A unitless first waypoint of a range (`15-30s`) takes the unit of the next one.
        Some(waypoints)
    }

    /// Reads one length: a number with a unit, a number and a unit word, or a stopwatch time.
    /// A number without a unit is reported and read with the likeliest unit.
    pub(super) fn quantity<'a>(
        &mut self,
        cursor: &mut Cursor<'_, 'a>,
        context: Context,
    ) -> Option<Written<'a>> {
        let token = cursor.next()?;
        match token.kind {
            TokenKind::Clock => match token.text.parse::<Duration>() {
                Ok(time) => Some(Written {
                    token,
                    unit: None,
                    quantity: Quantity::Time(time),
                }),
                Err(_) => {
                    self.error(
                        DiagnosticKind::BadNumber,
                        token.span(),
                        format!("`{}` is not a time", token.text),
                        Some("a time as M:SS or H:MM:SS, with seconds and minutes below 60"),
                        None,
                    );
                    None
                }
            },
            TokenKind::Number => {
                let (digits, suffix) = units::split_number(token.text);
                let Some(value) = units::number(digits) else {
                    self.error(
                        DiagnosticKind::BadNumber,
                        token.span(),
                        format!("`{}` is not a number miler can use", token.text),
                        Some(EXPECTED_LENGTH),
                        None,
                    );
                    return None;
                };
                let mut unit_token = None;
                let mut unit = units::unit(suffix);
                if unit == Unit::None
                    && let Some(next) = cursor.peek().filter(|t| t.kind == TokenKind::Word)
                {
                    let spelled = units::unit(next.text);
                    if matches!(spelled, Unit::Distance(_) | Unit::Time(_)) {
                        unit = spelled;
                        unit_token = cursor.next();
                    }
                }
                if unit == Unit::None {
                    // `15-30s`: the first number of a range takes the unit of the second.
                    let range_unit = (cursor.peek().is_some_and(|t| t.kind == TokenKind::Minus))
                        .then(|| cursor.peek_at(1))
                        .flatten()
                        .filter(|t| t.kind == TokenKind::Number)
                        .map(|t| units::unit(units::split_number(t.text).1))
                        .filter(|u| matches!(u, Unit::Distance(_) | Unit::Time(_)));
                    unit = match range_unit {
                        Some(unit) => unit,
                        None => self.missing_unit(token, value, context),
                    };
                }
                let quantity = match unit {
                    Unit::Distance(factor) => {
                        Distance::from_metres(value * factor).map(Quantity::Distance)
                    }
                    Unit::Time(factor) => Duration::from_secs(value * factor).map(Quantity::Time),
                    _ => {
                        let help = closest(suffix, &units::UNIT_WORDS)
                            .map(|u| format!("did you mean `{digits}{u}`?"));
                        self.error(
                            DiagnosticKind::UnknownUnit,
                            token.span(),
                            format!("`{suffix}` is not a unit of distance or time"),
                            Some(EXPECTED_LENGTH),
                            help,
                        );
                        return None;
                    }
                };
                match quantity {
                    Some(quantity) => Some(Written {
                        token,
                        unit: unit_token,
                        quantity,
                    }),
                    None => {
                        self.error(
                            DiagnosticKind::BadNumber,
                            token.span(),
                            format!("`{}` is too large", token.text),
                            Some(EXPECTED_LENGTH),
                            None,
                        );
                        None
                    }
                }
            }
            _ => {
                self.error(
                    DiagnosticKind::Unexpected,
                    token.span(),
                    format!("`{}` is not a length", token.text),
                    Some(EXPECTED_LENGTH),
                    None,
                );
                None
            }
        }
    }

    /// Reports a number without a unit and returns the unit it most likely meant: metres for
    /// rep-sized numbers (100 and up), seconds for short reps, minutes otherwise.
    fn missing_unit(&mut self, token: Token<'_>, value: f64, context: Context) -> Unit {
        let (unit, suffix) = if value >= 100.0 {
            (Unit::Distance(1.0), "m")
        } else if context == Context::Rep {
            (Unit::Time(1.0), "s")
        } else {
            (Unit::Time(60.0), "min")
        };
        self.error(
            DiagnosticKind::MissingUnit,
            token.span(),
            format!("`{}` has no unit", token.text),
            Some(EXPECTED_LENGTH),
            Some(format!("did you mean `{}{suffix}`?", token.text)),
        );
        unit
    }

    /// Warns about lengths in metres that are surely minutes: a 5 m rep, a 15 m warm-up.
    fn check_slips(&mut self, kind: MoveKind, written: &[Written<'_>]) {
        // Below 50 m no step is meant in metres; a warm-up or cool-down under 100 m neither.
        let limit = match kind {
            MoveKind::WarmUp | MoveKind::CoolDown => 100.0,
            _ => 50.0,
        };
        for waypoint in written {
            let Quantity::Distance(distance) = waypoint.quantity else {
                continue;
            };
            let (digits, suffix) = units::split_number(waypoint.token.text);
            let unit_text = waypoint.unit.map_or(suffix, |u| u.text);
            // A zero length is already an error of its own.
            let metres = distance.metres();
            if unit_text.to_lowercase() != "m" || metres >= limit || metres == 0.0 {
                continue;
            }
            let shown = match waypoint.unit {
                Some(unit) => format!("{} {}", waypoint.token.text, unit.text),
                None => waypoint.token.text.to_owned(),
            };
            let end = waypoint.unit.map_or(waypoint.token.end(), |u| u.end());
            self.report(
                Severity::Warning,
                DiagnosticKind::SuspiciousLength,
                waypoint.token.start..end,
                format!("`{shown}` is {digits} metres — did you mean `{digits}min`?"),
                Some("m is metres and min is minutes"),
                Some(format!("write `{digits}min` for {digits} minutes")),
            );
        }
    }
}
