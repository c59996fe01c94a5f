//! What the GPX and TCX readers share: turning bytes into text the XML parser accepts, reading
//! text content, numbers and times.
//!
//! Real files are sloppier than their schemas. Strava's exports start with spaces before
//! `<?xml` (which XML forbids and most parsers reject), some apps write a UTF-8 or UTF-16 byte
//! order mark, older Garmin software writes ISO-8859-1 names, and times come with or without a
//! UTC offset. All of that is absorbed here, once, so the format readers only see clean UTF-8
//! and `Timestamp`s.

use std::borrow::Cow;

use jiff::Timestamp;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::Format;
use crate::error::ErrorKind;

/// The document as UTF-8 text, starting at its first `<` when there is one: byte order marks
/// and leading whitespace are dropped, UTF-16 is converted, and invalid UTF-8 is read as
/// ISO-8859-1 (what such files declare in practice) so that a name with an accent never makes a
/// whole activity unreadable.
pub(crate) fn text(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(utf16) = utf16(bytes) {
        return Cow::Owned(utf16.trim_start_matches(is_skippable).to_owned());
    }
    let mut rest = bytes;
    loop {
        let before = rest.len();
        rest = rest.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(rest);
        rest = rest.trim_ascii_start();
        if rest.len() == before {
            break;
        }
    }
    match std::str::from_utf8(rest) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(rest.iter().map(|&b| char::from(b)).collect()),
    }
}

fn is_skippable(c: char) -> bool {
    c == '\u{feff}' || c.is_ascii_whitespace()
}

/// UTF-16 text with a byte order mark, decoded; `None` if there is no UTF-16 BOM.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (little, body) = match bytes {
        [0xFF, 0xFE, body @ ..] => (true, body),
        [0xFE, 0xFF, body @ ..] => (false, body),
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{fffd}'))
            .collect(),
    )
}

/// Appends the text a general reference stands for (`&amp;`, `&#233;`) to `out`; unknown
/// entities are kept as written, since files never define their own and dropping text is worse.
pub(crate) fn push_ref(out: &mut String, r: &BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
        return;
    }
    let name = r.as_ref();
    match quick_xml::escape::resolve_predefined_entity(name) {
        Some(s) => out.push_str(s),
        None => {
            out.push('&');
            out.push_str(name);
            out.push(';');
        }
    }
}

/// A finite number from element text, ignoring surrounding whitespace.
pub(crate) fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A heart rate or cadence as the model stores it: rounded, 1 to 255; 0 and garbage mean none.
pub(crate) fn byte(text: &str) -> Option<u8> {
    number(text)
        .map(f64::round)
        .filter(|v| (1.0..=255.0).contains(v))
        .map(|v| v as u8)
}

/// A time as GPX and TCX write it (ISO 8601). Returns the instant and whether the text had a
/// UTC offset; a time without one is taken as UTC, which is what GPX 1.1 prescribes and what
/// the devices that omit it mean.
pub(crate) fn time(text: &str) -> Option<(Timestamp, bool)> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some((ts, true));
    }
    let civil = text.parse::<jiff::civil::DateTime>().ok()?;
    let ts = civil.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
    Some((ts, false))
}

/// Seconds since the Unix epoch, with the fraction, for [`miler_activity::SampleRow::time_s`].
pub(crate) fn seconds(ts: Timestamp) -> f64 {
    ts.as_second() as f64 + f64::from(ts.subsec_nanosecond()) / 1e9
}

/// What a format reader does with the elements [`walk`] hands it: GPX and TCX differ in their
/// elements, not in how a document is walked.
pub(crate) trait Handler {
    type Tag: Tag;
    /// The kind of an element, by its local name.
    fn tag(&self, e: &BytesStart<'_>) -> Self::Tag;
    /// Whether the element's text content is wanted.
    fn has_text(&self, tag: Self::Tag) -> bool;
    /// An element opens; `path` holds the elements around it.
    fn open(&mut self, path: &Path<Self::Tag>, tag: Self::Tag, e: &BytesStart<'_>);
    /// The innermost element closes with `text` as its content; the handler pops it.
    fn close(&mut self, path: &mut Path<Self::Tag>, text: &str);
    /// Whether anything worth keeping has been read, which turns a later syntax error from a
    /// failure into a damaged tail.
    fn has_data(&self) -> bool;
    /// The document is damaged at `offset`: what was read so far stands.
    fn damaged(&mut self, offset: u64, message: String);
}

/// Walks an XML document, handing its elements and their text to `handler`. A syntax error
/// before any data is an error; after it, or an unclosed document, is reported to the handler
/// as damage and the walk stops with what was read.
pub(crate) fn walk<H: Handler>(
    text: &str,
    format: Format,
    handler: &mut H,
) -> Result<(), ErrorKind> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut path = Path::default();
    let mut buf = String::new();
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let offset = reader.error_position();
                if !handler.has_data() {
                    return Err(ErrorKind::Xml {
                        format,
                        offset,
                        message: e.to_string(),
                    });
                }
                handler.damaged(offset, e.to_string());
                return Ok(());
            }
        };
        let wants_text = path.up(0).is_some_and(|t| handler.has_text(t));
        match event {
            Event::Start(e) => {
                let tag = handler.tag(&e);
                handler.open(&path, tag, &e);
                path.push(tag);
                buf.clear();
            }
            Event::Empty(e) => {
                let tag = handler.tag(&e);
                handler.open(&path, tag, &e);
                path.push(tag);
                buf.clear();
                handler.close(&mut path, &buf);
            }
            Event::Text(t) if wants_text => buf.push_str(&t.xml10_content()),
            Event::CData(t) if wants_text => buf.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if wants_text => push_ref(&mut buf, &r),
            Event::End(_) => handler.close(&mut path, &buf),
            Event::Eof => {
                if path.depth() > 0 && handler.has_data() {
                    handler.damaged(
                        reader.buffer_position(),
                        "the file ends before its elements are closed".to_owned(),
                    );
                }
                return Ok(());
            }
            _ => {}
        }
    }
}

