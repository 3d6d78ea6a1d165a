//! S006 after-verification-failures: value moved shortly after failed verification attempts.
//!
//! What it detects: at least 2 top-ups of one wallet that failed identity verification (SMS
//! code, PIN, face, real-name; as F006 reads them) within 30 minutes, followed within 60
//! minutes of the last one by a successful outgoing payment or transfer on that wallet's own
//! statement (not a top-up), with no successful top-up of that wallet in between: a retry
//! that passes verification is the owner getting the code right.
//!
//! Why it matters: someone failing the checks and then moving money is how account takeovers
//! look: the checks were guessed or bypassed (a SIM swap, a phished code). This is the most
//! urgent finding the audit can make.
//!
//! Example: two `短信验证码错误` at 02:10 and 02:14, then a 3,000.00 transfer at 02:31.
//!
//! Advice: act now: contact the wallet's support to freeze the account, call the bank to
//! freeze the cards bound to it, change the passwords, and report the transfer (time, amount,
//! reference).

use super::describe::wallet;
use super::groups::{attempt_bursts, counterparty, unauthorized_advice, with_attempts};
use super::identity;
use super::{Context, Rule};
use crate::analysis::{col, indices, strings};
use crate::finding::{Cause, Finding, Severity, role};
use polars::prelude::*;

pub const RULE: Rule = Rule {
    code: "S006",
    slug: "after-verification-failures",
    severity: Severity::Critical,
    summary: "value moved shortly after failed verification attempts",
    source: include_str!("s006_after_verification_failures.rs"),
    check,
};

const GAP: i64 = 30 * 60;
const MIN_FAILURES: u32 = 2;
/// Value moved this long (seconds) after the last failure counts.
const AFTER: i64 = 60 * 60;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let failures = ctx.analysis.failures(&["identity-verification"]);
    let clusters = attempt_bursts(ctx, failures, &[col::PROVIDER], GAP, col("size").gt_eq(lit(MIN_FAILURES)))?;
    let moves = ctx
        .analysis
        .outgoing()
        .filter(col(col::SIDE).eq(lit("wallet")).and(col(col::PRECISE)))
        .sort([col::AT], SortMultipleOptions::default())
        .select([col(col::ROW), col(col::PROVIDER)])
        .collect()?;
    let moves: Vec<(usize, i64, Option<String>)> = indices(&moves, col::ROW)
        .into_iter()
        .zip(strings(&moves, col::PROVIDER))
        .filter_map(|(r, p)| Some((r, ctx.tx(r)?.time.at.timestamp(), p)))
        .collect();
    let successes = ctx.analysis.attempts().filter(col(col::STATUS).eq(lit("success")));
    let successes = successes.select([col(col::ROW), col(col::PROVIDER)]).collect()?;
    let mut successes: Vec<(i64, Option<String>)> = indices(&successes, col::ROW)
        .into_iter()
        .zip(strings(&successes, col::PROVIDER))
        .filter_map(|(r, p)| Some((ctx.tx(r)?.time.at.timestamp(), p)))
        .collect();
    successes.sort_unstable();
    let mut found = Vec::new();
    for group in clusters {
        let Some(last) = group.last() else { continue };
        let (provider, last_at) = (last.provider.clone(), last.time.at.timestamp());
        // Both lists are in time order: look only after the last failure (scanning all of them
        // for every cluster was quadratic).
        let after = moves.get(moves.partition_point(|m| m.1 <= last_at)..).unwrap_or_default();
        let moved = after.iter().take_while(|m| m.1 - last_at <= AFTER).find(|(_, _, p)| *p == provider);
        let Some(&(row, moved_at, _)) = moved else { continue };
        // A top-up of the wallet that succeeded in between is the owner getting the code right.
        let since = successes.get(successes.partition_point(|s| s.0 <= last_at)..).unwrap_or_default();
        let retried = since.iter().take_while(|s| s.0 <= moved_at).any(|(_, p)| *p == provider);
        if !retried {
            found.extend(finding(ctx, &group, row));
        }
    }
    Ok(found)
}

fn finding(ctx: &Context, group: &[&crate::reconcile::TopUp], moved: usize) -> Option<Finding> {
    let tx = ctx.tx(moved)?;
    let w = wallet(ctx, tx.provider.as_deref());
    let (n, money, who, when) = (group.len(), &tx.money, counterparty(ctx, tx), ctx.when(tx));
    let failed_at: Vec<String> = group.iter().map(|t| t.time.display()).collect();
    let sep = ctx.lang.pick(", ", "、");
    let title = ctx.t(
        format!("{money} left {w} right after {n} failed verifications"),
        format!("{w}连续 {n} 次验证失败后随即转出 {money}"),
    );
    let message = ctx.t(
        format!("Identity verification failed {n} times ({}), then at {when} {money} went to {who}. Failed checks followed by money moving is how account takeovers look.", failed_at.join(sep)),
        format!("身份验证连续失败 {n} 次（{}），随后在 {when} 向{who}转出 {money}。验证失败后紧接着资金转出，是账户被盗用的典型迹象。", failed_at.join(sep)),
    );
    let mut advice = vec![ctx.t(
        format!("Act now if this was not you: ask {w} support to freeze the account and call the bank to freeze the cards bound to it."),
        format!("如果不是您本人操作，请立即行动：联系{w}客服冻结账户，并致电银行冻结所绑定的银行卡。"),
    )];
    advice.extend(unauthorized_advice(ctx, tx));
    // About the value that moved: failures joining the cluster before it keep its id.
    let f = Finding::new(&RULE, &[tx.account.clone(), identity::row(tx)], title, message)
        .cause(Cause::IdentityVerification)
        .account(tx.account.clone())
        .with_money(money)
        .advice(advice);
    let f = with_attempts(ctx, f, group, role::FAILED_VERIFICATION);
    Some(f.evidence(tx, role::MONEY_MOVED).spanning([tx]))
}
