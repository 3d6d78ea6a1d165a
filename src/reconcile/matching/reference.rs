//! The matcher as it was before it generated candidates lazily (every edge of a pass listed,
//! sorted and searched), kept for the tests only: the new one must give the same pairs and
//! rivals on every input (`tests::same_pairs_as_listing_every_edge`).

use super::{CONFIRMED, Claim, LOGGED_SUCCESS, Match, Settings, UNSETTLED, Window, distance_within};
use crate::model::{Direction, Transaction};
use chrono::{DateTime, Duration, FixedOffset};
use rust_decimal::Decimal;
use std::collections::HashMap;

const PASSES: [(bool, bool, u8, u8); 5] = [
    (true, false, CONFIRMED, UNSETTLED),
    (false, true, CONFIRMED, CONFIRMED),
    (false, true, LOGGED_SUCCESS, LOGGED_SUCCESS),
    (false, true, UNSETTLED, UNSETTLED),
    (false, false, CONFIRMED, LOGGED_SUCCESS),
];

/// Pairs claims with bank rows of `direction` among `candidates` (indices into `txs`).
pub fn match_claims_reference(
    claims: &[Claim],
    txs: &[Transaction],
    candidates: &[usize],
    direction: Direction,
    window: &Window,
    settings: &Settings,
) -> Vec<Option<Match>> {
    let index = RowIndex::new(txs, candidates, direction);
    let mut assigned: Vec<Option<usize>> = vec![None; claims.len()];
    // Rows paired in an earlier pass. Rows and claims are indices: vectors, not hash maps
    // (hashing was a tenth of a million-row audit).
    let mut taken = vec![false; txs.len()];
    let mut ties: Vec<(usize, Vec<usize>)> = Vec::new();
    for (by_reference, exact, low, high) in PASSES {
        let mut edges: Vec<(Duration, usize, usize)> = Vec::new();
        for (c, (claim, slot)) in claims.iter().zip(&assigned).enumerate() {
            if slot.is_some() || claim.rank < low || claim.rank > high {
                continue;
            }
            // Only rows dated near the claim can fit: a date-only row starts up to a day early.
            let earliest = claim.time.at - window.before - Duration::days(1);
            let latest = claim.time.latest() + window.after;
            let allowed = |amount: Decimal| {
                if exact || by_reference {
                    settings.fee_tolerance(amount)
                } else {
                    amount.abs() * settings.mismatch_ratio
                }
            };
            for i in index.near(claim, allowed, earliest, latest) {
                let Some(tx) = txs.get(i) else { continue };
                if taken.get(i).copied().unwrap_or(true) {
                    continue;
                }
                if let Some(distance) = old_fit(claim, tx, direction, by_reference, exact, window, settings) {
                    edges.push((distance, c, i));
                }
            }
        }
        // (distance, claim, row) are unique: an unstable sort orders them as a stable one would.
        edges.sort_unstable();
        let mut pass_owner: Vec<Option<usize>> = vec![None; txs.len()];
        for &(_, c, i) in &edges {
            let (Some(slot), Some(row_owner)) = (assigned.get_mut(c), pass_owner.get_mut(i)) else { continue };
            if slot.is_none() && row_owner.is_none() {
                *slot = Some(i);
                *row_owner = Some(c);
            }
        }
        augment(&edges, claims.len(), &mut assigned, &mut pass_owner);
        // Each row's edges, nearest first: a pair's distance and rivals are looked up among the
        // edges of its row, not the whole pass (quadratic: 70 % of a 160k-row audit).
        let mut by_row: Vec<(usize, Duration, usize)> = edges.iter().map(|&(d, c, i)| (i, d, c)).collect();
        by_row.sort_unstable();
        for (i, c) in pass_owner.iter().enumerate().filter_map(|(i, c)| Some((i, (*c)?))) {
            let from = by_row.partition_point(|e| e.0 < i);
            let to = by_row.partition_point(|e| e.0 <= i);
            let row_edges = by_row.get(from..to).unwrap_or_default();
            let distance = row_edges.iter().find(|e| e.2 == c).map(|e| e.1);
            let rivals = row_edges.iter().filter(|e| e.2 != c && Some(e.1) == distance).map(|e| e.2).collect();
            ties.push((c, rivals));
            if let Some(t) = taken.get_mut(i) {
                *t = true;
            }
        }
    }
    let mut out: Vec<Option<Match>> = assigned.iter().map(|a| a.map(|row| Match { row, rivals: Vec::new() })).collect();
    for (c, rivals) in ties {
        if let Some(m) = out.get_mut(c).and_then(Option::as_mut) {
            m.rivals = rivals.into_iter().filter(|&r| matches!(assigned.get(r), Some(None))).collect();
            m.rivals.sort_unstable();
            m.rivals.dedup();
        }
    }
    out
}

