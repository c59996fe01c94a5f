//! Targets: everything after `@` — paces relative to a reference, offsets, bands, bounds,
//! efforts and feels.
//!
//! A target is the one part of a step read as a phrase rather than a bag of words, because its
//! words only mean something in order (`faster than goal`, `mile+45s/mi`).

use miler_core::{Distance, Duration};

use super::{Context, Cursor, EXPECTED_TARGET, Parser, TARGET_WORDS, closest, feel_word, span_of};
use crate::model::{
    AbsolutePace, Effort, Feel, PaceExpr, PaceOffset, PaceRef, PaceTarget, RelativePace, Sign,
    Target, Zone,
};
use crate::text::diagnostic::DiagnosticKind;
use crate::text::lexer::{Token, TokenKind};
use crate::text::units::{self, Quantity, Unit};

impl Parser<'_> {
    pub(super) fn target(&mut self, tokens: &[Token<'_>], at: Token<'_>) -> Option<Target> {
        if tokens.is_empty() {
            self.error(
                DiagnosticKind::BadTarget,
                at.span(),
                "`@` needs a target after it",
                Some(EXPECTED_TARGET),
                None,
            );
            return None;
        }
        let mut cursor = Cursor::new(tokens);
        let target = self.target_inner(&mut cursor)?;
        if !cursor.at_end() {
            let rest = cursor.rest();
            self.error(
                DiagnosticKind::Unexpected,
                span_of(rest),
                format!("`{}` can't follow the target", self.text_of(rest)),
                Some("the end of the step, a note in quotes, or a `,` before a recovery"),
                Some("the target goes last in a step, after the length and terrain".into()),
            );
        }
        Some(target)
    }

    fn target_inner(&mut self, cursor: &mut Cursor<'_, '_>) -> Option<Target> {
        let token = cursor.peek()?;
        let word = cursor.peek_word();
        match word.as_deref() {
            Some(side @ ("faster" | "slower")) => {
                cursor.next();
                if cursor.eat_word("than").is_none() {
                    self.error(
                        DiagnosticKind::BadTarget,
                        token.span(),
                        format!("`{side}` needs `than` and a pace"),
                        Some(&format!("`{side} than goal`, or `goal or {side}`")),
                        None,
                    );
                    return None;
                }
                let than = self.pace_expr(cursor)?;
                let bound = if side == "faster" {
                    PaceTarget::Faster {
                        than,
                        inclusive: false,
                    }
                } else {
                    PaceTarget::Slower {
                        than,
                        inclusive: false,
                    }
                };
                return Some(Target::Pace(bound));
            }
            Some("rpe") => {
                cursor.next();
                let value = cursor.next();
                let rpe = value.and_then(|t| {
                    let (digits, unit) = units::split_number(t.text);
                    units::number(digits)
                        .filter(|v| unit.is_empty() && v.fract() == 0.0 && *v <= 10.0)
                        .map(|v| v as u8)
                });
                return match rpe {
                    Some(rpe) => Some(Target::Effort(Effort::Rpe(rpe))),
                    None => {
                        self.error(
                            DiagnosticKind::BadTarget,
                            value.map_or(token.span(), |t| t.span()),
                            "`rpe` needs a rating from 0 to 10",
                            Some("`rpe 7`"),
                            None,
                        );
                        None
                    }
                };
            }
            Some("comfortably") => {
                cursor.next();
                if cursor.eat_word("hard").is_some() {
                    return Some(Target::Effort(Effort::Feel(Feel::ComfortablyHard)));
                }
                self.bad_reference(token);
                return None;
            }
            Some("all") => {
                cursor.next();
                if cursor.eat_word("out").is_some() {
                    return Some(Target::Effort(Effort::Feel(Feel::AllOut)));
                }
                self.bad_reference(token);
                return None;
            }
            Some(word) => {
                if let Some(feel) = feel_word(word) {
                    cursor.next();
                    return Some(Target::Effort(Effort::Feel(feel)));
                }
            }
            None => {}
        }
        if token.kind == TokenKind::Number && units::split_number(token.text).1 == "%" {
            cursor.next();
            let (digits, _) = units::split_number(token.text);
            cursor.eat_word("effort");
            return match units::number(digits)
                .filter(|v| v.fract() == 0.0 && *v >= 1.0 && *v <= 100.0)
            {
                Some(percent) => Some(Target::Effort(Effort::Percent(percent as u8))),
                None => {
                    self.error(
                        DiagnosticKind::BadTarget,
                        token.span(),
                        format!("`{}` is not an effort", token.text),
                        Some("a whole percent from 1% to 100%, such as `80% effort`"),
                        None,
                    );
                    None
                }
            };
        }
        let first = self.pace_expr(cursor)?;
        if cursor.eat_word("or").is_some() {
            let side = cursor.next();
            return match side.map(|t| t.lower()).as_deref() {
                Some("faster") => Some(Target::Pace(PaceTarget::Faster {
                    than: first,
                    inclusive: true,
                })),
                Some("slower") => Some(Target::Pace(PaceTarget::Slower {
                    than: first,
                    inclusive: true,
                })),
                _ => {
                    self.error(
                        DiagnosticKind::BadTarget,
                        side.map_or(token.span(), |t| t.span()),
                        "`or` needs `faster` or `slower` after it",
                        Some("`goal or faster`"),
                        None,
                    );
                    None
                }
            };
        }
        if cursor.eat(TokenKind::DotDot).is_some() || cursor.eat_word("to").is_some() {
            let second = self.pace_expr(cursor)?;
            return Some(Target::Pace(PaceTarget::Band(first, second)));
        }
        if let Some(effort) = cursor.eat_word("effort") {
            return match first {
                PaceExpr::Relative(RelativePace {
                    reference,
                    offset: None,
                }) => Some(Target::Effort(Effort::Race(reference))),
                _ => {
                    self.error(
                        DiagnosticKind::BadTarget,
                        effort.span(),
                        "an effort is named by a race pace alone, without an offset",
                        Some("`mile effort`, `5k effort` or `80% effort`"),
                        None,
                    );
                    None
                }
            };
        }
        Some(Target::Pace(PaceTarget::At(first)))
    }

    fn bad_reference(&mut self, token: Token<'_>) {
        let help = closest(token.text, &TARGET_WORDS).map(|word| format!("did you mean `{word}`?"));
        self.error(
            DiagnosticKind::UnknownReference,
            token.span(),
            format!("`{}` is not a pace, an effort or a feel", token.text),
            Some(EXPECTED_TARGET),
            help,
        );
    }

    /// A pace: `4:00/km`, `90s/400m`, or a reference with an optional offset.
    fn pace_expr(&mut self, cursor: &mut Cursor<'_, '_>) -> Option<PaceExpr> {
        let Some(token) = cursor.peek() else {
            let end = cursor.tokens.last().map_or(0..0, |t| t.end()..t.end());
            self.error(
                DiagnosticKind::BadTarget,
                end,
                "a pace is missing here",
                Some(EXPECTED_TARGET),
                None,
            );
            return None;
        };
        let slash_follows = cursor
            .peek_at(1)
            .is_some_and(|t| t.kind == TokenKind::Slash);
        let is_time = match token.kind {
            TokenKind::Clock => true,
            TokenKind::Number => matches!(
                units::unit(units::split_number(token.text).1),
                Unit::Time(_) | Unit::None
            ),
            _ => false,
        };
        if is_time && slash_follows {
            let time = self.offset_time(cursor)?;
            cursor.next(); // the slash
            let per = self.per_distance(cursor)?;
            return Some(PaceExpr::Absolute(AbsolutePace { time, per }));
        }
        let start = token.start;
        let reference = self.reference(cursor)?;
        cursor.eat_word("pace");
        let offset = match cursor.peek().map(|t| t.kind) {
            Some(TokenKind::Plus | TokenKind::Minus) => {
                let sign_token = cursor.next().expect("peeked");
                let sign = if sign_token.kind == TokenKind::Plus {
                    Sign::Slower
                } else {
                    Sign::Faster
                };
                let time = self.offset_time(cursor)?;
                if cursor.eat(TokenKind::Slash).is_none() {
                    self.error(
                        DiagnosticKind::BadTarget,
                        sign_token.start..cursor.tokens[cursor.at - 1].end(),
                        "an offset needs the distance it applies to",
                        Some("an offset per distance, such as goal-2s/400m or mile+45s/mi"),
                        Some(format!(
                            "add the distance, as in `{}/400m`",
                            self.source(start..cursor.tokens[cursor.at - 1].end())
                        )),
                    );
                    return None;
                }
                let per = self.per_distance(cursor)?;
                Some(PaceOffset { sign, time, per })
            }
            _ => None,
        };
        Some(PaceExpr::Relative(RelativePace { reference, offset }))
    }

    /// The time of an offset or an absolute pace: `2s`, `1:30`, or a bare number of seconds.
    fn offset_time(&mut self, cursor: &mut Cursor<'_, '_>) -> Option<Duration> {
        let token = cursor.peek()?;
        if token.kind == TokenKind::Number && units::split_number(token.text).1.is_empty() {
            cursor.next();
            return units::number(token.text)
                .and_then(Duration::from_secs)
                .or_else(|| {
                    self.error(
                        DiagnosticKind::BadNumber,
                        token.span(),
                        format!("`{}` is not a time", token.text),
                        Some("a time such as 2s, 90 or 1:30"),
                        None,
                    );
                    None
                });
        }
        match self.quantity(cursor, Context::Line)?.quantity {
            Quantity::Time(time) => Some(time),
            Quantity::Distance(_) => {
                self.error(
                    DiagnosticKind::BadTarget,
                    token.span(),
                    format!("`{}` is a distance where a time belongs", token.text),
                    Some("a time such as 2s, 45s or 1:30"),
                    Some("m is metres and s is seconds".into()),
                );
                None
            }
        }
    }

    /// The distance after `/`: `km`, `mi`, `400m`.
    fn per_distance(&mut self, cursor: &mut Cursor<'_, '_>) -> Option<Distance> {
        let Some(token) = cursor.peek() else {
            let end = cursor.tokens.last().map_or(0..0, |t| t.end()..t.end());
            self.error(
                DiagnosticKind::BadTarget,
                end,
                "a distance is missing after `/`",
                Some("km, mi or a distance such as 400m"),
                None,
            );
            return None;
        };
        if token.kind == TokenKind::Word {
            cursor.next();
            return match token.lower().as_str() {
                "km" | "k" => Some(Distance::metres_const(1000.0)),
                "mi" | "mile" => Some(Distance::MILE),
                _ => {
                    self.error(
                        DiagnosticKind::BadTarget,
                        token.span(),
                        format!("`{}` is not a distance", token.text),
                        Some("km, mi or a distance such as 400m"),
                        closest(token.text, &["km", "mi", "mile"])
                            .map(|w| format!("did you mean `{w}`?")),
                    );
                    None
                }
            };
        }
        match self.quantity(cursor, Context::Rep)?.quantity {
            Quantity::Distance(d) if d.metres() > 0.0 => Some(d),
            _ => {
                self.error(
                    DiagnosticKind::BadTarget,
                    token.span(),
                    format!("`{}` is not a distance to pace over", token.text),
                    Some("km, mi or a distance above zero such as 400m"),
                    None,
                );
                None
            }
        }
    }

    fn reference(&mut self, cursor: &mut Cursor<'_, '_>) -> Option<PaceRef> {
        let token = cursor.peek()?;
        match token.kind {
            TokenKind::Word => {
                cursor.next();
                let zone = match token.text {
                    "E" | "e" => Some(Zone::E),
                    "M" => Some(Zone::M),
                    "T" | "t" => Some(Zone::T),
                    "I" | "i" => Some(Zone::I),
                    "R" | "r" => Some(Zone::R),
                    _ => None,
                };
                if let Some(zone) = zone {
                    return Some(PaceRef::Daniels(zone));
                }
                match token.lower().as_str() {
                    "goal" => Some(PaceRef::Goal),
                    "mile" => Some(PaceRef::CURRENT_MILE),
                    "hm" | "half" => Some(PaceRef::Race(Distance::HALF_MARATHON)),
                    "marathon" => Some(PaceRef::Race(Distance::MARATHON)),
                    "m" => {
                        self.error(
                            DiagnosticKind::UnknownReference,
                            token.span(),
                            "`m` alone is not a pace",
                            Some(EXPECTED_TARGET),
                            Some("write `M` for Daniels marathon pace or `mile` for your current mile pace".into()),
                        );
                        None
                    }
                    _ => {
                        self.bad_reference(token);
                        None
                    }
                }
            }
            TokenKind::Number => {
                let unit = units::unit(units::split_number(token.text).1);
                if !matches!(unit, Unit::Distance(_)) {
                    cursor.next();
                    self.error(
                        DiagnosticKind::BadTarget,
                        token.span(),
                        format!("`{}` is not a pace", token.text),
                        Some(EXPECTED_TARGET),
                        Some("a race pace is named by its distance (`5k`, `400m`); a pace by time per distance (`90s/400m`)".into()),
                    );
                    return None;
                }
                match self.quantity(cursor, Context::Rep)?.quantity {
                    Quantity::Distance(d) if d.metres() > 0.0 => Some(PaceRef::Race(d)),
                    _ => None,
                }
            }
            _ => {
                cursor.next();
                self.error(
                    DiagnosticKind::BadTarget,
                    token.span(),
                    format!("`{}` can't start a target", token.text),
                    Some(EXPECTED_TARGET),
                    None,
                );
                None
            }
        }
    }
}
