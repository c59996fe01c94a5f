//! Hostile and damaged input never panics, and whatever is read keeps the model's invariants.
//!
//! Four sources of input: random bytes behind each format's magic; mutations of real files
//! (bytes changed, cut short, bytes inserted); random sequences of real GPX and TCX markup,
//! which get deeper into the readers than random bytes do; and well-nested GPX and TCX with
//! random values (positions out of range, times backwards or without offsets, negative
//! distances), which mostly read and so test the invariants of what is read. The cargo-fuzz targets in
//! `fuzz/` run the same readers for as long as one likes; these run with every `cargo test`.

mod common;

use std::io::{Cursor, Write};
use std::sync::OnceLock;

use miler_activity::Activity;
use miler_formats::{Contents, Imported};
use proptest::prelude::*;

/// Checks what a successful read must satisfy, whatever the input was.
fn check(contents: Contents) {
    let imported: Vec<Imported> = match contents {
        Contents::Activities(i) => vec![i],
        Contents::StravaExport(e) => e.filter_map(|e| e.result.ok()).collect(),
    };
    for a in imported.iter().flat_map(|i| &i.activities) {
        check_activity(a);
    }
}

fn check_activity(a: &Activity) {
    let s = &a.samples;
    assert!(!s.is_empty(), "an activity has samples");
    let n = s.len();
    for len in [
        s.distance_m().len(),
        s.latitude_deg().len(),
        s.heart_rate_bpm().len(),
        s.cadence_spm().len(),
    ] {
        assert_eq!(len, n);
    }
    assert_eq!(s.time_s()[0], 0.0);
    assert!(
        s.time_s().windows(2).all(|w| w[0] <= w[1]),
        "times never go back"
    );
    assert!(s.time_s().iter().all(|t| t.is_finite()));
    let d: Vec<f64> = s
        .distance_m()
        .iter()
        .copied()
        .filter(|d| !d.is_nan())
        .collect();
    assert!(
        d.windows(2).all(|w| w[0] <= w[1]),
        "distance never goes back"
    );
    assert!(d.iter().all(|d| d.is_finite() && *d >= 0.0));
    for lap in &a.laps {
        assert!(lap.timer_time.secs().is_finite() && lap.elapsed_time.secs().is_finite());
    }
}

fn read_and_check(name: &str, bytes: &[u8]) {
    if let Ok(contents) = miler_formats::read(name, bytes) {
        check(contents);
    }
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Small real files of every kind, to mutate.
fn seeds() -> &'static [(&'static str, Vec<u8>)] {
    static SEEDS: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let gpx = common::bytes("gpx/track-with-empty-segment.gpx");
        let tcx = common::bytes("tcx/fr410-run-no-hr.tcx");
        let tcx = tcx[..].to_vec();
        let fit = common::bytes("fit/garmin-fenix-5-run.fit");
        let mut archive = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        archive.start_file("activities.csv", options).unwrap();
        archive
            .write_all(
                b"Activity ID,Activity Name,Activity Type,Filename\n1,A,Run,activities/1.gpx\n",
            )
            .unwrap();
        archive.start_file("activities/1.gpx", options).unwrap();
        archive.write_all(&gpx).unwrap();
        archive.start_file("activities/2.fit.gz", options).unwrap();
        archive.write_all(&gz(&fit)).unwrap();
        let archive = archive.finish().unwrap().into_inner();
        vec![
            ("seed.gpx", gpx.clone()),
            ("seed.tcx", tcx),
            ("seed.fit", fit),
            ("seed.gpx.gz", gz(&gpx)),
            ("seed.zip", archive),
        ]
    })
}

/// A damaged copy: some bytes changed, maybe bytes inserted, maybe cut short.
#[derive(Debug, Clone)]
struct Mutation {
    changes: Vec<(usize, u8)>,
    insert: Option<(usize, Vec<u8>)>,
    cut: Option<usize>,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (
        prop::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        prop::option::of((any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))),
        prop::option::of(any::<usize>()),
    )
        .prop_map(|(changes, insert, cut)| Mutation {
            changes,
            insert,
            cut,
        })
}

fn apply(seed: &[u8], m: &Mutation) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for &(at, value) in &m.changes {
        let i = at % bytes.len();
        bytes[i] = value;
    }
    if let Some((at, extra)) = &m.insert {
        let i = at % (bytes.len() + 1);
        bytes.splice(i..i, extra.iter().copied());
    }
    if let Some(cut) = m.cut {
        bytes.truncate(cut % (bytes.len() + 1));
    }
    bytes
}

