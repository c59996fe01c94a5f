//! Small value types from the FIT profile: timestamps and the enumerations miler reads.
//!
//! FIT enumerations are open: devices write values newer than any profile a decoder knows. So
//! each one is a newtype over the raw number with named constants for the values miler cares
//! about, not a Rust `enum` that would have to reject or lose the unknown ones. `name()` gives
//! the profile's name where this crate knows it. Values and names are from the Garmin FIT SDK
//! profile (Profile.xlsx, release 21).

/// Seconds between the Unix epoch and the FIT epoch, 1989-12-31T00:00:00Z.
pub const FIT_EPOCH_UNIX: i64 = 631_065_600;

/// A FIT `date_time`: seconds since 1989-12-31T00:00:00Z.
///
/// Values below 0x1000_0000 are not wall-clock times but seconds since the device powered on
/// (the FIT profile's "system time"); old ANT devices such as the FR70 write those.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FitTime(pub u32);

impl FitTime {
    /// The smallest value that is a wall-clock time rather than a time since power-on.
    pub const MIN_ABSOLUTE: u32 = 0x1000_0000;

    /// Seconds since the Unix epoch, or `None` for a time relative to power-on.
    pub fn unix_seconds(self) -> Option<i64> {
        (self.0 >= Self::MIN_ABSOLUTE).then(|| i64::from(self.0) + FIT_EPOCH_UNIX)
    }
}

