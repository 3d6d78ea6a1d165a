//! China Construction Bank (建设银行) debit card 账户明细 export (`.xls`, or CSV re-saved):
//! `记账日,交易日期,交易时间,支出,收入,账户余额,币种,摘要,对方账号,对方户名,交易地点`.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "ccb-debit",
    description: "China Construction Bank debit card 账户明细 (XLS or CSV)",
    institution: "ccb",
    card_kind: CardKind::Debit,
    signatures: &[&["记账日", "交易日期", "支出", "收入", "账户余额"]],
    date: &["交易日期", "记账日"],
    time: &["交易时间"],
    amounts: Amounts::Split { income: &["收入"], expense: &["支出"] },
    currency: &["币种"],
    default_currency: "CNY",
    balance: &["账户余额"],
    summary: &["摘要"],
    counterparty: &["对方户名"],
    details: &["交易地点"],
    card_column: &[],
    preamble_card: &["卡号", "账号"],
    reference: &[],
    status: &[],
    date_formats: &[],
};
