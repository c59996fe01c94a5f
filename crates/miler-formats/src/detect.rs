//! What a file is, from its first bytes; its name only breaks ties.
//!
//! Names lie: Strava exports `.fit.gz` files, browsers rename downloads, people save a GPX as
//! `.xml`. So content decides: the FIT header's `.FIT` tag at byte 8, gzip's and zip's magic
//! numbers, and for XML the name of the first element (`<gpx>` or `<TrainingCenterDatabase>`),
//! found after any BOM, whitespace, declaration and comments. The name is consulted only when the
//! content is recognised as none of these, so that a damaged `run.gpx` gets the GPX reader's
//! precise complaint instead of "not an activity file".

use quick_xml::events::Event;

/// The file formats miler reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Garmin FIT.
    Fit,
    /// GPS Exchange Format, 1.0 or 1.1.
    Gpx,
    /// Garmin Training Center XML.
    Tcx,
    /// A gzip stream (of one of the others).
    Gzip,
    /// A zip archive (a Strava bulk export).
    Zip,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Fit => "FIT",
            Format::Gpx => "GPX",
            Format::Tcx => "TCX",
            Format::Gzip => "gzip",
            Format::Zip => "zip",
        })
    }
}

/// How far into an XML file the root element is looked for. Declarations, stylesheets and
/// comments before the root are short in every real file; a bound keeps detection cheap on a
/// 100 MB file and on garbage.
const XML_SNIFF_BYTES: usize = 64 * 1024;

/// The format of `bytes`, by content; `name` is used only for an XML file whose root element
/// could not be found in the first 64 KiB. `None` for anything else.
pub fn detect(name: &str, bytes: &[u8]) -> Option<Format> {
    if bytes.len() >= 12 && &bytes[8..12] == b".FIT" && bytes[0] >= 12 {
        return Some(Format::Fit);
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(Format::Gzip);
    }
    // A local file header, or the end-of-central-directory record of an empty archive.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(Format::Zip);
    }
    let head = &bytes[..bytes.len().min(XML_SNIFF_BYTES)];
    match xml_root(head).as_deref() {
        Some("gpx") => Some(Format::Gpx),
        Some("TrainingCenterDatabase") => Some(Format::Tcx),
        Some(_) => None,
        None if looks_like_xml(head) => {
            from_name(name).filter(|f| matches!(f, Format::Gpx | Format::Tcx))
        }
        None => None,
    }
}

/// The format a file's name suggests, ignoring case: `.fit`, `.gpx`, `.tcx`, `.gz`, `.zip`.
pub(crate) fn from_name(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    [
        (".fit", Format::Fit),
        (".gpx", Format::Gpx),
        (".tcx", Format::Tcx),
        (".gz", Format::Gzip),
        (".zip", Format::Zip),
    ]
    .into_iter()
    .find(|(ext, _)| lower.ends_with(ext))
    .map(|(_, format)| format)
}

/// `name` without a trailing `.gz` (any case).
pub(crate) fn strip_gz(name: &str) -> &str {
    let cut = name.len().saturating_sub(3);
    match name.get(cut..) {
        Some(ext) if ext.eq_ignore_ascii_case(".gz") => &name[..cut],
        _ => name,
    }
}

/// Whether a file name is worth reading when walking a folder or an archive: an activity file
/// (`.fit`, `.gpx`, `.tcx`), a gzip of one, or a zip. Case is ignored. Reading still goes by
/// content; this only saves opening every photo in a folder.
pub fn is_activity_file_name(name: &str) -> bool {
    matches!(
        from_name(strip_gz(name)),
        Some(Format::Fit | Format::Gpx | Format::Tcx | Format::Zip)
    )
}

/// Whether the start of `head` (after a BOM and whitespace) is `<`: some XML, maybe damaged.
fn looks_like_xml(head: &[u8]) -> bool {
    crate::xml::text(head).trim_start().starts_with('<')
}

/// The local name of the first element of an XML document, if the head parses that far.
fn xml_root(head: &[u8]) -> Option<String> {
    let text = crate::xml::text(head);
    if !text.starts_with('<') {
        return None;
    }
    let mut reader = quick_xml::Reader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return Some(e.local_name().as_ref().to_owned());
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(Event::Text(t)) if !t.as_ref().trim().is_empty() => return None,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_and_the_name_breaks_ties() {
        let fit_header = [
            14, 0x20, 0x08, 0x08, 0, 0, 0, 0, b'.', b'F', b'I', b'T', 0, 0,
        ];
        let cases: [(&str, &[u8], Option<Format>); 12] = [
            ("a.bin", &fit_header, Some(Format::Fit)),
            ("a.gpx", &[0x1f, 0x8b, 8, 0], Some(Format::Gzip)),
            ("a.txt", b"PK\x03\x04rest", Some(Format::Zip)),
            ("a.xml", b"<?xml version='1.0'?><gpx/>", Some(Format::Gpx)),
            (
                "a",
                b"   \r\n<!-- c --><ns:gpx xmlns:ns='x'>",
                Some(Format::Gpx),
            ),
            (
                "a",
                b"\xEF\xBB\xBF<TrainingCenterDatabase>",
                Some(Format::Tcx),
            ),
            ("a.gpx", b"<kml></kml>", None),
            ("notes.txt", b"hello", None),
            ("a.gpx", b"<?xml version='1.0'?><<<", Some(Format::Gpx)),
            ("a.txt", b"<?xml version='1.0'?><<<", None),
            ("a.fit", b"", None),
            ("a.tcx", b"text <gpx>", None),
        ];
        for (name, bytes, want) in cases {
            assert_eq!(detect(name, bytes), want, "{name} {bytes:?}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(strip_gz("a.FIT.GZ"), "a.FIT");
        assert_eq!(strip_gz("gz"), "gz");
        assert_eq!(strip_gz("é.gz"), "é");
        for (name, want) in [
            ("1.fit.gz", true),
            ("a.TCX", true),
            ("export.zip", true),
            ("photo.jpg", false),
            ("x.gz", false),
        ] {
            assert_eq!(is_activity_file_name(name), want, "{name}");
        }
    }
}
