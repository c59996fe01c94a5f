"""Reads an iCalendar file written by miler with the `icalendar` package and checks it.

Usage: python3 ics_oracle.py FILE.ics

Checks that the file parses without errors, that every VEVENT is an all-day event (DTSTART
a date, DTEND exactly one day later) and that UIDs are unique. Then prints, as JSON, what
icalendar read: the calendar's properties and, per event, its UID, dates, SEQUENCE and the
SUMMARY, DESCRIPTION and CATEGORIES text, unescaped, for the Rust test to compare with what
it wrote.
"""

import datetime
import json
import sys

import icalendar
from icalendar.parser import unescape_backslash


def x_text(calendar, name):
    """A non-standard property's value as TEXT, its default type (RFC 5545 §3.8.8.2).

    icalendar keeps properties it doesn't know, such as X-WR-CALNAME, as raw text, so the
    TEXT escapes are undone here with icalendar's own single-pass unescaper.
    """
    value = calendar.get(name)
    return unescape_backslash(str(value)) if value is not None else ""


def main(path):
    with open(path, "rb") as f:
        raw = f.read()
    calendar = icalendar.Calendar.from_ical(raw)
    assert not calendar.errors, f"calendar errors: {calendar.errors}"

    events = []
    uids = set()
    for event in calendar.walk("VEVENT"):
        assert not event.errors, f"event errors: {event.errors}"
        uid = str(event["UID"])
        assert uid not in uids, f"UID {uid!r} appears twice"
        uids.add(uid)

        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        # A datetime is also a date in Python: all-day means a date and not a datetime.
        assert type(start) is datetime.date, f"{uid}: DTSTART {start!r} is not a date"
        assert type(end) is datetime.date, f"{uid}: DTEND {end!r} is not a date"
        assert end - start == datetime.timedelta(days=1), f"{uid}: {start} to {end}"
        assert "TZID" not in event["DTSTART"].params, f"{uid}: DTSTART has a TZID"

        stamp = event.decoded("DTSTAMP")
        assert isinstance(stamp, datetime.datetime) and stamp.utcoffset() == datetime.timedelta(0), (
            f"{uid}: DTSTAMP {stamp!r} is not in UTC"
        )

        categories = event.get("CATEGORIES")
        events.append(
            {
                "uid": uid,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "stamp": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "summary": str(event.get("SUMMARY", "")),
                "description": str(event.get("DESCRIPTION", "")),
                "categories": [str(c) for c in categories.cats] if categories else [],
                "sequence": event.decoded("SEQUENCE"),
                "transparency": str(event.get("TRANSP", "")),
            }
        )

    json.dump(
        {
            "version": str(calendar["VERSION"]),
            "prodid": str(calendar["PRODID"]),
            "method": str(calendar.get("METHOD", "")),
            "name": x_text(calendar, "X-WR-CALNAME"),
            "description": x_text(calendar, "X-WR-CALDESC"),
            "events": events,
        },
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main(sys.argv[1])
