//! Any input, through format detection: nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    if let Ok(miler_formats::Contents::Activities(imported)) = miler_formats::read("fuzz", data) {
        invariants::check(&imported);
    }
});
