//! What every activity read from any input must satisfy; shared by the fuzz targets.

use miler_formats::Imported;

/// Panics (which the fuzzer reports) if an activity breaks the model's invariants.
pub fn check(imported: &Imported) {
    for a in &imported.activities {
        let s = &a.samples;
        assert!(!s.is_empty(), "an activity has samples");
        assert_eq!(s.time_s()[0], 0.0, "times start at zero");
        assert!(s.time_s().windows(2).all(|w| w[0] <= w[1]), "times never go back");
        let d: Vec<f64> = s.distance_m().iter().copied().filter(|d| !d.is_nan()).collect();
        assert!(d.windows(2).all(|w| w[0] <= w[1]), "distance never goes back");
        assert!(d.iter().all(|d| d.is_finite() && *d >= 0.0), "distances are real");
    }
}
