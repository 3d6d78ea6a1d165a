//! S008 unusual-currency: currency or country this account never used.
//!
//! What it detects: a row in a currency, or (on bank rows that record it, like ICBC's
//! 交易国家或地区简称) from a country, that none of the account's earlier rows used, once the
//! account has at least 20 earlier rows. It fires once per new currency or country, on its
//! first row.
//!
//! Why it matters: card details stolen online are typically used abroad or with foreign
//! merchants; a first charge in dollars on a card that only ever paid in yuan deserves a look.
//!
//! Example: "the first row in USD (country USA) on icbc:4321; its 212 earlier rows were all CNY
//! in CHN".
//!
//! Advice: if you were not abroad or shopping from a foreign site, call the bank to freeze the
//! card and dispute the charge; consider turning off foreign or card-not-present payments.

use super::groups::{counterparty, new_values, suspicious};
use super::{Context, Rule};
use crate::analysis::col;
use crate::finding::{Finding, Severity};
use polars::prelude::*;
use std::collections::BTreeSet;

pub const RULE: Rule = Rule {
    code: "S008",
    slug: "unusual-currency",
    severity: Severity::Low,
    summary: "currency or country this account never used",
    source: include_str!("s008_unusual_currency.rs"),
    check,
};

const MIN_EARLIER: u32 = 20;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let bank = ctx.analysis.lazy().filter(col(col::SIDE).eq(lit("bank")));
    let new = new_values(col::ACCOUNT, vec![(ctx.analysis.lazy(), col::CURRENCY), (bank, col::LOCATION)], MIN_EARLIER)?;
    Ok(new.into_iter().filter_map(|(row, what)| finding(ctx, row, &what)).collect())
}

fn finding(ctx: &Context, row: usize, what: &BTreeSet<&str>) -> Option<Finding> {
    let tx = ctx.tx(row)?;
    let earlier = |pick: fn(&crate::model::Transaction) -> Option<&str>| -> String {
        let mut seen: Vec<&str> =
            ctx.ledger.transactions.iter().take(row).filter(|t| t.account == tx.account).filter_map(pick).collect();
        seen.sort();
        seen.dedup();
        seen.join("/")
    };
    let currency = what.contains(col::CURRENCY).then_some(tx.money.currency.as_str());
    let country = tx.location.as_deref().filter(|_| what.contains(col::LOCATION));
    let (new_en, new_zh) = match (currency, country) {
        (Some(c), Some(l)) => (format!("currency {c} and country {l}"), format!("币种 {c}、国家或地区 {l}")),
        (Some(c), None) => (format!("currency {c}"), format!("币种 {c}")),
        (None, Some(l)) => (format!("country {l}"), format!("国家或地区 {l}")),
        (None, None) => ("currency".into(), "币种".into()),
    };
    let before = if currency.is_some() {
        earlier(|t| Some(t.money.currency.as_str()))
    } else {
        earlier(|t| t.location.as_deref())
    };
    let (when, who) = (ctx.when(tx), counterparty(ctx, tx));
    let title = ctx.t(
        format!("First {new_en} ever on {}: {}", tx.account, tx.money),
        format!("{} 首次出现{new_zh}：{}", tx.account, tx.money),
    );
    let why = ctx.t(
        format!("{when}: {} with {who} in {new_en}; every earlier row of {} was {before}.", tx.money, tx.account),
        format!("{when}：与{who}的一笔 {}，{new_zh}；{} 此前的记录都是 {before}。", tx.money, tx.account),
    );
    Some(suspicious(ctx, &RULE, tx, title, why))
}
