//! Leaderboards and challenges: results at one event ranked across the athletes of the
//! database (a coach's squad, a family), by time or by age grade, filtered by sex, age
//! group, weight class and period. The pages, the API and `miler leaderboard` share it.
//!
//! Each athlete appears once, with their best result among those the filters keep, so a
//! runner who logs every week does not crowd the board. Who is ranked is the caller's
//! choice: it passes the athletes the viewer may see, and the store reads only theirs.
//!
//! The classes are the ones runners meet in race entries:
//! - age groups: open (under 35), then the five-year masters bands (35-39, 40-44, ...);
//! - weight classes: Clydesdale (men, 90.7 kg / 200 lb and over) and Athena (women, 68 kg /
//!   150 lb and over), the thresholds many road races use;
//! - periods: all time, this calendar year, the last 30 days (today and the 30 days
//!   before it).
//!
//! A challenge is an event with a page of its own: its rules, the record, and a ranked
//! list of the entries posted, which are results at that event.

use std::collections::HashMap;

use jiff::civil::Date;
use miler_core::agegrade::Sex;
use miler_core::{Performance, limits};
use miler_store::{Athlete, AthleteId, List, NewResult, Page, Paged, Store, StoredResult};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::error::FieldError;
use crate::paging::PageView;
use crate::results::{self, Event, ResultView};

/// The leaderboard's filters as typed: query parameters, or the command line's options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LeaderboardInput {
    /// An event code (`mile`); the mile when left out.
    pub event: Option<String>,
    /// `time` (default) or `age-grade`.
    pub by: Option<String>,
    /// `M`, `F`, or empty for everyone.
    pub sex: Option<String>,
    /// `open`, `35-39`, `40-44`, ... or empty for every age.
    pub age_group: Option<String>,
    /// `clydesdale`, `athena`, or empty for every weight.
    pub weight_class: Option<String>,
    /// `all` (default), `year` or `30d`.
    pub period: Option<String>,
}

/// How a leaderboard orders its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Time,
    AgeGrade,
}

impl By {
    pub fn code(self) -> &'static str {
        match self {
            By::Time => "time",
            By::AgeGrade => "age-grade",
        }
    }
}

/// The days a leaderboard covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    All,
    /// The calendar year of today.
    Year,
    /// Today and the 30 days before it.
    Last30Days,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::All, Period::Year, Period::Last30Days];

    pub fn code(self) -> &'static str {
        match self {
            Period::All => "all",
            Period::Year => "year",
            Period::Last30Days => "30d",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Period::All => "All time",
            Period::Year => "This year",
            Period::Last30Days => "Last 30 days",
        }
    }

    fn holds(self, date: Date, today: Date) -> bool {
        match self {
            Period::All => true,
            Period::Year => date.year() == today.year(),
            Period::Last30Days => date >= today.saturating_sub(jiff::Span::new().days(30)),
        }
    }
}

/// An age group: open (under 35) or a five-year masters band starting at 35, 40, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeGroup {
    /// 0 for open; else the first age of the band.
    from: u32,
}

impl AgeGroup {
    /// Open, 35-39, ..., 95-99 and 100+ (the tables end at 110).
    pub fn all() -> Vec<AgeGroup> {
        std::iter::once(AgeGroup { from: 0 })
            .chain((35..=100).step_by(5).map(|from| AgeGroup { from }))
            .collect()
    }

    pub fn code(self) -> String {
        match self.from {
            0 => "open".to_owned(),
            100 => "100+".to_owned(),
            from => format!("{from}-{}", from + 4),
        }
    }

    pub fn name(self) -> String {
        match self.from {
            0 => "Open (under 35)".to_owned(),
            _ => self.code(),
        }
    }

    fn holds(self, age: u32) -> bool {
        match self.from {
            0 => age < 35,
            100 => age >= 100,
            from => (from..from + 5).contains(&age),
        }
    }

    fn parse(text: &str) -> Option<AgeGroup> {
        AgeGroup::all()
            .into_iter()
            .find(|g| g.code() == text.trim().to_ascii_lowercase())
    }
}

