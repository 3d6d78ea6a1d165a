//! F004 card-binding: binding or card data wrong (number, name, phone, CVV mismatch).
//!
//! What it detects: failed top-ups where the card data the wallet holds does not match the
//! bank's: ISO 8583 `14` (invalid card number), `15` (no such issuer), `56` (no card record),
//! `N7` (CVV2 failure); gateway `incorrect_number`, `incorrect_cvc`, `invalid_expiry_month`,
//! `invalid_expiry_year`, `incorrect_zip`; messages such as `银行预留手机号不一致`, `卡号错误`,
//! `户名不符`, `姓名不一致`, `身份信息不一致`, `安全码错误`, `有效期错误`, `绑定关系已失效`,
//! `CVV`, `mismatch`, `does not match`.
//!
//! Why it matters: no retry can succeed while the data is wrong, and repeated wrong numbers or
//! CVVs look like card testing to the issuer, which may then block the card.
//!
//! Example: `2026-03-04 21:13:05, 500.00, failed, 建设银行(4321), , 银行预留手机号不一致` gives
//! "Card binding wrong: 1 failed top-up with 建设银行(4321)".
//!
//! Advice: re-bind the card in the wallet, checking the card number, the holder's name and ID
//! number, the phone number registered with the bank and, for a credit card, the expiry date
//! and CVV; if all match, ask the bank which name and phone number it holds.

use super::failures::Wording;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "F004",
    slug: "card-binding",
    severity: Severity::Medium,
    summary: "binding or card data wrong (number, name, phone, CVV mismatch)",
    source: include_str!("f004_card_binding.rs"),
    check,
};

/// Title and advice templates (placeholders: see `failures::Wording`).
pub const WORDING: Wording = Wording {
    name: ["Card binding wrong", "绑卡信息有误"],
    advice: &[
        [
            "{attempts} from {card} failed {times} with {raw}. Re-bind the card in {wallet}, checking the card number, the holder's name and ID number, the phone number registered with the bank and, for a credit card, the expiry date and CVV.",
            "{card}有 {attempts}失败（{times}），失败原因：{raw}。请在{wallet}中重新绑定该卡，并核对卡号、持卡人姓名、证件号码和银行预留手机号（信用卡还需核对有效期和安全码）。",
        ],
        [
            "If everything matches, ask {bank} which name and phone number it holds for {card}; if they are out of date, update them with the bank first (in its app or at a branch), then bind the card again.",
            "如果信息都无误，请向{bank}查询{card}登记的姓名和预留手机号；如有变更，请先通过手机银行或网点更新，再重新绑卡。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::CardBinding, &WORDING)
}
