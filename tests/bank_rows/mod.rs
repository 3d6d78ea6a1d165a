//! What the bank-layout tests (ingest_banks_cn.rs, ingest_banks_more.rs) share: loading a
//! fixture with every row accounted for, and the part of a bank row a user checks.
#![allow(dead_code)] // each test file uses its own part of it

use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;
use wallet_audit::ingest::{self, IngestOptions, Ingested};
use wallet_audit::model::{CHINA_ZONE, Direction, Kind, Transaction};

pub fn opts() -> IngestOptions {
    IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None }
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal literal")
}

/// Loads one fixture and checks that every row is a transaction: none rejected, none lost.
pub fn load_clean(path: &Path, format: &str, account: &str, rows: usize) -> Ingested {
    let name = path.display();
    let ing = ingest::load(&[path.to_path_buf()], &opts()).expect("fixture loads");
    let reasons: Vec<&str> = ing.rejected.iter().map(|r| r.reason.as_str()).collect();
    let [input] = ing.inputs.as_slice() else { panic!("one input, got {}", ing.inputs.len()) };
    assert_eq!((input.format.as_str(), input.account.as_str()), (format, account), "{name}");
    assert_eq!((input.rows, input.transactions, input.duplicates, input.rejected), (rows, rows, 0, 0), "{reasons:?}");
    ing
}

/// What a user checks of a bank row.
#[derive(Debug, PartialEq)]
pub struct Seen<'a> {
    pub kind: Kind,
    pub direction: Direction,
    pub amount: Decimal,
    pub currency: &'a str,
    pub card: Option<&'a str>,
    pub balance: Option<Decimal>,
    pub provider: Option<&'a str>,
}

pub fn seen(t: &Transaction) -> Seen<'_> {
    Seen {
        kind: t.kind,
        direction: t.direction,
        amount: t.money.amount,
        currency: &t.money.currency,
        card: t.card_last4.as_deref(),
        balance: t.balance,
        provider: t.provider.as_deref(),
    }
}

pub fn want<'a>(
    kind: Kind,
    direction: Direction,
    amount: &str,
    currency: &'a str,
    card: Option<&'a str>,
    balance: Option<&str>,
    provider: Option<&'a str>,
) -> Seen<'a> {
    Seen { kind, direction, amount: dec(amount), currency, card, balance: balance.map(dec), provider }
}
