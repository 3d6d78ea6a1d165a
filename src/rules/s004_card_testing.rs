//! S004 card-testing: rapid small charges or declines (card testing).
//!
//! What it detects: small outgoing rows (at most 10.00) of one wallet or bank statement, paid
//! or failed, with a time of day; rows at most 5 minutes apart form a cluster, and a cluster
//! of at least 4 within 15 minutes fires when it includes a failed row, or went to at least 2
//! different counterparties with at least 2 charges of 1.00 or less. A bus ride and a coffee,
//! or a morning at the market, are not card testing; four charges of cents to different
//! merchants in ten minutes are.
//!
//! Why it matters: whoever has stolen card or account details first tries them with tiny
//! amounts, then spends big once they work.
//!
//! Example: 0.01, 0.10, 1.00 and 0.50 to four different merchants between 02:11 and 02:17.
//!
//! Advice: if these are not yours, have the card frozen by the bank at once and ask for new
//! card details; change the wallet password and enable two-factor authentication; dispute the
//! charges.

use super::describe::bank_support;
use super::groups::{row_bursts, span_text, unauthorized_advice, with_rows};
use super::identity;
use super::{Context, Rule};
use crate::analysis::{CLUSTER, col};
use crate::finding::{Finding, Severity, role};
use crate::model::{Money, Side};
use polars::prelude::*;
use rust_decimal::Decimal;

pub const RULE: Rule = Rule {
    code: "S004",
    slug: "card-testing",
    severity: Severity::High,
    summary: "rapid small charges or declines (card testing)",
    source: include_str!("s004_card_testing.rs"),
    check,
};

const SMALL: f64 = 10.0;
/// At least `MIN_TINY` of the cluster's charges are at most this.
const TINY: f64 = 1.0;
const MIN_TINY: u32 = 2;
const GAP: i64 = 5 * 60;
const MIN_ROWS: u32 = 4;
const MAX_SPAN: i64 = 15 * 60;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let small = col(col::SIDE)
        .neq(lit("attempts"))
        .and(col(col::DIRECTION).eq(lit("out")))
        .and(col(col::STATUS).eq(lit("success")).or(col(col::STATUS).eq(lit("failed"))))
        .and(col(col::AMOUNT).lt_eq(lit(SMALL)))
        .and(col(col::PRECISE));
    let any_failed = col(col::STATUS).eq(lit("failed")).any(true).over([col(CLUSTER)])?;
    let tiny = col(col::AMOUNT).lt_eq(lit(TINY)).cast(DataType::UInt32).sum().over([col(CLUSTER)])?;
    // Testers probe with cents; a morning at the market (6.50, 8.00, 5.00 at three stalls) is
    // small charges to several counterparties too, but not tiny ones.
    let probing = col("counterparties").gt_eq(lit(2u32)).and(tiny.gt_eq(lit(MIN_TINY)));
    let keep = col("size").gt_eq(lit(MIN_ROWS)).and(col("span").lt_eq(lit(MAX_SPAN))).and(probing.or(any_failed));
    // Per currency: a burst's total is one sum of one currency (a Wise account holds several).
    let groups = row_bursts(ctx.analysis.lazy().filter(small), &[col::ACCOUNT, col::CURRENCY], GAP, keep)?;
    Ok(groups.iter().filter_map(|rows| finding(ctx, rows)).collect())
}

fn finding(ctx: &Context, rows: &[usize]) -> Option<Finding> {
    let (&first_row, &last_row) = (rows.first()?, rows.last()?);
    let (first, last) = (ctx.tx(first_row)?, ctx.tx(last_row)?);
    let window = span_text(first, last);
    let n = rows.len();
    let total = ctx.txs(rows.iter().copied()).fold(Decimal::ZERO, |s, tx| s.saturating_add(tx.money.amount));
    let total = Money::new(total, first.money.currency.clone());
    let account = first.account.clone();
    let title = ctx.t(
        format!("Possible card testing: {n} tiny charges on {account} within {window}"),
        format!("疑似盗刷试探：{window} 期间 {account} 出现 {n} 笔小额扣款"),
    );
    let message = ctx.t(
        format!("{n} small charges or declines ({total} in all) on {account} during {window}. Stolen card or account details are usually tried with tiny amounts before a large purchase."),
        format!("{window} 期间 {account} 出现 {n} 笔小额扣款或失败交易（共 {total}）。盗用银行卡或账户信息的人通常先用小额试探，成功后再大额消费。"),
    );
    let mut advice = unauthorized_advice(ctx, first);
    if first.side == Side::Bank {
        advice.insert(
            0,
            ctx.t(
                format!("If they are not yours, call {} now: freeze the card, ask for a new card number, and dispute the charges.", bank_support(ctx, &account)),
                format!("如果不是您本人所为，请立即致电{}：冻结该卡、申请换卡，并对这些扣款提出异议。", bank_support(ctx, &account)),
            ),
        );
    }
    let f = Finding::new(&RULE, &identity::row_group(ctx, &[&account], rows)?, title, message)
        .account(account)
        .with_money(&total)
        .advice(advice);
    Some(with_rows(ctx, f, rows, role::SMALL_CHARGE))
}
