//! Pages of a list: how many rows to return ([`Page`]), where the previous page ended (a
//! [`Cursor`]), and what comes back ([`Paged`]: the rows, how many there are in all, the
//! cursor of the next page).
//!
//! Every list the store, the API, the pages and the command line show goes through here, so
//! the page size is checked in one place ([`Page::read`]) against [`MAX_LIMIT`], and a
//! cursor is read in one place too. A cursor is a keyset position, not an offset: it holds
//! the sort key of the last row shown (an activity's start and id, a result's date and id,
//! a workout's name), and the next page asks the database for the rows after that key
//! through an index. So a deep page costs what the first one does, and rows inserted or
//! deleted between two requests never make a walk show a row twice or skip one that was
//! there all along.
//!
//! The one list that is not a table's rows is a leaderboard, whose ranking is computed from
//! every entry; its cursor is the rank to continue from ([`Page::slice`]).
//!
//! A cursor is opaque to clients: the key's text, hex encoded, tagged with the list it
//! belongs to, so a cursor of one list handed to another is refused instead of misread.

use std::fmt;

use jiff::civil::Date;

/// The page size when none is asked for.
pub const DEFAULT_LIMIT: u32 = 50;

/// The largest page size a request may ask for: enough to walk a 39 000-result log in under
/// a hundred requests, small enough that one response stays in the hundreds of kilobytes.
pub const MAX_LIMIT: u32 = 500;

/// The longest cursor read, in characters: twice the longest key (a workout name of at most
/// a few hundred characters), so a request cannot hand miler megabytes to decode.
pub const MAX_CURSOR_CHARS: usize = 4096;

/// The lists that page, each with its own kind of cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// An athlete's results, newest first.
    Results,
    /// An athlete's activities, newest first.
    Activities,
    /// The athletes, in the order they were added.
    Athletes,
    /// An athlete's saved workouts, by name.
    Workouts,
    /// A computed ranking (a leaderboard, a challenge's entries), best first.
    Ranking,
}

impl List {
    fn tag(self) -> &'static str {
        match self {
            List::Results => "results",
            List::Activities => "activities",
            List::Athletes => "athletes",
            List::Workouts => "workouts",
            List::Ranking => "ranking",
        }
    }
}

/// Where a page starts: after this row's sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    /// A result's date and id.
    Result(Date, i64),
    /// An activity's start (Unix milliseconds; none sorts last) and id.
    Activity(Option<i64>, i64),
    Athlete(i64),
    /// A saved workout's name (unique per athlete).
    Workout(String),
    /// How many ranked entries came before.
    Rank(u64),
}

impl Key {
    fn list(&self) -> List {
        match self {
            Key::Result(..) => List::Results,
            Key::Activity(..) => List::Activities,
            Key::Athlete(_) => List::Athletes,
            Key::Workout(_) => List::Workouts,
            Key::Rank(_) => List::Ranking,
        }
    }

    fn encode(&self) -> Cursor {
        let text = match self {
            Key::Result(date, id) => format!("{date}|{id}"),
            Key::Activity(Some(start), id) => format!("{start}|{id}"),
            Key::Activity(None, id) => format!("-|{id}"),
            Key::Athlete(id) => id.to_string(),
            Key::Workout(name) => name.clone(),
            Key::Rank(offset) => offset.to_string(),
        };
        let plain = format!("{}:{text}", self.list().tag());
        Cursor(plain.bytes().map(|b| format!("{b:02x}")).collect())
    }

