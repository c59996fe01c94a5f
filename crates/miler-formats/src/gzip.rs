//! A `.gz` activity file, read as it inflates.
//!
//! The inflated bytes of a GPX or TCX file are never held: the first [`SNIFF_BYTES`] are
//! inflated to tell the format, then the XML reader takes the rest straight from the
//! decompressor, so memory stays that of the reader whatever the file inflates to, and the
//! inflation limits ([`Limits`], enforced by [`inflate::Bounded`]) still hold. A FIT file is
//! inflated whole, within the same limits, since its decoder reads from a slice.
//!
//! A stream that ends early keeps what was read, with [`Warning::TruncatedGzip`], since the
//! readers recover partial files; a damaged stream, or one past a limit, is an error.

use std::io::{Cursor, Read};

use flate2::read::MultiGzDecoder;

use crate::detect::{self, Format, detect};
use crate::error::{Error, ErrorKind, Warning};
use crate::inflate::{self, Bounded, Stop};
use crate::{Imported, Limits, fit, gpx, tcx, xml};

/// How much is inflated to tell the format before the rest is streamed: what [`detect`]
/// looks at.
const SNIFF_BYTES: usize = 64 * 1024;

/// Reads a gzip-compressed activity file; adds the bytes inflated to `inflated` when given (an
/// archive counts them against its budget).
pub(crate) fn read(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    inflated: Option<&mut u64>,
) -> Result<Imported, Error> {
    let mut bounded = Bounded::new(MultiGzDecoder::new(bytes), bytes.len() as u64, limits);
    let (head, head_error) = sniff(&mut bounded);
    let failure = |bounded: &Bounded<_>, message: String| match bounded.refused() {
        Some(kind) => Error::new(name, kind.clone()),
        None => Error::new(name, ErrorKind::Gzip { message }),
    };
    let head_cut = head_error.is_some();
    if let Some(e) = head_error
        && (head.is_empty() || e.kind() != std::io::ErrorKind::UnexpectedEof)
    {
        return Err(failure(&bounded, e.to_string()));
    }
    let inner = detect(name, &head).or_else(|| detect::from_name(detect::strip_gz(name)));
    let (result, total, cut) = match inner {
        Some(Format::Gpx | Format::Tcx) => {
            // After a cut in the head, the decompressor has nothing more to give.
            let rest = bounded.take(if head_cut { 0 } else { u64::MAX });
            let mut source = xml::Source::new(Cursor::new(head).chain(rest));
            let result = if inner == Some(Format::Gpx) {
                gpx::read_from(name, &mut source)
            } else {
                tcx::read_from(name, &mut source)
            };
            let bounded = source.inner().get_ref().1.get_ref();
            if let Some(failed) = source.failed() {
                return Err(failure(bounded, failed.to_owned()));
            }
            (result, bounded.inflated(), head_cut || source.cut())
        }
        Some(Format::Fit) => {
            let mut plain = head;
            let cut = head_cut;
            let cut = cut
                || match inflate::read_rest(&mut bounded, &mut plain) {
                    Ok(()) => false,
                    Err(Stop::Limit(kind)) => return Err(Error::new(name, kind)),
                    Err(Stop::Io(partial, e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                        plain = partial;
                        true
                    }
                    Err(Stop::Io(_, e)) => return Err(failure(&bounded, e.to_string())),
                };
            (fit::read(name, &plain), bounded.inflated(), cut)
        }
        Some(Format::Gzip | Format::Zip) => Err(Error::new(name, ErrorKind::Nested))?,
        None => Err(Error::new(name, ErrorKind::NotActivityFile))?,
    };
    if let Some(sum) = inflated {
        *sum = sum.saturating_add(total);
    }
    let mut imported = result?;
    if cut {
        imported
            .warnings
            .insert(0, Warning::TruncatedGzip { inflated: total });
    }
    Ok(imported)
}

/// Inflates up to [`SNIFF_BYTES`]; a cut stream gives what inflated and its error.
fn sniff(reader: &mut impl Read) -> (Vec<u8>, Option<std::io::Error>) {
    let mut head = vec![0; SNIFF_BYTES];
    let mut filled = 0;
    while filled < head.len() {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                head.truncate(filled);
                return (head, Some(e));
            }
        }
    }
    head.truncate(filled);
    (head, None)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn gpx(points: usize) -> String {
        let mut s = String::from("<gpx><trk><trkseg>");
        for i in 0..points {
            s.push_str(&format!(
                "<trkpt lat=\"45.{i:06}\" lon=\"13.0\"><time>2024-05-01T07:{:02}:{:02}Z</time></trkpt>",
                i / 60 % 60,
                i % 60
            ));
        }
        s.push_str("</trkseg></trk></gpx>");
        s
    }

    #[test]
    fn a_gpx_streams_out_of_gzip_and_counts_what_inflated() {
        let text = gpx(3000);
        let mut total = 0;
        let imported = read(
            "a.gpx.gz",
            &gz(text.as_bytes()),
            &Limits::default(),
            Some(&mut total),
        )
        .unwrap();
        assert_eq!(imported.activities[0].samples.len(), 3000);
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        assert_eq!(total, text.len() as u64);
    }

    #[test]
    fn two_members_are_one_file() {
        let text = gpx(2);
        let (a, b) = text.split_at(30);
        let mut both = gz(a.as_bytes());
        both.extend(gz(b.as_bytes()));
        let imported = read("b.gpx.gz", &both, &Limits::default(), None).unwrap();
        assert_eq!(imported.activities[0].samples.len(), 2);
    }

    #[test]
    fn a_cut_stream_keeps_what_inflated() {
        let text = gpx(20_000);
        let whole = gz(text.as_bytes());
        let cut = &whole[..whole.len() / 2];
        let imported = read("c.gpx.gz", cut, &Limits::default(), None).unwrap();
        let n = imported.activities[0].samples.len();
        assert!(n > 1000 && n < 20_000, "{n}");
        assert!(
            matches!(
                imported.warnings[..],
                [Warning::TruncatedGzip { .. }, Warning::Damaged { .. }, ..]
            ),
            "{:?}",
            imported.warnings
        );
        let err = read("d.gpx.gz", b"\x1f\x8bgarbage", &Limits::default(), None).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Gzip { .. }), "{err}");
    }

    #[test]
    fn limits_hold_while_streaming() {
        // Points past the sniffed head: the size cap stops the stream, and the file is refused.
        let text = gpx(5000);
        let limits = Limits {
            max_file_bytes: 100_000,
            ..Limits::default()
        };
        let err = read("e.gpx.gz", &gz(text.as_bytes()), &limits, None).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::TooLarge { limit: 100_000 });
    }
}
