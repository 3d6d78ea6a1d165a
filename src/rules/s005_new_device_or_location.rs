//! S005 new-device-or-location: device or location never seen before this.
//!
//! What it detects: wallet and attempt-log rows that record the device or location (the
//! attempt log's `device` and `location` columns), per wallet: the first row with a device, or a location, that none of
//! the wallet's earlier rows shows, once the wallet has at least 20 earlier rows with one. It
//! fires once per new device or location (on its first row), not on every later use. Without
//! those columns it says nothing.
//!
//! Why it matters: a wallet used from a phone or a city its owner never used is the classic
//! sign of a taken-over account (a SIM swap, a phished password used elsewhere).
//!
//! Example: "the first top-up from `Redmi K70` in 深圳; the 58 earlier ones came from `iPhone
//! 15` in 上海".
//!
//! Advice: if it was not you (a new phone, a trip), log out other devices in the wallet's
//! security settings, change the password, enable two-factor authentication, and contact the
//! wallet's support and the bank.

use super::describe::wallet;
use super::groups::{new_values, suspicious};
use super::{Context, Rule};
use crate::analysis::col;
use crate::finding::{Finding, Severity};
use polars::prelude::*;
use std::collections::BTreeSet;

pub const RULE: Rule = Rule {
    code: "S005",
    slug: "new-device-or-location",
    severity: Severity::High,
    summary: "device or location never seen before this",
    source: include_str!("s005_new_device_or_location.rs"),
    check,
};

const MIN_EARLIER: u32 = 20;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    // Bank rows carry a country (S008's business), not where the wallet was used.
    let rows = || ctx.analysis.lazy().filter(col(col::SIDE).neq(lit("bank")));
    let new = new_values(col::PROVIDER, vec![(rows(), col::DEVICE), (rows(), col::LOCATION)], MIN_EARLIER)?;
    Ok(new.into_iter().filter_map(|(row, what)| finding(ctx, row, &what)).collect())
}

fn finding(ctx: &Context, row: usize, what: &BTreeSet<&str>) -> Option<Finding> {
    let tx = ctx.tx(row)?;
    let w = wallet(ctx, tx.provider.as_deref());
    let device = tx.device.as_deref().filter(|_| what.contains(col::DEVICE));
    let location = tx.location.as_deref().filter(|_| what.contains(col::LOCATION));
    let earlier = |pick: fn(&crate::model::Transaction) -> Option<&str>| -> Vec<String> {
        let mut seen: Vec<String> = ctx
            .ledger
            .transactions
            .iter()
            .take(row)
            .filter(|t| t.provider == tx.provider && t.side != crate::model::Side::Bank)
            .filter_map(|t| pick(t).map(str::trim))
            .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("unknown"))
            .map(str::to_string)
            .collect();
        seen.sort();
        seen.dedup();
        seen
    };
    let (devices, places) = (earlier(|t| t.device.as_deref()), earlier(|t| t.location.as_deref()));
    let (sep, when) = (ctx.lang.pick(", ", "、"), ctx.when(tx));
    let (en, zh) = match (device, location) {
        (Some(d), Some(l)) => {
            (format!("a new device ({d}) in a new place ({l})"), format!("新设备（{d}）、新地点（{l}）"))
        }
        (Some(d), None) => (format!("a new device ({d})"), format!("新设备（{d}）")),
        (None, Some(l)) => (format!("a new place ({l})"), format!("新地点（{l}）")),
        (None, None) => ("a new device".into(), "新设备".into()),
    };
    let title = ctx.t(format!("{w} used from {en}"), format!("{w}在{zh}上使用"));
    let (from_en, from_zh) = match (devices.is_empty(), places.is_empty()) {
        (false, false) => (
            format!(" came from {} in {}", devices.join(sep), places.join(sep)),
            format!("都来自{}，地点为{}", devices.join(sep), places.join(sep)),
        ),
        (false, true) => (format!(" came from {}", devices.join(sep)), format!("都来自{}", devices.join(sep))),
        (true, false) => (format!(" came from {}", places.join(sep)), format!("都来自{}", places.join(sep))),
        (true, true) => (" recorded neither".to_string(), "都没有记录设备或地点".to_string()),
    };
    let why = ctx.t(
        format!("{when}: {} from {en}; every earlier row of {w}{from_en}.", tx.money),
        format!("{when}：{zh}发起 {}；{w}此前的记录{from_zh}。", tx.money),
    );
    Some(suspicious(ctx, &RULE, tx, title, why))
}
