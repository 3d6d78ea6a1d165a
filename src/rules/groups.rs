//! Shared pieces of the pattern (P) and suspicious-entry (S) rules: turning the rows a polars
//! query returns into evidence and spans, and the common wording.

use super::Context;
use super::describe::{wallet, wallet_support};
use crate::analysis::{CLUSTER, bursts, col, grouped};
use crate::finding::{Finding, role};
use crate::model::Transaction;
use crate::reconcile::TopUp;
use polars::prelude::*;

/// The top-ups whose speaking rows are `rows`, in the order given.
pub fn top_ups<'a>(ctx: &'a Context, top_up_indices: &[usize]) -> Vec<&'a TopUp> {
    top_up_indices.iter().filter_map(|&k| ctx.recon.top_ups.get(k)).collect()
}

/// Adds each top-up's attempt-log and wallet rows as evidence under `role`, spanning the finding.
pub fn with_attempts(ctx: &Context, mut f: Finding, group: &[&TopUp], role: role::Role) -> Finding {
    for t in group {
        for tx in ctx.txs(t.rows()) {
            f = f.evidence(tx, role);
        }
        f = f.spanning(ctx.txs(t.rows()));
    }
    f
}

/// Adds ledger rows as evidence under `role`, spanning the finding.
pub fn with_rows(ctx: &Context, mut f: Finding, rows: &[usize], role: role::Role) -> Finding {
    for tx in ctx.txs(rows.iter().copied()) {
        f = f.evidence(tx, role).spanning([tx]);
    }
    f
}

/// `2026-03-04 21:13`, `2026-03-04 21:13 – 21:40`, or `2026-03-04 21:13 – 2026-03-06 09:10`.
pub fn span_text(first: &Transaction, last: &Transaction) -> String {
    let (a, b) = (first.time.display(), last.time.display());
    if a == b {
        return a;
    }
    match (a.split_once(' '), b.split_once(' ')) {
        (Some((da, _)), Some((db, tb))) if da == db => format!("{a} – {tb}"),
        _ => format!("{a} – {b}"),
    }
}

/// The wallet all of the group's top-ups went to, if they share one.
pub fn common_provider<'a>(group: &[&'a TopUp]) -> Option<&'a str> {
    let first = group.first()?.provider.as_deref()?;
    group.iter().all(|t| t.provider.as_deref() == Some(first)).then_some(first)
}

/// A cause as messages name it: `insufficient funds` / `余额不足`.
pub fn cause_name(ctx: &Context, cause: crate::model::Cause) -> String {
    use crate::model::Cause::*;
    let (en, zh) = match cause {
        InsufficientFunds => ("insufficient funds", "余额不足"),
        CardLocked => ("card locked", "卡被冻结"),
        CardExpired => ("card expired", "卡已过期"),
        CardBinding => ("card data wrong", "绑卡信息有误"),
        BankLimit => ("bank limit", "超出限额"),
        IdentityVerification => ("verification failed", "验证失败"),
        Network => ("network", "网络故障"),
        WalletSystem => ("system error", "系统故障"),
        RiskDeclined => ("risk control", "风控拦截"),
        Unknown => ("unrecognised error", "原因不明"),
    };
    ctx.t(en.into(), zh.into())
}

/// Advice shared by the suspicious-entry rules: what to do when the owner did not make it. A
/// bank row is the bank's to freeze and dispute; a wallet row the wallet's.
pub fn unauthorized_advice(ctx: &Context, tx: &Transaction) -> Vec<String> {
    let provider = tx.provider.as_deref().or_else(|| crate::institutions::recognise([tx.account.as_str()]));
    let (when, money) = (ctx.when(tx), &tx.money);
    let reference = tx.reference.as_deref().map(|r| ctx.t(format!(", reference {r}"), format!("，单号 {r}")));
    let reference = reference.unwrap_or_default();
    let file = crate::model::file_name(&tx.source.path);
    let line = tx.source.line;
    let check = ctx.t(
        format!("Check the record ({file} line {line}: {when}, {money}{reference}): did you or someone in your household make it?"),
        format!("请核对这笔记录（{file} 第 {line} 行：{when}，{money}{reference}）：是否是您或家人本人操作？"),
    );
    if tx.side == crate::model::Side::Bank {
        let bank = super::describe::bank_support(ctx, &tx.account);
        return vec![
            check,
            ctx.t(
                format!("If not, call {bank} at once: have the card frozen and dispute the charge, giving the date {when}, the amount {money}{reference}."),
                format!("如果不是，请立即致电{bank}：冻结该卡并对这笔交易提出异议，告知日期 {when}、金额 {money}{reference}。"),
            ),
            ctx.t(
                "Then change the online-banking password, turn on two-factor authentication, and do not open links or share codes from messages claiming to be the bank (phishing).".into(),
                "然后修改网上银行密码，开启双重验证；不要点击自称银行的短信链接，也不要透露验证码（谨防钓鱼诈骗）。".into(),
            ),
        ];
    }
    let w = wallet(ctx, provider);
    let contact = wallet_support(ctx, provider);
    vec![
        check,
        ctx.t(
            format!("If not: change the {w} login and payment passwords, turn on two-factor authentication, and do not open links or share codes from messages claiming to be support (phishing)."),
            format!("如果不是：请立即修改{w}的登录密码和支付密码，开启双重验证，不要点击自称客服的短信链接，也不要透露验证码（谨防钓鱼诈骗）。"),
        ),
        ctx.t(
            format!("Then contact {contact} and the bank of any card bound to it (have the card frozen), giving the time {when}, the amount {money}{reference}."),
            format!("然后联系{contact}以及所绑定银行卡的发卡行（冻结银行卡），告知时间 {when}、金额 {money}{reference}。"),
        ),
    ]
}

