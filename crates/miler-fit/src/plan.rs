//! Definition messages, turned into decode plans.
//!
//! A FIT definition says, for one local message type, which fields follow in each data message,
//! with their sizes and base types. A general decoder walks that list for every data message and
//! builds a map of field values. miler wants a handful of fields from a handful of messages, so a
//! definition is compiled once into a [`Plan`]: the message's total size, its byte order, and for
//! each wanted field a [`Slot`] (offset and base type). Decoding a record is then a fixed number
//! of reads at known offsets, with no allocation and no lookup by field number.
//!
//! What a plan leaves out is skipped by size: developer fields, unknown fields, and fields whose
//! size is not a whole number of their base type (COROS writes a 1-byte `uint32`). An array where
//! the profile has a single value is read as its first element.

use crate::error::{Error, ErrorKind, Part};

/// How to read one field out of a data message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    /// The definition has no usable field of this number.
    Absent,
    U8,
    S8,
    U8z,
    U16,
    S16,
    U16z,
    U32,
    S32,
    U32z,
    /// A NUL-terminated UTF-8 string of `len` bytes.
    Str,
    /// A byte array of `len` bytes (compressed_speed_distance).
    Bytes,
}

/// Where one field sits in a data message and how to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot {
    pub(crate) offset: u32,
    pub(crate) len: u8,
    pub(crate) base: Base,
}

impl Slot {
    pub(crate) const ABSENT: Slot = Slot {
        offset: 0,
        len: 0,
        base: Base::Absent,
    };

    /// The slot for a field of `size` bytes and FIT base type `base_type` at `offset`, or
    /// [`Slot::ABSENT`] when the two do not agree (odd sizes) or miler has no use for the type
    /// (64-bit and floating point).
    fn new(offset: u32, size: u8, base_type: u8) -> Slot {
        // The low five bits are the base type number; bit 7 only says "multi-byte", and some
        // writers get it wrong, so it is ignored.
        let (base, width) = match base_type & 0x1F {
            0 | 2 => (Base::U8, 1),
            1 => (Base::S8, 1),
            10 => (Base::U8z, 1),
            3 => (Base::S16, 2),
            4 => (Base::U16, 2),
            11 => (Base::U16z, 2),
            5 => (Base::S32, 4),
            6 => (Base::U32, 4),
            12 => (Base::U32z, 4),
            7 => (Base::Str, size),
            13 if size == 1 => (Base::U8, 1),
            13 => (Base::Bytes, size),
            _ => (Base::Absent, 0),
        };
        // An array of a field the profile calls a scalar is read as its first element, as other
        // decoders do; a size that is not a whole number of elements is skipped.
        if base == Base::Absent || size == 0 || !size.is_multiple_of(width) {
            return Slot::ABSENT;
        }
        Slot {
            offset,
            len: width,
            base,
        }
    }

    pub(crate) fn is_present(self) -> bool {
        self.base != Base::Absent
    }

    /// The field's value as an integer, or `None` when absent or holding its base type's invalid
    /// value ("no data").
    #[inline(always)]
    pub(crate) fn int(self, m: &[u8], big: bool) -> Option<i64> {
        let o = self.offset as usize;
        match self.base {
            Base::Absent | Base::Str | Base::Bytes => None,
            Base::U8 => m.get(o).copied().filter(|&v| v != 0xFF).map(i64::from),
            Base::S8 => m
                .get(o)
                .map(|&v| v as i8)
                .filter(|&v| v != 0x7F)
                .map(i64::from),
            Base::U8z => m.get(o).copied().filter(|&v| v != 0).map(i64::from),
            Base::U16 | Base::S16 | Base::U16z => {
                let b: [u8; 2] = m.get(o..o + 2)?.try_into().ok()?;
                let v = if big {
                    u16::from_be_bytes(b)
                } else {
                    u16::from_le_bytes(b)
                };
                match self.base {
                    Base::U16 => (v != 0xFFFF).then_some(i64::from(v)),
                    Base::S16 => (v != 0x7FFF).then_some(i64::from(v as i16)),
                    _ => (v != 0).then_some(i64::from(v)),
                }
            }
            Base::U32 | Base::S32 | Base::U32z => {
                let b: [u8; 4] = m.get(o..o + 4)?.try_into().ok()?;
                let v = if big {
                    u32::from_be_bytes(b)
                } else {
                    u32::from_le_bytes(b)
                };
                match self.base {
                    Base::U32 => (v != 0xFFFF_FFFF).then_some(i64::from(v)),
                    Base::S32 => (v != 0x7FFF_FFFF).then_some(i64::from(v as i32)),
                    _ => (v != 0).then_some(i64::from(v)),
                }
            }
        }
    }

