//! S002 new-counterparty-large: first payment to a counterparty, and large for this account.
//!
//! What it detects: an outgoing payment or transfer to a counterparty that appears in no
//! earlier row of the account (in either direction), for an amount at least 20 times the
//! account's median outgoing amount, at or above its 99th percentile, and at least twice the
//! largest outgoing amount the account paid before (so a quarterly fee or a first order from
//! a new shop, in the range the account already spends, stays quiet). Thin histories are
//! not judged: the account needs at least 30 outgoing rows, and the row at least 20 before it
//! spanning a week, so the first weeks of an export (when every payee is "new") stay quiet.
//!
//! Why it matters: money taken from a compromised account goes to someone the owner never
//! paid, usually in one large amount; scams ("safe account" transfers, fake refunds) look the
//! same.
//!
//! Example: "first payment to 陈某某 ever, 4,800.00 CNY; the account's median payment is 32.50".
//!
//! Advice: check the record; if you did not make it, change the password, enable two-factor
//! authentication, beware of phishing links, and contact the wallet's support and the bank
//! (freeze the card), giving time, amount and reference.

use super::groups::{counterparty, suspicious};
use super::{Context, Rule};
use crate::analysis::{col, floats, indices};
use crate::finding::{Finding, Severity};
use polars::prelude::*;

pub const RULE: Rule = Rule {
    code: "S002",
    slug: "new-counterparty-large",
    severity: Severity::Medium,
    summary: "first payment to a counterparty, and large for this account",
    source: include_str!("s002_new_counterparty_large.rs"),
    check,
};

const TIMES_MEDIAN: f64 = 20.0;
const TIMES_PRIOR_MAX: f64 = 2.0;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let large = col(col::AMOUNT)
        .gt_eq(col("median") * lit(TIMES_MEDIAN))
        .and(col(col::AMOUNT).gt_eq(col("q99")))
        .and(col(col::AMOUNT).gt_eq(col("account_prior_max") * lit(TIMES_PRIOR_MAX)));
    let found = ctx
        .analysis
        .profiles()?
        .filter(col("judged").and(col("new_counterparty")).and(large))
        .select([col(col::ROW), col("median"), col("earlier")])
        .collect()?;
    let medians = floats(&found, "median");
    let earlier = indices(&found, "earlier");
    Ok(indices(&found, col::ROW)
        .into_iter()
        .zip(medians)
        .zip(earlier)
        .filter_map(|((row, median), earlier)| {
            let tx = ctx.tx(row)?;
            let (money, who, when) = (&tx.money, counterparty(ctx, tx), ctx.when(tx));
            let median = format!("{median:.2}");
            let title = ctx.t(
                format!("First payment to {who} in these exports, and large: {money}"),
                format!("账单中首次向{who}付款且金额较大：{money}"),
            );
            let why = ctx.t(
                format!("{when}: {money} to {who}, a counterparty none of the {earlier} earlier rows of {} mention; the account's median payment is {median} {}.", tx.account, tx.money.currency),
                format!("{when} 向{who}支付 {money}：账户 {} 此前 {earlier} 笔记录中从未出现过这个对方，而该账户支出的中位数只有 {median} {}。", tx.account, tx.money.currency),
            );
            Some(suspicious(ctx, &RULE, tx, title, why))
        })
        .collect())
}
