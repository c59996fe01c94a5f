//! Small FIT files built byte by byte, for the corners the sample files do not reach on their
//! own: fatal errors, header variants, big-endian definitions, compressed-timestamp rollover,
//! developer fields, odd field sizes and the speed/altitude preferences.
//!
//! Expected values are worked out by hand from the FIT protocol document, not taken from the
//! decoder's output.

use miler_fit::{ErrorKind, NO_TIMESTAMP, Part};

/// Builds the messages of a FIT file, then wraps them in a header and CRC.
#[derive(Default)]
struct Fit {
    body: Vec<u8>,
}

/// A field definition: (number, size, base type).
type Field = (u8, u8, u8);

const UINT8: u8 = 0x02;
const UINT16: u8 = 0x84;
const SINT32: u8 = 0x85;
const UINT32: u8 = 0x86;

impl Fit {
    fn def(mut self, local: u8, global: u16, big: bool, fields: &[Field], dev: &[Field]) -> Fit {
        let flag = if dev.is_empty() { 0 } else { 0x20 };
        self.body.push(0x40 | flag | local);
        self.body.push(0);
        self.body.push(u8::from(big));
        let g = if big {
            global.to_be_bytes()
        } else {
            global.to_le_bytes()
        };
        self.body.extend(g);
        self.body.push(fields.len() as u8);
        for &(n, s, t) in fields {
            self.body.extend([n, s, t]);
        }
        if !dev.is_empty() {
            self.body.push(dev.len() as u8);
            for &(n, s, i) in dev {
                self.body.extend([n, s, i]);
            }
        }
        self
    }

    /// A data message with record header byte `header` and content `bytes`.
    fn data(mut self, header: u8, bytes: &[u8]) -> Fit {
        self.body.push(header);
        self.body.extend(bytes);
        self
    }

    /// The whole file with a header of `header_size` bytes; `header_crc` overrides the computed
    /// header CRC when given.
    fn file(&self, header_size: u8, header_crc: Option<u16>) -> Vec<u8> {
        let mut out = vec![header_size, 0x20, 0x08, 0x08];
        out.extend((self.body.len() as u32).to_le_bytes());
        out.extend(b".FIT");
        if header_size >= 14 {
            let crc = header_crc.unwrap_or_else(|| miler_fit::crc16(&out));
            out.extend(crc.to_le_bytes());
        }
        out.resize(usize::from(header_size), 0);
        out.extend(&self.body);
        let crc = miler_fit::crc16(&out);
        out.extend(crc.to_le_bytes());
        out
    }
}

/// A record with timestamp, heart rate and distance, little-endian.
fn simple() -> Fit {
    Fit::default()
        .def(
            0,
            20,
            false,
            &[(253, 4, UINT32), (3, 1, UINT8), (5, 4, UINT32)],
            &[],
        )
        .data(0, &[0xE8, 0x03, 0, 0, 150, 0x10, 0x27, 0, 0])
}

#[test]
fn fatal_errors_name_the_problem_and_the_byte() {
    let mut bad_header_size = simple().file(14, None);
    bad_header_size[0] = 10;
    let no_messages_beyond = {
        // A 12-byte header (so no header CRC to upset) declaring 10 bytes of data, and no more.
        let mut f = Fit::default().file(12, None);
        f[4] = 10;
        f.truncate(12);
        f
    };
    let cases: Vec<(&str, Vec<u8>, usize, ErrorKind)> = vec![
        (
            "empty",
            vec![],
            0,
            ErrorKind::NotFit {
                reason: "fewer than 12 bytes",
            },
        ),
        (
            "text",
            b"this is not a FIT file at all".to_vec(),
            0,
            ErrorKind::NotFit {
                reason: "no \".FIT\" tag at bytes 8 to 11",
            },
        ),
        (
            "header size 10",
            bad_header_size,
            0,
            ErrorKind::NotFit {
                reason: "header size below 12",
            },
        ),
        (
            "header CRC",
            simple().file(14, Some(0x1234)),
            0,
            ErrorKind::HeaderCrcMismatch {
                stored: 0x1234,
                computed: miler_fit::crc16(&simple().file(14, None)[..12]),
            },
        ),
        (
            "no data at all",
            no_messages_beyond,
            0,
            ErrorKind::Truncated {
                part: Part::Data,
                needed: 10,
                available: 0,
            },
        ),
        (
            "undefined local type first",
            Fit::default().data(0x03, &[1, 2, 3]).file(14, None),
            14,
            ErrorKind::UndefinedLocalMessage { local: 3 },
        ),
    ];
    for (name, bytes, offset, kind) in cases {
        match miler_fit::decode(&bytes) {
            Err(e) => assert_eq!((e.offset(), e.kind()), (offset, &kind), "{name}"),
            Ok(d) => panic!(
                "{name}: decoded {} records, {:?}",
                d.activity.records.len(),
                d.warnings
            ),
        }
    }
}