    fn decode(list: List, cursor: &str) -> Option<Key> {
        if !cursor.len().is_multiple_of(2) || cursor.len() > MAX_CURSOR_CHARS {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..cursor.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(cursor.get(i..i + 2)?, 16).ok())
            .collect();
        let plain = String::from_utf8(bytes?).ok()?;
        let text = plain.strip_prefix(list.tag())?.strip_prefix(':')?;
        let id = |s: &str| s.parse::<i64>().ok().filter(|&id| id > 0);
        match list {
            List::Results => {
                let (date, rest) = text.split_once('|')?;
                Some(Key::Result(date.parse().ok()?, id(rest)?))
            }
            List::Activities => {
                let (start, rest) = text.split_once('|')?;
                let start = match start {
                    "-" => None,
                    s => Some(s.parse().ok()?),
                };
                Some(Key::Activity(start, id(rest)?))
            }
            List::Athletes => Some(Key::Athlete(id(text)?)),
            List::Workouts => (!text.is_empty()).then(|| Key::Workout(text.to_owned())),
            List::Ranking => text.parse().ok().map(Key::Rank),
        }
    }
}

/// Where the next page starts, as a client passes it back: opaque text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor(String);

impl Cursor {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A page size or cursor that cannot be used, naming the parameter at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error(
        "`{0}` is not a page size: give a whole number from 1 to {MAX_LIMIT} (the default is {DEFAULT_LIMIT}), and follow `next` for more"
    )]
    Limit(String),
    #[error(
        "`{0}` is not a cursor of this list: pass back the `next` of the previous page unchanged, or leave cursor out to start at the first page"
    )]
    Cursor(String),
}

impl PageError {
    /// The query parameter at fault: `limit` or `cursor`.
    pub fn parameter(&self) -> &'static str {
        match self {
            PageError::Limit(_) => "limit",
            PageError::Cursor(_) => "cursor",
        }
    }
}

/// Which page of a list to return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    list: List,
    limit: u32,
    after: Option<Key>,
}

impl Page {
    /// The page a request asks for, from the text of its `limit` and `cursor` parameters;
    /// either may be left out (or empty): [`DEFAULT_LIMIT`] rows from the start.
    pub fn read(list: List, limit: Option<&str>, cursor: Option<&str>) -> Result<Page, PageError> {
        let limit = match limit.map(str::trim).filter(|s| !s.is_empty()) {
            None => DEFAULT_LIMIT,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| PageError::Limit(shorten(text)))?,
        };
        let after = match cursor.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => {
                Some(Key::decode(list, text).ok_or_else(|| PageError::Cursor(shorten(text)))?)
            }
        };
        Ok(Page { list, limit, after })
    }

    /// The first page of `limit` rows; a limit outside 1 to [`MAX_LIMIT`] is refused.
    pub fn first(list: List, limit: u32) -> Result<Page, PageError> {
        Page::read(list, Some(&limit.to_string()), None)
    }

    /// The page after the one that ended with `cursor`, of the same size.
    pub fn next(&self, cursor: &Cursor) -> Result<Page, PageError> {
        Page::read(
            self.list,
            Some(&self.limit.to_string()),
            Some(cursor.as_str()),
        )
    }

    pub fn list(&self) -> List {
        self.list
    }

    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// Where the page starts, for a query of `list`; a page of another list is refused,
    /// as its cursor would be misread.
    pub(crate) fn after_in(&self, list: List) -> Result<Option<&Key>, PageError> {
        if self.list == list {
            Ok(self.after.as_ref())
        } else {
            Err(PageError::Cursor(format!(
                "a cursor of {}",
                self.list.tag()
            )))
        }
    }

    #[cfg(test)]
    fn after(&self) -> Option<&Key> {
        self.after.as_ref()
    }

    /// This page of a list computed whole (a ranking): the rows after the cursor's rank.
    pub fn slice<T>(&self, all: Vec<T>) -> Paged<T> {
        let total = all.len() as u64;
        let skip = match self.after {
            Some(Key::Rank(offset)) => usize::try_from(offset).unwrap_or(usize::MAX),
            _ => 0,
        };
        let items: Vec<T> = all
            .into_iter()
            .skip(skip)
            .take(self.limit as usize)
            .collect();
        let end = skip.saturating_add(items.len()) as u64;
        Paged {
            next: (end < total).then(|| Key::Rank(end).encode()),
            items,
            total,
        }
    }

    /// The page made of `rows` as a query returned them: at most one more than the limit,
    /// the extra one telling there is a next page, whose cursor is the last row's key.
    pub(crate) fn finish<T>(
        &self,
        mut rows: Vec<T>,
        total: u64,
        key: impl Fn(&T) -> Key,
    ) -> Paged<T> {
        let more = rows.len() > self.limit as usize;
        rows.truncate(self.limit as usize);
        let next = if more {
            rows.last().map(|last| key(last).encode())
        } else {
            None
        };
        Paged {
            items: rows,
            total,
            next,
        }
    }
}

