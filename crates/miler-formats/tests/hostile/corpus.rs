//! Hostile inputs, generated when a test runs (the large ones are never committed).

#![allow(dead_code)]

use std::io::Write;

/// The start of a GPX file whose track has `name` (already escaped), up to its first segment.
pub fn gpx_head(name: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"hostile\"><trk><name>{name}</name>\
         <type>running</type><trkseg>\n"
    )
}

/// The end of a GPX file after [`gpx_head`].
pub const GPX_TAIL: &str = "</trkseg></trk></gpx>\n";

/// Writes the `i`-th point of a run at one point a second; `timed` says whether it has a
/// time. Positions move north 0.00003° a second (3.3 m/s) from 45° N.
pub fn write_point(out: &mut (impl Write + ?Sized), i: usize, timed: bool) {
    let lat = 45.0 + i as f64 * 0.000_03;
    if timed {
        let (h, m, s) = (i / 3600, i / 60 % 60, i % 60);
        // Days past the first roll into the date so times keep increasing.
        let (day, h) = (1 + h / 24, h % 24);
        writeln!(
            out,
            "<trkpt lat=\"{lat:.6}\" lon=\"13.000000\"><time>2024-05-{day:02}T{h:02}:{m:02}:{s:02}Z</time></trkpt>"
        )
        .unwrap();
    } else {
        writeln!(out, "<trkpt lat=\"{lat:.6}\" lon=\"13.000000\"/>").unwrap();
    }
}

/// A GPX document of at least `bytes` bytes of points, in memory, allocated once.
pub fn big_gpx(bytes: usize, timed: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes + 4096);
    out.extend_from_slice(gpx_head("Big").as_bytes());
    let mut i = 0;
    while out.len() < bytes {
        write_point(&mut out, i, timed);
        i += 1;
    }
    out.extend_from_slice(GPX_TAIL.as_bytes());
    out
}

/// A gzip of what `write` writes, compressed as it is written (the plain text is never held).
pub fn gzip(write: impl FnOnce(&mut dyn Write)) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    write(&mut encoder);
    encoder.finish().unwrap()
}

/// A zip archive of `(path, bytes)` entries, stored (not compressed) so that large entries
/// pass the ratio check and reach the readers.
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    for (path, bytes) in entries {
        zip.start_file(*path, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A small timed GPX whose track is called `name` (escaped as given).
pub fn small_gpx(name: &str) -> Vec<u8> {
    let mut out = gpx_head(name).into_bytes();
    for i in 0..3 {
        write_point(&mut out, i, true);
    }
    out.extend_from_slice(GPX_TAIL.as_bytes());
    out
}
