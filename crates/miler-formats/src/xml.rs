//! What the GPX and TCX readers share: turning bytes into text the XML parser accepts, walking
//! the document, reading text content, numbers and times.
//!
//! Documents are streamed, never held: [`Source`] decodes the bytes (a slice, or a `.gz` as it
//! inflates) a chunk at a time for quick-xml's streaming reader, and [`walk`] hands each element
//! to the format's reader, which keeps only what it needs (the points go straight into the
//! sample columns). So memory does not grow with the document, only with what is read from it,
//! and every way a hostile document could make a streaming parser hold more is capped here:
//! one piece of markup or text ([`MAX_XML_EVENT_BYTES`]), the nesting depth
//! ([`MAX_XML_DEPTH`], which also bounds quick-xml's stack of open names) and the text kept
//! from one element ([`MAX_TEXT_BYTES`]). Entities are never expanded: quick-xml reports a
//! reference such as `&lol9;` as such, [`push_ref`] resolves only the five predefined ones and
//! character references, and a DTD is skipped as one (capped) piece of markup, so "billion
//! laughs" is just text.
//!
//! Real files are sloppier than their schemas. Strava's exports start with spaces before
//! `<?xml` (which XML forbids and most parsers reject), some apps write a UTF-8 or UTF-16 byte
//! order mark, older Garmin software writes ISO-8859-1 names, and times come with or without a
//! UTC offset. All of that is absorbed here, once, so the format readers only see clean UTF-8
//! and `Timestamp`s.

use std::borrow::Cow;
use std::io::{BufRead, Read};

use jiff::Timestamp;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::Format;
use crate::error::ErrorKind;

/// The most levels elements may nest. GPX and TCX nest about ten deep, a dozen with
/// extensions; deeper is damage or an attack, reported like any XML error.
pub const MAX_XML_DEPTH: usize = 256;

/// The most bytes one piece of markup, text or comment may take (a name, a tag with its
/// attributes, a DTD). Real ones are under a kilobyte; this bounds what the streaming parser
/// holds at once while leaving a 50 MB name readable (and cut, see [`crate::MAX_NAME_CHARS`]).
pub const MAX_XML_EVENT_BYTES: u64 = 64 * 1024 * 1024;

/// The most bytes of text kept from one element: ample for a number, a time or a name of
/// [`crate::MAX_NAME_CHARS`] characters; the rest is skipped and the text marked as cut.
pub const MAX_TEXT_BYTES: usize = 4096;

/// The document's first bytes as UTF-8 text, starting at its first `<` when there is one,
/// for sniffing the format ([`crate::detect`]): decoded as [`Source`] decodes a whole document.
pub(crate) fn text(bytes: &[u8]) -> Cow<'_, str> {
    let mut source = Source::new(bytes);
    let mut out = Vec::with_capacity(bytes.len());
    // Reading a slice cannot fail, and the event limit is not checked outside a walk.
    let _ = source.read_to_end(&mut out);
    Cow::Owned(String::from_utf8(out).unwrap_or_default())
}

/// Size of the chunks [`Source`] reads and decodes.
const CHUNK: usize = 64 * 1024;

/// A document's bytes as the UTF-8 stream quick-xml accepts, decoded a chunk at a time:
/// byte order marks and whitespace before the first `<` are dropped (Strava writes spaces
/// before `<?xml`, which XML forbids), UTF-16 with a byte order mark is converted, and bytes
/// that are not UTF-8 are read as ISO-8859-1 (what such files declare in practice) so that a
/// name with an accent never makes a whole activity unreadable.
///
/// It also counts the bytes the parser takes since the current event began, and fails the
/// stream past [`MAX_XML_EVENT_BYTES`]: quick-xml collects each event whole, so this is what
/// bounds its buffer. An input that ends mid-stream (a cut `.gz`) ends the document there, and
/// is remembered in [`Source::cut`].
#[derive(Debug)]
pub(crate) struct Source<R> {
    inner: R,
    /// Undecoded input: a partial character left from the previous chunk, then new bytes.
    raw: Vec<u8>,
    /// Decoded text; `out[out_pos..]` is not yet taken by the parser.
    out: Vec<u8>,
    out_pos: usize,
    encoding: Option<Encoding>,
    at_start: bool,
    inner_done: bool,
    cut: bool,
    failed: Option<String>,
    taken: u64,
    event_start: u64,
    event_too_large: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16 { little: bool },
}

