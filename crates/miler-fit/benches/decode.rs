//! Decoding speed of miler-fit against two Rust peers, rustyfit and fitparser, on the
//! cross-language FIT benchmark files (a 1 h trail run and a 12 h ultra).
//!
//! Run: `cargo bench -p miler-fit` (results in `PERFORMANCE.md`).
//!
//! Each peer decodes the whole file and the benchmark counts records and laps from its output,
//! the least a caller could do with it; miler-fit decodes into its columns and summaries. All
//! three check the CRC. Before timing, the harness asserts that all three agree on the counts,
//! so no decoder is timed doing less than the others.
//!
//! rustyfit is measured two ways: `decode`, which returns every message as an owned value, and
//! its `stream` API, which lends each message and is its fastest way to read a file.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

const FILES: &[(&str, &str)] = &[
    ("fenix6-trail-run-1h", "fenix6-trail-run-1h.fit"),
    ("fenix6-ultra-12h", "fenix6-ultra-12h.fit"),
];

fn read(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/activities/fit")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// (records, laps) as miler-fit reads them.
fn miler(bytes: &[u8]) -> (usize, usize) {
    let decoded = miler_fit::decode(bytes).expect("miler-fit decodes");
    (decoded.activity.records.len(), decoded.activity.laps.len())
}

/// (records, laps) from rustyfit's `decode`, which returns owned messages.
fn rustyfit_decode(bytes: &[u8]) -> (usize, usize) {
    use rustyfit::profile::typedef::MesgNum;
    let mut reader = bytes;
    let mut decoder = rustyfit::Decoder::new();
    let (mut records, mut laps) = (0, 0);
    while let Some(fit) = decoder.decode(&mut reader).expect("rustyfit decodes") {
        for m in &fit.messages {
            records += usize::from(m.num == MesgNum::RECORD);
            laps += usize::from(m.num == MesgNum::LAP);
        }
    }
    (records, laps)
}

/// (records, laps) from rustyfit's streaming API, which lends each message.
fn rustyfit_stream(bytes: &[u8]) -> (usize, usize) {
    use rustyfit::profile::typedef::MesgNum;
    use rustyfit::{DecoderEvent, StreamingIterator};
    let mut reader = bytes;
    let mut decoder = rustyfit::Decoder::new();
    let mut stream = decoder.stream(&mut reader);
    let (mut records, mut laps) = (0, 0);
    while let Some(event) = stream.next() {
        if let DecoderEvent::Message(m) = event.expect("rustyfit streams") {
            records += usize::from(m.num == MesgNum::RECORD);
            laps += usize::from(m.num == MesgNum::LAP);
        }
    }
    (records, laps)
}

/// (records, laps) from fitparser.
fn fitparser(bytes: &[u8]) -> (usize, usize) {
    use fitparser::profile::MesgNum;
    let messages = fitparser::from_bytes(bytes).expect("fitparser decodes");
    let records = messages
        .iter()
        .filter(|m| m.kind() == MesgNum::Record)
        .count();
    let laps = messages.iter().filter(|m| m.kind() == MesgNum::Lap).count();
    (records, laps)
}

type Decode = fn(&[u8]) -> (usize, usize);

const DECODERS: &[(&str, Decode)] = &[
    ("miler-fit", miler),
    ("rustyfit-stream", rustyfit_stream),
    ("rustyfit-decode", rustyfit_decode),
    ("fitparser", fitparser),
];

fn bench(c: &mut Criterion) {
    for &(label, file) in FILES {
        let bytes = read(file);
        let want = miler(&bytes);
        for &(name, decode) in DECODERS {
            assert_eq!(
                decode(&bytes),
                want,
                "{name} disagrees on (records, laps) for {file}"
            );
        }

        let mut group = c.benchmark_group(label);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        // The 12 h file takes fitparser a good fraction of a second, so keep samples few.
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(3));
        for &(name, decode) in DECODERS {
            group.bench_with_input(BenchmarkId::from_parameter(name), &bytes, |b, bytes| {
                b.iter(|| decode(black_box(bytes)));
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
