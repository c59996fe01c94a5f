//! Bounded decompression, shared by `.gz` files and zip entries.
//!
//! A few kilobytes of deflate can claim to be gigabytes (a "zip bomb"), and neither a gzip
//! trailer nor a zip header can be trusted about sizes. So every decompression here counts the
//! bytes it produces and stops at [`Limits::max_file_bytes`], and refuses data that compresses
//! far more tightly than any activity file does ([`Limits::max_ratio`]) as soon as that is
//! clear, without inflating the rest. Zip entries are also checked against their declared sizes
//! before any byte is inflated (see `strava`).

use std::io::Read;

use crate::error::{ErrorKind, Warning};

/// Caps on decompression, so hostile input cannot exhaust memory or time.
///
/// The defaults leave room for any real activity: a 24-hour FIT file is a few megabytes and a
/// second-by-second GPX of an ultra tens of megabytes, while a file compresses 2:1 (FIT) to
/// about 20:1 (TCX), and even a GPX of a runner standing still for a day stays under 200:1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes one file (a `.gz`, or one zip entry) may inflate to. Default 256 MiB.
    pub max_file_bytes: u64,
    /// The most bytes all entries of one archive may inflate to together. Default 16 GiB,
    /// enough for a decade of daily runs.
    pub max_archive_bytes: u64,
    /// The largest ratio of inflated to compressed size allowed once more than
    /// [`Limits::RATIO_GRACE_BYTES`] have been inflated. Default 400.
    pub max_ratio: u64,
}

impl Limits {
    /// Data below this size is never refused for its ratio: a small, very regular file can
    /// compress well without being a bomb, and a bomb must be large to do harm.
    pub const RATIO_GRACE_BYTES: u64 = 1024 * 1024;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
            max_archive_bytes: 16 * 1024 * 1024 * 1024,
            max_ratio: 400,
        }
    }
}

/// Inflated bytes, and a warning if the stream ended early.
#[derive(Debug)]
pub(crate) struct Inflated {
    pub(crate) bytes: Vec<u8>,
    pub(crate) truncated: Option<Warning>,
}

/// Inflates a gzip file (several members are read in turn, as `gunzip` does).
///
/// A stream that ends early keeps what was inflated, with a warning, since the readers after it
/// recover partial files; a stream that is damaged from the start is an error.
pub(crate) fn gunzip(bytes: &[u8], limits: &Limits) -> Result<Inflated, ErrorKind> {
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    match read_bounded(decoder, bytes.len() as u64, 0, limits) {
        Ok(bytes) => Ok(Inflated {
            bytes,
            truncated: None,
        }),
        Err(Stop::Io(partial, e))
            if e.kind() == std::io::ErrorKind::UnexpectedEof && !partial.is_empty() =>
        {
            Ok(Inflated {
                truncated: Some(Warning::TruncatedGzip {
                    inflated: partial.len() as u64,
                }),
                bytes: partial,
            })
        }
        Err(Stop::Io(_, e)) => Err(ErrorKind::Gzip {
            message: e.to_string(),
        }),
        Err(Stop::Limit(kind)) => Err(kind),
    }
}

/// Why [`read_bounded`] stopped early.
#[derive(Debug)]
pub(crate) enum Stop {
    /// A limit was reached.
    Limit(ErrorKind),
    /// The reader failed; what was read before is kept.
    Io(Vec<u8>, std::io::Error),
}

/// Reads `reader` to the end, counting: refuses more than `limits.max_file_bytes` and, past the
/// grace size, more than `limits.max_ratio` times `compressed_len`. `size_hint` (a declared size,
/// untrusted) only sizes the first allocation, and is capped.
pub(crate) fn read_bounded(
    mut reader: impl Read,
    compressed_len: u64,
    size_hint: u64,
    limits: &Limits,
) -> Result<Vec<u8>, Stop> {
    const CHUNK: usize = 64 * 1024;
    const MAX_PREALLOCATION: u64 = 16 * 1024 * 1024;
    let capacity = size_hint.min(limits.max_file_bytes).min(MAX_PREALLOCATION);
    let mut out = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let mut chunk = vec![0u8; CHUNK];
    let ratio_cap = compressed_len.max(1).saturating_mul(limits.max_ratio);
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Stop::Io(out, e)),
        };
        let total = out.len() as u64 + n as u64;
        if total > limits.max_file_bytes {
            return Err(Stop::Limit(ErrorKind::TooLarge {
                limit: limits.max_file_bytes,
            }));
        }
        if total > Limits::RATIO_GRACE_BYTES && total > ratio_cap {
            return Err(Stop::Limit(ErrorKind::CompressionRatio {
                limit: limits.max_ratio,
                inflated: total,
            }));
        }
        out.extend_from_slice(&chunk[..n]);
    }
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

    #[test]
    fn inflates_within_limits() {
        let data = b"<gpx></gpx>".repeat(100);
        let out = gunzip(&gz(&data), &Limits::default()).unwrap();
        assert_eq!(out.bytes, data);
        assert!(out.truncated.is_none());
    }

    #[test]
    fn two_members_are_one_file() {
        let mut both = gz(b"abc");
        both.extend(gz(b"def"));
        assert_eq!(gunzip(&both, &Limits::default()).unwrap().bytes, b"abcdef");
    }

    #[test]
    fn a_bomb_stops_at_the_ratio_without_inflating_it_all() {
        let zeros = vec![0u8; 64 * 1024 * 1024];
        let bomb = gz(&zeros);
        // gzip declares no size up front, so the bomb is stopped once it has inflated 400
        // times its own size: a quarter of it here, and never more than the file limit.
        let stop = 400 * bomb.len() as u64;
        match gunzip(&bomb, &Limits::default()) {
            Err(ErrorKind::CompressionRatio { inflated, .. }) => {
                assert!(
                    inflated > stop && inflated <= stop + 64 * 1024,
                    "stopped after {inflated} bytes"
                );
                assert!(inflated < zeros.len() as u64 / 2);
            }
            other => panic!("expected a ratio refusal, got {other:?}"),
        }
    }

    #[test]
    fn the_size_cap_holds_whatever_the_ratio() {
        let limits = Limits {
            max_file_bytes: 1000,
            max_ratio: u64::MAX,
            ..Limits::default()
        };
        let out = gunzip(&gz(&[7u8; 5000]), &limits);
        assert_eq!(out.unwrap_err(), ErrorKind::TooLarge { limit: 1000 });
    }

    #[test]
    fn a_cut_stream_keeps_what_inflated() {
        let data: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let whole = gz(&data);
        let cut = &whole[..whole.len() / 2];
        let out = gunzip(cut, &Limits::default()).unwrap();
        assert!(!out.bytes.is_empty() && out.bytes.len() < data.len());
        assert_eq!(out.bytes[..], data[..out.bytes.len()]);
        assert!(matches!(out.truncated, Some(Warning::TruncatedGzip { .. })));
        assert!(matches!(
            gunzip(b"\x1f\x8bgarbage", &Limits::default()),
            Err(ErrorKind::Gzip { .. })
        ));
    }
}
