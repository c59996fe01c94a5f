//! Lists in the API and on the pages, a page at a time. Every list endpoint takes
//! `?limit=&cursor=` ([`PageQuery`]) and answers `{"items": [...], "total": N, "next": "..."}`
//! ([`PageView`], flattened beside a list's other fields where it has any); every list page
//! shows how many there are in all and a link to the next page ([`More`]), which works
//! without JavaScript.
//!
//! The limits and the cursors themselves are the store's ([`miler_store::Page`]): this
//! module only reads them from a query string and reports a bad one as a 400 naming the
//! parameter.

use miler_store::{List, Page, Paged};
use serde::{Deserialize, Serialize};

use crate::Error;

/// The `limit` and `cursor` query parameters, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The page of `list` asked for; a bad limit or cursor is a field error on `limit` or
    /// `cursor` (400), saying what to give instead.
    pub fn read(&self, list: List) -> Result<Page, Error> {
        Page::read(list, self.limit.as_deref(), self.cursor.as_deref())
            .map_err(|e| Error::field(e.parameter(), e.to_string()))
    }
}

/// One page of a list as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<T> {
    pub items: Vec<T>,
    /// How many the whole list has.
    pub total: u64,
    /// The `cursor` of the next page; null on the last page.
    pub next: Option<String>,
}

impl<T> From<Paged<T>> for PageView<T> {
    fn from(paged: Paged<T>) -> PageView<T> {
        PageView {
            items: paged.items,
            total: paged.total,
            next: paged.next.map(|c| c.to_string()),
        }
    }
}

impl<T> PageView<T> {
    /// The page with each item turned into its view.
    pub fn of<S>(paged: Paged<S>, f: impl FnMut(S) -> T) -> PageView<T> {
        PageView::from(paged.map(f))
    }
}

/// What a list page says under its rows: how many of how many are shown, and the link to
/// the next page.
#[derive(Debug, Clone, Default)]
pub struct More {
    /// `Showing 50 of 5,000`; empty when the list is empty.
    pub shown: String,
    /// The next page's address, the page's own query kept; `None` on the last page.
    pub href: Option<String>,
}

impl More {
    /// `page` of a list at `path`, whose other query parameters are `query` (name, value;
    /// empty values are left out of the link).
    pub fn of<T>(page: &PageView<T>, path: &str, query: &[(&str, &str)]) -> More {
        let shown = if page.total == 0 {
            String::new()
        } else {
            format!(
                "Showing {} of {}",
                thousands(page.items.len() as u64),
                thousands(page.total)
            )
        };
        let href = page.next.as_ref().map(|cursor| {
            let mut parts: Vec<String> = query
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| format!("{k}={}", encode(v)))
                .collect();
            parts.push(format!("cursor={cursor}"));
            format!("{path}?{}", parts.join("&"))
        });
        More { shown, href }
    }
}

/// `5000` as `5,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A query value, percent-encoded but for the characters that never need it.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_next_link_keeps_the_page_s_query() {
        let page = PageView {
            items: vec![1, 2],
            total: 5000,
            next: Some("abc123".to_owned()),
        };
        let more = More::of(
            &page,
            "/leaderboards",
            &[("event", "mile"), ("sex", ""), ("age_group", "35-39 & up")],
        );
        assert_eq!(more.shown, "Showing 2 of 5,000");
        assert_eq!(
            more.href.as_deref(),
            Some("/leaderboards?event=mile&age_group=35-39%20%26%20up&cursor=abc123")
        );
    }
}
