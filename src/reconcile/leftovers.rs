//! What is left after matching: debits that repeat a top-up's debit (duplicates), and bank
//! credits that return a debit which bought nothing (refunds), whose printed return reason
//! (a CAMT.053 `RtrInf` AC06, AM04, …) explains a failed top-up that gives none itself.

use super::matching::{Claim, UNSETTLED, Window, distance_within, match_claims};
use super::order::RowOrder;
use super::{Settings, TopUp, is_used, mark};
use crate::classify::Classifier;
use crate::model::{Cause, Direction, Status, Transaction};
use chrono::Duration;

/// Unmatched debits that repeat a succeeded top-up's debit (same account, provider and
/// amount, within the posting window) are duplicates of it. Of a top-up's debits the first
/// in time (`order`) is its debit, the later ones the duplicates: matching may have taken
/// either of two debits of one day.
pub fn assign_duplicates(
    top_ups: &mut [TopUp],
    txs: &[Transaction],
    debits: &[usize],
    used: &mut [bool],
    posting: &Window,
    settings: &Settings,
    order: &RowOrder,
) {
    // Debited successful top-ups in time order: a debit looks only at those near it (every
    // top-up for every unused debit was quadratic).
    let mut by_time: Vec<(chrono::DateTime<chrono::FixedOffset>, usize)> = top_ups
        .iter()
        .enumerate()
        .filter(|(_, t)| t.status == Status::Success && t.debit.is_some())
        .map(|(k, t)| (t.time.at, k))
        .collect();
    by_time.sort_unstable();
    for &d in debits {
        if is_used(used, d) {
            continue;
        }
        let Some(dup) = txs.get(d) else { continue };
        // A top-up up to a day long (date-only) whose window reaches the debit.
        let (earliest, latest) = (dup.time.at - posting.after - Duration::days(1), dup.time.latest() + posting.before);
        let (from, to) = (by_time.partition_point(|e| e.0 < earliest), by_time.partition_point(|e| e.0 <= latest));
        let best = by_time
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .filter_map(|&(_, k)| Some((k, top_ups.get(k)?)))
            .filter_map(|(k, t)| {
                let first = txs.get(t.debit?)?;
                let same = first.account == dup.account
                    && first.provider == dup.provider
                    && first.money.currency == dup.money.currency
                    && (first.money.amount - dup.money.amount).abs() <= settings.fee_tolerance(t.money.amount);
                if !same {
                    return None;
                }
                distance_within(&t.time, &dup.time, posting).map(|gap| (gap, k))
            })
            .min();
        if let Some(t) = best.and_then(|(_, k)| top_ups.get_mut(k)) {
            t.extra_debits.push(d);
            mark(used, d);
        }
    }
    for t in top_ups.iter_mut().filter(|t| !t.extra_debits.is_empty()) {
        let Some(debit) = t.debit else { continue };
        let mut all: Vec<usize> = std::iter::once(debit).chain(t.extra_debits.iter().copied()).collect();
        all.sort_by(|&a, &b| order.cmp(txs, a, b));
        let Some((&first, later)) = all.split_first() else { continue };
        t.debit = Some(first);
        t.extra_debits = later.to_vec();
    }
}

/// Credits from a provider that return, to the cent, a debit which bought nothing: the debit
/// of a failed or cancelled top-up, a duplicate debit, or an unmatched debit. Returns the
/// (debit, credit) pairs.
pub fn assign_refunds(
    top_ups: &mut [TopUp],
    txs: &[Transaction],
    debits: &[usize],
    credits: &[usize],
    used: &mut [bool],
    settings: &Settings,
) -> Vec<(usize, usize)> {
    let mut needing: Vec<(Option<usize>, usize)> = Vec::new();
    for (k, t) in top_ups.iter().enumerate() {
        if let Some(d) = t.debit.filter(|_| t.status != Status::Success) {
            needing.push((Some(k), d));
        }
        needing.extend(t.extra_debits.iter().map(|&d| (None, d)));
    }
    needing.extend(debits.iter().filter(|&&d| !is_used(used, d)).map(|&d| (None, d)));
    let (needing, claims): (Vec<(Option<usize>, usize)>, Vec<Claim>) = needing
        .into_iter()
        .filter_map(|(owner, d)| {
            let tx = txs.get(d)?;
            let claim = Claim {
                time: tx.time,
                amount: tx.money.amount,
                currency: tx.money.currency.clone(),
                provider: tx.provider.clone(),
                accounts: vec![tx.account.clone()],
                reference: None,
                // Exact amounts only: a partial credit is not this debit's refund.
                rank: UNSETTLED,
                original: None,
            };
            Some(((owner, d), claim))
        })
        .unzip();
    let window = Window { before: Duration::zero(), after: Duration::days(366) };
    let open: Vec<usize> = credits.iter().copied().filter(|&c| !is_used(used, c)).collect();
    let mut refunds = Vec::new();
    let matched = match_claims(&claims, txs, &open, Direction::In, &window, settings);
    for ((owner, debit), credit) in needing.iter().zip(matched) {
        let Some(c) = credit.map(|m| m.row) else { continue };
        mark(used, c);
        mark(used, *debit);
        refunds.push((*debit, c));
        match owner {
            Some(k) => {
                if let Some(t) = top_ups.get_mut(*k) {
                    t.refund = Some(c);
                    take_return_reason(t, txs.get(c), &settings.classifier);
                }
            }
            None => {
                if let Some(t) = top_ups.iter_mut().find(|t| t.extra_debits.contains(debit)) {
                    t.extra_debits.retain(|d| d != debit);
                }
            }
        }
    }
    refunds
}

/// A failed top-up whose own rows give no cause (no reason, or none the classifier knows)
/// takes the reason the bank printed on the return of its debit: read from a code, not
/// inferred. Its own failure text, if any, is kept; a top-up with none takes the bank's.
fn take_return_reason(t: &mut TopUp, credit: Option<&Transaction>, classifier: &Classifier) {
    if t.status != Status::Failed || t.cause.is_some_and(|c| c != Cause::Unknown) {
        return;
    }
    let Some(reason) = credit.and_then(|c| c.failure.as_ref()) else { return };
    let cause = classifier.classify(reason);
    if cause != Cause::Unknown {
        t.cause = Some(cause);
        t.failure.get_or_insert_with(|| reason.clone());
    }
}