/// A row under one of its amounts: (amount, time, index in `txs`).
type Entry = (Decimal, DateTime<FixedOffset>, usize);

/// The candidate rows of one direction by statement and currency, each sorted by amount then
/// time: a claim looks at the rows of its statements whose amount can fit it and whose date is
/// in its window, not at every row of the window (a household's statement holds thousands of
/// debits a week; string comparisons over all of them were half of a million-row audit). A row
/// that prints its amount in another currency too (`Transaction::original`) is listed under
/// both.
struct RowIndex<'a> {
    /// (statement, currency) → (amount, time, row), sorted.
    rows: HashMap<(&'a str, &'a str), Vec<Entry>>,
}

impl<'a> RowIndex<'a> {
    fn new(txs: &'a [Transaction], candidates: &[usize], direction: Direction) -> Self {
        let mut rows: HashMap<(&str, &str), Vec<_>> = HashMap::new();
        for &i in candidates {
            let Some(tx) = txs.get(i).filter(|tx| tx.direction == direction) else { continue };
            for money in std::iter::once(&tx.money).chain(tx.original.as_ref()) {
                let key = (tx.account.as_str(), money.currency.as_str());
                rows.entry(key).or_default().push((money.amount, tx.time.at, i));
            }
        }
        rows.values_mut().for_each(|r| r.sort_unstable());
        RowIndex { rows }
    }

