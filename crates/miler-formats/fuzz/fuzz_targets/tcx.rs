//! TCX: any bytes are read without panicking, and activities read keep the model's
//! invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = miler_formats::tcx::read("fuzz.tcx", data) {
        invariants::check(&imported);
    }
});
