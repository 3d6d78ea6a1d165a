//! Reconciliation: attempts ⇄ wallet top-ups ⇄ bank debits ⇄ refunds, one-to-one and
//! coverage-aware (DESIGN.md §6); then causes inferred for failures that recorded no error.
#![allow(
    clippy::indexing_slicing,
    reason = "matching indexes the ledger's transactions and its own candidate lists by positions computed from them"
)]

pub mod cards;
pub mod coverage;
pub mod infer;
mod leftovers;
mod matching;
mod merge;
mod order;

pub mod settings;
pub mod types;

pub use coverage::CoverageIndex;
pub use infer::Inference;
pub use settings::Settings;
pub use types::{AssumedCards, CardPayment, Outcome, Reconciliation, TopUp};

use crate::ledger::Ledger;
use crate::model::{Direction, Kind, Side, Status, Transaction};
use matching::{CONFIRMED, Claim, LOGGED_SUCCESS, UNSETTLED, Window, match_claims};

/// Reconciles the ledger.
pub fn reconcile(ledger: &Ledger, settings: &Settings) -> Reconciliation {
    let txs = &ledger.transactions;
    let coverage = CoverageIndex::from_inputs(&ledger.inputs);
    let mut statements: Vec<String> =
        ledger.inputs.iter().filter(|i| i.side == Side::Bank).map(|i| i.account.clone()).collect();
    statements.sort();
    statements.dedup();
    let posting = Window::posting(settings);
    let mut top_ups = merge::top_ups(ledger, settings);

    // Money that should have left a card: top-ups, and wallet rows paid straight from a card.
    let mut claims = Vec::new();
    let mut owners = Vec::new();
    for (k, t) in top_ups.iter_mut().enumerate() {
        t.wallet_covered = t.provider.as_deref().is_some_and(|p| coverage.covers(p, t.time.at, t.time.at));
        let accounts = cards::statements_of(t.bank, t.card_last4.as_deref(), &statements);
        // A known card's debit is on one of its statements (its own, or one that names no card).
        let known_card = t.bank.is_some() && t.card_last4.is_some();
        if accounts.len() == 1 || (known_card && !accounts.is_empty()) {
            let (from, to) = (t.time.at - posting.before, t.time.latest() + posting.after);
            t.bank_covered = Some(accounts.iter().any(|account| coverage.covers(account, from, to)));
        }
        let rank = match (t.status, t.wallet) {
            (Status::Success, Some(_)) => CONFIRMED,
            (Status::Success, None) => LOGGED_SUCCESS,
            _ => UNSETTLED,
        };
        owners.push(Owner::TopUp(k));
        claims.push(claim(t.time, &t.money, t.provider.clone(), accounts, t.reference.clone(), rank));
    }
    let mut card_payments = Vec::new();
    for i in (0..txs.len()).filter(|&i| cards::is_card_funded(&txs[i]) && !returns_money(&txs[i])) {
        card_payments.push(CardPayment { wallet: i, debit: None });
        owners.push(Owner::Payment(card_payments.len() - 1));
        claims.push(card_claim(txs, i, &statements));
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
    let order = order::RowOrder::new(ledger);
    leftovers::assign_duplicates(&mut top_ups, txs, &debits, &mut used, &posting, settings, &order);

    // Money that should have come back to a card: withdrawals and refunds to the card take
    // their credits first; what is left may refund a debit that bought nothing.
    let credits: Vec<usize> = (0..txs.len()).filter(|&i| is_provider_row(&txs[i], Direction::In)).collect();
    let returns: Vec<Claim> = (0..txs.len())
        .filter(|&i| is_withdrawal(&txs[i]) || (cards::is_card_funded(&txs[i]) && returns_money(&txs[i])))
        .map(|i| card_claim(txs, i, &statements))
        .collect();
    for credit in match_claims(&returns, txs, &credits, Direction::In, &posting, settings).into_iter().flatten() {
        used[credit.row] = true;
    }
    let refunds = leftovers::assign_refunds(&mut top_ups, txs, &debits, &credits, &mut used, settings);
    // With every debit placed, failures that recorded no error may be explained.
    infer::infer(&mut top_ups, txs, &statements, &coverage);

    let mut orphan_debits = Vec::new();
    let mut unexplained_uncovered_debits = Vec::new();
    for &d in debits.iter().filter(|&&d| !used[d]) {
        let tx = &txs[d];
        let provider = tx.provider.as_deref().unwrap_or_default();
        if coverage.covers(provider, tx.time.at - posting.after, tx.time.latest()) {
            orphan_debits.push(d);
        } else {
            unexplained_uncovered_debits.push(d);
        }
    }
    let assumed_cards = cards::assumed_cards(txs, &top_ups, &card_payments, &statements);
    Reconciliation {
        top_ups,
        card_payments,
        orphan_debits,
        unexplained_uncovered_debits,
        refunds,
        coverage,
        assumed_cards,
    }
}

enum Owner {
    TopUp(usize),
    Payment(usize),
}

fn claim(
    time: crate::model::Timestamp,
    money: &crate::model::Money,
    provider: Option<String>,
    accounts: Vec<String>,
    reference: Option<String>,
    rank: u8,
) -> Claim {
    Claim { time, amount: money.amount, currency: money.currency.clone(), provider, accounts, reference, rank }
}

/// The claim of a wallet row that moved money to or from a card: the wallet confirms it.
fn card_claim(txs: &[Transaction], i: usize, statements: &[String]) -> Claim {
    let tx = &txs[i];
    let bank = tx.method.as_deref().and_then(crate::institutions::bank_of);
    let accounts = cards::statements_of(bank, tx.card_last4.as_deref(), statements);
    claim(tx.time, &tx.money, tx.provider.clone(), accounts, tx.reference.clone(), CONFIRMED)
}

/// A wallet row whose money goes back to the card (a refund, or money received to it).
fn returns_money(tx: &Transaction) -> bool {
    tx.kind == Kind::Refund || tx.direction == Direction::In
}

fn is_withdrawal(tx: &Transaction) -> bool {
    tx.side == Side::Wallet && tx.kind == Kind::Withdrawal && tx.status == Status::Success
}

/// A bank row to or from a wallet provider.
fn is_provider_row(tx: &Transaction, direction: Direction) -> bool {
    tx.side == Side::Bank && tx.direction == direction && tx.provider.is_some() && tx.status == Status::Success
}

#[cfg(test)]
mod tests;
