//! F007 network: timeout, connection lost, request not sent.
//!
//! What it detects: failed top-ups that never got an answer: ISO 8583 `68` (response
//! received too late); the socket errors HTTP clients log (`ETIMEDOUT`, `ECONNRESET`,
//! `ECONNREFUSED`, `ECONNABORTED`, `EHOSTUNREACH`, `ENETUNREACH`, `EPIPE`, DNS `EAI_AGAIN`);
//! messages such as `网络超时`, `网络异常`, `连接失败`, `请求未发送`, `请求发送失败`, `信号
//! 弱`, `连接断开`, `timeout`, `timed out`, `connection`, `unreachable`, `no response`. Every
//! timeout counts here, a bank's too (`银行系统超时`), except a verification code that timed out
//! (F006).
//!
//! Why it matters: the request may or may not have reached the bank. A timed-out top-up can
//! still complete, or be debited without credit (see the R findings), and a blind retry can
//! pay twice.
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
            "重试前，请先在{wallet}账单和{card}的银行流水中核对这 {attempts}（{times}）：超时的充值仍可能已经成功，盲目重试可能重复扣款。",
        ],
        [
            "Then retry on a stable connection (good Wi-Fi or mobile signal); if it still times out, try another network or wait a while.",
            "确认未扣款后，再在网络稳定时（Wi-Fi 或移动信号良好）重试；如果仍然超时，请换一个网络或稍后再试。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::Network, &WORDING)
}
