//! Strava export zips: any bytes are read without panicking or inflating past the limits.
//! The limits are small so that the fuzzer spends its time on structure, not on inflating.
#![no_main]

use libfuzzer_sys::fuzz_target;
use miler_formats::Limits;

#[path = "../invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_file_bytes: 4 * 1024 * 1024,
        max_archive_bytes: 16 * 1024 * 1024,
        ..Limits::default()
    };
    if let Ok(export) = miler_formats::read_strava_export("fuzz.zip", data, &limits) {
        for entry in &export.entries {
            if let Ok(imported) = &entry.result {
                invariants::check(imported);
            }
        }
    }
});