#[test]
fn header_variants_decode() {
    // (name, file): a 12-byte header without CRC, a 14-byte header with CRC 0 ("not
    // computed"), and a 16-byte header whose extra bytes must be skipped.
    let cases = [
        ("12-byte header", simple().file(12, None)),
        ("header CRC 0", simple().file(14, Some(0))),
        ("16-byte header", simple().file(16, None)),
    ];
    for (name, bytes) in cases {
        let d = miler_fit::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(d.is_complete(), "{name}: {:?}", d.warnings);
        let r = d.activity.records.get(0).expect("one record");
        assert_eq!(r.timestamp.map(|t| t.0), Some(1000), "{name}");
        assert_eq!(r.heart_rate_bpm, Some(150), "{name}");
        assert_eq!(r.distance_m, Some(100.0), "{name}");
    }
}

#[test]
fn big_endian_definitions() {
    let bytes = Fit::default()
        .def(
            2,
            20,
            true,
            &[
                (253, 4, UINT32),
                (0, 4, SINT32),
                (6, 2, UINT16),
                (2, 2, UINT16),
            ],
            &[],
        )
        // timestamp 0x01020304, lat -0x20000000 (-45 degrees), speed 3500 mm/s, altitude
        // (600 + 500) * 5 = 5500.
        .data(2, &[1, 2, 3, 4, 0xE0, 0, 0, 0, 0x0D, 0xAC, 0x15, 0x7C])
        .file(14, None);
    let d = miler_fit::decode(&bytes).expect("decodes");
    let r = d.activity.records.get(0).expect("one record");
    assert_eq!(r.timestamp.map(|t| t.0), Some(0x0102_0304));
    assert_eq!(r.lat_deg, Some(-45.0));
    assert_eq!(r.speed_m_s, Some(3.5));
    assert_eq!(r.altitude_m, Some(600.0));
    assert_eq!(r.lon_deg, None);
}

#[test]
fn compressed_timestamps_roll_over() {
    // A record at t = 1000 (1000 mod 32 = 8), then compressed headers for local type 1 with
    // offsets 3 (rolls over: 1000 + 27 = 1027), 5 (1029) and 5 again (1029).
    let compressed = |offset: u8| 0x80 | (1 << 5) | offset;
    let bytes = Fit::default()
        .def(0, 20, false, &[(253, 4, UINT32)], &[])
        .def(1, 20, false, &[(3, 1, UINT8)], &[])
        .data(0, &1000u32.to_le_bytes())
        .data(compressed(3), &[120])
        .data(compressed(5), &[121])
        .data(compressed(5), &[122])
        .data(0x01, &[123])
        .file(14, None);
    let d = miler_fit::decode(&bytes).expect("decodes");
    let records = &d.activity.records;
    assert_eq!(
        records.timestamps(),
        &[1000, 1027, 1029, 1029, NO_TIMESTAMP]
    );
    assert_eq!(
        records.heart_rates_bpm(),
        &[miler_fit::NO_U8, 120, 121, 122, 123]
    );
}

#[test]
fn developer_fields_and_odd_sizes_are_skipped_by_size() {
    let bytes = Fit::default()
        .def(
            0,
            20,
            false,
            // heart rate as a 1-byte uint32 (COROS), then cadence, then a 3-byte developer field.
            &[(3, 1, UINT32), (4, 1, UINT8)],
            &[(0, 3, 0)],
        )
        .data(0, &[150, 88, 9, 9, 9])
        .data(0, &[151, 89, 9, 9, 9])
        .file(14, None);
    let d = miler_fit::decode(&bytes).expect("decodes");
    assert!(d.is_complete(), "{:?}", d.warnings);
    let records = &d.activity.records;
    assert_eq!(records.cadences_rpm(), &[88, 89]);
    assert_eq!(records.heart_rates_bpm(), &[miler_fit::NO_U8; 2]);
}

