//! TCX (Garmin Training Center XML): each `<Activity>` into an activity, with its laps.
//!
//! What is read: the `Sport` attribute; each `<Lap>`'s `StartTime`, `TotalTimeSeconds`,
//! `DistanceMeters`, `AverageHeartRateBpm` and `Intensity` (`Resting` marks a rest lap); each
//! `<Trackpoint>`'s `Time`, `Position`, `AltitudeMeters`, `DistanceMeters`, `HeartRateBpm`,
//! `Cadence`, and the `TPX` extension's `Speed` and `RunCadence` (any namespace prefix).
//!
//! Trackpoints without `DistanceMeters` are common (treadmill laps, some exporters drop it
//! altogether). When no trackpoint has one, distance comes from the positions on the WGS-84
//! ellipsoid; when only some lack it, it is interpolated in time between those that have it
//! (both done by [`miler_activity::SamplesBuilder`]).
//!
//! Lap times: TCX gives a lap's timer time (`TotalTimeSeconds`) but not its elapsed time, so
//! the elapsed time is taken as the time to the next lap's start, and for the last lap to its
//! last trackpoint (never less than the timer time). A lap without `DistanceMeters` gets the
//! distance the samples covered during it.
//!
//! A file of only `<Courses>` is a planned route: [`ErrorKind::RouteOnly`]. Trackpoints without
//! `Time` are left out with a warning, as in GPX.
//!
//! # Memory
//! The document is streamed ([`crate::xml`]); trackpoints go straight into the sample columns
//! and each activity is finished when its `</Activity>` closes. A file gives at most
//! [`crate::MAX_POINTS`] points in all, [`MAX_ACTIVITIES`] activities and [`MAX_LAPS`] laps;
//! past them the rest is left out with a warning (reading stops at the point limit).

use std::io::Read;

use jiff::Timestamp;
use miler_activity::{Activity, Lap, SampleRow, Samples, Sport};
use quick_xml::events::BytesStart;

use crate::error::{Error, ErrorKind, Warning};
use crate::samples::{Collector, MAX_POINTS, distance, duration};
use crate::{Format, Imported, xml};

/// The most `<Activity>` elements read from one file. Training Center's history export puts
/// years of runs in one file, a few hundred a year; past this they are left out with
/// [`Warning::ElementsCapped`].
pub const MAX_ACTIVITIES: usize = 5_000;

/// The most laps read from one file, across its activities: a lap every 100 m of a
/// thousand-kilometre year. Past this, laps are left out with [`Warning::ElementsCapped`]
/// (the points still count).
pub const MAX_LAPS: usize = 10_000;

/// Reads a TCX file.
pub fn read(name: &str, bytes: &[u8]) -> Result<Imported, Error> {
    read_from(name, &mut xml::Source::new(bytes))
}

/// Reads a TCX document as `source` decodes it (a slice, or a `.gz` as it inflates).
pub(crate) fn read_from<R: Read>(
    name: &str,
    source: &mut xml::Source<R>,
) -> Result<Imported, Error> {
    let mut reader = Reader::default();
    xml::walk(source, Format::Tcx, &mut reader).map_err(|kind| Error::new(name, kind))?;
    reader.finish().map_err(|kind| Error::new(name, kind))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Activity,
    Course,
    Lap,
    TotalTimeSeconds,
    DistanceMeters,
    AverageHeartRateBpm,
    HeartRateBpm,
    Value,
    Intensity,
    Trackpoint,
    Time,
    Position,
    LatitudeDegrees,
    LongitudeDegrees,
    AltitudeMeters,
    Cadence,
    RunCadence,
    Speed,
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
            "Activity" => Tag::Activity,
            "Course" => Tag::Course,
            "Lap" => Tag::Lap,
            "TotalTimeSeconds" => Tag::TotalTimeSeconds,
            "DistanceMeters" => Tag::DistanceMeters,
            "AverageHeartRateBpm" => Tag::AverageHeartRateBpm,
            "HeartRateBpm" => Tag::HeartRateBpm,
            "Value" => Tag::Value,
            "Intensity" => Tag::Intensity,
            "Trackpoint" => Tag::Trackpoint,
            "Time" => Tag::Time,
            "Position" => Tag::Position,
            "LatitudeDegrees" => Tag::LatitudeDegrees,
            "LongitudeDegrees" => Tag::LongitudeDegrees,
            "AltitudeMeters" => Tag::AltitudeMeters,
            "Cadence" => Tag::Cadence,
            "RunCadence" => Tag::RunCadence,
            "Speed" => Tag::Speed,
            _ => Tag::Other,
        }
    }

    fn has_text(self) -> bool {
        !matches!(
            self,
            Tag::Activity
                | Tag::Course
                | Tag::Lap
                | Tag::AverageHeartRateBpm
                | Tag::HeartRateBpm
                | Tag::Trackpoint
                | Tag::Position
                | Tag::Other
        )
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Point {
    time: Option<Timestamp>,
    lat: Option<f64>,
    lon: Option<f64>,
    altitude: Option<f64>,
    distance: Option<f64>,
    hr: Option<u8>,
    cadence: Option<u8>,
    run_cadence: Option<u8>,
    speed: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default)]
