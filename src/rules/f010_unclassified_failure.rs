//! F010 unclassified-failure: failed, cause not recognised (raw message kept).
//!
//! What it detects: failed top-ups whose code and message match none of the causes of F001
//! to F009, or that carry no error at all. Generic declines (`generic_decline`,
//! `card_declined`, `call_issuer`, ISO 8583 `12`, `交易失败`, "Your card was declined") land
//! here unless their message says more. The raw code and message are quoted in the finding.
//!
//! Why it matters: an unexplained failure cannot be acted on: the raw message is the only
//! lead, and the wallet's customer service can decode its own codes. New wording from a
//! wallet also shows up here first, which is how the classifier's tables get extended.
//!
//! Example: `2026-03-04 21:13:05, 500.00, failed, 工商银行(9876), E1024, 交易失败` gives
//! "Unclassified failure: 1 failed top-up with 工商银行(9876)", quoting `'交易失败' (E1024)`.
//!
//! Advice: contact the wallet's customer service with the time, amount, order number and the
//! error message as recorded, and ask what it means.

use super::failures::Wording;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "F010",
    slug: "unclassified-failure",
    severity: Severity::Low,
    summary: "failed, cause not recognised (raw message kept)",
    source: include_str!("f010_unclassified_failure.rs"),
    check,
};

/// Title and advice templates (placeholders: see `failures::Wording`).
pub const WORDING: Wording = Wording {
    name: ["Unclassified failure", "未识别的失败原因"],
    advice: &[
        [
            "Why {attempts} from {card} failed {times} could not be recognised; error recorded: {raw}.",
            "{card}有 {attempts}失败（{times}），但无法识别失败原因；错误信息：{raw}。",
        ],
        [
            "Contact {support}, ask what the error means and what to do, and give them the error message and these details: {details}.",
            "请联系{support}，询问该错误的含义和处理办法，并告知上述错误信息和以下充值信息：{details}。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::Unknown, &WORDING)
}
