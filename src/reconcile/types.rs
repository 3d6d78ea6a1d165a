//! What reconciliation produces: top-ups with their bank debits and refunds, and leftovers.

use crate::classify::Classifier;
use crate::institutions::bank_of;
use crate::model::{Account, Cause, FailureInfo, Money, Status, Timestamp, Transaction};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;

/// One top-up attempt as all sources tell it. Indices point into the ledger's transactions.
#[derive(Debug, Clone)]
pub struct TopUp {
    /// The attempt-log row, if the attempt is in the log.
    pub attempt: Option<usize>,
    /// Earlier attempt-log rows of the same order (its previous statuses).
    pub superseded: Vec<usize>,
    /// The wallet statement row, if the wallet lists it.
    pub wallet: Option<usize>,
    /// Merged status: a wallet credit means success whatever the log said.
    pub status: Status,
    pub time: Timestamp,
    pub money: Money,
    pub provider: Option<String>,
    pub method: Option<String>,
    pub card_last4: Option<String>,
    /// `icbc`, `bocom`, … from the funding method.
    pub bank: Option<&'static str>,
    pub reference: Option<String>,
    pub failure: Option<FailureInfo>,
    /// The classified cause of a failure (None unless failed).
    pub cause: Option<Cause>,
    /// Whether `cause` was inferred (from balances, timing, the card's history) because the
    /// failure recorded no code and no message; `inferred_from` says from what.
    pub cause_inferred: bool,
    pub inferred_from: Option<Inference>,
    /// The bank debit matched one-to-one to this top-up.
    pub debit: Option<usize>,
    /// Rows of other attempts that fitted `debit` just as well and were left without one: which
    /// of them the bank charged cannot be told from the statements.
    pub debit_rivals: Vec<usize>,
    /// Further debits for this same top-up (duplicate debits).
    pub extra_debits: Vec<usize>,
    /// A bank credit or wallet refund that returned the debit.
    pub refund: Option<usize>,
    /// With no `debit`: a debit to the wallet in another currency that may be this top-up, on
    /// a statement that prints no amount in the top-up's currency, so it cannot be checked
    /// (`reconcile::foreign`).
    pub foreign_debit: Option<usize>,
    /// Whether a bank statement of the funding card covers the time the debit should appear;
    /// `None` when no statement of that card was given.
    pub bank_covered: Option<bool>,
    /// Whether the wallet's own statement covers this top-up's time.
    pub wallet_covered: bool,
}

impl TopUp {
    /// One top-up from its attempt-log row and/or wallet row (`None` when given neither), a
    /// failure's cause read by `classifier`.
    pub fn from_rows(
        txs: &[Transaction],
        attempt: Option<usize>,
        wallet: Option<usize>,
        classifier: &Classifier,
    ) -> Option<TopUp> {
        let a = attempt.and_then(|i| txs.get(i));
        let w = wallet.and_then(|i| txs.get(i));
        // The wallet's statement is the authority on whether money arrived; when it did not, the
        // attempt log's "failed" keeps the failure (a wallet shows a failed top-up as closed).
        let status = match (a.map(|t| t.status), w.map(|t| t.status)) {
            (_, Some(Status::Success)) => Status::Success,
            (Some(Status::Failed), _) => Status::Failed,
            (_, Some(wallet)) => wallet,
            (Some(logged), None) => logged,
            (None, None) => Status::Pending,
        };
        let first = a.or(w)?;
        let pick = |f: fn(&Transaction) -> Option<String>| w.and_then(f).or_else(|| a.and_then(f));
        let method = pick(|t| t.method.clone());
        let failure = a.and_then(|t| t.failure.clone()).or_else(|| w.and_then(|t| t.failure.clone()));
        Some(TopUp {
            attempt,
            wallet,
            status,
            time: first.time,
            money: first.money.clone(),
            provider: pick(|t| t.provider.clone()),
            bank: method.as_deref().and_then(bank_of),
            card_last4: pick(|t| t.card_last4.clone()),
            method,
            reference: pick(|t| t.reference.clone()),
            cause: (status == Status::Failed)
                .then(|| classifier.classify(failure.as_ref().unwrap_or(&FailureInfo::default()))),
            failure,
            cause_inferred: false,
            inferred_from: None,
            debit: None,
            debit_rivals: Vec::new(),
            superseded: Vec::new(),
            extra_debits: Vec::new(),
            refund: None,
            foreign_debit: None,
            bank_covered: None,
            wallet_covered: false,
        })
    }

