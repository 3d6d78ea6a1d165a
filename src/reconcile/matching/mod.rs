//! One-to-one matching of claims (top-ups, card payments, withdrawals, debits awaiting a
//! refund) to bank rows: references first, then exact amounts by rank, then near amounts;
//! within a pass as many pairs as possible, nearest in time first.

mod augment;
mod index;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

use super::Settings;
use crate::model::{Direction, Timestamp, Transaction};
use chrono::{DateTime, Duration, FixedOffset};
use index::{Candidates, RowIndex};
use rust_decimal::Decimal;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

/// Something that should have a bank row.
#[derive(Debug, Clone)]
pub struct Claim {
    pub time: Timestamp,
    pub amount: Decimal,
    pub currency: String,
    pub provider: Option<String>,
    /// The statements (`icbc:9876`) the row may be on.
    pub accounts: Vec<String>,
    pub reference: Option<String>,
    /// Who is served first: 0 the wallet confirms the money moved, 1 only an attempt log
    /// says it succeeded, 2 it failed or is pending. Ranks 0 and 1 may match near amounts.
    pub rank: u8,
    /// The claim's amount in another currency as its own statement prints it (a conversion).
    pub original: Option<crate::model::Money>,
}

/// Ranks of `Claim`.
pub const CONFIRMED: u8 = 0;
pub const LOGGED_SUCCESS: u8 = 1;
pub const UNSETTLED: u8 = 2;

/// Where a claim's bank row may be dated.
pub struct Window {
    /// How long before the claim the row may be stamped (clock skew).
    pub before: Duration,
    /// How long after the claim the row may be stamped (posting delay, refund delay).
    pub after: Duration,
}

impl Window {
    pub fn posting(settings: &Settings) -> Self {
        Window { before: Duration::minutes(settings.early_minutes), after: Duration::days(settings.posting_delay_days) }
    }
}

/// A claim's bank row, and the other claims that fitted it exactly as well but were left
/// without a row: the pairing between them is a guess, which findings must say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub row: usize,
    pub rivals: Vec<usize>,
}

/// (reference only, exact amounts, ranks served).
const PASSES: [(bool, bool, u8, u8); 5] = [
    (true, false, CONFIRMED, UNSETTLED),
    (false, true, CONFIRMED, CONFIRMED),
    (false, true, LOGGED_SUCCESS, LOGGED_SUCCESS),
    (false, true, UNSETTLED, UNSETTLED),
    (false, false, CONFIRMED, LOGGED_SUCCESS),
];

/// Pairs claims with bank rows of `direction` among `candidates` (indices into `txs`).
pub fn match_claims(
    claims: &[Claim],
    txs: &[Transaction],
    candidates: &[usize],
    direction: Direction,
    window: &Window,
    settings: &Settings,
) -> Vec<Option<Match>> {
    let index = RowIndex::new(txs, candidates, direction);
    let groups: Vec<_> = claims.iter().map(|claim| index.groups(claim)).collect();
    // Only a claim whose reference a row carries can match in the reference pass.
    let references: HashSet<&str> = candidates.iter().filter_map(|&i| txs.get(i)?.reference.as_deref()).collect();
    let mut assigned: Vec<Option<usize>> = vec![None; claims.len()];
    // Rows paired in an earlier pass. Rows and claims are indices: vectors, not hash maps
    // (hashing was a tenth of a million-row audit).
    let mut taken = vec![false; txs.len()];
    let mut rivals: Vec<Vec<usize>> = vec![Vec::new(); claims.len()];
    for (by_reference, exact, low, high) in PASSES {
        let pass =
            Pass { claims, txs, groups: &groups, taken: &taken, direction, window, settings, by_reference, exact };
        let eligible: Vec<usize> = (0..claims.len())
            .filter(|&c| {
                let (Some(claim), Some(None)) = (claims.get(c), assigned.get(c)) else { return false };
                let referenced = claim.reference.as_deref().is_some_and(|r| references.contains(r));
                (low..=high).contains(&claim.rank) && (referenced || !by_reference)
            })
            .collect();
        let mut owner: Vec<Option<usize>> = vec![None; txs.len()];
        greedy(&pass, &eligible, &mut assigned, &mut owner);
        let unpaired: Vec<usize> =
            eligible.iter().copied().filter(|&c| matches!(assigned.get(c), Some(None))).collect();
        let mut listed = augment::augment(&pass, &unpaired, &mut assigned, &mut owner);
        // A claim left without a row that fitted a paired row exactly as well as its claim did
        // is that claim's rival.
        for &c in unpaired.iter().filter(|&&c| matches!(assigned.get(c), Some(None))) {
            let rows = listed.get_mut(c).and_then(Option::take).unwrap_or_else(|| pass.all_rows(c));
            for (d, i) in rows {
                let Some(o) = owner.get(i).copied().flatten() else { continue };
                if pass.distance(o, i) == Some(d)
                    && let Some(r) = rivals.get_mut(o)
                {
                    r.push(c);
                }
            }
        }
        for (i, _) in owner.iter().enumerate().filter(|(_, o)| o.is_some()) {
            if let Some(t) = taken.get_mut(i) {
                *t = true;
            }
        }
    }
    assigned
        .iter()
        .zip(rivals)
        .map(|(a, mut rivals)| {
            let row = (*a)?;
            rivals.retain(|&r| matches!(assigned.get(r), Some(None)));
            rivals.sort_unstable();
            rivals.dedup();
            Some(Match { row, rivals })
        })
        .collect()
}

