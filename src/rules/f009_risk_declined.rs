//! F009 risk-declined: declined by issuer or wallet risk control (suspected fraud).
//!
//! What it detects: failed top-ups declined by the issuer's or the wallet's risk control:
//! ISO 8583 `59` and `34` (suspected fraud), `05` (do not honor); gateway `fraudulent`,
//! `do_not_honor`, `merchant_blacklist`, `security_violation`; messages such as `交易存在风险`,
//! `风控拦截`, `因安全原因`, `可疑交易`, `交易异常`, `fraud`, `risk`, `suspicious`, `security`.
//! A card-state message wins: a card frozen for risk is F002.
//!
//! Why it matters: retries are declined too and can get the card or the account frozen; and if
//! the user did not make the attempts, someone else is using the card.
//!
//! Example: `2026-03-04 02:13:05, 3000.00, failed, 工商银行(9876), 59, 交易存在风险` gives
//! "Declined by risk control: 1 failed top-up with 工商银行(9876)", severity high.
//!
//! Advice: contact the bank's card service and the wallet's customer service with the time,
//! amount, order number and message, and confirm the top-ups were yours; do not keep
//! retrying.

use super::failures::Wording;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "F009",
    slug: "risk-declined",
    severity: Severity::High,
    summary: "declined by issuer or wallet risk control (suspected fraud)",
    source: include_str!("f009_risk_declined.rs"),
    check,
};

/// Title and advice templates (placeholders: see `failures::Wording`).
pub const WORDING: Wording = Wording {
    name: ["Declined by risk control", "被风控拒绝"],
    advice: &[
        [
            "Contact the card service of {bank} and {support} about the risk-control decline of {attempts} from {card} {times} ({raw}): confirm that the top-ups were yours, and give these details: {details}.",
            "请联系{bank}和{support}：{card}有 {attempts}被风控拒绝（{times}），失败原因：{raw}。请说明是您本人操作，并提供以下信息：{details}。",
        ],
        [
            "Do not keep retrying: repeated declined attempts can get the card or the account frozen. If these attempts were not yours, ask {bank} to block the card at once.",
            "请勿反复重试：多次被拒可能导致银行卡或账户被冻结。如果这些充值不是您本人操作的，请立即要求{bank}冻结该卡。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::RiskDeclined, &WORDING)
}