/// An element kind a reader tracks; `index` is its position in the reader's enum.
pub(crate) trait Tag: Copy + PartialEq {
    fn index(self) -> usize;
}

/// Tracks the chain of open elements by local name, so a reader can ask "is this
/// `<DistanceMeters>` a lap's or a trackpoint's?" without caring about namespace prefixes
/// (`gpxtpx:hr`, `ns3:hr` and `hr` are the same thing to miler).
///
/// "Is there an open `<trkseg>` anywhere above?" is answered from a count per kind, not by
/// scanning the chain, so that a hostile file nesting a million elements cannot make every
/// lookup slow.
#[derive(Debug)]
pub(crate) struct Path<T> {
    open: Vec<T>,
    counts: Vec<usize>,
}

impl<T> Default for Path<T> {
    fn default() -> Path<T> {
        Path {
            open: Vec::new(),
            counts: Vec::new(),
        }
    }
}

impl<T: Tag> Path<T> {
    pub(crate) fn push(&mut self, tag: T) {
        let i = tag.index();
        if self.counts.len() <= i {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += 1;
        self.open.push(tag);
    }

    pub(crate) fn pop(&mut self) -> Option<T> {
        let tag = self.open.pop()?;
        if let Some(count) = self.counts.get_mut(tag.index()) {
            *count = count.saturating_sub(1);
        }
        Some(tag)
    }

    /// The element `up` levels above the innermost open one (0 is the innermost).
    pub(crate) fn up(&self, up: usize) -> Option<T> {
        self.open.len().checked_sub(up + 1).map(|i| self.open[i])
    }

    /// Whether an element of this kind is open anywhere in the chain.
    pub(crate) fn contains(&self, tag: T) -> bool {
        self.counts.get(tag.index()).is_some_and(|&c| c > 0)
    }

    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_absorbs_what_real_files_start_with() {
        let cases: [(&[u8], &str); 6] = [
            (b"<gpx/>", "<gpx/>"),
            (b"   \n\t<?xml?><gpx/>", "<?xml?><gpx/>"),
            (b"\xEF\xBB\xBF<gpx/>", "<gpx/>"),
            (b"  \xEF\xBB\xBF <gpx/>", "<gpx/>"),
            (b"\xFF\xFE<\0g\0/\0>\0", "<g/>"),
            (b"<n>Ljubljana \xe8</n>", "<n>Ljubljana \u{e8}</n>"),
        ];
        for (bytes, want) in cases {
            assert_eq!(text(bytes), want, "{bytes:?}");
        }
    }

    #[test]
    fn times_with_and_without_offsets() {
        let cases = [
            ("2010-08-05T14:23:59Z", Some((1_281_018_239.0, true))),
            (" 2016-05-27T10:08:47.8Z ", Some((1_464_343_727.8, true))),
            ("2013-01-01T12:00:04", Some((1_357_041_604.0, false))),
            ("2020-12-18T07:15:50+01:00", Some((1_608_272_150.0, true))),
            ("yesterday", None),
        ];
        for (text, want) in cases {
            let got = time(text).map(|(ts, offset)| (seconds(ts), offset));
            match (got, want) {
                (Some((s, o)), Some((ws, wo))) => {
                    assert!((s - ws).abs() < 1e-6 && o == wo, "{text}: {s} {o}");
                }
                (got, want) => assert_eq!(got, want, "{text}"),
            }
        }
    }

    #[test]
    fn bytes_are_heart_rates_and_cadences() {
        for (text, want) in [
            ("142", Some(142)),
            (" 85.6 ", Some(86)),
            ("0", None),
            ("300", None),
            ("x", None),
        ] {
            assert_eq!(byte(text), want, "{text}");
        }
    }
}
