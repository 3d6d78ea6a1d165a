//! P006 outdated-app: failures concentrated on an older wallet app version (from `app_version`).
//!
//! What it detects: top-up attempts whose log records the wallet app's version, wallet by
//! wallet (each app has its own numbering). Versions are ordered by their numbers (`8.0.9` <
//! `8.0.50`, `v8.0.50` is `8.0.50`); every version below the newest one seen for that wallet
//! is "older"; versions that are not numbers (`beta`) are left out. Failures counted are those the user's card or bank does not explain (network,
//! wallet-system, unknown). It fires when attempts on older versions failed at least 4 times,
//! at a higher rate than on the newest version (which must have at least 10 attempts), and a
//! one-sided Fisher exact test gives p < 0.001. Without an `app_version` column it says
//! nothing.
//!
//! Why it matters: wallets retire old app versions and old versions carry bugs; failures that
//! stop once the app is updated are not the bank's doing.
//!
//! Example: "7 of 18 attempts on 8.0.48 and older failed, against 1 of 40 on 8.0.50; p < 0.001".
//!
//! Advice: update the wallet app from the official store; keep automatic updates on.

use super::describe::wallet;
use super::groups::{common_provider, top_ups, with_attempts};
use super::identity;
use super::{Context, Rule};
use crate::analysis::{USER_CAUSES, col, indices, rates, stats, strings};
use crate::finding::{Finding, Severity, role};
use polars::prelude::*;

pub const RULE: Rule = Rule {
    code: "P006",
    slug: "outdated-app",
    severity: Severity::Medium,
    summary: "failures concentrated on an older wallet app version (from `app_version`)",
    source: include_str!("p006_outdated_app.rs"),
    check,
};

const MIN_FAILURES: u64 = 4;
const MIN_NEWEST: u64 = 10;
const ALPHA: f64 = 0.001;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

/// A failure the user's card, bank or identity does not explain.
fn app_failure() -> Expr {
    let user = USER_CAUSES.iter().fold(lit(false), |acc, c| acc.or(col(col::CAUSE).eq(lit(*c))));
    col(col::STATUS).eq(lit("failed")).and(user.fill_null(lit(false)).not())
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    // Each wallet's versions are their own scale: WeChat's 8.0.x is not older than Alipay's 10.6.x.
    let wallets = ctx.analysis.attempts().filter(col(col::APP_VERSION).is_not_null()).select([col(col::PROVIDER)]);
    let wallets = wallets.unique_stable(None, UniqueKeepStrategy::First).collect()?;
    let mut found = Vec::new();
    for wallet in strings(&wallets, col::PROVIDER) {
        let of_wallet = match &wallet {
            Some(w) => col(col::PROVIDER).eq(lit(w.clone())),
            None => col(col::PROVIDER).is_null(),
        };
        found.extend(judge(ctx, ctx.analysis.attempts().filter(of_wallet))?);
    }
    Ok(found)
}

/// The finding for one wallet's attempts, if its older versions fail beyond chance.
fn judge(ctx: &Context, attempts: LazyFrame) -> PolarsResult<Option<Finding>> {
    // Versions as numbers: `v8.0.50` and `8.0.50` are one version; `beta` or `8..0` cannot be
    // placed on the scale and are left out.
    let per_version: Vec<(String, String, u64, u64)> = rates(attempts.clone(), col::APP_VERSION, app_failure())?
        .into_iter()
        .filter_map(|(raw, n, k)| stats::numeric_version(&raw).map(|v| (raw, v, n, k)))
        .collect();
    let Some(newest) = per_version.iter().map(|(_, v, _, _)| v.as_str()).max_by(|a, b| stats::compare_versions(a, b))
    else {
        return Ok(None);
    };
    let newest = newest.to_string();
    let (mut k_old, mut n_old, mut k_new, mut n_new) = (0, 0, 0, 0);
    for (_, v, n, k) in &per_version {
        if *v == newest {
            (k_new, n_new) = (k_new + k, n_new + n);
        } else {
            (k_old, n_old) = (k_old + k, n_old + n);
        }
    }
    let p = stats::fisher_greater(k_old, n_old, k_new, n_new);
    let higher = (k_old as f64) * (n_new as f64) > (k_new as f64) * (n_old as f64);
    if k_old < MIN_FAILURES || n_new < MIN_NEWEST || !higher || p >= ALPHA {
        return Ok(None);
    }
    let old_raw = per_version.iter().filter(|(_, v, _, _)| *v != newest).map(|(raw, _, _, _)| raw.clone());
    let old = old_raw.fold(lit(false), |acc, raw| acc.or(col(col::APP_VERSION).eq(lit(raw))));
    let failures = attempts.filter(old.and(app_failure())).sort([col::AT], Default::default()).collect()?;
    let group = top_ups(ctx, &indices(&failures, col::TOP_UP));
    let mut older: Vec<&str> = per_version.iter().map(|(_, v, _, _)| v.as_str()).filter(|v| *v != newest).collect();
    older.sort_by(|a, b| stats::compare_versions(a, b));
    older.dedup();
    let older = older.join(ctx.lang.pick(", ", "、"));
    let provider = common_provider(&group);
    let w = wallet(ctx, provider);
    let p_text = stats::p_text(p);
    let title = ctx.t(
        format!("Failures concentrate on an older {w} app: {k_old} of {n_old} attempts failed"),
        format!("旧版{w}应用失败明显偏多：{n_old} 笔充值中 {k_old} 笔失败"),
    );
    let message = ctx.t(
        format!("{k_old} of {n_old} attempts on app version {older} failed (network, system or unexplained errors), against {k_new} of {n_new} on {newest}; {p_text}."),
        format!("应用版本 {older} 上的 {n_old} 笔充值中有 {k_old} 笔失败（网络、系统或原因不明），而 {newest} 版本 {n_new} 笔中只有 {k_new} 笔；{p_text}。"),
    );
    let advice = vec![
        ctx.t(
            format!("Update {w} to the latest version ({newest} or newer) from the official app store, and keep automatic updates on."),
            format!("请通过官方应用商店将{w}更新到最新版本（{newest} 或更新），并开启自动更新。"),
        ),
        ctx.t(
            "If a failed attempt was still debited, it shows as an R finding: check those first.".into(),
            "如果失败的充值仍被扣款，会以 R 类发现列出：请先处理这些。".into(),
        ),
    ];
    let about = provider.unwrap_or("all wallets");
    let Some(keys) = identity::top_up_group(ctx, &[about], &group) else { return Ok(None) };
    let f = Finding::new(&RULE, &keys, title, message).account(about).advice(advice);
    Ok(Some(with_attempts(ctx, f, &group, role::FAILED_ATTEMPT)))
}
