//! Causes inferred where the log is silent: a failed top-up with no error code and no message
//! is given a cause from the card's balance, from other funding methods failing at the same
//! time, or from a card that stopped working; it is marked `cause_inferred`.
//!
//! Run after matching, in this order, each step only on failures still without a cause:
//!
//! 1. balance: the attempt asked for more than the card held → insufficient funds. The card's
//!    balance is the latest one its bank statement prints at or before the attempt: for
//!    date-only rows (ICBC) the balance at the end of the last day before the attempt's day,
//!    else, when the statement has no earlier row, the balance before the first row of that
//!    same day. The statement must cover the attempt, and the currency must be the same. The
//!    first and last rows of a day are found from the balances themselves (each row's balance
//!    before it is the previous row's balance after), so the order of the file does not
//!    matter; a day whose rows do not chain into one sequence gives no balance. This step
//!    comes first because it rests on the attempt's own card and numbers.
//! 2. outage: silent failures on at least two different funding methods (of the same wallet
//!    or not) within 15 minutes of each other → wallet-system: several cards do not fail
//!    silently at once for reasons of their own.
//! 3. a stopped card: a card whose top-ups succeeded up to some day and have only failed since
//!    (at least two silent failures on later days, no success, nothing pending) →
//!    card-expired. It may equally be a locked card; the finding says so.
//!
//! A failure with a code or a message is never re-labelled, even when the classifier does not
//! recognise it; a top-up the bank debited is never said to lack funds or a working card.

use super::CoverageIndex;
use super::cards::statements_of;
use super::order::balance_before;
use super::types::TopUp;
use crate::model::{Cause, Precision, Side, Status, Transaction};
use chrono::{DateTime, Duration, FixedOffset};
use rust_decimal::Decimal;
use std::collections::HashMap;

pub use super::types::Inference;

/// Silent failures on different funding methods this close in time point to an outage.
pub const OUTAGE_MINUTES: i64 = 15;

/// Labels the silent failures whose cause can be inferred (see the module documentation).
pub fn infer(top_ups: &mut [TopUp], txs: &[Transaction], statements: &[String], coverage: &CoverageIndex) {
    let silent: Vec<bool> = top_ups.iter().map(|t| is_silent(t, txs)).collect();
    let mut found: Vec<Option<(Cause, Inference)>> = vec![None; top_ups.len()];
    if !silent.contains(&true) {
        return;
    }
    let balances = balances(txs);
    for ((t, _), slot) in
        top_ups.iter().zip(&silent).zip(&mut found).filter(|((t, silent), _)| **silent && t.debit.is_none())
    {
        *slot = balance_shortfall(t, &balances, statements, coverage).map(|i| (Cause::InsufficientFunds, i));
    }
    let open = |found: &[Option<(Cause, Inference)>], k: usize| {
        silent.get(k).copied().unwrap_or(false) && matches!(found.get(k), Some(None))
    };
    let outages: Vec<(usize, Inference)> = (0..top_ups.len())
        .filter(|&k| open(&found, k))
        .filter_map(|k| Some((k, outage(top_ups, k, &|j| open(&found, j))?)))
        .collect();
    for (k, inference) in outages {
        if let Some(slot) = found.get_mut(k) {
            *slot = Some((Cause::WalletSystem, inference));
        }
    }
    let stopped = stopped_cards(top_ups, &|j| open(&found, j) && top_ups.get(j).is_some_and(|t| t.debit.is_none()));
    for (k, inference) in stopped {
        if let Some(slot) = found.get_mut(k) {
            *slot = Some((Cause::CardExpired, inference));
        }
    }
    for (t, found) in top_ups.iter_mut().zip(found) {
        if let Some((cause, inference)) = found {
            (t.cause, t.cause_inferred, t.inferred_from) = (Some(cause), true, Some(inference));
        }
    }
}

