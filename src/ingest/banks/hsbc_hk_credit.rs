//! HSBC Hong Kong (香港汇丰银行) credit card transactions, the CSV that 网上理财 exports:
//! `Transaction date,Post date,Description,Billing amount,Billing currency,Transaction status,
//! Merchant name,Country / region,Area / district,Credit / Debit`, day-first dates, amounts
//! negative for spending (`DEBIT`) and positive for repayments and returns (`CREDIT`), no heading:
//! the statement is `hsbc` (name the card in `[accounts]`). `Transaction status` says `POSTED`
//! for a booked row; a charge not yet posted (no post date yet) is read as pending, so it is not
//! reconciled as a settled debit.

use super::hsbc_hk_debit::DAY_FIRST;
use super::layout::{Amounts, BankLayout, CardKind};

pub static LAYOUT: BankLayout = BankLayout {
    name: "hsbc-hk-credit",
    description: "HSBC Hong Kong credit card transactions (CSV; day-first dates)",
    institution: "hsbc",
    card_kind: CardKind::Credit,
    signatures: &[&["Transaction date", "Post date", "Description", "Billing amount", "Billing currency"]],
    date: &["Transaction date", "Post date"],
    time: &[],
    amounts: Amounts::Signed(&["Billing amount"]),
    currency: &["Billing currency"],
    default_currency: "HKD",
    balance: &[],
    summary: &["Description"],
    counterparty: &["Merchant name"],
    details: &[],
    card_column: &[],
    preamble_card: &[],
    reference: &[],
    status: &["Transaction status"],
    date_formats: DAY_FIRST,
};