/// A finding about one row that looks unauthorized: `why` says what makes it stand out, the
/// advice says what to do if the owner did not make it. Its id is the row's identity.
pub fn suspicious(ctx: &Context, rule: &super::Rule, tx: &Transaction, title: String, why: String) -> Finding {
    Finding::new(rule, &[super::identity::row(tx)], title, why)
        .evidence(tx, role::SUSPICIOUS_ROW)
        .spanning([tx])
        .account(tx.account.clone())
        .with_money(&tx.money)
        .advice(unauthorized_advice(ctx, tx))
}

/// `盒马鲜生` / `an unnamed counterparty`, echoed with card numbers masked.
pub fn counterparty(ctx: &Context, tx: &Transaction) -> String {
    match tx.counterparty.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if ctx.show_pii => c.to_string(),
        Some(c) => crate::model::mask_card_numbers(c),
        None => ctx.t("an unnamed counterparty".into(), "未具名的对方".into()),
    }
}

/// Runs of `attempts` (one group per `by` value, consecutive ones at most `gap` seconds apart,
/// see `analysis::bursts`) that `keep` admits, as groups of top-ups in time order.
pub fn attempt_bursts<'a>(
    ctx: &'a Context,
    attempts: LazyFrame,
    by: &[&str],
    gap: i64,
    keep: Expr,
) -> PolarsResult<Vec<Vec<&'a TopUp>>> {
    let found = bursts(attempts, by, gap)?.filter(keep).select([col(CLUSTER), col(col::TOP_UP).alias(col::ROW)]);
    Ok(grouped(&found.collect()?, CLUSTER).iter().map(|ks| top_ups(ctx, ks)).collect())
}

/// The same for statement rows: each run as ledger rows in time order.
pub fn row_bursts(rows: LazyFrame, by: &[&str], gap: i64, keep: Expr) -> PolarsResult<Vec<Vec<usize>>> {
    let found = bursts(rows, by, gap)?.filter(keep).select([col(CLUSTER), col(col::ROW)]);
    Ok(grouped(&found.collect()?, CLUSTER))
}

/// A group's time span as messages show it (`2026-03-04 10:02 – 10:25`).
pub fn window(ctx: &Context, group: &[&TopUp]) -> Option<String> {
    let first = group.first()?.rows().next()?;
    let last = group.last()?.rows().next()?;
    Some(span_text(ctx.tx(first)?, ctx.tx(last)?))
}

/// Rows that bring a value never seen before in their group (`analysis::profiles::first_of`),
/// once the group has `min_earlier` rows: for each `(frame, value column)`, and per row the
/// columns whose value is new on it (a new device and a new place on one row are one finding).
pub fn new_values(
    by: &str,
    sources: Vec<(LazyFrame, &'static str)>,
    min_earlier: u32,
) -> PolarsResult<std::collections::BTreeMap<usize, std::collections::BTreeSet<&'static str>>> {
    let mut new: std::collections::BTreeMap<usize, std::collections::BTreeSet<&str>> = Default::default();
    for (frame, what) in sources {
        let firsts = crate::analysis::profiles::first_of(frame, by, what, min_earlier)?;
        for row in crate::analysis::indices(&firsts.select([col(col::ROW)]).collect()?, col::ROW) {
            new.entry(row).or_default().insert(what);
        }
    }
    Ok(new)
}
