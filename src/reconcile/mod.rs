//! Reconciliation: attempts ⇄ wallet top-ups ⇄ bank debits ⇄ refunds, one-to-one and
//! coverage-aware (DESIGN.md §6).

pub mod coverage;
mod matching;
mod merge;
pub mod provider;
pub mod settings;
pub mod types;

pub use coverage::CoverageIndex;
pub use settings::Settings;
pub use types::{CardPayment, Reconciliation, TopUp};

use crate::ledger::Ledger;
use crate::model::{Direction, Kind, Side, Status, Transaction};
use chrono::Duration;
use matching::{Claim, Window, distance_within, match_claims};

/// Reconciles the ledger.
pub fn reconcile(ledger: &Ledger, settings: &Settings) -> Reconciliation {
    let txs = &ledger.transactions;
    let coverage = CoverageIndex::from_inputs(&ledger.inputs);
    let bank_accounts: Vec<String> =
        ledger.inputs.iter().filter(|i| i.side == Side::Bank).map(|i| i.account.clone()).collect();
    let posting = Window::posting(settings);
    let mut top_ups = merge::top_ups(ledger, settings);

    // Card-funded wallet rows that should show as bank debits: top-ups and card payments.
    let payments: Vec<usize> = (0..txs.len()).filter(|&i| is_card_payment(&txs[i])).collect();
    let mut claims = Vec::new();
    let mut owners = Vec::new();
    for (k, t) in top_ups.iter_mut().enumerate() {
        t.wallet_covered = t.provider.as_deref().is_some_and(|p| coverage.covers(p, t.time.at, t.time.at));
        let Some(account) = statement_account(t.bank, t.card_last4.as_deref(), &bank_accounts) else { continue };
        let (from, to) = (t.time.at - posting.before, t.time.latest() + posting.after);
        t.bank_covered = Some(coverage.covers(&account, from, to));
        owners.push(Owner::TopUp(k));
        claims.push(claim(
            t.time,
            &t.money,
            t.provider.clone(),
            account,
            t.reference.clone(),
            t.status == Status::Success,
        ));
    }
    let mut card_payments = Vec::new();
    for &i in &payments {
        let tx = &txs[i];
        let bank = tx.method.as_deref().and_then(provider::bank_of);
        card_payments.push(CardPayment { wallet: i, debit: None });
        let Some(account) = statement_account(bank, tx.card_last4.as_deref(), &bank_accounts) else { continue };
        owners.push(Owner::Payment(card_payments.len() - 1));
        claims.push(claim(tx.time, &tx.money, tx.provider.clone(), account, tx.reference.clone(), true));
    }
    let debits: Vec<usize> = (0..txs.len()).filter(|&i| is_provider_row(&txs[i], Direction::Out)).collect();
    let matched = match_claims(&claims, txs, &debits, Direction::Out, &posting, settings);
    // The row that tells of each claim, to name rivals in findings.
    let first_rows: Vec<Option<usize>> = owners
        .iter()
        .map(|o| match *o {
            Owner::TopUp(k) => top_ups[k].rows().next(),
            Owner::Payment(p) => Some(card_payments[p].wallet),
        })
        .collect();
    let mut used = vec![false; txs.len()];
    for (owner, found) in owners.iter().zip(matched) {
        let Some(found) = found else { continue };
        used[found.row] = true;
        match *owner {
            Owner::TopUp(k) => {
                top_ups[k].debit = Some(found.row);
                top_ups[k].debit_rivals = found.rivals.iter().filter_map(|&r| first_rows[r]).collect();
            }
            Owner::Payment(p) => card_payments[p].debit = Some(found.row),
        }
    }
    assign_duplicates(&mut top_ups, txs, &debits, &mut used, &posting, settings);

    // Bank credits from a provider: withdrawals first, then refunds of debits.
    let credits: Vec<usize> = (0..txs.len()).filter(|&i| is_provider_row(&txs[i], Direction::In)).collect();
    let withdrawals: Vec<Claim> = (0..txs.len())
        .filter(|&i| txs[i].side == Side::Wallet && txs[i].kind == Kind::Withdrawal && txs[i].status == Status::Success)
        .filter_map(|i| {
            let tx = &txs[i];
            let bank = tx.method.as_deref().and_then(provider::bank_of);
            let account = statement_account(bank, tx.card_last4.as_deref(), &bank_accounts)?;
            Some(claim(tx.time, &tx.money, tx.provider.clone(), account, None, true))
        })
        .collect();
    for credit in match_claims(&withdrawals, txs, &credits, Direction::In, &posting, settings).into_iter().flatten() {
        used[credit.row] = true;
    }
    let refund_credits = assign_refunds(&mut top_ups, txs, &debits, &credits, &mut used, settings);

    let mut orphan_debits = Vec::new();
    let mut unexplained_uncovered_debits = Vec::new();
    for &d in &debits {
        if used[d] {
            continue;
        }
        let tx = &txs[d];
        let provider = tx.provider.as_deref().unwrap_or_default();
        if coverage.covers(provider, tx.time.at - posting.after, tx.time.latest()) {
            orphan_debits.push(d);
        } else {
            unexplained_uncovered_debits.push(d);
        }
    }
    Reconciliation { top_ups, card_payments, orphan_debits, unexplained_uncovered_debits, refund_credits, coverage }
}

