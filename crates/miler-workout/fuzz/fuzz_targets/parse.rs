//! Fuzz target: the workout parser never panics on any text, and whatever it reads without an
//! error prints to text that reads back as the same workout and prints the same way again, and
//! flattens within the size budget.

#![no_main]

use libfuzzer_sys::fuzz_target;
use miler_workout::text::{parse, print};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse(text);
    if parsed.has_errors() {
        return;
    }
    let steps = parsed
        .workout()
        .flatten()
        .expect("a workout read without errors is within the size budget")
        .count() as u64;
    assert!(steps <= miler_workout::budget::MAX_STEPS, "{text:?}: {steps} steps");
    let printed = print(parsed.workout());
    let again = parse(&printed);
    assert!(
        !again.has_errors(),
        "{text:?} printed as {printed:?}, which has errors: {:?}",
        again.diagnostics()
    );
    assert_eq!(
        again.workout(),
        parsed.workout(),
        "{text:?} printed as {printed:?}"
    );
    assert_eq!(print(again.workout()), printed, "printing is not canonical");
});
