//! P005 verification-lockout: repeated identity-verification failures.
//!
//! What it detects: the top-ups of one wallet that failed identity verification (cause
//! `identity-verification`, as F006 reads it: SMS code, PIN, face, real-name, SCA), in time
//! order; failures at most 30 minutes apart, with no successful top-up of that wallet between
//! them, form a cluster, and a cluster of at least 3 is a lockout pattern. One mistyped code
//! followed by a success is not, nor are three typos each corrected at once.
//!
//! Why it matters: after a few wrong codes or PINs, banks and wallets lock payments for hours
//! or a day; and if it was not the owner typing, someone is trying to get past the account's
//! protection (see S006 for value moved right after such failures).
//!
//! Example: three `短信验证码错误` failures on Alipay between 10:02 and 10:11.
//!
//! Advice: stop retrying before the account is locked; check the phone number the bank has on
//! file and that SMS codes arrive; if you did not make these attempts, change the wallet
//! password and contact the wallet's support at once.

use super::describe::{wallet, wallet_support};
use super::groups::{attempt_bursts, common_provider, window, with_attempts};
use super::identity;
use super::{Context, Rule};
use crate::analysis::{col, success_runs};
use crate::finding::{Cause, Finding, Severity, role};
use polars::prelude::*;

pub const RULE: Rule = Rule {
    code: "P005",
    slug: "verification-lockout",
    severity: Severity::High,
    summary: "repeated identity-verification failures",
    source: include_str!("p005_verification_lockout.rs"),
    check,
};

const GAP: i64 = 30 * 60;
const MIN_FAILURES: u32 = 3;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    // A success ends the streak: the owner got the code right.
    let verification = col(col::STATUS).eq(lit("failed")).and(col(col::CAUSE).eq(lit("identity-verification")));
    let failures = success_runs(ctx.analysis.attempts(), &[col::PROVIDER])?.filter(verification.fill_null(lit(false)));
    let by = [col::PROVIDER, "run"];
    let groups = attempt_bursts(ctx, failures, &by, GAP, col("size").gt_eq(lit(MIN_FAILURES)))?;
    Ok(groups.iter().filter_map(|group| finding(ctx, group)).collect())
}

fn finding(ctx: &Context, group: &[&crate::reconcile::TopUp]) -> Option<Finding> {
    let window = window(ctx, group)?;
    let n = group.len();
    let provider = common_provider(group);
    let (w, support) = (wallet(ctx, provider), wallet_support(ctx, provider));
    let title = ctx.t(
        format!("Verification lockout risk: {n} failed verifications on {w} within {window}"),
        format!("身份验证连续失败：{window} 期间{w}验证失败 {n} 次"),
    );
    let message = ctx.t(
        format!("{n} top-ups to {w} failed identity verification (SMS code, PIN, face or real-name check) during {window}. A few more wrong attempts usually lock payments for hours or a day."),
        format!("{window} 期间向{w}充值时连续 {n} 次身份验证失败（短信验证码、密码、人脸或实名校验）。再错几次通常会被锁定支付数小时甚至一天。"),
    );
    let advice = vec![
        ctx.t(
            "Stop retrying now, before the account or card is locked; wait and make sure the SMS codes arrive on the phone number the bank has on file.".into(),
            "请立即停止重试，以免账户或银行卡被锁定；稍后再试，并确认验证码发送到了银行预留的手机号。".into(),
        ),
        ctx.t(
            format!("If you did not make these attempts, someone is trying to get past your protection: change the {w} password, turn on two-factor authentication, and contact {support} at once."),
            format!("如果这些操作不是您本人所为，说明有人在尝试突破您的账户保护：请立即修改{w}密码、开启双重验证，并马上联系{support}。"),
        ),
    ];
    let about = provider.unwrap_or("all wallets");
    let f = Finding::new(&RULE, &identity::top_up_group(ctx, &[about], group)?, title, message)
        .cause(Cause::IdentityVerification)
        .account(about)
        .advice(advice);
    Some(with_attempts(ctx, f, group, role::FAILED_ATTEMPT))
}
