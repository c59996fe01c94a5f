//! GPX 1.0 and 1.1: tracks into one activity.
//!
//! What is read: every `<trk>`'s `<trkseg>`s of `<trkpt>`s with their position, `<ele>`,
//! `<time>`, GPX 1.0's `<speed>`, and heart rate and cadence from `<extensions>` (Garmin's
//! `gpxtpx:hr` and `gpxtpx:cad`, under any namespace prefix, also spelled `heartrate` and
//! `cadence`); the first track's `<name>` (else the file's) and `<type>` for the sport.
//!
//! # How tracks and segments join
//! All tracks and their segments, in file order, make one activity: a watch writes one track,
//! and devices that split a recording into several tracks ("ACTIVE LOG #2", …) still recorded
//! one outing. The GPX schema says a new segment starts where "GPS reception was lost, or the
//! GPS receiver was turned off", so the points of two segments are not connected: the gap
//! between them adds no distance (as in gpxpy's `length_2d`) but stays in the elapsed time,
//! where the activity summary's stop detection reports it as a pause. Gaps are not recorded as
//! timer pauses, because the model treats timer pauses as the complete list and would then
//! stop detecting the other stops. Distance is the sum of step lengths on the WGS-84 ellipsoid
//! ([`miler_activity::geo`]) within each segment.
//!
//! # Routes and files without times
//! An activity needs times: without them there is no pace, split or effort. So a file with
//! only a route (`<rte>`) is [`ErrorKind::RouteOnly`] and a track without any time is
//! [`ErrorKind::NoTimes`]. Points without a time in an otherwise timed track are left out with
//! [`Warning::UntimedPoints`], since they cannot be placed on the clock. Times without a UTC
//! offset are taken as UTC ([`Warning::TimesWithoutOffset`]).
//!
//! A file that stops being well-formed part way keeps the points before the damage
//! ([`Warning::Damaged`]).
//!
//! # Memory
//! The document is streamed ([`crate::xml`]) and each timed point goes straight into the
//! sample columns as its `</trkpt>` closes, with its distance along the segment; nothing else
//! is kept per point or per track. Reading stops at [`crate::MAX_POINTS`] points
//! ([`Warning::PointsCapped`]). Names and the sport go through [`crate::text`].

use std::io::Read;

use jiff::Timestamp;
use miler_activity::{Activity, SampleRow, Sport, geo};
use quick_xml::events::BytesStart;

use crate::error::{Error, ErrorKind, Warning};
use crate::samples::{Collector, MAX_POINTS};
use crate::text::Cleaned;
use crate::{Format, Imported, xml};

/// Reads a GPX file.
pub fn read(name: &str, bytes: &[u8]) -> Result<Imported, Error> {
    read_from(name, &mut xml::Source::new(bytes))
}

/// Reads a GPX document as `source` decodes it (a slice, or a `.gz` as it inflates).
pub(crate) fn read_from<R: Read>(
    name: &str,
    source: &mut xml::Source<R>,
) -> Result<Imported, Error> {
    let mut reader = Reader::default();
    xml::walk(source, Format::Gpx, &mut reader).map_err(|kind| Error::new(name, kind))?;
    reader.finish().map_err(|kind| Error::new(name, kind))
}

/// The elements the reader acts on; everything else is `Other` and only tracked for nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Gpx,
    Metadata,
    Name,
    Type,
    Trk,
    Trkseg,
    Trkpt,
    Rte,
    Rtept,
    Wpt,
    Ele,
    Time,
    Speed,
    Hr,
    Cad,
    Other,
}

impl xml::Tag for Tag {
    fn index(self) -> usize {
        self as usize
    }
}

impl Tag {
    fn of(local: &str) -> Tag {
        match local {
            "gpx" => Tag::Gpx,
            "metadata" => Tag::Metadata,
            "name" => Tag::Name,
            "type" => Tag::Type,
            "trk" => Tag::Trk,
            "trkseg" => Tag::Trkseg,
            "trkpt" => Tag::Trkpt,
            "rte" => Tag::Rte,
            "rtept" => Tag::Rtept,
            "wpt" => Tag::Wpt,
            "ele" => Tag::Ele,
            "time" => Tag::Time,
            "speed" => Tag::Speed,
            "hr" | "heartrate" => Tag::Hr,
            "cad" | "cadence" => Tag::Cad,
            _ => Tag::Other,
        }
    }

