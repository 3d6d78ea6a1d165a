//! Reconciliation: attempts ⇄ wallet top-ups ⇄ bank debits ⇄ refunds, one-to-one and
//! coverage-aware (DESIGN.md §6); then causes inferred for failures that recorded no error.

pub mod cards;
pub mod coverage;
mod foreign;
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
    crate::timings::mark("reconcile: top-ups merged");

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
        let mut c = claim(t.time, &t.money, t.provider.clone(), accounts, t.reference.clone(), rank);
        // What its wallet prints it as in another currency (a PayPal conversion), if anything.
        c.original = t.rows().filter_map(|r| txs.get(r)?.original.clone()).find(|o| o.currency != t.money.currency);
        claims.push(c);
    }
    let mut card_payments = Vec::new();
    for (i, tx) in txs.iter().enumerate().filter(|(_, t)| cards::is_card_funded(t) && !returns_money(t)) {
        card_payments.push(CardPayment { wallet: i, debit: None });
        owners.push(Owner::Payment(card_payments.len() - 1));
        claims.push(card_claim(tx, &statements));
    }
    let debits = positions(txs, |t| is_provider_row(t, Direction::Out));
    crate::timings::mark("reconcile: claims");
    let matched = match_claims(&claims, txs, &debits, Direction::Out, &posting, settings);
    crate::timings::mark("reconcile: debits matched");
    // The row that tells of each claim, to name rivals in findings.
    let first_rows: Vec<Option<usize>> = owners
        .iter()
        .map(|o| match *o {
            Owner::TopUp(k) => top_ups.get(k).and_then(|t| t.rows().next()),
            Owner::Payment(p) => card_payments.get(p).map(|c| c.wallet),
        })
        .collect();
    let mut used = vec![false; txs.len()];
    for (owner, found) in owners.iter().zip(matched) {
        let Some(found) = found else { continue };
        mark(&mut used, found.row);
        match *owner {
            Owner::TopUp(k) => {
                let Some(t) = top_ups.get_mut(k) else { continue };
                t.debit = Some(found.row);
                t.debit_rivals = found.rivals.iter().filter_map(|&r| first_rows.get(r).copied().flatten()).collect();
            }
            Owner::Payment(p) => {
                if let Some(c) = card_payments.get_mut(p) {
                    c.debit = Some(found.row);
                }
            }
        }
    }
    let order = order::RowOrder::new(ledger);
    leftovers::assign_duplicates(&mut top_ups, txs, &debits, &mut used, &posting, settings, &order);

    // Money that should have come back to a card: withdrawals and refunds to the card take
    // their credits first; what is left may refund a debit that bought nothing.
    let credits = positions(txs, |t| is_provider_row(t, Direction::In));
    let returns: Vec<Claim> = txs
        .iter()
        .filter(|t| is_withdrawal(t) || (cards::is_card_funded(t) && returns_money(t)))
        .map(|t| card_claim(t, &statements))
        .collect();
    for credit in match_claims(&returns, txs, &credits, Direction::In, &posting, settings).into_iter().flatten() {
        mark(&mut used, credit.row);
    }
    crate::timings::mark("reconcile: duplicates, credits matched");
    let refunds = leftovers::assign_refunds(&mut top_ups, txs, &debits, &credits, &mut used, settings);
    let top_up_claims: Vec<Claim> =
        owners.iter().zip(&claims).filter(|(o, _)| matches!(o, Owner::TopUp(_))).map(|(_, c)| c.clone()).collect();
    let foreign_debits = foreign::pair(&mut top_ups, &top_up_claims, txs, &debits, &mut used, &posting);
    // With every debit placed, failures that recorded no error may be explained.
    crate::timings::mark("reconcile: refunds, foreign");
    infer::infer(&mut top_ups, txs, &statements, &coverage);

    let mut orphan_debits = Vec::new();
    let mut unexplained_uncovered_debits = Vec::new();
    for &d in debits.iter().filter(|&&d| !is_used(&used, d)) {
        let Some(tx) = txs.get(d) else { continue };
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
        foreign_debits,
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
    let currency = money.currency.clone();
    Claim { time, amount: money.amount, currency, provider, accounts, reference, rank, original: None }
}

/// The claim of a wallet row that moved money to or from a card: the wallet confirms it.
fn card_claim(tx: &Transaction, statements: &[String]) -> Claim {
    let bank = tx.method.as_deref().and_then(crate::institutions::bank_of);
    let accounts = cards::statements_of(bank, tx.card_last4.as_deref(), statements);
    let mut c = claim(tx.time, &tx.money, tx.provider.clone(), accounts, tx.reference.clone(), CONFIRMED);
    c.original = tx.original.clone();
    // A fee the wallet kept (a withdrawal's 服务费) never reaches the card.
    c.amount -= tx.fee.unwrap_or_default();
    c
}

/// The positions in `txs` of the rows `keep` keeps, in ledger order.
fn positions(txs: &[Transaction], keep: impl Fn(&Transaction) -> bool) -> Vec<usize> {
    txs.iter().enumerate().filter(|(_, t)| keep(t)).map(|(i, _)| i).collect()
}

/// Marks row `row` as taken by a match (`used` has one flag per row of the ledger).
fn mark(used: &mut [bool], row: usize) {
    if let Some(flag) = used.get_mut(row) {
        *flag = true;
    }
}

/// Whether row `row` is taken by a match; a row outside the ledger counts as taken.
fn is_used(used: &[bool], row: usize) -> bool {
    used.get(row).copied().unwrap_or(true)
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
mod original_tests;
#[cfg(test)]
mod tests;
