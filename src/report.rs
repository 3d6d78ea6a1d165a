//! The report: inputs, summary counts, money at risk, failed top-ups by cause and by hour, and
//! the sorted findings (DESIGN.md §4).

use crate::finding::{Cause, Finding, Severity};
use crate::ingest::InputReport;
use crate::ledger::Ledger;
use crate::model::{Precision, Status, format_amount, mask_card_numbers};
use crate::reconcile::Reconciliation;
use chrono::{DateTime, FixedOffset, Timelike};
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
    /// The failed top-ups by cause and by hour of day (the table's header pictures them).
    pub failures: Failures,
}

/// Failed top-ups (as `top_ups.failed` counts them) by cause and by local hour of day.
#[derive(Debug, Default, Serialize)]
pub struct Failures {
    /// One entry per cause that occurred, the most frequent first (ties in code order).
    pub by_cause: Vec<CauseCount>,
    /// 24 entries, hour 0 to 23 in the top-up's own zone; failures known only by date are
    /// left out (`untimed` counts them).
    pub by_hour: Vec<HourCount>,
    pub untimed: usize,
    /// The peak hours judged against (`[patterns] peak_hours`, P001); `by_hour[].peak` marks
    /// each hour that overlaps one.
    pub peak_hours: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CauseCount {
    /// `unknown` for a failure nobody classified.
    pub cause: Cause,
    pub count: usize,
    /// What these top-ups tried to move, per currency (not money lost: see `at_risk`).
    pub attempted: Vec<AtRisk>,
}

#[derive(Debug, Serialize)]
pub struct HourCount {
    pub hour: u32,
    pub failed: usize,
    pub peak: bool,
}

impl Failures {
    /// Counts the failed top-ups of a reconciliation.
    fn of(recon: &Reconciliation) -> Failures {
        let mut by_cause: BTreeMap<Cause, (usize, BTreeMap<String, Decimal>)> = BTreeMap::new();
        let mut by_hour = (0..24).map(|hour| HourCount { hour, failed: 0, peak: false }).collect::<Vec<_>>();
        let mut untimed = 0;
        for t in recon.top_ups.iter().filter(|t| t.status == Status::Failed) {
            let (count, amounts) = by_cause.entry(t.cause.unwrap_or(Cause::Unknown)).or_default();
            *count += 1;
            let total = amounts.entry(t.money.currency.clone()).or_default();
            *total = total.saturating_add(t.money.amount);
            match by_hour.get_mut(t.time.at.hour() as usize) {
                Some(h) if t.time.precision != Precision::Day => h.failed += 1,
                _ => untimed += 1,
            }
        }
        let mut by_cause: Vec<CauseCount> = by_cause
            .into_iter()
            .map(|(cause, (count, amounts))| CauseCount {
                cause,
                count,
                attempted: amounts
                    .into_iter()
                    .map(|(currency, amount)| AtRisk { currency, amount: format_amount(amount) })
                    .collect(),
            })
            .collect();
        // Stable: equal counts keep the code order the map gave them.
        by_cause.sort_by_key(|c| std::cmp::Reverse(c.count));
        Failures { by_cause, by_hour, untimed, peak_hours: Vec::new() }
    }

