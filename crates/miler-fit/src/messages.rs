//! The summary messages: file_id, session, lap, event, device_info, activity, workout and
//! workout_step, each as a plain struct of `Option`s.
//!
//! These messages are few (a lap a mile, a handful of events), so clarity wins over speed here:
//! each struct is filled by matching the field numbers of its plan. Field numbers, scales and
//! offsets are the FIT SDK profile's; quantities are converted to SI units and named with them
//! (`_m`, `_s`, `_m_s`), and everything else is kept as the file's raw number or as one of the
//! open enumerations in [`crate::types`]. `None` means the file did not say.

use crate::plan::Slot;
use crate::types::{
    DurationType, EventKind, EventType, FileType, FitTime, Intensity, LapTrigger, Manufacturer,
    Sport, SubSport, TargetType,
};

/// The fields of one data message, as its plan lists them, with the message's bytes.
pub(crate) struct Fields<'a> {
    pub(crate) list: &'a [(u8, Slot)],
    pub(crate) bytes: &'a [u8],
    pub(crate) big: bool,
}

impl Fields<'_> {
    /// Calls `f` with each field number and a reader for its value.
    fn each(&self, mut f: impl FnMut(u8, Value<'_>)) {
        for &(number, slot) in self.list {
            f(
                number,
                Value {
                    slot,
                    bytes: self.bytes,
                    big: self.big,
                },
            );
        }
    }
}

/// One field's value in a message, read on demand in the type the profile gives it.
#[derive(Clone, Copy)]
struct Value<'a> {
    slot: Slot,
    bytes: &'a [u8],
    big: bool,
}

impl Value<'_> {
    fn u8(self) -> Option<u8> {
        self.slot.u8(self.bytes, self.big)
    }
    fn u16(self) -> Option<u16> {
        self.slot.u16(self.bytes, self.big)
    }
    fn u32(self) -> Option<u32> {
        self.slot.u32(self.bytes, self.big)
    }
    fn time(self) -> Option<FitTime> {
        self.u32().map(FitTime)
    }
    fn scaled(self, scale: f64) -> Option<f64> {
        self.slot.scaled(self.bytes, self.big, scale)
    }
    fn text(self) -> Option<String> {
        self.slot.text(self.bytes)
    }
}

/// file_id (global 0): what the file is and which device wrote it. A chained file has one per
/// part.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileId {
    /// Field 0.
    pub file_type: Option<FileType>,
    /// Field 1.
    pub manufacturer: Option<Manufacturer>,
    /// Field 2, the manufacturer's product number.
    pub product: Option<u16>,
    /// Field 3.
    pub serial_number: Option<u32>,
    /// Field 4.
    pub time_created: Option<FitTime>,
}

impl FileId {
    pub(crate) fn decode(fields: &Fields<'_>) -> FileId {
        let mut out = FileId::default();
        fields.each(|number, v| match number {
            0 => out.file_type = v.u8().map(FileType),
            1 => out.manufacturer = v.u16().map(Manufacturer),
            2 => out.product = v.u16(),
            3 => out.serial_number = v.u32(),
            4 => out.time_created = v.time(),
            _ => {}
        });
        out
    }
}

/// session (global 18): totals for one sport of the activity (a triathlon has several).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    /// Field 253: when the session ended.
    pub timestamp: Option<FitTime>,
    /// Field 2.
    pub start_time: Option<FitTime>,
    /// Field 5.
    pub sport: Option<Sport>,
    /// Field 6.
    pub sub_sport: Option<SubSport>,
    /// Field 7, start to end including pauses.
    pub total_elapsed_time_s: Option<f64>,
    /// Field 8, time the timer ran.
    pub total_timer_time_s: Option<f64>,
    /// Field 9.
    pub total_distance_m: Option<f64>,
    /// enhanced_avg_speed 124, else avg_speed 14.
    pub avg_speed_m_s: Option<f64>,
    /// enhanced_max_speed 125, else max_speed 15.
    pub max_speed_m_s: Option<f64>,
    /// Field 16.
    pub avg_heart_rate_bpm: Option<u8>,
    /// Field 17.
    pub max_heart_rate_bpm: Option<u8>,
    /// Field 25: index of this session's first lap among the file's laps.
    pub first_lap_index: Option<u16>,
    /// Field 26.
    pub num_laps: Option<u16>,
}

