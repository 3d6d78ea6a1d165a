//! P004 retry-storm: many attempts in minutes (velocity limits, duplicate-charge risk).
//!
//! What it detects: the top-up attempts to one wallet in time order; consecutive attempts at
//! most 3 minutes apart form a cluster, and a cluster in which some 5 consecutive attempts
//! fall within 10 minutes is a retry storm (all of the cluster is reported, however long it
//! went on), whatever their statuses. A failure and one retry that succeeds
//! is not a storm.
//!
//! Why it matters: banks and wallets count attempts: a storm trips velocity limits and risk
//! control (then even good attempts are declined), and any attempt that timed out may still
//! be charged, so a storm is where duplicate debits come from (see R002).
//!
//! Example: six top-ups of 500.00 from 工商银行(9876) between 15:02 and 15:09, five of them
//! failing with `系统繁忙`.
//!
//! Advice: stop and wait before retrying; check the card's statement for each attempt of the
//! storm (duplicate debits); if the wallet or bank blocked further attempts, wait for the
//! block to lapse or call them.

use super::describe::{wallet, wallet_support};
use super::groups::{attempt_bursts, common_provider, window, with_attempts};
use super::identity;
use super::{Context, Rule};
use crate::analysis::{CLUSTER, col};
use crate::finding::{Finding, Severity, role};
use crate::model::Status;
use polars::prelude::*;

pub const RULE: Rule = Rule {
    code: "P004",
    slug: "retry-storm",
    severity: Severity::Medium,
    summary: "many attempts in minutes (velocity limits, duplicate-charge risk)",
    source: include_str!("p004_retry_storm.rs"),
    check,
};

const GAP: i64 = 3 * 60;
const MIN_ATTEMPTS: u32 = 5;
const MAX_SPAN: i64 = 10 * 60;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    // Some MIN_ATTEMPTS consecutive attempts of the cluster fall within MAX_SPAN: a storm that
    // goes on longer is still a storm.
    let cluster = || [col(CLUSTER)];
    let ahead = col(col::AT).shift(lit(-(i64::from(MIN_ATTEMPTS) - 1))).over(cluster())?;
    let fast = (ahead - col(col::AT)).lt_eq(lit(MAX_SPAN)).fill_null(lit(false));
    let keep = col("size").gt_eq(lit(MIN_ATTEMPTS)).and(fast.any(true).over(cluster())?);
    let groups = attempt_bursts(ctx, ctx.analysis.attempts(), &[col::PROVIDER], GAP, keep)?;
    Ok(groups.iter().filter_map(|group| finding(ctx, group)).collect())
}

fn finding(ctx: &Context, group: &[&crate::reconcile::TopUp]) -> Option<Finding> {
    let window = window(ctx, group)?;
    let n = group.len();
    let failed = group.iter().filter(|t| t.status == Status::Failed).count();
    let debited = group.iter().filter(|t| t.debit.is_some()).count();
    let provider = common_provider(group);
    let w = wallet(ctx, provider);
    let title = ctx.t(
        format!("Retry storm: {n} top-ups to {w} within {window}"),
        format!("短时间内反复充值：{window} 向{w}发起 {n} 笔充值"),
    );
    let message = ctx.t(
        format!("{n} top-up attempts to {w} during {window}, {failed} of them failed; {debited} {} a bank debit matched. So many attempts in minutes trip the bank's and wallet's velocity limits and risk duplicate charges.", if debited == 1 { "has" } else { "have" }),
        format!("{window} 期间向{w}发起了 {n} 笔充值，其中 {failed} 笔失败，{debited} 笔已匹配到银行扣款。几分钟内多次尝试容易触发银行和钱包的频率限制，也可能造成重复扣款。"),
    );
    let advice = vec![
        ctx.t(
            "Stop and wait (30 minutes or more) before trying again; repeated attempts make risk control decline even good ones.".into(),
            "请先停下来，等待 30 分钟以上再试；反复尝试会让风控连正常的充值也拒绝。".into(),
        ),
        ctx.t(
            format!("Check the card statement for every attempt of {window}: if more than one was debited, ask {} for a refund of the extra debit (see R002 if reported).", wallet_support(ctx, provider)),
            format!("请逐笔核对 {window} 期间的银行扣款：如果被扣了不止一次，请联系{}退还多扣的款项（如有 R002 发现，请一并查看）。", wallet_support(ctx, provider)),
        ),
    ];
    let about = provider.unwrap_or("all wallets");
    let f = Finding::new(&RULE, &identity::top_up_group(ctx, &[about], group)?, title, message)
        .account(about)
        .advice(advice);
    Some(with_attempts(ctx, f, group, role::ATTEMPT))
}