/// A weight class as race organisers define them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightClass {
    /// Men of 90.7 kg (200 lb) and over.
    Clydesdale,
    /// Women of 68 kg (150 lb) and over.
    Athena,
}

impl WeightClass {
    pub const ALL: [WeightClass; 2] = [WeightClass::Clydesdale, WeightClass::Athena];

    pub fn code(self) -> &'static str {
        match self {
            WeightClass::Clydesdale => "clydesdale",
            WeightClass::Athena => "athena",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            WeightClass::Clydesdale => "Clydesdale (men, 90.7 kg and over)",
            WeightClass::Athena => "Athena (women, 68 kg and over)",
        }
    }

    pub fn sex(self) -> Sex {
        match self {
            WeightClass::Clydesdale => Sex::Male,
            WeightClass::Athena => Sex::Female,
        }
    }

    /// The lightest weight in the class, in kilograms (200 lb and 150 lb, rounded to 0.1 kg).
    pub fn min_kg(self) -> f64 {
        match self {
            WeightClass::Clydesdale => 90.7,
            WeightClass::Athena => 68.0,
        }
    }
}

/// The filters, checked.
#[derive(Debug, Clone, Copy)]
pub struct Filters {
    pub event: &'static Event,
    pub by: By,
    pub sex: Option<Sex>,
    pub age_group: Option<AgeGroup>,
    pub weight_class: Option<WeightClass>,
    pub period: Period,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

impl LeaderboardInput {
    /// Reads and checks the filters; every mistake is reported against its field.
    pub fn read(&self) -> Result<Filters, Vec<FieldError>> {
        let mut errors = Vec::new();
        let event = results::find_event(given(&self.event).unwrap_or("mile"))
            .map_err(|m| errors.push(FieldError::new("event", m)))
            .ok();
        let by = match given(&self.by).map(str::to_ascii_lowercase).as_deref() {
            None | Some("time") => By::Time,
            Some("age-grade" | "agegrade" | "age_grade" | "grade") => By::AgeGrade,
            Some(other) => {
                errors.push(FieldError::new(
                    "by",
                    format!("`{other}` is not a ranking; give time or age-grade"),
                ));
                By::Time
            }
        };
        let sex = match given(&self.sex).map(str::to_ascii_lowercase).as_deref() {
            None | Some("all") => None,
            Some(text) => text
                .parse::<Sex>()
                .map_err(|_| {
                    errors.push(FieldError::new(
                        "sex",
                        format!(
                            "`{text}` is not M or F; give M, F, or leave it empty for everyone"
                        ),
                    ))
                })
                .ok(),
        };
        let age_group = match given(&self.age_group) {
            None | Some("all") => None,
            Some(text) => AgeGroup::parse(text).or_else(|| {
                let codes: Vec<String> = AgeGroup::all().iter().map(|g| g.code()).collect();
                errors.push(FieldError::new(
                    "age_group",
                    format!(
                        "`{text}` is not an age group; give one of {}, or leave it empty for every age",
                        codes.join(", ")
                    ),
                ));
                None
            }),
        };
        let weight_class = match given(&self.weight_class).map(str::to_ascii_lowercase).as_deref() {
            None | Some("all") => None,
            Some(text) => WeightClass::ALL
                .into_iter()
                .find(|w| w.code() == text)
                .or_else(|| {
                    errors.push(FieldError::new(
                        "weight_class",
                        format!(
                            "`{text}` is not a weight class; give clydesdale or athena, or leave it empty for every weight"
                        ),
                    ));
                    None
                }),
        };
        if let (Some(w), Some(s)) = (weight_class, sex)
            && w.sex() != s
        {
            errors.push(FieldError::new(
                "weight_class",
                format!(
                    "{} is a class for {}; choose the other class or another sex",
                    w.name(),
                    if w.sex() == Sex::Male { "men" } else { "women" }
                ),
            ));
        }
        let period = match given(&self.period).map(str::to_ascii_lowercase).as_deref() {
            None => Period::All,
            Some(text) => Period::ALL
                .into_iter()
                .find(|p| p.code() == text)
                .unwrap_or_else(|| {
                    errors.push(FieldError::new(
                        "period",
                        format!("`{text}` is not a period; give all, year or 30d"),
                    ));
                    Period::All
                }),
        };
        match event {
            Some(event) if errors.is_empty() => Ok(Filters {
                event,
                by,
                sex,
                age_group,
                weight_class,
                period,
            }),
            _ => Err(errors),
        }
    }
}

/// A ranked leaderboard.
#[derive(Debug, Serialize)]
pub struct LeaderboardView {
    pub event: &'static str,
    pub event_name: &'static str,
    /// What was asked for: `time` or `age-grade`.
    pub by: &'static str,
    /// What the entries are ranked by: `time` when the event has no age-grading table.
    pub ranked_by: &'static str,
    pub sex: Option<&'static str>,
    pub age_group: Option<String>,
    pub weight_class: Option<&'static str>,
    pub period: &'static str,
    /// Said when the ranking differs from what was asked, or results were left out.
    pub notes: Vec<String>,
    /// The entries, best first: one page (`items`, `total`, `next`) of the ranking.
    #[serde(flatten)]
    pub entries: PageView<EntryView>,
}

#[derive(Debug, Serialize)]
pub struct EntryView {
    /// 1 for the best; equal results share a rank.
    pub rank: u32,
    pub athlete_id: i64,
    pub athlete: String,
    pub result: ResultView,
}

/// Ranks `results` (results at the filters' event; any order) by the filters, and returns
/// the entries `page` asks for. `athletes` names the athletes for the entries.
///
/// The whole ranking is computed for every page (best per athlete needs every result), so
/// its cursor is a rank rather than a row's key; only the page's entries are turned into
/// views. Ranking itself is linear in the results of the athletes ranked.
pub fn rank(
    filters: &Filters,
    results: &[StoredResult],
    athletes: &[Athlete],
    today: Date,
    page: &Page,
) -> LeaderboardView {
    rank_then(filters, results, athletes, today, |all| page.slice(all))
}

/// Ranks as [`rank`] does and keeps what `take` takes of the whole ranking.
fn rank_then<'r>(
    filters: &Filters,
    results: &'r [StoredResult],
    athletes: &[Athlete],
    today: Date,
    take: impl FnOnce(Vec<(u32, &'r StoredResult)>) -> Paged<(u32, &'r StoredResult)>,
) -> LeaderboardView {
    let mut notes = Vec::new();
    let ranked_by = if filters.by == By::AgeGrade && filters.event.table.is_none() {
        notes.push(format!(
            "The {} has no age-grading table, so it is ranked by time.",
            filters.event.name.to_lowercase()
        ));
        By::Time
    } else {
        filters.by
    };
    let kept = results.iter().filter(|r| {
        let x = &r.result;
        x.event == filters.event.code
            && filters.period.holds(x.date, today)
            && filters.sex.is_none_or(|s| x.sex == Some(s))
            && filters
                .age_group
                .is_none_or(|g| x.age.is_some_and(|a| g.holds(a)))
            && filters.weight_class.is_none_or(|w| {
                x.sex == Some(w.sex()) && x.weight_kg.is_some_and(|kg| kg >= w.min_kg())
            })
    });
    // A result saved before miler refused implausible ones would top every board: it is left
    // out, and the note says so.
    let (kept, implausible): (Vec<&StoredResult>, Vec<&StoredResult>) =
        kept.partition(|r| plausible(&r.result));
    if !implausible.is_empty() {
        let n = implausible.len();
        notes.push(format!(
            "{n} result{} faster than the world record, or above an age grade of 100 %, {} left \
             out; correct {} in the results log.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it" } else { "them" }
        ));
    }
    // The score to rank by, smaller first: the time, or the age grade negated.
    let mut ungraded = 0;
    let mut best: HashMap<AthleteId, (f64, &StoredResult)> = HashMap::new();
    for r in kept {
        let score = match ranked_by {
            By::Time => r.result.time.secs(),
            By::AgeGrade => match results::grade(&r.result) {
                Some(g) => -g.age_grade_pct(),
                None => {
                    ungraded += 1;
                    continue;
                }
            },
        };
        let better = best.get(&r.athlete).is_none_or(|(have, held)| {
            (score, r.result.date, r.id) < (*have, held.result.date, held.id)
        });
        if better {
            best.insert(r.athlete, (score, r));
        }
    }
    if ungraded > 0 {
        notes.push(format!(
            "{ungraded} result{} without an age or sex {} not age graded and left out.",
            if ungraded == 1 { "" } else { "s" },
            if ungraded == 1 { "is" } else { "are" }
        ));
    }
    let mut entries: Vec<(f64, &StoredResult)> = best.into_values().collect();
    entries.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.result.date.cmp(&b.1.result.date))
            .then(a.1.id.cmp(&b.1.id))
    });
    let names: HashMap<AthleteId, &str> = athletes
        .iter()
        .map(|a| (a.id, a.profile.name.as_str()))
        .collect();
    let mut ranked: Vec<(u32, &StoredResult)> = Vec::with_capacity(entries.len());
    let mut previous: Option<(f64, u32)> = None;
    for (i, (score, r)) in entries.iter().enumerate() {
        // Equal scores (to the hundredth) share a rank; the next rank skips, as in races.
        let rank = match previous {
            Some((p, rank)) if (p - score).abs() < 0.005 => rank,
            _ => i as u32 + 1,
        };
        previous = Some((*score, rank));
        ranked.push((rank, *r));
    }
    let ranked = PageView::of(take(ranked), |(rank, r)| EntryView {
        rank,
        athlete_id: r.athlete.0,
        athlete: names.get(&r.athlete).copied().unwrap_or("").to_owned(),
        result: ResultView::of(r),
    });
    LeaderboardView {
        event: filters.event.code,
        event_name: filters.event.name,
        by: filters.by.code(),
        ranked_by: ranked_by.code(),
        sex: filters.sex.map(Sex::code),
        age_group: filters.age_group.map(AgeGroup::code),
        weight_class: filters.weight_class.map(WeightClass::code),
        period: filters.period.code(),
        notes,
        entries: ranked,
    }
}