impl<R: Read> Source<R> {
    pub(crate) fn new(inner: R) -> Source<R> {
        Source {
            inner,
            raw: Vec::new(),
            out: Vec::new(),
            out_pos: 0,
            encoding: None,
            at_start: true,
            inner_done: false,
            cut: false,
            failed: None,
            taken: 0,
            event_start: 0,
            event_too_large: false,
        }
    }

    /// The input under the decoding.
    pub(crate) fn inner(&self) -> &R {
        &self.inner
    }

    /// Whether the input ended early (a gzip stream cut short).
    pub(crate) fn cut(&self) -> bool {
        self.cut
    }

    /// What the input said when it failed (a damaged gzip stream, an inflation limit).
    pub(crate) fn failed(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// Marks where the next event begins, for the [`MAX_XML_EVENT_BYTES`] check.
    fn start_event(&mut self) {
        self.event_start = self.taken;
    }

    /// Decodes the next chunk into `out`; false at the end of the input.
    fn decode_more(&mut self) -> std::io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        if !self.inner_done {
            let old = self.raw.len();
            self.raw.resize(old + CHUNK, 0);
            let n = loop {
                match self.inner.read(&mut self.raw[old..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                        self.cut = true;
                        break 0;
                    }
                    Err(e) => {
                        self.raw.truncate(old);
                        self.failed = Some(e.to_string());
                        return Err(e);
                    }
                }
            };
            self.raw.truncate(old + n);
            self.inner_done = n == 0;
        }
        let eof = self.inner_done;
        if self.raw.is_empty() {
            return Ok(!eof);
        }
        let encoding = match self.encoding {
            Some(e) => e,
            None if self.raw.len() < 2 && !eof => return Ok(true),
            None => {
                let e = match self.raw[..] {
                    [0xFF, 0xFE, ..] => Encoding::Utf16 { little: true },
                    [0xFE, 0xFF, ..] => Encoding::Utf16 { little: false },
                    _ => Encoding::Utf8,
                };
                if e != Encoding::Utf8 {
                    self.raw.drain(..2);
                }
                self.encoding = Some(e);
                e
            }
        };
        let used = match encoding {
            Encoding::Utf8 => decode_utf8(&self.raw, eof, &mut self.out),
            Encoding::Utf16 { little } => decode_utf16(&self.raw, little, eof, &mut self.out),
        };
        self.raw.drain(..used);
        if self.at_start {
            let skip = skippable_prefix(&self.out);
            self.out_pos = skip;
            self.at_start = skip == self.out.len();
        }
        Ok(true)
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Source<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.taken - self.event_start > MAX_XML_EVENT_BYTES {
            self.event_too_large = true;
            return Err(std::io::Error::other(event_too_large()));
        }
        while self.out_pos == self.out.len() {
            if !self.decode_more()? {
                break;
            }
        }
        // The parser sees at most one byte past the limit, so an event over it is caught on
        // the next call, before its buffer grows further, and one at the limit is read.
        let room = MAX_XML_EVENT_BYTES - (self.taken - self.event_start) + 1;
        let end = self.out.len().min(
            self.out_pos
                .saturating_add(usize::try_from(room).unwrap_or(usize::MAX)),
        );
        Ok(&self.out[self.out_pos..end])
    }

    fn consume(&mut self, n: usize) {
        self.out_pos += n;
        self.taken += n as u64;
    }
}

fn event_too_large() -> String {
    format!(
        "an element, text or comment longer than {} MiB, far more than any activity file has",
        MAX_XML_EVENT_BYTES / (1024 * 1024)
    )
}

/// How many bytes at the start of `out` are byte order marks and whitespace.
fn skippable_prefix(out: &[u8]) -> usize {
    let mut i = 0;
    loop {
        if out[i..].starts_with(b"\xEF\xBB\xBF") {
            i += 3;
        } else if out.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        } else {
            return i;
        }
    }
}

/// Decodes UTF-8, reading any byte that is not part of a valid sequence as ISO-8859-1; an
/// incomplete sequence at the end is left for the next chunk unless the input has ended.
/// Returns the bytes of `raw` used.
fn decode_utf8(raw: &[u8], eof: bool, out: &mut Vec<u8>) -> usize {
    let mut i = 0;
    while i < raw.len() {
        match std::str::from_utf8(&raw[i..]) {
            Ok(s) => {
                out.extend_from_slice(s.as_bytes());
                return raw.len();
            }
            Err(e) => {
                let valid = e.valid_up_to();
                out.extend_from_slice(&raw[i..i + valid]);
                i += valid;
                match e.error_len() {
                    Some(_) => {
                        push_char(out, char::from(raw[i]));
                        i += 1;
                    }
                    None if eof => {
                        for &b in &raw[i..] {
                            push_char(out, char::from(b));
                        }
                        return raw.len();
                    }
                    None => return i,
                }
            }
        }
    }
    i
}

