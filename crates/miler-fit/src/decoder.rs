//! The decoding loop: file headers, chained blocks, record headers, CRCs and recovery.
//!
//! The input is one slice and every position is an offset into it, so errors name the byte where
//! they happened. A FIT file is one or more blocks of `[header][messages][CRC]`. Each block is
//! decoded in one pass over its messages; the CRC is checked on the slice afterwards, which is
//! faster than updating it byte by byte inside the loop.
//!
//! Recovery follows one rule: everything decoded before the first structural problem is kept,
//! and the problem becomes a warning. A structural problem (an undefined local message, a message
//! running past the data, a broken chained header) stops decoding, because after it the message
//! boundaries are unknown. A CRC mismatch does not stop it: the messages still parse, and their
//! values are kept with the warning. Only when the very first block yields no data message at all
//! is the problem returned as an error, since then there is nothing to recover.
//!
//! Hostile input cannot make this loop hang or allocate without bound: every step consumes at
//! least one byte, and the only allocations are at most [`MAX_RECORDS`] rows of the record
//! columns (about 46 bytes each, so under 10 MB; columns are reserved by an estimate that is a
//! fraction of the remaining input and never past the limit) and at most [`MAX_SUMMARIES`]
//! structs of each summary kind. Records past the limit are skipped by their size, as unknown
//! messages are, so the laps, sessions and events after them are still read, and the first
//! skipped one is reported once ([`ErrorKind::TooManyRecords`]). Without the limit a file of
//! minimal 2-byte records would cost 23 times its size in columns.

use crate::Activity;
use crate::crc::crc16;
use crate::error::{Error, ErrorKind, Part};
use crate::messages::{
    ActivitySummary, DeviceInfo, Event, Fields, FileId, Lap, Session, Workout, WorkoutStep,
};
use crate::plan::{self, Kind, Plan, mesg};
use crate::records::Accumulator;

/// Size of a FIT file header without its CRC; headers may be longer, never shorter.
const MIN_HEADER: usize = 12;

/// A parsed file header.
#[derive(Debug, Clone, Copy)]
struct Header {
    /// Where the header starts.
    offset: usize,
    /// Where the messages start.
    data_start: usize,
    /// Where the messages end according to the header, which may be past the input's end.
    data_end: usize,
}

fn header(bytes: &[u8], offset: usize) -> Result<Header, Error> {
    let rest = &bytes[offset..];
    let not_fit = |reason| Error::new(offset, ErrorKind::NotFit { reason });
    if rest.len() < MIN_HEADER {
        return Err(not_fit("fewer than 12 bytes"));
    }
    if &rest[8..12] != b".FIT" {
        return Err(not_fit("no \".FIT\" tag at bytes 8 to 11"));
    }
    let size = usize::from(rest[0]);
    if size < MIN_HEADER {
        return Err(not_fit("header size below 12"));
    }
    if rest.len() < size {
        return Err(Error::new(
            offset,
            ErrorKind::Truncated {
                part: Part::Header,
                needed: size,
                available: rest.len(),
            },
        ));
    }
    if size >= 14 {
        // A stored CRC of 0 means the writer did not compute one.
        let stored = u16::from_le_bytes([rest[12], rest[13]]);
        let computed = crc16(&rest[..12]);
        if stored != 0 && stored != computed {
            return Err(Error::new(
                offset,
                ErrorKind::HeaderCrcMismatch { stored, computed },
            ));
        }
    }
    let data_size = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]);
    let data_start = offset + size;
    Ok(Header {
        offset,
        data_start,
        data_end: data_start.saturating_add(data_size as usize),
    })
}

/// Decodes all of `bytes` into `out`, pushing recovered problems onto `warnings`.
pub(crate) fn decode(
    bytes: &[u8],
    out: &mut Activity,
    warnings: &mut Vec<Error>,
) -> Result<(), Error> {
    let mut h = header(bytes, 0)?;
    let mut first = true;
    let mut capped = Capped::default();
    loop {
        let before = out.message_count();
        match block(bytes, &h, out, warnings, &mut capped) {
            Outcome::Next { at, crc } => {
                warnings.extend(crc);
                if at >= bytes.len() {
                    return Ok(());
                }
                match header(bytes, at) {
                    Ok(next) => h = next,
                    Err(e) => {
                        warnings.push(e);
                        return Ok(());
                    }
                }
            }
            Outcome::Stop { error, also } => {
                if first && out.message_count() == before {
                    return Err(error);
                }
                warnings.push(error);
                warnings.extend(also);
                return Ok(());
            }
        }
        first = false;
    }
}