/// Pairs each claim with its nearest free row, nearest pairs of the pass first: the order of
/// sorting every (distance, claim, row) of the pass, with each claim's rows generated only as
/// far as it needs (a heap holds one row per claim, not the 16 million pairs of a million-row
/// household whose top-ups share round amounts).
fn greedy(pass: &Pass, eligible: &[usize], assigned: &mut [Option<usize>], owner: &mut [Option<usize>]) {
    let mut rows: Vec<Option<Rows>> = Vec::new();
    let mut heap = BinaryHeap::new();
    for &c in eligible {
        let mut candidates = pass.rows(c);
        if let Some((d, i)) = candidates.next() {
            heap.push(Reverse((d, c, i)));
        }
        rows.push(Some(candidates));
    }
    let slot_of = |c: usize| eligible.binary_search(&c).ok();
    while let Some(Reverse((_, c, i))) = heap.pop() {
        let Some(k) = slot_of(c) else { continue };
        if let (Some(None), Some(slot)) = (owner.get(i), assigned.get_mut(c)) {
            *slot = Some(i);
            if let Some(o) = owner.get_mut(i) {
                *o = Some(c);
            }
            if let Some(r) = rows.get_mut(k) {
                *r = None;
            }
        } else if let Some((d, i)) = rows.get_mut(k).and_then(Option::as_mut).and_then(Iterator::next) {
            heap.push(Reverse((d, c, i)));
        }
    }
}

/// What one pass may pair: the claims, the rows not taken by an earlier pass, and its rule.
#[derive(Clone, Copy)]
pub(super) struct Pass<'a> {
    claims: &'a [Claim],
    txs: &'a [Transaction],
    /// Each claim's rows in the index (`RowIndex::groups`).
    groups: &'a [Vec<(&'a [index::Entry], Decimal)>],
    taken: &'a [bool],
    direction: Direction,
    window: &'a Window,
    settings: &'a Settings,
    by_reference: bool,
    exact: bool,
}