impl Session {
    pub(crate) fn decode(fields: &Fields<'_>, timestamp: Option<u32>) -> Session {
        let mut out = Session {
            timestamp: timestamp.map(FitTime),
            ..Session::default()
        };
        let (mut avg, mut max) = (None, None);
        let (mut enhanced_avg, mut enhanced_max) = (None, None);
        fields.each(|number, v| match number {
            2 => out.start_time = v.time(),
            5 => out.sport = v.u8().map(Sport),
            6 => out.sub_sport = v.u8().map(SubSport),
            7 => out.total_elapsed_time_s = v.scaled(1000.0),
            8 => out.total_timer_time_s = v.scaled(1000.0),
            9 => out.total_distance_m = v.scaled(100.0),
            14 => avg = v.scaled(1000.0),
            15 => max = v.scaled(1000.0),
            16 => out.avg_heart_rate_bpm = v.u8(),
            17 => out.max_heart_rate_bpm = v.u8(),
            25 => out.first_lap_index = v.u16(),
            26 => out.num_laps = v.u16(),
            124 => enhanced_avg = v.scaled(1000.0),
            125 => enhanced_max = v.scaled(1000.0),
            _ => {}
        });
        out.avg_speed_m_s = enhanced_avg.or(avg);
        out.max_speed_m_s = enhanced_max.or(max);
        out
    }
}

/// lap (global 19): one lap, auto or manual; in a structured workout, one step.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lap {
    /// Field 254.
    pub message_index: Option<u16>,
    /// Field 253: when the lap ended.
    pub timestamp: Option<FitTime>,
    /// Field 2.
    pub start_time: Option<FitTime>,
    /// Field 7, including pauses.
    pub total_elapsed_time_s: Option<f64>,
    /// Field 8, time the timer ran.
    pub total_timer_time_s: Option<f64>,
    /// Field 9.
    pub total_distance_m: Option<f64>,
    /// enhanced_avg_speed 110, else avg_speed 13.
    pub avg_speed_m_s: Option<f64>,
    /// enhanced_max_speed 111, else max_speed 14.
    pub max_speed_m_s: Option<f64>,
    /// Field 15.
    pub avg_heart_rate_bpm: Option<u8>,
    /// Field 16.
    pub max_heart_rate_bpm: Option<u8>,
    /// Field 17.
    pub avg_cadence_rpm: Option<u8>,
    /// Field 23.
    pub intensity: Option<Intensity>,
    /// Field 24.
    pub lap_trigger: Option<LapTrigger>,
    /// Field 25.
    pub sport: Option<Sport>,
    /// Field 71: the workout step this lap ran, as the step's message_index.
    pub wkt_step_index: Option<u16>,
}

impl Lap {
    pub(crate) fn decode(fields: &Fields<'_>, timestamp: Option<u32>) -> Lap {
        let mut out = Lap {
            timestamp: timestamp.map(FitTime),
            ..Lap::default()
        };
        let (mut avg, mut max) = (None, None);
        let (mut enhanced_avg, mut enhanced_max) = (None, None);
        fields.each(|number, v| match number {
            254 => out.message_index = v.u16(),
            2 => out.start_time = v.time(),
            7 => out.total_elapsed_time_s = v.scaled(1000.0),
            8 => out.total_timer_time_s = v.scaled(1000.0),
            9 => out.total_distance_m = v.scaled(100.0),
            13 => avg = v.scaled(1000.0),
            14 => max = v.scaled(1000.0),
            15 => out.avg_heart_rate_bpm = v.u8(),
            16 => out.max_heart_rate_bpm = v.u8(),
            17 => out.avg_cadence_rpm = v.u8(),
            23 => out.intensity = v.u8().map(Intensity),
            24 => out.lap_trigger = v.u8().map(LapTrigger),
            25 => out.sport = v.u8().map(Sport),
            71 => out.wkt_step_index = v.u16(),
            110 => enhanced_avg = v.scaled(1000.0),
            111 => enhanced_max = v.scaled(1000.0),
            _ => {}
        });
        out.avg_speed_m_s = enhanced_avg.or(avg);
        out.max_speed_m_s = enhanced_max.or(max);
        out
    }
}

/// event (global 21): timer start and stop (pauses), laps, workout steps, alerts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// Field 253.
    pub timestamp: Option<FitTime>,
    /// Field 0.
    pub event: Option<EventKind>,
    /// Field 1.
    pub event_type: Option<EventType>,
    /// Field 3 (`data`), else field 2 (`data16`): the event's argument, e.g. the timer trigger.
    pub data: Option<u32>,
}

impl Event {
    pub(crate) fn decode(fields: &Fields<'_>, timestamp: Option<u32>) -> Event {
        let mut out = Event {
            timestamp: timestamp.map(FitTime),
            ..Event::default()
        };
        let (mut data16, mut data) = (None, None);
        fields.each(|number, v| match number {
            0 => out.event = v.u8().map(EventKind),
            1 => out.event_type = v.u8().map(EventType),
            2 => data16 = v.u16().map(u32::from),
            3 => data = v.u32(),
            _ => {}
        });
        out.data = data.or(data16);
        out
    }

    /// Whether this is the timer stopping (a pause or the end).
    pub fn is_timer_stop(&self) -> bool {
        self.event == Some(EventKind::TIMER)
            && matches!(
                self.event_type,
                Some(EventType::STOP | EventType::STOP_ALL | EventType::STOP_DISABLE_ALL)
            )
    }

