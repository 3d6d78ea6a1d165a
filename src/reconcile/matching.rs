//! One-to-one matching of claims (top-ups, card payments, withdrawals, debits awaiting a
//! refund) to bank rows: references first, then exact amounts by rank, then near amounts;
//! within a pass as many pairs as possible, nearest in time first.

use super::Settings;
use crate::model::{Direction, Timestamp, Transaction};
use chrono::{DateTime, Duration, FixedOffset};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

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
    let mut by_time: Vec<(usize, &Transaction)> = candidates.iter().filter_map(|&i| Some((i, txs.get(i)?))).collect();
    by_time.sort_by_key(|(_, tx)| tx.time.at);
    let mut assigned: Vec<Option<usize>> = vec![None; claims.len()];
    let mut owner: HashMap<usize, usize> = HashMap::new();
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
            let start = by_time.partition_point(|(_, tx)| tx.time.at < earliest);
            let end = by_time.partition_point(|(_, tx)| tx.time.at <= latest);
            for &(i, tx) in by_time.iter().take(end).skip(start) {
                if owner.contains_key(&i) {
                    continue;
                }
                if let Some(distance) = fit(claim, tx, direction, by_reference, exact, window, settings) {
                    edges.push((distance, c, i));
                }
            }
        }
        edges.sort();
        let mut pass_owner: HashMap<usize, usize> = HashMap::new();
        for &(_, c, i) in &edges {
            let Some(slot) = assigned.get_mut(c) else { continue };
            if slot.is_none() && !pass_owner.contains_key(&i) {
                *slot = Some(i);
                pass_owner.insert(i, c);
            }
        }
        augment(&edges, &mut assigned, &mut pass_owner);
        // Each row's edges, once: looking a pair's distance and rivals up by scanning every
        // edge of the pass for every pair was quadratic (70 % of a 160k-row audit).
        let mut by_row: HashMap<usize, Vec<(Duration, usize)>> = HashMap::new();
        for &(distance, c, i) in &edges {
            by_row.entry(i).or_default().push((distance, c));
        }
        for (&i, &c) in &pass_owner {
            let row_edges = by_row.get(&i).map_or(&[][..], Vec::as_slice);
            let distance = row_edges.iter().find(|e| e.1 == c).map(|e| e.0);
            let rivals = row_edges.iter().filter(|e| e.1 != c && Some(e.0) == distance).map(|e| e.1).collect();
            ties.push((c, rivals));
        }
        owner.extend(pass_owner);
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

/// Grows the greedy pairing to a maximum one (Kuhn's augmenting paths over this pass's
/// edges): a Friday top-up posted on Monday must not lose its debit to Monday's top-up,
/// whose own debit posts on Tuesday.
///
/// Rows a failed search visited stay visited until a search succeeds: a failed search changes
/// no pair, so from those rows no alternating path reaches a free row, and a later search
/// would only walk them again to fail the same way (on thousands of equal amounts, every
/// unpaired claim walked the whole pass). The pairs found are those of the plain algorithm.
fn augment(edges: &[(Duration, usize, usize)], assigned: &mut [Option<usize>], owner: &mut HashMap<usize, usize>) {
    let mut by_claim: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(_, c, i) in edges {
        by_claim.entry(c).or_default().push(i);
    }
    let mut unassigned: Vec<usize> =
        by_claim.keys().copied().filter(|&c| matches!(assigned.get(c), Some(None))).collect();
    unassigned.sort_unstable();
    let mut visited = HashSet::new();
    for c in unassigned {
        if try_assign(c, &by_claim, assigned, owner, &mut visited) {
            visited.clear();
        }
    }
}

/// One augmenting-path search from claim `c`, depth first in each claim's edge order (nearest
/// row first), with an explicit stack: a path can be thousands of pairs long.
fn try_assign(
    c: usize,
    by_claim: &HashMap<usize, Vec<usize>>,
    assigned: &mut [Option<usize>],
    owner: &mut HashMap<usize, usize>,
    visited: &mut HashSet<usize>,
) -> bool {
    let rows = |c: usize| by_claim.get(&c).map_or(&[][..], Vec::as_slice);
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
        if let Some(&other) = owner.get(&i) {
            stack.push((other, 0));
            continue;
        }
        // A free row: each claim on the path takes the row it went through.
        for &(claim, next) in stack.iter().rev() {
            let Some(&row) = rows(claim).get(next - 1) else { continue };
            if let Some(slot) = assigned.get_mut(claim) {
                *slot = Some(row);
            }
            owner.insert(row, claim);
        }
        return true;
    }
    false
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

fn gap(t: DateTime<FixedOffset>, from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> Duration {
    if t < from {
        from - t
    } else if t > to {
        t - to
    } else {
        Duration::zero()
    }
}