/// A failure no row of which records a code or a message.
fn is_silent(t: &TopUp, txs: &[Transaction]) -> bool {
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    let rows = t.rows().chain(t.superseded.iter().copied());
    let mut failures =
        std::iter::once(t.failure.as_ref()).chain(rows.map(|i| txs.get(i).and_then(|r| r.failure.as_ref()))).flatten();
    t.status == Status::Failed
        && t.cause.is_none_or(|c| c == Cause::Unknown)
        && failures.all(|f| blank(&f.code) && blank(&f.message))
}

/// Bank rows that print a balance, by statement account and currency, in time order (the
/// ledger's order), so each failure looks only at its card's rows.
type Balances<'a> = HashMap<(&'a str, &'a str), Vec<(usize, &'a Transaction)>>;

fn balances(txs: &[Transaction]) -> Balances<'_> {
    let mut out: Balances = HashMap::new();
    for (i, r) in txs.iter().enumerate().filter(|(_, r)| r.side == Side::Bank && r.balance.is_some()) {
        out.entry((r.account.as_str(), r.money.currency.as_str())).or_default().push((i, r));
    }
    out
}

/// The card's balance at the attempt, when its statement shows one and the amount exceeds it.
fn balance_shortfall(
    t: &TopUp,
    balances: &Balances,
    statements: &[String],
    coverage: &CoverageIndex,
) -> Option<Inference> {
    // The one statement of the card that covers the attempt.
    let [account] = statements_of(t.bank, t.card_last4.as_deref(), statements)
        .into_iter()
        .filter(|account| coverage.covers(account, t.time.at, t.time.at))
        .collect::<Vec<_>>()
        .try_into()
        .ok()?;
    let rows = balances.get(&(account.as_str(), t.money.currency.as_str()))?;
    // Rows known to lie before the attempt: for date-only rows, those of earlier days.
    let split = rows.partition_point(|(_, r)| r.time.latest() <= t.time.at);
    let (before, after) = rows.split_at_checked(split)?;
    let (balance, row, before_row) = match before.last() {
        Some(&(_, latest)) => {
            let at = latest.time.at;
            let (row, balance) = day_end(before.iter().copied().filter(|(_, r)| r.time.at == at))?;
            (balance, row, false)
        }
        None => {
            let day = |at: DateTime<FixedOffset>| at.with_timezone(&t.time.at.timezone()).date_naive();
            let &(_, first) = after.first().filter(|(_, r)| day(r.time.at) == day(t.time.at))?;
            let at = first.time.at;
            let (row, balance) = day_start(after.iter().copied().filter(|(_, r)| r.time.at == at))?;
            (balance, row, true)
        }
    };
    (t.money.amount > balance).then_some(Inference::Balance { balance, row, before_row })
}

/// The last of rows that share a moment, and its balance: the one row whose balance is not
/// the balance before another of them. `None` unless exactly one such row.
fn day_end<'a>(rows: impl Iterator<Item = (usize, &'a Transaction)> + Clone) -> Option<(usize, Decimal)> {
    let leads_on = |(i, r): (usize, &Transaction)| rows.clone().any(|(j, s)| j != i && balance_before(s) == r.balance);
    let [(last, row)] = rows.clone().filter(|&x| !leads_on(x)).collect::<Vec<_>>().try_into().ok()?;
    Some((last, row.balance?))
}

/// The first of rows that share a moment, and the balance before it: the one row whose balance
/// before is not the balance after another of them. `None` unless exactly one such row.
fn day_start<'a>(rows: impl Iterator<Item = (usize, &'a Transaction)> + Clone) -> Option<(usize, Decimal)> {
    let follows = |(i, r): (usize, &Transaction)| rows.clone().any(|(j, s)| j != i && s.balance == balance_before(r));
    let [(first, row)] = rows.clone().filter(|&x| !follows(x)).collect::<Vec<_>>().try_into().ok()?;
    Some((first, balance_before(row)?))
}