struct TcxLap {
    start: Option<Timestamp>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
    avg_hr: Option<u8>,
    is_rest: Option<bool>,
    first_time: Option<Timestamp>,
    last_time: Option<Timestamp>,
}

/// The `<Activity>` being read.
#[derive(Debug)]
struct Current {
    /// Its position in the file, from 1.
    index: usize,
    sport: Option<String>,
    laps: Vec<TcxLap>,
    samples: Collector,
    start_time: Option<Timestamp>,
}

/// What has been read so far: finished activities, the current one and the point being read.
#[derive(Debug, Default)]
struct Reader {
    activities: Vec<Activity>,
    warnings: Vec<Warning>,
    current: Option<Current>,
    point: Option<Point>,
    /// `<Activity>` elements seen, and those without a timed point (by index).
    seen: usize,
    empty: Vec<usize>,
    /// Points read (timed or not) and timed points kept, in all activities.
    total: usize,
    timed: usize,
    laps: usize,
    laps_capped: bool,
    activities_capped: bool,
    points_capped: bool,
    course_points: usize,
    times_without_offset: bool,
    damage: Option<(u64, String)>,
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
        let attribute = |wanted: &str| {
            e.attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == wanted)
                .map(|a| a.value.into_owned())
        };
        match tag {
            Tag::Activity => {
                self.end_activity();
                self.seen += 1;
                if self.seen > MAX_ACTIVITIES {
                    self.activities_capped = true;
                    return;
                }
                let budget = MAX_POINTS - self.timed;
                self.current = Some(Current {
                    index: self.seen,
                    sport: attribute("Sport"),
                    laps: Vec::new(),
                    samples: Collector::new(budget),
                    start_time: None,
                });
            }
            Tag::Lap if path.contains(Tag::Activity) => {
                let Some(current) = self.current.as_mut() else {
                    return;
                };
                if self.laps >= MAX_LAPS {
                    self.laps_capped = true;
                    return;
                }
                self.laps += 1;
                let start =
                    attribute("StartTime")
                        .and_then(|t| xml::time(&t))
                        .map(|(ts, with_offset)| {
                            self.times_without_offset |= !with_offset;
                            ts
                        });
                current.laps.push(TcxLap {
                    start,
                    ..TcxLap::default()
                });
            }
            Tag::Trackpoint if path.contains(Tag::Course) => self.course_points += 1,
            Tag::Trackpoint if path.contains(Tag::Activity) && self.current.is_some() => {
                self.point = Some(Point::default());
            }
            _ => {}
        }
    }

    fn close(&mut self, path: &mut xml::Path<Tag>, text: &xml::Text) {
        let Some(tag) = path.pop() else {
            return;
        };
        let text = text.as_str();
        let parent = path.up(0);
        let grandparent = path.up(1);
        if tag == Tag::Trackpoint {
            if let Some(p) = self.point.take() {
                self.push_point(p);
            }
            return;
        }
        if tag == Tag::Activity {
            self.end_activity();
            return;
        }
        if let Some(p) = self.point.as_mut() {
            match (tag, parent) {
                (Tag::Time, Some(Tag::Trackpoint)) => {
                    if let Some((ts, with_offset)) = xml::time(text) {
                        p.time = Some(ts);
                        self.times_without_offset |= !with_offset;
                    }
                }
                (Tag::LatitudeDegrees, Some(Tag::Position)) => {
                    p.lat = xml::number(text).filter(|v| v.abs() <= 90.0);
                }
                (Tag::LongitudeDegrees, Some(Tag::Position)) => {
                    p.lon = xml::number(text).filter(|v| v.abs() <= 180.0);
                }
                (Tag::AltitudeMeters, Some(Tag::Trackpoint)) => p.altitude = xml::number(text),
                (Tag::DistanceMeters, Some(Tag::Trackpoint)) => {
                    p.distance = xml::number(text).filter(|v| *v >= 0.0);
                }
                (Tag::Value, Some(Tag::HeartRateBpm)) => p.hr = xml::byte(text),
                (Tag::Cadence, Some(Tag::Trackpoint)) => p.cadence = xml::byte(text),
                (Tag::RunCadence, _) => p.run_cadence = xml::byte(text),
                (Tag::Speed, _) => p.speed = xml::number(text).filter(|v| *v >= 0.0),
                _ => {}
            }
            return;
        }
        let Some(lap) = self.current.as_mut().and_then(|a| a.laps.last_mut()) else {
            return;
        };
        match (tag, parent, grandparent) {
            (Tag::TotalTimeSeconds, Some(Tag::Lap), _) => lap.timer_s = xml::number(text),
            (Tag::DistanceMeters, Some(Tag::Lap), _) => lap.distance_m = xml::number(text),
            (Tag::Value, Some(Tag::AverageHeartRateBpm), Some(Tag::Lap)) => {
                lap.avg_hr = xml::byte(text)
            }
            (Tag::Intensity, Some(Tag::Lap), _) => {
                lap.is_rest = match text.trim() {
                    "Resting" => Some(true),
                    "Active" => Some(false),
                    _ => None,
                };
            }
            _ => {}
        }
    }

    fn has_data(&self) -> bool {
        self.total > 0 || self.point.is_some()
    }

    fn is_full(&self) -> bool {
        self.points_capped
    }

    fn damaged(&mut self, offset: u64, message: String) {
        self.damage = Some((offset, message));
    }
}

