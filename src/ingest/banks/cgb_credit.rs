//! China Guangfa Bank (广发银行) credit card bill, the PDF as CSV (bill-file-converter):
//! `交易日期,入账日期,交易摘要,交易金额,交易货币,入账金额,入账货币`, `YYYY/MM/DD` dates, the
//! currency by name (`人民币`), positive amounts for spending and instalments, negative for
//! refunds and repayments (`（还款）云闪付 银联入账-…`).

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "cgb-credit",
    description: "China Guangfa Bank credit card bill (PDF converted to CSV)",
    institution: "cgb",
    card_kind: CardKind::Credit,
    signatures: &[&["交易日期", "入账日期", "交易摘要", "交易金额", "交易货币", "入账金额", "入账货币"]],
    date: &["交易日期", "入账日期"],
    time: &[],
    // The booked amount and currency; 交易金额 is what was paid, abroad perhaps.
    amounts: Amounts::CardSigned(&["入账金额", "交易金额"]),
    currency: &["入账货币", "交易货币"],
    default_currency: "CNY",
    balance: &[],
    summary: &["交易摘要"],
    counterparty: &[],
    details: &[],
    card_column: &[],
    // The converter keeps no heading; a heading kept by hand names the card.
    preamble_card: &["卡号"],
    reference: &[],
    status: &[],
    date_formats: &[],
};
