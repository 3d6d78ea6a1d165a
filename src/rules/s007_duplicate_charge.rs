//! S007 duplicate-charge: same counterparty, same amount, minutes apart.
//!
//! What it detects: two or more successful outgoing payments of one account to the same
//! counterparty for the same amount, each at most 10 minutes after the previous one (rows with
//! a time of day), for more than 10.00: repeated bus fares and small change are everyday life
//! (and tiny repeated charges are S004's business). Top-ups are R002's.
//!
//! Why it matters: a payment page that hung and was submitted again, a merchant terminal that
//! charged twice, or someone replaying the payment.
//!
//! Example: 88.00 to 盒马鲜生 at 12:41 and again at 12:44.
//!
//! Advice: if you paid once, ask the merchant for a refund of the second charge with both
//! references; if the merchant will not, open a dispute with the wallet's support.

use super::describe::wallet_support;
use super::groups::{counterparty, row_bursts, span_text, with_rows};
use super::identity;
use super::{Context, Rule};
use crate::analysis::col;
use crate::finding::{Finding, Severity, role};
use polars::prelude::*;

pub const RULE: Rule = Rule {
    code: "S007",
    slug: "duplicate-charge",
    severity: Severity::Medium,
    summary: "same counterparty, same amount, minutes apart",
    source: include_str!("s007_duplicate_charge.rs"),
    check,
};

const GAP: i64 = 10 * 60;
/// Amounts up to this are not judged.
const SMALL: f64 = 10.0;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let rows = ctx
        .analysis
        .outgoing()
        .filter(col(col::PRECISE).and(col(col::COUNTERPARTY).is_not_null()).and(col(col::AMOUNT).gt(lit(SMALL))));
    let groups = row_bursts(
        rows,
        &[col::ACCOUNT, col::CURRENCY, col::COUNTERPARTY, col::AMOUNT],
        GAP,
        col("size").gt_eq(lit(2u32)),
    )?;
    Ok(groups.iter().filter_map(|rows| finding(ctx, rows)).collect())
}

fn finding(ctx: &Context, rows: &[usize]) -> Option<Finding> {
    let (&first_row, &last_row) = (rows.first()?, rows.last()?);
    let (first, last) = (ctx.tx(first_row)?, ctx.tx(last_row)?);
    let (n, money, who, window) = (rows.len(), &first.money, counterparty(ctx, first), span_text(first, last));
    let refs: Vec<&str> = ctx.txs(rows.iter().copied()).filter_map(|tx| tx.reference.as_deref()).collect();
    let refs = refs.join(ctx.lang.pick(", ", "、"));
    let support = wallet_support(ctx, first.provider.as_deref());
    let title = ctx.t(
        format!("Charged {n} times: {money} to {who} within minutes"),
        format!("疑似重复扣款：几分钟内向{who}支付 {n} 次 {money}"),
    );
    let message = ctx.t(
        format!("{n} payments of {money} to {who} on {} during {window}: a payment submitted twice or a merchant charging twice.", first.account),
        format!("{window} 期间 {} 向{who}支付了 {n} 次 {money}：可能是重复提交，或商户重复扣款。", first.account),
    );
    let advice = vec![
        ctx.t(
            format!("If you paid only once, ask {who} to refund the extra charge, quoting the references ({refs})."),
            format!("如果您只付过一次，请联系{who}退还多扣的款项，并提供单号（{refs}）。"),
        ),
        ctx.t(
            format!("If the merchant does not refund it, open a dispute with {support}, giving the times ({window}) and the amount {money}."),
            format!("如果商户不予退款，请向{support}申请投诉或退款，告知时间（{window}）和金额 {money}。"),
        ),
    ];
    let about = [first.account.as_str(), first.counterparty.as_deref().unwrap_or("")];
    let f = Finding::new(&RULE, &identity::row_group(ctx, &about, rows)?, title, message)
        .account(first.account.clone())
        .with_money(money)
        .advice(advice);
    Some(with_rows(ctx, f, rows, role::CHARGE))
}
