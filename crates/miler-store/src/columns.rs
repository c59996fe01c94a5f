//! The samples of an activity as one compressed blob.
//!
//! Layout before compression (all little-endian): a `u32` row count `n`, then the columns in
//! a fixed order — time, distance, speed, latitude, longitude, altitude as `n` `f64`s each,
//! then heart rate and cadence as `n` bytes each. Deflate at its fastest level shrinks a
//! typical run by half or more (times and distances change smoothly) while costing much less
//! than decoding the original file did. Encoding `1` in the `activity_samples` table names
//! this layout; a new layout gets a new number, and old rows stay readable.

use std::io::{Read, Write};

use miler_activity::{SampleRow, Samples, SamplesBuilder};

pub const ENCODING: i64 = 1;

/// Caps the inflated size so a damaged row can't claim gigabytes: 2^24 rows of 50 bytes.
const MAX_ROWS: usize = 1 << 24;

pub fn encode(samples: &Samples) -> Vec<u8> {
    let n = samples.len();
    let mut raw = Vec::with_capacity(4 + n * 50);
    raw.extend_from_slice(&(n as u32).to_le_bytes());
    for column in [
        samples.time_s(),
        samples.distance_m(),
        samples.speed_m_s(),
        samples.latitude_deg(),
        samples.longitude_deg(),
        samples.altitude_m(),
    ] {
        for value in column {
            raw.extend_from_slice(&value.to_le_bytes());
        }
    }
    raw.extend_from_slice(samples.heart_rate_bpm());
    raw.extend_from_slice(samples.cadence_spm());
    let mut encoder = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(raw.len() / 2),
        flate2::Compression::fast(),
    );
    encoder
        .write_all(&raw)
        .expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

pub fn decode(blob: &[u8]) -> Result<Samples, String> {
    let mut raw = Vec::new();
    flate2::read::DeflateDecoder::new(blob)
        .take((4 + MAX_ROWS * 50) as u64)
        .read_to_end(&mut raw)
        .map_err(|e| format!("samples do not inflate: {e}"))?;
    let n = u32::from_le_bytes(
        raw.get(..4)
            .ok_or("samples are empty")?
            .try_into()
            .expect("4 bytes"),
    ) as usize;
    if n > MAX_ROWS || raw.len() != 4 + n * 50 {
        return Err(format!(
            "samples hold {} bytes, not the {} that {n} rows need",
            raw.len(),
            4 + n * 50
        ));
    }
    let f64_column = |k: usize| -> Vec<f64> {
        raw[4 + k * n * 8..4 + (k + 1) * n * 8]
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect()
    };
    let columns: Vec<Vec<f64>> = (0..6).map(f64_column).collect();
    let bytes_at = 4 + 6 * n * 8;
    let (hr, cadence) = (
        &raw[bytes_at..bytes_at + n],
        &raw[bytes_at + n..bytes_at + 2 * n],
    );
    let mut builder = SamplesBuilder::with_capacity(n);
    let some = |v: f64| (!v.is_nan()).then_some(v);
    for i in 0..n {
        builder.push(SampleRow {
            time_s: columns[0][i],
            distance_m: some(columns[1][i]),
            speed_m_s: some(columns[2][i]),
            latitude_deg: some(columns[3][i]),
            longitude_deg: some(columns[4][i]),
            altitude_m: some(columns[5][i]),
            heart_rate_bpm: (hr[i] > 0).then_some(hr[i]),
            cadence_spm: (cadence[i] > 0).then_some(cadence[i]),
        });
    }
    Ok(builder.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_round_trip_exactly() {
        let mut b = SamplesBuilder::default();
        for i in 0..500 {
            let t = i as f64;
            b.push(SampleRow {
                time_s: t,
                distance_m: Some(t * 3.7),
                speed_m_s: (i % 3 != 0).then_some(3.7),
                latitude_deg: Some(51.5 + t * 1e-5),
                longitude_deg: Some(-0.12 - t * 1e-5),
                altitude_m: (i % 5 != 0).then_some(20.0 + (t / 10.0).sin()),
                heart_rate_bpm: Some(140 + (i % 20) as u8),
                cadence_spm: (i % 2 == 0).then_some(88),
            });
        }
        let samples = b.finish();
        let blob = encode(&samples);
        assert!(blob.len() < 500 * 50, "compressed: {} bytes", blob.len());
        let back = decode(&blob).unwrap();
        // NaN != NaN, so compare bit patterns.
        let bits = |c: &[f64]| c.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(back.speed_m_s()), bits(samples.speed_m_s()));
        assert_eq!(bits(back.altitude_m()), bits(samples.altitude_m()));
        assert_eq!(back.time_s(), samples.time_s());
        assert_eq!(back.distance_m(), samples.distance_m());
        assert_eq!(back.heart_rate_bpm(), samples.heart_rate_bpm());
        assert_eq!(back.cadence_spm(), samples.cadence_spm());
    }

    /// Four rows in layout 1, deflated by another encoder (zlib 1.3 at level 1, through
    /// Python's `zlib.compressobj(1, zlib.DEFLATED, -15)`) than the one `encode` uses: stored
    /// rows stay readable whichever deflate implementation wrote them.
    const FOREIGN_BLOB: &str = "636140071feca1220e109a074a33309c3d03021c0e105a022afea31ea2ee473daa3c07541e4a1ff07450b9f628980148bbaf39ba1c446737adf80da277c8b5be0edcb16fff9554c38d3f81f4fb3577cb16eedcb79feb4ba78de7ae7dfb21e69b40cc6b80d20c307b4d1d187a7afb2218a2a201";

    #[test]
    fn blobs_written_by_another_deflate_encoder_decode() {
        let blob: Vec<u8> = (0..FOREIGN_BLOB.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&FOREIGN_BLOB[i..i + 2], 16).unwrap())
            .collect();
        let s = decode(&blob).unwrap();
        assert_eq!(s.time_s(), [0.0, 1.0, 2.0, 3.5]);
        assert_eq!(s.latitude_deg(), [51.5, 51.50001, 51.50002, 51.50003]);
        assert_eq!(s.longitude_deg(), [-0.12, -0.12001, -0.12002, -0.12003]);
        assert_eq!(s.heart_rate_bpm(), [0, 140, 141, 142]);
        assert_eq!(s.cadence_spm(), [88, 0, 90, 91]);
        assert_eq!(s.altitude_m()[..2], [20.0, 20.5]);
        assert!(s.altitude_m()[2].is_nan() && s.speed_m_s()[0].is_nan());
        // Re-encoded by this build, the rows read back the same.
        let again = decode(&encode(&s)).unwrap();
        assert_eq!(again.time_s(), s.time_s());
        assert_eq!(again.latitude_deg(), s.latitude_deg());
        assert_eq!(again.cadence_spm(), s.cadence_spm());
    }

    #[test]
    fn damaged_blobs_are_errors_not_panics() {
        assert!(decode(b"").is_err());
        assert!(decode(b"not deflate at all").is_err());
        let mut blob = encode(&SamplesBuilder::default().finish());
        blob.truncate(blob.len() / 2);
        assert!(decode(&blob).is_err());
    }
}
