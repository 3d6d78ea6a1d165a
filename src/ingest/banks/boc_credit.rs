//! Bank of China credit card bill 信用卡账单 (the monthly e-mail's PDF, as CSV): a title
//! naming the bill's month (`中国银行信用卡账单(2025年01月)`), then
//! `交易日,银行记账日,卡号后四位,交易描述,存入,支出,币种`. Dates are `YYYY-MM-DD`, or `MM/DD` in
//! a reissued bill; newer conversions drop 币种; a main and a supplementary card share one bill.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "boc-credit",
    description: "Bank of China credit card bill 信用卡账单 (PDF converted to CSV)",
    institution: "boc",
    card_kind: CardKind::Credit,
    signatures: &[&["交易日", "银行记账日", "卡号后四位", "交易描述", "存入", "支出"]],
    date: &["交易日", "银行记账日"],
    time: &[],
    amounts: Amounts::Split { income: &["存入"], expense: &["支出"] },
    currency: &["币种"],
    default_currency: "CNY",
    balance: &[],
    summary: &["交易描述"],
    counterparty: &[],
    details: &[],
    card_column: &["卡号后四位"],
    preamble_card: &[],
    reference: &[],
    status: &[],
    date_formats: &[],
};