/// Markup from real GPX and TCX files, to be shuffled into documents.
const GPX_TOKENS: &[&str] = &[
    "<gpx>",
    "</gpx>",
    "<trk>",
    "</trk>",
    "<trkseg>",
    "</trkseg>",
    "<trkpt lat=\"45.1\" lon=\"13.7\">",
    "<trkpt lat=\"91\" lon=\"-200\">",
    "<trkpt>",
    "</trkpt>",
    "<trkpt lat=\"0\" lon=\"0\"/>",
    "<time>2020-01-01T10:00:00Z</time>",
    "<time>2020-01-01T09:59:00</time>",
    "<time>x</time>",
    "<ele>12.5</ele>",
    "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr>",
    "<gpxtpx:cad>88</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>",
    "<name>a &amp; b</name>",
    "<type>running</type>",
    "<rte>",
    "<rtept lat=\"1\" lon=\"2\"/>",
    "</rte>",
    "<wpt lat=\"1\" lon=\"1\"/>",
    "<speed>3.2</speed>",
    "&#0;",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "text",
    " ",
];
const TCX_TOKENS: &[&str] = &[
    "<TrainingCenterDatabase>",
    "</TrainingCenterDatabase>",
    "<Activity Sport=\"Running\">",
    "</Activity>",
    "<Lap StartTime=\"2020-01-01T10:00:00Z\">",
    "<Lap>",
    "</Lap>",
    "<TotalTimeSeconds>60</TotalTimeSeconds>",
    "<DistanceMeters>400</DistanceMeters>",
    "<DistanceMeters>-5</DistanceMeters>",
    "<Intensity>Resting</Intensity>",
    "<Track>",
    "</Track>",
    "<Trackpoint>",
    "</Trackpoint>",
    "<Time>2020-01-01T10:00:30Z</Time>",
    "<Time>2019-01-01T10:00:00Z</Time>",
    "<Position><LatitudeDegrees>1</LatitudeDegrees><LongitudeDegrees>2</LongitudeDegrees></Position>",
    "<HeartRateBpm><Value>140</Value></HeartRateBpm>",
    "<AverageHeartRateBpm><Value>999</Value></AverageHeartRateBpm>",
    "<Extensions><ns3:TPX><ns3:RunCadence>90</ns3:RunCadence><ns3:Speed>NaN</ns3:Speed></ns3:TPX></Extensions>",
    "<Courses><Course>",
    "</Course></Courses>",
    "<Cadence>300</Cadence>",
    "text",
];

fn document(tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(tokens), 0..60).prop_map(|t| t.concat())
}

/// Well-nested GPX with random values: tracks of segments of points, each point with a random
/// position, time and extension values. Most of these read; shuffled markup mostly does not.
fn gpx_document() -> impl Strategy<Value = String> {
    let coordinate = prop_oneof![-91.0..91.0f64, Just(f64::NAN), Just(0.0), Just(1e300)];
    let time = prop_oneof![
        (0..7200u32).prop_map(|s| format!(
            "<time>2020-01-01T{:02}:{:02}:{:02}Z</time>",
            s / 3600,
            s / 60 % 60,
            s % 60
        )),
        Just("<time>2020-01-01T10:00:00</time>".to_owned()),
        Just("<time>soon</time>".to_owned()),
        Just(String::new()),
    ];
    let extra = prop::sample::select(vec![
        "",
        "<ele>12.5</ele>",
        "<speed>4.1</speed>",
        "<extensions><ns3:hr>151</ns3:hr><ns3:cad>87</ns3:cad></extensions>",
        "<extensions><hr>-3</hr><cad>1e9</cad></extensions>",
    ]);
    let point =
        (coordinate.clone(), coordinate, time, extra).prop_map(|(lat, lon, time, extra)| {
            format!("<trkpt lat=\"{lat}\" lon=\"{lon}\">{time}{extra}</trkpt>")
        });
    let segment = prop::collection::vec(point, 0..20)
        .prop_map(|p| format!("<trkseg>{}</trkseg>", p.concat()));
    let track = prop::collection::vec(segment, 0..3)
        .prop_map(|s| format!("<trk><type>run</type>{}</trk>", s.concat()));
    prop::collection::vec(track, 0..3).prop_map(|t| format!("<gpx>{}</gpx>", t.concat()))
}

