//! D003 balance-discontinuity: running balance does not add up: rows are missing from a statement.
//!
//! What it detects: in a statement that prints a running balance after each row, two
//! consecutive rows where the earlier balance plus the later row's amount is not the later
//! balance. The statement's order (newest first, as ICBC writes it, or oldest first) is
//! recognised from its dates (from the balances when all rows share one date). Each currency
//! is checked on its own; a row that prints no balance carries the running balance forward by
//! its amount (a pending or returned entry without one does not move it: it is not booked);
//! a row between the two that could not be read (D001) is named as the suspect.
//!
//! Why it matters: the difference is money that moved in rows the export left out (a filter,
//! a page cut off, a hand-edited file). Every reconciliation finding near that point may be
//! wrong, and the missing rows themselves may be debits that need checking.
//!
//! Example: ICBC rows dated 2026-10-07 (balance 15,230.00) and 2026-10-09 (消费 -35.00,
//! balance 13,195.00): 2,000.00 left the account in rows not in the file.
//!
//! Advice: export the statement again for the whole period (all transaction types, all
//! sub-accounts) and re-run the audit; if the rows are still missing, ask the bank for the
//! transactions between the two dates.

use super::identity::row;
use super::{Context, Rule};
use crate::finding::{Finding, Severity, role};
use crate::model::{Direction, Money, Side, Status, Transaction};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};

pub const RULE: Rule = Rule {
    code: "D003",
    slug: "balance-discontinuity",
    severity: Severity::High,
    summary: "running balance does not add up: rows are missing from a statement",
    source: include_str!("d003_balance_discontinuity.rs"),
    check,
};

/// A break between two consecutive rows (in time order): the later balance differs from the
/// earlier balance plus the later row by `gap`.
struct Break<'a> {
    before: &'a Transaction,
    after: &'a Transaction,
    gap: Decimal,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    // A statement given twice (or two overlapping exports) shows the same break twice: it is
    // one break, between the same two rows, reported once.
    let mut seen: HashSet<[String; 2]> = HashSet::new();
    for input in ctx.ledger.inputs.iter().filter(|i| i.side == Side::Bank) {
        let mut rows: Vec<&Transaction> = ctx
            .ledger
            .transactions
            .iter()
            .chain(ctx.ledger.overlaps.iter().flat_map(|o| o.rows.iter().map(|(_, t)| t)))
            .filter(|t| input.holds(t))
            .collect();
        rows.sort_by_key(|t| t.source.line);
        // Each currency (sub-account) keeps its own running balance.
        let mut by_currency: BTreeMap<&str, Vec<&Transaction>> = BTreeMap::new();
        for row in rows {
            by_currency.entry(row.money.currency.as_str()).or_default().push(row);
        }
        for rows in by_currency.values() {
            let new = in_time_order(rows).into_iter().filter(|b| seen.insert([row(b.before), row(b.after)]));
            out.extend(new.map(|b| finding(ctx, b)));
        }
    }
    out
}

/// The breaks of a statement read in time order. Dates decide the order (ICBC lists newest
/// first); a statement of one day is read in whichever order adds up better.
fn in_time_order<'a>(rows: &[&'a Transaction]) -> Vec<Break<'a>> {
    let (first, last) = match (rows.first(), rows.last()) {
        (Some(f), Some(l)) => (f.time.at, l.time.at),
        _ => return Vec::new(),
    };
    let ascending = || breaks(rows.iter().copied());
    let descending = || breaks(rows.iter().rev().copied());
    match first.cmp(&last) {
        std::cmp::Ordering::Less => ascending(),
        std::cmp::Ordering::Greater => descending(),
        std::cmp::Ordering::Equal => {
            let (up, down) = (ascending(), descending());
            if down.len() < up.len() { down } else { up }
        }
    }
}

