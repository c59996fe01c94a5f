//! Security that applies to every request and response: the `Host` allowlist, headers, the
//! same-origin rule for writes, and the request timeout.
//!
//! The `Host` allowlist ([`Hosts`], [`allowed_host`]) is the defence against DNS rebinding: a
//! page on `evil.example` can point its own name at 127.0.0.1 and then read and write miler
//! as if it were its own origin, and the only sign of it is the `Host` header the browser
//! sends, which names the attacker's host. So miler answers only requests that name it: a
//! loopback name or address on the port it listens on, the address it listens on, and the
//! public URL given with `--public-url` when it is served behind a reverse proxy.
//!
//! The Content-Security-Policy allows only miler's own origin: no inline scripts or styles,
//! no third-party hosts, no framing. Pages keep to it by putting every script in a file under
//! `assets/` and every style in the stylesheet.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::Error;

/// The origin miler is reached at through a reverse proxy, such as
/// `https://miler.example.org`: given with `miler serve --public-url`.
///
/// Only an origin is taken (a scheme of `http` or `https`, a host and an optional port):
/// miler's pages link from `/`, so a proxy serving it under a path would break every link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    https: bool,
    /// Lowercase; an IPv6 address keeps its brackets, as it appears in `Host`.
    host: String,
    /// `None` when the URL gave none or gave the scheme's default.
    port: Option<u16>,
}

impl PublicUrl {
    /// Whether browsers reach miler over HTTPS.
    pub fn is_https(&self) -> bool {
        self.https
    }

    /// The host, lowercase, without the port.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The origin as browsers write it in `Origin`: `https://miler.example.org`, with the
    /// port only when it isn't the scheme's default.
    pub fn origin(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        match self.port {
            Some(port) => format!("{scheme}://{}:{port}", self.host),
            None => format!("{scheme}://{}", self.host),
        }
    }

    fn default_port(&self) -> u16 {
        if self.https { 443 } else { 80 }
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/", self.origin())
    }
}

impl FromStr for PublicUrl {
    type Err = String;

    fn from_str(text: &str) -> Result<PublicUrl, String> {
        const EXAMPLE: &str = "give the address browsers use, such as https://miler.example.org";
        let Some((scheme, rest)) = text.split_once("://") else {
            return Err(format!("{text:?} is not a URL; {EXAMPLE}"));
        };
        let https = match scheme.to_ascii_lowercase().as_str() {
            "https" => true,
            "http" => false,
            _ => {
                return Err(format!(
                    "{text:?} starts with {scheme}://; miler is reached over http:// or https://, so {EXAMPLE}"
                ));
            }
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        if !(tail.is_empty() || tail == "/") {
            return Err(format!(
                "{text:?} has a path, query or fragment ({tail}); miler must be served at the root of its host, so give only the scheme and host, such as https://miler.example.org"
            ));
        }
        if authority.contains('@') {
            return Err(format!("{text:?} has a user name in it; {EXAMPLE}"));
        }
        let Some((host, port)) = split_authority(authority) else {
            return Err(format!(
                "{text:?} has no valid host; {EXAMPLE}, or a port after the host as in https://miler.example.org:8443"
            ));
        };
        let mut url = PublicUrl {
            https,
            host: host.to_ascii_lowercase(),
            port,
        };
        if url.port == Some(url.default_port()) {
            url.port = None;
        }
        Ok(url)
    }
}

/// Splits `host[:port]` as it appears in a URL or a `Host` header. The host is a DNS name,
/// an IPv4 address or a bracketed IPv6 address; anything else, an empty or zero port, or a
/// port that is not a number is `None`.
fn split_authority(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, after) = authority.split_at(close + 1);
        Ipv6Addr::from_str(&host[1..close]).ok()?;
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let name_ok = host.starts_with('[')
        || (!host.is_empty()
            && host.len() <= 253
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            && !host.starts_with(['-', '.']));
    if !name_ok {
        return None;
    }
    let port = match port {
        None => None,
        Some(digits) => {
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            match digits.parse::<u16>() {
                Ok(0) | Err(_) => return None,
                Ok(port) => Some(port),
            }
        }
    };
    Some((host, port))
}

/// Which hosts a request may name in `Host`: the allowlist [`allowed_host`] enforces.
///
/// A server knows the address it listens on ([`crate::serve`] sets it from the listener) and
/// then accepts:
///
/// - `localhost`, any `127.x.y.z` and `[::1]` with the port it listens on, and the address
///   it listens on itself (what it printed), so every way of writing the loopback address in
///   a browser works;
/// - the same names without a port only when the port is 80, because browsers leave the
///   port out of `Host` exactly when it is the scheme's default;
/// - the public URL's host, with its port or without one (a proxy such as nginx with
///   `$host` drops the port): a rebinding page can't send that name, as its owner controls
///   it.
///
/// Anything else, and a request with no `Host` at all, is refused.
///
/// Before an address is known (an app built with [`crate::AppState::new`] and driven
/// in-process with `oneshot`, as the router tests do), loopback names are accepted on any
/// port and a request may leave `Host` out, since such requests never come from a browser;
/// foreign hosts are refused all the same.
#[derive(Debug, Clone, Default)]
pub struct Hosts {
    listen: Option<SocketAddr>,
    public: Option<PublicUrl>,
}

impl Hosts {
    pub(crate) fn listening_on(&mut self, addr: SocketAddr) {
        self.listen = Some(addr);
    }

