#!/usr/bin/env python3
"""Dump what fitdecode (an independent FIT decoder) reads from a FIT file, as JSON.

miler-fit's integration tests run this script and compare its output with the Rust decoder,
so the expected values come from another implementation rather than from miler-fit itself.
Values are printed raw where the FIT type is an integer (timestamps, semicircles, enums, heart
rate) and scaled where the profile gives a scale (metres, metres per second, seconds), so the
Rust side can compare integers exactly and scaled values to 1e-6.

Usage: dump_fitdecode.py FILE.fit  (prints one JSON object on standard output)
"""

import json
import sys
import warnings

try:
    import fitdecode
except ImportError:
    sys.stderr.write(
        "fitdecode is not installed: run the project's test script (scripts/test), "
        "which installs it with `pip install fitdecode garmin-fit-sdk`\n"
    )
    sys.exit(3)


def first(msg, *names, raw=False):
    """The first present, valid value among fields called `names` (or numbered, for an int), in
    that order of preference.

    fitdecode expands components, so a message can hold the same name twice (for example a native
    enhanced_speed and the one expanded from speed); any valid one will do as they agree.
    """
    for name in names:
        for field in msg.fields:
            if isinstance(name, int):
                # By field number, for fields whose name fitdecode replaces with a sub-field's.
                if field.field_def is None or field.field_def.def_num != name:
                    continue
            elif field.name != name:
                continue
            value = field.raw_value if raw else field.value
            if isinstance(value, tuple):
                value = value[0] if value else None
            if value is not None:
                return value
    return None


def pick(msg, spec):
    return {key: first(msg, *names, raw=raw) for key, (names, raw) in spec.items()}


RECORD = {
    "timestamp": (("timestamp",), True),
    "distance_m": (("distance",), False),
    "speed_m_s": (("enhanced_speed", "speed"), False),
    "lat_semicircles": (("position_lat",), True),
    "lon_semicircles": (("position_long",), True),
    "altitude_m": (("enhanced_altitude", "altitude"), False),
    "heart_rate": (("heart_rate",), True),
    "cadence": (("cadence",), True),
}

LAP = {
    "timestamp": (("timestamp",), True),
    "start_time": (("start_time",), True),
    "total_elapsed_time_s": (("total_elapsed_time",), False),
    "total_timer_time_s": (("total_timer_time",), False),
    "total_distance_m": (("total_distance",), False),
    "avg_speed_m_s": (("enhanced_avg_speed", "avg_speed"), False),
    "max_speed_m_s": (("enhanced_max_speed", "max_speed"), False),
    "avg_heart_rate": (("avg_heart_rate",), True),
    "max_heart_rate": (("max_heart_rate",), True),
    "wkt_step_index": (("wkt_step_index",), True),
    "lap_trigger": (("lap_trigger",), True),
}

SESSION = {
    "timestamp": (("timestamp",), True),
    "start_time": (("start_time",), True),
    "sport": (("sport",), True),
    "sub_sport": (("sub_sport",), True),
    "total_elapsed_time_s": (("total_elapsed_time",), False),
    "total_timer_time_s": (("total_timer_time",), False),
    "total_distance_m": (("total_distance",), False),
    "avg_speed_m_s": (("enhanced_avg_speed", "avg_speed"), False),
    "max_speed_m_s": (("enhanced_max_speed", "max_speed"), False),
    "avg_heart_rate": (("avg_heart_rate",), True),
    "num_laps": (("num_laps",), True),
    "first_lap_index": (("first_lap_index",), True),
}

EVENT = {
    "timestamp": (("timestamp",), True),
    "event": (("event",), True),
    "event_type": (("event_type",), True),
}

FILE_ID = {
    "type": (("type",), True),
    "manufacturer": (("manufacturer",), True),
    "product": ((2,), True),
    "serial_number": (("serial_number",), True),
    "time_created": (("time_created",), True),
}

WORKOUT = {
    "sport": (("sport",), True),
    "num_valid_steps": (("num_valid_steps",), True),
    "name": (("wkt_name",), True),
}

WORKOUT_STEP = {
    "message_index": (("message_index",), True),
    "name": (("wkt_step_name",), True),
    "duration_type": (("duration_type",), True),
    "duration_value": ((2,), True),
    "target_type": (("target_type",), True),
    "target_value": ((4,), True),
    "custom_target_value_low": ((5,), True),
    "custom_target_value_high": ((6,), True),
    "intensity": (("intensity",), True),
    "notes": (("notes",), True),
}

TABLES = {
    "record": ("records", RECORD),
    "lap": ("laps", LAP),
    "session": ("sessions", SESSION),
    "event": ("events", EVENT),
    "file_id": ("file_ids", FILE_ID),
    "workout": ("workouts", WORKOUT),
    "workout_step": ("workout_steps", WORKOUT_STEP),
}


def main(path):
    out = {key: [] for key, _ in TABLES.values()}
    out["device_infos"] = 0
    out["activities"] = 0
    out["error"] = None
    warnings.simplefilter("ignore")
    try:
        with fitdecode.FitReader(
            path,
            processor=fitdecode.DataProcessorBase(),
            check_crc=fitdecode.CrcCheck.WARN,
            error_handling=fitdecode.ErrorHandling.WARN,
        ) as reader:
            for frame in reader:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                if frame.name == "device_info":
                    out["device_infos"] += 1
                elif frame.name == "activity":
                    out["activities"] += 1
                elif frame.name in TABLES:
                    key, spec = TABLES[frame.name]
                    out[key].append(pick(frame, spec))
    except Exception as exc:  # the decoded prefix is still worth printing
        out["error"] = f"{type(exc).__name__}: {exc}"
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
