#!/usr/bin/env python3
"""Dump the workout, workout steps and laps that Garmin's own decoder reads, as JSON.

Garmin's FIT SDK (PyPI: garmin-fit-sdk) is the reference for workouts: miler-fit's tests compare
the embedded and stand-alone workouts it decodes with this output. Values are printed raw (no
type names, no sub-field expansion), so the Rust side compares numbers exactly.

Usage: dump_garmin_sdk.py FILE.fit  (prints one JSON object on standard output)
"""

import json
import sys

try:
    from garmin_fit_sdk import Decoder, Stream
except ImportError:
    sys.stderr.write(
        "garmin-fit-sdk is not installed: run the project's test script (scripts/test), "
        "which installs it with `pip install fitdecode garmin-fit-sdk`\n"
    )
    sys.exit(3)

WORKOUT = {"sport": "sport", "num_valid_steps": "num_valid_steps", "name": "wkt_name"}
WORKOUT_STEP = {
    "message_index": "message_index",
    "name": "wkt_step_name",
    "duration_type": "duration_type",
    "duration_value": "duration_value",
    "target_type": "target_type",
    "target_value": "target_value",
    "custom_target_value_low": "custom_target_value_low",
    "custom_target_value_high": "custom_target_value_high",
    "intensity": "intensity",
    "notes": "notes",
}
LAP = {"message_index": "message_index", "wkt_step_index": "wkt_step_index"}


def first_string(value):
    """The SDK splits a string field at NULs into a list; the field's value is the first part."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def pick(message, spec):
    return {key: first_string(message.get(name)) for key, name in spec.items()}


def main(path):
    decoder = Decoder(Stream.from_file(path))
    messages, errors = decoder.read(
        apply_scale_and_offset=False,
        convert_datetimes_to_dates=False,
        convert_types_to_strings=False,
        enable_crc_check=False,
        expand_sub_fields=False,
        expand_components=False,
        merge_heart_rates=False,
    )
    out = {
        "workouts": [pick(m, WORKOUT) for m in messages.get("workout_mesgs", [])],
        "workout_steps": [pick(m, WORKOUT_STEP) for m in messages.get("workout_step_mesgs", [])],
        "laps": [pick(m, LAP) for m in messages.get("lap_mesgs", [])],
        "errors": [str(e) for e in errors],
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
