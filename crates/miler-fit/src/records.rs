//! The record column store: one `Vec` per quantity, all the same length.
//!
//! An hour's run is thousands of record messages and a day's ultra tens of thousands, and
//! everything miler does with them (splits, best efforts, pace smoothing) reads a few quantities
//! in order. So records are kept as columns rather than as a `Vec` of structs of `Option`s: a
//! column is compact, is filled with one push per record, and can be handed to analysis code as
//! a slice.
//!
//! "No data" is stored in the column itself, so no column needs a separate presence mask:
//! `NaN` in the `f64` columns, [`NO_TIMESTAMP`] for time and [`NO_U8`] for heart rate and cadence
//! (the FIT invalid values of those types). [`Records::get`] turns a row back into `Option`s for
//! code that prefers them. The fields are private so the columns cannot fall out of step.

use crate::plan::RecordPlan;
use crate::types::FitTime;

/// The timestamp column's "no data": the record had no timestamp and no compressed header.
pub const NO_TIMESTAMP: u32 = u32::MAX;
/// The heart-rate and cadence columns' "no data" (the FIT invalid `uint8`).
pub const NO_U8: u8 = u8::MAX;

const SEMICIRCLE_TO_DEG: f64 = 180.0 / 2_147_483_648.0;

/// Record messages (global 20) as columns. See the module documentation for "no data".
#[derive(Debug, Clone, Default)]
pub struct Records {
    timestamp: Vec<u32>,
    distance_m: Vec<f64>,
    speed_m_s: Vec<f64>,
    lat_deg: Vec<f64>,
    lon_deg: Vec<f64>,
    altitude_m: Vec<f64>,
    heart_rate_bpm: Vec<u8>,
    cadence_rpm: Vec<u8>,
}

/// One record as a row, with `None` for no data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    /// When the record was written.
    pub timestamp: Option<FitTime>,
    /// Distance since the start, metres (field 5, or accumulated from compressed_speed_distance).
    pub distance_m: Option<f64>,
    /// Speed, m/s (enhanced_speed 73 if present, else speed 6, else compressed_speed_distance).
    pub speed_m_s: Option<f64>,
    /// Latitude, degrees.
    pub lat_deg: Option<f64>,
    /// Longitude, degrees.
    pub lon_deg: Option<f64>,
    /// Altitude, metres (enhanced_altitude 78 if present, else altitude 2).
    pub altitude_m: Option<f64>,
    /// Heart rate, beats per minute.
    pub heart_rate_bpm: Option<u8>,
    /// Cadence as the device writes it: strides (not steps) per minute when running.
    pub cadence_rpm: Option<u8>,
}

