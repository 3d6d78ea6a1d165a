//! The report: inputs, summary counts, money at risk and the sorted findings (DESIGN.md §4).

use crate::finding::{Finding, Severity};
use crate::ingest::InputReport;
use crate::ledger::Ledger;
use crate::model::{Status, format_amount, mask_card_numbers};
use crate::reconcile::Reconciliation;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

mod cards;
pub use cards::{CardEvent, CardTimeline, EventKind};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    /// The moment windows were judged against.
    pub now: DateTime<FixedOffset>,
    pub inputs: Vec<InputReport>,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    /// Each card's top-ups, debits and refunds, for the HTML report's timelines; one entry
    /// per row, so kept out of the JSON (which lists the findings' evidence instead).
    #[serde(skip)]
    pub cards: Vec<CardTimeline>,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub transactions: usize,
    pub top_ups: TopUpCounts,
    pub at_risk: Vec<AtRisk>,
    pub findings: SeverityCounts,
    pub unchecked: Unchecked,
    /// Selected rules that had nothing to judge, and what they needed.
    pub not_run: Vec<crate::rules::NotRun>,
}

/// What the statements given could not vouch for: "no finding" there means "not checked".
#[derive(Debug, Default, Serialize)]
pub struct Unchecked {
    /// Top-ups with no debit found and no bank statement of their card covering them.
    pub top_ups_without_statement: usize,
    /// Bank debits to a wallet at times no export of that wallet covers.
    pub debits_outside_wallet_exports: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct TopUpCounts {
    pub attempted: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub pending: usize,
    pub cancelled: usize,
}

#[derive(Debug, Serialize)]
pub struct AtRisk {
    pub currency: String,
    pub amount: String,
}

#[derive(Debug, Default, Serialize)]
pub struct SeverityCounts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl SeverityCounts {
    pub fn get(&self, s: Severity) -> usize {
        match s {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
}

/// The moment windows are judged against: the end of the latest input's coverage.
pub fn data_now(inputs: &[InputReport]) -> Option<DateTime<FixedOffset>> {
    inputs.iter().filter_map(|i| i.coverage.map(|c| c.to)).max()
}

/// Orders findings: most severe first, then by time, code and id, so output is stable.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then(a.start.cmp(&b.start)).then(a.code.cmp(b.code)).then(a.id.cmp(&b.id))
    });
}

/// Builds the report. Unless `show_pii`, card numbers in every text of every finding (title,
/// message, advice, account, evidence references) and in the inputs' accounts are masked to
/// their last four digits here, once, whatever each rule did: no renderer can leak them.
pub fn build(
    ledger: &Ledger,
    recon: &Reconciliation,
    mut findings: Vec<Finding>,
    not_run: Vec<crate::rules::NotRun>,
    now: DateTime<FixedOffset>,
    show_pii: bool,
) -> Report {
    sort_findings(&mut findings);
    let mut inputs = ledger.inputs.clone();
    if !show_pii {
        findings.iter_mut().for_each(mask_finding);
        for input in &mut inputs {
            input.account = mask_card_numbers(&input.account);
        }
    }
    let mut top_ups = TopUpCounts { attempted: recon.top_ups.len(), ..TopUpCounts::default() };
    for t in &recon.top_ups {
        match t.status {
            Status::Success => top_ups.succeeded += 1,
            Status::Failed => top_ups.failed += 1,
            Status::Pending => top_ups.pending += 1,
            Status::Cancelled => top_ups.cancelled += 1,
        }
    }
    let mut risk: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut counts = SeverityCounts::default();
    for f in &findings {
        if let Some(m) = &f.at_risk {
            let total = risk.entry(m.currency.clone()).or_default();
            *total = total.saturating_add(m.amount);
        }
        match f.severity {
            Severity::Critical => counts.critical += 1,
            Severity::High => counts.high += 1,
            Severity::Medium => counts.medium += 1,
            Severity::Low => counts.low += 1,
            Severity::Info => counts.info += 1,
        }
    }
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool { name: "wallet-audit", version: env!("CARGO_PKG_VERSION") },
        now,
        inputs,
        summary: Summary {
            transactions: ledger.transactions.len(),
            top_ups,
            at_risk: risk
                .into_iter()
                .map(|(currency, amount)| AtRisk { currency, amount: format_amount(amount) })
                .collect(),
            findings: counts,
            unchecked: Unchecked {
                top_ups_without_statement: recon
                    .top_ups
                    .iter()
                    .filter(|t| t.debit.is_none() && t.bank_covered != Some(true))
                    .count(),
                debits_outside_wallet_exports: recon.unexplained_uncovered_debits.len(),
            },
            not_run,
        },
        findings,
        cards: cards::timelines(ledger, recon, show_pii),
    }
}

/// Masks card numbers in every text a finding carries (ids and codes hold none).
fn mask_finding(f: &mut Finding) {
    let mask = |text: &mut String| *text = mask_card_numbers(text);
    mask(&mut f.title);
    mask(&mut f.message);
    f.advice.iter_mut().for_each(mask);
    f.account.iter_mut().for_each(mask);
    f.currency.iter_mut().for_each(mask);
    for e in &mut f.evidence {
        e.reference.iter_mut().for_each(mask);
    }
}