/// How a block ended.
enum Outcome {
    /// Cleanly: the next block would start at `at`. `crc` is a file CRC mismatch, if any.
    Next { at: usize, crc: Option<Error> },
    /// At `error`, after which nothing more can be decoded. `also` holds what else is known to
    /// be wrong with the block (its declared size, its CRC), to explain the damage.
    Stop { error: Error, also: Vec<Error> },
}

/// Decodes one `[header][messages][CRC]` block. Problems that do not stop decoding go to
/// `warnings` as they are found.
fn block(
    bytes: &[u8],
    h: &Header,
    out: &mut Activity,
    warnings: &mut Vec<Error>,
    capped: &mut Capped,
) -> Outcome {
    let end = h.data_end.min(bytes.len());
    let parsed = messages(bytes, h.data_start, end, out, warnings, capped);
    let mut also = Vec::new();
    if h.data_end > bytes.len() {
        // The header promises more data than the input holds: the file was cut short, or its
        // writer got the size wrong (some Strava app files).
        also.push(Error::new(
            h.offset,
            ErrorKind::Truncated {
                part: Part::Data,
                needed: h.data_end - h.data_start,
                available: end - h.data_start,
            },
        ));
    }
    let crc_at = h.data_end;
    let stored = bytes
        .get(crc_at..crc_at.saturating_add(2))
        .map(|b| u16::from_le_bytes([b[0], b[1]]));
    let crc = stored.and_then(|stored| {
        let computed = crc16(&bytes[h.offset..crc_at]);
        (stored != computed)
            .then(|| Error::new(crc_at, ErrorKind::FileCrcMismatch { stored, computed }))
    });
    // A CRC is worth reporting beside a parse error too: a match says the writer wrote the
    // bytes so, a mismatch that they were damaged since.
    also.extend(crc.clone());
    match parsed {
        Err(error) => Outcome::Stop { error, also },
        Ok(()) if stored.is_some() => Outcome::Next {
            at: crc_at + 2,
            crc,
        },
        Ok(()) if !also.is_empty() => Outcome::Stop {
            error: also.remove(0),
            also,
        },
        Ok(()) => Outcome::Stop {
            error: Error::new(
                end,
                ErrorKind::Truncated {
                    part: Part::Crc,
                    needed: 2,
                    available: bytes.len() - crc_at,
                },
            ),
            also,
        },
    }
}

/// Per-block decoding state that outlives one message.
struct State {
    /// The last timestamp seen in any message; compressed timestamps count from it.
    last_timestamp: u32,
    /// compressed_speed_distance's wrapping distance.
    distance: Accumulator,
}

/// Which budgets have been reached (and reported) in the file so far, so each is reported once
/// however many chained blocks follow.
#[derive(Default)]
struct Capped {
    /// A summary list reached [`MAX_SUMMARIES`].
    summaries: bool,
    /// The record columns reached [`MAX_RECORDS`].
    records: bool,
}

