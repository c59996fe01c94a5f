//! miler-fit against the expected-values CSVs that python-fitparse ships beside two of its test
//! files: `compressed-speed-distance-records.csv` (compressed timestamps and the 12-bit
//! compressed_speed_distance field, accumulated) and `garmin-fenix-5-run-records.csv`.
//!
//! The CSVs were written by another decoder, so they check our arithmetic (component
//! extraction, accumulation, scales, offsets) independently of our own output. Integers are
//! compared exactly and scaled values to 1e-6; an empty cell or "null" is "no data".

mod common;

use common::semicircles;
use miler_fit::Records;

const EPS: f64 = 1e-6;

/// A CSV column: its header, and how to read our value for record `i` as text-comparable data.
enum Column {
    /// An integer column, exact.
    Int(&'static str, fn(&Records, usize) -> Option<i64>),
    /// A scaled column, to 1e-6.
    Float(&'static str, fn(&Records, usize) -> Option<f64>),
}

struct Case {
    file: &'static str,
    csv: &'static str,
    /// Records before the CSV's first row. They must hold nothing but a timestamp.
    skip: usize,
    /// How to turn the CSV's timestamp cell into FIT seconds.
    timestamp: fn(&str) -> i64,
    columns: &'static [Column],
}

fn cell_is_empty(cell: &str) -> bool {
    cell.is_empty() || cell == "null"
}

fn check(case: &Case) {
    let decoded = miler_fit::decode(&common::read(case.file)).expect("decodes");
    assert!(
        decoded.is_complete(),
        "{}: {:?}",
        case.file,
        decoded.warnings
    );
    let records = &decoded.activity.records;
    let text = String::from_utf8(common::read(case.csv)).expect("CSV is UTF-8");
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .expect("CSV has a header")
        .split(',')
        .map(str::trim)
        .collect();
    let index = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("{}: no column {name:?} in {header:?}", case.csv))
    };
    let rows: Vec<Vec<&str>> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(str::trim).collect())
        .collect();
    assert_eq!(
        records.len(),
        case.skip + rows.len(),
        "{}: record count",
        case.file
    );
    for i in 0..case.skip {
        let r = records.get(i).expect("skipped record exists");
        let empty = miler_fit::Record {
            timestamp: r.timestamp,
            distance_m: None,
            speed_m_s: None,
            lat_deg: None,
            lon_deg: None,
            altitude_m: None,
            heart_rate_bpm: None,
            cadence_rpm: None,
        };
        assert_eq!(r, empty, "{}: skipped record {i}", case.file);
    }

    for (row_index, row) in rows.iter().enumerate() {
        let i = case.skip + row_index;
        let ts = records
            .get(i)
            .and_then(|r| r.timestamp)
            .map(|t| i64::from(t.0));
        assert_eq!(
            ts,
            Some((case.timestamp)(row[0])),
            "{} row {i} timestamp",
            case.file
        );
        for column in case.columns {
            match column {
                Column::Int(name, ours) => {
                    let cell = row[index(name)];
                    let want = (!cell_is_empty(cell)).then(|| cell.parse::<i64>().expect(cell));
                    assert_eq!(ours(records, i), want, "{} row {i} {name}", case.file);
                }
                Column::Float(name, ours) => {
                    let cell = row[index(name)];
                    let want = (!cell_is_empty(cell)).then(|| cell.parse::<f64>().expect(cell));
                    let got = ours(records, i);
                    let same = match (got, want) {
                        (Some(a), Some(b)) => (a - b).abs() <= EPS,
                        (None, None) => true,
                        _ => false,
                    };
                    assert!(same, "{} row {i} {name}: {got:?} vs {want:?}", case.file);
                }
            }
        }
    }
}

fn row(r: &Records, i: usize) -> miler_fit::Record {
    r.get(i).expect("row exists")
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// FIT seconds of a Java `Date.toString()` such as "Sun Jun 11 07:34:09 PDT 2017".
fn java_date(s: &str) -> i64 {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, month, day, time, zone, year] = parts[..] else {
        panic!("unexpected date {s:?}")
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month).expect("month") as i64 + 1;
    let hms: Vec<i64> = time.split(':').map(|p| p.parse().expect("time")).collect();
    let utc_offset_h = match zone {
        "PDT" => -7,
        "PST" => -8,
        "UTC" | "GMT" => 0,
        other => panic!("unknown zone {other}"),
    };
    let days = days_from_civil(
        year.parse().expect("year"),
        month,
        day.parse().expect("day"),
    );
    let local = days * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2];
    local - utc_offset_h * 3600 - miler_fit::FIT_EPOCH_UNIX
}

const CASES: &[Case] = &[
    Case {
        file: "fit/compressed-speed-distance.fit",
        csv: "fit/compressed-speed-distance-records.csv",
        // The first record holds only a timestamp, and the CSV starts after it.
        skip: 1,
        timestamp: |s| s.parse().expect("raw timestamp"),
        columns: &[
            Column::Int("Heart Rate [bpm]", |r, i| {
                row(r, i).heart_rate_bpm.map(i64::from)
            }),
            Column::Float("Speed [m/s]", |r, i| row(r, i).speed_m_s),
            Column::Float("Distance [m]", |r, i| row(r, i).distance_m),
            Column::Int("Cadence [rpm]", |r, i| row(r, i).cadence_rpm.map(i64::from)),
        ],
    },
    Case {
        file: "fit/garmin-fenix-5-run.fit",
        csv: "fit/garmin-fenix-5-run-records.csv",
        skip: 0,
        timestamp: java_date,
        columns: &[
            Column::Int("heart_rate", |r, i| row(r, i).heart_rate_bpm.map(i64::from)),
            Column::Int("cadence", |r, i| row(r, i).cadence_rpm.map(i64::from)),
            Column::Float("speed", |r, i| row(r, i).speed_m_s),
            Column::Float("distance", |r, i| row(r, i).distance_m),
            Column::Int("position_lat", |r, i| semicircles(row(r, i).lat_deg)),
            Column::Int("position_long", |r, i| semicircles(row(r, i).lon_deg)),
            Column::Float("altitude", |r, i| row(r, i).altitude_m),
        ],
    },
];

#[test]
fn records_match_the_expected_value_csvs() {
    for case in CASES {
        check(case);
    }
}

#[test]
fn java_dates_convert() {
    // 2017-06-11T14:34:09Z is Unix 1497191649.
    assert_eq!(
        java_date("Sun Jun 11 07:34:09 PDT 2017"),
        1_497_191_649 - miler_fit::FIT_EPOCH_UNIX
    );
}