/// Whether miler would take `result` today: a pace a person can run
/// ([`limits::check_performance`]) and an age grade of at most 100 % ([`results::check_grade`]).
fn plausible(result: &NewResult) -> bool {
    Performance::new(result.distance, result.time)
        .is_some_and(|p| limits::check_performance(p).is_ok())
        && results::grade(result).is_none_or(|g| results::check_grade(&g).is_ok())
}

/// The page `page` of the leaderboard of `athletes` (those the viewer may see) by `filters`.
pub async fn leaderboard(
    store: &Store,
    athletes: &[Athlete],
    filters: &Filters,
    today: Date,
    page: &Page,
) -> Result<LeaderboardView, Error> {
    let ids: Vec<AthleteId> = athletes.iter().map(|a| a.id).collect();
    let results = store.event_results(&ids, filters.event.code).await?;
    Ok(rank(filters, &results, athletes, today, page))
}

/// The first `limit` places (every place when `None`) of the leaderboard of `athletes` by
/// `filters`, ranked once, for a caller that wants no pages: `miler leaderboard`.
pub async fn leaderboard_top(
    store: &Store,
    athletes: &[Athlete],
    filters: &Filters,
    today: Date,
    limit: Option<usize>,
) -> Result<LeaderboardView, Error> {
    let ids: Vec<AthleteId> = athletes.iter().map(|a| a.id).collect();
    let results = store.event_results(&ids, filters.event.code).await?;
    Ok(rank_then(filters, &results, athletes, today, |mut all| {
        let total = all.len() as u64;
        all.truncate(limit.unwrap_or(usize::MAX));
        Paged {
            items: all,
            total,
            next: None,
        }
    }))
}

