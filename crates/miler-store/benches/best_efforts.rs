//! Best efforts against decoding: the issue asks that best efforts at every standard distance
//! cost less than decoding the file they come from. This benchmark times, on the two
//! cross-language FIT benchmark files (a 1 h trail run and a 12 h ultra):
//!
//! - **fit-decode**: `miler_fit::decode`, the FIT decoder alone (as in miler-fit's benchmark);
//! - **read**: `miler_formats::read`, the decoder plus the conversion into `Samples`, laps and
//!   pauses, which is what an import pays before any analysis;
//! - **best-efforts**: `best_efforts` for all eight `STANDARD_EFFORTS` on the samples that `read`
//!   produced, which is what the store computes for every run it imports.
//!
//! Run: `cargo bench -p miler-store --bench best_efforts` (results in `docs/performance.md`).
//!
//! Before timing, the harness asserts that the samples come from this very decode (one sample
//! per timed record) and that every standard distance the activity covers has an effort. All
//! eight distances are asked for; one longer than the activity returns at once.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use miler_activity::Samples;
use miler_activity::analysis::STANDARD_EFFORTS;
use miler_activity::analysis::best_efforts;
use miler_core::Distance;
use miler_formats::Contents;
use std::hint::black_box;
use std::time::Duration;

const FILES: &[(&str, &str)] = &[
    ("fenix6-trail-run-1h", "fenix6-trail-run-1h.fit"),
    ("fenix6-ultra-12h", "fenix6-ultra-12h.fit"),
];

fn read_file(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/activities/fit")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn samples(name: &str, bytes: &[u8]) -> Samples {
    match miler_formats::read(name, bytes) {
        Ok(Contents::Activities(mut imported)) if imported.activities.len() == 1 => {
            imported.activities.remove(0).samples
        }
        other => panic!("{name} is not one activity: {other:?}"),
    }
}

fn all_best_efforts(samples: &Samples, distances: &[Distance]) -> usize {
    best_efforts(samples, distances).len()
}

fn bench(c: &mut Criterion) {
    let distances: Vec<Distance> = STANDARD_EFFORTS
        .iter()
        .map(|&(_, m)| Distance::from_metres(m).expect("a standard distance"))
        .collect();
    for &(label, file) in FILES {
        let bytes = read_file(file);
        let decoded = miler_fit::decode(&bytes).expect("miler-fit decodes");
        let samples = samples(file, &bytes);
        let timed_records = decoded
            .activity
            .records
            .timestamps()
            .iter()
            .filter(|&&t| t != miler_fit::NO_TIMESTAMP)
            .count();
        assert_eq!(
            samples.len(),
            timed_records,
            "{file}: the samples are not one per timed record"
        );
        let covered = distances
            .iter()
            .filter(|d| d.metres() <= samples.total_distance().metres())
            .count();
        assert_eq!(
            all_best_efforts(&samples, &distances),
            covered,
            "{file}: a distance the activity covers has no effort"
        );
        println!(
            "{file}: {} samples, {:.2} km, efforts at {covered} of {} standard distances",
            samples.len(),
            samples.total_distance().metres() / 1000.0,
            distances.len()
        );

        let mut group = c.benchmark_group(format!("best-efforts-vs-decode/{label}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(3));
        group.bench_with_input(
            BenchmarkId::from_parameter("fit-decode"),
            &bytes,
            |b, bytes| {
                b.iter(|| miler_fit::decode(black_box(bytes)).expect("decodes"));
            },
        );
        group.bench_with_input(BenchmarkId::from_parameter("read"), &bytes, |b, bytes| {
            b.iter(|| miler_formats::read(file, black_box(bytes)).expect("reads"));
        });
        group.bench_with_input(
            BenchmarkId::from_parameter("best-efforts"),
            &samples,
            |b, samples| {
                b.iter(|| all_best_efforts(black_box(samples), &distances));
            },
        );
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
