//! Which athlete a request is about.
//!
//! Pages follow the browser's current athlete, a cookie the athlete switcher sets. The API
//! names the athlete in the path (`/api/v1/athletes/{id}/...`), so a call means the same
//! thing whoever makes it. Both go through [`scoped`], the one place that decides whether a
//! viewer may see an athlete: on the local app the person at the keyboard sees every
//! athlete on the machine ([`Viewer::Local`]); club mode will add logged-in viewers and
//! answer "not found" for athletes they may not see, without changing any query, because
//! every query already takes the athlete id.

use axum::http::{HeaderMap, HeaderValue, header};
use miler_store::{Athlete, AthleteId};

use crate::{AppState, Error};

/// The cookie that holds the browser's current athlete.
pub const COOKIE: &str = "miler_athlete";

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The person running the local app: sees every athlete in its database.
    Local,
}

impl Viewer {
    fn may_see(self, _athlete: AthleteId) -> bool {
        match self {
            Viewer::Local => true,
        }
    }
}

/// The athlete `id` as `viewer` may see it; "not found" when there is no such athlete or
/// the viewer may not see it (the two are not told apart, so ids reveal nothing).
pub async fn scoped(state: &AppState, viewer: Viewer, id: AthleteId) -> Result<Athlete, Error> {
    let not_found = || {
        Error::NotFound(format!(
            "there is no athlete {}; GET /api/v1/athletes lists them",
            id.0
        ))
    };
    if !viewer.may_see(id) {
        return Err(not_found());
    }
    state.store().athlete(id).await?.ok_or_else(not_found)
}

/// An athlete id from a path segment, with a message that says what an id looks like.
pub fn parse_id(text: &str) -> Result<AthleteId, Error> {
    text.parse::<i64>()
        .ok()
        .filter(|&id| id > 0)
        .map(AthleteId)
        .ok_or_else(|| {
            Error::BadRequest(format!(
                "`{text}` is not an athlete id: ids are whole numbers such as 1; GET /api/v1/athletes lists them"
            ))
        })
}

/// The athlete id the browser's cookie names, if any.
pub fn from_cookie(headers: &HeaderMap) -> Option<AthleteId> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| value.parse::<i64>().ok())
        .map(AthleteId)
}

/// The `Set-Cookie` value that makes `id` the browser's current athlete for a year.
pub fn set_cookie(id: AthleteId) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        id.0
    ))
    .expect("digits are a valid header value")
}

/// The browser's current athlete: the cookie's if it names an onboarded athlete, else the
/// first onboarded athlete; `None` before anyone has completed the first-run form.
pub async fn current(state: &AppState, headers: &HeaderMap) -> Result<Option<Athlete>, Error> {
    let athletes = state.store().athletes().await?;
    let wanted = from_cookie(headers);
    let chosen = athletes
        .iter()
        .find(|a| Some(a.id) == wanted && a.profile.onboarded)
        .or_else(|| athletes.iter().find(|a| a.profile.onboarded))
        .filter(|a| Viewer::Local.may_see(a.id));
    Ok(chosen.cloned())
}

/// Every athlete `viewer` may see, in the order they were added: whom a leaderboard or a
/// challenge ranks. Club mode narrows it with the same rule as [`scoped`].
pub async fn visible(state: &AppState, viewer: Viewer) -> Result<Vec<Athlete>, Error> {
    let athletes = state.store().athletes().await?;
    Ok(athletes
        .into_iter()
        .filter(|a| viewer.may_see(a.id))
        .collect())
}