impl Reader {
    /// Adds a finished trackpoint to the current activity and notes its time on the current
    /// lap.
    fn push_point(&mut self, p: Point) {
        let Some(current) = self.current.as_mut() else {
            return;
        };
        self.total += 1;
        if let (Some(lap), Some(time)) = (current.laps.last_mut(), p.time) {
            lap.first_time.get_or_insert(time);
            lap.last_time = Some(time);
        }
        let Some(time) = p.time else {
            return;
        };
        current.start_time.get_or_insert(time);
        let row = SampleRow {
            time_s: xml::seconds(time),
            distance_m: p.distance,
            speed_m_s: p.speed,
            latitude_deg: p.lat.filter(|_| p.lon.is_some()),
            longitude_deg: p.lon.filter(|_| p.lat.is_some()),
            altitude_m: p.altitude,
            heart_rate_bpm: p.hr,
            cadence_spm: p.run_cadence.or(p.cadence),
        };
        if current.samples.push(row) {
            self.timed += 1;
        } else {
            self.total -= 1;
            self.points_capped = true;
        }
    }

    /// Finishes the current activity, if one is open: its samples and laps.
    fn end_activity(&mut self) {
        if let Some(p) = self.point.take() {
            self.push_point(p);
        }
        let Some(current) = self.current.take() else {
            return;
        };
        if current.samples.len() == 0 {
            self.empty.push(current.index);
            return;
        }
        let sport = match current
            .sport
            .as_deref()
            .map(|s| crate::text::clean(s, false))
        {
            Some(kind) => {
                self.warnings.extend(kind.warning("sport"));
                Sport::from_name(&kind.text)
            }
            None => Sport::from_name(""),
        };
        let built = current.samples.finish(&sport);
        if built.dropped > 0 {
            self.warnings.push(Warning::OutOfOrder {
                dropped: built.dropped,
            });
        }
        let laps = laps(&current.laps, &built.samples, built.origin);
        let mut activity = Activity::new(sport, built.samples);
        activity.start_time = current.start_time;
        activity.laps = laps;
        self.activities.push(activity);
    }