/// A cursor's or limit's text fit for an error message.
fn shorten(text: &str) -> String {
    const SHOWN: usize = 40;
    if text.chars().count() <= SHOWN {
        text.to_owned()
    } else {
        let head: String = text.chars().take(SHOWN).collect();
        format!("{head}...")
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// How many rows the whole list has.
    pub total: u64,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Cursor>,
}

impl<T> Paged<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            next: self.next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_from_one_to_the_maximum_are_taken() {
        let page = |text: &str| Page::read(List::Results, Some(text), None).map(|p| p.limit());
        assert_eq!(page("1"), Ok(1));
        assert_eq!(page(" 500 "), Ok(MAX_LIMIT));
        assert_eq!(page(""), Ok(DEFAULT_LIMIT));
        assert_eq!(
            Page::read(List::Results, None, None).map(|p| p.limit()),
            Ok(50)
        );
        for bad in ["0", "501", "-1", "ten", "1e3", "99999999999"] {
            let error = page(bad).unwrap_err();
            assert_eq!(error.parameter(), "limit", "{bad}");
            assert!(error.to_string().contains("from 1 to 500"), "{error}");
        }
    }

    #[test]
    fn every_key_reads_back_from_its_cursor() {
        let keys = [
            Key::Result("2026-11-01".parse().unwrap(), 17),
            Key::Activity(Some(1_764_000_000_000), 3),
            Key::Activity(Some(-5), 3),
            Key::Activity(None, 9),
            Key::Athlete(2),
            Key::Workout("Tuesday 400s | 8:00".to_owned()),
            Key::Rank(150),
        ];
        for key in keys {
            let cursor = key.encode();
            assert!(cursor.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
            let page = Page::read(key.list(), None, Some(cursor.as_str())).unwrap();
            assert_eq!(page.after(), Some(&key));
        }
    }

    #[test]
    fn a_cursor_of_another_list_or_garbage_is_refused() {
        let results = Key::Result("2026-11-01".parse().unwrap(), 17).encode();
        let huge = "ab".repeat(MAX_CURSOR_CHARS);
        for (list, bad) in [
            (List::Activities, results.as_str()),
            (List::Results, "zz"),
            (List::Results, "abc"),
            (List::Results, "not a cursor"),
            (List::Athletes, &huge),
        ] {
            let error = Page::read(list, None, Some(bad)).unwrap_err();
            assert_eq!(error.parameter(), "cursor");
            assert!(error.to_string().len() < 300, "{error}");
        }
    }

    #[test]
    fn a_ranking_slices_by_rank() {
        let first = Page::read(List::Ranking, Some("2"), None).unwrap();
        let one = first.slice(vec![1, 2, 3, 4, 5]);
        assert_eq!((one.items.clone(), one.total), (vec![1, 2], 5));
        let two = first
            .next(one.next.as_ref().unwrap())
            .unwrap()
            .slice(vec![1, 2, 3, 4, 5]);
        assert_eq!(two.items, vec![3, 4]);
        let three = first
            .next(two.next.as_ref().unwrap())
            .unwrap()
            .slice(vec![1, 2, 3, 4, 5]);
        assert_eq!((three.items, three.next), (vec![5], None));
    }
}
