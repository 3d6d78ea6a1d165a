//! Each funding card's reconciliation as a timeline — its top-ups and the wallet payments it
//! paid, the bank debits matched to them (or to nothing), the refunds, and the periods its
//! statements cover — for the HTML report's pictures (`--format html`).

use crate::institutions::bank_of;
use crate::ledger::Ledger;
use crate::model::{Account, Money, Precision, Side, Status, Transaction, mask_card_numbers};
use crate::reconcile::Reconciliation;
use chrono::{DateTime, FixedOffset};
use std::collections::{BTreeMap, HashMap};

/// One card (`icbc:4321`, or the funding method as the wallet names it when the bank or the
/// digits are unknown) and what moved on it.
#[derive(Debug, Clone)]
pub struct CardTimeline {
    pub card: String,
    /// Unordered: `answers` indices point into this list.
    pub events: Vec<CardEvent>,
    /// The periods the card's bank statements cover: outside them a missing debit is unknown,
    /// not missing. Empty when no statement of the card was given.
    pub coverage: Vec<(DateTime<FixedOffset>, DateTime<FixedOffset>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A top-up attempt funded from the card (any status).
    TopUp,
    /// A wallet payment paid straight from the card.
    Payment,
    /// A bank debit to a wallet provider.
    Debit,
    /// A bank credit that returned a debit.
    Refund,
}

#[derive(Debug, Clone)]
pub struct CardEvent {
    pub kind: EventKind,
    pub at: DateTime<FixedOffset>,
    /// A bank row that carries only its date.
    pub date_only: bool,
    /// The top-up's merged status; `Success` for the other kinds.
    pub status: Status,
    pub money: Money,
    pub path: String,
    pub line: usize,
    /// For a debit, the top-up or payment it was matched to; for a refund, the debit it
    /// returned (indices into `events`). `None`: matched to nothing.
    pub answers: Option<usize>,
    /// A debit matched to nothing at a time no export of its wallet covers: not checked, rather
    /// than a debit for nothing (R003).
    pub unchecked: bool,
}

/// The timelines of every card that funded a top-up or a payment or whose statement shows a
/// debit to a wallet, in label order. Labels from input are masked unless `show_pii`.
pub fn timelines(ledger: &Ledger, recon: &Reconciliation, show_pii: bool) -> Vec<CardTimeline> {
    let txs = &ledger.transactions;
    let label = |text: String| if show_pii { text } else { mask_card_numbers(&text) };
    let mut cards: BTreeMap<String, Vec<CardEvent>> = BTreeMap::new();
    // Where each debit row went, for the refunds that return it.
    let mut placed: HashMap<usize, (String, usize)> = HashMap::new();
    let push = |cards: &mut BTreeMap<String, Vec<CardEvent>>, card: &str, event: CardEvent| {
        let events = cards.entry(card.to_string()).or_default();
        events.push(event);
        events.len() - 1
    };
    for t in &recon.top_ups {
        let Some(row) = t.rows().next().and_then(|r| txs.get(r)) else { continue };
        let card = label(t.card_account().unwrap_or_else(|| t.method_label()));
        let mut event = event_of(EventKind::TopUp, row, None);
        event.status = t.status;
        let own = push(&mut cards, &card, event);
        for &d in t.debit.iter().chain(&t.extra_debits) {
            let Some(tx) = txs.get(d) else { continue };
            let at = push(&mut cards, &card, event_of(EventKind::Debit, tx, Some(own)));
            placed.insert(d, (card.clone(), at));
        }
    }
    for p in &recon.card_payments {
        let Some(row) = txs.get(p.wallet) else { continue };
        let card = label(payment_card(row));
        let own = push(&mut cards, &card, event_of(EventKind::Payment, row, None));
        if let Some(d) = p.debit
            && let Some(tx) = txs.get(d)
        {
            let at = push(&mut cards, &card, event_of(EventKind::Debit, tx, Some(own)));
            placed.insert(d, (card.clone(), at));
        }
    }
    let unmatched = recon.orphan_debits.iter().map(|&d| (d, false));
    let unchecked = recon.unexplained_uncovered_debits.iter().chain(&recon.foreign_debits).map(|&d| (d, true));
    for (d, unchecked) in unmatched.chain(unchecked) {
        let Some(tx) = txs.get(d) else { continue };
        let card = label(tx.account.clone());
        let at = push(&mut cards, &card, CardEvent { unchecked, ..event_of(EventKind::Debit, tx, None) });
        placed.insert(d, (card, at));
    }
    for &(debit, credit) in &recon.refunds {
        let Some(tx) = txs.get(credit) else { continue };
        match placed.get(&debit) {
            Some((card, at)) => push(&mut cards, card, event_of(EventKind::Refund, tx, Some(*at))),
            None => push(&mut cards, &label(tx.account.clone()), event_of(EventKind::Refund, tx, None)),
        };
    }
    cards
        .into_iter()
        .map(|(card, events)| {
            let coverage = coverage_of(ledger, recon, &card);
            CardTimeline { card, events, coverage }
        })
        .collect()
}

fn event_of(kind: EventKind, tx: &Transaction, answers: Option<usize>) -> CardEvent {
    CardEvent {
        kind,
        at: tx.time.at,
        date_only: tx.time.precision == Precision::Day,
        status: Status::Success,
        money: tx.money.clone(),
        path: tx.source.path.to_string(),
        line: tx.source.line,
        answers,
        unchecked: false,
    }
}

/// The card a wallet payment was paid from, labelled as top-ups label theirs.
fn payment_card(tx: &Transaction) -> String {
    let bank = tx.method.as_deref().and_then(bank_of);
    match (bank, tx.card_last4.as_deref(), &tx.method) {
        (Some(bank), Some(digits), _) => Account::label(bank, Some(digits)),
        (_, _, Some(method)) => method.clone(),
        (_, Some(digits), None) => format!("card {digits}"),
        _ => "unknown funding method".into(),
    }
}

/// The periods covered by the bank statements of `card`: its own, and those that name no card
/// but were taken for it (`assumed_cards`).
fn coverage_of(
    ledger: &Ledger,
    recon: &Reconciliation,
    card: &str,
) -> Vec<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
    let mut spans: Vec<_> = ledger
        .inputs
        .iter()
        .filter(|i| i.side == Side::Bank)
        .filter(|i| {
            i.account == card
                || recon.assumed_cards.iter().any(|a| a.statement == i.account && a.cards.iter().any(|c| c == card))
        })
        .filter_map(|i| i.coverage.map(|c| (c.from, c.to)))
        .collect();
    spans.sort();
    spans
}
