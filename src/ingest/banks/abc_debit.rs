//! Agricultural Bank of China (农业银行) debit card 交易明细 (the app's 明细查询 export PDF, as
//! CSV): `交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言`.
//! Dates `20260901`, times `093015` or `09:30:15` (or none), amounts signed with `+`/`-`,
//! `--` for no counterparty.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "abc-debit",
    description: "Agricultural Bank of China debit card 交易明细 (PDF converted to CSV)",
    institution: "abc",
    card_kind: CardKind::Debit,
    // `日 志 号` is written with spaces (newer conversions: `日志号`): not a signature cell.
    signatures: &[&["交易日期", "交易时间", "交易摘要", "交易金额", "本次余额"]],
    date: &["交易日期"],
    time: &["交易时间"],
    amounts: Amounts::Signed(&["交易金额"]),
    currency: &[],
    default_currency: "CNY",
    balance: &["本次余额"],
    summary: &["交易摘要"],
    counterparty: &["对手信息"],
    details: &["交易附言", "交易渠道"],
    card_column: &[],
    preamble_card: &["账号", "卡号", "账户"],
    // Looked up with spaces removed from the header (`日 志 号`).
    reference: &["日志号"],
    status: &[],
    date_formats: &[],
};