    fn finish(mut self) -> Result<Imported, ErrorKind> {
        // An activity still open at the end of a cut file keeps what was read.
        self.end_activity();
        let mut warnings = Vec::new();
        if let Some((offset, message)) = &self.damage {
            warnings.push(Warning::Damaged {
                offset: *offset,
                message: message.clone(),
                points: self.total,
            });
        }
        if self.seen > 1 {
            warnings.extend(
                self.empty
                    .iter()
                    .map(|&index| Warning::EmptyActivity { index }),
            );
        }
        warnings.append(&mut self.warnings);
        if self.activities.is_empty() {
            // A damaged file that yielded nothing usable is reported as damaged (see gpx).
            if let Some((offset, message)) = self.damage {
                return Err(ErrorKind::Xml {
                    format: Format::Tcx,
                    offset,
                    message,
                });
            }
            return Err(if self.total > 0 {
                ErrorKind::NoTimes { points: self.total }
            } else if self.course_points > 0 {
                ErrorKind::RouteOnly {
                    points: self.course_points,
                }
            } else {
                ErrorKind::NoTrack { waypoints: 0 }
            });
        }
        if self.points_capped {
            warnings.push(Warning::PointsCapped { limit: MAX_POINTS });
        }
        if self.activities_capped {
            warnings.push(Warning::ElementsCapped {
                what: "activities",
                limit: MAX_ACTIVITIES,
            });
        }
        if self.laps_capped {
            warnings.push(Warning::ElementsCapped {
                what: "laps",
                limit: MAX_LAPS,
            });
        }
        if self.timed < self.total {
            warnings.push(Warning::UntimedPoints {
                skipped: self.total - self.timed,
                total: self.total,
            });
        }
        if self.times_without_offset {
            warnings.push(Warning::TimesWithoutOffset);
        }
        Ok(Imported {
            activities: self.activities,
            warnings,
        })
    }
}

/// The model's laps from TCX laps; times are offsets from `origin`, the first sample's time.
fn laps(laps: &[TcxLap], samples: &Samples, origin: f64) -> Vec<Lap> {
    let start = |l: &TcxLap| l.start.or(l.first_time).map(xml::seconds);
    laps.iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let begin = start(l)?;
            let timer = l.timer_s.filter(|t| *t >= 0.0);
            let elapsed = match laps.get(i + 1).and_then(start) {
                Some(next) => next - begin,
                None => {
                    let last = l.last_time.map_or(begin, xml::seconds);
                    (last - begin).max(timer.unwrap_or(0.0))
                }
            }
            .max(0.0);
            let end = begin + elapsed;
            let covered =
                || distance_at(samples, end - origin) - distance_at(samples, begin - origin);
            Some(Lap {
                start_offset: duration(begin - origin),
                timer_time: duration(timer.unwrap_or(elapsed)),
                elapsed_time: duration(elapsed),
                distance: distance(l.distance_m.unwrap_or_else(covered)),
                average_heart_rate_bpm: l.avg_hr,
                workout_step_index: None,
                is_rest: l.is_rest,
            })
        })
        .collect()
}

