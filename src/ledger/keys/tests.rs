//! The keys equate exactly the rows whose strings are equal: the fingerprint for `dedup`, the
//! loose string for `loose`.

use super::{Fast, dedup, loose};
use crate::model::{Direction, Money, Precision, Side, SourceRef, Status, Timestamp, Transaction};
use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::hash::BuildHasher;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn at(rfc3339: &str, precision: Precision) -> Timestamp {
    Timestamp { at: DateTime::<FixedOffset>::parse_from_rfc3339(rfc3339).unwrap(), precision }
}

fn row(amount: &str) -> Transaction {
    let source = SourceRef { path: "a.csv".into(), line: 2 };
    let time = at("2026-03-04T21:13:00+08:00", Precision::Second);
    let mut t = Transaction::new(source, Side::Bank, "icbc:9876", time, Money::new(d(amount), "CNY"), Direction::Out);
    t.counterparty = Some("财付通".into());
    t
}

fn loose_text(t: &Transaction) -> String {
    format!("{}|{}|{}|{:?}", t.account, t.time.at.date_naive(), t.money, t.direction)
}

/// The key's verdict agrees with the strings', and equal keys hash alike (with the ledger's hasher).
fn agrees(a: &Transaction, b: &Transaction) -> Result<(), String> {
    let state = Fast::default();
    let (ka, kb) = (dedup(a), dedup(b));
    let by_string = a.fingerprint() == b.fingerprint();
    if (ka == kb) != by_string {
        return Err(format!("dedup: key {} but fingerprint {by_string}:\n{a:?}\n{b:?}", ka == kb));
    }
    if ka == kb && state.hash_one(&ka) != state.hash_one(&kb) {
        return Err(format!("equal dedup keys hash apart:\n{a:?}\n{b:?}"));
    }
    let (la, lb) = (loose(a), loose(b));
    let by_string = a.side == Side::Bank && b.side == Side::Bank && loose_text(a) == loose_text(b);
    let by_key = la.is_some() && la == lb;
    if by_key != by_string {
        return Err(format!("loose: key {by_key} but string {by_string}:\n{a:?}\n{b:?}"));
    }
    if by_key && state.hash_one(&la) != state.hash_one(&lb) {
        return Err(format!("equal loose keys hash apart:\n{a:?}\n{b:?}"));
    }
    Ok(())
}

fn pair(edit: impl Fn(&mut Transaction, &mut Transaction)) -> (Transaction, Transaction) {
    let (mut a, mut b) = (row("500"), row("500"));
    edit(&mut a, &mut b);
    (a, b)
}

#[test]
fn the_tricky_pairs_are_told_apart_as_the_fingerprint_does() {
    let same = [
        pair(|_, b| b.money.amount = d("500.00")),
        pair(|_, b| b.time = at("2026-03-04T14:13:00+01:00", Precision::Second)),
        pair(|a, b| {
            a.balance = Some(d("12.5"));
            b.balance = Some(d("12.500"));
        }),
        pair(|a, b| {
            a.reference = Some("R1".into());
            b.reference = Some("R1".into());
            b.status = Status::Pending;
            b.counterparty = None;
        }),
        pair(|_, b| b.description = Some("another layout's words".into())),
    ];
    let (mut none, mut empty) = pair(|_, _| {});
    none.counterparty = None;
    empty.counterparty = Some(String::new());
    for (a, b) in same.iter().chain([&(none, empty)]) {
        assert_eq!(a.fingerprint(), b.fingerprint(), "the fixture pair should print alike");
        assert!(dedup(a) == dedup(b), "{a:?}\n{b:?}");
    }
    let apart = [
        pair(|_, b| b.money.amount = d("500.01")),
        pair(|_, b| b.status = Status::Pending),
        pair(|_, b| b.time = at("2026-03-04T21:13:00+08:00", Precision::Minute)),
        pair(|_, b| b.time = at("2026-03-04T21:13:01+08:00", Precision::Second)),
        pair(|_, b| b.balance = Some(d("1"))),
        pair(|_, b| b.reference = Some("R1".into())),
        pair(|a, b| {
            a.reference = Some("R1".into());
            b.reference = Some("R2".into());
        }),
        pair(|_, b| b.money.currency = "USD".into()),
        pair(|_, b| b.direction = Direction::In),
        pair(|_, b| b.side = Side::Wallet),
    ];
    for (a, b) in &apart {
        assert_ne!(a.fingerprint(), b.fingerprint(), "the fixture pair should print apart");
        assert!(dedup(a) != dedup(b), "{a:?}\n{b:?}");
    }
    for (a, b) in same.iter().chain(&apart) {
        agrees(a, b).unwrap();
    }
}