/// Decodes the messages in `bytes[pos..end]`.
fn messages(
    bytes: &[u8],
    mut pos: usize,
    end: usize,
    out: &mut Activity,
    warnings: &mut Vec<Error>,
    capped: &mut Capped,
) -> Result<(), Error> {
    // Definitions and accumulated values belong to one block; a chained block starts afresh.
    let mut plans: [Option<Plan>; 16] = Default::default();
    let mut state = State {
        last_timestamp: 0,
        distance: Accumulator::default(),
    };
    while pos < end {
        let header = bytes[pos];
        let (local, compressed_time) = if header & 0x80 != 0 {
            // Compressed timestamp header: local type in bits 5-6, a 5-bit time offset in 0-4.
            let offset = u32::from(header & 0x1F);
            let time = state
                .last_timestamp
                .wrapping_add(offset.wrapping_sub(state.last_timestamp) & 0x1F);
            state.last_timestamp = time;
            ((header >> 5) & 0x03, Some(time))
        } else if header & 0x40 != 0 {
            let (plan, next) = plan::definition(bytes, pos, end, header & 0x20 != 0)?;
            if matches!(plan.kind, Kind::Record(_)) && out.records.is_empty() {
                // At most this many records can follow, so the columns are sized once instead
                // of being copied as they double. Counting at least 8 bytes a record (a header
                // and a timestamp are already 5) keeps a hostile definition of empty records
                // from reserving more than a few times the input's size. Later definitions do
                // not reserve again: that would copy columns that are probably big enough.
                let room = (end - next) / (plan.size + 1).max(8);
                out.records.reserve(room.min(MAX_RECORDS));
            }
            plans[usize::from(header & 0x0F)] = Some(plan);
            pos = next;
            continue;
        } else {
            (header & 0x0F, None)
        };

        let Some(plan) = &plans[usize::from(local)] else {
            return Err(Error::new(pos, ErrorKind::UndefinedLocalMessage { local }));
        };
        let start = pos + 1;
        let stop = start + plan.size;
        if stop > end {
            return Err(Error::new(
                pos,
                ErrorKind::Truncated {
                    part: Part::Message,
                    needed: 1 + plan.size,
                    available: end - pos,
                },
            ));
        }
        let m = &bytes[start..stop];
        let big = plan.big_endian;
        let timestamp = match plan.timestamp.u32(m, big) {
            Some(t) => {
                state.last_timestamp = t;
                Some(t)
            }
            None => compressed_time,
        };
        match &plan.kind {
            // The one place MAX_RECORDS is enforced: past it a record is skipped like an
            // unknown message, so what follows (laps, sessions) is still read.
            Kind::Record(r) if out.records.len() < MAX_RECORDS => {
                out.records.push(r, m, big, timestamp, &mut state.distance);
            }
            Kind::Record(_) => {
                if !capped.records {
                    capped.records = true;
                    warnings.push(Error::new(
                        pos,
                        ErrorKind::TooManyRecords { limit: MAX_RECORDS },
                    ));
                }
            }
            Kind::Fields(list) => {
                let fields = Fields {
                    list,
                    bytes: m,
                    big,
                };
                let kept = summary(plan.global, &fields, timestamp, out);
                if !kept && !capped.summaries {
                    capped.summaries = true;
                    warnings.push(Error::new(
                        pos,
                        ErrorKind::TooManyMessages {
                            global: plan.global,
                            limit: MAX_SUMMARIES,
                        },
                    ));
                }
            }
            Kind::Skip => {}
        }
        pos = stop;
    }
    Ok(())
}

/// The most record messages decoded into columns, from all chained blocks together. A day's
/// ultra at one record a second is 86,400; this is the same limit as miler's import of samples
/// from any format, and holds the columns under 10 MB whatever the file's size.
pub const MAX_RECORDS: usize = 200_000;

/// The most messages kept of each summary kind (laps, events, device infos, ...). Real files
/// have hundreds; the limit stops a hostile file of one-byte lap messages from turning each byte
/// into a 150-byte struct. Messages miler does not read (HRV, developer field descriptions and
/// the rest) are skipped by their size and never kept, so they need no limit.
pub const MAX_SUMMARIES: usize = 1 << 16;

/// Appends `item()` to `list` unless the list is full; says whether it did.
fn push<T>(list: &mut Vec<T>, item: impl FnOnce() -> T) -> bool {
    let room = list.len() < MAX_SUMMARIES;
    if room {
        list.push(item());
    }
    room
}

/// Decodes one summary message into its list in `out`; `false` if that list is full.
fn summary(global: u16, fields: &Fields<'_>, timestamp: Option<u32>, out: &mut Activity) -> bool {
    match global {
        mesg::FILE_ID => push(&mut out.file_ids, || FileId::decode(fields)),
        mesg::SESSION => push(&mut out.sessions, || Session::decode(fields, timestamp)),
        mesg::LAP => push(&mut out.laps, || Lap::decode(fields, timestamp)),
        mesg::EVENT => push(&mut out.events, || Event::decode(fields, timestamp)),
        mesg::DEVICE_INFO => push(&mut out.devices, || DeviceInfo::decode(fields, timestamp)),
        mesg::ACTIVITY => push(&mut out.summaries, || {
            ActivitySummary::decode(fields, timestamp)
        }),
        mesg::WORKOUT => push(&mut out.workouts, || Workout::decode(fields)),
        mesg::WORKOUT_STEP => push(&mut out.workout_steps, || WorkoutStep::decode(fields)),
        _ => true,
    }
}
