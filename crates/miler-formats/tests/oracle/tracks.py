#!/usr/bin/env python3
"""Independent reading of GPX and TCX files, for miler-formats' tests.

GPX files are parsed with gpxpy; TCX files with the standard library's ElementTree. Distances
are geodesics on WGS-84 from geographiclib (Karney's algorithm), and gpxpy's own length_2d is
reported beside them. Prints one JSON object keyed by path.

For each file: the number of track points, the number with a time, the first and last time
(Unix seconds; times without an offset are UTC), and the length of the timed points with a
position, summed within each segment (GPX) or along the whole activity (TCX), never bridging
the gap between two GPX segments. Strava's leading whitespace is stripped first, because gpxpy
rejects it.

Usage: tracks.py FILE...
"""

import datetime
import json
import sys
import xml.etree.ElementTree as ET

import gpxpy
import gpxpy.geo
from geographiclib.geodesic import Geodesic

WGS84 = Geodesic.WGS84


def unix(t):
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    return t.timestamp()


def geodesic(points):
    """Sum of geodesic lengths between consecutive (lat, lon) pairs."""
    return sum(
        WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"] for a, b in zip(points, points[1:])
    )


def read_gpx(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8-sig").lstrip()
    gpx = gpxpy.parse(text)
    segments = [s for t in gpx.tracks for s in t.segments]
    points = [p for s in segments for p in s.points]
    timed = [p for p in points if p.time is not None]
    geo = 0.0
    length_2d = 0.0
    for s in segments:
        kept = [p for p in s.points if p.time is not None]
        geo += geodesic([(p.latitude, p.longitude) for p in kept])
        length_2d += gpxpy.geo.length_2d(kept)
    return {
        "points": len(points),
        "timed": len(timed),
        "first": unix(timed[0].time) if timed else None,
        "last": unix(timed[-1].time) if timed else None,
        "geodesic_m": geo,
        "gpxpy_length_2d_m": length_2d,
        "route_points": sum(len(r.points) for r in gpx.routes),
    }


def read_tcx(path):
    with open(path, "rb") as f:
        root = ET.fromstring(f.read().decode("utf-8-sig").lstrip())

    def local(tag):
        return tag.rsplit("}", 1)[-1]

    def child(element, name):
        return next((c for c in element if local(c.tag) == name), None)

    points = [e for e in root.iter() if local(e.tag) == "Trackpoint"]
    times = []
    positions = []
    for p in points:
        t = child(p, "Time")
        if t is None:
            continue
        times.append(unix(datetime.datetime.fromisoformat(t.text.strip().replace("Z", "+00:00"))))
        pos = child(p, "Position")
        if pos is not None:
            positions.append(
                (float(child(pos, "LatitudeDegrees").text), float(child(pos, "LongitudeDegrees").text))
            )
    return {
        "points": len(points),
        "timed": len(times),
        "first": times[0] if times else None,
        "last": times[-1] if times else None,
        "geodesic_m": geodesic(positions),
    }


def main():
    out = {}
    for path in sys.argv[1:]:
        out[path] = read_tcx(path) if path.lower().endswith(".tcx") else read_gpx(path)
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