    /// The value as a `u32` when it is valid and fits.
    #[inline(always)]
    pub(crate) fn u32(self, m: &[u8], big: bool) -> Option<u32> {
        self.int(m, big).and_then(|v| u32::try_from(v).ok())
    }

    /// The value as a `u16` when it is valid and fits.
    pub(crate) fn u16(self, m: &[u8], big: bool) -> Option<u16> {
        self.int(m, big).and_then(|v| u16::try_from(v).ok())
    }

    /// The value as a `u8` when it is valid and fits.
    #[inline(always)]
    pub(crate) fn u8(self, m: &[u8], big: bool) -> Option<u8> {
        self.int(m, big).and_then(|v| u8::try_from(v).ok())
    }

    /// The value divided by the profile's `scale`, for fields whose unit is a fraction.
    #[inline(always)]
    pub(crate) fn scaled(self, m: &[u8], big: bool, scale: f64) -> Option<f64> {
        self.int(m, big).map(|v| v as f64 / scale)
    }

    /// A string field up to its first NUL; `None` when empty. Invalid UTF-8 is replaced rather
    /// than rejected, because a step name is not worth failing a file over.
    pub(crate) fn text(self, m: &[u8]) -> Option<String> {
        if self.base != Base::Str {
            return None;
        }
        let o = self.offset as usize;
        let raw = m.get(o..o + usize::from(self.len))?;
        let raw = raw.split(|&b| b == 0).next().unwrap_or(raw);
        (!raw.is_empty()).then(|| String::from_utf8_lossy(raw).into_owned())
    }

    /// A 3-byte array as a little-endian 24-bit number, or `None` when absent or all 0xFF.
    #[inline(always)]
    pub(crate) fn bytes3(self, m: &[u8]) -> Option<u32> {
        if self.base != Base::Bytes || self.len != 3 {
            return None;
        }
        let o = self.offset as usize;
        let b = m.get(o..o + 3)?;
        let v = u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
        (v != 0x00FF_FFFF).then_some(v)
    }
}

/// Global message numbers miler decodes.
pub(crate) mod mesg {
    pub(crate) const FILE_ID: u16 = 0;
    pub(crate) const SESSION: u16 = 18;
    pub(crate) const LAP: u16 = 19;
    pub(crate) const RECORD: u16 = 20;
    pub(crate) const EVENT: u16 = 21;
    pub(crate) const DEVICE_INFO: u16 = 23;
    pub(crate) const WORKOUT: u16 = 26;
    pub(crate) const WORKOUT_STEP: u16 = 27;
    pub(crate) const ACTIVITY: u16 = 34;
}

/// Field number of `timestamp` in every message that has one.
pub(crate) const TIMESTAMP: u8 = 253;

/// The record fields that go into columns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordPlan {
    pub(crate) lat: Slot,
    pub(crate) lon: Slot,
    pub(crate) altitude: Slot,
    pub(crate) heart_rate: Slot,
    pub(crate) cadence: Slot,
    pub(crate) distance: Slot,
    pub(crate) speed: Slot,
    pub(crate) compressed_speed_distance: Slot,
    pub(crate) enhanced_speed: Slot,
    pub(crate) enhanced_altitude: Slot,
}

impl RecordPlan {
    const EMPTY: RecordPlan = RecordPlan {
        lat: Slot::ABSENT,
        lon: Slot::ABSENT,
        altitude: Slot::ABSENT,
        heart_rate: Slot::ABSENT,
        cadence: Slot::ABSENT,
        distance: Slot::ABSENT,
        speed: Slot::ABSENT,
        compressed_speed_distance: Slot::ABSENT,
        enhanced_speed: Slot::ABSENT,
        enhanced_altitude: Slot::ABSENT,
    };

