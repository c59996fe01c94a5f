//! A plan as data: weeks of dated sessions, each a workout in the workout language with its
//! planned time, distance and load. This is what is stored, printed, exported and adapted.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::feasibility::Feasibility;
use crate::request::{RaceVenue, Request};

/// A training plan from its start to race day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub request: Request,
    pub feasibility: Feasibility,
    pub level: Level,
    /// The weekly running load (session RPE) and time the runner is used to before the plan:
    /// what the first week's growth is measured against.
    pub reference: Volume,
    pub weeks: Vec<Week>,
    pub race: RacePlan,
    /// Where the paces come from, one sentence each.
    pub paces_basis: Vec<String>,
}

/// How gently the plan builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// New or novice runners, or a mile slower than 10:00: walk-run or easy running first,
    /// at most one hard session a week, slower growth, a lighter week every third week.
    Beginner,
    Regular,
    /// VDOT 58 or more, or a competitive runner: more running days and volume.
    Advanced,
}

/// Running load and time for a week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Volume {
    /// Session-RPE load of the running sessions.
    pub running_load: f64,
    /// Minutes of running sessions (walk breaks, warm-ups and cool-downs included).
    pub running_min: f64,
}

impl Volume {
    pub const ZERO: Volume = Volume {
        running_load: 0.0,
        running_min: 0.0,
    };

    /// Each field the larger of the two.
    pub fn max(self, other: Volume) -> Volume {
        Volume {
            running_load: self.running_load.max(other.running_load),
            running_min: self.running_min.max(other.running_min),
        }
    }

    /// Each field the smaller of the two.
    pub fn min(self, other: Volume) -> Volume {
        Volume {
            running_load: self.running_load.min(other.running_load),
            running_min: self.running_min.min(other.running_min),
        }
    }

    pub fn scaled(self, factor: f64) -> Volume {
        Volume {
            running_load: self.running_load * factor,
            running_min: self.running_min * factor,
        }
    }

    /// Whether neither field is above `limit`'s (to rounding).
    pub fn within(self, limit: Volume) -> bool {
        self.running_load <= limit.running_load + 1e-6
            && self.running_min <= limit.running_min + 1e-6
    }
}

/// The part of the cycle a week belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Base,
    Strength,
    Quality,
    RaceSpecific,
    Taper,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Base => "base",
            Phase::Strength => "strength",
            Phase::Quality => "quality",
            Phase::RaceSpecific => "race-specific",
            Phase::Taper => "taper",
        }
    }

    /// What the phase is for, in a line.
    pub fn focus(self) -> &'static str {
        match self {
            Phase::Base => "aerobic base: easy running, strides, strength",
            Phase::Strength => "strength and hills, threshold begins",
            Phase::Quality => "quality: VO2max intervals and threshold",
            Phase::RaceSpecific => "race-specific: goal-pace 400s and 800s",
            Phase::Taper => "taper: less running, sharp and fresh",
        }
    }
}

/// One Monday-to-Sunday week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// 1-based.
    pub number: u32,
    /// The Monday the week begins on (the plan may start later in that week).
    pub start: Date,
    pub phase: Phase,
    /// A lighter week to absorb the training before it.
    pub lighter: bool,
    pub sessions: Vec<Session>,
    /// Session-RPE load of every session, strength and mobility included.
    pub load: f64,
    pub running: Volume,
    pub distance_m: f64,
    /// Acute:chronic load ratio (this week against the mean of the last four), as
    /// information only: it is not an injury predictor.
    pub acwr: Option<f64>,
}

impl Week {
    /// Whether `date` falls in this Monday-to-Sunday week.
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date
            && self
                .start
                .checked_add(jiff::Span::new().days(7))
                .is_ok_and(|end| date < end)
    }

    /// The running the guardrails measure: every running session but the race, which is the
    /// point of its week rather than training load to build towards.
    pub fn training(&self) -> Volume {
        let race: Vec<&Session> = self
            .sessions
            .iter()
            .filter(|s| s.kind == SessionKind::Race)
            .collect();
        Volume {
            running_load: self.running.running_load - race.iter().map(|s| s.load).sum::<f64>(),
            running_min: self.running.running_min
                - race.iter().map(|s| s.planned_time_s / 60.0).sum::<f64>(),
        }
    }
}

/// What a session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Run,
    TimeTrial,
    Race,
    Strength,
    Mobility,
}

impl SessionKind {
    /// Whether the session is running (and counts towards running load and time).
    pub fn is_running(self) -> bool {
        matches!(
            self,
            SessionKind::Run | SessionKind::TimeTrial | SessionKind::Race
        )
    }
}

/// One planned session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Stable within a plan and across its revisions: `YYYY-MM-DD/workout-id`.
    pub key: String,
    pub date: Date,
    /// The catalog entry the session comes from.
    pub workout_id: String,
    pub title: String,
    pub kind: SessionKind,
    /// Whether it counts as a hard day.
    pub hard: bool,
    /// The session in the workout language, at its step of the progression.
    pub text: String,
    pub planned_time_s: f64,
    pub planned_distance_m: f64,
    /// Session-RPE load.
    pub load: f64,
    /// Where in its progression the session is, 0 (first) to 1 (last), for workouts that
    /// progress.
    pub progress: Option<f64>,
    /// Why the session looks as it does, when that is not obvious.
    pub note: Option<String>,
}

/// Race day: the warm-up and the pacing plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RacePlan {
    pub date: Date,
    pub distance_m: f64,
    /// The time the pacing plan is for, at the race distance.
    pub target_s: f64,
    pub venue: RaceVenue,
    /// Even splits, lap by lap (or quarter by quarter on the road).
    pub splits: Vec<Split>,
    pub warm_up: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Split {
    pub label: String,
    /// Distance covered at the end of this split.
    pub at_m: f64,
    pub split_s: f64,
    pub cumulative_s: f64,
}

impl Plan {
    /// The paces the plan's sessions are resolved with, for splits cards and FIT files.
    pub fn athlete_paces(&self) -> miler_workout::resolve::AthletePaces {
        crate::build::athlete_paces(&self.request, &self.feasibility)
            .expect("a built plan's request resolves")
    }

    /// Every session in date order.
    pub fn sessions(&self) -> impl Iterator<Item = &Session> {
        self.weeks.iter().flat_map(|w| w.sessions.iter())
    }

    /// The week with `number`.
    pub fn week(&self, number: u32) -> Option<&Week> {
        self.weeks.iter().find(|w| w.number == number)
    }

    /// The week that contains `date`.
    pub fn week_of(&self, date: Date) -> Option<&Week> {
        self.weeks.iter().find(|w| {
            w.start <= date
                && date
                    < w.start
                        .checked_add(jiff::Span::new().days(7))
                        .unwrap_or(w.start)
        })
    }
}