/// Decodes UTF-16; a lone surrogate becomes U+FFFD. A surrogate pair or a byte split by the
/// chunk's end is left for the next chunk unless the input has ended.
fn decode_utf16(raw: &[u8], little: bool, eof: bool, out: &mut Vec<u8>) -> usize {
    let unit = |k: usize| {
        let pair = [raw[2 * k], raw[2 * k + 1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    };
    let mut units = raw.len() / 2;
    if !eof && units > 0 && (0xD800..0xDC00).contains(&unit(units - 1)) {
        units -= 1;
    }
    for c in char::decode_utf16((0..units).map(unit)) {
        push_char(out, c.unwrap_or('\u{fffd}'));
    }
    if eof && units * 2 < raw.len() {
        push_char(out, '\u{fffd}');
        return raw.len();
    }
    units * 2
}

fn push_char(out: &mut Vec<u8>, c: char) {
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
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

/// An element's text content as [`walk`] collected it: at most [`MAX_TEXT_BYTES`].
#[derive(Debug, Default)]
pub(crate) struct Text {
    value: String,
    cut: bool,
}

impl Text {
    fn clear(&mut self) {
        self.value.clear();
        self.cut = false;
    }

    /// Appends `s`, up to [`MAX_TEXT_BYTES`] in all (cut at a character boundary).
    fn push(&mut self, s: &str) {
        let room = MAX_TEXT_BYTES - self.value.len();
        if s.len() <= room {
            self.value.push_str(s);
            return;
        }
        let mut end = room;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.value.push_str(&s[..end]);
        self.cut = true;
    }

    /// The text collected.
    pub(crate) fn as_str(&self) -> &str {
        &self.value
    }

    /// The text as a name, cleaned ([`crate::text::clean`]).
    pub(crate) fn name(&self) -> crate::text::Cleaned {
        crate::text::clean(&self.value, self.cut)
    }
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
    fn close(&mut self, path: &mut Path<Self::Tag>, text: &Text);
    /// Whether anything worth keeping has been read, which turns a later syntax error from a
    /// failure into a damaged tail.
    fn has_data(&self) -> bool;
    /// Whether the handler wants nothing more (its point budget is spent): the walk stops.
    fn is_full(&self) -> bool;
    /// The document is damaged at `offset`: what was read so far stands.
    fn damaged(&mut self, offset: u64, message: String);
}

/// Walks an XML document, handing its elements and their text to `handler`. A syntax error
/// before any data is an error; after it, or an unclosed document, is reported to the handler
/// as damage and the walk stops with what was read. The limits of the module documentation
/// count as syntax errors.
pub(crate) fn walk<R: Read, H: Handler>(
    source: &mut Source<R>,
    format: Format,
    handler: &mut H,
) -> Result<(), ErrorKind> {
    let mut reader = quick_xml::Reader::from_reader(source);
    let mut path = Path::default();
    let mut text = Text::default();
    let mut buf = Vec::new();
    loop {
        if handler.is_full() {
            return Ok(());
        }
        buf.clear();
        reader.get_mut().start_event();
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) if path.depth() >= MAX_XML_DEPTH => Err((
                format!(
                    "elements nest more than {MAX_XML_DEPTH} deep, far deeper than any activity \
                     file"
                ),
                reader.buffer_position(),
            )),
            Ok(event) => Ok(event),
            Err(e) => {
                let source = reader.get_ref();
                Err(if source.event_too_large {
                    (event_too_large(), source.event_start)
                } else if let Some(failed) = source.failed() {
                    (failed.to_owned(), reader.buffer_position())
                } else {
                    (e.to_string(), reader.error_position())
                })
            }
        };
        let event = match event {
            Ok(event) => event,
            Err((message, offset)) => {
                if !handler.has_data() {
                    return Err(ErrorKind::Xml {
                        format,
                        offset,
                        message,
                    });
                }
                handler.damaged(offset, message);
                return Ok(());
            }
        };
        let wants_text = path.up(0).is_some_and(|t| handler.has_text(t));
        match event {
            Event::Start(e) => {
                let tag = handler.tag(&e);
                handler.open(&path, tag, &e);
                path.push(tag);
                text.clear();
            }
            Event::Empty(e) => {
                let tag = handler.tag(&e);
                handler.open(&path, tag, &e);
                path.push(tag);
                text.clear();
                handler.close(&mut path, &text);
            }
            Event::Text(t) if wants_text => text.push(&t.xml10_content()),
            Event::CData(t) if wants_text => text.push(&t.xml10_content()),
            Event::GeneralRef(r) if wants_text => {
                let mut resolved = String::new();
                push_ref(&mut resolved, &r);
                text.push(&resolved);
            }
            Event::End(_) => handler.close(&mut path, &text),
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

    /// A handler that only counts elements, for the walk's own limits.
    #[derive(Default)]
    struct Count {
        elements: usize,
        damage: Option<String>,
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct AnyTag;

    impl Tag for AnyTag {
        fn index(self) -> usize {
            0
        }
    }

    impl Handler for Count {
        type Tag = AnyTag;
        fn tag(&self, _: &BytesStart<'_>) -> AnyTag {
            AnyTag
        }
        fn has_text(&self, _: AnyTag) -> bool {
            true
        }
        fn open(&mut self, _: &Path<AnyTag>, _: AnyTag, _: &BytesStart<'_>) {
            self.elements += 1;
        }
        fn close(&mut self, path: &mut Path<AnyTag>, _: &Text) {
            path.pop();
        }
        fn has_data(&self) -> bool {
            false
        }
        fn is_full(&self) -> bool {
            false
        }
        fn damaged(&mut self, _: u64, message: String) {
            self.damage = Some(message);
        }
    }

    fn nested(depth: usize) -> Vec<u8> {
        let mut doc = b"<a>".repeat(depth);
        doc.extend(b"</a>".repeat(depth));
        doc
    }

    #[test]
    fn nesting_is_read_to_the_depth_limit_and_refused_past_it() {
        let mut count = Count::default();
        walk(
            &mut Source::new(&nested(MAX_XML_DEPTH)[..]),
            Format::Gpx,
            &mut count,
        )
        .unwrap();
        assert_eq!(count.elements, MAX_XML_DEPTH);
        let mut count = Count::default();
        let err = walk(
            &mut Source::new(&nested(MAX_XML_DEPTH + 1)[..]),
            Format::Gpx,
            &mut count,
        )
        .unwrap_err();
        assert!(
            matches!(&err, ErrorKind::Xml { message, .. } if message.contains("nest more than 256")),
            "{err:?}"
        );
    }

    #[test]
    fn one_event_may_take_the_event_limit_and_no_more() {
        let limit = usize::try_from(MAX_XML_EVENT_BYTES).unwrap();
        for (len, ok) in [(limit, true), (limit + 1, false)] {
            let mut doc = b"<a>".to_vec();
            doc.resize(3 + len, b'x');
            doc.extend(b"</a>");
            let result = walk(
                &mut Source::new(&doc[..]),
                Format::Gpx,
                &mut Count::default(),
            );
            match result {
                Ok(()) => assert!(ok, "{len} bytes of text were read"),
                Err(ErrorKind::Xml {
                    message, offset, ..
                }) => {
                    assert!(!ok && message.contains("longer than 64 MiB"), "{message}");
                    assert_eq!(offset, 3, "the event that began after <a>");
                }
                Err(other) => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn text_is_kept_to_its_limit() {
        let mut text = Text::default();
        text.push(&"a".repeat(MAX_TEXT_BYTES - 1));
        text.push("é");
        // A two-byte character does not fit in the last byte: it is cut, not split.
        assert_eq!((text.as_str().len(), text.cut), (MAX_TEXT_BYTES - 1, true));
        let mut text = Text::default();
        text.push(&"a".repeat(MAX_TEXT_BYTES));
        assert_eq!((text.as_str().len(), text.cut), (MAX_TEXT_BYTES, false));
        text.push("b");
        assert!(text.cut);
    }

    #[test]
    fn decoding_streams_utf16_and_latin1_across_chunks() {
        // A document longer than one chunk, with characters straddling chunk boundaries.
        let body = "é€😀".repeat(CHUNK / 3);
        let doc = format!("  <n>{body}</n>");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(doc.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(text(&utf16), doc.trim_start());
        let latin1: Vec<u8> = b"<n>"
            .iter()
            .chain(&vec![0xE8; CHUNK + 1])
            .copied()
            .collect();
        assert_eq!(text(&latin1), format!("<n>{}", "è".repeat(CHUNK + 1)));
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
