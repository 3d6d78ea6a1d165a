//! Bank of Communications (交通银行) debit card statements, two exports. The app's 交易明细 PDF
//! (导出交易明细, every detail switched on) as CSV, e.g. by bill-file-converter:
//! `序号,交易日期,交易时间,交易类型,借贷,交易金额,余额,对方账号,对方户名,交易地点,摘要`, an
//! unsigned amount with `借 Dr` / `贷 Cr` saying which way. And the 个人网银 download
//! `交通银行银行卡交易明细查询表` (`.xls`): the card on the line under the title (`银行卡号：…
//! 姓名：…`), then `记账日期,交易时间,交易地点,交易方式,支出金额,收入金额,余额,对方户名,对方账户,
//! 对方开户行,摘要`, its 交易时间 holding the date and time and `--` in the amount not taken.

use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "bocom-debit",
    description: "Bank of Communications debit card 交易明细 (the app's PDF converted to CSV; 借贷 column)",
    institution: "bocom",
    card_kind: CardKind::Debit,
    signatures: &[&["序号", "交易日期", "交易时间", "借贷", "交易金额", "余额"]],
    date: &["交易日期"],
    time: &["交易时间"],
    amounts: Amounts::Flagged { amount: &["交易金额"], flag: &["借贷"] },
    currency: &["币种"],
    default_currency: "CNY",
    balance: &["余额"],
    summary: &["交易类型"],
    counterparty: &["对方户名"],
    // 交易地点 names the payment company for online payments (网银在线（北京）科技有限公司).
    details: &["摘要", "交易地点"],
    card_column: &[],
    // The converter keeps no heading; a heading kept by hand names the card.
    preamble_card: &["卡号", "账号"],
    reference: &[],
    status: &[],
    date_formats: &[],
};

pub static NETBANK: BankLayout = BankLayout {
    name: "bocom-debit-xls",
    description: "Bank of Communications debit card 交易明细查询表 (个人网银 XLS download)",
    institution: "bocom",
    card_kind: CardKind::Debit,
    signatures: &[&["记账日期", "交易时间", "交易地点", "支出金额", "收入金额", "余额"]],
    date: &["记账日期"],
    // The date and time of the transaction; 记账日期 is when it was booked.
    time: &["交易时间"],
    amounts: Amounts::Split { income: &["收入金额"], expense: &["支出金额"] },
    currency: &[],
    default_currency: "CNY",
    balance: &["余额"],
    summary: &["交易方式"],
    counterparty: &["对方户名"],
    details: &["摘要", "交易地点"],
    card_column: &[],
    preamble_card: &["银行卡号", "卡号"],
    reference: &[],
    status: &[],
    date_formats: &[],
};