/// Fields whose `|` or `ref:` make two rows' strings run together: the key says what the
/// string says (the pair is one row to the ledger, as it was).
#[test]
fn rows_whose_strings_run_together_stay_one_row() {
    let (mut a, mut b) = pair(|_, _| {});
    a.reference = Some("x|1.00|Success".into());
    b.counterparty = Some("ref:x".into());
    b.balance = Some(d("1"));
    assert_eq!(a.fingerprint(), b.fingerprint());
    agrees(&a, &b).unwrap();
    assert!(dedup(&a) == dedup(&b));
}

fn pick<T: Clone + std::fmt::Debug + 'static>(options: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(options)
}

prop_compose! {
    fn any_row()(
        side in pick(&[Side::Bank, Side::Wallet]),
        account in pick(&["icbc:9876", "icbc", "icbc|1", "9876"]),
        time in pick(&["2026-03-04T21:13:00+08:00", "2026-03-04T14:13:00+01:00", "2026-03-04T21:13:00.5+08:00",
            "2026-03-05T00:30:00+08:00", "2026-03-04T16:30:00+00:00"]),
        precision in pick(&[Precision::Second, Precision::Day]),
        amount in pick(&["500", "500.00", "500.001", "0", "-0.00", "12.5"]),
        currency in pick(&["CNY", "USD", "C|NY", "CNY In"]),
        direction in pick(&[Direction::In, Direction::Out]),
        reference in pick(&[None, Some("R1"), Some(""), Some("R|1"), Some("x|1.00|Success"), Some("x||Success")]),
        counterparty in pick(&[None, Some(""), Some("x"), Some("ref:x"), Some("ref:R1"), Some("x|1.00")]),
        balance in pick(&[None, Some("1"), Some("1.00"), Some("0"), Some("-0")]),
        status in pick(&[Status::Success, Status::Pending]),
    ) -> Transaction {
        let mut t = row(amount);
        t.side = side;
        t.account = account.into();
        t.time = at(time, precision);
        t.money.currency = currency.into();
        t.direction = direction;
        t.reference = reference.map(Into::into);
        t.counterparty = counterparty.map(Into::into);
        t.balance = balance.map(d);
        t.status = status;
        t
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    /// Over rows drawn from values that print alike or nearly so, the keys equate a pair exactly
    /// when its strings are equal.
    #[test]
    fn keys_equate_exactly_the_rows_their_strings_equate(a in any_row(), b in any_row()) {
        agrees(&a, &b).map_err(TestCaseError::fail)?;
    }

    /// The same with the second row a copy of the first with one part changed, so that the
    /// pairs that agree on everything else are common.
    #[test]
    fn keys_agree_on_near_copies(a in any_row(), b in any_row(), part in 0usize..9) {
        let mut c = a.clone();
        match part {
            0 => c.money = b.money.clone(),
            1 => c.time = b.time,
            2 => c.reference = b.reference.clone(),
            3 => c.counterparty = b.counterparty.clone(),
            4 => c.balance = b.balance,
            5 => c.status = b.status,
            6 => c.account = b.account.clone(),
            7 => { c.reference = b.reference.clone(); c.counterparty = b.counterparty.clone() }
            _ => c.money.amount = b.money.amount,
        }
        agrees(&a, &c).map_err(TestCaseError::fail)?;
    }
}
