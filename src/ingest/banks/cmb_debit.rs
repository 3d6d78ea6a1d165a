//! China Merchants Bank (招商银行) debit card 交易流水 (the app's 流水打印 PDF, as CSV):
//! `记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要`, one signed amount (negative is
//! money out), oldest first. The PDF's heading (`账号：6214 **** **** 1234`) names the card
//! when a conversion keeps it.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "cmb-debit",
    description: "China Merchants Bank debit card 交易流水 (流水打印 PDF converted to CSV)",
    institution: "cmb",
    card_kind: CardKind::Debit,
    // 客户摘要 is left out: the simplified export lacks it.
    signatures: &[&["记账日期", "货币", "交易金额", "联机余额", "交易摘要"]],
    date: &["记账日期"],
    time: &[],
    amounts: Amounts::Signed(&["交易金额"]),
    currency: &["货币"],
    default_currency: "CNY",
    balance: &["联机余额"],
    summary: &["交易摘要"],
    counterparty: &["对手信息"],
    details: &["客户摘要"],
    card_column: &[],
    preamble_card: &["账号", "卡号"],
    reference: &[],
    status: &[],
    date_formats: &[],
};