    fn set(&mut self, field: u8, slot: Slot) {
        match field {
            0 => self.lat = slot,
            1 => self.lon = slot,
            2 => self.altitude = slot,
            3 => self.heart_rate = slot,
            4 => self.cadence = slot,
            5 => self.distance = slot,
            6 => self.speed = slot,
            8 => self.compressed_speed_distance = slot,
            73 => self.enhanced_speed = slot,
            78 => self.enhanced_altitude = slot,
            _ => {}
        }
    }
}

/// What to do with the data messages of one definition.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// A record: fill the columns.
    Record(RecordPlan),
    /// A message decoded field by field (laps, sessions, ...): every readable field, by number.
    /// These messages are rare, so a short list is simpler than a struct per message.
    Fields(Vec<(u8, Slot)>),
    /// A message miler does not read; only its timestamp is looked at.
    Skip,
}

/// A compiled definition message.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) global: u16,
    /// Bytes in each data message after the header byte, developer fields included.
    pub(crate) size: usize,
    pub(crate) big_endian: bool,
    /// Field 253, which every message may carry and which compressed timestamps count from.
    pub(crate) timestamp: Slot,
    pub(crate) kind: Kind,
}

/// Parses the definition message whose header byte is at `pos`, reading no further than `end`.
/// Returns the plan and the position after the definition.
pub(crate) fn definition(
    bytes: &[u8],
    pos: usize,
    end: usize,
    has_developer_fields: bool,
) -> Result<(Plan, usize), Error> {
    let truncated = |needed: usize| {
        Error::new(
            pos,
            ErrorKind::Truncated {
                part: Part::Definition,
                needed,
                available: end - pos,
            },
        )
    };
    // Header byte, reserved, architecture, global number (2), field count.
    let fixed = 6;
    if end - pos < fixed {
        return Err(truncated(fixed));
    }
    let arch = bytes[pos + 2];
    let big_endian = match arch {
        0 => false,
        1 => true,
        value => return Err(Error::new(pos, ErrorKind::BadArchitecture { value })),
    };
    let g = [bytes[pos + 3], bytes[pos + 4]];
    let global = if big_endian {
        u16::from_be_bytes(g)
    } else {
        u16::from_le_bytes(g)
    };
    let count = usize::from(bytes[pos + 5]);
    let mut needed = fixed + 3 * count + usize::from(has_developer_fields);
    if end - pos < needed {
        return Err(truncated(needed));
    }
    let dev_count = if has_developer_fields {
        usize::from(bytes[pos + fixed + 3 * count])
    } else {
        0
    };
    needed += 3 * dev_count;
    if end - pos < needed {
        return Err(truncated(needed));
    }

    let fields = &bytes[pos + fixed..pos + fixed + 3 * count];
    let mut timestamp = Slot::ABSENT;
    let mut kind = match global {
        mesg::RECORD => Kind::Record(RecordPlan::EMPTY),
        mesg::FILE_ID
        | mesg::SESSION
        | mesg::LAP
        | mesg::EVENT
        | mesg::DEVICE_INFO
        | mesg::WORKOUT
        | mesg::WORKOUT_STEP
        | mesg::ACTIVITY => Kind::Fields(Vec::with_capacity(count)),
        _ => Kind::Skip,
    };
    let mut offset = 0u32;
    for f in fields.chunks_exact(3) {
        let (number, size, base_type) = (f[0], f[1], f[2]);
        let slot = Slot::new(offset, size, base_type);
        if slot.is_present() {
            if number == TIMESTAMP {
                timestamp = slot;
            }
            match &mut kind {
                Kind::Record(r) => r.set(number, slot),
                Kind::Fields(list) => list.push((number, slot)),
                Kind::Skip => {}
            }
        }
        offset += u32::from(size);
    }
    let dev_start = pos + fixed + 3 * count + usize::from(has_developer_fields);
    let dev_size: u32 = bytes[dev_start..pos + needed]
        .chunks_exact(3)
        .map(|f| u32::from(f[1]))
        .sum();
    let plan = Plan {
        global,
        size: (offset + dev_size) as usize,
        big_endian,
        timestamp,
        kind,
    };
    Ok((plan, pos + needed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_follow_base_type_and_size() {
        // (size, base type byte, expected base): odd sizes are skipped by size, arrays read as
        // their first element.
        let cases = [
            (1, 0x02, Base::U8),
            (1, 0x00, Base::U8),
            (4, 0x86, Base::U32),
            (4, 0x06, Base::U32),
            (1, 0x86, Base::Absent),
            (8, 0x86, Base::U32),
            (6, 0x86, Base::Absent),
            (4, 0x85, Base::S32),
            (2, 0x8B, Base::U16z),
            (3, 0x0D, Base::Bytes),
            (1, 0x0D, Base::U8),
            (16, 0x07, Base::Str),
            (4, 0x88, Base::Absent),
            (8, 0x8F, Base::Absent),
            (0, 0x02, Base::Absent),
        ];
        for (size, base_type, want) in cases {
            assert_eq!(
                Slot::new(0, size, base_type).base,
                want,
                "size {size} base {base_type:#x}"
            );
        }
    }

    #[test]
    fn invalid_values_are_no_data() {
        // (base type byte, little-endian bytes, value).
        let cases: &[(u8, &[u8], Option<i64>)] = &[
            (0x02, &[0xFF], None),
            (0x02, &[0x7F], Some(127)),
            (0x01, &[0x7F], None),
            (0x01, &[0x80], Some(-128)),
            (0x0A, &[0x00], None),
            (0x84, &[0xFF, 0xFF], None),
            (0x83, &[0xFF, 0x7F], None),
            (0x83, &[0x00, 0x80], Some(-32768)),
            (0x8B, &[0, 0], None),
            (0x86, &[0xFF; 4], None),
            (0x85, &[0xFF, 0xFF, 0xFF, 0x7F], None),
            (0x85, &[0xFF; 4], Some(-1)),
            (0x8C, &[0; 4], None),
            (0x86, &[1, 2, 3, 4], Some(0x0403_0201)),
        ];
        for &(base_type, bytes, want) in cases {
            let size = bytes.len() as u8;
            let slot = Slot::new(0, size, base_type);
            assert_eq!(slot.int(bytes, false), want, "{base_type:#x} {bytes:?}");
        }
        let big = Slot::new(0, 4, 0x86);
        assert_eq!(big.int(&[1, 2, 3, 4], true), Some(0x0102_0304));
    }

    #[test]
    fn definition_sizes_include_developer_fields() {
        // A big-endian record definition: timestamp, heart rate, and one developer field of 5
        // bytes, followed by nothing.
        let bytes = [0x60, 0, 1, 0, 20, 2, 253, 4, 0x86, 3, 1, 0x02, 1, 1, 5, 0];
        let (plan, next) = definition(&bytes, 0, bytes.len(), true).unwrap();
        assert_eq!(next, bytes.len());
        assert_eq!(plan.global, mesg::RECORD);
        assert!(plan.big_endian);
        assert_eq!(plan.size, 4 + 1 + 5);
        assert_eq!(plan.timestamp.offset, 0);
        let Kind::Record(r) = plan.kind else {
            panic!("not a record plan")
        };
        assert_eq!(r.heart_rate.offset, 4);
        assert!(!r.distance.is_present());
    }

    #[test]
    fn definition_errors() {
        let cases: &[(&[u8], ErrorKind)] = &[
            (
                &[0x40, 0, 0, 20],
                ErrorKind::Truncated {
                    part: Part::Definition,
                    needed: 6,
                    available: 4,
                },
            ),
            (
                &[0x40, 0, 0, 20, 0, 2, 253, 4],
                ErrorKind::Truncated {
                    part: Part::Definition,
                    needed: 12,
                    available: 8,
                },
            ),
            (
                &[0x40, 0, 7, 20, 0, 0],
                ErrorKind::BadArchitecture { value: 7 },
            ),
        ];
        for (bytes, want) in cases {
            let err = definition(bytes, 0, bytes.len(), false).unwrap_err();
            assert_eq!(err.kind(), want, "{bytes:?}");
            assert_eq!(err.offset(), 0);
        }
    }
}
