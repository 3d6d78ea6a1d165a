//! Matches top-ups and card-funded payments to bank debits, and bank credits back to debits:
//! one-to-one, reference first, then exact amounts for successes, then for failures, then
//! near amounts; nearest in time first within each pass.

use super::Settings;
use crate::model::{Direction, Timestamp, Transaction};
use chrono::{DateTime, Duration, FixedOffset};
use rust_decimal::Decimal;

/// Something that should have a bank row: a top-up, a card payment, or a debit awaiting its
/// refund.
#[derive(Debug, Clone)]
pub struct Claim {
    pub time: Timestamp,
    pub amount: Decimal,
    pub currency: String,
    pub provider: Option<String>,
    /// The bank statement account (`icbc:9876`) where the row should appear.
    pub account: String,
    pub reference: Option<String>,
    /// Matched before the others: the wallet says the money moved.
    pub succeeded: bool,
}

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

/// Pairs claims with bank rows (`direction` Out for debits, In for credits): for each claim,
/// its row (an index into `txs`) if one fits.
pub fn match_claims(
    claims: &[Claim],
    txs: &[Transaction],
    candidates: &[usize],
    direction: Direction,
    window: &Window,
    settings: &Settings,
) -> Vec<Option<Match>> {
    let mut assigned: Vec<Option<usize>> = vec![None; claims.len()];
    let mut ties: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut taken = vec![false; txs.len()];
    // Pass order: (reference only?, exact amounts?, successes only?).
    let passes = [(true, false, false), (false, true, true), (false, true, false), (false, false, true)];
    for (by_reference, exact, successes_only) in passes {
        let mut pairs: Vec<(Duration, usize, usize)> = Vec::new();
        for (c, claim) in claims.iter().enumerate() {
            if assigned[c].is_some() || (successes_only && !claim.succeeded) {
                continue;
            }
            for &i in candidates {
                let tx = &txs[i];
                if taken[i] || tx.direction != direction || tx.account != claim.account {
                    continue;
                }
                if claim.provider.is_some() && tx.provider.is_some() && claim.provider != tx.provider {
                    continue;
                }
                if tx.money.currency != claim.currency {
                    continue;
                }
                let same_ref = claim.reference.is_some() && claim.reference == tx.reference;
                if by_reference != same_ref {
                    continue;
                }
                let fits = if exact || by_reference {
                    (tx.money.amount - claim.amount).abs() <= settings.fee_tolerance(claim.amount)
                } else {
                    (tx.money.amount - claim.amount).abs() <= claim.amount * settings.mismatch_ratio
                };
                if !fits {
                    continue;
                }
                if let Some(distance) = distance_within(&claim.time, &tx.time, window) {
                    pairs.push((distance, c, i));
                }
            }
        }
        pairs.sort();
        for &(distance, c, i) in &pairs {
            if assigned[c].is_none() && !taken[i] {
                assigned[c] = Some(i);
                taken[i] = true;
                let rivals = pairs.iter().filter(|p| p.0 == distance && p.2 == i && p.1 != c).map(|p| p.1).collect();
                ties.push((c, rivals));
            }
        }
    }
    let mut out: Vec<Option<Match>> = assigned.iter().map(|a| a.map(|row| Match { row, rivals: Vec::new() })).collect();
    for (c, rivals) in ties {
        if let Some(m) = out[c].as_mut() {
            m.rivals = rivals.into_iter().filter(|&r| assigned[r].is_none()).collect();
        }
    }
    out
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
