//! Timezone-aware timestamps with their precision, and parsing of the date formats exports use.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};

/// How precise an export's time is. Bank rows often carry only a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Second,
    Minute,
    Day,
}

/// A moment as an export states it: the instant (start of the day for date-only rows) and
/// how precise it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Timestamp {
    pub at: DateTime<FixedOffset>,
    pub precision: Precision,
}

impl Timestamp {
    /// The time as messages show it, in its own zone: `2026-03-04 21:13`, or the date alone
    /// for date-only rows.
    pub fn display(&self) -> String {
        let format = if self.precision == Precision::Day { "%Y-%m-%d" } else { "%Y-%m-%d %H:%M" };
        self.at.format(format).to_string()
    }

    /// The last instant this timestamp may stand for (end of day for date-only rows).
    pub fn latest(&self) -> DateTime<FixedOffset> {
        match self.precision {
            Precision::Day => self.at + chrono::Duration::seconds(86_399),
            Precision::Minute => self.at + chrono::Duration::seconds(59),
            Precision::Second => self.at,
        }
    }
}

/// UTC+08:00, the zone Chinese wallets and banks write their naive times in.
pub const CHINA_ZONE: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(zone) => zone,
    None => panic!("UTC+08:00 is a valid offset"),
};

/// The zone naive times are read in: a fixed offset (`+08:00`), or an IANA zone
/// (`Europe/Berlin`) whose offset is looked up for each time, so a summer row and a winter
/// row of one export get the offsets their clocks showed (+02:00 and +01:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

impl From<FixedOffset> for Zone {
    fn from(offset: FixedOffset) -> Zone {
        Zone::Fixed(offset)
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Zone::Fixed(offset) => offset.fmt(f),
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}

impl Zone {
    /// The instant a naive local time stands for. In an IANA zone's autumn hour that the
    /// clocks show twice, the earlier (summer-time) instant; in its spring gap, which no clock
    /// showed, the time is read at the offset in force before the jump (02:30 in Berlin on
    /// the last Sunday of March is 03:30+02:00), as calendars do, rather than losing the row.
    pub fn localize(self, naive: &NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        use chrono::{LocalResult, Offset};
        let tz = match self {
            Zone::Fixed(offset) => return offset.from_local_datetime(naive).single(),
            Zone::Named(tz) => tz,
        };
        match tz.from_local_datetime(naive) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Some(at.fixed_offset()),
            LocalResult::None => {
                // A day before the gap is before the jump in every zone's rules.
                let before = naive.checked_sub_signed(chrono::Duration::days(1))?;
                let offset = tz.offset_from_utc_datetime(&before).fix();
                let utc = naive.checked_sub_signed(chrono::Duration::seconds(i64::from(offset.local_minus_utc())))?;
                Some(tz.from_utc_datetime(&utc).fixed_offset())
            }
        }
    }
}

/// Parses `+08:00`, `-05:00`, `UTC`, `Z`, `+0800` or an IANA zone name (`Asia/Shanghai`,
/// `Europe/Berlin`, as the tz database spells it) into a zone.
pub fn parse_zone(raw: &str) -> Result<Zone, String> {
    let s = raw.trim();
    if s.contains('/') {
        return s.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| {
            format!("time zone {raw:?} is not an IANA zone name (such as Asia/Shanghai or Europe/Berlin) nor an offset like +08:00")
        });
    }
    parse_offset(raw).map(Zone::Fixed)
}

fn parse_offset(raw: &str) -> Result<FixedOffset, String> {
    let s = raw.trim();
    let bad = || format!("time zone {raw:?} must be an offset like +08:00 or an IANA name like Asia/Shanghai");
    if matches!(s, "UTC" | "Z" | "utc" | "z") {
        return FixedOffset::east_opt(0).ok_or_else(|| "UTC".to_string());
    }
    let (sign, rest) = match s.chars().next() {
        Some('+') => (1, &s[1..]),
        Some('-') => (-1, &s[1..]),
        _ => return Err(bad()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok(), Some(0)),
        4 => (digits[..2].parse::<i32>().ok(), digits[2..].parse::<i32>().ok()),
        _ => (None, None),
    };
    match (h, m) {
        (Some(h), Some(m)) if h <= 14 && m < 60 => FixedOffset::east_opt(sign * (h * 3600 + m * 60))
            .ok_or_else(|| format!("time zone {raw:?} is out of range")),
        _ => Err(bad()),
    }
}

const DATETIME_FORMATS: &[(&str, Precision)] = &[
    ("%Y-%m-%d %H:%M:%S", Precision::Second),
    ("%Y-%m-%dT%H:%M:%S", Precision::Second),
    ("%Y/%m/%d %H:%M:%S", Precision::Second),
    ("%Y-%m-%d %H:%M", Precision::Minute),
    ("%Y/%m/%d %H:%M", Precision::Minute),
    ("%Y年%m月%d日 %H:%M:%S", Precision::Second),
];
const DATE_FORMATS: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%Y.%m.%d"];