#[test]
fn enhanced_fields_win_and_invalid_ones_fall_back() {
    let fields = [
        (73, 4, UINT32),
        (6, 2, UINT16),
        (78, 4, UINT32),
        (2, 2, UINT16),
    ];
    let message = |enhanced_speed: u32, speed: u16, enhanced_alt: u32, alt: u16| {
        let mut m = Vec::new();
        m.extend(enhanced_speed.to_le_bytes());
        m.extend(speed.to_le_bytes());
        m.extend(enhanced_alt.to_le_bytes());
        m.extend(alt.to_le_bytes());
        m
    };
    let bytes = Fit::default()
        .def(0, 20, false, &fields, &[])
        .data(0, &message(4000, 3000, 3000, 2600))
        .data(0, &message(u32::MAX, 3000, u32::MAX, 2600))
        .data(0, &message(u32::MAX, u16::MAX, u32::MAX, u16::MAX))
        .file(14, None);
    let d = miler_fit::decode(&bytes).expect("decodes");
    let speeds: Vec<Option<f64>> = d.activity.records.iter().map(|r| r.speed_m_s).collect();
    let alts: Vec<Option<f64>> = d.activity.records.iter().map(|r| r.altitude_m).collect();
    assert_eq!(speeds, [Some(4.0), Some(3.0), None]);
    assert_eq!(alts, [Some(100.0), Some(20.0), None]);
}

#[test]
fn trailing_garbage_after_a_sound_file_is_a_warning() {
    let mut bytes = simple().file(14, None);
    bytes.extend([0; 5]);
    let d = miler_fit::decode(&bytes).expect("decodes");
    assert_eq!(d.activity.records.len(), 1);
    let kinds: Vec<_> = d
        .warnings
        .iter()
        .map(|w| (w.offset(), w.kind().clone()))
        .collect();
    assert_eq!(
        kinds,
        [(
            bytes.len() - 5,
            ErrorKind::NotFit {
                reason: "fewer than 12 bytes"
            }
        )]
    );
}

#[test]
fn summary_messages_are_capped() {
    // A lap definition with one 1-byte field, and one more lap message than the limit: each
    // 2-byte message would otherwise become a whole `Lap`.
    let limit = 1 << 16;
    let mut fit = Fit::default().def(0, 19, false, &[(24, 1, UINT8)], &[]);
    for _ in 0..=limit {
        fit = fit.data(0, &[2]);
    }
    let d = miler_fit::decode(&fit.file(14, None)).expect("decodes");
    assert_eq!(d.activity.laps.len(), limit);
    let kinds: Vec<_> = d
        .warnings
        .iter()
        .map(|w| (w.offset(), w.kind().clone()))
        .collect();
    let last_lap = 14 + 9 + 2 * limit;
    assert_eq!(
        kinds,
        [(last_lap, ErrorKind::TooManyMessages { global: 19, limit })]
    );
}

/// A file of `count` minimal records (one heart-rate byte each, numbered so the last one kept
/// can be checked), then one lap.
fn minimal_records(count: usize) -> Vec<u8> {
    let mut fit = Fit::default().def(0, 20, false, &[(3, 1, UINT8)], &[]);
    for i in 0..count {
        fit = fit.data(0, &[(i % 200) as u8]);
    }
    fit.def(1, 19, false, &[(24, 1, UINT8)], &[])
        .data(1, &[2])
        .file(14, None)
}

#[test]
fn records_up_to_the_limit_are_all_kept() {
    let limit = miler_fit::MAX_RECORDS;
    let d = miler_fit::decode(&minimal_records(limit)).expect("decodes");
    assert!(d.is_complete(), "{:?}", d.warnings);
    assert_eq!(d.activity.records.len(), limit);
    assert_eq!(
        d.activity.records.heart_rates_bpm()[limit - 1],
        ((limit - 1) % 200) as u8
    );
    assert_eq!(d.activity.laps.len(), 1);
}

#[test]
fn records_past_the_limit_are_skipped_with_a_warning() {
    // One record more than the limit: the first MAX_RECORDS are kept, the last is skipped and
    // reported at its own byte (header 14, definition 9, then 2 bytes a record), and the lap
    // after it is still read.
    let limit = miler_fit::MAX_RECORDS;
    assert_eq!(limit, 200_000);
    let d = miler_fit::decode(&minimal_records(limit + 1)).expect("decodes");
    assert_eq!(d.activity.records.len(), limit);
    assert_eq!(
        d.activity.records.heart_rates_bpm()[limit - 1],
        ((limit - 1) % 200) as u8
    );
    assert_eq!(d.activity.laps.len(), 1);
    let kinds: Vec<_> = d
        .warnings
        .iter()
        .map(|w| (w.offset(), w.kind().clone()))
        .collect();
    assert_eq!(
        kinds,
        [(14 + 9 + 2 * limit, ErrorKind::TooManyRecords { limit })]
    );
}
