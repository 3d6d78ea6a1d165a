//! Bank of China (中国银行) debit card 交易流水明细单 (the app's 交易流水打印 PDF, as CSV):
//! `记账日期,记账时间,币别,金额,余额,交易名称,渠道,网点名称,附言,对方账户名,对方卡号/账号,
//! 对方开户行,借记卡号`, newest first, one signed amount; dashes fill empty cells; older
//! conversions end each row with the card's last four digits (借记卡号), newer ones leave it out.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "boc-debit",
    description: "Bank of China debit card 交易流水明细单 (PDF converted to CSV)",
    institution: "boc",
    card_kind: CardKind::Debit,
    signatures: &[&["记账日期", "记账时间", "币别", "金额", "余额", "交易名称"]],
    date: &["记账日期"],
    time: &["记账时间"],
    amounts: Amounts::Signed(&["金额"]),
    currency: &["币别"],
    default_currency: "CNY",
    balance: &["余额"],
    summary: &["交易名称"],
    counterparty: &["对方账户名"],
    details: &["附言", "渠道", "网点名称"],
    card_column: &["借记卡号"],
    preamble_card: &["借记卡号", "卡号", "账号"],
    reference: &[],
    status: &[],
    date_formats: &[],
};