enum Owner {
    TopUp(usize),
    Payment(usize),
}

fn claim(
    time: crate::model::Timestamp,
    money: &crate::model::Money,
    provider: Option<String>,
    account: String,
    reference: Option<String>,
    succeeded: bool,
) -> Claim {
    Claim { time, amount: money.amount, currency: money.currency.clone(), provider, account, reference, succeeded }
}

/// A wallet payment paid straight from a bank card (not from the wallet's balance).
fn is_card_payment(tx: &Transaction) -> bool {
    tx.side == Side::Wallet
        && tx.kind != Kind::TopUp
        && tx.kind != Kind::Withdrawal
        && tx.direction == Direction::Out
        && tx.status == Status::Success
        && tx.method.as_deref().and_then(provider::bank_of).is_some()
}

/// A bank row to or from a wallet provider.
fn is_provider_row(tx: &Transaction, direction: Direction) -> bool {
    tx.side == Side::Bank && tx.direction == direction && tx.provider.is_some() && tx.status == Status::Success
}

/// The bank statement account of a card: same last four digits (and same bank when both are
/// known); without digits, the only statement of that bank.
fn statement_account(bank: Option<&str>, last4: Option<&str>, accounts: &[String]) -> Option<String> {
    let split =
        |a: &str| a.split_once(':').map_or((a.to_string(), None), |(b, l)| (b.to_string(), Some(l.to_string())));
    let same_bank = |prefix: &str| bank.is_none_or(|b| prefix.starts_with(b) || provider::bank_of(prefix).is_none());
    match last4 {
        Some(digits) => accounts
            .iter()
            .find(|a| {
                let (prefix, l) = split(a);
                l.as_deref() == Some(digits) && same_bank(&prefix)
            })
            .cloned(),
        None => {
            let bank = bank?;
            let of_bank: Vec<&String> = accounts.iter().filter(|a| split(a).0.starts_with(bank)).collect();
            (of_bank.len() == 1).then(|| of_bank[0].clone())
        }
    }
}

/// Unmatched debits that repeat a succeeded top-up's debit (same account, provider and
/// amount, within the posting window) are duplicates of it.
fn assign_duplicates(
    top_ups: &mut [TopUp],
    txs: &[Transaction],
    debits: &[usize],
    used: &mut [bool],
    posting: &Window,
    settings: &Settings,
) {
    for &d in debits {
        if used[d] {
            continue;
        }
        let dup = &txs[d];
        let best = top_ups
            .iter()
            .enumerate()
            .filter(|(_, t)| t.status == Status::Success)
            .filter_map(|(k, t)| {
                let first = &txs[t.debit?];
                let same = first.account == dup.account
                    && first.provider == dup.provider
                    && (first.money.amount - dup.money.amount).abs() <= settings.fee_tolerance(t.money.amount);
                if !same {
                    return None;
                }
                distance_within(&t.time, &dup.time, posting).map(|gap| (gap, k))
            })
            .min();
        if let Some((_, k)) = best {
            top_ups[k].extra_debits.push(d);
            used[d] = true;
        }
    }
}

/// Credits from a provider that return a debit which bought nothing: the debit of a failed
/// or cancelled top-up, a duplicate debit, or an unmatched debit.
fn assign_refunds(
    top_ups: &mut [TopUp],
    txs: &[Transaction],
    debits: &[usize],
    credits: &[usize],
    used: &mut [bool],
    settings: &Settings,
) -> Vec<usize> {
    let mut needing: Vec<(Option<usize>, usize)> = Vec::new();
    for (k, t) in top_ups.iter().enumerate() {
        if let Some(d) = t.debit.filter(|_| t.status != Status::Success) {
            needing.push((Some(k), d));
        }
        needing.extend(t.extra_debits.iter().map(|&d| (None, d)));
    }
    needing.extend(debits.iter().filter(|&&d| !used[d]).map(|&d| (None, d)));
    let claims: Vec<Claim> = needing
        .iter()
        .map(|&(_, d)| {
            let tx = &txs[d];
            claim(tx.time, &tx.money, tx.provider.clone(), tx.account.clone(), None, true)
        })
        .collect();
    let window = Window { before: Duration::zero(), after: Duration::days(366) };
    let open: Vec<usize> = credits.iter().copied().filter(|&c| !used[c]).collect();
    let mut refunds = Vec::new();
    for ((owner, debit), credit) in
        needing.iter().zip(match_claims(&claims, txs, &open, Direction::In, &window, settings))
    {
        let Some(c) = credit.map(|m| m.row) else { continue };
        used[c] = true;
        used[*debit] = true;
        refunds.push(c);
        if let Some(k) = owner {
            top_ups[*k].refund = Some(c);
        } else if let Some(t) = top_ups.iter_mut().find(|t| t.extra_debits.contains(debit)) {
            t.extra_debits.retain(|d| d != debit);
        }
    }
    refunds
}

#[cfg(test)]
mod tests;
