//! Peak memory of reading one file, for the figures in the crate's documentation.
//!
//! ```text
//! cargo run --release -p miler-formats --example peak -- make gz   /tmp/many.gpx.gz
//! cargo run --release -p miler-formats --example peak -- make gpx  /tmp/big.gpx
//! cargo run --release -p miler-formats --example peak -- make csv  /tmp/csv.zip
//! cargo run --release -p miler-formats --example peak -- make fit  /tmp/big.fit
//! cargo run --release -p miler-formats --example peak -- read /tmp/many.gpx.gz
//! ```
//!
//! `make` writes a hostile file: `gz`, a gzip of about 1 MB whose GPX inflates to about
//! 250 MB of points (under the 400:1 ratio cap); `gpx`, 100 MB of timed points; `csv`, a
//! Strava export whose `activities.csv` has a million rows; `fit`, 20 MB of minimal FIT
//! records. `read` reads a file with
//! [`miler_formats::read`] and prints the process's peak memory (`VmHWM`, Linux) and what
//! the reader said.

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["make", kind, path] => make(kind, path),
        ["read", path] => read(path),
        _ => {
            eprintln!("usage: peak make gz|gpx|csv|fit PATH | peak read PATH");
            std::process::exit(2);
        }
    }
}

fn point(out: &mut impl Write, i: usize, timed: bool) {
    let lat = 45.0 + (i / 16) as f64 * 0.000_01;
    if timed {
        let t = 1_714_546_800 + i as i64;
        let ts = jiff::Timestamp::from_second(t).unwrap();
        writeln!(
            out,
            "<trkpt lat=\"{lat:.6}\" lon=\"13.000000\"><time>{ts}</time></trkpt>"
        )
    } else {
        writeln!(out, "<trkpt lat=\"{lat:.6}\" lon=\"13.000000\"/>")
    }
    .unwrap();
}

fn make(kind: &str, path: &str) {
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    match kind {
        "gz" => {
            let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
            write!(gz, "<gpx><trk><trkseg>").unwrap();
            // One timed point in a thousand, so the file is an activity, and long.
            for i in 0..6_000_000 {
                point(&mut gz, i, i % 1000 == 0);
            }
            write!(gz, "</trkseg></trk></gpx>").unwrap();
            gz.finish().unwrap();
        }
        "gpx" => {
            let mut out = file;
            write!(out, "<gpx><trk><trkseg>").unwrap();
            let (mut i, mut written) = (0, 0);
            while written < 100_000_000 {
                let mut line = Vec::new();
                point(&mut line, i, true);
                written += line.len();
                out.write_all(&line).unwrap();
                i += 1;
            }
            write!(out, "</trkseg></trk></gpx>").unwrap();
        }
        "csv" => {
            let mut csv = b"Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Filename\n".to_vec();
            for i in 0..1_000_000 {
                writeln!(
                    csv,
                    "{i},\"May 1, 2024\",Run {i},Run,Easy,activities/{i}.gpx"
                )
                .unwrap();
            }
            let mut zip = zip::ZipWriter::new(file);
            let deflated = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("activities.csv", deflated).unwrap();
            zip.write_all(&csv).unwrap();
            zip.start_file("activities/1.gpx", deflated).unwrap();
            write!(zip, "<gpx><trk><trkseg>").unwrap();
            for i in 0..3 {
                point(&mut zip, i * 16, true);
            }
            write!(zip, "</trkseg></trk></gpx>").unwrap();
            zip.finish().unwrap();
        }
        "fit" => {
            // 20 MB of minimal records (timestamp and heart rate, 6 bytes each); the CRCs are
            // left zero, which the decoder reports and reads past.
            let records: u32 = 20_000_000 / 6;
            let mut data = vec![0x40, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02];
            for i in 0..records {
                data.push(0);
                data.extend((1_000_000_000 + i).to_le_bytes());
                data.push(140);
            }
            let mut out = file;
            let size = u32::try_from(data.len()).unwrap();
            out.write_all(&[14, 0x20, 0x54, 0x08]).unwrap();
            out.write_all(&size.to_le_bytes()).unwrap();
            out.write_all(b".FIT\0\0").unwrap();
            out.write_all(&data).unwrap();
            out.write_all(&[0, 0]).unwrap();
        }
        other => panic!("unknown kind {other}"),
    }
}

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn read(path: &str) {
    let bytes = std::fs::read(path).unwrap();
    let before = status_kib("VmRSS");
    let result = miler_formats::read(path, &bytes);
    // An export is read lazily: walking its entries is the read being measured.
    let said = match result {
        Ok(miler_formats::Contents::Activities(i)) => format!(
            "{} samples; warnings: {:?}",
            i.activities.iter().map(|a| a.samples.len()).sum::<usize>(),
            i.warnings
        ),
        Ok(miler_formats::Contents::StravaExport(mut archive)) => {
            let entries = archive.by_ref().count();
            format!(
                "{entries} entries; warnings: {:?}",
                archive
                    .warnings()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            )
        }
        Err(e) => format!("error: {e}"),
    };
    let peak = status_kib("VmHWM");
    let said: String = said.chars().take(300).collect();
    println!(
        "{path}: {} bytes; peak {} MiB (input and program {} MiB before reading); {said}",
        bytes.len(),
        peak / 1024,
        before / 1024
    );
}
