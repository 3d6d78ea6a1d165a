//! ICBC credit card 明细查询文件下载 (CSV from online banking, like the debit card's):
//! `交易日期,记账日期,摘要,交易场所,交易国家或地区简称,交易金额(收入),交易金额(支出),交易币种,
//! 记账金额(收入),记账金额(支出),记账币种,余额,对方户名`; the running 余额 is what is owed, so it
//! is negative and falls with every purchase.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "icbc-credit",
    description: "ICBC credit card statement 明细查询文件下载 (CSV, UTF-8 or GBK)",
    institution: "icbc",
    card_kind: CardKind::Credit,
    // 记账日期 is what the debit card's export lacks: four cells against icbc-debit's three.
    signatures: &[
        &["交易日期", "记账日期", "摘要", "记账金额(支出)"],
        &["交易日期", "记账日期", "摘要", "记账金额（支出）"],
    ],
    date: &["交易日期", "记账日期"],
    time: &[],
    // The booked amount, in the card's currency; 交易金额 is in the currency paid abroad.
    amounts: Amounts::Split { income: &["记账金额(收入)"], expense: &["记账金额(支出)"] },
    currency: &["记账币种", "交易币种"],
    default_currency: "CNY",
    balance: &["余额"],
    summary: &["摘要"],
    counterparty: &["对方户名"],
    details: &["交易场所"],
    card_column: &[],
    preamble_card: &["卡号"],
    reference: &[],
    status: &[],
    date_formats: &[],
};
