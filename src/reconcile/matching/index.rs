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
pub type Entry = (Decimal, Precision, DateTime<FixedOffset>, usize);

/// The candidate rows of one direction by statement and currency, each sorted by amount, then
/// precision, then time: a claim looks at the rows of its statements whose amount can fit it and
/// whose date is near it, not at every row of its window (a household's statement holds
/// thousands of debits a week; string comparisons over all of them were half of a million-row
/// audit). A row that prints its amount in another currency too (`Transaction::original`) is
/// listed under both.
pub struct RowIndex<'a> {
    /// Statement → (currency, wallet) → rows. A claim of one wallet never looks at another
    /// wallet's rows (`fit`): with them, a search for an augmenting path from an unpaired
    /// Alipay top-up walked a year of the same card's WeChat debits of its amount.
    rows: HashMap<&'a str, HashMap<Wallet<'a>, Vec<Entry>>>,
}

/// A statement's rows of one currency and one wallet (`None`: rows that name no wallet).
type Wallet<'a> = (&'a str, Option<&'a str>);

impl<'a> RowIndex<'a> {
    pub fn new(txs: &'a [Transaction], candidates: &[usize], direction: Direction) -> Self {
        let mut rows: HashMap<&str, HashMap<_, Vec<_>>> = HashMap::new();
        for &i in candidates {
            let Some(tx) = txs.get(i).filter(|tx| tx.direction == direction) else { continue };
            for money in std::iter::once(&tx.money).chain(tx.original.as_ref()) {
                let entry = (money.amount, tx.time.precision, tx.time.at, i);
                let key = (money.currency.as_str(), tx.provider.as_deref());
                rows.entry(tx.account.as_str()).or_default().entry(key).or_default().push(entry);
            }
        }
        rows.values_mut().flat_map(HashMap::values_mut).for_each(|r| r.sort_unstable());
        RowIndex { rows }
    }

    /// The claim's rows by statement, currency and wallet, each with the amount the claim
    /// has in that currency: looked up once per claim, not once per pass.
    pub fn groups(&self, claim: &Claim) -> Vec<(&[Entry], Decimal)> {
        let own = (claim.currency.as_str(), claim.amount);
        let converted = claim.original.as_ref().map(|o| (o.currency.as_str(), o.amount));
        let mut out = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for account in &claim.accounts {
            if seen.contains(&account.as_str()) {
                continue;
            }
            seen.push(account);
            let Some(by_key) = self.rows.get(account.as_str()) else { continue };
            for (currency, amount) in std::iter::once(own).chain(converted) {
                // The claim's wallet's rows and rows of no wallet; all of them for a claim of none.
                let wallets = by_key.iter().filter(|((c, p), _)| {
                    *c == currency && (p.is_none() || claim.provider.is_none() || *p == claim.provider.as_deref())
                });
                out.extend(wallets.map(|(_, rows)| (rows.as_slice(), amount)));
            }
        }
        out
    }
}

/// The runs of `groups` (see `RowIndex::groups`) whose amount is within `allowed(amount)` of
/// the claim's and which may lie between `earliest` and `latest`, each in time order with its
/// precision's span.
pub fn runs<'a>(
    groups: &[(&'a [Entry], Decimal)],
    allowed: impl Fn(Decimal) -> Decimal,
    earliest: DateTime<FixedOffset>,
    latest: DateTime<FixedOffset>,
) -> Vec<(&'a [Entry], Duration)> {
    let mut out = Vec::new();
    for &(rows, amount) in groups {
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
    out
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

/// Rows of one cursor at one distance, ascending by row: a stretch of the run (rows at one
/// time are in row order there), or, where rows at several times are equally near (inside a
/// day-long row's day), a sorted list.
enum Group<'a> {
    Stretch(std::slice::Iter<'a, Entry>),
    Sorted(std::vec::IntoIter<usize>),
}

impl Iterator for Group<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            Group::Stretch(entries) => entries.next().map(|e| e.3),
            Group::Sorted(rows) => rows.next(),
        }
    }
}

impl<'a> Cursor<'a> {
    /// The next rows at one distance, and that distance.
    fn next_group(&mut self, t: DateTime<FixedOffset>) -> Option<(Duration, Group<'a>)> {
        let span = self.span;
        let distance = |e: &Entry| gap(t, e.2, e.2 + span);
        let first =
            if self.later { self.run.get(self.at) } else { self.at.checked_sub(1).and_then(|i| self.run.get(i)) };
        let d = distance(first?);
        let (from, to) = if self.later {
            let len = self.run.get(self.at..)?.iter().take_while(|e| distance(e) == d).count();
            self.at += len;
            (self.at - len, self.at)
        } else {
            let len = self.run.get(..self.at)?.iter().rev().take_while(|e| distance(e) == d).count();
            self.at -= len;
            (self.at, self.at + len)
        };
        let stretch = self.run.get(from..to)?;
        let one_time = stretch.first().map(|e| e.2) == stretch.last().map(|e| e.2);
        if one_time {
            return Some((d, Group::Stretch(stretch.iter())));
        }
        let mut rows: Vec<usize> = stretch.iter().map(|e| e.3).collect();
        rows.sort_unstable();
        Some((d, Group::Sorted(rows.into_iter())))
    }
}

/// A claim's candidate rows in (distance, row) order, as sorting all its pairs would give them.
pub struct Candidates<'a> {
    t: DateTime<FixedOffset>,
    cursors: Vec<(Cursor<'a>, Group<'a>)>,
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
            cursors.push((Cursor { run, span, at: split, later: true }, Group::Stretch([].iter())));
            cursors.push((Cursor { run, span, at: split, later: false }, Group::Stretch([].iter())));
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
            *group = rows;
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
