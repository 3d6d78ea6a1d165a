//! Money and date parsing on arbitrary strings: parse_amount, parse_timestamp in several
//! zones, parse_timestamp_with (`FORMAT|VALUE`, as a mapping file gives them) and parse_zone.
#![no_main]

use chrono::FixedOffset;
use libfuzzer_sys::{Corpus, fuzz_target};
use wallet_audit::model::{CHINA_ZONE, Timestamp, format_amount, parse_amount, parse_timestamp, parse_timestamp_with, parse_zone};

fn zones() -> [FixedOffset; 5] {
    let zone = |secs| FixedOffset::east_opt(secs).expect("a valid offset");
    [CHINA_ZONE, zone(0), zone(-5 * 3600), zone(14 * 3600), zone(-12 * 3600)]
}

fn check_timestamp(t: &Timestamp) {
    assert!(t.at <= t.latest());
    assert!(!t.display().is_empty());
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Ok(s) = std::str::from_utf8(data) else { return Corpus::Reject };
    if let Ok(value) = parse_amount(s) {
        assert!(value.abs() <= rust_decimal::Decimal::from(1_000_000_000_000_000i64), "{s:?} gave {value}");
        let shown = format_amount(value);
        assert_eq!(parse_amount(&shown), Ok(value), "{s:?} -> {value} -> {shown:?} does not read back");
    }
    for zone in zones() {
        if let Ok(t) = parse_timestamp(s, zone) {
            check_timestamp(&t);
        }
    }
    if let Some((format, value)) = s.split_once('|') {
        if let Ok(t) = parse_timestamp_with(value, format, CHINA_ZONE) {
            check_timestamp(&t);
        }
    }
    let _ = parse_zone(s);
    Corpus::Keep
});
