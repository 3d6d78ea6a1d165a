//! China CITIC Bank (中信银行) credit card bill download (`.xls`, 信用卡官网 账单查询 → 账单下载):
//! a title row, then the header naming `交易日期`, `入账日期`, `交易描述` (`支付宝－商户`, with a
//! full-width dash), `卡末四位` and `交易金额`, positive for spending and negative for
//! repayments, refunds and rewards; `YYYY-MM-DD` dates, newest first.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "citic-credit",
    description: "China CITIC Bank credit card bill (XLS download)",
    institution: "citic",
    card_kind: CardKind::Credit,
    signatures: &[&["交易日期", "入账日期", "交易描述", "卡末四位", "交易金额"]],
    date: &["交易日期", "入账日期"],
    time: &[],
    amounts: Amounts::CardSigned(&["交易金额"]),
    currency: &["交易币种", "交易货币", "记账币种", "结算币种"],
    default_currency: "CNY",
    balance: &[],
    summary: &["交易描述"],
    counterparty: &[],
    details: &[],
    card_column: &["卡末四位"],
    preamble_card: &["卡号"],
    reference: &[],
    status: &[],
    date_formats: &[],
};
