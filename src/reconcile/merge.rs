//! Merges attempt-log entries with wallet-statement top-ups: the same attempt seen in both
//! counts once, matched by reference first, else by amount and nearest time.

use super::Settings;
use super::types::TopUp;
use crate::institutions::bank_of;
use crate::ledger::Ledger;
use crate::model::{Kind, Side, Transaction};
use chrono::Duration;
use std::collections::HashMap;

/// Every top-up attempt, once: attempt-log rows and wallet top-up rows paired one-to-one.
pub fn top_ups(ledger: &Ledger, settings: &Settings) -> Vec<TopUp> {
    let txs = &ledger.transactions;
    let is_top_up = |side: Side| move |(_, t): &(usize, &Transaction)| t.side == side && t.kind == Kind::TopUp;
    let logged: Vec<usize> = txs.iter().enumerate().filter(is_top_up(Side::Attempts)).map(|(i, _)| i).collect();
    let (attempts, superseded) = latest_status_rows(txs, &logged);
    let wallet: Vec<(usize, &Transaction)> = txs.iter().enumerate().filter(is_top_up(Side::Wallet)).collect();
    let window = Duration::minutes(settings.merge_window_minutes);

    // Candidates: the wallet rows sharing the attempt's reference, and those within the
    // window (the ledger is in time order, so `wallet` is too).
    let mut by_reference: HashMap<&str, Vec<usize>> = HashMap::new();
    for &(w, wt) in &wallet {
        if let Some(r) = wt.reference.as_deref() {
            by_reference.entry(r).or_default().push(w);
        }
    }
    // Pairs, best first: a shared reference beats time; then nearest in time.
    let mut pairs: Vec<(bool, Duration, usize, usize)> = Vec::new();
    for &a in &attempts {
        let Some(at) = txs.get(a) else { continue };
        let start = wallet.partition_point(|(_, wt)| wt.time.at < at.time.at - window);
        let end = wallet.partition_point(|(_, wt)| wt.time.at <= at.time.at + window);
        let referenced = at.reference.as_deref().and_then(|r| by_reference.get(r)).map_or(&[][..], Vec::as_slice);
        let mut candidates: Vec<usize> =
            wallet.iter().take(end).skip(start).map(|&(w, _)| w).chain(referenced.iter().copied()).collect();
        candidates.sort_unstable();
        candidates.dedup();
        for w in candidates {
            let Some(wt) = txs.get(w) else { continue };
            let same_ref = at.reference.is_some() && at.reference == wt.reference;
            if same_attempt(at, wt) {
                pairs.push((!same_ref, (at.time.at - wt.time.at).abs(), a, w));
            }
        }
    }
    pairs.sort();
    let mut paired_attempt = vec![None; txs.len()];
    let mut paired_wallet = vec![false; txs.len()];
    for (_, _, a, w) in pairs {
        let (Some(attempt), Some(wallet)) = (paired_attempt.get_mut(a), paired_wallet.get_mut(w)) else { continue };
        if attempt.is_none() && !*wallet {
            *attempt = Some(w);
            *wallet = true;
        }
    }
    // Each latest row's earlier rows, in the order they were superseded.
    let mut earlier: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(row, latest) in &superseded {
        earlier.entry(latest).or_default().push(row);
    }
    let mut out: Vec<TopUp> = attempts
        .iter()
        .filter_map(|&a| {
            let mut t = TopUp::from_rows(txs, Some(a), paired_attempt.get(a).copied().flatten(), &settings.classifier)?;
            t.superseded = earlier.remove(&a).unwrap_or_default();
            Some(t)
        })
        .collect();
    out.extend(
        wallet
            .iter()
            .filter(|&&(w, _)| paired_wallet.get(w) == Some(&false))
            .filter_map(|&(w, _)| TopUp::from_rows(txs, None, Some(w), &settings.classifier)),
    );
    out.sort_by_key(|t| (t.time.at, t.rows().next()));
    out
}

/// Whether an attempt-log row and a wallet row (already near in time or sharing a reference)
/// can be the same attempt: same wallet, same money, and not two different cards (a declined
/// card and a successful retry with another card are two attempts).
fn same_attempt(at: &Transaction, wt: &Transaction) -> bool {
    let same_wallet = at.provider.is_none() || at.provider == wt.provider;
    let differ = |x: Option<&str>, y: Option<&str>| x.is_some() && y.is_some() && x != y;
    let bank = |t: &Transaction| t.method.as_deref().and_then(bank_of);
    let other_card = differ(at.card_last4.as_deref(), wt.card_last4.as_deref()) || differ(bank(at), bank(wt));
    same_wallet && !other_card && at.money == wt.money
}

/// Logs that record each status change of an order (pending, then success) list it several
/// times under one reference: the latest row speaks for the attempt. Returns the rows that
/// speak for attempts, and each earlier row with the row that supersedes it.
fn latest_status_rows(txs: &[Transaction], logged: &[usize]) -> (Vec<usize>, Vec<(usize, usize)>) {
    let mut latest: HashMap<(Option<&str>, &str, &crate::model::Money), usize> = HashMap::new();
    let mut superseded = Vec::new();
    let mut kept = Vec::new();
    for &i in logged {
        let Some(t) = txs.get(i) else { continue };
        let Some(reference) = t.reference.as_deref() else {
            kept.push(i);
            continue;
        };
        let key = (t.provider.as_deref(), reference, &t.money);
        match latest.get(&key).copied() {
            // Ledger rows are in time order, so a later row is the newer status.
            Some(previous) => {
                superseded.push((previous, i));
                latest.insert(key, i);
            }
            None => {
                latest.insert(key, i);
            }
        }
    }
    kept.extend(latest.values().copied());
    kept.sort_unstable();
    // Chains (pending → processing → success) end at the latest row. A row is superseded
    // once (the key's next row replaces it), so each row has at most one next.
    // Each row's next is later than it, so the latest rows' ends are known first (walking
    // each chain to its end from every row was quadratic in a long chain).
    let mut last: HashMap<usize, usize> = HashMap::with_capacity(superseded.len());
    let mut by_row = superseded.clone();
    by_row.sort_unstable_by_key(|&(from, _)| std::cmp::Reverse(from));
    for (from, next) in by_row {
        let end = last.get(&next).copied().unwrap_or(next);
        last.insert(from, end);
    }
    let resolved = superseded.iter().map(|&(from, next)| (from, last.get(&from).copied().unwrap_or(next))).collect();
    (kept, resolved)
}
