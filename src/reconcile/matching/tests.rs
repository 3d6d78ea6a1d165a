//! The lazy matcher against the one that listed every edge of a pass (`reference`): the same
//! pairs and the same rivals on random claims and rows built to hit its corners: rows of three
//! precisions in two zones, wallets and none, foreign amounts, references, repeated statements,
//! many equal amounts close in time.

use super::reference::match_claims_reference;
use super::{Claim, Settings, Window, match_claims};
use crate::model::{Direction, Money, Precision, Side, SourceRef, Timestamp, Transaction};
use chrono::{Duration, FixedOffset, TimeZone};
use proptest::prelude::*;
use rust_decimal::Decimal;

const AMOUNTS: [i64; 4] = [10000, 10005, 9900, 5000];
const PROVIDERS: [Option<&str>; 3] = [None, Some("alipay"), Some("wechat")];

/// (minutes after the start, zone east of UTC in hours, precision 0..3).
fn moment(minutes: i64, zone: i32, precision: u8) -> Timestamp {
    let offset = FixedOffset::east_opt(zone * 3600).unwrap_or(FixedOffset::east_opt(0).unwrap());
    let start = offset.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let at = start + Duration::minutes(minutes) + Duration::seconds(minutes % 7 * 11);
    match precision {
        0 => Timestamp { at: offset.from_local_datetime(&at.date_naive().into()).unwrap(), precision: Precision::Day },
        1 => Timestamp { at: at - Duration::seconds(at.timestamp() % 60), precision: Precision::Minute },
        _ => Timestamp { at, precision: Precision::Second },
    }
}

fn money(amount: usize, usd: bool) -> Money {
    Money { amount: Decimal::new(AMOUNTS[amount % 4], 2), currency: if usd { "USD" } else { "CNY" }.into() }
}

type RowSpec = (i64, bool, u8, usize, usize, bool, usize, Option<usize>);

fn row(line: usize, (minutes, zone, precision, account, provider, usd, amount, extra): RowSpec) -> Transaction {
    let source = SourceRef { path: "bank.csv".into(), line };
    let time = moment(minutes, if zone { 8 } else { 0 }, precision);
    let account = ["icbc:1", "icbc:2"][account % 2];
    let mut tx = Transaction::new(source, Side::Bank, account, time, money(amount, usd), Direction::Out);
    tx.provider = PROVIDERS[provider % 3].map(str::to_string);
    match extra {
        Some(k) if k % 3 == 0 => tx.reference = Some(format!("R{}", k % 2)),
        Some(k) => tx.original = Some(money(k, !usd)),
        None => {}
    }
    tx
}

type ClaimSpec = (i64, u8, usize, bool, usize, Vec<usize>, u8, Option<usize>);

fn claim((minutes, precision, amount, usd, provider, accounts, rank, extra): ClaimSpec) -> Claim {
    let own = money(amount, usd);
    Claim {
        time: moment(minutes, 8, precision),
        amount: own.amount,
        currency: own.currency,
        provider: PROVIDERS[provider % 3].map(str::to_string),
        accounts: accounts.iter().map(|a| ["icbc:1", "icbc:2"][a % 2].to_string()).collect(),
        reference: extra.filter(|k| k % 3 == 0).map(|k| format!("R{}", k % 2)),
        rank: rank % 3,
        original: extra.filter(|k| k % 3 != 0).map(|k| money(k, !usd)),
    }
}

fn row_spec() -> impl Strategy<Value = RowSpec> {
    (
        0i64..4000,
        any::<bool>(),
        0u8..3,
        0usize..2,
        0usize..3,
        prop::bool::weighted(0.15),
        0usize..4,
        prop::option::weighted(0.3, 0usize..12),
    )
}

fn claim_spec() -> impl Strategy<Value = ClaimSpec> {
    (
        0i64..4000,
        0u8..3,
        0usize..4,
        prop::bool::weighted(0.15),
        0usize..3,
        prop::collection::vec(0usize..2, 1..3),
        0u8..3,
        prop::option::weighted(0.3, 0usize..12),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn same_pairs_as_listing_every_edge(
        rows in prop::collection::vec(row_spec(), 0..40),
        claims in prop::collection::vec(claim_spec(), 0..40),
        late in 0i64..4,
    ) {
        let txs: Vec<Transaction> = rows.into_iter().enumerate().map(|(i, r)| row(i + 2, r)).collect();
        let claims: Vec<Claim> = claims.into_iter().map(claim).collect();
        let candidates: Vec<usize> = (0..txs.len()).collect();
        let window = Window { before: Duration::minutes(15), after: Duration::days(late) };
        let settings = Settings::default();
        let new = match_claims(&claims, &txs, &candidates, Direction::Out, &window, &settings);
        let old = match_claims_reference(&claims, &txs, &candidates, Direction::Out, &window, &settings);
        prop_assert_eq!(new, old);
    }
}
