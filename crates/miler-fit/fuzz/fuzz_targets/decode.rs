//! Fuzz target: decoding any bytes returns an error or a decoded file, and never panics, hangs or
//! allocates out of proportion to the input. A decoded file's columns stay in step and every
//! offset it reports lies inside the input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match miler_fit::decode(data) {
        Err(e) => assert!(e.offset() <= data.len()),
        Ok(decoded) => {
            let records = &decoded.activity.records;
            assert!(records.len() <= data.len());
            assert_eq!(records.timestamps().len(), records.len());
            assert_eq!(records.cadences_rpm().len(), records.len());
            for w in &decoded.warnings {
                assert!(w.offset() <= data.len());
            }
        }
    }
});
