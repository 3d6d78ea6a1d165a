//! S003 amount-outlier: amount far outside the account's usual (robust z-score).
//!
//! What it detects: an outgoing payment or transfer to a counterparty the account has dealt
//! with before (a new one is S002's), whose amount is far above the account's usual: a robust
//! z-score (amount − median) / (1.4826 × MAD) of at least 8 over the account's outgoing
//! amounts, at least 3 times the median, and at least 5 times the largest earlier payment to
//! the same counterparty. So the monthly rent to the same landlord, a salary transfer or a
//! weekly top-up of the same amount is never an outlier. Thin histories are not judged (30
//! outgoing rows, 20 before the row over a week).
//!
//! Why it matters: a compromised account is emptied through merchants the owner uses too;
//! an amount many times anything paid there before is worth a look.
//!
//! Example: "1,999.00 CNY to 美团; the largest earlier payment there was 86.40, the account's
//! median is 32.50 (robust z = 41)".
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
    code: "S003",
    slug: "amount-outlier",
    severity: Severity::Medium,
    summary: "amount far outside the account's usual (robust z-score)",
    source: include_str!("s003_amount_outlier.rs"),
    check,
};

const MIN_Z: f64 = 8.0;
const TIMES_MEDIAN: f64 = 3.0;
const TIMES_PRIOR_MAX: f64 = 5.0;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let z = (col(col::AMOUNT) - col("median")) / (col("mad") * lit(1.4826));
    let outlier = z
        .clone()
        .gt_eq(lit(MIN_Z))
        .and(col(col::AMOUNT).gt_eq(col("median") * lit(TIMES_MEDIAN)))
        .and(col(col::AMOUNT).gt_eq(col("prior_max") * lit(TIMES_PRIOR_MAX)));
    let found = ctx
        .analysis
        .profiles()?
        .filter(col("judged").and(col("new_counterparty").not()).and(col("prior_max").is_not_null()))
        .with_column(z.alias("z"))
        .filter(outlier)
        .select([col(col::ROW), col("median"), col("prior_max"), col("z")])
        .collect()?;
    let (medians, prior, zs) = (floats(&found, "median"), floats(&found, "prior_max"), floats(&found, "z"));
    Ok(indices(&found, col::ROW)
        .into_iter()
        .zip(medians)
        .zip(prior)
        .zip(zs)
        .filter_map(|(((row, median), prior), z)| {
            let tx = ctx.tx(row)?;
            let (money, who, when, ccy) = (&tx.money, counterparty(ctx, tx), ctx.when(tx), &tx.money.currency);
            let (median, prior) = (format!("{median:.2}"), format!("{prior:.2}"));
            let z = if z.is_finite() { format!("{z:.0}") } else { "∞".to_string() };
            let title = ctx.t(
                format!("Unusually large payment: {money} to {who}"),
                format!("金额异常偏大：向{who}支付 {money}"),
            );
            let why = ctx.t(
                format!("{when}: {money} to {who}; the largest earlier payment there was {prior} {ccy}, and the account's median payment is {median} {ccy} (robust z = {z})."),
                format!("{when} 向{who}支付 {money}；此前向该对方的最大一笔为 {prior} {ccy}，该账户支出的中位数为 {median} {ccy}（稳健 z 值 = {z}）。"),
            );
            Some(suspicious(ctx, &RULE, tx, title, why))
        })
        .collect())
}