    pub(crate) fn with_public(&mut self, url: PublicUrl) {
        self.public = Some(url);
    }

    pub(crate) fn public(&self) -> Option<&PublicUrl> {
        self.public.as_ref()
    }

    /// Whether `authority` (`host[:port]`, from `Host` or an absolute request target) names
    /// this server.
    fn allows(&self, authority: &str) -> bool {
        let Some((host, port)) = split_authority(authority) else {
            return false;
        };
        if let Some(public) = &self.public
            && host.eq_ignore_ascii_case(&public.host)
            && (port.is_none() || port == Some(public.port.unwrap_or(public.default_port())))
        {
            return true;
        }
        let ours = is_loopback_name(host)
            || self
                .listen
                .is_some_and(|listen| ip_of(host) == Some(listen.ip()));
        let port_ok = match self.listen {
            None => true,
            Some(listen) => match port {
                Some(port) => port == listen.port(),
                None => listen.port() == 80,
            },
        };
        ours && port_ok
    }

    /// The address to tell a refused client to use instead.
    fn printed(&self) -> String {
        match self.listen {
            Some(addr) => format!("http://{addr}/"),
            None => "http://127.0.0.1:PORT/".to_owned(),
        }
    }
}

fn ip_of(host: &str) -> Option<IpAddr> {
    match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => Ipv6Addr::from_str(v6).ok().map(IpAddr::V6),
        None => Ipv4Addr::from_str(host).ok().map(IpAddr::V4),
    }
}

/// `localhost`, `127.x.y.z` or `[::1]`: the names a browser on this computer uses for it.
fn is_loopback_name(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || match ip_of(host) {
            Some(IpAddr::V4(ip)) => ip.is_loopback(),
            Some(IpAddr::V6(ip)) => ip.is_loopback(),
            None => false,
        }
}

/// The longest refused `Host` a message repeats; longer ones are cut.
const SHOWN_HOST_CHARS: usize = 100;

/// Refuses a request whose `Host` (or absolute request target) isn't one of [`Hosts`] with
/// 421 Misdirected Request, before any handler or the same-origin check runs, so a rebinding
/// page can neither read nor write.
pub async fn allowed_host(
    State(hosts): State<Arc<Hosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request.headers().get(header::HOST);
    let target = request.uri().authority().map(|a| a.as_str().to_owned());
    let refused = match (host, &target) {
        (Some(value), _) => match value.to_str() {
            Ok(text) if hosts.allows(text) => None,
            Ok(text) => Some(format!("the host {}", shown(text))),
            Err(_) => Some("a Host header that isn't plain text".to_owned()),
        },
        (None, Some(_)) => None,
        (None, None) if hosts.listen.is_none() => None,
        (None, None) => Some("a request without a Host header".to_owned()),
    };
    // An absolute request target (`GET http://host/ HTTP/1.1`) names the host a server must
    // use, whatever `Host` says, so it is held to the same list.
    let refused = refused.or_else(|| {
        target
            .filter(|t| !hosts.allows(t))
            .map(|t| format!("the host {}", shown(&t)))
    });
    match refused {
        None => next.run(request).await,
        Some(what) => Error::Misdirected(format!(
            "miler doesn't answer {what}, so that web pages elsewhere can't reach it; open miler at the address it printed when it started ({}), or, to serve it under another name through a reverse proxy, start it with --public-url set to that address, such as --public-url https://miler.example.org",
            hosts.printed()
        ))
        .into_response(),
    }
}

fn shown(host: &str) -> String {
    match host.char_indices().nth(SHOWN_HOST_CHARS) {
        Some((cut, _)) => format!("{}...", &host[..cut]),
        None => host.to_owned(),
    }
}

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to every response.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Same-origin rather than no-referrer: under no-referrer browsers send
        // `Origin: null` with form posts, which would hide where a write comes from.
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in set {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Refuses writes sent from another site: a page elsewhere must not be able to change the
/// athletes on this machine by posting a form to it. Browsers say where a request comes
/// from in `Sec-Fetch-Site` and `Origin`; programs that send neither (curl, scripts) are
/// let through, as they act for the person running them.
///
/// Behind a reverse proxy the page's origin is the public URL's, which the proxy's `Host`
/// may not repeat (nginx's `$host` drops a port), so an `Origin` equal to it is miler's own.
pub async fn same_origin(
    State(hosts): State<Arc<Hosts>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && from_another_site(&request, hosts.public()) {
        return Error::Forbidden(
            "a request from another site can't change miler's data; use miler's own pages or call the API without a browser"
                .to_owned(),
        )
        .into_response();
    }
    next.run(request).await
}

fn from_another_site(request: &Request, public: Option<&PublicUrl>) -> bool {
    let headers = request.headers();
    // Browsers say it outright: same-origin, same-site (another port or subdomain),
    // cross-site, or none (typed by the user).
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if public.is_some_and(|url| url.origin().eq_ignore_ascii_case(origin)) {
        return false;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    origin == "null" || origin_host != host
}

/// Ends a request that takes longer than [`crate::REQUEST_TIMEOUT`], or an upload that takes
/// longer than [`crate::activities::UPLOAD_TIMEOUT`].
pub async fn timeout(request: Request, next: Next) -> Response {
    let upload = request.method() == Method::POST && request.uri().path().ends_with("/activities");
    let limit = if upload {
        crate::activities::UPLOAD_TIMEOUT
    } else {
        crate::REQUEST_TIMEOUT
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => Error::Timeout.into_response(),
    }
}