    /// Whether the element's text is wanted.
    fn has_text(self) -> bool {
        matches!(
            self,
            Tag::Name | Tag::Type | Tag::Ele | Tag::Time | Tag::Speed | Tag::Hr | Tag::Cad
        )
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Point {
    lat: Option<f64>,
    lon: Option<f64>,
    ele: Option<f64>,
    time: Option<Timestamp>,
    speed: Option<f64>,
    hr: Option<u8>,
    cad: Option<u8>,
}

/// What has been read so far. Only counts and the current point, segment and track are kept;
/// points go into `samples` as they close.
#[derive(Debug)]
struct Reader {
    samples: Collector,
    point: Option<Point>,
    /// The last timed position of the current segment, and the distance so far.
    previous: Option<(f64, f64)>,
    cumulative: f64,
    start_time: Option<Timestamp>,
    untimed: usize,
    /// Whether points outside any `<trkseg>` are being collected into a segment opened for
    /// them.
    implicit_segment: bool,
    /// The current track's `<type>`, and whether the current track is the first with points
    /// (whose type is the activity's sport).
    track_kind: Option<Cleaned>,
    track_is_first: bool,
    /// Whether any track point (timed or not) has been read.
    any_points: bool,
    sport_kind: Option<Cleaned>,
    track_name: Option<Cleaned>,
    file_name: Option<Cleaned>,
    routes: usize,
    route_points: usize,
    waypoints: usize,
    times_without_offset: bool,
    damage: Option<(u64, String)>,
}

impl Default for Reader {
    fn default() -> Reader {
        Reader {
            samples: Collector::new(MAX_POINTS),
            point: None,
            previous: None,
            cumulative: 0.0,
            start_time: None,
            untimed: 0,
            implicit_segment: false,
            track_kind: None,
            track_is_first: false,
            any_points: false,
            sport_kind: None,
            track_name: None,
            file_name: None,
            routes: 0,
            route_points: 0,
            waypoints: 0,
            times_without_offset: false,
            damage: None,
        }
    }
}

impl xml::Handler for Reader {
    type Tag = Tag;

    fn tag(&self, e: &BytesStart<'_>) -> Tag {
        Tag::of(e.local_name().as_ref())
    }

    fn has_text(&self, tag: Tag) -> bool {
        tag.has_text()
    }

    fn open(&mut self, path: &xml::Path<Tag>, tag: Tag, e: &BytesStart<'_>) {
        match tag {
            Tag::Trk => {
                self.track_kind = None;
                self.track_is_first = false;
                self.new_segment(false);
            }
            Tag::Trkseg => self.new_segment(false),
            Tag::Trkpt => {
                // Points outside any segment (seen in hand-edited files) share one opened for
                // them.
                if !path.contains(Tag::Trkseg) && !self.implicit_segment {
                    self.new_segment(true);
                }
                let mut p = Point::default();
                for attr in e.attributes().flatten() {
                    let value = attr.value.as_ref();
                    match attr.key.local_name().as_ref() {
                        "lat" => p.lat = xml::number(value).filter(|v| v.abs() <= 90.0),
                        "lon" => p.lon = xml::number(value).filter(|v| v.abs() <= 180.0),
                        _ => {}
                    }
                }
                self.point = Some(p);
            }
            Tag::Rte => self.routes += 1,
            Tag::Rtept => self.route_points += 1,
            Tag::Wpt => self.waypoints += 1,
            _ => {}
        }
    }

    fn close(&mut self, path: &mut xml::Path<Tag>, text: &xml::Text) {
        let Some(tag) = path.pop() else {
            return;
        };
        let parent = path.up(0);
        let value = text.as_str();
        match (tag, parent) {
            (Tag::Trkpt, _) => {
                if let Some(p) = self.point.take() {
                    self.add_point(p);
                }
            }
            (Tag::Name, Some(Tag::Trk)) if self.track_name.is_none() => {
                self.track_name = Some(text.name()).filter(|n| !n.text.is_empty());
            }
            (Tag::Type, Some(Tag::Trk)) => {
                let kind = Some(text.name()).filter(|n| !n.text.is_empty());
                if self.track_is_first {
                    self.sport_kind.clone_from(&kind);
                }
                self.track_kind = kind;
            }
            (Tag::Name, Some(Tag::Metadata | Tag::Gpx)) => {
                let name = text.name();
                if !name.text.is_empty() {
                    self.file_name = Some(name);
                }
            }
            (Tag::Time, Some(Tag::Trkpt)) => {
                if let (Some(p), Some((ts, with_offset))) = (self.point.as_mut(), xml::time(value))
                {
                    p.time = Some(ts);
                    self.times_without_offset |= !with_offset;
                }
            }
            (Tag::Ele, Some(Tag::Trkpt)) => {
                if let Some(p) = self.point.as_mut() {
                    p.ele = xml::number(value);
                }
            }
            (Tag::Speed, _) if path.contains(Tag::Trkpt) => {
                if let Some(p) = self.point.as_mut() {
                    p.speed = xml::number(value).filter(|v| *v >= 0.0);
                }
            }
            (Tag::Hr, _) if path.contains(Tag::Trkpt) => {
                if let Some(p) = self.point.as_mut() {
                    p.hr = xml::byte(value);
                }
            }
            (Tag::Cad, _) if path.contains(Tag::Trkpt) => {
                if let Some(p) = self.point.as_mut() {
                    p.cad = xml::byte(value);
                }
            }
            _ => {}
        }
    }

    fn has_data(&self) -> bool {
        self.any_points || self.point.is_some()
    }

    fn is_full(&self) -> bool {
        self.samples.capped()
    }

    fn damaged(&mut self, offset: u64, message: String) {
        self.damage = Some((offset, message));
    }
}

impl Reader {
    /// Starts a segment: the gap from the previous one adds no distance.
    fn new_segment(&mut self, implicit: bool) {
        self.previous = None;
        self.implicit_segment = implicit;
    }

    /// A point has been read: into the samples if it has a time, else counted.
    fn add_point(&mut self, p: Point) {
        if !self.any_points {
            self.any_points = true;
            self.track_is_first = true;
            self.sport_kind.clone_from(&self.track_kind);
        }
        let Some(time) = p.time else {
            self.untimed += 1;
            return;
        };
        let position = p.lat.zip(p.lon);
        let mut cumulative = self.cumulative;
        let distance = position.map(|(lat, lon)| {
            if let Some((plat, plon)) = self.previous {
                cumulative += geo::step_distance_m(plat, plon, lat, lon);
            }
            cumulative
        });
        let row = SampleRow {
            time_s: xml::seconds(time),
            distance_m: distance,
            speed_m_s: p.speed,
            latitude_deg: p.lat.filter(|_| position.is_some()),
            longitude_deg: p.lon.filter(|_| position.is_some()),
            altitude_m: p.ele,
            heart_rate_bpm: p.hr,
            cadence_spm: p.cad,
        };
        if self.samples.push(row) {
            self.start_time.get_or_insert(time);
            self.cumulative = cumulative;
            if position.is_some() {
                self.previous = position;
            }
        }
    }

    fn finish(mut self) -> Result<Imported, ErrorKind> {
        // A point still open at the end of a cut file is kept; it has whatever was read.
        if let Some(p) = self.point.take() {
            self.add_point(p);
        }
        let timed = self.samples.len();
        let total = timed + self.untimed;
        if total == 0 {
            return Err(if self.route_points > 0 {
                ErrorKind::RouteOnly {
                    points: self.route_points,
                }
            } else {
                ErrorKind::NoTrack {
                    waypoints: self.waypoints,
                }
            });
        }
        if timed == 0 {
            // A damaged file that yielded nothing usable is reported as damaged: that, not the
            // missing times, is what the runner can fix.
            return Err(match self.damage {
                Some((offset, message)) => ErrorKind::Xml {
                    format: Format::Gpx,
                    offset,
                    message,
                },
                None => ErrorKind::NoTimes { points: total },
            });
        }
        let mut warnings = Vec::new();
        if let Some((offset, message)) = self.damage {
            warnings.push(Warning::Damaged {
                offset,
                message,
                points: total,
            });
        }
        warnings.extend(self.samples.capped_warning());
        if self.untimed > 0 {
            warnings.push(Warning::UntimedPoints {
                skipped: self.untimed,
                total,
            });
        }
        if self.routes > 0 {
            warnings.push(Warning::RoutesIgnored {
                routes: self.routes,
            });
        }
        if self.times_without_offset {
            warnings.push(Warning::TimesWithoutOffset);
        }
        let sport = match &self.sport_kind {
            Some(kind) => {
                warnings.extend(kind.warning("sport"));
                Sport::from_name(&kind.text)
            }
            None => Sport::Other("unknown".to_owned()),
        };
        let name = self.track_name.or(self.file_name);
        if let Some(name) = &name {
            warnings.extend(name.warning("name"));
        }
        let built = self.samples.finish(&sport);
        if built.dropped > 0 {
            warnings.push(Warning::OutOfOrder {
                dropped: built.dropped,
            });
        }
        let mut activity = Activity::new(sport, built.samples);
        activity.start_time = self.start_time;
        activity.name = name.map(|n| n.text);
        Ok(Imported {
            activities: vec![activity],
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpx(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"
            xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
            xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">{body}</gpx>"#
        )
    }

    #[test]
    fn heart_rate_and_cadence_under_any_prefix() {
        let text = gpx(r#"<trk><name>Tempo</name><type>running</type><trkseg>
            <trkpt lat="45.0" lon="13.0"><time>2020-01-01T10:00:00Z</time><extensions>
              <gpxtpx:TrackPointExtension><gpxtpx:hr>141</gpxtpx:hr><gpxtpx:cad>86</gpxtpx:cad>
              </gpxtpx:TrackPointExtension></extensions></trkpt>
            <trkpt lat="45.001" lon="13.0"><time>2020-01-01T10:00:30Z</time><extensions>
              <ns3:TrackPointExtension><ns3:hr>150</ns3:hr><ns3:cad>88</ns3:cad>
              </ns3:TrackPointExtension></extensions></trkpt>
            <trkpt lat="45.002" lon="13.0"><time>2020-01-01T10:01:00Z</time><extensions>
              <hr>155</hr></extensions></trkpt>
            </trkseg></trk>"#);
        let imported = read("t.gpx", text.as_bytes()).unwrap();
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let a = &imported.activities[0];
        assert_eq!(a.name.as_deref(), Some("Tempo"));
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.samples.heart_rate_bpm(), [141, 150, 155]);
        // Garmin writes strides per minute; the model holds steps.
        assert_eq!(a.samples.cadence_spm(), [172, 176, 0]);
        assert_eq!(a.samples.time_s(), [0.0, 30.0, 60.0]);
        // 0.002° of latitude at 45° is 222.26 m on WGS-84 (111 132 m per degree).
        assert!((a.samples.total_distance().metres() - 222.26).abs() < 0.1);
        assert_eq!(a.start_time, Some("2020-01-01T10:00:00Z".parse().unwrap()));
    }

    #[test]
    fn segments_join_without_bridging_the_gap() {
        let text = gpx(r#"<trk><trkseg>
            <trkpt lat="0" lon="0"><time>2020-01-01T10:00:00Z</time></trkpt>
            <trkpt lat="0.001" lon="0"><time>2020-01-01T10:00:30Z</time></trkpt></trkseg>
            <trkseg><trkpt lat="0.1" lon="0"><time>2020-01-01T10:10:00Z</time></trkpt>
            <trkpt lat="0.101" lon="0"><time>2020-01-01T10:10:30Z</time></trkpt></trkseg></trk>"#);
        let a = &read("s.gpx", text.as_bytes()).unwrap().activities[0];
        let d = a.samples.distance_m();
        // 0.001° of latitude at the equator is 110.574 m; the 11 km jump between segments
        // is not counted.
        assert!((d[1] - 110.574).abs() < 0.01, "{d:?}");
        assert_eq!(d[1], d[2]);
        assert!((d[3] - 2.0 * 110.574).abs() < 0.02, "{d:?}");
        assert_eq!(a.samples.time_s(), [0.0, 30.0, 600.0, 630.0]);
        assert!(a.timer_pauses.is_empty());
    }

    #[test]
    fn what_cannot_be_an_activity_is_a_clear_error() {
        let cases = [
            (
                gpx(r#"<rte><rtept lat="1" lon="2"/><rtept lat="1" lon="3"/></rte>"#),
                ErrorKind::RouteOnly { points: 2 },
            ),
            (
                gpx(r#"<trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk>"#),
                ErrorKind::NoTimes { points: 1 },
            ),
            (
                gpx(r#"<wpt lat="1" lon="2"/>"#),
                ErrorKind::NoTrack { waypoints: 1 },
            ),
            (gpx(""), ErrorKind::NoTrack { waypoints: 0 }),
        ];
        for (text, want) in cases {
            let err = read("x.gpx", text.as_bytes()).unwrap_err();
            assert_eq!(err.kind(), &want, "{text}");
            assert!(err.to_string().starts_with("`x.gpx` "), "{err}");
        }
        let err = read("x.gpx", b"<gpx><trk><trkseg><trkpt lat='1' lon='2'></trk>").unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::Xml {
                    format: Format::Gpx,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn a_cut_file_keeps_its_points() {
        let text = gpx(r#"<trk><trkseg>
            <trkpt lat="0" lon="0"><time>2020-01-01T10:00:00Z</time></trkpt>
            <trkpt lat="0.001" lon="0"><time>2020-01-01T10:00:30Z</time></trkpt>
            <trkpt lat="0.002" lon="0"><time>2020-01-01T10:01"#);
        let cut = &text[..text.len() - "</gpx>".len()];
        let imported = read("cut.gpx", cut.as_bytes()).unwrap();
        assert_eq!(imported.activities[0].samples.len(), 2);
        assert!(
            matches!(
                imported.warnings[..],
                [
                    Warning::Damaged { .. },
                    Warning::UntimedPoints {
                        skipped: 1,
                        total: 3
                    }
                ]
            ),
            "{:?}",
            imported.warnings
        );
    }

    #[test]
    fn names_and_entities() {
        let text = gpx(
            r#"<metadata><name>Run &amp; done &#233;</name></metadata><trk><trkseg>
            <trkpt lat="0" lon="0"><time>2020-01-01T10:00:00Z</time></trkpt></trkseg></trk>"#,
        );
        let a = &read("n.gpx", text.as_bytes()).unwrap().activities[0];
        assert_eq!(a.name.as_deref(), Some("Run & done é"));
        assert_eq!(a.sport, Sport::Other("unknown".into()));
    }
}
