//! Bounded decompression, shared by `.gz` files and zip entries.
//!
//! A few kilobytes of deflate can claim to be gigabytes (a "zip bomb"), and neither a gzip
//! trailer nor a zip header can be trusted about sizes. So every decompression here counts the
//! bytes it produces and stops at [`Limits::max_file_bytes`], and refuses data that compresses
//! far more tightly than any activity file does ([`Limits::max_ratio`]) as soon as that is
//! clear, without inflating the rest. Zip entries are also checked against their declared sizes
//! before any byte is inflated (see `strava`).

use std::io::Read;

use crate::error::ErrorKind;

/// Caps on decompression, so hostile input cannot exhaust memory or time.
///
/// The defaults leave room for any real activity: a 24-hour FIT file is a few megabytes and a
/// second-by-second GPX of an ultra tens of megabytes, while a file compresses 2:1 (FIT) to
/// about 20:1 (TCX), and even a GPX of a runner standing still for a day stays under 200:1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes one file (a `.gz`, or one zip entry) may inflate to. Default 200 MiB:
    /// room for any real recording, and with the decoding that follows (a FIT file is inflated
    /// whole, then decoded into at most `MAX_POINTS` rows) still under the 256 MiB a single file
    /// may cost.
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
            max_file_bytes: 200 * 1024 * 1024,
            max_archive_bytes: 16 * 1024 * 1024 * 1024,
            max_ratio: 400,
        }
    }
}

/// A decompressing reader that counts what it produces and fails once a limit is passed: the
/// one place [`Limits::max_file_bytes`] and [`Limits::max_ratio`] are enforced, whether the
/// bytes are collected ([`read_bounded`]) or streamed into a parser (`.gz` GPX and TCX).
#[derive(Debug)]
pub(crate) struct Bounded<R> {
    inner: R,
    limits: Limits,
    ratio_cap: u64,
    inflated: u64,
    refused: Option<ErrorKind>,
}

impl<R: Read> Bounded<R> {
    /// Bounds `inner`, which inflates `compressed_len` bytes.
    pub(crate) fn new(inner: R, compressed_len: u64, limits: &Limits) -> Bounded<R> {
        Bounded {
            inner,
            limits: *limits,
            ratio_cap: compressed_len.max(1).saturating_mul(limits.max_ratio),
            inflated: 0,
            refused: None,
        }
    }

    /// Bytes produced so far.
    pub(crate) fn inflated(&self) -> u64 {
        self.inflated
    }

    /// The limit that stopped the stream, if one did.
    pub(crate) fn refused(&self) -> Option<&ErrorKind> {
        self.refused.as_ref()
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(kind) = &self.refused {
            return Err(std::io::Error::other(kind.to_string()));
        }
        let n = self.inner.read(buf)?;
        let total = self.inflated + n as u64;
        let refused = if total > self.limits.max_file_bytes {
            Some(ErrorKind::TooLarge {
                limit: self.limits.max_file_bytes,
            })
        } else if total > Limits::RATIO_GRACE_BYTES && total > self.ratio_cap {
            Some(ErrorKind::CompressionRatio {
                limit: self.limits.max_ratio,
                inflated: total,
            })
        } else {
            None
        };
        if let Some(kind) = refused {
            let error = std::io::Error::other(kind.to_string());
            self.refused = Some(kind);
            return Err(error);
        }
        self.inflated = total;
        Ok(n)
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

/// Reads `reader` to the end through [`Bounded`]. `size_hint` (a declared size, untrusted)
/// only sizes the first allocation, and is capped.
pub(crate) fn read_bounded(
    reader: impl Read,
    compressed_len: u64,
    size_hint: u64,
    limits: &Limits,
) -> Result<Vec<u8>, Stop> {
    const MAX_PREALLOCATION: u64 = 16 * 1024 * 1024;
    let capacity = size_hint.min(limits.max_file_bytes).min(MAX_PREALLOCATION);
    let mut out = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let mut bounded = Bounded::new(reader, compressed_len, limits);
    read_rest(&mut bounded, &mut out)?;
    Ok(out)
}

/// Appends what is left of `bounded` to `out`.
pub(crate) fn read_rest<R: Read>(bounded: &mut Bounded<R>, out: &mut Vec<u8>) -> Result<(), Stop> {
    const CHUNK: usize = 64 * 1024;
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match bounded.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(match bounded.refused.take() {
                    Some(kind) => Stop::Limit(kind),
                    None => Stop::Io(std::mem::take(out), e),
                });
            }
        };
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

    fn gunzip(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, Stop> {
        let decoder = flate2::read::MultiGzDecoder::new(bytes);
        read_bounded(decoder, bytes.len() as u64, 0, limits)
    }

    #[test]
    fn inflates_within_limits() {
        let data = b"<gpx></gpx>".repeat(100);
        assert_eq!(gunzip(&gz(&data), &Limits::default()).unwrap(), data);
    }

    #[test]
    fn a_bomb_stops_at_the_ratio_without_inflating_it_all() {
        let zeros = vec![0u8; 64 * 1024 * 1024];
        let bomb = gz(&zeros);
        // gzip declares no size up front, so the bomb is stopped once it has inflated 400
        // times its own size: a quarter of it here, and never more than the file limit.
        let stop = 400 * bomb.len() as u64;
        match gunzip(&bomb, &Limits::default()) {
            Err(Stop::Limit(ErrorKind::CompressionRatio { inflated, .. })) => {
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
        match gunzip(&gz(&[7u8; 5000]), &limits) {
            Err(Stop::Limit(kind)) => assert_eq!(kind, ErrorKind::TooLarge { limit: 1000 }),
            other => panic!("expected a size refusal, got {other:?}"),
        }
        let at = Limits {
            max_file_bytes: 5000,
            ..limits
        };
        assert_eq!(gunzip(&gz(&[7u8; 5000]), &at).unwrap().len(), 5000);
    }

    #[test]
    fn a_cut_stream_keeps_what_inflated() {
        let data: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let whole = gz(&data);
        match gunzip(&whole[..whole.len() / 2], &Limits::default()) {
            Err(Stop::Io(partial, e)) => {
                assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
                assert!(!partial.is_empty() && partial.len() < data.len());
                assert_eq!(partial[..], data[..partial.len()]);
            }
            other => panic!("expected a cut stream, got {other:?}"),
        }
    }
}
