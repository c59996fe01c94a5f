//! Distances between GPS positions on the WGS-84 ellipsoid.
//!
//! Activity files record positions about a second apart, so consecutive points are metres to
//! tens of metres apart. Over such short steps the ellipsoid is locally a plane scaled by its
//! two radii of curvature at the mid latitude (meridional `M` north-south, prime vertical
//! `N cos φ` east-west), which matches the full geodesic to well under a millimetre per step
//! while costing a few multiplications. A spherical formula (haversine) is up to 0.5 % off,
//! which is 8 m on a mile — more than the difference between two reps — so it is not used.

/// WGS-84 semi-major axis, metres.
const A: f64 = 6_378_137.0;
/// WGS-84 flattening.
const F: f64 = 1.0 / 298.257_223_563;

/// The length in metres of a short step between two positions given in degrees.
///
/// Accurate for steps up to a few kilometres; for longer lines it slowly diverges from the
/// geodesic (about 1e-6 relative at 10 km), which never matters between activity samples.
pub fn step_distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let e2 = F * (2.0 - F);
    let mid = ((lat1 + lat2) / 2.0).to_radians();
    let sin2 = mid.sin().powi(2);
    let w = (1.0 - e2 * sin2).sqrt();
    let meridional = A * (1.0 - e2) / (w * w * w);
    let prime_vertical = A / w;
    let mut dlon = lon2 - lon1;
    if dlon > 180.0 {
        dlon -= 360.0;
    } else if dlon < -180.0 {
        dlon += 360.0;
    }
    let north = meridional * (lat2 - lat1).to_radians();
    let east = prime_vertical * mid.cos() * dlon.to_radians();
    north.hypot(east)
}

/// Cumulative distance along a track; a sample without a position adds nothing and the next
/// positioned sample continues from the last known one.
pub fn cumulative_distance(latitudes: &[f64], longitudes: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(latitudes.len());
    let mut total = 0.0;
    let mut last: Option<(f64, f64)> = None;
    for (&lat, &lon) in latitudes.iter().zip(longitudes) {
        if lat.is_nan() || lon.is_nan() {
            out.push(if last.is_some() { total } else { f64::NAN });
            continue;
        }
        if let Some((plat, plon)) = last {
            total += step_distance_m(plat, plon, lat, lon);
        }
        last = Some((lat, lon));
        out.push(total);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lengths of one degree on WGS-84, as tabulated from the ellipsoid's radii of curvature
    /// (e.g. the "Length of a degree" tables: latitude 110 574 m at the equator, 111 132 m at
    /// 45°, 111 694 m at the pole; longitude 111 320 m at the equator, 78 847 m at 45°).
    /// Summing 1000 steps of a thousandth of a degree reproduces them.
    #[test]
    fn a_degree_matches_the_published_lengths() {
        let degree = |lat0: f64, dlat: f64, dlon: f64| -> f64 {
            (0..1000)
                .map(|i| {
                    let f = i as f64 / 1000.0;
                    let g = (i + 1) as f64 / 1000.0;
                    step_distance_m(lat0 + f * dlat, f * dlon, lat0 + g * dlat, g * dlon)
                })
                .sum()
        };
        let table = [
            ("latitude at the equator", degree(-0.5, 1.0, 0.0), 110_574.0),
            ("latitude at 45°", degree(44.5, 1.0, 0.0), 111_132.0),
            ("latitude at the pole", degree(89.0, 1.0, 0.0), 111_694.0),
            ("longitude at the equator", degree(0.0, 0.0, 1.0), 111_320.0),
            ("longitude at 45°", degree(45.0, 0.0, 1.0), 78_847.0),
        ];
        for (what, got, published) in table {
            assert!(
                (got - published).abs() < 1.5,
                "{what}: {got:.1} m vs {published} m"
            );
        }
    }

    #[test]
    fn crossing_the_antimeridian_is_short() {
        let d = step_distance_m(0.0, 179.9999, 0.0, -179.9999);
        assert!((d - 22.264).abs() < 0.01, "{d}");
    }

    #[test]
    fn gaps_in_positions_carry_the_distance() {
        let nan = f64::NAN;
        let d = cumulative_distance(&[nan, 0.0, nan, 0.001], &[nan, 0.0, nan, 0.0]);
        assert!(d[0].is_nan());
        assert_eq!(d[1], 0.0);
        assert_eq!(d[2], 0.0);
        assert!((d[3] - 110.574).abs() < 0.01);
    }
}
