//! `--since` / `--until`: which findings fall in the period asked for.

use crate::finding::Finding;
use crate::model::{Zone, parse_timestamp};
use crate::outcome::Failure;
use chrono::{DateTime, Duration, FixedOffset};

/// Keeps findings that overlap `[since, until]`; findings without a time are kept.
pub(crate) fn filter_period(
    findings: &mut Vec<Finding>,
    since: Option<&str>,
    until: Option<&str>,
    now: DateTime<FixedOffset>,
    zone: Zone,
) -> Result<(), Failure> {
    let bound = |raw: &str, end: bool| -> Result<DateTime<FixedOffset>, Failure> {
        if let Some(days) = raw.strip_suffix('d').and_then(|d| d.parse::<u32>().ok()) {
            return Duration::try_days(i64::from(days))
                .and_then(|d| now.checked_sub_signed(d))
                .ok_or_else(|| Failure(format!("--since/--until: {raw} reaches outside the calendar")));
        }
        let t = parse_timestamp(raw, zone).map_err(|e| Failure(format!("--since/--until: {e}")))?;
        Ok(if end { t.latest() } else { t.at })
    };
    let since_at = since.map(|s| bound(s, false)).transpose()?;
    let until_at = until.map(|u| bound(u, true)).transpose()?;
    if since_at.zip(until_at).is_some_and(|(s, u)| s > u) {
        let (s, u) = (since.unwrap_or_default(), until.unwrap_or_default());
        return Err(Failure(format!("--since {s} is after --until {u}: the period is empty")));
    }
    let (since, until) = (since_at, until_at);
    findings.retain(|f| {
        let after = match (since, f.end.or(f.start)) {
            (Some(s), Some(e)) => e >= s,
            _ => true,
        };
        let before = match (until, f.start) {
            (Some(u), Some(s)) => s <= u,
            _ => true,
        };
        after && before
    });
    Ok(())
}