    /// Whether this is the timer starting (the start, or the end of a pause).
    pub fn is_timer_start(&self) -> bool {
        self.event == Some(EventKind::TIMER) && self.event_type == Some(EventType::START)
    }
}

/// device_info (global 23): the watch and each sensor, minimally.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeviceInfo {
    /// Field 253.
    pub timestamp: Option<FitTime>,
    /// Field 0: 0 is the device that wrote the file.
    pub device_index: Option<u8>,
    /// Field 1: the ANT+ device type of a sensor.
    pub device_type: Option<u8>,
    /// Field 2.
    pub manufacturer: Option<Manufacturer>,
    /// Field 3.
    pub serial_number: Option<u32>,
    /// Field 4.
    pub product: Option<u16>,
    /// Field 5, e.g. 12.3.
    pub software_version: Option<f64>,
    /// Field 27.
    pub product_name: Option<String>,
}

impl DeviceInfo {
    pub(crate) fn decode(fields: &Fields<'_>, timestamp: Option<u32>) -> DeviceInfo {
        let mut out = DeviceInfo {
            timestamp: timestamp.map(FitTime),
            ..DeviceInfo::default()
        };
        fields.each(|number, v| match number {
            0 => out.device_index = v.u8(),
            1 => out.device_type = v.u8(),
            2 => out.manufacturer = v.u16().map(Manufacturer),
            3 => out.serial_number = v.u32(),
            4 => out.product = v.u16(),
            5 => out.software_version = v.scaled(100.0),
            27 => out.product_name = v.text(),
            _ => {}
        });
        out
    }
}

/// activity (global 34): the file's closing summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivitySummary {
    /// Field 253, UTC.
    pub timestamp: Option<FitTime>,
    /// Field 0.
    pub total_timer_time_s: Option<f64>,
    /// Field 1.
    pub num_sessions: Option<u16>,
    /// Field 5: the same moment in the wearer's local time, which gives the UTC offset.
    pub local_timestamp: Option<FitTime>,
}

impl ActivitySummary {
    pub(crate) fn decode(fields: &Fields<'_>, timestamp: Option<u32>) -> ActivitySummary {
        let mut out = ActivitySummary {
            timestamp: timestamp.map(FitTime),
            ..ActivitySummary::default()
        };
        fields.each(|number, v| match number {
            0 => out.total_timer_time_s = v.scaled(1000.0),
            1 => out.num_sessions = v.u16(),
            5 => out.local_timestamp = v.time(),
            _ => {}
        });
        out
    }
}

/// workout (global 26): a structured workout, in a workout file or embedded in the activity that
/// ran it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workout {
    /// Field 4.
    pub sport: Option<Sport>,
    /// Field 11.
    pub sub_sport: Option<SubSport>,
    /// Field 6: every step, repeat steps included.
    pub num_valid_steps: Option<u16>,
    /// Field 8.
    pub name: Option<String>,
}

impl Workout {
    pub(crate) fn decode(fields: &Fields<'_>) -> Workout {
        let mut out = Workout::default();
        fields.each(|number, v| match number {
            4 => out.sport = v.u8().map(Sport),
            6 => out.num_valid_steps = v.u16(),
            8 => out.name = v.text(),
            11 => out.sub_sport = v.u8().map(SubSport),
            _ => {}
        });
        out
    }
}

/// workout_step (global 27). Values are kept raw because their meaning depends on the types:
/// see [`DurationType`] and [`TargetType`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkoutStep {
    /// Field 254: the step's index, which repeat steps and laps refer to.
    pub message_index: Option<u16>,
    /// Field 0.
    pub name: Option<String>,
    /// Field 1.
    pub duration_type: Option<DurationType>,
    /// Field 2: ms, cm, or the step to repeat from, by `duration_type`.
    pub duration_value: Option<u32>,
    /// Field 3.
    pub target_type: Option<TargetType>,
    /// Field 4: a zone, or the repeat count for a repeat step.
    pub target_value: Option<u32>,
    /// Field 5: mm/s for speed, bpm + 100 for heart rate.
    pub custom_target_value_low: Option<u32>,
    /// Field 6.
    pub custom_target_value_high: Option<u32>,
    /// Field 7.
    pub intensity: Option<Intensity>,
    /// Field 8.
    pub notes: Option<String>,
}

impl WorkoutStep {
    pub(crate) fn decode(fields: &Fields<'_>) -> WorkoutStep {
        let mut out = WorkoutStep::default();
        fields.each(|number, v| match number {
            254 => out.message_index = v.u16(),
            0 => out.name = v.text(),
            1 => out.duration_type = v.u8().map(DurationType),
            2 => out.duration_value = v.u32(),
            3 => out.target_type = v.u8().map(TargetType),
            4 => out.target_value = v.u32(),
            5 => out.custom_target_value_low = v.u32(),
            6 => out.custom_target_value_high = v.u32(),
            7 => out.intensity = v.u8().map(Intensity),
            8 => out.notes = v.text(),
            _ => {}
        });
        out
    }
}