/// Walks the rows keeping the running balance; a row without a printed balance carries it
/// forward by its amount.
fn breaks<'a>(rows: impl Iterator<Item = &'a Transaction>) -> Vec<Break<'a>> {
    let mut found = Vec::new();
    let mut running: Option<(Decimal, &Transaction)> = None;
    for row in rows {
        // A pending or returned entry that prints no balance has not moved the booked balance
        // (a CAMT `PDNG` entry between two booked ones).
        if row.status != Status::Success && row.balance.is_none() {
            continue;
        }
        let signed = match row.direction {
            Direction::In => row.money.amount,
            Direction::Out => -row.money.amount,
            Direction::Neutral => Decimal::ZERO,
        };
        let expected = running.and_then(|(balance, _)| balance.checked_add(signed));
        running = match (running, expected, row.balance) {
            (Some((_, before)), Some(expected), Some(balance)) => {
                if let Some(gap) = balance.checked_sub(expected).filter(|g| !g.is_zero()) {
                    found.push(Break { before, after: row, gap });
                }
                Some((balance, row))
            }
            (Some((_, before)), Some(expected), None) => Some((expected, before)),
            (_, _, Some(balance)) => Some((balance, row)),
            (_, _, None) => None,
        };
    }
    found
}

fn finding(ctx: &Context, b: Break) -> Finding {
    let missing = Money::new(b.gap.abs(), b.after.money.currency.clone());
    let (flow, flow_zh) = if b.gap < Decimal::ZERO { ("left", "流出") } else { ("came in", "流入") };
    let (from, to) = (ctx.when(b.before), ctx.when(b.after));
    let (l1, l2, path) = (b.before.source.line, b.after.source.line, crate::model::file_name(&b.after.source.path));
    let show = |d: Option<Decimal>| d.map(crate::model::format_amount).unwrap_or_default();
    // A row between the two that could not be read (D001) is the first suspect.
    let (lo, hi) = (l1.min(l2), l1.max(l2));
    let unread: Vec<String> = ctx
        .ledger
        .rejected
        .iter()
        .filter(|r| r.source.path == b.after.source.path && lo < r.source.line && r.source.line < hi)
        .map(|r| r.source.line.to_string())
        .collect();
    let suspect = if unread.is_empty() {
        (String::new(), String::new())
    } else {
        let lines = unread.join(", ");
        (
            format!(" Line {lines} between them could not be read (D001) and may hold it."),
            format!("两行之间的第 {lines} 行无法读取（见 D001），缺少的可能就是这一行。"),
        )
    };
    Finding::new(
        &RULE,
        &[row(b.before), row(b.after)],
        ctx.t(
            format!("Balance is off by {missing} between {from} and {to}: rows are missing"),
            format!("{from} 至 {to} 的余额对不上，相差 {missing}：账单缺行"),
        ),
        ctx.t(
            format!("{path}: the balance is {} after line {l1} and {} after line {l2}, which line {l2}'s own amount does not explain: {missing} {flow} in rows that are not in the file.{}", show(b.before.balance), show(b.after.balance), suspect.0),
            format!("{path}：第 {l1} 行之后余额为 {}，第 {l2} 行之后余额为 {}，第 {l2} 行本身的金额无法解释这一变化：有 {missing} 的{flow_zh}记录不在文件中。{}", show(b.before.balance), show(b.after.balance), suspect.1),
        ),
    )
    .evidence(b.before, role::BALANCE_BEFORE)
    .evidence(b.after, role::BALANCE_AFTER)
    .spanning([b.before, b.after])
    .account(b.after.account.clone())
    .with_money(&missing)
    .advice([
        ctx.t(
            format!("Export the {} statement again for {from} – {to}, with all transaction types and all sub-accounts selected, and re-run the audit.", b.after.account),
            format!("请重新导出 {} 在 {from} 至 {to} 的账单（选择全部交易类型和全部子账户），然后重新审计。", b.after.account),
        ),
        ctx.t(
            format!("If the rows are still missing, ask the bank for the transactions between {from} and {to} totalling {missing}."),
            format!("如果仍然缺行，请向银行索取 {from} 至 {to} 之间合计 {missing} 的交易明细。"),
        ),
    ])
}
