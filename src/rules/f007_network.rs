//! F007 network: timeout, connection lost, request not sent.
//!
//! What it detects: failed top-ups that never got an answer: ISO 8583 `68` (response
//! received too late); messages such as `网络超时`, `网络异常`, `连接失败`, `请求未发送`, `信号
//! 弱`, `连接断开`, `timeout`, `timed out`, `connection`, `unreachable`, `no response`. Every
//! timeout counts here, a bank's too (`银行系统超时`), except a verification code that timed out
//! (F006).
//!
//! Why it matters: the request may or may not have reached the bank. A timed-out top-up can
//! still complete, or be debited without credit (see the R findings), and a blind retry can
//! pay twice. Clusters in peak hours or on one network type are P001 and P007.
//!
//! Example: `2026-03-04 21:13:05, 500.00, failed, 工商银行(9876), , 网络超时` gives "Network
//! failure: 1 failed top-up with 工商银行(9876)".
//!
//! Advice: check the wallet's bill and the card's statement before retrying, so nothing is paid
//! twice; then retry on a stable connection.

use super::failures::Wording;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "F007",
    slug: "network",
    severity: Severity::Low,
    summary: "timeout, connection lost, request not sent",
    source: include_str!("f007_network.rs"),
    check,
};

/// Title and advice templates (placeholders: see `failures::Wording`).
pub const WORDING: Wording = Wording {
    name: ["Network failure", "网络故障"],
    advice: &[
        [
            "Before retrying, check the bill in {wallet} and the statement of {card} for the {attempts} {times}: a timed-out top-up can still go through, and a retry would pay twice.",
            "重试前请先核对{wallet}账单和{card}的流水中 {times} 的 {attempts}：超时的充值仍可能成功，重复充值会付两次。",
        ],
        [
            "Then retry on a stable connection (good Wi-Fi or mobile signal); the error recorded was {raw}.",
            "然后在稳定的网络（良好的 Wi-Fi 或移动信号）下重试；记录的错误为{raw}。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::Network)
}
