//! Shanghai Pudong Development Bank (浦发银行) debit card 交易明细 (`.xls`, 个人网银 download): a
//! title, the account line, a blank row, then `交易序号,交易日期,交易摘要,存入金额,取出金额,余额,
//! 对方户名,对方账号,附言`, the date and time in one cell (`2026/09/03  14:06:51`), and a closing
//! `合计` row.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "spdb-debit",
    description: "Shanghai Pudong Development Bank debit card 交易明细 (XLS download)",
    institution: "spdb",
    card_kind: CardKind::Debit,
    signatures: &[&["交易日期", "交易摘要", "存入金额", "取出金额", "余额"]],
    date: &["交易日期", "交易时间"],
    time: &[],
    amounts: Amounts::Split { income: &["存入金额"], expense: &["取出金额"] },
    currency: &["币种"],
    default_currency: "CNY",
    balance: &["余额", "账户余额"],
    summary: &["交易摘要"],
    counterparty: &["对方户名"],
    details: &["附言"],
    card_column: &[],
    preamble_card: &["账号", "卡号"],
    reference: &[],
    status: &[],
    date_formats: &[],
};