    /// Rows on the claim's statements whose amount is within `allowed(amount)` of the claim's
    /// (in its currency, or in the currency of the conversion it prints), stamped between
    /// `earliest` and `latest`: every row `fit` could accept, once each, and few others.
    fn near(
        &self,
        claim: &Claim,
        allowed: impl Fn(Decimal) -> Decimal,
        earliest: DateTime<FixedOffset>,
        latest: DateTime<FixedOffset>,
    ) -> Vec<usize> {
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
                let Some(rows) = self.rows.get(&(account.as_str(), currency)) else { continue };
                let margin = allowed(amount);
                let lo = amount.checked_sub(margin).unwrap_or(Decimal::MIN);
                let hi = amount.checked_add(margin).unwrap_or(Decimal::MAX);
                let mut p = rows.partition_point(|r| r.0 < lo);
                // One run of rows per amount, each sorted by time.
                while let Some(&(value, _, _)) = rows.get(p).filter(|r| r.0 <= hi) {
                    let run = rows.get(p..).unwrap_or_default();
                    let run = run.get(..run.partition_point(|r| r.0 == value)).unwrap_or_default();
                    let from = run.partition_point(|r| r.1 < earliest);
                    let to = run.partition_point(|r| r.1 <= latest);
                    out.extend(run.get(from..to).unwrap_or_default().iter().map(|r| r.2));
                    p += run.len().max(1);
                }
            }
        }
        // A row listed under two currencies, or found through both amounts, is one candidate.
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Grows the greedy pairing to a maximum one (Kuhn's augmenting paths over this pass's
/// edges): a Friday top-up posted on Monday must not lose its debit to Monday's top-up,
/// whose own debit posts on Tuesday.
///
/// Rows a failed search visited stay visited until a search succeeds: a failed search changes
/// no pair, so from those rows no alternating path reaches a free row, and a later search
/// would only walk them again to fail the same way (on thousands of equal amounts, every
/// unpaired claim walked the whole pass). The pairs found are those of the plain algorithm.
fn augment(
    edges: &[(Duration, usize, usize)],
    claims: usize,
    assigned: &mut [Option<usize>],
    owner: &mut [Option<usize>],
) {
    // Each claim's rows in edge order (nearest first).
    let mut by_claim: Vec<Vec<usize>> = vec![Vec::new(); claims];
    for &(_, c, i) in edges {
        if let Some(rows) = by_claim.get_mut(c) {
            rows.push(i);
        }
    }
    let unassigned: Vec<usize> = (0..claims)
        .filter(|&c| by_claim.get(c).is_some_and(|rows| !rows.is_empty()) && matches!(assigned.get(c), Some(None)))
        .collect();
    let mut visited = Visited { seen: vec![false; owner.len()], touched: Vec::new() };
    for c in unassigned {
        if try_assign(c, &by_claim, assigned, owner, &mut visited) {
            visited.clear();
        }
    }
}

/// The rows an augmenting-path search has visited, cleared in the time it took to visit them.
struct Visited {
    seen: Vec<bool>,
    touched: Vec<usize>,
}

impl Visited {
    /// Marks row `i`; whether it was new.
    fn insert(&mut self, i: usize) -> bool {
        match self.seen.get_mut(i) {
            Some(seen) if !*seen => {
                *seen = true;
                self.touched.push(i);
                true
            }
            _ => false,
        }
    }

    fn clear(&mut self) {
        for i in self.touched.drain(..) {
            if let Some(seen) = self.seen.get_mut(i) {
                *seen = false;
            }
        }
    }
}

/// One augmenting-path search from claim `c`, depth first in each claim's edge order (nearest
/// row first), with an explicit stack: a path can be thousands of pairs long.
fn try_assign(
    c: usize,
    by_claim: &[Vec<usize>],
    assigned: &mut [Option<usize>],
    owner: &mut [Option<usize>],
    visited: &mut Visited,
) -> bool {
    let rows = |c: usize| by_claim.get(c).map_or(&[][..], Vec::as_slice);
    // (claim, index of the next of its rows to try); the row a frame went through is the one
    // before its index.
    let mut stack: Vec<(usize, usize)> = vec![(c, 0)];
    while let Some(&mut (claim, ref mut next)) = stack.last_mut() {
        let Some(&i) = rows(claim).get(*next) else {
            stack.pop();
            continue;
        };
        *next += 1;
        if !visited.insert(i) {
            continue;
        }
        if let Some(other) = owner.get(i).copied().flatten() {
            stack.push((other, 0));
            continue;
        }
        // A free row: each claim on the path takes the row it went through.
        for &(claim, next) in stack.iter().rev() {
            let Some(&row) = rows(claim).get(next - 1) else { continue };
            if let (Some(slot), Some(row_owner)) = (assigned.get_mut(claim), owner.get_mut(row)) {
                *slot = Some(row);
                *row_owner = Some(claim);
            }
        }
        return true;
    }
    false
}

/// How far `tx` is from the claim, if it can be the claim's row in this pass.
fn old_fit(
    claim: &Claim,
    tx: &Transaction,
    direction: Direction,
    by_reference: bool,
    exact: bool,
    window: &Window,
    settings: &Settings,
) -> Option<Duration> {
    let same_provider = claim.provider.is_none() || tx.provider.is_none() || claim.provider == tx.provider;
    if tx.direction != direction || !claim.accounts.contains(&tx.account) || !same_provider {
        return None;
    }
    // Two currencies meet only through an amount a statement prints in the other one (the
    // row's foreign amount, the claim's conversion), never through a rate of ours.
    let (claimed, printed) = match (&tx.original, &claim.original) {
        _ if tx.money.currency == claim.currency => (claim.amount, tx.money.amount),
        (Some(o), _) if o.currency == claim.currency => (claim.amount, o.amount),
        (_, Some(o)) if o.currency == tx.money.currency => (o.amount, tx.money.amount),
        _ => return None,
    };
    let same_ref = claim.reference.is_some() && claim.reference == tx.reference;
    if by_reference != same_ref {
        return None;
    }
    let difference = (printed - claimed).abs();
    let allowed =
        if exact || by_reference { settings.fee_tolerance(claimed) } else { claimed.abs() * settings.mismatch_ratio };
    if difference > allowed {
        return None;
    }
    distance_within(&claim.time, &tx.time, window)
}
