//! Which periods each account's statements cover, merged across files.

use crate::ingest::{Coverage, InputReport};
use chrono::{DateTime, Duration, FixedOffset};
use std::collections::BTreeMap;

/// Covered periods per account, sorted and merged (touching periods join into one).
#[derive(Debug, Default, Clone)]
pub struct CoverageIndex {
    by_account: BTreeMap<String, Vec<Coverage>>,
}

impl CoverageIndex {
    pub fn from_inputs(inputs: &[InputReport]) -> Self {
        let mut by_account: BTreeMap<String, Vec<Coverage>> = BTreeMap::new();
        for input in inputs {
            if let Some(c) = input.coverage {
                by_account.entry(input.account.clone()).or_default().push(c);
            }
        }
        for periods in by_account.values_mut() {
            *periods = merge(std::mem::take(periods));
        }
        CoverageIndex { by_account }
    }

    pub fn periods(&self, account: &str) -> &[Coverage] {
        self.by_account.get(account).map_or(&[], Vec::as_slice)
    }

    pub fn accounts(&self) -> impl Iterator<Item = &str> {
        self.by_account.keys().map(String::as_str)
    }

    /// Whether one covered period of `account` contains all of `[from, to]`.
    pub fn covers(&self, account: &str, from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> bool {
        self.periods(account).iter().any(|c| c.from <= from && to <= c.to)
    }
}

/// Periods closer than a second join: a statement ending 23:59:59 and the next starting at
/// 00:00:00 leave nothing uncovered.
fn merge(mut periods: Vec<Coverage>) -> Vec<Coverage> {
    periods.sort_by_key(|c| (c.from, c.to));
    let mut out: Vec<Coverage> = Vec::new();
    for c in periods {
        match out.last_mut() {
            Some(last) if c.from <= last.to + Duration::seconds(1) => last.to = last.to.max(c.to),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn touching_and_overlapping_periods_merge_gaps_stay() {
        let merged = merge(vec![
            Coverage { from: at("2026-10-20T00:00:00+08:00"), to: at("2026-10-31T23:59:59+08:00") },
            Coverage { from: at("2026-09-01T00:00:00+08:00"), to: at("2026-09-30T23:59:59+08:00") },
            Coverage { from: at("2026-10-01T00:00:00+08:00"), to: at("2026-10-12T23:59:59+08:00") },
            Coverage { from: at("2026-09-15T00:00:00+08:00"), to: at("2026-09-20T23:59:59+08:00") },
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].to, at("2026-10-12T23:59:59+08:00"));
        assert_eq!(merged[1].from, at("2026-10-20T00:00:00+08:00"));
    }
}