macro_rules! fit_enum {
    (
        $(#[$meta:meta])*
        $name:ident($repr:ty) {
            $($(#[$cmeta:meta])* $konst:ident = $value:literal => $text:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name(pub $repr);

        impl $name {
            $($(#[$cmeta])* pub const $konst: $name = $name($value);)*

            /// The FIT profile's name for this value, if this crate knows it.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some($text),)*
                    _ => None,
                }
            }
        }
    };
}

fit_enum! {
    /// `file`: what a FIT file holds (file_id field 0).
    FileType(u8) {
        DEVICE = 1 => "device",
        SETTINGS = 2 => "settings",
        SPORT = 3 => "sport",
        ACTIVITY = 4 => "activity",
        WORKOUT = 5 => "workout",
        COURSE = 6 => "course",
        SCHEDULES = 7 => "schedules",
        TOTALS = 10 => "totals",
        GOALS = 11 => "goals",
        ACTIVITY_SUMMARY = 20 => "activity_summary",
    }
}

fit_enum! {
    /// `manufacturer` (file_id field 1, device_info field 2); only the common ones are named.
    Manufacturer(u16) {
        GARMIN = 1 => "garmin",
        DYNASTREAM = 15 => "dynastream",
        SUUNTO = 23 => "suunto",
        WAHOO_FITNESS = 32 => "wahoo_fitness",
        SIGMASPORT = 70 => "sigmasport",
        STRYD = 95 => "stryd",
        DEVELOPMENT = 255 => "development",
        ZWIFT = 260 => "zwift",
        STRAVA = 265 => "strava",
        COROS = 294 => "coros",
        HUAWEI = 348 => "huawei",
    }
}

fit_enum! {
    /// `sport`, as in session, lap and workout messages.
    Sport(u8) {
        GENERIC = 0 => "generic",
        RUNNING = 1 => "running",
        CYCLING = 2 => "cycling",
        TRANSITION = 3 => "transition",
        FITNESS_EQUIPMENT = 4 => "fitness_equipment",
        SWIMMING = 5 => "swimming",
        TRAINING = 10 => "training",
        WALKING = 11 => "walking",
        HIKING = 17 => "hiking",
        MULTISPORT = 18 => "multisport",
    }
}

fit_enum! {
    /// `sub_sport`; the running ones are named.
    SubSport(u8) {
        GENERIC = 0 => "generic",
        TREADMILL = 1 => "treadmill",
        STREET = 2 => "street",
        TRAIL = 3 => "trail",
        TRACK = 4 => "track",
        INDOOR_CYCLING = 6 => "indoor_cycling",
        ROAD = 7 => "road",
        INDOOR_RUNNING = 45 => "indoor_running",
        VIRTUAL_ACTIVITY = 58 => "virtual_activity",
        ULTRA = 67 => "ultra",
    }
}

fit_enum! {
    /// `lap_trigger`: what ended a lap (lap field 24).
    LapTrigger(u8) {
        MANUAL = 0 => "manual",
        TIME = 1 => "time",
        DISTANCE = 2 => "distance",
        POSITION_START = 3 => "position_start",
        POSITION_LAP = 4 => "position_lap",
        POSITION_WAYPOINT = 5 => "position_waypoint",
        POSITION_MARKED = 6 => "position_marked",
        SESSION_END = 7 => "session_end",
        FITNESS_EQUIPMENT = 8 => "fitness_equipment",
    }
}

fit_enum! {
    /// `event`: what an event message is about (event field 0).
    EventKind(u8) {
        TIMER = 0 => "timer",
        WORKOUT = 3 => "workout",
        WORKOUT_STEP = 4 => "workout_step",
        POWER_DOWN = 5 => "power_down",
        POWER_UP = 6 => "power_up",
        SESSION = 8 => "session",
        LAP = 9 => "lap",
        RECOVERY_HR = 21 => "recovery_hr",
        BATTERY_LOW = 22 => "battery_low",
        ACTIVITY = 26 => "activity",
        LENGTH = 28 => "length",
        USER_MARKER = 32 => "user_marker",
    }
}

fit_enum! {
    /// `event_type`: start, stop, marker... (event field 1). A timer `STOP_ALL` followed by a
    /// timer `START` is a pause.
    EventType(u8) {
        START = 0 => "start",
        STOP = 1 => "stop",
        MARKER = 3 => "marker",
        STOP_ALL = 4 => "stop_all",
        STOP_DISABLE = 8 => "stop_disable",
        STOP_DISABLE_ALL = 9 => "stop_disable_all",
    }
}

fit_enum! {
    /// `wkt_step_duration`: how a workout step ends (workout_step field 1).
    DurationType(u8) {
        /// `duration_value` is milliseconds.
        TIME = 0 => "time",
        /// `duration_value` is centimetres.
        DISTANCE = 1 => "distance",
        HR_LESS_THAN = 2 => "hr_less_than",
        HR_GREATER_THAN = 3 => "hr_greater_than",
        CALORIES = 4 => "calories",
        /// Until the lap button.
        OPEN = 5 => "open",
        /// Repeat from step `duration_value`, `target_value` times.
        REPEAT_UNTIL_STEPS_CMPLT = 6 => "repeat_until_steps_cmplt",
        REPEAT_UNTIL_TIME = 7 => "repeat_until_time",
        REPEAT_UNTIL_DISTANCE = 8 => "repeat_until_distance",
    }
}

fit_enum! {
    /// `wkt_step_target`: what a workout step's target is (workout_step field 3).
    TargetType(u8) {
        /// Custom bounds are in mm/s.
        SPEED = 0 => "speed",
        /// Custom bounds are bpm + 100; a `target_value` of 1 to 5 is a zone.
        HEART_RATE = 1 => "heart_rate",
        OPEN = 2 => "open",
        CADENCE = 3 => "cadence",
        POWER = 4 => "power",
        GRADE = 5 => "grade",
        RESISTANCE = 6 => "resistance",
    }
}

fit_enum! {
    /// `intensity` of a workout step or lap.
    Intensity(u8) {
        ACTIVE = 0 => "active",
        REST = 1 => "rest",
        WARMUP = 2 => "warmup",
        COOLDOWN = 3 => "cooldown",
        RECOVERY = 4 => "recovery",
        INTERVAL = 5 => "interval",
        OTHER = 6 => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_time_to_unix() {
        // (FIT seconds, Unix seconds): the FIT epoch, a real activity, a time since power-on.
        let cases = [
            (
                FitTime(FitTime::MIN_ABSOLUTE),
                Some(631_065_600 + 0x1000_0000),
            ),
            (FitTime(959_870_712), Some(1_590_936_312)),
            (FitTime(17_217_869), None),
        ];
        for (time, want) in cases {
            assert_eq!(time.unix_seconds(), want, "{time:?}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(Sport::RUNNING.name(), Some("running"));
        assert_eq!(Sport(200).name(), None);
        assert_eq!(DurationType(6).name(), Some("repeat_until_steps_cmplt"));
        assert_eq!(Manufacturer(294).name(), Some("coros"));
    }
}