// ----- challenges -----

/// A challenge: an event with its own page, rules and ranked entries.
#[derive(Debug, Clone, Copy)]
pub struct Challenge {
    pub id: &'static str,
    pub title: &'static str,
    /// The event entries are logged at.
    pub event: &'static str,
    pub summary: &'static str,
    /// How to run it, one step per line.
    pub how: &'static [&'static str],
    /// A record or landmark to measure against.
    pub record: &'static str,
}

pub const CHALLENGES: [Challenge; 2] = [
    Challenge {
        id: "backwards-mile",
        title: "The backwards mile",
        event: "backwards-mile",
        summary: "One continuous mile, alternating a quarter backwards and a quarter forwards. \
                  Backward running costs about 30 % more energy than forward running at the \
                  same speed and goes easier on the front of the knee.",
        how: &[
            "Run 1/4 mile backwards, 1/4 forwards, 1/4 backwards and 1/4 forwards, without stopping.",
            "Start facing away from the line, and glance over your shoulder as you go.",
            "A track is the safest place; or run beside a partner who looks ahead.",
            "Post your total time. The quarters may be changed, as long as it is a mile in all.",
        ],
        record: "The fastest mile run entirely backwards: 5:54.25, Aaron Yoder (Guinness World Records).",
    },
    Challenge {
        id: "mile",
        title: "The mile",
        event: "mile",
        summary: "Four laps of a 400 m track plus 9.344 m: post your mile and see where it \
                  ranks, by time or by age grade.",
        how: &[
            "Warm up for 15 minutes with easy running, then run one mile as fast as you can.",
            "On a 400 m track, start 9.344 m behind the finish line and run four laps.",
            "Plan even or slightly negative splits: going out too fast costs you at the end.",
        ],
        record: "The world record: 3:43.13, Hicham El Guerrouj (1999); for women 4:07.64, Faith Kipyegon (2023).",
    },
];

