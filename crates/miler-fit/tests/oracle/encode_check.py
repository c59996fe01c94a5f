#!/usr/bin/env python3
"""Read FIT files with Garmin's own decoder and print every message it finds, as JSON.

miler-fit's encoder tests use this to check what they write: Garmin's FIT SDK
(PyPI: garmin-fit-sdk) is the reference for what a Garmin device accepts. For each file it
prints the SDK's integrity check (header, sizes and both CRCs), the errors from reading with the
CRC check on, and all messages by kind with their raw values: no type names, no scaling, no
sub-field or component expansion, so the Rust side compares numbers exactly. A field the SDK
reads as invalid ("no data") is absent from its message, as the SDK returns it.

Usage: encode_check.py FILE.fit [FILE.fit ...]
Prints one JSON array with one object per file, in argument order:
  {"file": ..., "integrity": bool, "errors": [str], "messages": {"workout_step_mesgs": [...], ...}}
"""

import json
import sys

try:
    from garmin_fit_sdk import Decoder, Stream
except ImportError:
    sys.stderr.write(
        "garmin-fit-sdk is not installed: run the project's test script (bash scripts/test), "
        "which installs it with `pip install fitdecode garmin-fit-sdk`\n"
    )
    sys.exit(3)


def check(path):
    integrity = Decoder(Stream.from_file(path)).check_integrity()
    messages, errors = Decoder(Stream.from_file(path)).read(
        apply_scale_and_offset=False,
        convert_datetimes_to_dates=False,
        convert_types_to_strings=False,
        enable_crc_check=True,
        expand_sub_fields=False,
        expand_components=False,
        merge_heart_rates=False,
    )
    return {
        "file": path,
        "integrity": bool(integrity),
        "errors": [str(e) for e in errors],
        "messages": messages,
    }


def main(paths):
    # Values that JSON has no type for (none are expected in a workout file) become strings, so
    # a surprise shows up as a difference instead of a crash.
    json.dump([check(p) for p in paths], sys.stdout, default=str)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
