//! HSBC Hong Kong (香港汇丰银行) account history, the CSV that 网上理财 exports:
//! `Date,Description,Billing amount,Billing currency,Balance,Balance currency`, day-first dates
//! (`24/03/2026`), signed amounts quoted with a TAB after the closing quote (`"-1,099.14"\t`),
//! newest first, and no heading: the statement is `hsbc` (name the card in `[accounts]`).

use super::layout::{Amounts, BankLayout, CardKind};

/// Day first, as Hong Kong writes dates; the month as a word where a statement spells it.
pub const DAY_FIRST: &[&str] = &["%d/%m/%Y", "%d %b %Y"];

pub static LAYOUT: BankLayout = BankLayout {
    name: "hsbc-hk-debit",
    description: "HSBC Hong Kong account history (CSV; day-first dates, HKD)",
    institution: "hsbc",
    card_kind: CardKind::Debit,
    signatures: &[&["Date", "Description", "Billing amount", "Billing currency", "Balance"]],
    date: &["Date"],
    time: &[],
    amounts: Amounts::Signed(&["Billing amount"]),
    currency: &["Billing currency"],
    default_currency: "HKD",
    balance: &["Balance"],
    summary: &["Description"],
    counterparty: &[],
    details: &[],
    card_column: &[],
    preamble_card: &[],
    reference: &[],
    // No status column: the account history lists what is booked, each entry with its balance.
    status: &[],
    date_formats: DAY_FIRST,
};
