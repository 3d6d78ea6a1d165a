//! Top-ups that cannot be checked because their card's statement is in another currency and
//! prints no amount in the top-up's: a Revolut top-up of 50.00 EUR and a `REVOLUT` debit of
//! 43.10 GBP on the same day, with no EUR amount beside it. The debit may well be the top-up,
//! converted at a rate no statement prints, so neither is an alarm: the top-up is not "credited
//! without a debit" (R004) and the debit is not "a debit nobody asked for" (R003). Each such
//! top-up keeps the nearest such debit (one-to-one) as `TopUp::foreign_debit`, and the report
//! counts it as unchecked. A statement with no debit to the wallet at all in the window still
//! shows that nothing was taken, and R004 says so.

use super::matching::{Claim, Window, distance_within};
use super::{TopUp, is_used, mark};
use crate::model::Transaction;
use chrono::{DateTime, Duration, FixedOffset};
use std::collections::HashMap;

/// Pairs each top-up left without a debit (`claims[k]` is top-up `k`'s claim) with the nearest
/// unused debit among `debits` that may be it in another currency.
pub fn pair(
    top_ups: &mut [TopUp],
    claims: &[Claim],
    txs: &[Transaction],
    debits: &[usize],
    used: &mut [bool],
    window: &Window,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..top_ups.len()).collect();
    order.sort_by_key(|&k| top_ups.get(k).map(|t| t.time.at));
    // The debits by currency, in time order: a claim looks only at other currencies' debits
    // near it (scanning every debit for every unpaired top-up was quadratic).
    let mut by_currency: HashMap<&str, Vec<(DateTime<FixedOffset>, usize)>> = HashMap::new();
    for &d in debits {
        if let Some(tx) = txs.get(d) {
            by_currency.entry(tx.money.currency.as_str()).or_default().push((tx.time.at, d));
        }
    }
    by_currency.values_mut().for_each(|v| v.sort_unstable());
    let mut paired = Vec::new();
    for k in order {
        let (Some(t), Some(claim)) = (top_ups.get_mut(k), claims.get(k)) else { continue };
        if t.debit.is_some() || t.refund.is_some() {
            continue;
        }
        // A row stands for up to a day: it may start a day before the window.
        let earliest = claim.time.at - window.before - Duration::days(1);
        let latest = claim.time.latest() + window.after;
        let nearest = by_currency
            .iter()
            .filter(|(currency, _)| **currency != claim.currency)
            .flat_map(|(_, rows)| {
                let (from, to) = (rows.partition_point(|r| r.0 < earliest), rows.partition_point(|r| r.0 <= latest));
                rows.get(from..to).unwrap_or_default()
            })
            .map(|&(_, d)| d)
            .filter(|&d| !is_used(used, d))
            .filter_map(|d| Some((d, txs.get(d)?)))
            .filter(|(_, tx)| may_be(claim, tx))
            .filter_map(|(d, tx)| Some((distance_within(&claim.time, &tx.time, window)?, d)))
            .min();
        if let Some((_, d)) = nearest {
            mark(used, d);
            t.foreign_debit = Some(d);
            paired.push(d);
        }
    }
    paired.sort_unstable();
    paired
}

/// Whether bank row `tx` may be the claim's debit in another currency that no statement
/// converts: on one of the claim's statements, to the same wallet, and printing no amount in
/// the claim's currency (one that did and did not fit is another movement), nor the claim one
/// in the row's.
fn may_be(claim: &Claim, tx: &Transaction) -> bool {
    let same_provider = claim.provider.is_none() || tx.provider.is_none() || claim.provider == tx.provider;
    let converted = claim.original.as_ref().is_some_and(|o| o.currency == tx.money.currency);
    claim.accounts.contains(&tx.account) && same_provider && tx.amount_in(&claim.currency).is_none() && !converted
}
