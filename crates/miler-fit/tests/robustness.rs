//! Damaged input never panics, never hangs and never allocates out of proportion: real files
//! with random bytes changed, cut short, or with bytes inserted, and random bytes behind a valid
//! header. (The cargo-fuzz target in `fuzz/` explores the same property without a time limit.)

mod common;

use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Small real files with different shapes: a plain run, compressed timestamps and speeds,
/// chained parts, big-endian definitions, developer fields.
const FILES: &[&str] = &[
    "fit/Activity.fit",
    "fit/compressed-speed-distance.fit",
    "fit/activity-settings.fit",
    "fit/garmin-fenix-5-run.fit",
    "fit/activity_multisport.fit",
    "fit-workouts/garmin_sdk_4x400.fit",
];

/// Generous for a debug build on a busy machine; a hang would blow through it.
const TIME_LIMIT: Duration = Duration::from_secs(2);

/// Decodes `bytes` and checks what must hold of any result.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let start = Instant::now();
    let result = miler_fit::decode(bytes);
    prop_assert!(start.elapsed() < TIME_LIMIT, "took {:?}", start.elapsed());
    match result {
        Err(e) => prop_assert!(e.offset() <= bytes.len()),
        Ok(d) => {
            let a = &d.activity;
            let r = &a.records;
            // Every decoded message took at least its header byte.
            let messages = r.len() + a.laps.len() + a.sessions.len() + a.events.len();
            prop_assert!(messages <= bytes.len());
            // The columns stay in step.
            let n = r.len();
            prop_assert_eq!(r.timestamps().len(), n);
            prop_assert_eq!(r.distances_m().len(), n);
            prop_assert_eq!(r.speeds_m_s().len(), n);
            prop_assert_eq!(r.latitudes_deg().len(), n);
            prop_assert_eq!(r.longitudes_deg().len(), n);
            prop_assert_eq!(r.altitudes_m().len(), n);
            prop_assert_eq!(r.heart_rates_bpm().len(), n);
            prop_assert_eq!(r.cadences_rpm().len(), n);
            for w in &d.warnings {
                prop_assert!(w.offset() <= bytes.len(), "{w}");
            }
        }
    }
    Ok(())
}

/// One way to damage a file.
#[derive(Debug, Clone)]
enum Damage {
    /// Set the byte at (position modulo length) to a value.
    Set(usize, u8),
    /// Flip one bit.
    Flip(usize, u8),
    /// Insert a byte.
    Insert(usize, u8),
    /// Remove a byte.
    Remove(usize),
    /// Cut the file at (position modulo length).
    Cut(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, v)| Damage::Set(p, v)),
        (any::<usize>(), 0u8..8).prop_map(|(p, b)| Damage::Flip(p, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, v)| Damage::Insert(p, v)),
        any::<usize>().prop_map(Damage::Remove),
        any::<usize>().prop_map(Damage::Cut),
    ]
}

fn apply(bytes: &mut Vec<u8>, d: &Damage) {
    if bytes.is_empty() {
        return;
    }
    let len = bytes.len();
    match *d {
        Damage::Set(p, v) => bytes[p % len] = v,
        Damage::Flip(p, b) => bytes[p % len] ^= 1 << b,
        Damage::Insert(p, v) => bytes.insert(p % (len + 1), v),
        Damage::Remove(p) => {
            bytes.remove(p % len);
        }
        Damage::Cut(p) => bytes.truncate(p % len),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn damaged_real_files(
        file in 0..FILES.len(),
        damages in proptest::collection::vec(damage(), 1..6),
    ) {
        let mut bytes = common::read(FILES[file]);
        for d in &damages {
            apply(&mut bytes, d);
        }
        check(&bytes)?;
    }

    #[test]
    fn random_bytes_behind_a_valid_header(body in proptest::collection::vec(any::<u8>(), 0..2000)) {
        // A 12-byte header (no header CRC) that declares exactly the random body.
        let mut bytes = vec![12, 0x20, 0x08, 0x08];
        bytes.extend((body.len() as u32).to_le_bytes());
        bytes.extend(b".FIT");
        bytes.extend(&body);
        check(&bytes)?;
    }
}

#[test]
fn every_prefix_of_a_real_file() {
    // Cutting a file at every length exercises every "ends in the middle of" path.
    let bytes = common::read("fit/Activity.fit");
    for len in 0..=bytes.len() {
        check(&bytes[..len]).unwrap_or_else(|e| panic!("prefix of {len} bytes: {e}"));
    }
}
