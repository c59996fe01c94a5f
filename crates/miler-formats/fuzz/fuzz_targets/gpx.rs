//! GPX: any bytes are read without panicking, and an activity read keeps the model's
//! invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = miler_formats::gpx::read("fuzz.gpx", data) {
        invariants::check(&imported);
    }
});
