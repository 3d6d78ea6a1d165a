//! F008 wallet-system: wallet or bank system error, maintenance, service unavailable.
//!
//! What it detects: failed top-ups refused by a fault on the wallet's or bank's side: ISO
//! 8583 `91` (issuer inoperative), `92`, `96` (system malfunction), `90` (cut-off); gateway
//! `processing_error`, `issuer_not_available`, `try_again_later`; wallet codes `SYSTEMERROR`,
//! `ACQ.SYSTEM_ERROR`; messages such as `系统繁忙`, `系统异常`, `系统维护`, `服务暂不可用`,
//! `银行系统异常`, `支付通道异常`, `请稍后重试`, `system error`, `maintenance`, `service
//! unavailable`, `internal error`, `try again later`.
//!
//! The cause is also inferred for failures that record no code and no message when such
//! silent failures hit at least two different funding methods (of the same wallet or not)
//! within 15 minutes of each other: several cards do not fail silently at once for reasons
//! of their own. Such a finding has `cause_inferred: true`, and its message names the other
//! funding methods and the span of minutes.
//!
//! Why it matters: the user did nothing wrong and it usually clears by itself, but a top-up
//! that failed half-way may have been debited (R findings), and a burst of them across cards
//! points to an outage.
//!
//! Example: `2026-03-04 21:13:05, 500.00, failed, 工商银行(9876), 96, 系统繁忙，请稍后再试`
//! gives "Wallet or bank system error: 1 failed top-up with 工商银行(9876)".
//!
//! Advice: wait and retry later, checking the wallet's service status first; if the card was
//! debited, follow the R findings with the attempts' time, amount and order number.

use super::failures::Wording;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "F008",
    slug: "wallet-system",
    severity: Severity::Medium,
    summary: "wallet or bank system error, maintenance, service unavailable",
    source: include_str!("f008_wallet_system.rs"),
    check,
};

/// Title and advice templates (placeholders: see `failures::Wording`).
pub const WORDING: Wording = Wording {
    name: ["Wallet or bank system error", "钱包或银行系统故障"],
    advice: &[
        [
            "{attempts} from {card} failed {times} because of a system problem at {wallet} or {bank}, recorded as {raw}. Wait a while and retry, after checking {wallet} for service announcements.",
            "{card}有 {attempts}因{wallet}或{bank}的系统问题而失败（{times}），失败原因：{raw}。请稍后再试，重试前可先查看{wallet}的服务公告。",
        ],
        [
            "If {card} was debited for any of these attempts, see the matching R finding (R001 or R005) and keep these details for a complaint: {details}.",
            "如果{card}因这些充值被扣款，请查看对应的 R 类问题（R001 或 R005），并保留以下信息以备投诉：{details}。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::WalletSystem, &WORDING)
}
