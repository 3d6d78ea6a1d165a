//! Bank of Communications (交通银行) credit card bill, as CSV (bill-file-converter, from the
//! 买单吧 app's 账单补发 e-mail): `交易日期,记账日期,交易说明,交易币种/金额,入账币种/金额`, each
//! amount with its currency in one cell (`CNY 123.18`, `CNY34.26`) and unsigned: the first word
//! of 交易说明 says which way (`消费 支付宝-…` is spending; `退货 …`, `信用卡还款 …`, `红包还款 …`,
//! `刷卡金返还 …` come back). The monthly bill's own table adds `卡末四位` and writes `MM/DD`
//! dates, whose year a kept title (`2026年10月`) gives.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "bocom-credit",
    description: "Bank of Communications credit card bill (CSV; currency and amount in one cell)",
    institution: "bocom",
    card_kind: CardKind::Credit,
    signatures: &[&["交易日期", "记账日期", "交易说明", "交易币种/金额", "入账币种/金额"]],
    date: &["交易日期", "记账日期"],
    time: &[],
    // The booked amount, in the card's currency; the first is what was paid, abroad perhaps.
    amounts: Amounts::Worded {
        amount: &["入账币种/金额", "交易币种/金额"],
        incoming: &["退货", "退款", "还款", "返还", "返现", "冲正", "撤销"],
    },
    currency: &[],
    default_currency: "CNY",
    balance: &[],
    summary: &["交易说明"],
    counterparty: &[],
    details: &[],
    card_column: &["卡末四位"],
    preamble_card: &["卡号"],
    reference: &[],
    status: &[],
    date_formats: &[],
};