/// Whether two top-ups were funded the same way: the same card digits (and bank, where both
/// are known), else the same funding method label. `None` when either names no method.
fn same_method(a: &TopUp, b: &TopUp) -> Option<bool> {
    match (a.card_last4.as_deref(), b.card_last4.as_deref()) {
        (Some(x), Some(y)) => Some(x == y && (a.bank.is_none() || b.bank.is_none() || a.bank == b.bank)),
        _ => Some(a.method.as_deref()? == b.method.as_deref()?),
    }
}

/// The outage around silent failure `k`: other silent failures (`open`) on other funding
/// methods within `OUTAGE_MINUTES`. Date-only times cannot tell minutes apart.
fn outage(top_ups: &[TopUp], k: usize, open: &dyn Fn(usize) -> bool) -> Option<Inference> {
    let t = top_ups.get(k)?;
    let window = Duration::minutes(OUTAGE_MINUTES);
    let timed = |u: &TopUp| u.time.precision != Precision::Day;
    // Top-ups are in time order (as `merge` sorts them): only the window's need a look.
    let start = top_ups.partition_point(|u| u.time.at < t.time.at - window);
    let end = top_ups.partition_point(|u| u.time.at <= t.time.at + window).max(start);
    let others: Vec<&TopUp> = top_ups
        .iter()
        .enumerate()
        .take(end)
        .skip(start)
        .filter(|&(j, _)| j != k && open(j))
        .map(|(_, u)| u)
        .filter(|u| timed(t) && timed(u) && (u.time.at - t.time.at).abs() <= window)
        .filter(|u| same_method(t, u) == Some(false))
        .collect();
    let mut methods: Vec<String> = others.iter().map(|u| u.method_label()).collect();
    methods.sort();
    methods.dedup();
    let times = others.iter().map(|u| u.time.at).chain([t.time.at]);
    let (from, to) = (times.clone().min()?, times.max()?);
    (!methods.is_empty()).then_some(Inference::Outage { methods, from, to })
}

/// Silent failures (`open`) of cards that worked until some day and have only failed since:
/// at least two such failures on later days than the last success, and nothing after it
/// that succeeded or may still succeed.
fn stopped_cards(top_ups: &[TopUp], open: &dyn Fn(usize) -> bool) -> Vec<(usize, Inference)> {
    let mut out = Vec::new();
    let mut seen: Vec<&TopUp> = Vec::new();
    for t in top_ups {
        if t.card_last4.is_none() || seen.iter().any(|s| same_method(s, t) == Some(true)) {
            continue;
        }
        seen.push(t);
        let card: Vec<(usize, &TopUp)> =
            top_ups.iter().enumerate().filter(|(_, u)| same_method(t, u) == Some(true)).collect();
        let Some((last, success)) = card
            .iter()
            .copied()
            .filter(|(_, u)| u.status == Status::Success)
            .max_by_key(|(_, u)| u.time.at)
            .map(|(j, u)| (j, u.time))
        else {
            continue;
        };
        let after: Vec<(usize, &TopUp)> =
            card.iter().copied().filter(|&(j, u)| u.time.at > success.at && j != last).collect();
        if after.iter().any(|(_, u)| !matches!(u.status, Status::Failed | Status::Cancelled)) {
            continue;
        }
        let later_day =
            |u: &TopUp| u.time.at.date_naive() > success.at.with_timezone(&u.time.at.timezone()).date_naive();
        let labelled: Vec<usize> = after.iter().filter(|&&(j, u)| open(j) && later_day(u)).map(|&(j, _)| j).collect();
        if labelled.len() >= 2 {
            let failures = after.iter().filter(|(_, u)| u.status == Status::Failed).count();
            out.extend(labelled.into_iter().map(|j| (j, Inference::CardStopped { last_success: success, failures })));
        }
    }
    out
}

#[cfg(test)]
#[path = "infer_tests.rs"]
mod tests;
