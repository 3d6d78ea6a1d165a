//! The activity frame and the shared queries, on fixtures and on hand-built frames.

use super::*;
use crate::ingest::{self, IngestOptions};
use crate::model::CHINA_ZONE;
use crate::reconcile::{Settings as ReconcileSettings, reconcile};

fn analyse(fixture: &str) -> (Ledger, Reconciliation, Analysis) {
    let opts = IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None };
    let paths = [std::path::PathBuf::from(format!("tests/fixtures/rules/{fixture}"))];
    let ledger = Ledger::build(ingest::load(&paths, &opts).expect("fixture reads"));
    let recon = reconcile(&ledger, &ReconcileSettings::default());
    let analysis = Analysis::new(&ledger, &recon, Settings::default()).expect("frame builds");
    (ledger, recon, analysis)
}

#[test]
fn the_frame_has_one_row_per_transaction_and_one_speaking_row_per_top_up() {
    let (ledger, recon, analysis) = analyse("S006");
    assert_eq!(analysis.frame.height(), ledger.transactions.len());
    assert_eq!(indices(&analysis.frame, col::ROW), (0..ledger.transactions.len()).collect::<Vec<_>>());
    let speaking =
        indices(&analysis.frame.clone().lazy().filter(col(col::TOP_UP).is_not_null()).collect().unwrap(), col::TOP_UP);
    assert_eq!(speaking.len(), recon.top_ups.len());
    // The three WeChat payments are the only outgoing activity; attempts never are.
    let outgoing = analysis.outgoing().collect().unwrap();
    assert_eq!(strings(&outgoing, col::SIDE), vec![Some("wallet".to_string()); 3]);
    let failed = analysis.failures(&["identity-verification"]).collect().unwrap();
    assert_eq!(failed.height(), 5);
    assert!(analysis.failures(&["network"]).collect().unwrap().height() == 0);
}

#[test]
fn a_card_is_its_statement_account_whatever_the_wallet_calls_it() {
    let (_, _, analysis) = analyse("P003");
    let cards = strings(&analysis.attempts().collect().unwrap(), col::CARD);
    assert!(
        cards.iter().all(|c| c
            .as_deref()
            .is_some_and(|c| ["icbc:", "cmb:", "ccb:", "bocom:"].iter().any(|b| c.starts_with(b)))),
        "{cards:?}"
    );
}

fn frame(rows: &[(u32, i64, &str)]) -> LazyFrame {
    let columns = vec![
        Column::new(col::ROW.into(), rows.iter().map(|r| r.0).collect::<Vec<_>>()),
        Column::new(col::AT.into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
        Column::new(col::PROVIDER.into(), rows.iter().map(|r| r.2).collect::<Vec<_>>()),
        Column::new(col::CARD.into(), rows.iter().map(|r| format!("card{}", r.0 % 2)).collect::<Vec<_>>()),
        Column::new(col::COUNTERPARTY.into(), rows.iter().map(|_| "x").collect::<Vec<_>>()),
    ];
    DataFrame::new(rows.len(), columns).unwrap().lazy()
}

#[test]
fn clusters_split_at_gaps_and_never_span_two_groups() {
    let rows = [(0, 0, "a"), (1, 50, "a"), (2, 200, "a"), (3, 60, "b"), (4, 100, "b"), (5, 110, "a")];
    let out = bursts(frame(&rows), &[col::PROVIDER], 60).unwrap().collect().unwrap();
    let groups = grouped(&out, CLUSTER);
    assert_eq!(groups, vec![vec![0, 1, 5], vec![2], vec![3, 4]]);
    // Per-cluster figures ride on every row: sizes 3, 3, 3, 1, 2, 2 in (provider, time) order.
    assert_eq!(counts(&out, "size"), vec![3, 3, 3, 1, 2, 2]);
    assert_eq!(counts(&out, "cards"), vec![2, 2, 2, 1, 2, 2]);
    let whole = bursts(frame(&rows), &[], 60).unwrap().collect().unwrap();
    assert_eq!(grouped(&whole, CLUSTER), vec![vec![0, 1, 3, 4, 5], vec![2]]);
}

#[test]
fn availability_counts_what_optional_columns_hold() {
    let (_, _, analysis) = analyse("P006");
    let a = analysis.availability();
    assert_eq!((a.timed_attempts, a.app_versions, a.networks), (60, 60, 60));
    assert_eq!(a.max_outgoing, 0);
    let a = Analysis::empty().availability();
    assert_eq!(a.timed_attempts, 0);
}
