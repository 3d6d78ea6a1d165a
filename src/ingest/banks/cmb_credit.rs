//! China Merchants Bank credit card bill (掌上生活 账单补寄 PDF, as CSV): a title naming the
//! bill's month (`招商银行信用卡对账单（个人消费卡账户 2024年01月）`), then
//! `交易日,记账日,交易摘要,人民币金额,卡号末四位,交易地金额`. Dates are `MM/DD` without a year;
//! a repayment has no 交易日; 人民币金额 is positive for spending, negative for repayments and
//! refunds.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "cmb-credit",
    description: "China Merchants Bank credit card bill 对账单 (PDF converted to CSV; MM/DD dates)",
    institution: "cmb",
    card_kind: CardKind::Credit,
    signatures: &[&["交易日", "记账日", "交易摘要", "人民币金额", "卡号末四位"]],
    date: &["交易日", "记账日"],
    time: &[],
    amounts: Amounts::CardSigned(&["人民币金额"]),
    currency: &[],
    default_currency: "CNY",
    balance: &[],
    summary: &["交易摘要"],
    counterparty: &[],
    details: &[],
    card_column: &["卡号末四位"],
    preamble_card: &[],
    reference: &[],
    status: &[],
    date_formats: &[],
};