/// Parses RFC 3339 or a naive date/time read in `zone`.
pub fn parse_timestamp(raw: &str, zone: impl Into<Zone>) -> Result<Timestamp, String> {
    let zone = zone.into();
    let s = raw.trim().trim_matches(['[', ']']).trim();
    if s.is_empty() {
        return Err("empty date".into());
    }
    if let Some((naive, precision)) = canonical_naive(s) {
        return localize(naive, zone, precision, raw);
    }
    parse_trimmed(s, zone, raw)
}

/// The slow path of [`parse_timestamp`]: every format in turn, through chrono.
fn parse_trimmed(s: &str, zone: Zone, raw: &str) -> Result<Timestamp, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(s) {
        return plausible(Timestamp { at, precision: Precision::Second }, raw);
    }
    for (format, precision) in DATETIME_FORMATS {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, format) {
            return localize(naive, zone, *precision, raw);
        }
    }
    for format in DATE_FORMATS {
        if let Ok(date) = NaiveDate::parse_from_str(s, format) {
            return localize(date.and_time(NaiveTime::MIN), zone, Precision::Day, raw);
        }
    }
    Err(format!("not a date or time: {raw:?}"))
}

/// The shapes nearly every row writes, read without chrono's format-string interpretation
/// (a tenth of a million-row read went there): `YYYY-MM-DD HH:MM:SS` (or `T`, or `/` between
/// the date's parts), `YYYY-MM-DD HH:MM` and `YYYY-MM-DD` / `YYYY/MM/DD`, all digits in place.
/// `None` for anything else, and for a date or time that does not exist (2026-02-30, 24:00,
/// a 60th second): [`parse_trimmed`] then reads it exactly as it always did, so this gives
/// only what the first format that matches would give.
fn canonical_naive(s: &str) -> Option<(NaiveDateTime, Precision)> {
    let b = s.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(range)?;
        digits.iter().try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/') || b.get(7) != Some(&sep) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?;
    let at = |i: usize| b.get(i).copied();
    let (time, precision) = match b.len() {
        10 => (NaiveTime::MIN, Precision::Day),
        16 if at(10) == Some(b' ') && at(13) == Some(b':') => {
            (NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, 0)?, Precision::Minute)
        }
        // `T` only with dashes: `%Y/%m/%dT…` is no format read.
        19 if (at(10) == Some(b' ') || (at(10) == Some(b'T') && sep == b'-'))
            && at(13) == Some(b':')
            && at(16) == Some(b':') =>
        {
            (NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?, Precision::Second)
        }
        _ => return None,
    };
    Some((date.and_time(time), precision))
}

/// Parses with one explicit chrono format (from a mapping file); date-only formats give day
/// precision.
pub fn parse_timestamp_with(raw: &str, format: &str, zone: impl Into<Zone>) -> Result<Timestamp, String> {
    let zone = zone.into();
    let s = raw.trim();
    if let Ok(naive) = NaiveDateTime::parse_from_str(s, format) {
        let precision =
            if format.contains("%S") || format.contains("%T") { Precision::Second } else { Precision::Minute };
        return localize(naive, zone, precision, raw);
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, format) {
        return localize(date.and_time(NaiveTime::MIN), zone, Precision::Day, raw);
    }
    Err(format!("{raw:?} does not match the date format {format:?}"))
}

fn localize(naive: NaiveDateTime, zone: Zone, precision: Precision, raw: &str) -> Result<Timestamp, String> {
    let at = zone
        .localize(&naive)
        .map(|at| Timestamp { at, precision })
        .ok_or_else(|| format!("time {raw:?} does not exist in zone {zone}"))?;
    plausible(at, raw)
}

/// Years a wallet or bank row can carry. A typo such as year 0000 or 9999 is refused rather
/// than read: one row dated 9999 would move the audit's "now" eight thousand years ahead.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2099;