    /// The rows that tell of this attempt, attempt log first.
    pub fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        self.attempt.into_iter().chain(self.wallet)
    }

    /// The funding card as a statement account label (`icbc:9876`), when bank and digits are known.
    pub fn card_account(&self) -> Option<String> {
        Some(Account::label(self.bank?, Some(self.card_last4.as_deref()?)))
    }

    /// How reconciliation left this attempt (see `Outcome`).
    pub fn outcome(&self) -> Outcome {
        if self.debit.is_none() && (self.bank_covered != Some(true) || self.foreign_debit.is_some()) {
            return Outcome::OutOfCoverage;
        }
        let settled = match self.status {
            // A success only the attempt log tells of, neither credited nor debited: nothing moved.
            Status::Success if self.wallet.is_none() => self.debit.is_none() || self.extra_debits.is_empty(),
            Status::Success => self.debit.is_some() && self.extra_debits.is_empty(),
            Status::Failed | Status::Cancelled => self.debit.is_none() || self.refund.is_some(),
            Status::Pending => false,
        };
        if settled { Outcome::Reconciled } else { Outcome::Discrepancy }
    }

    /// The funding method as the user knows it: `工商银行(9876)`, or the card's last four.
    pub fn method_label(&self) -> String {
        match (&self.method, &self.card_last4) {
            (Some(m), _) => m.clone(),
            (None, Some(card)) => format!("card {card}"),
            (None, None) => "unknown funding method".into(),
        }
    }
}

/// Where a top-up attempt ends: every attempt ends in exactly one of these ("nothing lost").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The statements agree with it: a success debited once, or a failure (or cancellation)
    /// the bank did not debit, or debited and refunded. An amount off by more than the fee
    /// tolerance is still reconciled, and R007 says so. So is a success only the attempt log
    /// tells of that no wallet row and no debit confirm: no money moved (no finding says
    /// that the log was wrong).
    Reconciled,
    /// No debit was found and no statement of its card covers the time it would be on: not
    /// checked, and counted so in the report's `unchecked.top_ups_without_statement`. Or the
    /// statement is in another currency and prints no amount in the top-up's beside a debit
    /// that may be it (`TopUp::foreign_debit`, `unchecked.top_ups_debited_in_another_currency`).
    OutOfCoverage,
    /// Anything else: debited twice, a success without its debit, a failure debited and not
    /// refunded, still pending. A finding must cite its rows.
    Discrepancy,
}

/// A wallet payment funded straight from a card, with its bank debit if found.
#[derive(Debug, Clone)]
pub struct CardPayment {
    pub wallet: usize,
    pub debit: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Reconciliation {
    pub top_ups: Vec<TopUp>,
    pub card_payments: Vec<CardPayment>,
    /// Bank debits to a wallet provider that match nothing, where the wallet's records cover
    /// their time (R003).
    pub orphan_debits: Vec<usize>,
    /// Bank debits to a wallet provider that match nothing, outside wallet coverage.
    pub unexplained_uncovered_debits: Vec<usize>,
    /// Bank debits to a wallet, in another currency than a top-up they may be, that print no
    /// amount in the top-up's currency: unchecked, neither R003 nor R004 (`TopUp::foreign_debit`).
    pub foreign_debits: Vec<usize>,
    /// Debits that bought nothing and the bank credits that returned them (debit, credit).
    pub refunds: Vec<(usize, usize)>,
    pub coverage: super::CoverageIndex,
    /// Bank statements that name no card number, and the cards they were taken for.
    pub assumed_cards: Vec<AssumedCards>,
}

/// A bank statement that names no card (`icbc`: its preamble was stripped), matched against
/// every card of its bank the wallets use: `cards` (`icbc:4321`, …), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumedCards {
    pub statement: String,
    pub bank: String,
    pub cards: Vec<String>,
}

/// Why a silent failure's cause was inferred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inference {
    /// The amount exceeded the card's `balance`, read from statement row `row`: its balance
    /// after it, or (`before_row`) the balance before it.
    Balance { balance: Decimal, row: usize, before_row: bool },
    /// Other funding methods (`methods`, as the wallet names them) failed silently between
    /// `from` and `to`, within `infer::OUTAGE_MINUTES` of this attempt.
    Outage { methods: Vec<String>, from: DateTime<FixedOffset>, to: DateTime<FixedOffset> },
    /// The card's top-ups succeeded until `last_success`, and `failures` attempts have failed since.
    CardStopped { last_success: Timestamp, failures: usize },
}