impl<'a> Pass<'a> {
    /// Claim `c`'s rows in this pass, nearest first (ties by row), with their distance,
    /// generated as far as they are asked for.
    pub(super) fn rows(&self, c: usize) -> Rows<'a> {
        let runs = self.claims.get(c).map(|claim| self.runs(c, claim)).unwrap_or_default();
        let t = self.claims.get(c).map(|claim| claim.time.at).unwrap_or_default();
        Rows { candidates: Candidates::new(t, runs), pass: *self, c }
    }

    /// All of claim `c`'s rows in this pass in the order of `rows`, listed at once: cheaper
    /// than generating them one by one when every one is needed.
    pub(super) fn all_rows(&self, c: usize) -> Vec<(Duration, usize)> {
        let Some(claim) = self.claims.get(c) else { return Vec::new() };
        let mut rows: Vec<(Duration, usize)> = Vec::new();
        for (run, _) in self.runs(c, claim) {
            for &(_, _, _, i) in run {
                if !self.taken.get(i).copied().unwrap_or(true)
                    && let Some(d) = self.distance(c, i)
                {
                    rows.push((d, i));
                }
            }
        }
        rows.sort_unstable();
        // A row listed under two currencies, or found through both amounts, is one row.
        rows.dedup();
        rows
    }

    /// The index's runs of rows that may fit the claim in this pass.
    fn runs(&self, c: usize, claim: &Claim) -> Vec<(&'a [index::Entry], Duration)> {
        // Only rows dated near the claim can fit: a date-only row starts up to a day early.
        let earliest = claim.time.at - self.window.before - Duration::days(1);
        let latest = claim.time.latest() + self.window.after;
        let (exact, settings) = (self.exact || self.by_reference, self.settings);
        let allowed = |amount: Decimal| {
            if exact { settings.fee_tolerance(amount) } else { amount.abs() * settings.mismatch_ratio }
        };
        let groups = self.groups.get(c).map_or(&[][..], Vec::as_slice);
        index::runs(groups, allowed, earliest, latest)
    }

    /// How far row `i` is from claim `c` if it can be its row in this pass.
    pub(super) fn distance(&self, c: usize, i: usize) -> Option<Duration> {
        let (claim, tx) = (self.claims.get(c)?, self.txs.get(i)?);
        fit(claim, tx, self.direction, self.by_reference, self.exact, self.window, self.settings)
    }
}

/// A claim's rows in one pass: the index's candidates that are free of earlier passes and fit.
pub(super) struct Rows<'a> {
    candidates: Candidates<'a>,
    pass: Pass<'a>,
    c: usize,
}

impl Iterator for Rows<'_> {
    type Item = (Duration, usize);

    fn next(&mut self) -> Option<(Duration, usize)> {
        for (_, i) in self.candidates.by_ref() {
            if self.pass.taken.get(i).copied().unwrap_or(true) {
                continue;
            }
            if let Some(d) = self.pass.distance(self.c, i) {
                return Some((d, i));
            }
        }
        None
    }
}

/// How far `tx` is from the claim, if it can be the claim's row in this pass.
fn fit(
    claim: &Claim,
    tx: &Transaction,
    direction: Direction,
    by_reference: bool,
    exact: bool,
    window: &Window,
    settings: &Settings,
) -> Option<Duration> {
    // The numbers first, the strings last: most rows a claim is offered fail on time or amount.
    if tx.direction != direction {
        return None;
    }
    let distance = distance_within(&claim.time, &tx.time, window)?;
    // Two currencies meet only through an amount a statement prints in the other one (the
    // row's foreign amount, the claim's conversion), never through a rate of ours.
    let (claimed, printed) = match (&tx.original, &claim.original) {
        _ if tx.money.currency == claim.currency => (claim.amount, tx.money.amount),
        (Some(o), _) if o.currency == claim.currency => (claim.amount, o.amount),
        (_, Some(o)) if o.currency == tx.money.currency => (o.amount, tx.money.amount),
        _ => return None,
    };
    let difference = (printed - claimed).abs();
    let allowed =
        if exact || by_reference { settings.fee_tolerance(claimed) } else { claimed.abs() * settings.mismatch_ratio };
    if difference > allowed {
        return None;
    }
    let same_ref = claim.reference.is_some() && claim.reference == tx.reference;
    let same_provider = claim.provider.is_none() || tx.provider.is_none() || claim.provider == tx.provider;
    (by_reference == same_ref && same_provider && claim.accounts.contains(&tx.account)).then_some(distance)
}

/// How far the bank row is from the claim, if it lies in the window. A date-only row stands
/// for its whole day.
pub fn distance_within(claim: &Timestamp, row: &Timestamp, window: &Window) -> Option<Duration> {
    let (lo, hi) = (claim.at - window.before, claim.latest() + window.after);
    let (from, to) = (row.at, row.latest());
    if to < lo || from > hi {
        return None;
    }
    Some(gap(claim.at, from, to))
}

pub(super) fn gap(t: DateTime<FixedOffset>, from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> Duration {
    if t < from {
        from - t
    } else if t > to {
        t - to
    } else {
        Duration::zero()
    }
}
