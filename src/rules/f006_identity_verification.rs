//! F006 identity-verification: verification failed (SMS code, PIN, face, real-name, SCA).
//!
//! What it detects: failed top-ups where a verification step failed: ISO 8583 `55`
//! (incorrect PIN), `75` and `38` (PIN tries exceeded), `1A` (strong customer authentication
//! required); gateway `authentication_required`, `incorrect_pin`, `pin_try_exceeded`; messages
//! such as `短信验证码错误`, `验证码超时`, `支付密码错误`, `人脸识别失败`, `实名认证`, `身份验证`,
//! `OTP`, `3D Secure`, `SCA`, `KYC`. A verification code that timed out or expired stays here
//! rather than counting as F007 or F003.
//!
//! Why it matters: a failed verification may be a typo or an SMS that never arrived, or it
//! may be someone else trying to pay with the card. Repeated failures lock the card or the
//! payment password, and money moving right after a run of them deserves a close look.
//!
//! Example: `2026-03-04 21:13:05, 500.00, failed, 工商银行(9876), , 短信验证码错误` gives
//! "Identity verification failed: 1 failed top-up with 工商银行(9876)".
//!
//! Advice: check that SMS codes reach the phone registered at the bank and that the wallet's
//! real-name details are complete; wait before retrying, and if the attempts were not yours,
//! change the payment password and contact the wallet.

use super::failures::Wording;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "F006",
    slug: "identity-verification",
    severity: Severity::Medium,
    summary: "verification failed (SMS code, PIN, face, real-name, SCA)",
    source: include_str!("f006_identity_verification.rs"),
    check,
};

/// Title and advice templates (placeholders: see `failures::Wording`).
pub const WORDING: Wording = Wording {
    name: ["Identity verification failed", "身份验证失败"],
    advice: &[
        [
            "Verification failed for {card} {times} ({raw}): check that SMS codes reach the phone number registered with the bank, and that your real-name details in {wallet} are complete.",
            "{card}验证失败（{times}），失败原因：{raw}。请确认短信验证码发送到了银行预留的手机号，并确认{wallet}中的实名信息完整。",
        ],
        [
            "Wait before retrying: more wrong codes or PINs can lock the card or your payment password. If these attempts were not yours, change your payment password and contact {support} at once.",
            "请稍后再试：继续输错验证码或密码可能导致银行卡或支付密码被锁定。如果这些充值不是您本人操作的，请立即修改支付密码并联系{support}。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::IdentityVerification, &WORDING)
}