/// The cumulative distance at `time` seconds from the start: that of the last sample at or
/// before it (zero before the first, or when the samples have no distance).
fn distance_at(samples: &Samples, time: f64) -> f64 {
    let t = samples.time_s();
    let n = t.partition_point(|&s| s <= time);
    n.checked_sub(1)
        .map(|i| samples.distance_m()[i])
        .filter(|d| !d.is_nan())
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TCX: &str = r#"<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
 <Activities><Activity Sport="Running"><Id>2021-03-01T08:00:00Z</Id>
  <Lap StartTime="2021-03-01T08:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds>
   <DistanceMeters>400</DistanceMeters><AverageHeartRateBpm><Value>170</Value></AverageHeartRateBpm>
   <Intensity>Active</Intensity><Track>
   <Trackpoint><Time>2021-03-01T08:00:00Z</Time><Position><LatitudeDegrees>0</LatitudeDegrees>
    <LongitudeDegrees>0</LongitudeDegrees></Position><HeartRateBpm><Value>150</Value></HeartRateBpm>
    <Extensions><ns3:TPX><ns3:Speed>6.5</ns3:Speed><ns3:RunCadence>92</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>
   <Trackpoint><Time>2021-03-01T08:01:00Z</Time><Position><LatitudeDegrees>0.0036</LatitudeDegrees>
    <LongitudeDegrees>0</LongitudeDegrees></Position><HeartRateBpm><Value>178</Value></HeartRateBpm></Trackpoint>
   </Track></Lap>
  <Lap StartTime="2021-03-01T08:01:00Z"><TotalTimeSeconds>90</TotalTimeSeconds>
   <Intensity>Resting</Intensity><Track>
   <Trackpoint><Time>2021-03-01T08:02:40Z</Time><Position><LatitudeDegrees>0.0045</LatitudeDegrees>
    <LongitudeDegrees>0</LongitudeDegrees></Position></Trackpoint>
   </Track></Lap></Activity></Activities></TrainingCenterDatabase>"#;

    #[test]
    fn laps_rest_and_extensions() {
        let imported = read("t.tcx", TCX.as_bytes()).unwrap();
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let a = &imported.activities[0];
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.samples.time_s(), [0.0, 60.0, 160.0]);
        assert_eq!(a.samples.heart_rate_bpm(), [150, 178, 0]);
        assert_eq!(a.samples.cadence_spm(), [184, 0, 0]);
        assert_eq!(a.samples.speed_m_s()[0], 6.5);
        // No DistanceMeters on trackpoints: 0.0045° of latitude at the equator, 497.58 m.
        assert!((a.samples.total_distance().metres() - 497.58).abs() < 0.05);
        let laps: Vec<_> = a
            .laps
            .iter()
            .map(|l| {
                (
                    l.start_offset.secs(),
                    l.timer_time.secs(),
                    l.elapsed_time.secs(),
                    l.is_rest,
                )
            })
            .collect();
        assert_eq!(
            laps,
            [
                (0.0, 60.0, 60.0, Some(false)),
                (60.0, 90.0, 100.0, Some(true))
            ]
        );
        assert_eq!(a.laps[0].distance.metres(), 400.0);
        assert_eq!(a.laps[0].average_heart_rate_bpm, Some(170));
        // The second lap has no DistanceMeters: the samples' distance during it.
        assert!((a.laps[1].distance.metres() - (497.58 - 398.07)).abs() < 0.05);
    }

    fn activities(count: usize, laps_each: usize) -> String {
        let lap =
            "<Lap><Track><Trackpoint><Time>2021-03-01T08:00:00Z</Time></Trackpoint></Track></Lap>";
        let activity = format!(
            "<Activity Sport=\"Running\">{}</Activity>",
            lap.repeat(laps_each)
        );
        format!(
            "<TrainingCenterDatabase><Activities>{}</Activities></TrainingCenterDatabase>",
            activity.repeat(count)
        )
    }

    #[test]
    fn activities_and_laps_are_read_to_their_limits() {
        let capped = |imported: &Imported, what: &str| {
            imported
                .warnings
                .iter()
                .any(|w| matches!(w, Warning::ElementsCapped { what: w, .. } if *w == what))
        };
        let at = read("a.tcx", activities(MAX_ACTIVITIES, 1).as_bytes()).unwrap();
        assert_eq!(at.activities.len(), MAX_ACTIVITIES);
        assert!(!capped(&at, "activities"));
        let over = read("a.tcx", activities(MAX_ACTIVITIES + 1, 1).as_bytes()).unwrap();
        assert_eq!(over.activities.len(), MAX_ACTIVITIES);
        assert!(capped(&over, "activities"));

        let at = read("l.tcx", activities(1, MAX_LAPS).as_bytes()).unwrap();
        assert_eq!(at.activities[0].laps.len(), MAX_LAPS);
        assert!(!capped(&at, "laps"));
        let over = read("l.tcx", activities(1, MAX_LAPS + 1).as_bytes()).unwrap();
        assert_eq!(over.activities[0].laps.len(), MAX_LAPS);
        assert!(capped(&over, "laps"));
    }

    #[test]
    fn courses_and_empty_files_are_errors() {
        let course = r#"<TrainingCenterDatabase><Courses><Course><Track>
            <Trackpoint><Position><LatitudeDegrees>1</LatitudeDegrees><LongitudeDegrees>1</LongitudeDegrees></Position></Trackpoint>
            </Track></Course></Courses></TrainingCenterDatabase>"#;
        let cases = [
            (course, ErrorKind::RouteOnly { points: 1 }),
            (
                "<TrainingCenterDatabase/>",
                ErrorKind::NoTrack { waypoints: 0 },
            ),
            (
                "<TrainingCenterDatabase><Activities><Activity><Lap><Track><Trackpoint/></Track></Lap></Activity></Activities></TrainingCenterDatabase>",
                ErrorKind::NoTimes { points: 1 },
            ),
        ];
        for (text, want) in cases {
            assert_eq!(
                read("c.tcx", text.as_bytes()).unwrap_err().kind(),
                &want,
                "{text}"
            );
        }
    }
}