/// Refuses leap seconds (`23:59:60`: no export writes them, and chrono would read them as the
/// next second) and dates outside [`YEARS`].
fn plausible(t: Timestamp, raw: &str) -> Result<Timestamp, String> {
    use chrono::{Datelike, Timelike};
    if t.at.nanosecond() >= 1_000_000_000 {
        return Err(format!("time {raw:?} has a 60th second"));
    }
    let year = t.at.year();
    if !YEARS.contains(&year) {
        return Err(format!(
            "date {raw:?} is in the year {year}, outside {}–{}: a typo, not a transaction",
            YEARS.start(),
            YEARS.end()
        ));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike};
    use proptest::prelude::*;

    fn cst() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn naive_times_are_read_in_the_default_zone() {
        let t = parse_timestamp("2026-03-04 21:13:05 ", cst()).unwrap();
        assert_eq!(t.at.to_rfc3339(), "2026-03-04T21:13:05+08:00");
        assert_eq!(t.precision, Precision::Second);
    }

    #[test]
    fn rfc3339_keeps_its_own_offset() {
        let t = parse_timestamp("2026-03-04T13:13:05Z", cst()).unwrap();
        assert_eq!(t.at.to_rfc3339(), "2026-03-04T13:13:05+00:00");
    }

    #[test]
    fn date_only_rows_have_day_precision_and_cover_the_whole_day() {
        let t = parse_timestamp("2023-05-02\t", cst()).unwrap();
        assert_eq!(t.precision, Precision::Day);
        assert_eq!(t.latest().to_rfc3339(), "2023-05-02T23:59:59+08:00");
        assert_eq!(parse_timestamp("[2023-02-10 00:00:00]", cst()).unwrap().at.day(), 10);
    }

    #[test]
    fn explicit_formats_from_mapping_files() {
        let t = parse_timestamp_with("04/03/2026 21:13", "%d/%m/%Y %H:%M", cst()).unwrap();
        assert_eq!(t.at.to_rfc3339(), "2026-03-04T21:13:00+08:00");
        let d = parse_timestamp_with("04.03.2026", "%d.%m.%Y", cst()).unwrap();
        assert_eq!(d.precision, Precision::Day);
        assert!(parse_timestamp_with("2026-03-04", "%d/%m/%Y", cst()).is_err());
    }

    #[test]
    fn zones() {
        let fixed = |raw: &str| match parse_zone(raw) {
            Ok(Zone::Fixed(offset)) => offset.local_minus_utc(),
            other => panic!("{raw}: {other:?}"),
        };
        assert_eq!(parse_zone("+08:00").unwrap(), Zone::Fixed(cst()));
        assert_eq!(fixed("+0800"), 8 * 3600);
        assert_eq!(fixed("-05:30"), -(5 * 3600 + 1800));
        assert_eq!(fixed("UTC"), 0);
        assert_eq!(parse_zone("Asia/Shanghai").unwrap(), Zone::Named(chrono_tz::Asia::Shanghai));
        assert_eq!(parse_zone(" Europe/Berlin ").unwrap().to_string(), "Europe/Berlin");
        for bad in ["+25:00", "+中0", "Asia/Atlantis", "asia/shanghai", "Shanghai"] {
            assert!(parse_zone(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn iana_zones_give_each_time_the_offset_in_force_then() {
        let berlin = parse_zone("Europe/Berlin").unwrap();
        let at = |raw: &str| parse_timestamp(raw, berlin).unwrap().at.to_rfc3339();
        assert_eq!(at("2026-07-01 12:00:00"), "2026-07-01T12:00:00+02:00");
        assert_eq!(at("2026-01-15 12:00:00"), "2026-01-15T12:00:00+01:00");
        assert_eq!(at("2026-01-15"), "2026-01-15T00:00:00+01:00");
        // The autumn hour shown twice: the earlier instant, still in summer time.
        assert_eq!(at("2026-10-25 02:30:00"), "2026-10-25T02:30:00+02:00");
        // The spring gap no clock showed: read at the offset before the jump.
        assert_eq!(at("2026-03-29 02:30:00"), "2026-03-29T03:30:00+02:00");
        // An RFC 3339 time keeps its own offset whatever the zone.
        assert_eq!(at("2026-07-01T12:00:00+08:00"), "2026-07-01T12:00:00+08:00");
        let shanghai = parse_zone("Asia/Shanghai").unwrap();
        assert_eq!(parse_timestamp("2026-07-01 12:00", shanghai), parse_timestamp("2026-07-01 12:00", cst()));
    }

    #[test]
    fn implausible_dates_and_leap_seconds_are_refused() {
        for raw in ["0000-03-04 10:00:00", "-0001-03-04", "9999-12-31 23:59:59", "1900-01-01", "2026-03-04 23:59:60"] {
            assert!(parse_timestamp(raw, cst()).is_err(), "{raw} was accepted");
        }
        assert!(parse_timestamp("2026-03-04T23:59:60+08:00", cst()).is_err());
        assert!(parse_timestamp_with("31/12/9999", "%d/%m/%Y", cst()).is_err());
        assert!(parse_timestamp("1990-01-01", cst()).is_ok());
    }

    /// What [`parse_timestamp`] gave before its fast path: every format through chrono.
    fn through_chrono(raw: &str, zone: Zone) -> Result<Timestamp, String> {
        let s = raw.trim().trim_matches(['[', ']']).trim();
        if s.is_empty() { Err("empty date".into()) } else { parse_trimmed(s, zone, raw) }
    }

    fn same_as_chrono(raw: &str) {
        let berlin = parse_zone("Europe/Berlin").unwrap();
        for zone in [Zone::Fixed(cst()), berlin] {
            assert_eq!(parse_timestamp(raw, zone), through_chrono(raw, zone), "{raw:?} in {zone}");
        }
    }

    #[test]
    fn the_fast_path_reads_every_date_as_chrono_does() {
        // Every day of 1989–2100 and the days that do not exist (02-29 of common years,
        // 02-30, 04-31, month 00 and 13, day 00 and 32), in each shape the fast path reads.
        for y in [0, 1, 999, 1989, 9999].into_iter().chain(1990..=2100) {
            for m in 0..=13 {
                for d in 0..=32 {
                    let k = (y * 31 + m * 7 + d) as usize;
                    let (h, mi, sec) =
                        [(0, 0, 0), (23, 59, 59), (24, 0, 0), (12, 60, 0), (9, 5, 60), (2, 30, 0)][k % 6];
                    same_as_chrono(&format!("{y:04}-{m:02}-{d:02}"));
                    same_as_chrono(&format!("{y:04}/{m:02}/{d:02}"));
                    same_as_chrono(&format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{sec:02}"));
                    same_as_chrono(&format!("{y:04}/{m:02}/{d:02} {h:02}:{mi:02}"));
                    same_as_chrono(&format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{sec:02}"));
                }
            }
        }
        let edges = [
            "2024-02-29 12:00:00",
            "2023-02-29 12:00:00",
            "2026-02-30",
            "2026-04-31",
            "2026-03-04 24:00:00",
            "2026-03-04 23:59:60",
            "2026-3-4 1:2:3",
            "2026-3-04",
            "2026-03-4",
            "2026-03-04 1:02:03",
            "2026-03-04  21:13:05",
            "2026-03-04 21:13:05 ",
            " 2026-03-04",
            "[2026-03-04 21:13:05]",
            "２０２６-03-04",
            "2026－03－04",
            "2026-03-04 21:13:05x",
            "2026-03-04x",
            "2026-03-0x",
            "2026/03-04",
            "2026-03/04",
            "2026/03/04T21:13:05",
            "2026-03-04T21:13",
            "2026-03-04 21:13:5",
            "2026-03-04 21-13-05",
            "2026-03-04\t21:13:05",
            "2026-03-04T21:13:05Z",
            "2026-03-04 21:13:05+08:00",
            "+026-03-04",
            "-026-03-04",
            "2026-+3-04",
            "2026-03-+4",
            "2026-03-04 +1:13:05",
            "2026-03-04 21:13:+5",
            "2026年03月04日",
            "20260304",
            "2026.03.04",
            "2026-03-04 21:13:05.5",
            "2026-10-25 02:30:00",
            "2026-03-29 02:30:00",
            "2026-03-29 02:30",
            "1989-12-31",
            "2100-01-01",
            "2099-12-31 23:59:59",
        ];
        edges.iter().for_each(|raw| same_as_chrono(raw));
    }

    proptest! {
        #[test]
        fn the_fast_path_reads_near_dates_as_chrono_does(
            digits in proptest::collection::vec(0u8..10, 14),
            shape in 0usize..5,
            flip in proptest::option::of((0usize..19, "[0-9 :/T\\-+.xZ年０５\t]")),
        ) {
            let d: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            let (date, time) = d.split_at(8);
            let (y, m, day) = (&date[..4], &date[4..6], &date[6..]);
            let (h, mi, sec) = (&time[..2], &time[2..4], &time[4..]);
            let mut text = match shape {
                0 => format!("{y}-{m}-{day}"),
                1 => format!("{y}/{m}/{day} {h}:{mi}"),
                2 => format!("{y}-{m}-{day}T{h}:{mi}:{sec}"),
                3 => format!("{y}/{m}/{day} {h}:{mi}:{sec}"),
                _ => format!("{y}-{m}-{day} {h}:{mi}:{sec}"),
            };
            if let Some((at, with)) = flip {
                let mut chars: Vec<char> = text.chars().collect();
                if at < chars.len() {
                    chars.splice(at..=at, with.chars());
                }
                text = chars.into_iter().collect();
            }
            same_as_chrono(&text);
        }

        #[test]
        fn any_valid_time_round_trips(y in 2000i32..2100, mo in 1u32..13, d in 1u32..29, h in 0u32..24, mi in 0u32..60, s in 0u32..60) {
            let text = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}");
            let t = parse_timestamp(&text, cst()).unwrap();
            prop_assert_eq!((t.at.year(), t.at.month(), t.at.day()), (y, mo, d));
            prop_assert_eq!((t.at.hour(), t.at.minute(), t.at.second()), (h, mi, s));
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse_timestamp(&s, cst());
            let _ = parse_zone(&s);
            let _ = parse_zone(&format!("+{s}"));
        }
    }
}
