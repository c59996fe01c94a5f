//! Strength and mobility steps: `squats 3x12 @ bodyweight`, `hamstrings hold 30s`,
//! `foam-roll calves`.
//!
//! These are told apart from moves by shape (a name followed by sets, or the word `hold`)
//! rather than by a keyword, so runners can write exercises by their usual names.

use super::{Context, Cursor, Parser, closest};
use crate::model::{Dose, Load, Mobility, MobilityKind, Step, Strength};
use crate::text::diagnostic::DiagnosticKind;
use crate::text::lexer::{Token, TokenKind};
use crate::text::units::{self, Quantity, Unit};

impl Parser<'_> {
    /// `squats 3x12 each side @ band rest 60s "note"`; `named` words make the exercise's name.
    pub(super) fn strength(&mut self, tokens: &[Token<'_>], named: usize) -> Option<Step> {
        let exercise = tokens[..named]
            .iter()
            .map(|t| t.text)
            .collect::<Vec<_>>()
            .join(" ");
        let sets = self.count(tokens[named])?;
        let mut cursor = Cursor::new(&tokens[named + 2..]);
        let Some(dose_token) = cursor.peek() else {
            self.error(
                DiagnosticKind::ExpectedStep,
                tokens[named + 1].span(),
                "sets need reps or a time after the `x`",
                Some("`3x12` for 3 sets of 12, or `3x30s` for 3 timed sets"),
                None,
            );
            return None;
        };
        let dose = if dose_token.kind == TokenKind::Number
            && units::split_number(dose_token.text).1.is_empty()
        {
            cursor.next();
            Dose::Reps(self.count(dose_token)?)
        } else {
            match self.quantity(&mut cursor, Context::Rep)?.quantity {
                Quantity::Time(time) => Dose::Time(time),
                Quantity::Distance(_) => {
                    self.error(
                        DiagnosticKind::Unexpected,
                        dose_token.span(),
                        "a strength set is counted in reps or timed, not measured in distance",
                        Some("`3x12` or `3x30s`"),
                        None,
                    );
                    return None;
                }
            }
        };
        let mut strength = Strength {
            exercise,
            sets,
            dose,
            each_side: false,
            load: None,
            rest: None,
            note: None,
        };
        while let Some(token) = cursor.next() {
            match (token.kind, token.lower().as_str()) {
                (TokenKind::Word, "each") => {
                    if cursor.eat_word("side").is_some() || cursor.eat_word("leg").is_some() {
                        strength.each_side = true;
                    } else {
                        self.each_without_side(token);
                    }
                }
                (TokenKind::Word, "rest") => {
                    if let Some(written) = self.quantity(&mut cursor, Context::Line) {
                        match written.quantity {
                            Quantity::Time(time) => strength.rest = Some(time),
                            Quantity::Distance(_) => self.error(
                                DiagnosticKind::Unexpected,
                                written.token.span(),
                                "rest between sets is a time",
                                Some("`rest 90s` or `rest 2min`"),
                                None,
                            ),
                        }
                    }
                }
                (TokenKind::At, _) => strength.load = self.load(&mut cursor, token),
                (TokenKind::Quoted, _) => {
                    strength.note = Some(token.text.trim_matches('"').trim().to_owned())
                        .filter(|note| !note.is_empty());
                }
                _ => self.error(
                    DiagnosticKind::Unexpected,
                    token.span(),
                    format!("`{}` can't follow a strength exercise's sets", token.text),
                    Some("`each side`, `@` and a load (bodyweight, band, light, moderate, heavy, 20kg), `rest 90s` or a note"),
                    None,
                ),
            }
        }
        Some(Step::Strength(strength))
    }

    fn each_without_side(&mut self, token: Token<'_>) {
        self.error(
            DiagnosticKind::Unexpected,
            token.span(),
            "`each` needs `side` after it",
            Some("`each side`"),
            None,
        );
    }

    fn load(&mut self, cursor: &mut Cursor<'_, '_>, at: Token<'_>) -> Option<Load> {
        let Some(token) = cursor.next() else {
            self.error(
                DiagnosticKind::BadTarget,
                at.span(),
                "`@` needs a load after it",
                Some("bodyweight, band, light, moderate, heavy or a weight such as 20kg"),
                None,
            );
            return None;
        };
        let load = match token.lower().as_str() {
            "bodyweight" => Some(Load::Bodyweight),
            "band" => Some(Load::Band),
            "light" => Some(Load::Light),
            "moderate" => Some(Load::Moderate),
            "heavy" => Some(Load::Heavy),
            text => {
                let (digits, unit) = units::split_number(text);
                (token.kind == TokenKind::Number && units::unit(unit) == Unit::Kg)
                    .then(|| units::number(digits))
                    .flatten()
                    .map(Load::Kg)
            }
        };
        if load.is_none() {
            self.error(
                DiagnosticKind::BadTarget,
                token.span(),
                format!("`{}` is not a load", token.text),
                Some("bodyweight, band, light, moderate, heavy or a weight such as 20kg"),
                closest(
                    token.text,
                    &["bodyweight", "band", "light", "moderate", "heavy"],
                )
                .map(|w| format!("did you mean `{w}`?")),
            );
        }
        load
    }

    /// `hamstrings hold 30s each side`, `stretch`, `stretch 5min`, `foam-roll calves 1min`.
    pub(super) fn mobility(&mut self, tokens: &[Token<'_>], kind: MobilityKind) -> Option<Step> {
        let mut cursor = Cursor::new(tokens);
        match kind {
            MobilityKind::FoamRoll => {
                if cursor.eat_word("foam").is_some() {
                    cursor.eat_word("roll");
                } else {
                    cursor.eat_word("foam-roll");
                }
            }
            MobilityKind::Stretch => {
                cursor.eat_word("stretch");
            }
        }
        let mut area = Vec::new();
        while let Some(word) = cursor.peek_word() {
            if matches!(word.as_str(), "hold" | "each") {
                break;
            }
            let token = cursor.next().expect("peeked");
            // These words say what kind of step it is; inside a name they would read back as a
            // different step.
            if matches!(word.as_str(), "stretch" | "foam" | "foam-roll" | "until") {
                self.error(
                    DiagnosticKind::Unexpected,
                    token.span(),
                    format!("`{}` can't be part of the muscle or area", token.text),
                    Some("`hamstrings hold 30s` or `foam-roll calves 1min`"),
                    Some("write stretching and foam rolling as separate steps".into()),
                );
                continue;
            }
            area.push(token.text);
        }
        let mut mobility = Mobility {
            kind,
            area: (!area.is_empty()).then(|| area.join(" ")),
            time: None,
            each_side: false,
            note: None,
        };
        let hold = cursor.eat_word("hold");
        while let Some(token) = cursor.peek() {
            match token.kind {
                TokenKind::Number | TokenKind::Clock => {
                    // Holds are short, so a bare number reads as seconds.
                    if let Some(written) = self.quantity(&mut cursor, Context::Rep) {
                        match written.quantity {
                            Quantity::Time(time)
                                if mobility.time.is_none() && time.secs() > 0.0 =>
                            {
                                mobility.time = Some(time)
                            }
                            _ => self.error(
                                DiagnosticKind::Unexpected,
                                written.token.span(),
                                format!("`{}` is not a hold time", written.token.text),
                                Some("one time above zero, such as `hold 30s`"),
                                None,
                            ),
                        }
                    }
                }
                TokenKind::Word if token.lower() == "each" => {
                    cursor.next();
                    if cursor.eat_word("side").is_some() || cursor.eat_word("leg").is_some() {
                        mobility.each_side = true;
                    } else {
                        self.each_without_side(token);
                    }
                }
                TokenKind::Quoted => {
                    cursor.next();
                    mobility.note = Some(token.text.trim_matches('"').trim().to_owned())
                        .filter(|note| !note.is_empty());
                }
                _ => {
                    cursor.next();
                    self.error(
                        DiagnosticKind::Unexpected,
                        token.span(),
                        format!("`{}` can't stand in a stretch or foam-rolling step", token.text),
                        Some("`hamstrings hold 30s`, `stretch 5min`, `foam-roll calves 1min`, `each side` or a note"),
                        None,
                    );
                }
            }
        }
        if let Some(hold) = hold {
            if mobility.time.is_none() {
                self.error(
                    DiagnosticKind::ExpectedStep,
                    hold.span(),
                    "`hold` needs a time",
                    Some("`hold 30s`"),
                    None,
                );
            }
            if mobility.area.is_none() {
                self.error(
                    DiagnosticKind::ExpectedStep,
                    hold.span(),
                    "`hold` needs the muscle or area it stretches before it",
                    Some("`hamstrings hold 30s`"),
                    None,
                );
            }
        }
        Some(Step::Mobility(mobility))
    }
}
