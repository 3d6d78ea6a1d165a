//! The candidate rows of a claim, nearest first, found through an index by statement, currency,
//! amount and time and generated one at a time: a pass never holds every (claim, row) pair.

use super::{Claim, gap};
use crate::model::{Direction, Precision, Transaction};
use chrono::{DateTime, Duration, FixedOffset};
use rust_decimal::Decimal;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// A row under one of its amounts: (amount, precision, time, index in `txs`). Sorted, the rows
/// of one amount and precision form a run in time order, in which the distance to a moment
/// only grows on either side of it.
type Entry = (Decimal, Precision, DateTime<FixedOffset>, usize);

/// The candidate rows of one direction by statement and currency, each sorted by amount, then
/// precision, then time: a claim looks at the rows of its statements whose amount can fit it and
/// whose date is near it, not at every row of its window (a household's statement holds
/// thousands of debits a week; string comparisons over all of them were half of a million-row
/// audit). A row that prints its amount in another currency too (`Transaction::original`) is
/// listed under both.
pub struct RowIndex<'a> {
    /// Statement → currency → rows.
    rows: HashMap<&'a str, HashMap<&'a str, Vec<Entry>>>,
}

impl<'a> RowIndex<'a> {
    pub fn new(txs: &'a [Transaction], candidates: &[usize], direction: Direction) -> Self {
        let mut rows: HashMap<&str, HashMap<&str, Vec<_>>> = HashMap::new();
        for &i in candidates {
            let Some(tx) = txs.get(i).filter(|tx| tx.direction == direction) else { continue };
            for money in std::iter::once(&tx.money).chain(tx.original.as_ref()) {
                let entry = (money.amount, tx.time.precision, tx.time.at, i);
                rows.entry(tx.account.as_str()).or_default().entry(money.currency.as_str()).or_default().push(entry);
            }
        }
        rows.values_mut().flat_map(HashMap::values_mut).for_each(|r| r.sort_unstable());
        RowIndex { rows }
    }

    /// The rows on the claim's statements whose amount is within `allowed(amount)` of the
    /// claim's (in its currency, or in the currency of the conversion it prints) and which may
    /// lie between `earliest` and `latest`, as runs each in time order with their precision.
    pub fn runs(
        &self,
        claim: &Claim,
        allowed: impl Fn(Decimal) -> Decimal,
        earliest: DateTime<FixedOffset>,
        latest: DateTime<FixedOffset>,
    ) -> Vec<(&[Entry], Duration)> {
        let own = (claim.currency.as_str(), claim.amount);
        let converted = claim.original.as_ref().map(|o| (o.currency.as_str(), o.amount));
        let mut out = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for account in &claim.accounts {
            if seen.contains(&account.as_str()) {
                continue;
            }
            seen.push(account);
            for (currency, amount) in std::iter::once(own).chain(converted) {
                let Some(rows) = self.rows.get(account.as_str()).and_then(|by| by.get(currency)) else { continue };
                let margin = allowed(amount);
                let lo = amount.checked_sub(margin).unwrap_or(Decimal::MIN);
                let hi = amount.checked_add(margin).unwrap_or(Decimal::MAX);
                let mut p = rows.partition_point(|r| r.0 < lo);
                while let Some(&(value, precision, _, _)) = rows.get(p).filter(|r| r.0 <= hi) {
                    let run = rows.get(p..).unwrap_or_default();
                    let run = run.get(..run.partition_point(|r| (r.0, r.1) == (value, precision))).unwrap_or_default();
                    let from = run.partition_point(|r| r.2 < earliest);
                    let to = run.partition_point(|r| r.2 <= latest);
                    if let Some(slice) = run.get(from..to).filter(|s| !s.is_empty()) {
                        out.push((slice, span(precision)));
                    }
                    p += run.len().max(1);
                }
            }
        }
        out
    }
}

/// How long after its stamp a row of this precision may have happened (`Timestamp::latest`).
fn span(precision: Precision) -> Duration {
    match precision {
        Precision::Day => Duration::seconds(86_399),
        Precision::Minute => Duration::seconds(59),
        Precision::Second => Duration::zero(),
    }
}

/// One side of a run from the claim's moment outwards: later rows forwards, earlier rows
/// backwards; both in growing distance.
struct Cursor<'a> {
    run: &'a [Entry],
    span: Duration,
    /// Next position forwards (`later`), or one past the next position backwards.
    at: usize,
    later: bool,
}

impl Cursor<'_> {
    /// The next rows at one distance (ascending by index), and that distance.
    fn next_group(&mut self, t: DateTime<FixedOffset>) -> Option<(Duration, Vec<usize>)> {
        let span = self.span;
        let distance = |e: &Entry| gap(t, e.2, e.2 + span);
        let mut rows = Vec::new();
        let mut group = None;
        loop {
            let entry =
                if self.later { self.run.get(self.at) } else { self.at.checked_sub(1).and_then(|i| self.run.get(i)) };
            let Some(entry) = entry else { break };
            let d = distance(entry);
            if group.is_some_and(|g| g != d) {
                break;
            }
            group = Some(d);
            rows.push(entry.3);
            if self.later {
                self.at += 1;
            } else {
                self.at -= 1;
            }
        }
        rows.sort_unstable();
        Some((group?, rows))
    }
}

/// A claim's candidate rows in (distance, row) order, as sorting all its pairs would give them.
pub struct Candidates<'a> {
    t: DateTime<FixedOffset>,
    cursors: Vec<(Cursor<'a>, std::vec::IntoIter<usize>)>,
    /// The head of each cursor's current group: (distance, row, cursor).
    heads: BinaryHeap<Reverse<(Duration, usize, usize)>>,
    /// The last one given: a row found under two currencies or amounts is given once.
    last: Option<(Duration, usize)>,
}

impl<'a> Candidates<'a> {
    pub fn new(t: DateTime<FixedOffset>, runs: Vec<(&'a [Entry], Duration)>) -> Self {
        let mut cursors = Vec::with_capacity(runs.len() * 2);
        for (run, span) in runs {
            let split = run.partition_point(|e| e.2 <= t);
            cursors.push((Cursor { run, span, at: split, later: true }, Vec::new().into_iter()));
            cursors.push((Cursor { run, span, at: split, later: false }, Vec::new().into_iter()));
        }
        let mut candidates = Candidates { t, cursors, heads: BinaryHeap::new(), last: None };
        for k in 0..candidates.cursors.len() {
            candidates.refill(k, None);
        }
        candidates
    }

    /// Puts cursor `k`'s next row on the heap, starting its next group when this one is spent.
    fn refill(&mut self, k: usize, distance: Option<Duration>) {
        let t = self.t;
        let Some((cursor, group)) = self.cursors.get_mut(k) else { return };
        if let (Some(d), Some(row)) = (distance, group.next()) {
            self.heads.push(Reverse((d, row, k)));
            return;
        }
        if let Some((d, rows)) = cursor.next_group(t) {
            *group = rows.into_iter();
            if let Some(row) = group.next() {
                self.heads.push(Reverse((d, row, k)));
            }
        }
    }
}

impl Iterator for Candidates<'_> {
    type Item = (Duration, usize);

    fn next(&mut self) -> Option<(Duration, usize)> {
        loop {
            let Reverse((d, row, k)) = self.heads.pop()?;
            self.refill(k, Some(d));
            if self.last != Some((d, row)) {
                self.last = Some((d, row));
                return Some((d, row));
            }
        }
    }
}