/// Well-nested TCX with random values, as [`gpx_document`] for GPX.
fn tcx_document() -> impl Strategy<Value = String> {
    let time = prop_oneof![
        (0..7200u32).prop_map(|s| format!(
            "<Time>2020-01-01T{:02}:{:02}:{:02}Z</Time>",
            s / 3600,
            s / 60 % 60,
            s % 60
        )),
        Just(String::new()),
    ];
    let extra = prop::sample::select(vec![
        "",
        "<Position><LatitudeDegrees>45.1</LatitudeDegrees><LongitudeDegrees>13.2</LongitudeDegrees></Position>",
        "<DistanceMeters>120.5</DistanceMeters>",
        "<DistanceMeters>-1</DistanceMeters>",
        "<HeartRateBpm><Value>150</Value></HeartRateBpm><Cadence>80</Cadence>",
        "<Extensions><TPX><Speed>3.9</Speed><RunCadence>88</RunCadence></TPX></Extensions>",
    ]);
    let point =
        (time, extra).prop_map(|(time, extra)| format!("<Trackpoint>{time}{extra}</Trackpoint>"));
    let lap_head = prop::sample::select(vec![
        "<Lap StartTime=\"2020-01-01T00:00:00Z\">",
        "<Lap StartTime=\"2020-01-01T01:00:00Z\"><TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>400</DistanceMeters><Intensity>Resting</Intensity>",
        "<Lap>",
    ]);
    let lap = (lap_head, prop::collection::vec(point, 0..20))
        .prop_map(|(head, p)| format!("{head}<Track>{}</Track></Lap>", p.concat()));
    let activity = prop::collection::vec(lap, 0..4)
        .prop_map(|l| format!("<Activity Sport=\"Running\">{}</Activity>", l.concat()));
    prop::collection::vec(activity, 0..3).prop_map(|a| {
        format!(
            "<TrainingCenterDatabase><Activities>{}</Activities></TrainingCenterDatabase>",
            a.concat()
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_behind_every_magic(
        magic in prop::sample::select(vec![
            &b""[..], b".FIT", b"\x0e\x10\x00\x00\x10\x00\x00\x00.FIT", b"\x1f\x8b", b"PK\x03\x04",
            b"<gpx>", b"<TrainingCenterDatabase>", b"\xEF\xBB\xBF  <gpx>", b"\xFF\xFE",
        ]),
        name in prop::sample::select(vec!["a.fit", "a.gpx", "a.tcx", "a.gz", "a.zip", "a"]),
        body in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        read_and_check(name, &[magic, &body].concat());
    }

    #[test]
    fn mutated_real_files(seed in 0..5usize, m in mutation()) {
        let (name, bytes) = &seeds()[seed];
        read_and_check(name, &apply(bytes, &m));
    }

    #[test]
    fn shuffled_gpx_markup(doc in document(GPX_TOKENS)) {
        read_and_check("a.gpx", format!("<gpx>{doc}").as_bytes());
    }

    #[test]
    fn shuffled_tcx_markup(doc in document(TCX_TOKENS)) {
        read_and_check("a.tcx", format!("<TrainingCenterDatabase><Activities>{doc}").as_bytes());
    }

    #[test]
    fn well_nested_gpx_with_random_values(doc in gpx_document()) {
        read_and_check("a.gpx", doc.as_bytes());
    }

    #[test]
    fn well_nested_tcx_with_random_values(doc in tcx_document()) {
        read_and_check("a.tcx", doc.as_bytes());
    }
}

#[test]
fn every_shared_file_keeps_the_invariants() {
    for folder in ["gpx", "tcx", "fit", "fit-bad"] {
        for file in common::files_in(folder) {
            read_and_check(&file, &common::bytes(&format!("{folder}/{file}")));
        }
    }
}

#[test]
fn deep_nesting_stays_linear() {
    // A point nested under 200 000 unknown elements, each holding a heart rate. Looking up
    // "inside a track point?" by scanning the open elements would take 4e10 steps here.
    let depth = 200_000;
    let mut doc = String::from(
        r#"<gpx><trk><trkseg><trkpt lat="1" lon="1"><time>2020-01-01T00:00:00Z</time>"#,
    );
    for _ in 0..depth {
        doc.push_str("<x><hr>150</hr>");
    }
    let imported = miler_formats::gpx::read("deep.gpx", doc.as_bytes()).unwrap();
    assert_eq!(imported.activities[0].samples.heart_rate_bpm(), [150]);
    let warnings = &imported.warnings;
    assert!(
        matches!(warnings[..], [miler_formats::Warning::Damaged { .. }]),
        "{warnings:?}"
    );
}