    /// Marks the hours that overlap the peak spans (minutes of the day, `[from, to)`, a span
    /// may wrap past midnight, as `analysis::Settings::peak_minutes` gives them).
    pub fn mark_peaks(&mut self, labels: &[String], spans: &[(u32, u32)]) {
        self.peak_hours = labels.to_vec();
        for h in &mut self.by_hour {
            let (from, to) = (h.hour * 60, h.hour * 60 + 60);
            h.peak = spans.iter().any(|&(a, b)| {
                let overlaps = |a: u32, b: u32| a < to && from < b;
                if a <= b { overlaps(a, b) } else { overlaps(a, 1440) || overlaps(0, b) }
            });
        }
    }
}

/// What the statements given could not vouch for: "no finding" there means "not checked".
#[derive(Debug, Default, Serialize)]
pub struct Unchecked {
    /// Top-ups with no debit found and no bank statement of their card covering them.
    pub top_ups_without_statement: usize,
    /// Bank debits to a wallet at times no export of that wallet covers.
    pub debits_outside_wallet_exports: usize,
    /// Top-ups whose card's statement is in another currency and prints no amount in theirs,
    /// beside a debit that may be each of them (`reconcile::foreign`): neither can be checked.
    /// Written only when there are some, so reports without them are unchanged.
    #[serde(skip_serializing_if = "is_zero")]
    pub top_ups_debited_in_another_currency: usize,
}

impl Unchecked {
    /// What could not be checked, as one sentence without its full stop (`Not checked: …`),
    /// or `None` when everything could be: every output says it the same way.
    pub fn text(&self, zh: bool) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if self.top_ups_without_statement + self.debits_outside_wallet_exports > 0 {
            let (t, d) = (self.top_ups_without_statement, self.debits_outside_wallet_exports);
            parts.push(if zh {
                format!("{t} 笔充值缺少对应银行卡的账单；{d} 笔付给钱包的银行扣款不在钱包账单的覆盖期内")
            } else {
                format!("{t} top-ups not covered by any statement of their card; {d} bank debits to wallets outside the periods of the wallet exports")
            });
        }
        let n = self.top_ups_debited_in_another_currency;
        if n > 0 {
            parts.push(if zh {
                format!("{n} 笔充值的银行卡账单使用另一种货币，且未列出充值货币的金额")
            } else {
                format!("{n} top-ups whose card's statement is in another currency and prints no amount in theirs")
            });
        }
        if parts.is_empty() {
            return None;
        }
        Some(if zh {
            format!("未核对：{}", parts.join("；"))
        } else {
            format!("Not checked: {}", parts.join("; "))
        })
    }
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
    sort_by(findings, SortKey::Severity);
}

/// What `--sort` orders findings by; ties fall back to severity, time, code and id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortKey {
    /// Most severe first.
    #[default]
    Severity,
    /// Earliest first; findings without a time last.
    Time,
    /// Largest amount first (the amount a finding is about, whatever its currency); findings
    /// without an amount last.
    Amount,
    /// By code (D001 … S008).
    Code,
}

impl SortKey {
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Severity => "severity",
            SortKey::Time => "time",
            SortKey::Amount => "amount",
            SortKey::Code => "code",
        }
    }
}

/// Orders findings by `key`, then as [`sort_findings`] does, so output is stable.
pub fn sort_by(findings: &mut [Finding], key: SortKey) {
    use std::cmp::Ordering;
    // As the primary key, a finding without a time or amount goes last; as a tie-breaker,
    // an untimed finding (a D001 row) keeps its place before the timed ones of its severity.
    let last_if_none = |x: bool, y: bool| x.cmp(&y);
    findings.sort_by(|a, b| {
        let first: Ordering = match key {
            SortKey::Severity => Ordering::Equal,
            SortKey::Time => match (a.start, b.start) {
                (Some(x), Some(y)) => x.cmp(&y),
                (x, y) => last_if_none(x.is_none(), y.is_none()),
            },
            SortKey::Amount => match (a.amount, b.amount) {
                (Some(x), Some(y)) => y.cmp(&x),
                (x, y) => last_if_none(x.is_none(), y.is_none()),
            },
            SortKey::Code => a.code.cmp(b.code),
        };
        first
            .then(b.severity.cmp(&a.severity))
            .then(a.start.cmp(&b.start))
            .then(a.code.cmp(b.code))
            .then(a.id.cmp(&b.id))
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
                top_ups_debited_in_another_currency: recon.top_ups.iter().filter(|t| t.foreign_debit.is_some()).count(),
            },
            not_run,
            failures: Failures::of(recon),
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

fn is_zero(n: &usize) -> bool {
    *n == 0
}
