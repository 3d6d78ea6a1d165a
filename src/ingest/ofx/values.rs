//! OFX values as the specification writes them: amounts with a point or a comma as the radix,
//! and dates `YYYYMMDD[HHMMSS[.XXX]][[±H[.H][:TZ]]]` whose bracket is the zone (without one,
//! the zone the reader is given: `--tz`, else UTC, the specification's default).

use crate::model::{Precision, Timestamp, Zone, parse_amount};
use chrono::{FixedOffset, NaiveDate, TimeZone};
use rust_decimal::prelude::ToPrimitive;

/// An OFX amount: a sign, digits, and a point or a comma as the radix (`-12.50`, `-12,50`).
pub fn ofx_amount(raw: &str) -> Result<rust_decimal::Decimal, String> {
    let s = raw.trim();
    let s = if s.contains(',') && !s.contains('.') { s.replace(',', ".") } else { s.to_string() };
    parse_amount(&s).map_err(|e| format!("TRNAMT: {e}"))
}

/// `YYYYMMDD[HHMMSS[.XXX]][[±H[.H][:TZ]]]`, read in `zone` when it has no bracket (see the
/// module documentation).
pub fn ofx_time(raw: &str, zone: Zone) -> Result<Timestamp, String> {
    let s = raw.trim();
    let (stamp, printed) = match s.split_once('[') {
        Some((stamp, printed)) => (stamp, Some(printed.trim_end_matches(']'))),
        None => (s, None),
    };
    let bad = || format!("{raw:?} is not an OFX date (YYYYMMDDHHMMSS.XXX[-5:EST])");
    let offset = match printed {
        Some(z) => {
            let hours = z.split(':').next().unwrap_or_default().trim();
            let hours: rust_decimal::Decimal = hours.parse().map_err(|_| bad())?;
            let seconds = (hours * rust_decimal::Decimal::from(3600)).round().to_i32().ok_or_else(bad)?;
            Some(FixedOffset::east_opt(seconds).ok_or_else(bad)?)
        }
        None => None,
    };
    let digits = stamp.split('.').next().unwrap_or_default();
    if digits.len() < 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let num = |range: std::ops::Range<usize>| digits.get(range).and_then(|d| d.parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(num(0..4).ok_or_else(bad)?).map_err(|_| bad())?,
        num(4..6).ok_or_else(bad)?,
        num(6..8).ok_or_else(bad)?,
    )
    .ok_or_else(bad)?;
    let (h, m, sec) = (num(8..10).unwrap_or(0), num(10..12).unwrap_or(0), num(12..14).unwrap_or(0));
    let naive = date.and_hms_opt(h, m, sec).ok_or_else(bad)?;
    let precision = match digits.len() {
        8 => Precision::Day,
        _ if (h, m, sec) == (0, 0, 0) => Precision::Day,
        12 => Precision::Minute,
        14 => Precision::Second,
        _ => return Err(bad()),
    };
    let at = match offset {
        Some(offset) => offset.from_local_datetime(&naive).single(),
        None => zone.localize(&naive),
    };
    let at = at.ok_or_else(bad)?;
    Ok(Timestamp { at, precision })
}

#[cfg(test)]
mod tests {
    use super::ofx_time;
    use crate::model::{Precision, Zone, parse_zone};

    const UTC: Zone = Zone::Named(chrono_tz::UTC);

    #[test]
    fn dates_with_and_without_their_zone() {
        let t = ofx_time("20240105120000.000[-5:EST]", UTC).unwrap();
        assert_eq!(t.at.to_rfc3339(), "2024-01-05T12:00:00-05:00");
        assert_eq!(t.precision, Precision::Second);
        assert_eq!(ofx_time("20240105", UTC).unwrap().at.to_rfc3339(), "2024-01-05T00:00:00+00:00");
        assert_eq!(ofx_time("20240105000000[+5.5:IST]", UTC).unwrap().at.to_rfc3339(), "2024-01-05T00:00:00+05:30");
        assert_eq!(ofx_time("20240105000000", UTC).unwrap().precision, Precision::Day);
        assert!(ofx_time("2024-01-05", UTC).is_err());
        assert!(ofx_time("20241305", UTC).is_err());
    }

    #[test]
    fn a_stamp_without_a_bracket_is_read_in_the_zone_given_one_with_in_its_own() {
        let berlin = parse_zone("Europe/Berlin").unwrap();
        assert_eq!(ofx_time("20240705093000", berlin).unwrap().at.to_rfc3339(), "2024-07-05T09:30:00+02:00");
        let t = ofx_time("20240705093000[-5:EST]", berlin).unwrap();
        assert_eq!(t.at.to_rfc3339(), "2024-07-05T09:30:00-05:00");
    }
}