/// The challenge `id`, or a "not found" that lists them.
pub fn challenge(id: &str) -> Result<&'static Challenge, Error> {
    CHALLENGES.iter().find(|c| c.id == id).ok_or_else(|| {
        let ids: Vec<&str> = CHALLENGES.iter().map(|c| c.id).collect();
        Error::NotFound(format!(
            "there is no challenge `{id}`; the challenges are {}",
            ids.join(", ")
        ))
    })
}

/// A challenge with its entries, ranked by time.
#[derive(Debug, Serialize)]
pub struct ChallengeView {
    pub id: &'static str,
    pub title: &'static str,
    pub event: &'static str,
    pub summary: &'static str,
    pub how: &'static [&'static str],
    pub record: &'static str,
    pub leaderboard: LeaderboardView,
}

/// A challenge without its entries, for the list.
#[derive(Debug, Serialize)]
pub struct ChallengeSummary {
    pub id: &'static str,
    pub title: &'static str,
    pub event: &'static str,
    pub summary: &'static str,
    /// How many athletes have posted an entry.
    pub athletes: usize,
}

/// The challenge with the page `page` of its entries by `athletes`, best per athlete,
/// ranked by time.
pub async fn challenge_view(
    store: &Store,
    athletes: &[Athlete],
    c: &'static Challenge,
    today: Date,
    page: &Page,
) -> Result<ChallengeView, Error> {
    let filters = LeaderboardInput {
        event: Some(c.event.to_owned()),
        ..LeaderboardInput::default()
    }
    .read()
    .map_err(Error::Invalid)?;
    Ok(ChallengeView {
        id: c.id,
        title: c.title,
        event: c.event,
        summary: c.summary,
        how: c.how,
        record: c.record,
        leaderboard: leaderboard(store, athletes, &filters, today, page).await?,
    })
}

/// Every challenge, with how many of `athletes` have posted to it.
pub async fn challenge_list(
    store: &Store,
    athletes: &[Athlete],
    today: Date,
) -> Result<Vec<ChallengeSummary>, Error> {
    let mut list = Vec::new();
    // Only the count is wanted: a page of one entry carries the total.
    let one = Page::first(List::Ranking, 1).map_err(|e| Error::Internal(e.to_string()))?;
    for c in &CHALLENGES {
        let view = challenge_view(store, athletes, c, today, &one).await?;
        list.push(ChallengeSummary {
            id: c.id,
            title: c.title,
            event: c.event,
            summary: c.summary,
            athletes: usize::try_from(view.leaderboard.entries.total).unwrap_or(usize::MAX),
        });
    }
    Ok(list)
}