fn float(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

impl Records {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.timestamp.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.timestamp.is_empty()
    }

    /// FIT timestamps (seconds since 1989-12-31 UTC); [`NO_TIMESTAMP`] for none.
    pub fn timestamps(&self) -> &[u32] {
        &self.timestamp
    }

    /// Distance since the start in metres; `NaN` for none.
    pub fn distances_m(&self) -> &[f64] {
        &self.distance_m
    }

    /// Speed in m/s; `NaN` for none.
    pub fn speeds_m_s(&self) -> &[f64] {
        &self.speed_m_s
    }

    /// Latitude in degrees; `NaN` for none.
    pub fn latitudes_deg(&self) -> &[f64] {
        &self.lat_deg
    }

    /// Longitude in degrees; `NaN` for none.
    pub fn longitudes_deg(&self) -> &[f64] {
        &self.lon_deg
    }

    /// Altitude in metres; `NaN` for none.
    pub fn altitudes_m(&self) -> &[f64] {
        &self.altitude_m
    }

    /// Heart rate in bpm; [`NO_U8`] for none.
    pub fn heart_rates_bpm(&self) -> &[u8] {
        &self.heart_rate_bpm
    }

    /// Cadence in strides (or revolutions) per minute; [`NO_U8`] for none.
    pub fn cadences_rpm(&self) -> &[u8] {
        &self.cadence_rpm
    }

    /// Record `i` as a row, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<Record> {
        let timestamp = *self.timestamp.get(i)?;
        Some(Record {
            timestamp: (timestamp != NO_TIMESTAMP).then_some(FitTime(timestamp)),
            distance_m: float(self.distance_m[i]),
            speed_m_s: float(self.speed_m_s[i]),
            lat_deg: float(self.lat_deg[i]),
            lon_deg: float(self.lon_deg[i]),
            altitude_m: float(self.altitude_m[i]),
            heart_rate_bpm: Some(self.heart_rate_bpm[i]).filter(|&v| v != NO_U8),
            cadence_rpm: Some(self.cadence_rpm[i]).filter(|&v| v != NO_U8),
        })
    }

    /// The records as rows, in file order.
    pub fn iter(&self) -> impl Iterator<Item = Record> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Makes room for `additional` more records, so a long file grows its columns once.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.timestamp.reserve(additional);
        self.distance_m.reserve(additional);
        self.speed_m_s.reserve(additional);
        self.lat_deg.reserve(additional);
        self.lon_deg.reserve(additional);
        self.altitude_m.reserve(additional);
        self.heart_rate_bpm.reserve(additional);
        self.cadence_rpm.reserve(additional);
    }

    /// Decodes one record message `m` by plan `p` and appends it. `timestamp` was resolved by the
    /// caller (field 253 or the compressed header); `distance` accumulates compressed distances.
    #[inline]
    pub(crate) fn push(
        &mut self,
        p: &RecordPlan,
        m: &[u8],
        big: bool,
        timestamp: Option<u32>,
        distance: &mut Accumulator,
    ) {
        const NAN: f64 = f64::NAN;
        let mut speed = p
            .enhanced_speed
            .scaled(m, big, 1000.0)
            .or_else(|| p.speed.scaled(m, big, 1000.0));
        let mut dist = p.distance.scaled(m, big, 100.0);
        if let Some(packed) = p.compressed_speed_distance.bytes3(m) {
            // Two 12-bit components: speed in 1/100 m/s, and distance in 1/16 m that wraps at
            // 256 m and so is accumulated across records.
            let cs = f64::from(packed & 0xFFF) / 100.0;
            speed = speed.or(Some(cs));
            let total = distance.add(packed >> 12, 12);
            dist = dist.or(Some(total as f64 / 16.0));
        }
        let altitude = p
            .enhanced_altitude
            .scaled(m, big, 5.0)
            .or_else(|| p.altitude.scaled(m, big, 5.0))
            .map(|a| a - 500.0);

        self.timestamp.push(timestamp.unwrap_or(NO_TIMESTAMP));
        self.distance_m.push(dist.unwrap_or(NAN));
        self.speed_m_s.push(speed.unwrap_or(NAN));
        self.lat_deg.push(
            p.lat
                .int(m, big)
                .map_or(NAN, |v| v as f64 * SEMICIRCLE_TO_DEG),
        );
        self.lon_deg.push(
            p.lon
                .int(m, big)
                .map_or(NAN, |v| v as f64 * SEMICIRCLE_TO_DEG),
        );
        self.altitude_m.push(altitude.unwrap_or(NAN));
        self.heart_rate_bpm
            .push(p.heart_rate.u8(m, big).unwrap_or(NO_U8));
        self.cadence_rpm.push(p.cadence.u8(m, big).unwrap_or(NO_U8));
    }
}

/// A FIT accumulated component: a counter of `bits` bits that wraps, unwrapped into a total.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Accumulator {
    last: u32,
    total: u64,
}

impl Accumulator {
    /// Adds the wrapped counter `value` and returns the running total. Starts from zero, as the
    /// FIT SDK does, so the first value is taken as it is.
    pub(crate) fn add(&mut self, value: u32, bits: u32) -> u64 {
        let mask = (1u32 << bits) - 1;
        self.total += u64::from(value.wrapping_sub(self.last) & mask);
        self.last = value;
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accumulator_unwraps() {
        // 12-bit counter: 4000 -> 100 wrapped past 4096, so it moved 196.
        let mut acc = Accumulator::default();
        let steps = [
            (10, 10),
            (4000, 4000),
            (100, 4196),
            (100, 4196),
            (4095, 8191),
        ];
        for (value, want) in steps {
            assert_eq!(acc.add(value, 12), want, "after {value}");
        }
    }

    #[test]
    fn rows_turn_no_data_into_none() {
        let mut r = Records::default();
        let plan = test_plan();
        // Heart rate 0xFF (invalid) and everything else absent.
        r.push(&plan, &[0xFF], false, None, &mut Accumulator::default());
        let row = r.get(0).unwrap();
        assert_eq!(row.heart_rate_bpm, None);
        assert_eq!(row.timestamp, None);
        assert_eq!(row.distance_m, None);
        assert!(r.get(1).is_none());
        assert_eq!(r.iter().count(), 1);
    }

    fn test_plan() -> RecordPlan {
        use crate::plan::{Base, Slot};
        let absent = Slot::ABSENT;
        RecordPlan {
            lat: absent,
            lon: absent,
            altitude: absent,
            heart_rate: Slot {
                offset: 0,
                len: 1,
                base: Base::U8,
            },
            cadence: absent,
            distance: absent,
            speed: absent,
            compressed_speed_distance: absent,
            enhanced_speed: absent,
            enhanced_altitude: absent,
        }
    }
}
